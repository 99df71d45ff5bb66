//! Report pages under a filter form (period, site, scope): the site select, and the answer —
//! the page filled with what was asked for, or the page again with the filter's problem (422).

use app::AppError;
use axum::response::{IntoResponse, Response};
use store::org::SiteRow;

use super::form::unprocessable;

/// A site of the filter's select.
pub struct SiteOpt {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

/// The filter's sites, `selected` marked.
pub fn site_opts(sites: &[SiteRow], selected: Option<i64>) -> Vec<SiteOpt> {
    sites.iter().map(|x| SiteOpt { id: x.id, name: x.name.clone(), selected: Some(x.id) == selected }).collect()
}

/// The page `p` filled by `fill` with what was asked for; for an invalid filter `p` with the
/// problem set by `flag` (422); any other failure as the error.
pub fn shown_or_flagged<P: IntoResponse, T>(
    mut p: P,
    got: app::Result<T>,
    fill: impl FnOnce(&mut P, T),
    flag: impl FnOnce(&mut P, String),
) -> app::Result<Response> {
    match got {
        Ok(v) => {
            fill(&mut p, v);
            Ok(p.into_response())
        }
        Err(AppError::Invalid(inv)) => {
            flag(&mut p, inv.summary());
            Ok(unprocessable(p))
        }
        Err(e) => Err(e),
    }
}
