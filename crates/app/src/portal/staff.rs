//! The staff side of online cases: the precheck queue and scans.

use domain::access::Permission;
use domain::cases::CaseStatus;
use serde::Serialize;
use store::cases::MaterialRow;
use store::portal::PortalCaseRow;
use utoipa::ToSchema;

use super::applications::*;
use crate::accounts::citizen::Citizen;
use crate::{Actor, App, AppError, Result};

/// The states in which an online case waits for a window: pre-check, receive, accept, or the
/// applicant's supplement.
pub const PRECHECK_STATUSES: &[&str] = &["submitted", "prechecked", "received", "supplement_requested"];

/// An online case on the window's pre-check list, with its checklist.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OnlineCaseItem {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub case: PortalCaseRow,
    pub status_label: String,
    pub delivery_label: String,
    pub allowed: Vec<&'static str>,
    #[schema(value_type = Vec<Object>)]
    pub materials: Vec<MaterialRow>,
}

/// Online cases of the halls where the actor takes cases in, oldest first.
pub async fn online_queue(app: &App, actor: &Actor) -> Result<Vec<OnlineCaseItem>> {
    actor.require_role(Permission::IntakeCases, "预审网上申请")?;
    let scope = actor.scope(Permission::IntakeCases);
    let mut tx = app.read().await?;
    let rows = store::portal::list_online(&mut tx, PRECHECK_STATUSES, &scope, 200).await?;
    let mut out = Vec::with_capacity(rows.len());
    for mut r in rows {
        let materials = store::cases::list_materials(&mut tx, r.id).await?;
        let status = CaseStatus::parse("status", &r.status).unwrap_or(CaseStatus::Void);
        r.query_code = String::new();
        out.push(OnlineCaseItem {
            status_label: status.label().to_owned(),
            delivery_label: delivery_label(&r.form),
            allowed: status.allowed().iter().map(|a| a.code()).collect(),
            case: r,
            materials,
        });
    }
    Ok(out)
}

/// A scan of a case's material, for staff who may see the case.
pub async fn staff_scan(app: &App, actor: &Actor, case_id: i64, sha: &str) -> Result<(Vec<u8>, String)> {
    let detail = crate::cases::act::get_case(app, actor, case_id).await?;
    if !detail.materials.iter().any(|m| m.file_sha256.as_deref() == Some(sha)) {
        return Err(AppError::NotFound("文件"));
    }
    crate::support::uploads::read_scan(app, sha).await
}

/// A scan of the citizen's own case.
pub async fn citizen_scan(app: &App, who: &Citizen, case_id: i64, sha: &str) -> Result<(Vec<u8>, String)> {
    let materials = my_materials(app, who, case_id).await?;
    if !materials.iter().any(|m| m.file_sha256.as_deref() == Some(sha)) {
        return Err(AppError::NotFound("文件"));
    }
    crate::support::uploads::read_scan(app, sha).await
}
