//! A ServiceStack-compatible service in a few lines: one request DTO, answered in JSV or
//! JSON, on its `[Route]`, `/json/reply/Hello`, `/jsv/reply/Hello` and `/api/Hello`; then
//! called by our own client (JSV) and by a plain HTTP GET asking for JSON.
//!
//! Run: `cargo run --example hello_service --features axum,server,client`

use serde::{Deserialize, Serialize};
use serde_jsv::axum::{ServiceStackError, ServiceStackRouter};
use serde_jsv::client::JsvClient;
use serde_jsv::request::{Method, Route, ServiceStackRequest};

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Hello {
    name: String,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct HelloResponse {
    result: String,
}

impl ServiceStackRequest for Hello {
    type Response = HelloResponse;
    const TYPE_NAME: &'static str = "Hello";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/hello", &[Method::Get])];
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The service: ten lines.
    let app = axum::Router::new().service(|hello: Hello| async move {
        match hello.name.as_str() {
            "" => Err(ServiceStackError::validation(
                "NotEmpty",
                "Name",
                "'Name' must not be empty.",
            )),
            name => Ok(HelloResponse {
                result: format!("Hello, {name}!"),
            }),
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    // Our client: JSV on the wire.
    let client = JsvClient::new(&base)?;
    let answer = client.send(&Hello { name: "JSV".into() }).await?;
    println!("JsvClient      -> {answer:?}");

    // Any HTTP client asking for JSON, on the predefined route.
    let json = reqwest::get(format!("{base}/json/reply/Hello?name=JSON"))
        .await?
        .text()
        .await?;
    println!("GET /json/...  -> {json}");

    // A validation error, as ServiceStack's clients expect it.
    let error = client.send(&Hello::default()).await.unwrap_err();
    println!("empty name     -> {error}");
    Ok(())
}
