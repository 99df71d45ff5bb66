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
