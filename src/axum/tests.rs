//! Every rejection and response of the module, driven through a real `Router`, with the exact
//! status and body ServiceStack gives.

use ::axum::Router;
use ::axum::body::{Body, to_bytes};
use ::axum::extract::DefaultBodyLimit;
use ::axum::http::Request;
use ::axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tower::ServiceExt;

use super::*;
use crate::request::{Method, Route, ServiceStackRequest};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Hello {
    name: String,
    times: u32,
    tags: Vec<String>,
    loud: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HelloResponse {
    result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl ServiceStackRequest for Hello {
    type Response = HelloResponse;
    const TYPE_NAME: &'static str = "Hello";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[
        Route::new("/hello", &[Method::Post]),
        Route::new("/hello/{name}", &[Method::Get, Method::Delete]),
    ];
}

async fn jsv_hello(Jsv(hello): Jsv<Hello>) -> Jsv<HelloResponse> {
    Jsv(HelloResponse {
        result: format!("Hello, {}! x{}", hello.name, hello.times),
        note: None,
    })
}

async fn query_hello(format: Negotiate, JsvQuery(hello): JsvQuery<Hello>) -> Negotiated<Hello> {
    format.respond(hello)
}

fn app() -> Router {
    Router::new()
        .route("/jsv", post(jsv_hello))
        .route("/query", get(query_hello))
        .layer(DefaultBodyLimit::max(64))
}

fn services() -> Router {
    Router::new().service(|hello: Hello| async move {
        if hello.name.is_empty() {
            return Err(ServiceStackError::validation(
                "NotEmpty",
                "Name",
                "'Name' must not be empty.",
            )
            .field_error("GreaterThan", "Times", "'Times' must be greater than '0'."));
        }
        if hello.name == "nobody" {
            return Err(ServiceStackError::not_found("No one called 'nobody'"));
        }
        Ok(HelloResponse {
            result: format!("Hello, {}!", hello.name),
            note: hello.tags.first().cloned(),
        })
    })
}

struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

async fn call(
    app: Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .oneshot(request.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        content_type,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

const JSV: &str = "application/jsv; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

#[tokio::test]
async fn jsv_body_in_and_out() {
    let answer = call(
        app(),
        "POST",
        "/jsv",
        &[("Content-Type", "text/jsv")],
        "{name:Ann,times:2}",
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (200, JSV));
    assert_eq!(answer.body, "{result:\"Hello, Ann! x2\"}");
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let answer = call(
        app(),
        "POST",
        "/jsv",
        &[("Content-Type", "text/plain")],
        "{name:Ann}",
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (415, JSON));
    assert_eq!(
        answer.body,
        r#"{"responseStatus":{"errorCode":"NotSupportedException","message":"ContentType not supported 'text/plain'","errors":[]}}"#
    );
    let missing = call(app(), "POST", "/jsv?format=jsv", &[], "{name:Ann}").await;
    assert_eq!((missing.status, missing.content_type.as_str()), (415, JSV));
    assert_eq!(
        missing.body,
        "{responseStatus:{errorCode:NotSupportedException,message:ContentType not supported '',errors:[]}}"
    );
}

#[tokio::test]
async fn body_too_large_is_413() {
    let body = format!("{{name:{}}}", "x".repeat(100));
    let answer = call(
        app(),
        "POST",
        "/jsv",
        &[
            ("Content-Type", "application/jsv"),
            ("Accept", "application/jsv"),
        ],
        &body,
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (413, JSV));
    assert_eq!(
        answer.body,
        "{responseStatus:{errorCode:RequestEntityTooLarge,message:\"The request body could not be read: Failed to buffer the request body: length limit exceeded\",errors:[]}}"
    );
}

#[tokio::test]
async fn bad_jsv_names_line_column_and_member() {
    let answer = call(
        app(),
        "POST",
        "/jsv",
        &[
            ("Content-Type", "application/jsv"),
            ("Accept", "application/json"),
        ],
        "{name:Ann,\ntimes:many}",
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (400, JSON));
    let detail = "JSV parse error at line 2, column 7: invalid u32: `many`";
    let expected = serde_json::json!({"responseStatus": {
        "errorCode": "SerializationException",
        "message": format!("Could not deserialize 'application/jsv' request using Hello'\nError: {detail}"),
        "errors": [{"errorCode": "SerializationException", "fieldName": "times", "message": detail,
                    "meta": {"PropertyName": "times"}}],
    }});
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&answer.body).unwrap(),
        expected
    );

    // Malformed, not just ill-typed: still 400, still the position.
    let answer = call(
        app(),
        "POST",
        "/jsv",
        &[("Content-Type", "application/jsv")],
        "{name:\"Ann}",
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.body.contains("JSV parse error at line 1, column 7"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn bad_query_lists_every_member() {
    let answer = call(
        app(),
        "GET",
        "/query?Name=Ann&times=x&loud=maybe&format=jsv",
        &[],
        "",
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (400, JSV));
    assert_eq!(
        answer.body,
        "{responseStatus:{errorCode:SerializationException,message:Unable to bind to request 'Hello',errors:[\
         {errorCode:SerializationException,fieldName:times,message:'x' is an Invalid value for 'times',meta:{PropertyName:times}},\
         {errorCode:SerializationException,fieldName:loud,message:'maybe' is an Invalid value for 'loud',meta:{PropertyName:loud}}]}}"
    );
}

#[tokio::test]
async fn query_reads_servicestack_values() {
    let answer = call(
        app(),
        "GET",
        "/query?NAME=a%20b&times=3&tags=x%2C%22y%2Cz%22&loud=True&empty=",
        &[("Accept", "application/jsv")],
        "",
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let hello: Hello = crate::from_str(&answer.body).unwrap();
    assert_eq!(
        hello,
        Hello {
            name: "a b".into(),
            times: 3,
            tags: vec!["x".into(), "y,z".into()],
            loud: Some(true),
        }
    );
    let bracketed: Hello = from_query_str("tags=%5Ba%2Cb%5D").unwrap();
    assert_eq!(bracketed.tags, ["a", "b"]);
    // A repeated key is one comma-joined value, as in .NET's `NameValueCollection`.
    let repeated: Hello = from_query_str("tags=a&TAGS=b%2Cc").unwrap();
    assert_eq!(repeated.tags, ["a", "b", "c"]);
}

#[tokio::test]
async fn pascal_case_by_extension() {
    let app = app().layer(::axum::Extension(ErrorCase::Pascal));
    let answer = call(app, "POST", "/jsv", &[("Content-Type", "text/plain")], "x").await;
    assert!(
        answer
            .body
            .starts_with(r#"{"ResponseStatus":{"ErrorCode":"NotSupportedException""#)
    );
}

#[tokio::test]
async fn service_on_user_and_predefined_routes() {
    // `[Route("/hello", "POST")]`, JSON body, JSON answer.
    let answer = call(
        services(),
        "POST",
        "/hello",
        &[("Content-Type", "application/json")],
        r#"{"name":"Ann","tags":["t"]}"#,
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (200, JSON));
    assert_eq!(answer.body, r#"{"result":"Hello, Ann!","note":"t"}"#);
    // The same route with a `.jsv` suffix.
    let answer = call(
        services(),
        "POST",
        "/hello.jsv",
        &[("Content-Type", "application/json")],
        r#"{"name":"Ann"}"#,
    )
    .await;
    assert_eq!((answer.status, answer.content_type.as_str()), (200, JSV));
    assert_eq!(answer.body, "{result:\"Hello, Ann!\"}");
    // `[Route("/hello/{name}", "GET")]`, the variable with a suffix, members in the query,
    // a JSON Content-Type with no body.
    let answer = call(
        services(),
        "GET",
        "/hello/Bob.jsv?tags=a,b",
        &[("Content-Type", "application/json")],
        "",
    )
    .await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (200, JSV),
        "{}",
        answer.body
    );
    assert_eq!(answer.body, "{result:\"Hello, Bob!\",note:a}");
    // A percent-encoded variable, decoded, its suffix still a format.
    let answer = call(services(), "DELETE", "/hello/B%40b%20C.json", &[], "").await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (200, JSON),
        "{}",
        answer.body
    );
    assert_eq!(answer.body, r#"{"result":"Hello, B@b C!"}"#);
    // Predefined routes, any verb: `/json/reply`, `/jsv/reply`, `/api`.
    let answer = call(
        services(),
        "GET",
        "/json/reply/Hello?name=Cy",
        &[("Accept", "*/*")],
        "",
    )
    .await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, r#"{"result":"Hello, Cy!"}"#)
    );
    let answer = call(
        services(),
        "PUT",
        "/jsv/reply/Hello",
        &[("Content-Type", "application/json")],
        "{name:Di}",
    )
    .await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "{result:\"Hello, Di!\"}")
    );
    let answer = call(
        services(),
        "POST",
        "/api/Hello",
        &[("Content-Type", "application/json")],
        r#"{"name":"Ed"}"#,
    )
    .await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, r#"{"result":"Hello, Ed!"}"#)
    );
    // A verb the route does not serve, and a path no route serves.
    let mut request = Request::builder()
        .method("PUT")
        .uri("/hello")
        .body(Body::empty())
        .unwrap();
    request
        .headers_mut()
        .insert("accept", "application/jsv".parse().unwrap());
    let response = services().oneshot(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    assert_eq!(
        body,
        "{responseStatus:{errorCode:MethodNotAllowed,message:PUT is not allowed on /hello,errors:[]}}"
    );
    let answer = call(services().fallback(not_found), "GET", "/nowhere", &[], "").await;
    assert_eq!((answer.status, answer.content_type.as_str()), (404, JSON));
    assert_eq!(
        answer.body,
        r#"{"responseStatus":{"errorCode":"NotFound","message":"Handler for Request not found: GET /nowhere","errors":[]}}"#
    );
}

#[tokio::test]
async fn service_errors_and_batches() {
    let answer = call(
        services(),
        "POST",
        "/json/reply/Hello",
        &[("Content-Type", "application/json")],
        "{}",
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.body,
        r#"{"responseStatus":{"errorCode":"NotEmpty","message":"'Name' must not be empty.","errors":[{"errorCode":"NotEmpty","fieldName":"Name","message":"'Name' must not be empty.","meta":{"PropertyName":"Name"}},{"errorCode":"GreaterThan","fieldName":"Times","message":"'Times' must be greater than '0'.","meta":{"PropertyName":"Times"}}]}}"#
    );
    let answer = call(services(), "GET", "/jsv/reply/Hello?name=nobody", &[], "").await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.body,
        "{responseStatus:{errorCode:NotFound,message:No one called 'nobody',errors:[]}}"
    );

    for path in [
        "/json/reply/Hello[]",
        "/json/reply/Hello%5B%5D",
        "/api/Hello%5b%5d",
    ] {
        let answer = call(
            services(),
            "POST",
            path,
            &[("Content-Type", "application/json")],
            r#"[{"name":"A"},{"name":"B"}]"#,
        )
        .await;
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (200, r#"[{"result":"Hello, A!"},{"result":"Hello, B!"}]"#),
            "{path}"
        );
    }
    let answer = call(
        services(),
        "POST",
        "/jsv/reply/Hello[]",
        &[],
        "[{name:A},{name:nobody},{name:C}]",
    )
    .await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.body,
        "{responseStatus:{errorCode:NotFound,message:No one called 'nobody',errors:[],meta:{AutoBatchIndex:1}}}"
    );
    // A body that is not JSON on a JSON route.
    let answer = call(
        services(),
        "POST",
        "/json/reply/Hello",
        &[("Content-Type", "application/json")],
        r#"{"name":"A","times":"x"}"#,
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.body.contains(r#""fieldName":"times""#),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("JSON parse error at line 1, column"),
        "{}",
        answer.body
    );
}
