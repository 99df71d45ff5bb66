//! What the hall's devices and the public mobile pages need beyond the queue itself: finding the
//! ticket category by the item a person came for (the kiosk's search box), a hall's public
//! card, and the photo of whoever serves at a window terminal's window today.
//!
//! Only published item names (the version in effect today) reach a kiosk: a draft's wording is
//! never shown to the public. The search reuses [`domain::search`] (substrings and pinyin
//! initials), over the site's category items only, so it stays small and needs no cache.

use std::collections::HashMap;

use domain::Invalid;
use domain::search::{Field, FieldText, SearchIndex, highlight_html};
use serde::Serialize;
use store::accounts::DeviceRow;
use utoipa::ToSchema;

use crate::{App, AppError, Result};

/// Longest query the kiosk search accepts, in characters.
const MAX_QUERY: usize = 30;

/// An item someone can take a ticket for at a hall, with the category that serves it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketItem {
    pub item_id: i64,
    /// The published name in effect today.
    pub item_name: String,
    /// The name as escaped HTML with `<mark>` around what matched.
    pub name_html: String,
    pub department: String,
    pub category_id: i64,
    pub category_prefix: String,
    pub category_name: String,
}

/// The site's category items matching `q` (name substring or pinyin initials, department), best
/// first, each with the first active category covering it. A blank query finds nothing.
pub async fn ticket_items(app: &App, site_id: i64, q: &str, limit: usize) -> Result<Vec<TicketItem>> {
    let q = q.trim();
    if q.chars().count() > MAX_QUERY {
        return Err(Invalid::one("q", format!("搜索内容不能超过 {MAX_QUERY} 个字")).into());
    }
    if q.is_empty() {
        let mut tx = app.read().await?;
        store::org::get_site(&mut tx, site_id).await?;
        return Ok(vec![]);
    }
    let Offer { category_of, names, departments, .. } = offer(app, site_id).await?;
    let mut index = SearchIndex::new();
    for (&item, _) in category_of.iter() {
        let (Some(name), Some(dept)) = (names.get(&item), departments.get(&item)) else { continue };
        index.upsert(item, &[FieldText { field: Field::Name, text: name }, FieldText { field: Field::Department, text: dept }]);
    }
    Ok(index
        .search(q, limit)
        .into_iter()
        .filter_map(|h| {
            let c = category_of.get(&h.id)?;
            let name = names.get(&h.id)?.clone();
            let name_html = h
                .matched
                .iter()
                .find(|m| m.field == Field::Name)
                .map_or_else(|| highlight_html(&name, &[]), |m| highlight_html(&m.text, &m.ranges));
            Some(TicketItem {
                item_id: h.id,
                item_name: name,
                name_html,
                department: departments.get(&h.id).cloned().unwrap_or_default(),
                category_id: c.id,
                category_prefix: c.prefix.clone(),
                category_name: c.name.clone(),
            })
        })
        .collect())
}

/// What a hall offers tickets for: its active categories in display order, the first active
/// category of each item, and the items' published names and departments.
struct Offer {
    cats: Vec<store::queue::CategoryRow>,
    category_of: HashMap<i64, store::queue::CategoryRow>,
    names: HashMap<i64, String>,
    departments: HashMap<i64, String>,
}

async fn offer(app: &App, site_id: i64) -> Result<Offer> {
    let mut tx = app.read().await?;
    store::org::get_site(&mut tx, site_id).await?;
    // Categories come in display order, so the first active one of an item is the one to issue.
    let cats: Vec<_> = store::queue::list_categories(&mut tx, site_id).await?.into_iter().filter(|c| c.active).collect();
    let links = store::queue::list_site_category_items(&mut tx, site_id).await?;
    let mut category_of = HashMap::new();
    for c in &cats {
        for &(_, item) in links.iter().filter(|(cat, _)| *cat == c.id) {
            category_of.entry(item).or_insert_with(|| c.clone());
        }
    }
    let departments = store::catalog::list_items(&mut tx)
        .await?
        .into_iter()
        .filter(|i| category_of.contains_key(&i.id))
        .map(|i| (i.id, i.department_name))
        .collect();
    let names = store::catalog::list_current_versions(&mut tx, app.clock.today())
        .await?
        .into_iter()
        .filter(|v| category_of.contains_key(&v.summary.item_id))
        .map(|v| (v.summary.item_id, v.summary.name))
        .collect();
    Ok(Offer { cats, category_of, names, departments })
}

/// Every published item a hall issues tickets for, by category (in display order) then name:
/// the kiosk's guide shelf (办事指南), each opening the public guide page.
pub async fn guide_items(app: &App, site_id: i64) -> Result<Vec<TicketItem>> {
    let Offer { cats, category_of, names, departments } = offer(app, site_id).await?;
    let mut out: Vec<(usize, TicketItem)> = category_of
        .iter()
        .filter_map(|(item, c)| {
            let name = names.get(item)?.clone();
            Some((
                cats.iter().position(|x| x.id == c.id).unwrap_or(usize::MAX),
                TicketItem {
                    item_id: *item,
                    name_html: highlight_html(&name, &[]),
                    item_name: name,
                    department: departments.get(item).cloned().unwrap_or_default(),
                    category_id: c.id,
                    category_prefix: c.prefix.clone(),
                    category_name: c.name.clone(),
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.1.item_name, a.1.item_id).cmp(&(b.0, &b.1.item_name, b.1.item_id)));
    Ok(out.into_iter().map(|x| x.1).collect())
}

/// What anyone may know of a hall: its name, address and opening hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicSite {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub hours_weekday: String,
    pub hours_weekend: String,
    pub active: bool,
}

/// A hall's public card (the mobile ticket page's header).
pub async fn public_site(app: &App, site_id: i64) -> Result<PublicSite> {
    let mut tx = app.read().await?;
    let s = store::org::get_site(&mut tx, site_id).await?;
    Ok(PublicSite {
        id: s.id,
        name: s.name,
        address: s.address,
        hours_weekday: s.hours_weekday,
        hours_weekend: s.hours_weekend,
        active: s.active,
    })
}

/// The photo (bytes, content type) of the staff member seated today at a window-bound device's
/// window: what the window terminal shows. Nothing else is reachable this way.
pub async fn window_staff_photo(app: &App, device: &DeviceRow) -> Result<(Vec<u8>, String)> {
    let window_id = device.window_id.ok_or(AppError::NotFound("照片"))?;
    let mut tx = app.read().await?;
    let seats = store::org::list_site_seats(&mut tx, device.site_id, app.clock.today()).await?;
    let seat = seats.iter().find(|s| s.window_id == window_id).ok_or(AppError::NotFound("照片"))?;
    let staff = store::org::get_staff(&mut tx, seat.staff_id).await?;
    let sha = staff.photo_sha256.ok_or(AppError::NotFound("照片"))?;
    let ct = store::files::find_content_type(&mut tx, &sha).await?.unwrap_or_else(|| "application/octet-stream".to_owned());
    drop(tx);
    let bytes = app.files.get(&sha)?.ok_or(AppError::NotFound("照片"))?;
    Ok((bytes, ct))
}
