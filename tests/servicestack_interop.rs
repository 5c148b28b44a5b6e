//! DTOs as ServiceStack's own Rust generator writes them for the `servicestack` crate (base
//! classes as `#[serde(flatten)]`), sent through our client unchanged, and one test per member
//! type measuring what JSV can read back through `flatten` (documented in
//! `serde_jsv::servicestack`).
#![cfg(all(feature = "servicestack", feature = "client"))]

mod client_support;

use std::collections::HashMap;

use client_support::*;
use serde::{Deserialize, Serialize};
use serde_jsv::client::JsvClient;
use serde_jsv::servicestack::{Returns, ReturnsVoid};
use servicestack::{IRequest, IReturn, IReturnVoid};

// ---- DTOs in the shape of ServiceStack's /types/rust output ----

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(default)]
pub struct EntityBase {
    #[serde(rename = "id")]
    pub id: i32,
    #[serde(rename = "createdBy", skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(default)]
pub struct Ticket {
    #[serde(flatten)]
    pub base: EntityBase,
    #[serde(rename = "title", skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Serialize, Debug, Clone, PartialEq, Default)]
pub struct GetTicket {
    #[serde(rename = "id")]
    pub id: i32,
}

impl IRequest for GetTicket {
    const NAME: &'static str = "GetTicket";
    const VERB: &'static str = "GET";
}
impl IReturn for GetTicket {
    type Response = Ticket;
}

#[derive(Serialize, Debug, Clone, PartialEq, Default)]
pub struct Archive {
    #[serde(rename = "id")]
    pub id: i32,
}

impl IRequest for Archive {
    const NAME: &'static str = "Archive";
    const VERB: &'static str = "ANY";
}
impl IReturnVoid for Archive {}

#[tokio::test]
async fn servicestack_dtos_go_through_the_client_on_predefined_routes() {
    let server = ReplayServer::start(vec![
        jsv_ok("{title:Fire,createdBy:ann}"),
        response("204 No Content", None, &[], b""),
    ])
    .await;
    let client = JsvClient::new(server.url()).unwrap();
    let ticket = client.send(&Returns(GetTicket { id: 7 })).await.unwrap();
    assert_eq!(ticket.title.as_deref(), Some("Fire"));
    assert_eq!(ticket.base.created_by.as_deref(), Some("ann"));
    client.send(&ReturnsVoid(Archive { id: 7 })).await.unwrap();
    let lines: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.request_line.clone())
        .collect();
    assert_eq!(lines[0], "GET /jsv/reply/GetTicket?id=7 HTTP/1.1");
    // `ANY` is sent as POST, the DTO as a JSV body.
    assert_eq!(lines[1], "POST /jsv/reply/Archive HTTP/1.1");
    assert_eq!(server.requests()[1].body_text(), "{id:7}");
}

// ---- The flatten limit, one member type per test ----

/// A derived DTO whose flattened base holds one member of type `T`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
struct Base<T> {
    value: T,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
struct Derived<T> {
    name: String,
    #[serde(flatten)]
    base: Base<T>,
}

/// Writes a derived value in JSV and JSON and reads both back: JSON always round-trips; the
/// result of the JSV read is returned (Err holds the message).
fn through_flatten<T>(value: T) -> Result<(), String>
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug + Clone + Default,
{
    let dto = Derived {
        name: "n".into(),
        base: Base { value },
    };
    let json = serde_json::to_string(&dto).unwrap();
    assert_eq!(serde_json::from_str::<Derived<T>>(&json).unwrap(), dto);
    let jsv = serde_jsv::to_string(&dto).unwrap();
    match serde_jsv::from_str::<Derived<T>>(&jsv) {
        Ok(back) => {
            assert_eq!(back, dto);
            Ok(())
        }
        Err(err) => Err(err.to_string()),
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Default)]
enum Kind {
    #[default]
    Bug,
    Task,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
struct Inner<T> {
    inner: T,
}

#[test]
fn flatten_reads_strings() {
    assert_eq!(through_flatten("a,b".to_owned()), Ok(()));
    assert_eq!(through_flatten(Some("x".to_owned())), Ok(()));
}

#[test]
fn flatten_reads_string_enums() {
    assert_eq!(through_flatten(Kind::Task), Ok(()));
}

#[test]
fn flatten_reads_lists_maps_and_structs_of_strings() {
    assert_eq!(
        through_flatten(vec!["a".to_owned(), "b".to_owned()]),
        Ok(())
    );
    let map: HashMap<String, String> = [("k".to_owned(), "v".to_owned())].into_iter().collect();
    assert_eq!(through_flatten(map), Ok(()));
    assert_eq!(
        through_flatten(Inner {
            inner: "x".to_owned()
        }),
        Ok(())
    );
}

#[track_caller]
fn assert_string_error(result: Result<(), String>, expected: &str) {
    let err = result.expect_err("JSV cannot read this through flatten");
    assert!(err.contains("invalid type: string"), "{err}");
    assert!(err.contains(expected), "{err}");
}

#[test]
fn flatten_cannot_read_integers() {
    assert_string_error(through_flatten(42_i32), "expected i32");
    assert_string_error(through_flatten(42_i64), "expected i64");
    assert_string_error(through_flatten(Some(42_i32)), "expected i32");
}

#[test]
fn flatten_cannot_read_floats() {
    assert_string_error(through_flatten(1.5_f64), "expected f64");
}

#[test]
fn flatten_cannot_read_bools() {
    assert_string_error(through_flatten(true), "expected a boolean");
}

#[test]
fn flatten_cannot_read_numbers_inside_lists_or_structs() {
    assert_string_error(through_flatten(vec![1_i32, 2]), "expected i32");
    assert_string_error(through_flatten(Inner { inner: 3_i32 }), "expected i32");
}
