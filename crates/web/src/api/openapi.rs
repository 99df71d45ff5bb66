//! The `/api/v1` router and its OpenAPI document: every feature's routes are declared with
//! `#[utoipa::path]` and collected here by `utoipa-axum`, so the document and the router come
//! from the same list.

use axum::Json;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use super::{
    accounts, appointments, audit, calendar, cases, catalog, devices, figures, org, outbox, portal, queue, ratings, supervision, workorders,
};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "yichuang API", description = "一窗 政务服务中心平台 接口。错误统一为 {\"error\":{\"code\",\"message\",\"details\"}}；列表统一为 {\"items\",\"next_cursor\"}。认证：Authorization: Bearer <token>（登录接口返回的令牌或 api_ 开头的接口令牌；设备使用 dev_ 开头的设备令牌）。"),
    servers((url = "/api/v1")),
    tags(
        (name = "auth", description = "登录与会话"),
        (name = "org", description = "组织机构、部门、场所、区域、窗口、工作人员"),
        (name = "accounts", description = "账号、授权、设备令牌、接口令牌"),
        (name = "audit", description = "审计日志"),
        (name = "catalog", description = "事项库：事项、版本、进驻、统计"),
        (name = "calendar", description = "工作日历"),
        (name = "queue", description = "排队叫号：取号、叫号、窗口状态、实时事件"),
        (name = "outbox", description = "短信发件箱"),
        (name = "appointments", description = "预约：时段、预约、取消、签到、预约模板与设置"),
        (name = "cases", description = "办件：接件、受理、审查、决定、出件送达、时限与预警"),
        (name = "portal", description = "网上办事（不见面审批）：短信验证码登录、网上申请、补正、进度查询、窗口预审"),
        (name = "supervision", description = "效能监察：催办与答复、监察统计、进驻核查"),
        (name = "ratings", description = "好差评：一次一评、一事一评、差评整改、申诉复核、评价规则"),
        (name = "workorders", description = "工单：12345 热线、办不成事窗口，派单、签收、答复、回访、重办"),
        (name = "figures", description = "数据看板：目标指标、分组统计、趋势、窗口月度排名、Excel 导出"),
    )
)]
struct ApiDoc;

/// Every feature's API routes with their description, by name.
pub fn features() -> Vec<(&'static str, OpenApiRouter<AppState>)> {
    vec![
        ("accounts::sessions", accounts::sessions::router()),
        ("org", org::router()),
        ("accounts::users", accounts::users::router()),
        ("audit", audit::router()),
        ("catalog", catalog::router()),
        ("calendar", calendar::router()),
        ("queue", queue::router()),
        ("figures::queue", figures::queue::router()),
        ("devices", devices::router()),
        ("outbox", outbox::router()),
        ("appointments", appointments::router()),
        ("cases", cases::router()),
        ("portal", portal::router()),
        ("supervision", supervision::router()),
        ("ratings", ratings::router()),
        ("workorders", workorders::router()),
        ("figures::dashboard", figures::dashboard::router()),
    ]
}

/// The API routes with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    let mut r = OpenApiRouter::with_openapi(ApiDoc::openapi());
    for (_, f) in features() {
        r = r.merge(f);
    }
    r
}

/// The OpenAPI document, completed with what every operation shares (see [`complete`]).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = router().split_for_parts().1;
    complete(&mut doc);
    doc
}

/// What every answer of the API may be besides an operation's own: the house error shape for a
/// path or query parameter that does not parse (400), no or a bad token (401), no right (403), no
/// record (404), a wrong method (405), a conflict with the record's state (409), a body over the
/// limit (413), a wrong body type (415), invalid input (422), and a limit reached (429); plus each
/// path parameter of the route, declared where the operation did not (its type from its name).
pub fn complete(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};

    const SHARED: &[(&str, &str)] = &[
        ("400", "路径参数无法识别（如编号不是整数）"),
        ("401", "未登录或令牌无效"),
        ("403", "无权进行该操作"),
        ("404", "记录不存在或不在本人的辖区内"),
        ("405", "该接口不支持此请求方法"),
        ("409", "与记录当前的状态冲突"),
        ("413", "请求体超过大小上限"),
        ("415", "请求体的类型不受支持"),
        ("422", "输入有误，逐项说明"),
        ("429", "请求过于频繁"),
    ];
    let error = utoipa::openapi::schema::ObjectBuilder::new()
        .property(
            "error",
            ObjectBuilder::new()
                .property("code", ObjectBuilder::new().schema_type(Type::String))
                .property("message", ObjectBuilder::new().schema_type(Type::String))
                .property("details", ObjectBuilder::new())
                .required("code")
                .required("message"),
        )
        .required("error");
    doc.components.get_or_insert_with(Default::default).schemas.insert("Error".to_owned(), error.into());
    for (path, item) in doc.paths.paths.iter_mut() {
        let names: Vec<String> = path.split('/').filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}').map(str::to_owned)).collect();
        let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for op in ops.into_iter().flatten() {
            let declared: Vec<String> = op
                .parameters
                .iter()
                .flatten()
                .filter_map(|p| match p {
                    utoipa::openapi::RefOr::T(p) if p.parameter_in == ParameterIn::Path => Some(p.name.clone()),
                    _ => None,
                })
                .collect();
            for name in names.iter().filter(|n| !declared.contains(n)) {
                let numeric = name == "id" || name.ends_with("_id");
                let schema = if numeric {
                    ObjectBuilder::new().schema_type(Type::Integer).format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                } else {
                    ObjectBuilder::new().schema_type(Type::String)
                };
                let param = ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .description(Some(if numeric { "编号" } else { "路径参数" }))
                    .schema(Some(schema))
                    .build();
                op.parameters.get_or_insert_with(Vec::new).push(param.into());
            }
            for (code, what) in SHARED {
                op.responses.responses.entry((*code).to_owned()).or_insert_with(|| {
                    ResponseBuilder::new()
                        .description(*what)
                        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Error"))).build())
                        .build()
                        .into()
                });
            }
        }
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Response {
    Json(openapi()).into_response()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn no_two_features_document_different_schemas_under_one_name() {
        let mut seen: BTreeMap<String, (&str, serde_json::Value)> = BTreeMap::new();
        let mut clashes = Vec::new();
        for (feature, r) in features() {
            let doc = r.split_for_parts().1;
            for (name, schema) in doc.components.map(|c| c.schemas).unwrap_or_default() {
                let json = serde_json::to_value(&schema).expect("schema serialises");
                match seen.get(&name) {
                    Some((other, prev)) if *prev != json => clashes.push(format!("{name}: {other} and {feature}")),
                    Some(_) => {}
                    None => {
                        seen.insert(name, (feature, json));
                    }
                }
            }
        }
        assert!(clashes.is_empty(), "schema names used for different shapes: {clashes:?}");
        for name in ["CaseActionInput", "TicketActionInput", "FiguresDashboard", "SupervisionDashboard"] {
            assert!(seen.contains_key(name), "{name} documented");
        }
    }

    #[test]
    fn every_path_parameter_is_declared_and_every_error_is_documented() {
        let doc = serde_json::to_value(openapi()).expect("document serialises");
        let mut missing = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let names: Vec<&str> = path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
            for (method, op) in item.as_object().expect("path item") {
                let params: Vec<&str> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect();
                for n in &names {
                    if !params.contains(n) {
                        missing.push(format!("{method} {path}: {n}"));
                    }
                }
                for code in ["400", "401", "403", "404", "422", "429"] {
                    assert!(op["responses"][code].is_object(), "{method} {path} documents {code}");
                }
            }
        }
        assert!(missing.is_empty(), "undeclared path parameters: {missing:?}");
        let portal = &doc["paths"]["/portal/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_ne!(portal["type"], "array", "the portal's lists are {{items, next_cursor}}: {portal}");
    }

    /// Resolves a `$ref` into the document's schemas.
    fn resolve<'a>(doc: &'a serde_json::Value, s: &'a serde_json::Value) -> &'a serde_json::Value {
        match s["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(name) => resolve(doc, &doc["components"]["schemas"][name]),
            None => s,
        }
    }

    #[test]
    fn every_list_declares_its_items() {
        let doc = serde_json::to_value(openapi()).expect("document serialises");
        let mut bare = Vec::new();
        let mut lists = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let ok = &op["responses"]["200"];
                if !ok["description"].as_str().unwrap_or("").starts_with("{items") {
                    continue;
                }
                lists += 1;
                let schema = resolve(&doc, &ok["content"]["application/json"]["schema"]);
                let items = resolve(&doc, &schema["properties"]["items"]["items"]);
                let typed = items.as_object().is_some_and(|o| o.contains_key("properties") || o.contains_key("allOf"));
                if !typed || !schema["properties"]["next_cursor"].is_object() {
                    bare.push(format!("{method} {path}"));
                }
            }
        }
        assert!(lists >= 25, "lists found: {lists}");
        assert!(bare.is_empty(), "lists without the schema of their items: {bare:?}");
    }
}
