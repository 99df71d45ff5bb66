//! What a batch writes at its end for all its jobs: ticket and case steps, checklists, texts
//! and ladder rows, one statement per table.

use store::outbox::NewOutbox;

/// Rows that nothing in the batch reads back, collected from its jobs and written for the whole
/// batch in one statement per table just before it commits. The writer is the one serial stage
/// of every write, and each statement it runs is a round trip, so a job's own statements are
/// kept to those whose result it needs.
#[derive(Default)]
pub struct Later {
    /// Ticket steps.
    pub(crate) steps: Vec<store::queue::NewEvent>,
    /// Case trail steps.
    pub case_events: Vec<store::cases::EventRecord>,
    /// Checklists of new cases (case id, row).
    pub materials: Vec<(i64, store::cases::MaterialRow)>,
    /// Text messages for the outbox.
    pub(crate) texts: Vec<Text>,
    /// Warning-ladder rows, new or changed.
    pub ladders: Vec<store::cases::LadderWrite>,
}

impl Later {
    pub(crate) fn mark(&self) -> [usize; 5] {
        [self.steps.len(), self.case_events.len(), self.materials.len(), self.texts.len(), self.ladders.len()]
    }

    /// Drops what a failed job added.
    pub(crate) fn truncate(&mut self, m: [usize; 5]) {
        self.steps.truncate(m[0]);
        self.case_events.truncate(m[1]);
        self.materials.truncate(m[2]);
        self.texts.truncate(m[3]);
        self.ladders.truncate(m[4]);
    }

    pub(crate) async fn write(&self, tx: &mut store::Tx, now: chrono::DateTime<chrono::Utc>) -> store::Result<()> {
        if !self.steps.is_empty() {
            store::queue::insert_events(tx, &self.steps).await?;
        }
        if !self.ladders.is_empty() {
            store::cases::put_ladders(tx, &self.ladders).await?;
        }
        if !self.materials.is_empty() {
            store::cases::insert_materials(tx, &self.materials, now).await?;
        }
        if !self.case_events.is_empty() {
            store::cases::insert_events(tx, &self.case_events).await?;
        }
        if !self.texts.is_empty() {
            let texts: Vec<_> = self.texts.iter().map(Text::as_new).collect();
            store::outbox::insert_many(tx, &texts, now).await?;
        }
        self.write_audit(tx).await
    }

    /// Every ticket step and case step of the batch joins the audit chain, in the batch's
    /// transaction: who, which step, the record and where it is filed. The summaries hold states
    /// and window ids only, never notes (which may name people).
    async fn write_audit(&self, tx: &mut store::Tx) -> store::Result<()> {
        use store::audit::{NewAudit, PathOf, org_paths};
        if self.steps.is_empty() && self.case_events.is_empty() {
            return Ok(());
        }
        let site_paths = org_paths(tx, PathOf::Sites, &distinct(self.steps.iter().map(|s| s.site_id))).await?;
        let case_paths = org_paths(tx, PathOf::Cases, &distinct(self.case_events.iter().map(|e| e.case_id))).await?;
        let ticket_actions: Vec<String> = self.steps.iter().map(|s| format!("ticket_{}", s.kind)).collect();
        let case_actions: Vec<String> = self.case_events.iter().map(|e| format!("case_{}", e.action)).collect();
        let mut rows = Vec::with_capacity(ticket_actions.len() + case_actions.len());
        for (s, action) in self.steps.iter().zip(&ticket_actions) {
            rows.push(NewAudit {
                at: store::audit::audit_time(s.at),
                actor: &s.actor,
                action,
                entity: "ticket",
                entity_id: s.ticket_id.to_string(),
                org_path: site_paths.get(&s.site_id).map_or("", String::as_str),
                before: String::new(),
                after: serde_json::json!({"step": s.kind, "window_id": s.window_id, "staff_id": s.staff_id}).to_string(),
            });
        }
        for (e, action) in self.case_events.iter().zip(&case_actions) {
            rows.push(NewAudit {
                at: store::audit::audit_time(e.at),
                actor: &e.actor,
                action,
                entity: "case",
                entity_id: e.case_id.to_string(),
                org_path: case_paths.get(&e.case_id).map_or("", String::as_str),
                before: if e.from_status.is_empty() { String::new() } else { serde_json::json!({"status": e.from_status}).to_string() },
                after: serde_json::json!({"status": e.to_status}).to_string(),
            });
        }
        store::audit::append_many(tx, &rows).await?;
        Ok(())
    }
}

/// A checked message with its phone sealed, ready to be written (by `outbox::enqueue`, or by the
/// group-commit writer with the rest of its batch).
#[derive(Debug, Clone)]
pub(crate) struct Text {
    pub(crate) org_unit_id: i64,
    pub(crate) kind: String,
    pub(crate) enc: Vec<u8>,
    pub(crate) hash: String,
    pub(crate) masked: String,
    pub(crate) body: String,
    pub(crate) key: String,
}

impl Text {
    pub(crate) fn as_new(&self) -> NewOutbox<'_> {
        NewOutbox {
            org_unit_id: self.org_unit_id,
            kind: &self.kind,
            phone_enc: &self.enc,
            phone_hash: &self.hash,
            phone_masked: &self.masked,
            body: &self.body,
            idempotency_key: &self.key,
        }
    }
}

/// The ids, each once, in order.
fn distinct(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut v: Vec<i64> = ids.collect();
    v.sort_unstable();
    v.dedup();
    v
}
