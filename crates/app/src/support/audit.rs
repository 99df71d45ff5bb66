//! Recording and checking the audit trail (X3). Summaries are JSON with personal identifiers
//! masked before they are written, so the log itself never holds a full ID number or phone.

use domain::validate::mask_pii;
use serde::Serialize;
use store::Tx;
use store::audit::NewAudit;

use crate::{Actor, App, Result};

pub use store::audit::audit_time;

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
    record_by(app, tx, &actor.audit_name(), action, entity, entity_id, org_path, before, after).await
}

/// [`record`] for someone who is not signed in (a rating pad, a citizen with a code): `who` names
/// them as the audit log shows them (`device:12`, `public`, `citizen`).
#[expect(clippy::too_many_arguments, reason = "the audit entry's fields, each named at the call")]
pub(crate) async fn record_by<B: Serialize, A: Serialize>(
    app: &App,
    tx: &mut Tx,
    who: &str,
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
            actor: who,
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
