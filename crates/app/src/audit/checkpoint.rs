//! Anchors of the audit chain outside the database (X3). The chain alone cannot show that its
//! tail was deleted and the head row rewritten by someone with write access to the database, so
//! the server periodically writes a checkpoint — the last entry's id and hash, the time, and a
//! keyed MAC over them (the key derives from the master key in the data directory, never stored
//! in the database) — to `audit-checkpoints.jsonl` in the data directory and to the log.
//! [`verify`] checks the chain, then every checkpoint's MAC and that the chain still holds the
//! entry each one names with the same hash; it names what is missing.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use store::audit::Verdict;

use crate::{App, AppError, Result};

/// The checkpoint file's name in the data directory.
pub const FILE: &str = "audit-checkpoints.jsonl";

/// One checkpoint: the chain had `last_id` entries, the last one hashed `hash`, at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub last_id: i64,
    pub hash: String,
    pub at: String,
    pub mac: String,
}

fn signed_text(last_id: i64, hash: &str, at: &str) -> String {
    format!("yichuang-audit-checkpoint|{last_id}|{hash}|{at}")
}

/// The checkpoint file of a data directory.
pub fn file_in(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// Writes a checkpoint of the chain's head when it moved past `after` (the last one written);
/// answers the head's id. The line is appended and synced before the log line is written.
pub async fn take(app: &App, dir: &Path, after: i64) -> Result<i64> {
    let (last_id, hash) = store::audit::head(&mut app.read().await?).await?;
    if last_id == 0 || last_id == after {
        return Ok(last_id);
    }
    let at = store::audit::audit_time(app.clock.now());
    let mac = app.cipher.audit_mac(&signed_text(last_id, &hash, &at));
    let cp = Checkpoint { last_id, hash, at, mac };
    let line = serde_json::to_string(&cp).map_err(|e| AppError::internal("audit checkpoint", e))? + "\n";
    let path = file_in(dir);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&path)?;
        f.write_all(line.as_bytes())?;
        f.sync_data()
    };
    write().map_err(|e| AppError::internal(format!("audit checkpoint file {}", path.display()), e))?;
    tracing::info!(audit.last_id = cp.last_id, audit.hash = %cp.hash, audit.mac = %cp.mac, "audit checkpoint at entry {}", cp.last_id);
    Ok(last_id)
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub chain: Verdict,
    /// Checkpoints read and found good.
    pub checkpoints: usize,
    /// Each problem with the checkpoints, in Chinese (empty when all hold).
    pub problems: Vec<String>,
    /// The checkpoint file was not found (nothing anchors the tail).
    pub no_file: bool,
}

impl Report {
    /// Whether the chain and every checkpoint hold.
    pub fn intact(&self) -> bool {
        matches!(self.chain, Verdict::Intact(_)) && self.problems.is_empty()
    }
}

/// Checks the chain and the checkpoints in `dir` (read-only: nothing is written).
pub async fn verify(app: &App, dir: &Path) -> Result<Report> {
    let chain = crate::audit::verify(app).await?;
    let path = file_in(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Report { chain, checkpoints: 0, problems: vec![], no_file: true });
        }
        Err(e) => return Err(AppError::internal(format!("audit checkpoint file {}", path.display()), e)),
    };
    let entries = match &chain {
        Verdict::Intact(n) => *n,
        Verdict::Broken { id, .. } => id - 1,
    };
    let mut tx = app.read().await?;
    let mut problems = Vec::new();
    let mut good = 0;
    let mut highest = 0i64;
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let line_no = n + 1;
        let Ok(cp) = serde_json::from_str::<Checkpoint>(line) else {
            problems.push(format!("检查点文件第 {line_no} 行无法读取（文件被改写）"));
            continue;
        };
        if !app.cipher.audit_mac_ok(&signed_text(cp.last_id, &cp.hash, &cp.at), &cp.mac) {
            problems.push(format!("检查点文件第 {line_no} 行的签名不符（文件被改写，或密钥不是写入时的密钥）"));
            continue;
        }
        if cp.last_id < highest {
            problems.push(format!("检查点文件第 {line_no} 行的条数比前一行少（检查点顺序被改动）"));
        }
        highest = highest.max(cp.last_id);
        match store::audit::hash_at(&mut tx, cp.last_id).await? {
            Some(h) if h == cp.hash => good += 1,
            Some(_) => problems.push(format!("第 {} 条记录与 {} 的检查点所记哈希不符（该条或之前的记录被改写）", cp.last_id, cp.at)),
            // The chain walk counted the entries (up to its first break, if any).
            None => problems.push(format!(
                "{} 的检查点记录日志已有 {} 条，现在只有 {entries} 条：第 {} 条起的记录缺失（末尾被删除）",
                cp.at,
                cp.last_id,
                entries.min(cp.last_id - 1) + 1
            )),
        }
    }
    Ok(Report { chain, checkpoints: good, problems, no_file: false })
}
