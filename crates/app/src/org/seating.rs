//! Today's seating: which staff member sits at which window on a business day.

use domain::Invalid;
use domain::access::Permission;

use crate::support::audit::record;
use crate::{Actor, App, AppError, Result};

/// Seats a staff member at a window for today (replacing whoever sat there), or with no staff
/// leaves the window empty today.
pub async fn seat_today(app: &App, actor: &Actor, window_id: i64, staff_id: Option<i64>) -> Result<()> {
    let mut tx = app.write().await?;
    let w = store::org::get_window(&mut tx, window_id).await?;
    actor.require(Permission::ManageSites, &w.org_path, None, "安排该窗口的人员")?;
    let today = app.clock.today();
    let now = app.clock.now();
    let before = store::org::list_site_seats(&mut tx, w.site_id, today).await?.into_iter().find(|s| s.window_id == window_id);
    match staff_id {
        Some(sid) => {
            let st = store::org::find_staff(&mut tx, sid).await?.ok_or_else(|| Invalid::one("staff_id", "所选工作人员不存在"))?;
            actor.require(Permission::ViewOrg, &st.org_path, None, "安排该工作人员")?;
            if !st.active {
                return Err(Invalid::one("staff_id", format!("{} 已停用，不能安排上岗", st.name)).into());
            }
            store::org::seat_staff(&mut tx, today, sid, &w, now).await?;
        }
        None => store::org::unseat_window(&mut tx, today, window_id).await?,
    }
    let after = store::org::list_site_seats(&mut tx, w.site_id, today).await?.into_iter().find(|s| s.window_id == window_id);
    record(app, &mut tx, actor, "seat", "window", window_id, &w.org_path, before.as_ref(), after.as_ref()).await?;
    app.commit_network(tx).await?;
    // Sessions carry the seat (window_id); let them pick up the change now.
    app.caches.auth.clear();
    Ok(())
}

/// The window `actor` is seated at today, if any.
pub(crate) async fn seat_window(app: &App, tx: &mut store::Tx, actor: &Actor) -> Result<Option<i64>> {
    Ok(match actor.staff_id {
        Some(s) => store::org::find_staff_seat(tx, s, app.clock.today()).await?.map(|x| x.window_id),
        None => None,
    })
}

/// Whether the caller may take cases in at window `w`: it is their seat today (`seat`), or they
/// manage its hall (a hall manager covering a window). The one rule for every channel.
pub(crate) fn may_take_in_at(actor: &Actor, seat: Option<i64>, w: &store::org::WindowRow) -> Result<()> {
    let takes_in = actor.can(Permission::IntakeCases, &w.org_path, None);
    let manages = actor.can(Permission::ManageQueue, &w.org_path, None);
    if takes_in && (seat == Some(w.id) || manages) {
        return Ok(());
    }
    if !actor.can(Permission::ViewCases, &w.org_path, None) {
        return Err(AppError::forbidden("在该窗口受理办件"));
    }
    Err(AppError::Forbidden(format!("您今天不在 {} 号窗口，不能在该窗口受理办件", w.number)))
}
