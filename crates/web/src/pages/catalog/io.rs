//! Catalogue import and export pages: downloads of the whole catalogue as Excel or JSON, and an
//! upload form whose refusal lists every problem of the file by sheet and row.

use app::AppError;
use app::catalog::{ImportKind, MAX_BYTES};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::Invalid;
use domain::access::Permission;

use crate::extract::caller::{Auth, PageUser};
use crate::respond::form::unprocessable;
use crate::respond::page::app_error_page;
use crate::respond::view::{Chrome, XLSX_TYPE, chrome, done};
use crate::state::AppState;

const JSON_TYPE: &str = "application/json; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog/export.json", get(export_json))
        .route("/catalog/export.xlsx", get(export_xlsx))
        // Room for the multipart framing around a file of the largest accepted size.
        .route("/catalog/import", get(import_form).post(import_upload).layer(DefaultBodyLimit::max(MAX_BYTES + 64 * 1024)))
}

/// A download named like `catalog-2026-03-02.xlsx`.
fn download(s: &AppState, ext: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let name = format!("catalog-{}.{ext}", s.app.clock.today().format("%Y-%m-%d"));
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

async fn export_json(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    match app::catalog::export_json(&s.app, &a.actor).await {
        Ok(bytes) => download(&s, "json", JSON_TYPE, bytes),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

async fn export_xlsx(State(s): State<AppState>, PageUser(a): PageUser) -> Response {
    match app::catalog::export_xlsx(&s.app, &a.actor).await {
        Ok(bytes) => download(&s, "xlsx", XLSX_TYPE, bytes),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}

/// One problem of an uploaded file, as a table row.
struct Problem {
    sheet: String,
    row: String,
    reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/import.html")]
struct ImportPage {
    chrome: Option<Chrome>,
    csrf: String,
    can_import: bool,
    max_mb: usize,
    file_name: String,
    problems: Vec<Problem>,
}

const SHEET_ORDER: &[&str] = &["文件", "事项", "材料", "流程", "答疑", "实施", "JSON"];

/// The problems of a refused import, by sheet in workbook order, then by row.
fn problems(inv: &Invalid) -> Vec<Problem> {
    let mut out: Vec<(usize, u64, Problem)> = inv
        .fields
        .iter()
        .map(|f| {
            let (sheet, row) = f.field.split_once('!').unwrap_or((f.field.as_str(), ""));
            let rank = SHEET_ORDER.iter().position(|s| *s == sheet).unwrap_or(SHEET_ORDER.len());
            let digits: String = row.chars().filter(char::is_ascii_digit).collect();
            let at = digits.parse::<u64>().unwrap_or(0);
            let row = if row.is_empty() { "—".to_owned() } else { row.to_owned() };
            (rank, at, Problem { sheet: sheet.to_owned(), row, reason: f.message.clone() })
        })
        .collect();
    out.sort_by_key(|(rank, at, _)| (*rank, *at));
    out.into_iter().map(|(_, _, p)| p).collect()
}

fn import_page(a: &Auth, file_name: &str, problems: Vec<Problem>) -> ImportPage {
    ImportPage {
        chrome: Some(chrome(a, "catalog")),
        csrf: a.csrf.clone(),
        can_import: a.actor.has(Permission::ManageCatalog),
        max_mb: MAX_BYTES / 1024 / 1024,
        file_name: file_name.to_owned(),
        problems,
    }
}

async fn import_form(PageUser(a): PageUser) -> Response {
    if !a.actor.has(Permission::ViewCatalog) {
        return app_error_page(&AppError::forbidden("导入导出事项库"), Some(&a));
    }
    import_page(&a, "", vec![]).into_response()
}

/// A refusal of the upload as the import page listing the problems (422).
fn refused(a: &Auth, file_name: &str, inv: &Invalid) -> Response {
    unprocessable(import_page(a, file_name, problems(inv)))
}

/// Reads the `file` field of the form, refusing more than [`MAX_BYTES`].
async fn read_file(mp: &mut Multipart) -> Result<(String, Vec<u8>), Invalid> {
    let unreadable = || Invalid::one("文件", "上传内容无法识别，请重新选择文件后再试");
    while let Some(mut field) = mp.next_field().await.map_err(|_| unreadable())? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Err(Invalid::one("文件", format!("文件超过 {} MB，请拆分后分批导入", MAX_BYTES / 1024 / 1024)));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok((name, bytes));
    }
    Err(Invalid::one("文件", "请选择要导入的文件"))
}

async fn import_upload(State(s): State<AppState>, PageUser(a): PageUser, mut mp: Multipart) -> Response {
    if !a.actor.has(Permission::ManageCatalog) {
        return app_error_page(&AppError::forbidden("导入事项库"), Some(&a));
    }
    let (name, bytes) = match read_file(&mut mp).await {
        Ok(f) => f,
        Err(inv) => return refused(&a, "", &inv),
    };
    if bytes.is_empty() {
        let msg = if name.is_empty() { "请选择要导入的文件" } else { "文件是空的" };
        return refused(&a, &name, &Invalid::one("文件", msg));
    }
    let Some(kind) = ImportKind::detect(Some(&name), &bytes) else {
        let msg = if name.to_lowercase().ends_with(".xls") {
            "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传"
        } else {
            "无法识别文件类型：请上传由事项库导出的 Excel（.xlsx）或 JSON（.json）文件"
        };
        let inv = Invalid::one("文件", msg);
        return refused(&a, &name, &inv);
    };
    match app::catalog::import(&s.app, &a.actor, &bytes, kind).await {
        Ok(report) => done("/catalog", &report.summary()),
        Err(AppError::Invalid(inv)) => refused(&a, &name, &inv),
        Err(e) => app_error_page(&e, Some(&a)),
    }
}
