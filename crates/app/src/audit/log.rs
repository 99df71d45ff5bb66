//! Reading and checking the audit trail (X3): the newest entries in scope, and the whole chain.

use domain::access::Permission;
use serde::Serialize;
use store::audit::{AuditRow, Verdict};
use utoipa::ToSchema;

use crate::{Actor, App, Result};

/// One entry of the audit trail as supervisors read it, with its place in the hash chain.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    /// When, RFC 3339 in UTC with microseconds.
    pub at: String,
    /// Who: the user name (with the API token used), `system:…` for the system's own work, or
    /// `device:12`, `public`, `citizen` for those not signed in.
    pub actor: String,
    /// What was done, e.g. `create`, `update`, `delete`.
    pub action: String,
    /// The kind of record, e.g. `window`.
    pub entity: String,
    pub entity_id: String,
    pub org_path: String,
    /// The record before the change (masked), as JSON text; empty for a creation.
    pub before_summary: String,
    /// The record after the change (masked), as JSON text; empty for a deletion.
    pub after_summary: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditRow> for AuditView {
    fn from(r: AuditRow) -> Self {
        let AuditRow { id, at, actor, action, entity, entity_id, org_path, before_summary, after_summary, prev_hash, hash } = r;
        AuditView { id, at, actor, action, entity, entity_id, org_path, before_summary, after_summary, prev_hash, hash }
    }
}

/// Checks the whole chain (the `yichuang audit verify` command).
pub async fn verify(app: &App) -> Result<Verdict> {
    let mut tx = app.read().await?;
    Ok(store::audit::verify(&mut tx).await?)
}

/// The newest audit entries visible to the actor (supervisors and administrators), optionally of
/// one entity kind, before a cursor id.
pub async fn list(app: &App, actor: &Actor, entity: Option<&str>, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditView>> {
    actor.require_role(Permission::ViewAudit, "查看审计日志")?;
    let scope = actor.scope(Permission::ViewAudit);
    let mut tx = app.read().await?;
    // Rows are filtered by the org path they were written under; fetch generously, then filter.
    let mut out = Vec::new();
    let mut cursor = before_id;
    while out.len() < limit as usize {
        let rows = store::audit::list(&mut tx, entity, cursor, 200).await?;
        if rows.is_empty() {
            break;
        }
        cursor = rows.last().map(|r| r.id);
        out.extend(rows.into_iter().filter(|r| in_scope(&scope, &r.org_path)).map(AuditView::from));
    }
    out.truncate(limit as usize);
    Ok(out)
}

fn in_scope(scope: &store::org::Scope, path: &str) -> bool {
    match scope {
        store::org::Scope::All => true,
        store::org::Scope::Paths(ps) => ps.iter().any(|p| path.starts_with(p.as_str())),
    }
}
