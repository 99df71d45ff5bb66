//! The audit log's hash chain (X3): each entry's hash covers the previous entry's hash and the
//! entry's own fields, so changing or deleting any row breaks every link after it.

use sha2::{Digest, Sha256};

/// The hash that stands before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of one audit entry that the chain protects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub id: i64,
    /// RFC 3339 UTC timestamp with microseconds, as stored.
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub org_path: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// The hash of `entry` chained after `prev_hash`, as lowercase hex.
pub fn chain_hash(prev_hash: &str, entry: &Entry<'_>) -> String {
    let mut h = Sha256::new();
    // Length-prefix each field so that no two different entries serialise alike.
    for part in [
        prev_hash,
        &entry.id.to_string(),
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.org_path,
        entry.before,
        entry.after,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first break in a chain of `(entry, prev_hash, hash)` rows in id order, if any.
pub fn first_break<'a>(rows: impl IntoIterator<Item = (Entry<'a>, &'a str, &'a str)>) -> Option<(i64, &'static str)> {
    let mut expected_prev = GENESIS.to_owned();
    for (entry, prev, hash) in rows {
        if prev != expected_prev {
            return Some((entry.id, "与前一条记录的链接不符（前一条记录被删除或修改）"));
        }
        if chain_hash(prev, &entry) != hash {
            return Some((entry.id, "记录内容与其哈希不符（本条记录被修改）"));
        }
        expected_prev = hash.to_owned();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: i64, after: &str) -> Entry<'_> {
        Entry {
            id,
            at: "2026-01-01T00:00:00.000000Z",
            actor: "admin",
            action: "create",
            entity: "site",
            entity_id: "1",
            org_path: "/1/",
            before: "",
            after,
        }
    }

    #[test]
    fn an_intact_chain_verifies_and_a_changed_row_is_named() {
        let h1 = chain_hash(GENESIS, &e(1, "a"));
        let h2 = chain_hash(&h1, &e(2, "b"));
        let ok = vec![(e(1, "a"), GENESIS, h1.as_str()), (e(2, "b"), h1.as_str(), h2.as_str())];
        assert_eq!(first_break(ok), None);
        let changed = vec![(e(1, "X"), GENESIS, h1.as_str()), (e(2, "b"), h1.as_str(), h2.as_str())];
        assert_eq!(first_break(changed).map(|b| b.0), Some(1));
        let deleted = vec![(e(2, "b"), h1.as_str(), h2.as_str())];
        assert_eq!(first_break(deleted).map(|b| b.0), Some(2));
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = e(1, "");
        a.entity = "ab";
        a.entity_id = "c";
        let mut b = e(1, "");
        b.entity = "a";
        b.entity_id = "bc";
        assert_ne!(chain_hash(GENESIS, &a), chain_hash(GENESIS, &b));
    }
}
