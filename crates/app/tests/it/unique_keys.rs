//! Every unique key of the schema has its own message, on both backends; a real violation is
//! reported with that message.

use testkit::each_backend;

#[tokio::test]
async fn every_unique_key_of_the_schema_has_a_message() {
    each_backend(|t| async move {
        let keys = store::unique::unique_keys(&t.db).await.unwrap();
        assert!(keys.len() > 20, "{keys:?}");
        let missing: Vec<String> = keys.iter().filter(|k| app::error::unique_message(k).is_none()).map(ToString::to_string).collect();
        assert!(missing.is_empty(), "unique keys without a message in app::error::UNIQUE_MESSAGES:\n{}", missing.join("\n"));
        let named: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let stale: Vec<&str> = app::error::UNIQUE_MESSAGES.iter().map(|(k, _)| *k).filter(|k| !named.iter().any(|n| n == k)).collect();
        assert!(stale.is_empty(), "messages for keys the schema does not have: {stale:?}");
        t
    })
    .await;
}

#[tokio::test]
async fn a_taken_username_or_window_number_is_refused_with_its_own_message() {
    each_backend(|t| async move {
        let w = crate::common::world(&t).await;
        let sys = crate::common::system();
        let u = crate::common::user_input(&w.town1, "dup_user", None);
        app::accounts::create_user(&w.app, &sys, &u).await.unwrap();
        let r = app::accounts::create_user(&w.app, &sys, &u).await;
        assert!(matches!(&r, Err(app::AppError::Conflict(m)) if m.contains("用户名已被使用")), "{r:?}");
        let win = crate::common::window_input(&w.zone1, "77", &[w.dept_rs.id]);
        app::org::create_window(&w.app, &sys, w.site1.id, &win).await.unwrap();
        let r = app::org::create_window(&w.app, &sys, w.site1.id, &win).await;
        assert!(matches!(&r, Err(app::AppError::Conflict(m)) if m.contains("该场所已有相同窗口号")), "{r:?}");
        t
    })
    .await;
}
