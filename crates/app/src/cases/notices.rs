//! The texts a case sends: notices on transitions, the rating hint, reminders.

use domain::cases::Warning;
use store::cases::LadderState;

use crate::{Actor, App, Result};

/// What the ladder table keeps of a warning.
pub fn ladder_state(w: &Warning) -> LadderState {
    let next = w.next_level();
    LadderState {
        warning_level: w.level.rank(),
        next_level: next.map(|(l, _)| l.rank()),
        next_level_on: next.map(|(_, d)| d),
        remind_on: w.remind_on,
        yellow_on: w.yellow_on,
        red_on: w.red_on,
    }
}

/// How an applicant rates a completed case (no code in the text: it stays on the 受理通知书).
pub(crate) const RATE_HINT: &str = "欢迎评价本次服务：在政务服务网“办件进度查询”输入办件编号和查询码，或登录网上办事大厅即可评价。";

pub(crate) fn completed_text(item_name: &str, case_no: &str) -> String {
    format!("您申请的“{item_name}”（{case_no}）已办结。")
}

/// The signed-in user's in-app reminders, newest first.
pub async fn my_reminders(app: &App, actor: &Actor, limit: i64) -> Result<Vec<store::cases::ReminderRow>> {
    let Some(user) = actor.user_id else { return Ok(Vec::new()) };
    Ok(store::cases::list_reminders(&mut app.read().await?, None, Some(user.0), limit.clamp(1, 500)).await?)
}
