//! Who may grant what (X3): every (granting role × granted role × scope) cell through the real use
//! case, self-grants, and the last system administrator.

use app::AppError;
use domain::access::Role;
use testkit::each_backend;

use crate::common::{actor, assert_forbidden, grant_input, system, user_with_role, world};

#[tokio::test]
async fn every_granting_role_grants_exactly_its_table_within_its_subtree() {
    each_backend(|t| async move {
        let w = world(&t).await;
        // The account that receives grants lives in the village below town 1.
        let target = app::accounts::create_user(&w.app, &system(), &crate::common::user_input(&w.village1, "target", None)).await.unwrap();
        // Where a grant on town 1 reaches and where it does not.
        let scopes = [(&w.town1, true), (&w.village1, true), (&w.banner, false), (&w.town2, false)];
        let mut cells = 0;
        for giver in Role::ALL {
            let name = format!("giver_{}", giver.code());
            user_with_role(&w.app, &w.town1, &name, None, giver.code(), &w.town1).await;
            let me = actor(&w.app, &name).await;
            for role in Role::ALL {
                for (unit, inside) in scopes {
                    let allowed = giver.grantable().contains(role) && inside;
                    let r = app::accounts::add_grant(&w.app, &me, target.id, &grant_input(role.code(), unit)).await;
                    match (allowed, r) {
                        (true, Ok(g)) => app::accounts::remove_grant(&w.app, &system(), g.id).await.unwrap(),
                        (false, Err(AppError::Forbidden(_))) => {}
                        (allowed, r) => panic!("{giver:?} granting {role:?} on {}: expected allowed={allowed}, got {r:?}", unit.name),
                    }
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 9 * 9 * 4);
        // The table itself: only the system administrator and the hall manager grant, and the
        // hall manager only window staff and guides.
        let granting: Vec<Role> = Role::ALL.iter().copied().filter(|r| !r.grantable().is_empty()).collect();
        assert_eq!(granting, vec![Role::SysAdmin, Role::HallManager]);
        assert_eq!(Role::HallManager.grantable(), &[Role::Clerk, Role::Guide]);
        t
    })
    .await;
}

#[tokio::test]
async fn no_one_grants_to_themselves() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mgr1 = actor(&w.app, "mgr1").await;
        assert_forbidden(app::accounts::add_grant(&w.app, &mgr1, w.mgr1.id, &grant_input("clerk", &w.town1)).await);
        let root = user_with_role(&w.app, &w.banner, "root1", None, "sys_admin", &w.banner).await;
        let root_actor = actor(&w.app, "root1").await;
        assert_forbidden(app::accounts::add_grant(&w.app, &root_actor, root.id, &grant_input("leader", &w.banner)).await);
        // The hall manager's request of the issue: catalogue rights for oneself, on the banner.
        assert_forbidden(app::accounts::add_grant(&w.app, &mgr1, w.mgr1.id, &grant_input("catalog_admin", &w.banner)).await);
        t
    })
    .await;
}

#[tokio::test]
async fn the_last_system_administrator_stays() {
    each_backend(|t| async move {
        let w = world(&t).await;
        // The world's `admin` is its only system administrator.
        let admin = actor(&w.app, "admin").await;
        let admin_id = admin.user_id.unwrap().0;
        let (_, g1) = app::accounts::get_user(&w.app, &system(), admin_id).await.unwrap();
        let r = app::accounts::remove_grant(&w.app, &admin, g1[0].id).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("最后一个")), "{r:?}");
        let mut off = crate::common::user_input(&w.banner, "admin", None);
        off.active = false;
        off.password = None;
        let r = app::accounts::update_user(&w.app, &system(), admin_id, &off).await;
        assert!(matches!(&r, Err(AppError::Conflict(m)) if m.contains("最后一个")), "{r:?}");
        // With a second administrator, the first may step down; then the second is the last.
        let root2 = user_with_role(&w.app, &w.banner, "root2", None, "sys_admin", &w.banner).await;
        app::accounts::remove_grant(&w.app, &admin, g1[0].id).await.unwrap();
        let (_, g2) = app::accounts::get_user(&w.app, &system(), root2.id).await.unwrap();
        let r2 = actor(&w.app, "root2").await;
        let r = app::accounts::remove_grant(&w.app, &r2, g2[0].id).await;
        assert!(matches!(&r, Err(AppError::Conflict(_))), "now root2 is the last: {r:?}");
        t
    })
    .await;
}
