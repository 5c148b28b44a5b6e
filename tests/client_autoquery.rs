//! Typed AutoQuery on the wire: `QueryBase` members in the query string of a GET, and
//! `QueryResponse<T>` decoded, against the loopback replay server; both clients.

#![cfg(all(feature = "blocking", feature = "server"))]

mod both_clients;
mod client_support;

use both_clients::{Client, Config};
use client_support::*;
use serde::{Deserialize, Serialize};
use serde_jsv::builtin::{QueryBase, QueryDb, QueryResponse};
use serde_jsv::request::{Method, Route, ServiceStackRequest};
use serde_jsv::server::QuerySessions;

/// An AutoQuery request of your own, `QueryBase` embedded.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct QueryMembers {
    #[serde(skip_serializing_if = "Option::is_none")]
    identity_starts_with: Option<String>,
    #[serde(flatten)]
    query: QueryBase,
}

impl ServiceStackRequest for QueryMembers {
    type Response = QueryResponse<Member>;
    const TYPE_NAME: &'static str = "QueryMembers";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/members", &[Method::Get])];
}

impl QueryDb<Member> for QueryMembers {
    fn query(&self) -> &QueryBase {
        &self.query
    }
    fn query_mut(&mut self) -> &mut QueryBase {
        &mut self.query
    }
}

/// A request without routes goes to the predefined route, members still in the query.
#[derive(Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct QueryAnything {
    #[serde(flatten)]
    query: QueryBase,
}

impl ServiceStackRequest for QueryAnything {
    type Response = QueryResponse<serde_jsv::Value>;
    const TYPE_NAME: &'static str = "QueryAnything";
    const METHOD: Method = Method::Get;
}

fn query_members_go_in_the_query_string<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        jsv_ok("{offset:20,total:42,results:[{identity:a,muted:True},{identity:b}]}"),
        response(
            "200 OK",
            Some("application/json"),
            &[],
            br#"{"offset":0,"total":0,"results":[{"identity":"c"}],"meta":{"k":"v"}}"#,
        ),
        jsv_ok("{offset:0,total:0,results:[]}"),
        jsv_ok("{offset:0,total:0}"),
    ]);
    let client = C::build(&server.url(), Config::default());
    let mut request = QueryMembers {
        identity_starts_with: Some("a b".into()),
        query: QueryBase {
            order_by_desc: Some("identity,muted".into()),
            include: Some("total".into()),
            fields: Some("identity".into()),
            ..QueryBase::page(20, 10)
        },
    };
    let page = client.send(&request).unwrap();
    assert_eq!((page.offset, page.total), (20, 42), "{}", C::FLAVOUR);
    assert_eq!(page.results.len(), 2);
    assert!(page.results[0].muted);

    request.query_mut().skip = Some(30);
    request.query_mut().include = None;
    let page = client.send(&request).unwrap();
    assert_eq!(page.results[0].identity, "c");
    assert_eq!(page.meta.unwrap()["k"], "v");

    client
        .send(&QueryAnything {
            query: QueryBase::page(0, 5),
        })
        .unwrap();
    client
        .send(&QuerySessions {
            ended: Some(false),
            order_by: Some("-dateCreated".into()),
            ..QuerySessions::page(0, 25)
        })
        .unwrap();

    let lines: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.request_line)
        .collect();
    assert_eq!(
        lines,
        [
            "GET /members?identityStartsWith=a%20b&skip=20&take=10&orderByDesc=identity%2Cmuted&include=total&fields=identity&format=jsv HTTP/1.1",
            "GET /members?identityStartsWith=a%20b&skip=30&take=10&orderByDesc=identity%2Cmuted&fields=identity&format=jsv HTTP/1.1",
            "GET /jsv/reply/QueryAnything?skip=0&take=5 HTTP/1.1",
            "GET /sessions?ended=False&skip=0&take=25&orderBy=-dateCreated&format=jsv HTTP/1.1",
        ]
    );
}

both!(query_members_go_in_the_query_string);
