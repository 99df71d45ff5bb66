//! Recording and checking the audit trail (X3). Summaries are JSON with personal identifiers
//! masked before they are written, so the log itself never holds a full ID number or phone.

use domain::access::Permission;
use domain::validate::mask_pii;
use serde::Serialize;
use store::Tx;
use store::audit::{AuditRow, NewAudit, Verdict};

use crate::{Actor, App, Result};

/// Formats an audit timestamp: RFC 3339 UTC with microseconds (the exact bytes that are hashed).
pub fn audit_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn summary<T: Serialize>(v: Option<&T>) -> String {
    match v {
        None => String::new(),
        Some(v) => mask_pii(&serde_json::to_string(v).unwrap_or_else(|_| "\"(unserialisable)\"".to_owned())),
    }
}

/// Appends one audit entry inside `tx`: who, what, which record, before and after.
#[expect(clippy::too_many_arguments, reason = "the audit entry's fields, each named at the call")]
pub(crate) async fn record<B: Serialize, A: Serialize>(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    org_path: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    store::audit::append(
        tx,
        &NewAudit {
            at: audit_time(app.clock.now()),
            actor: &actor.audit_name(),
            action,
            entity,
            entity_id: entity_id.to_string(),
            org_path,
            before: summary(before),
            after: summary(after),
        },
    )
    .await?;
    Ok(())
}

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
