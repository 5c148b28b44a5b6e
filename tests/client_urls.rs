//! Every `client_urls` vector of `oracle_url_vectors.jsonl` against Rust mirrors of the URL
//! request types (definitions at the end of `conformance/README.md`).
//!
//! Mirrors use the C# member names (PascalCase) as serde names, so the vector's JSON reads
//! straight into them and nested objects are written as ServiceStack wrote them.
//!
//! Adjusted inputs (the vector is right, the mirror cannot take its JSON as it is):
//! * #12: `Since` is a .NET `DateTime` the oracle read from `…Z` JSON as a Local-kind value
//!   (at UTC), which the JSV writer prints `2024-01-02T03:04:05+00:00`. The mirror holds the
//!   .NET text of the value, so it is fed that text.
//! * #33 (`QpPlainRequest`): one C# member is both a JSV-encoded property and the verbatim
//!   `IHasQueryParams` map; the mirror carries it twice (a map and a `QueryParams`).
//!
//! Not mirrored: `qs` (ServiceStack's `QueryStringSerializer`, a different encoder) and the
//! records without `client_urls` (#62, #64: its `FormUrlEncoded` strategy).
//! Judged wrong: none.

#![cfg(feature = "client")]

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_jsv::client::Negotiation;
use serde_jsv::client::url::{self, Fallback, KeyCase, QueryParams, UrlError, UrlOptions};
use serde_jsv::request::{Method, Route, ServiceStackRequest};

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/conformance/oracle_url_vectors.jsonl"
));

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
enum Color {
    #[default]
    Red,
    Green,
    Blue,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct QsChild {
    name: Option<String>,
    value: i32,
    tags: Option<Vec<String>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct QueryRequest {
    text: Option<String>,
    page: i32,
    flag: bool,
    take: Option<i32>,
    archived: Option<bool>,
    color: Color,
    opt_color: Option<Color>,
    score: f64,
    since: Option<String>,
    tags: Option<Vec<Option<String>>>,
    ids: Option<Vec<i32>>,
    names: Option<Vec<String>>,
    meta: Option<IndexMap<String, String>>,
    child: Option<QsChild>,
    children: Option<Vec<QsChild>>,
}

impl ServiceStackRequest for QueryRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "QueryRequest";
    const METHOD: Method = Method::Get;
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct RoutedRequest {
    id: Option<String>,
    identity: Option<String>,
    page: i32,
    flag: bool,
    take: Option<i32>,
    color: Color,
    tags: Option<Vec<String>>,
    ids: Option<Vec<i32>>,
    meta: Option<IndexMap<String, String>>,
    child: Option<QsChild>,
}

impl ServiceStackRequest for RoutedRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "RoutedRequest";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[
        Route::new("/sessions/{Id}", &[Method::Get]),
        Route::new(
            "/sessions/{Id}/members/{Identity}",
            &[Method::Get, Method::Delete],
        ),
        Route::new("/sessions/{Id}", &[Method::Delete]),
    ];
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct WildcardRequest {
    path: Option<String>,
    version: Option<String>,
}

impl ServiceStackRequest for WildcardRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "WildcardRequest";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/files/{Path*}", &[Method::Get])];
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct IntIdRequest {
    id: i32,
    format: Option<String>,
    ids: Option<Vec<i32>>,
    q: Option<String>,
}

impl ServiceStackRequest for IntIdRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "IntIdRequest";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[
        Route::new("/items/{Id}.{Format}", &[Method::Get]),
        Route::new("/items/{Id}", &[Method::Get]),
    ];
}

/// `[DataContract]`: `[DataMember(Name = "q")] Query`, `[DataMember] Skip`, and a member
/// without `[DataMember]`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct DcRequest {
    #[serde(rename = "q")]
    query: Option<String>,
    #[serde(rename = "Skip")]
    skip: i32,
    #[serde(rename = "NotSent", skip_serializing)]
    not_sent: Option<String>,
}

impl ServiceStackRequest for DcRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "DcRequest";
    const METHOD: Method = Method::Get;
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct QpRequest {
    #[serde(rename = "Name")]
    name: Option<String>,
    /// `[IgnoreDataMember] QueryParams`: only appended verbatim.
    #[serde(rename = "$queryParams")]
    query_params: QueryParams,
}

impl ServiceStackRequest for QpRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "QpRequest";
    const METHOD: Method = Method::Get;
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct QpPlainRequest {
    #[serde(rename = "Name")]
    name: Option<String>,
    /// The same member as an ordinary property…
    #[serde(rename = "QueryParams")]
    query_params: Option<IndexMap<String, String>>,
    /// …and as `IHasQueryParams.QueryParams`.
    #[serde(skip_deserializing)]
    verbatim: QueryParams,
}

impl ServiceStackRequest for QpPlainRequest {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "QpPlainRequest";
    const METHOD: Method = Method::Get;
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Nested {
    name: Option<String>,
    value: i32,
    tags: Option<Vec<String>>,
    child: Option<Box<Nested>>,
}

/// .NET value types the mirror holds as text have no Rust default to skip: these say when
/// the text is the .NET default (`DateTime.MinValue`, `TimeSpan.Zero`, `Guid.Empty`).
fn is_min_date(text: &str) -> bool {
    text.is_empty() || text == "0001-01-01"
}
fn is_zero_time(text: &str) -> bool {
    text.is_empty() || text == "PT0S"
}
fn is_empty_guid(text: &str) -> bool {
    text.is_empty() || text.bytes().all(|b| b == b'0' || b == b'-')
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Generic {
    int: i32,
    long: i64,
    double: f64,
    float: f32,
    /// `decimal`: an `f64` stands in (same JSV text for the values used).
    decimal: f64,
    bool: bool,
    #[serde(skip_serializing_if = "is_min_date")]
    date_time: String,
    #[serde(skip_serializing_if = "is_zero_time")]
    time_span: String,
    #[serde(skip_serializing_if = "is_empty_guid")]
    guid: String,
    bytes: Option<serde_bytes::ByteBuf>,
    char: char,
    color: Color,
    nullable_int: Option<i32>,
    nullable_long: Option<i64>,
    nullable_double: Option<f64>,
    nullable_decimal: Option<f64>,
    nullable_bool: Option<bool>,
    nullable_date_time: Option<String>,
    nullable_time_span: Option<String>,
    nullable_guid: Option<String>,
    nullable_color: Option<Color>,
    string: Option<String>,
    string_list: Option<Vec<String>>,
    string_array: Option<Vec<String>>,
    int_list: Option<Vec<i32>>,
    int_list_list: Option<Vec<Vec<i32>>>,
    nullable_int_list: Option<Vec<Option<i32>>>,
    int_map: Option<IndexMap<String, i32>>,
    string_map: Option<IndexMap<String, String>>,
    list_map: Option<IndexMap<String, Vec<String>>>,
    int_key_map: Option<IndexMap<i32, String>>,
    nested: Option<Nested>,
    nested_list: Option<Vec<Nested>>,
    nested_map: Option<IndexMap<String, Nested>>,
}

impl ServiceStackRequest for Generic {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "Generic";
    const METHOD: Method = Method::Get;
}

#[derive(Deserialize)]
struct Record {
    id: u64,
    #[serde(rename = "type")]
    type_name: String,
    camel: bool,
    json: String,
    text_case: Option<String>,
    client_urls: Option<IndexMap<String, String>>,
}

fn url_of<R: ServiceStackRequest + DeserializeOwned>(
    json: &str,
    method: Method,
    key_case: KeyCase,
    adjust: impl FnOnce(&mut R),
) -> Result<String, String> {
    let mut dto: R = serde_json::from_str(json).map_err(|err| format!("mirror: {err}"))?;
    adjust(&mut dto);
    let options = UrlOptions::new()
        .fallback(Fallback::JsonReply)
        .key_case(key_case);
    url::request_path_with(&dto, method, &options).map_err(|err| err.to_string())
}

fn build(record: &Record, method: Method) -> Result<String, String> {
    let key_case = match record.text_case.as_deref() {
        Some("SnakeCase") => KeyCase::Snake,
        _ => KeyCase::Camel,
    };
    let json = record.json.as_str();
    match record.type_name.as_str() {
        "QueryRequest" => url_of::<QueryRequest>(json, method, key_case, |dto| {
            if record.id == 12 {
                dto.since = dto.since.take().map(|s| s.replace('Z', "+00:00"));
            }
        }),
        "RoutedRequest" => url_of::<RoutedRequest>(json, method, key_case, |_| {}),
        "WildcardRequest" => url_of::<WildcardRequest>(json, method, key_case, |_| {}),
        "IntIdRequest" => url_of::<IntIdRequest>(json, method, key_case, |_| {}),
        "DcRequest" => url_of::<DcRequest>(json, method, key_case, |_| {}),
        "QpRequest" => url_of::<QpRequest>(json, method, key_case, |_| {}),
        "QpPlainRequest" => url_of::<QpPlainRequest>(json, method, key_case, |dto| {
            dto.verbatim = dto
                .query_params
                .clone()
                .unwrap_or_default()
                .into_iter()
                .collect();
        }),
        "Generic" => url_of::<Generic>(json, method, key_case, |_| {}),
        other => Err(format!("no mirror for {other}")),
    }
}

/// The .NET exception text, as our error renders it (`\n` for `\r\n`, no type prefix).
fn expected_error(expected: &str) -> Option<String> {
    let message = expected.strip_prefix("!ERROR ")?;
    let message = message
        .strip_prefix("InvalidOperationException: ")
        .unwrap_or(message);
    Some(message.replace("\r\n", "\n"))
}

#[test]
fn every_client_url_vector() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in VECTORS.lines().filter(|line| !line.trim().is_empty()) {
        let record: Record = serde_json::from_str(line).expect("vector line");
        let Some(urls) = &record.client_urls else {
            continue;
        };
        // Nested objects are written with the mirror's (PascalCase) names.
        if record.camel {
            let json: serde_json::Value = serde_json::from_str(&record.json).unwrap();
            assert!(
                json.get("Child").is_none() && json.get("Children").is_none(),
                "#{}: camelCase nested objects are not mirrored",
                record.id
            );
        }
        for (method_name, expected) in urls {
            let method = match method_name.as_str() {
                "GET" => Method::Get,
                "DELETE" => Method::Delete,
                other => panic!("#{}: method {other}", record.id),
            };
            checked += 1;
            let actual = build(&record, method);
            let ok = match (expected_error(expected), &actual) {
                (Some(message), Err(actual)) => &message == actual,
                (None, Ok(actual)) => actual == expected,
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "#{} {} {method_name}:\n  expected {expected:?}\n  actual   {actual:?}",
                    record.id, record.type_name
                ));
            }
        }
    }
    println!("{checked} client_urls checked, {} failed", failures.len());
    assert!(checked >= 60, "only {checked} vectors checked");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn defaults_stay_in_the_path_and_post_has_no_query() {
    let dto = IntIdRequest {
        id: 0,
        q: Some("x".into()),
        ..IntIdRequest::default()
    };
    let options = UrlOptions::default();
    assert_eq!(
        url::request_path_with(&dto, Method::Get, &options).unwrap(),
        "/items/0?q=x"
    );
    let routed = RoutedRequest {
        id: Some("s1".into()),
        page: 2,
        ..RoutedRequest::default()
    };
    // No route serves POST.
    assert!(matches!(
        url::request_path_with(&routed, Method::Post, &options),
        Err(UrlError::NoMatchingRoute { .. })
    ));
    let query = QueryRequest {
        page: 2,
        ..QueryRequest::default()
    };
    assert_eq!(
        url::request_path(&query, Method::Post, Fallback::Api).unwrap(),
        "/api/QueryRequest"
    );
    assert_eq!(
        url::request_path(&query, Method::Get, Fallback::Api).unwrap(),
        "/api/QueryRequest?page=2"
    );
}

#[test]
fn wildcard_takes_the_rest_of_the_path_encoded() {
    let dto = WildcardRequest {
        path: Some("dir/sub dir/file.txt".into()),
        version: Some("2".into()),
    };
    assert_eq!(
        url::request_path(&dto, Method::Get, Fallback::JsonReply).unwrap(),
        "/files/dir%2Fsub%20dir%2Ffile.txt?version=2"
    );
}

#[derive(Serialize)]
struct Ambiguous {
    a: Option<String>,
    b: Option<String>,
}

impl ServiceStackRequest for Ambiguous {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "Ambiguous";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/a/{a}", &[]), Route::new("/b/{b}", &[])];
}

#[test]
fn equally_specific_routes_with_different_variables_are_ambiguous() {
    let dto = Ambiguous {
        a: Some("1".into()),
        b: Some("2".into()),
    };
    let err = url::request_path(&dto, Method::Get, Fallback::JsonReply).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Ambiguous matching routes found for 'Ambiguous' request:\n\t/a/{a}\n\t/b/{b}"
    );
    let only_a = Ambiguous {
        a: Some("1".into()),
        b: None,
    };
    assert_eq!(
        url::request_path(&only_a, Method::Get, Fallback::JsonReply).unwrap(),
        "/a/1"
    );
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WithPathVariable {
    member_id: String,
}

impl ServiceStackRequest for WithPathVariable {
    type Response = serde_jsv::Value;
    const TYPE_NAME: &'static str = "WithPathVariable";
    const METHOD: Method = Method::Delete;
    const ROUTES: &'static [Route] = &[Route::new(
        "/sessions/{sessionId}/members/{memberId}",
        &[Method::Delete],
    )];

    fn path_variable(&self, name: &str) -> Option<String> {
        (name == "sessionId").then(|| "s 1".to_owned())
    }
}

#[test]
fn path_variable_fills_variables_without_a_member() {
    let dto = WithPathVariable {
        member_id: "agent:7".into(),
    };
    assert_eq!(
        url::request_path(&dto, Method::Delete, Fallback::JsonReply).unwrap(),
        "/sessions/s%201/members/agent%3A7"
    );
    // Under Auto negotiation, user routes get format=jsv.
    let path = Negotiation::Auto
        .request_path(&dto, Method::Delete, KeyCase::Camel)
        .unwrap();
    assert_eq!(
        path.to_string(),
        "/sessions/s%201/members/agent%3A7?format=jsv"
    );
}

#[test]
fn auto_negotiation_leaves_a_format_member_alone() {
    let dto = IntIdRequest {
        id: 7,
        format: Some("json".into()),
        ..IntIdRequest::default()
    };
    let path = Negotiation::Auto
        .request_path(&dto, Method::Get, KeyCase::Camel)
        .unwrap();
    assert_eq!(path.to_string(), "/items/7.json");
    let path = Negotiation::FormatParam
        .request_path(&dto, Method::Get, KeyCase::Camel)
        .unwrap();
    assert_eq!(path.to_string(), "/items/7.json?format=jsv");
    let query = QueryRequest::default();
    let path = Negotiation::Suffix
        .request_path(&query, Method::Get, KeyCase::Camel)
        .unwrap();
    assert_eq!(path.to_string(), "/api/QueryRequest.jsv?");
}
