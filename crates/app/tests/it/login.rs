//! Signing in, lock-out, sessions, API tokens and device tokens.

use app::AppError;
use app::accounts::{ApiTokenInput, UserInput};
use app::devices::DeviceInput;
use chrono::Duration;
use domain::access::Role;
use testkit::each_backend;

use crate::common::{PASSWORD, counts, system, user_input, world};

#[tokio::test]
async fn the_right_password_opens_a_session_with_the_users_roles_and_todays_window() {
    each_backend(|t| async move {
        let w = world(&t).await;
        app::org::seat_today(&w.app, &system(), w.window1.id, Some(w.staff1.id)).await.unwrap();
        let s = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap();
        assert_eq!(s.actor.user_id.map(|u| u.0), Some(w.clerk1.id));
        assert_eq!((s.actor.username.as_str(), s.actor.staff_id), ("clerk1", Some(w.staff1.id)));
        assert_eq!(s.actor.roles(), vec![Role::Clerk]);
        assert!(!s.actor.is_system());
        assert_eq!(s.window_id, Some(w.window1.id));
        assert!(s.token.len() >= 40 && s.csrf.len() >= 40 && s.token != s.csrf);

        // a user with no staff record, or whose staff is not seated today, has no window
        let m = app::accounts::login(&w.app, " mgr1 ", PASSWORD).await.unwrap();
        assert_eq!((m.actor.roles(), m.window_id), (vec![Role::HallManager], None));
        w.app.clock.advance(Duration::days(1));
        let next_day = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap();
        assert_eq!(next_day.window_id, None, "a seat is for one day");

        let mut tx = w.app.db.read().await.unwrap();
        let u = store::accounts::get_user(&mut tx, w.clerk1.id).await.unwrap();
        assert_eq!(u.last_login_at, Some(testkit::test_now() + Duration::days(1)));
        t
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_unauthorized() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let r = app::accounts::login(&w.app, "clerk1", "Wrong2026").await;
        assert!(matches!(r, Err(AppError::Unauthorized(_))), "{r:?}");
        let r = app::accounts::login(&w.app, "nobody", PASSWORD).await;
        assert!(matches!(&r, Err(AppError::Unauthorized(m)) if m == "用户名或密码错误"), "{r:?}");
        let r = app::accounts::login(&w.app, "CLERK1x", PASSWORD).await;
        assert!(matches!(r, Err(AppError::Unauthorized(_))), "{r:?}");
        match app::accounts::login(&w.app, "  ", "").await {
            Err(AppError::Invalid(inv)) => {
                assert!(inv.message_for("username").is_some() && inv.message_for("password").is_some());
            }
            r => panic!("{r:?}"),
        }
        let mut tx = w.app.db.read().await.unwrap();
        assert_eq!(store::accounts::get_user(&mut tx, w.clerk1.id).await.unwrap().failed_logins, 1);
        t
    })
    .await;
}

#[tokio::test]
async fn five_wrong_passwords_slow_that_client_but_never_lock_the_owner_out() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let bad = "10.0.0.66";
        for i in 1..=5 {
            let r = app::accounts::login_from(&w.app, "clerk1", "Wrong2026", bad).await;
            assert!(matches!(&r, Err(AppError::Unauthorized(m)) if m == "用户名或密码错误"), "attempt {i}: {r:?}");
        }
        // The guessing client now waits, even with the right password, and is told until when.
        let r = app::accounts::login_from(&w.app, "clerk1", PASSWORD, bad).await;
        assert!(matches!(&r, Err(AppError::Locked(m)) if m.contains("过于频繁")), "{r:?}");
        // The owner on their own client is not affected; nor is another name from the guessing client.
        let s = app::accounts::login_from(&w.app, "clerk1", PASSWORD, "10.0.0.7").await.unwrap();
        assert_eq!(s.actor.username, "clerk1");
        assert!(app::accounts::login_from(&w.app, "mgr1", PASSWORD, bad).await.is_ok());
        // The wait doubles: 1 minute after the fifth failure, then 2 after the sixth.
        w.app.clock.advance(Duration::seconds(61));
        let r = app::accounts::login_from(&w.app, "clerk1", "Wrong2026", bad).await;
        assert!(matches!(r, Err(AppError::Unauthorized(_))), "{r:?}");
        w.app.clock.advance(Duration::seconds(61));
        assert!(matches!(app::accounts::login_from(&w.app, "clerk1", PASSWORD, bad).await, Err(AppError::Locked(_))));
        w.app.clock.advance(Duration::seconds(61));
        let s = app::accounts::login_from(&w.app, "clerk1", PASSWORD, bad).await.unwrap();
        assert_eq!(s.actor.username, "clerk1");
        // A good sign-in forgets the pair's failures: one more typo does not wait.
        let r = app::accounts::login_from(&w.app, "clerk1", "Wrong2026", bad).await;
        assert!(matches!(r, Err(AppError::Unauthorized(_))), "{r:?}");
        assert!(app::accounts::login_from(&w.app, "clerk1", PASSWORD, bad).await.is_ok());
        t
    })
    .await;
}

#[tokio::test]
async fn unknown_disabled_and_wrong_get_one_answer_and_a_spraying_client_backs_off() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let mut off = user_input(&w.town1, "clerk1", Some(w.staff1.id));
        off.active = false;
        off.password = None;
        app::accounts::update_user(&w.app, &system(), w.clerk1.id, &off).await.unwrap();
        let mut answers = Vec::new();
        for (u, p) in [("clerk1", PASSWORD), ("clerk1", "Wrong2026"), ("nobody", PASSWORD), ("mgr1", "Wrong2026")] {
            answers.push(match app::accounts::login_from(&w.app, u, p, "10.0.0.5").await {
                Err(e) => e.to_string(),
                Ok(_) => "signed in".to_owned(),
            });
        }
        assert!(answers.iter().all(|a| a == "用户名或密码错误"), "{answers:?}");
        // Twenty failures across any names from one client make the client wait.
        for i in 0..16 {
            let _ = app::accounts::login_from(&w.app, &format!("guess{i}"), "Wrong2026", "10.0.0.5").await;
        }
        let r = app::accounts::login_from(&w.app, "mgr1", PASSWORD, "10.0.0.5").await;
        assert!(matches!(r, Err(AppError::Locked(_))), "{r:?}");
        assert!(app::accounts::login_from(&w.app, "mgr1", PASSWORD, "10.0.0.6").await.is_ok());
        t
    })
    .await;
}

#[tokio::test]
async fn a_password_reset_unlocks_the_account_and_ends_its_sessions() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let old = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap();
        for _ in 0..5 {
            let _ = app::accounts::login(&w.app, "clerk1", "Wrong2026").await;
        }
        assert!(matches!(app::accounts::login(&w.app, "clerk1", PASSWORD).await, Err(AppError::Locked(_))));
        // (the reset below is the administrator's unlock: the same client signs in at once)
        let i = UserInput { password: Some("NewPass2026".into()), ..user_input(&w.town1, "clerk1", Some(w.staff1.id)) };
        app::accounts::update_user(&w.app, &system(), w.clerk1.id, &i).await.unwrap();
        assert!(app::accounts::session_actor(&w.app, &old.token).await.unwrap().is_none());
        assert!(matches!(app::accounts::login(&w.app, "clerk1", PASSWORD).await, Err(AppError::Unauthorized(_))));
        assert!(app::accounts::login(&w.app, "clerk1", "NewPass2026").await.is_ok());
        t
    })
    .await;
}

#[tokio::test]
async fn a_disabled_account_is_refused_and_its_sessions_end() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let s = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap();
        let i = UserInput { password: None, active: false, ..user_input(&w.town1, "clerk1", Some(w.staff1.id)) };
        let v = app::accounts::update_user(&w.app, &system(), w.clerk1.id, &i).await.unwrap();
        assert!(!v.active);
        let r = app::accounts::login(&w.app, "clerk1", PASSWORD).await;
        // The same answer as a wrong password: a failed sign-in does not tell whether the account exists.
        assert!(matches!(&r, Err(AppError::Unauthorized(m)) if m == "用户名或密码错误"), "{r:?}");
        assert!(app::accounts::session_actor(&w.app, &s.token).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn a_manager_cannot_disable_their_own_account() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let s = app::accounts::login(&w.app, "mgr1", PASSWORD).await.unwrap();
        let before = counts(&w.app).await;
        let i = UserInput { password: None, active: false, ..user_input(&w.town1, "mgr1", None) };
        crate::common::assert_invalid(app::accounts::update_user(&w.app, &s.actor, w.mgr1.id, &i).await, "active");
        assert_eq!(counts(&w.app).await, before);
        assert!(app::accounts::session_actor(&w.app, &s.token).await.unwrap().is_some());
        t
    })
    .await;
}

#[tokio::test]
async fn a_session_is_found_until_logout_or_expiry() {
    each_backend(|t| async move {
        let w = world(&t).await;
        app::org::seat_today(&w.app, &system(), w.window1.id, Some(w.staff1.id)).await.unwrap();
        let s = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap();
        let (a, csrf, window) = app::accounts::session_actor(&w.app, &s.token).await.unwrap().unwrap();
        assert_eq!((a.username.as_str(), csrf.as_str(), window), ("clerk1", s.csrf.as_str(), Some(w.window1.id)));
        assert_eq!(a.roles(), vec![Role::Clerk]);
        assert!(app::accounts::session_actor(&w.app, "not-a-token").await.unwrap().is_none());
        assert!(app::accounts::session_actor(&w.app, &s.csrf).await.unwrap().is_none(), "the CSRF token is not a session token");

        app::accounts::logout(&w.app, &s.token).await.unwrap();
        assert!(app::accounts::session_actor(&w.app, &s.token).await.unwrap().is_none());

        let s2 = app::accounts::login(&w.app, "clerk1", PASSWORD).await.unwrap();
        w.app.clock.advance(Duration::hours(11) + Duration::minutes(59));
        assert!(app::accounts::session_actor(&w.app, &s2.token).await.unwrap().is_some());
        w.app.clock.advance(Duration::minutes(1));
        assert!(app::accounts::session_actor(&w.app, &s2.token).await.unwrap().is_none(), "sessions last 12 hours");
        t
    })
    .await;
}

#[tokio::test]
async fn an_api_token_acts_for_its_user_until_revoked() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let issued = app::accounts::issue_api_token(
            &w.app,
            &system(),
            &ApiTokenInput { name: "叫号系统".into(), user_id: Some(w.mgr1.id), valid_days: None },
        )
        .await
        .unwrap();
        assert!(issued.token.starts_with("api_"));
        assert_eq!((issued.record.user_id, issued.record.token_prefix.as_str()), (w.mgr1.id, &issued.token[..10]));
        let a = app::accounts::api_token_actor(&w.app, &issued.token).await.unwrap().unwrap();
        assert_eq!((a.username.as_str(), a.api_token, a.roles()), ("mgr1", Some(issued.record.id), vec![Role::HallManager]));
        assert!(a.audit_name().contains("api-token"));
        assert!(app::accounts::api_token_actor(&w.app, "api_forged").await.unwrap().is_none());
        let mut tx = w.app.db.read().await.unwrap();
        assert_eq!(
            store::accounts::find_api_token(&mut tx, issued.record.id).await.unwrap().unwrap().last_used_at,
            Some(w.app.clock.now())
        );
        drop(tx);

        app::accounts::revoke_api_token(&w.app, &system(), issued.record.id).await.unwrap();
        assert!(app::accounts::api_token_actor(&w.app, &issued.token).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn an_api_token_expires_after_its_valid_days_and_dies_with_its_account() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let i = ApiTokenInput { name: "评价系统".into(), user_id: Some(w.clerk1.id), valid_days: Some("1".into()) };
        let issued = app::accounts::issue_api_token(&w.app, &system(), &i).await.unwrap();
        assert_eq!(issued.record.expires_at, Some(w.app.clock.now() + Duration::days(1)));
        let forever = app::accounts::issue_api_token(&w.app, &system(), &ApiTokenInput { valid_days: None, ..i.clone() }).await.unwrap();
        let bad = ApiTokenInput { valid_days: Some("0".into()), ..i.clone() };
        crate::common::assert_invalid(app::accounts::issue_api_token(&w.app, &system(), &bad).await, "valid_days");
        w.app.clock.advance(Duration::hours(23));
        assert!(app::accounts::api_token_actor(&w.app, &issued.token).await.unwrap().is_some());
        w.app.clock.advance(Duration::hours(1));
        assert!(app::accounts::api_token_actor(&w.app, &issued.token).await.unwrap().is_none());
        assert!(app::accounts::api_token_actor(&w.app, &forever.token).await.unwrap().is_some());
        let off = UserInput { password: None, active: false, ..user_input(&w.town1, "clerk1", Some(w.staff1.id)) };
        app::accounts::update_user(&w.app, &system(), w.clerk1.id, &off).await.unwrap();
        assert!(app::accounts::api_token_actor(&w.app, &forever.token).await.unwrap().is_none(), "a disabled account's token is dead");
        t
    })
    .await;
}

#[tokio::test]
async fn a_device_token_is_found_until_revoked() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let i = DeviceInput {
            name: "1号窗口评价器".into(),
            kind: "rating_pad".into(),
            site_id: Some(w.site1.id),
            window_id: Some(w.window1.id),
        };
        let issued = app::devices::issue_device(&w.app, &system(), &i).await.unwrap();
        assert!(issued.token.starts_with("dev_"));
        let d = app::accounts::device(&w.app, &issued.token).await.unwrap().unwrap();
        assert_eq!((d.id, d.site_id, d.window_id, d.kind.as_str()), (issued.record.id, w.site1.id, Some(w.window1.id), "rating_pad"));
        assert_eq!(d.last_seen_at, None, "the row as found, before this visit");
        w.app.clock.advance(Duration::minutes(1));
        let d = app::accounts::device(&w.app, &issued.token).await.unwrap().unwrap();
        assert_eq!(d.last_seen_at, Some(testkit::test_now()), "the previous visit was recorded");
        assert!(app::accounts::device(&w.app, "dev_forged").await.unwrap().is_none());

        app::devices::revoke_device(&w.app, &system(), issued.record.id).await.unwrap();
        assert!(app::accounts::device(&w.app, &issued.token).await.unwrap().is_none());
        t
    })
    .await;
}

#[tokio::test]
async fn a_window_bound_device_needs_a_window_of_its_own_site() {
    each_backend(|t| async move {
        let w = world(&t).await;
        let before = counts(&w.app).await;
        let i = DeviceInput { name: "评价器".into(), kind: "rating_pad".into(), site_id: Some(w.site1.id), window_id: None };
        crate::common::assert_invalid(app::devices::issue_device(&w.app, &system(), &i).await, "window_id");
        let i = DeviceInput { window_id: Some(w.window2.id), ..i };
        crate::common::assert_invalid(app::devices::issue_device(&w.app, &system(), &i).await, "window_id");
        let i = DeviceInput { kind: "toaster".into(), ..i };
        crate::common::assert_invalid(app::devices::issue_device(&w.app, &system(), &i).await, "kind");
        let mgr2 = crate::common::actor(&w.app, "mgr2").await;
        let i = DeviceInput { name: "取号机".into(), kind: "kiosk".into(), site_id: Some(w.site1.id), window_id: None };
        crate::common::assert_forbidden(app::devices::issue_device(&w.app, &mgr2, &i).await);
        let after = counts(&w.app).await;
        assert_eq!(after.devices, before.devices);
        assert_eq!(after.audit, before.audit + 1, "only mgr2's login was recorded");
        t
    })
    .await;
}
