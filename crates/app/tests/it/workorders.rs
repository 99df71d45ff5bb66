//! Work orders on both backends: intake refusals, routing with working-day deadlines, the
//! department's sign-off and answer (a complaint against staff verified first), a callback that
//! reopens and one that closes, scoping, and refused steps with the allowed ones.

use app::AppError;
use app::workorders::{WorkOrderActionInput, WorkOrderInput, WorkOrderQuery, act, create, get, list};
use chrono::Duration;
use testkit::each_backend;

use crate::common::{actor, assert_forbidden, assert_invalid};

fn step(action: &str, note: &str) -> WorkOrderActionInput {
    WorkOrderActionInput { action: action.into(), note: note.into(), ..WorkOrderActionInput::default() }
}

#[tokio::test]
async fn a_complaint_is_routed_answered_reopened_and_closed() {
    each_backend(|t| async move {
        let d = crate::cases::desk(&t).await;
        let app = &d.w.app;
        let mgr = actor(app, "mgr1").await;
        let base = WorkOrderInput {
            org_unit_id: Some(d.w.town1.id),
            channel: "hotline".into(),
            kind: "complaint".into(),
            content: "窗口工作人员态度生硬，要求的材料指南里没有".into(),
            contact_name: "赵六".into(),
            contact_phone: "13600002222".into(),
            ..WorkOrderInput::default()
        };
        assert_invalid(create(app, &d.clerk, &WorkOrderInput { channel: "fax".into(), ..base.clone() }).await, "channel");
        assert_invalid(create(app, &d.clerk, &WorkOrderInput { content: " ".into(), ..base.clone() }).await, "content");
        assert_invalid(create(app, &d.clerk, &WorkOrderInput { contact_phone: "12345".into(), ..base.clone() }).await, "contact_phone");
        let consult = WorkOrderInput { kind: "consultation".into(), staff_id: Some(d.w.staff1.id), ..base.clone() };
        assert_invalid(create(app, &d.clerk, &consult).await, "staff_id");
        // Taken down at the 办不成事 window against 张三 and routed at once to 市场监管.
        let input = WorkOrderInput { staff_id: Some(d.w.staff1.id), department_id: Some(d.w.dept_sj.id), ..base.clone() };
        let o = create(app, &d.clerk, &input).await.unwrap();
        let id = o.order.id;
        let cal = app::calendar::calendar(app).await.unwrap();
        let today = app.clock.today();
        assert_eq!(o.order.status, "assigned");
        assert!(o.order.order_no.starts_with("GD"), "{}", o.order.order_no);
        let second = create(app, &d.clerk, &WorkOrderInput { kind: "consultation".into(), ..base.clone() }).await.unwrap();
        let seq = |no: &str| no[no.len() - 4..].parse::<i64>().unwrap();
        assert_eq!(seq(&second.order.order_no), seq(&o.order.order_no) + 1, "the day's numbers follow one another");
        assert_eq!(o.order.sign_due_on, Some(cal.add_working_days(today, 1)));
        assert_eq!(o.order.reply_due_on, Some(cal.add_working_days(today, 5)));
        assert_eq!(o.order.contact_phone_masked.as_deref(), Some("136****2222"));
        let json = serde_json::to_string(&o).unwrap();
        assert!(!json.contains("13600002222"), "the phone never leaves in clear");
        // The department's approver finds it; a reply before the sign-off is refused.
        let mine = list(app, &d.approver, &WorkOrderQuery::default()).await.unwrap();
        assert_eq!(mine.items.iter().map(|w| w.order.id).collect::<Vec<_>>(), vec![id]);
        match act(app, &d.approver, id, &step("reply", "已处理")).await {
            Err(AppError::Transition { allowed, .. }) => assert_eq!(allowed, vec!["assign", "sign", "send_back"]),
            other => panic!("expected a refused step, got {other:?}"),
        }
        assert_forbidden(act(app, &d.clerk, id, &step("sign", "")).await);
        assert_eq!(act(app, &d.approver, id, &step("sign", "")).await.unwrap().order.status, "signed");
        // A complaint against staff is verified with the answer; unfounded clears the person.
        assert_invalid(act(app, &d.approver, id, &step("reply", "经核实，材料要求有误解")).await, "verification");
        let reply = WorkOrderActionInput {
            verification: Some("unfounded".into()),
            ..step("reply", "经核实，工作人员按指南告知，已向您说明")
        };
        let r = act(app, &d.approver, id, &reply).await.unwrap();
        assert_eq!((r.order.status.as_str(), r.order.verification.as_deref()), ("replied", Some("unfounded")));
        // Callback: not satisfied reopens with a new reply deadline; the department answers again.
        assert_forbidden(act(app, &d.approver, id, &WorkOrderActionInput { satisfied: Some(true), ..step("callback", "满意") }).await);
        app.clock.advance(Duration::days(1));
        let reopened = act(app, &mgr, id, &WorkOrderActionInput { satisfied: Some(false), ..step("callback", "群众认为答复未解决问题") })
            .await
            .unwrap();
        assert_eq!((reopened.order.status.as_str(), reopened.order.reopen_count), ("signed", 1));
        assert_eq!(reopened.order.reply_due_on, Some(cal.add_working_days(app.clock.today(), 5)));
        let again =
            WorkOrderActionInput { verification: Some("unfounded".into()), ..step("reply", "已补充一次性告知单并电话说明") };
        act(app, &d.approver, id, &again).await.unwrap();
        let closed = act(app, &mgr, id, &WorkOrderActionInput { satisfied: Some(true), ..step("callback", "满意") }).await.unwrap();
        assert_eq!((closed.order.status.as_str(), closed.order.satisfied), ("closed", Some(true)));
        let full = get(app, &mgr, id).await.unwrap();
        let trail: Vec<&str> = full.events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(trail, vec!["register", "assign", "sign", "reply", "callback", "reply", "callback"]);
        // Another town's manager does not see it.
        let mgr2 = actor(app, "mgr2").await;
        assert!(matches!(get(app, &mgr2, id).await, Err(AppError::NotFound(_))));
        t
    })
    .await;
}
