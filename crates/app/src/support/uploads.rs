//! Scans and documents attached to cases (材料扫描件、高拍仪图像、网上申请上传): checked by size and
//! by content (the leading bytes, never the name or the declared type), stored content-addressed.
//!
//! A stored file has no path a client chooses: its name is the SHA-256 of its bytes, so an upload
//! can neither overwrite another nor reach outside the file store.

use serde::Serialize;
use utoipa::ToSchema;

use domain::Invalid;

use crate::{App, Result};

/// Largest accepted scan or document.
pub const MAX_SCAN_BYTES: usize = 10 * 1024 * 1024;

/// A stored upload: what a checklist row or an online application refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StoredScan {
    /// Hex SHA-256 of the bytes: the reference to put in `materials[].file_sha256`.
    pub sha256: String,
    pub content_type: String,
    pub size: i64,
}

/// The document types accepted for materials, by their leading bytes.
pub fn scan_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Checks and stores one upload. `field` names the form field in the message of a refusal.
/// The caller decides who may upload (a clerk at intake, a signed-in applicant online).
pub async fn store_scan(app: &App, field: &str, bytes: &[u8]) -> Result<StoredScan> {
    if bytes.is_empty() {
        return Err(Invalid::one(field, "请选择要上传的文件（文件为空）").into());
    }
    if bytes.len() > MAX_SCAN_BYTES {
        return Err(Invalid::one(
            field,
            format!("文件大小 {:.1} MB 超过上限 10 MB，请压缩或分页扫描后上传", bytes.len() as f64 / 1024.0 / 1024.0),
        )
        .into());
    }
    let ct = scan_type(bytes).ok_or_else(|| Invalid::one(field, "文件内容不是 PDF、JPG、PNG 或 WebP，请上传扫描件或照片"))?;
    // The file lands (fsynced) before its row commits: a crash leaves an unreferenced file, never
    // a row without its bytes.
    let sha = app.files.put(bytes).await?;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let mut tx = app.write().await?;
    store::files::record(&mut tx, &sha, ct, size, app.clock.now()).await?;
    tx.commit().await?;
    Ok(StoredScan { sha256: sha, content_type: ct.to_owned(), size })
}

/// A staff upload (a window's scan or document-camera image, a reviewer's attachment): anyone who
/// takes cases in or reviews them somewhere.
pub async fn store_staff_scan(app: &App, actor: &crate::Actor, field: &str, bytes: &[u8]) -> Result<StoredScan> {
    use domain::access::Permission;
    if !(actor.has(Permission::IntakeCases) || actor.has(Permission::ReviewCases)) {
        return Err(crate::AppError::forbidden("上传办件材料"));
    }
    store_scan(app, field, bytes).await
}

/// The bytes and content type of a stored scan. The caller has checked that the reader may see
/// the case the scan belongs to.
pub async fn read_scan(app: &App, sha: &str) -> Result<(Vec<u8>, String)> {
    let mut tx = app.read().await?;
    let ct = store::files::find_content_type(&mut tx, sha).await?.ok_or(crate::AppError::NotFound("文件"))?;
    drop(tx);
    let bytes = app.files.get(sha)?.ok_or(crate::AppError::NotFound("文件"))?;
    Ok((bytes, ct))
}

#[cfg(test)]
mod tests {
    use super::scan_type;

    #[test]
    fn types_come_from_content_not_names() {
        assert_eq!(scan_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(scan_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(scan_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(scan_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(scan_type(b"MZ\x90\0 an executable"), None);
        assert_eq!(scan_type(b"<html><script>"), None);
        assert_eq!(scan_type(b"%PD"), None);
    }
}
