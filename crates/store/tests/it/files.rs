//! Content-addressed file storage and file metadata.

use store::files::{self, FileStore};
use testkit::each_backend;

use crate::common::now;

/// Every regular file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn stored_bytes_come_back_by_their_sha256_and_the_same_bytes_are_stored_once() {
    let dir = std::env::temp_dir().join(format!("yichuang-files-{:016x}", rand::random::<u64>()));
    let fs = FileStore::new(&dir);
    let photo = b"\x89PNG\r\n\x1a\n pretend this is a photo".to_vec();
    let sha = fs.put(&photo).await.unwrap();
    assert_eq!(sha.len(), 64);
    assert_eq!(sha, hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&photo)));
    assert_eq!(fs.put(&photo).await.unwrap(), sha, "same bytes, same name");
    assert_eq!(fs.get(&sha).unwrap(), Some(photo.clone()));
    let stored = files_under(&dir);
    assert_eq!(stored.len(), 1, "stored once, no temp files left: {stored:?}");
    assert!(stored[0].ends_with(format!("{}/{sha}", &sha[..2])));

    let other = fs.put(b"another").await.unwrap();
    assert_ne!(other, sha);
    assert_eq!(fs.get(&other).unwrap().as_deref(), Some(&b"another"[..]));
    assert_eq!(files_under(&dir).len(), 2);

    assert_eq!(fs.get(&"0".repeat(64)).unwrap(), None, "unknown");
    assert_eq!(fs.get("../../etc/passwd").unwrap(), None, "not a sha");
    assert_eq!(fs.get(&format!("{}/", &sha[..63])).unwrap(), None, "not hex");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn recording_a_file_twice_keeps_the_first_record() {
    each_backend(|t| async move {
        let sha = "ab".repeat(32);
        let mut tx = t.db.begin().await.unwrap();
        files::record(&mut tx, &sha, "image/png", 10, now()).await.unwrap();
        files::record(&mut tx, &sha, "image/jpeg", 10, now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(files::find_content_type(&mut tx, &sha).await.unwrap().as_deref(), Some("image/png"));
        assert_eq!(files::find_content_type(&mut tx, &"cd".repeat(32)).await.unwrap(), None);
        drop(tx);
        assert_eq!(crate::common::count(&t.db, "select count(*) from files").await, 1);
        t
    })
    .await;
}
