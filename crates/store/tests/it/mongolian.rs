//! Names in traditional Mongolian script of sites, windows, queue categories and items.

use store::StoreError;
use store::mongolian::{self as mn, Named};
use store::queue::CategoryFields;
use testkit::each_backend;

use crate::common::{item, net, now};

const CENTRE: &str = "ᠦᠦᠰᠢᠨ ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠲᠥᠪ";
const WINDOW: &str = "1 ᠳ᠋ᠦᠭᠡᠷ ᠴᠣᠩᠬᠣ";

#[tokio::test]
async fn mongolian_names_are_written_read_with_their_rows_and_cleared() {
    each_backend(|t| async move {
        let n = net(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let cat = CategoryFields { prefix: "A", name: "综合受理", description: "", sort_order: 0, daily_limit: None, active: true };
        let cat = store::queue::insert_category(&mut tx, n.site_a.id, n.site_a.org_unit_id, &cat, now()).await.unwrap();
        let (item_id, _) = item(&mut tx, &n.banner, &n.dept_x, "070300100100", "出生登记").await;
        // Nothing entered: none, and the rows read none.
        assert_eq!(mn::name_mn(&mut tx, Named::Site, n.site_a.id).await.unwrap(), None);
        assert_eq!(mn::device_names(&mut tx, n.site_a.id, Some(n.window_a.id)).await.unwrap(), (None, None));

        mn::set_name_mn(&mut tx, Named::Site, n.site_a.id, Some(CENTRE), now()).await.unwrap();
        mn::set_name_mn(&mut tx, Named::Window, n.window_a.id, Some(WINDOW), now()).await.unwrap();
        mn::set_name_mn(&mut tx, Named::Category, cat, Some("ᠠᠵᠤ ᠠᠬᠤᠢ"), now()).await.unwrap();
        mn::set_name_mn(&mut tx, Named::Item, item_id, Some("ᠲᠥᠷᠥᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"), now()).await.unwrap();
        for (what, e) in [(Named::Site, "site"), (Named::Window, "window"), (Named::Category, "queue category"), (Named::Item, "item")] {
            assert!(matches!(mn::set_name_mn(&mut tx, what, 9999, Some(WINDOW), now()).await, Err(StoreError::NotFound(x)) if x == e));
            assert!(matches!(mn::name_mn(&mut tx, what, 9999).await, Err(StoreError::NotFound(x)) if x == e));
        }
        tx.commit().await.unwrap();

        let mut tx = t.db.read().await.unwrap();
        assert_eq!(store::org::get_site(&mut tx, n.site_a.id).await.unwrap().name_mn.as_deref(), Some(CENTRE));
        assert_eq!(store::org::get_window(&mut tx, n.window_a.id).await.unwrap().name_mn.as_deref(), Some(WINDOW));
        assert_eq!(store::queue::get_category(&mut tx, cat).await.unwrap().name_mn.as_deref(), Some("ᠠᠵᠤ ᠠᠬᠤᠢ"));
        assert_eq!(store::catalog::get_item(&mut tx, item_id).await.unwrap().name_mn.as_deref(), Some("ᠲᠥᠷᠥᠯᠲᠡ ᠶᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"));
        assert_eq!(
            mn::device_names(&mut tx, n.site_a.id, Some(n.window_a.id)).await.unwrap(),
            (Some(CENTRE.to_owned()), Some(WINDOW.to_owned()))
        );
        assert_eq!(mn::device_names(&mut tx, n.site_a.id, None).await.unwrap(), (Some(CENTRE.to_owned()), None));
        // The other site is untouched.
        assert_eq!(store::org::get_site(&mut tx, n.site_b.id).await.unwrap().name_mn, None);
        drop(tx);

        let mut tx = t.db.begin().await.unwrap();
        mn::set_name_mn(&mut tx, Named::Site, n.site_a.id, None, now()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.read().await.unwrap();
        assert_eq!(mn::name_mn(&mut tx, Named::Site, n.site_a.id).await.unwrap(), None);
        t
    })
    .await;
}
