//! Reading and checking the audit trail (X3): the newest entries in scope, and the whole chain.

use domain::access::Permission;
use store::audit::{AuditRow, Verdict};

use crate::{Actor, App, Result};

/// Checks the whole chain (the `yichuang audit verify` command).
pub async fn verify(app: &App) -> Result<Verdict> {
    let mut tx = app.read().await?;
    Ok(store::audit::verify(&mut tx).await?)
}

/// The newest audit entries visible to the actor (supervisors and administrators), optionally of
/// one entity kind, before a cursor id.
pub async fn list(app: &App, actor: &Actor, entity: Option<&str>, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditRow>> {
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
        out.extend(rows.into_iter().filter(|r| in_scope(&scope, &r.org_path)));
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
