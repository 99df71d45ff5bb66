//! The demo's SMS gateway: nothing leaves the machine; every text is printed in clear on the
//! console and kept (the latest [`KEPT`]) for the demo-only page `/demo/sms`, so a visitor can
//! read the login code the portal just sent. Production never uses it: `yichuang serve` sends
//! through the recording adapter, and its outbox page keeps login codes masked.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use domain::validate::Mobile;
use serde::Serialize;

use super::messages::{SendFuture, SmsAdapter};

/// How many texts the demo page keeps.
pub const KEPT: usize = 50;

/// One text as the demo shows it: the phone masked, the body in clear.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DemoText {
    pub at: DateTime<Utc>,
    pub phone_masked: String,
    pub body: String,
}

/// The demo gateway (see the module comment).
#[derive(Debug, Default)]
pub struct DemoGateway {
    texts: Mutex<VecDeque<DemoText>>,
}

impl DemoGateway {
    /// The texts delivered, newest first.
    pub fn recent(&self) -> Vec<DemoText> {
        self.texts.lock().expect("demo texts mutex is never poisoned").iter().rev().cloned().collect()
    }
}

impl SmsAdapter for DemoGateway {
    fn name(&self) -> &str {
        "demo"
    }

    fn send<'a>(&'a self, phone: &'a str, body: &'a str, idempotency_key: &'a str) -> SendFuture<'a> {
        let phone_masked = Mobile::parse("phone", phone).map_or_else(|_| "***".to_owned(), |m| m.masked());
        let text = DemoText { at: Utc::now(), phone_masked, body: body.to_owned() };
        println!("【演示短信】{} {} {}", text.at.with_timezone(&crate::cst()).format("%H:%M:%S"), text.phone_masked, text.body);
        {
            let mut t = self.texts.lock().expect("demo texts mutex is never poisoned");
            t.push_back(text);
            while t.len() > KEPT {
                t.pop_front();
            }
        }
        let reference = format!("demo-{}", idempotency_key.chars().filter(char::is_ascii_alphanumeric).take(24).collect::<String>());
        Box::pin(async move { Ok(reference) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_gateway_keeps_the_latest_texts_in_clear_with_the_phone_masked() {
        let g = DemoGateway::default();
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        for i in 0..KEPT + 3 {
            let r = rt.block_on(g.send("13912345678", &format!("验证码 {i:06}"), &format!("k{i}"))).expect("sent");
            assert_eq!(r, format!("demo-k{i}"));
        }
        let t = g.recent();
        assert_eq!(t.len(), KEPT);
        assert_eq!(t[0].body, format!("验证码 {:06}", KEPT + 2), "newest first, in clear");
        assert_eq!(t[0].phone_masked, "139****5678");
    }
}
