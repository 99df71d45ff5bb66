//! The texts a case sends: notices on transitions, the rating hint, reminders.

use chrono::{DateTime, Utc};
use domain::cases::Warning;
use serde::Serialize;
use store::cases::LadderState;
use utoipa::ToSchema;

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

/// An in-app reminder (三级提醒) of a case nearing or past its limit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReminderView {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub item_name: String,
    /// The warning level reached: 1 提醒, 2 黄灯, 3 红灯.
    pub level: i64,
    pub recipient_role: String,
    pub user_id: i64,
    pub channel: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<store::cases::ReminderRow> for ReminderView {
    fn from(r: store::cases::ReminderRow) -> Self {
        let store::cases::ReminderRow { id, case_id, case_no, item_name, level, recipient_role, user_id, channel, created_at, read_at } = r;
        ReminderView { id, case_id, case_no, item_name, level, recipient_role, user_id, channel, created_at, read_at }
    }
}

/// The signed-in user's in-app reminders, newest first.
pub async fn my_reminders(app: &App, actor: &Actor, limit: i64) -> Result<Vec<ReminderView>> {
    let Some(user) = actor.user_id else { return Ok(Vec::new()) };
    let rows = store::cases::list_reminders(&mut app.read().await?, None, Some(user.0), limit.clamp(1, 500)).await?;
    Ok(rows.into_iter().map(ReminderView::from).collect())
}
