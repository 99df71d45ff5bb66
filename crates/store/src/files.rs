//! Content-addressed file storage (photos, scans) under the data dir, with metadata in the DB.
//! A file's name is the SHA-256 of its bytes, so storing the same bytes twice stores them once.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::{Result, Timestamp, Tx, sql};

/// The directory that holds stored files.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    fn path_of(&self, sha: &str) -> PathBuf {
        self.root.join(&sha[..2]).join(sha)
    }

    /// Writes `bytes` durably (temp file, fsync, rename) and returns their SHA-256 hex.
    pub async fn put(&self, bytes: &[u8]) -> Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha);
        if path.exists() {
            return Ok(sha);
        }
        let dir = path.parent().expect("a stored file's path has a parent").to_owned();
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(".{sha}.tmp{}", std::process::id()));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        Ok(sha)
    }

    /// The bytes of a stored file, if present.
    pub fn get(&self, sha: &str) -> Result<Option<Vec<u8>>> {
        if sha.len() != 64 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        match std::fs::read(self.path_of(sha)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// Records a stored file's metadata (idempotent).
pub async fn record(tx: &mut Tx, sha: &str, content_type: &str, size: i64, now: Timestamp) -> Result<()> {
    sql::execute(
        tx,
        "insert into files (sha256, content_type, size_bytes, created_at) values ($1, $2, $3, $4) on conflict (sha256) do nothing",
        &[&sha, &content_type, &size, &now],
    )
    .await?;
    Ok(())
}

/// The content type of a recorded file.
pub async fn find_content_type(tx: &mut Tx, sha: &str) -> Result<Option<String>> {
    sql::scalar_optional(tx, "select content_type from files where sha256 = $1", &[&sha]).await
}
