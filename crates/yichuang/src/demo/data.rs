//! The demo's data files and what is read from them: the network, the catalogue items with
//! where they are implemented, and the ids of what the loader created.

use std::collections::HashMap;

use anyhow::anyhow;
use app::AppError;
use app::org::io::NetworkFile;
use domain::catalog::ItemContent;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "yichuang-demo";

/// The demo service network in the format `app::org::io::import` reads.
pub const NETWORK_JSON: &[u8] = include_bytes!("../../demo/network.json");
/// The demo catalogue in the format `app::catalog::import` reads (what `catalog export` writes).
pub const CATALOG_JSON: &[u8] = include_bytes!("../../demo/catalog.json");

/// The key of the banner centre in the network file.
pub const CENTRE_KEY: &str = "wsq-zwzx";

pub(crate) fn fail(e: AppError) -> anyhow::Error {
    anyhow!("{e}")
}

/// The demo network file, parsed.
pub fn network() -> NetworkFile {
    NetworkFile::parse(NETWORK_JSON).expect("the shipped demo/network.json parses")
}

/// One item of the demo catalogue file, as far as the demo's own set-up reads it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CatalogItem {
    pub basic_code: String,
    pub department_code: String,
    pub content: ItemContent,
    #[serde(default)]
    pub sites: Vec<CatalogSite>,
}

/// Where a demo item is implemented.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct CatalogSite {
    pub site_name: String,
    /// `stationed` or `negative`.
    pub state: String,
    #[serde(default)]
    pub negative_reason: Option<String>,
    #[serde(default)]
    pub negative_note: String,
}

#[derive(serde::Deserialize)]
struct CatalogDoc {
    items: Vec<CatalogItem>,
}

/// The demo catalogue's items, in file order.
pub fn catalog_items() -> Vec<CatalogItem> {
    serde_json::from_slice::<CatalogDoc>(CATALOG_JSON).expect("the shipped demo/catalog.json parses").items
}

/// Ids of what the demo created, by the demo data's keys: the network file's, and the items'.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DemoIds {
    pub net: app::org::io::NetworkIds,
    /// Basic code → item id.
    pub items: HashMap<String, i64>,
}

impl DemoIds {
    /// The id of window `number` at the site with demo key `site`, if the demo has it.
    pub fn window_at(&self, site: &str, number: &str) -> Option<i64> {
        self.net.window_at(site, number)
    }

    /// The id of window `number` at the site with demo key `site`; panics when the demo lacks it.
    pub fn window(&self, site: &str, number: &str) -> i64 {
        self.window_at(site, number).unwrap_or_else(|| panic!("the demo has no window {number} at {site}"))
    }
}
