//! The client and the server, end to end, on this machine.
//!
//! Starts the in-memory Evo Voice session server on a free loopback port, then drives the
//! blocking client through sign-in → create → a batch invite → patch → delete a member →
//! a paged query, and two failures (an invalid invitation and an unknown session),
//! printing every request and response exactly as it crossed the wire.
//!
//! ```text
//! cargo run --example demo --features client,blocking,server,evo-voice
//! cargo run --example demo --all-features -- --pretty   # also show each body indented
//! ```

use std::error::Error;
use std::sync::mpsc;
use std::time::Duration;

use serde_jsv::Value;
use serde_jsv::builtin::Authenticate;
use serde_jsv::client::UploadFile;
use serde_jsv::client::blocking::JsvClient;
use serde_jsv::evo_voice::{
    DeleteChatMember, FlowChannels, InviteChatMember, PatchSession, SessionCallState,
    SessionHoldReasons, SessionInfo,
};
use serde_jsv::server::{
    CreateSession, Exchange, GetSession, QuerySessions, SessionServer, UploadAttachment,
};

/// Prints what crossed the wire.
struct Wire {
    exchanges: mpsc::Receiver<Exchange>,
    pretty: bool,
}

impl Wire {
    /// Prints every exchange the server has finished since the last call.
    fn show(&self) {
        // The server hands an exchange over before it sends the response, so by the time
        // the client has its answer the exchange is waiting here.
        let first = self.exchanges.recv_timeout(Duration::from_secs(5));
        for exchange in first.into_iter().chain(self.exchanges.try_iter()) {
            self.print(&exchange);
        }
    }

    fn print(&self, exchange: &Exchange) {
        println!("  > {} {}", exchange.method, exchange.uri);
        for name in ["accept", "content-type"] {
            if let Some(value) = exchange.request_header(name) {
                println!("  > {}: {value}", header_case(name));
            }
        }
        // Credentials, shortened: enough to see which ones went.
        if let Some(value) = exchange.request_header("authorization") {
            println!("  > Authorization: {}", shorten(value));
        }
        if let Some(value) = exchange.request_header("cookie") {
            println!("  > Cookie: {}", shorten(value));
        }
        if !exchange.request_body.is_empty() {
            println!("  > {}", exchange.request_text());
            self.indented(&exchange.request_text());
        }
        let status = exchange.status;
        println!(
            "  < {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        );
        if let Some(content_type) = exchange.response_content_type() {
            println!("  < Content-Type: {content_type}");
        }
        for cookie in exchange.response_headers.get_all("set-cookie") {
            let cookie = String::from_utf8_lossy(cookie.as_bytes());
            println!("  < Set-Cookie: {}", shorten(&cookie));
        }
        println!("  < {}", exchange.response_text());
        self.indented(&exchange.response_text());
    }

    /// With `--pretty`, the body again in ServiceStack's indented layout.
    fn indented(&self, text: &str) {
        if !self.pretty {
            return;
        }
        if let Ok(value) = serde_jsv::from_str::<Value>(text) {
            for line in format!("{value:#}").lines() {
                println!("  | {line}");
            }
        }
    }
}

/// Secrets cut short (`Bearer demo-tok…`), cookie by cookie; a `Set-Cookie`'s attributes
/// are left out.
fn shorten(value: &str) -> String {
    let cut = |part: &str| match part.char_indices().nth(16) {
        Some((at, _)) => format!("{}…", &part[..at]),
        None => part.to_owned(),
    };
    if value.contains("path=") {
        return cut(value.split(';').next().unwrap_or_default());
    }
    value.split("; ").map(cut).collect::<Vec<_>>().join("; ")
}

fn header_case(name: &str) -> &'static str {
    match name {
        "accept" => "Accept",
        _ => "Content-Type",
    }
}

fn step(title: &str) {
    println!();
    println!("== {title}");
}

/// One line about the session the client decoded.
fn summary(session: &SessionInfo) {
    let members: Vec<String> = session
        .members
        .iter()
        .flatten()
        .map(|member| {
            format!(
                "{} ({}, {})",
                member.identity.as_deref().unwrap_or("?"),
                member.role.as_str(),
                member.call_state.as_str()
            )
        })
        .collect();
    println!(
        "  = the client decoded a SessionInfo: id {}, call state {}, hold reason {}, members [{}]",
        session.id.as_deref().unwrap_or("?"),
        session.call_state.as_str(),
        session.hold_reason.as_str(),
        members.join(", ")
    );
}

fn main() -> Result<(), Box<dyn Error>> {
    let pretty = std::env::args().any(|arg| arg == "--pretty");
    let (sender, exchanges) = mpsc::channel();
    let server = SessionServer::new()
        // Session operations need a bearer token; signing in as this user gets it.
        .require_bearer_token("demo-token-7f3a9c")
        .user("agent@example.com", "demo password")
        .on_exchange(move |exchange| {
            let _ = sender.send(exchange.clone());
        })
        .run_in_background()?;
    let wire = Wire { exchanges, pretty };
    println!(
        "Evo Voice session server (in memory) on {}",
        server.base_url()
    );
    println!(
        "'>' is what the client sent, '<' what the server answered, '=' what the client made of it."
    );

    let client = JsvClient::new(server.base_url())?;

    step("1. Sign in (ServiceStack's Authenticate, credentials provider)");
    let signed_in = client.authenticate(&Authenticate::credentials(
        "agent@example.com",
        "demo password",
    ))?;
    wire.show();
    println!(
        "  = signed in as {}: the client keeps the bearer token, the refresh token and the ss-id/ss-pid cookies",
        signed_in.user_name.as_deref().unwrap_or("?")
    );

    step("2. Create a session (POST /sessions: added by this server, not in the Evo Voice API)");
    let session = client.send(&CreateSession {
        channel: Some(FlowChannels::Chat),
        ..CreateSession::new("Support chat")
    })?;
    wire.show();
    summary(&session);
    let id = session
        .id
        .clone()
        .ok_or("the server gave the session no id")?;

    step("3. Invite two members in one batch (send_all: one POST of a JSV list)");
    let answers = client.send_all(&[
        InviteChatMember::new(&id, "agent@example.com"),
        InviteChatMember {
            caller_id: Some("+15550100".into()),
            ..InviteChatMember::new(&id, "+15551234567")
        },
    ])?;
    wire.show();
    println!(
        "  = {} answers, one per invitation; the last:",
        answers.len()
    );
    let session = answers.last().ok_or("the batch came back empty")?;
    summary(session);

    step("4. Put the session on hold (PatchSession)");
    let session = client.send(&PatchSession {
        call_state: Some(SessionCallState::Hold),
        hold_reason: Some(SessionHoldReasons::Transferring),
        console_data: Some("note: VIP, call back".into()),
        ..PatchSession::new(&id)
    })?;
    wire.show();
    summary(&session);

    step("5. Remove a member (DeleteChatMember)");
    let session = client.send(&DeleteChatMember::new(&id, "agent@example.com"))?;
    wire.show();
    summary(&session);

    step("6. A paged query (QuerySessions, AutoQuery: GET /sessions, 2 per page)");
    for name in ["Billing", "Sales callback", "Onboarding"] {
        server.store().insert(SessionInfo {
            display_name: Some(name.into()),
            ..SessionInfo::default()
        });
    }
    let page = client.send(&QuerySessions {
        order_by: Some("displayName".into()),
        include: Some("total".into()),
        ..QuerySessions::page(2, 2)
    })?;
    wire.show();
    let names: Vec<&str> = page
        .results
        .iter()
        .map(|session| session.display_name.as_deref().unwrap_or("?"))
        .collect();
    println!(
        "  = the client decoded a QueryResponse<SessionInfo>: offset {}, total {}, results {names:?}",
        page.offset, page.total
    );

    step("7. Attach a file (post_file_with_request: multipart, the file streamed)");
    let upload = UploadAttachment::new(&id).description("call notes");
    let notes = UploadFile::from_bytes("notes.txt", "Customer asked for a call back at 3pm.");
    let answer = client.post_file_with_request(&upload, notes)?;
    wire.show();
    for attachment in &answer.attachments {
        println!(
            "  = the server stored {} ({}, {} bytes) as {}",
            attachment.file_name, attachment.content_type, attachment.content_length, attachment.id
        );
    }

    step("8. An invalid request: invite nobody (400, field errors)");
    match client.send(&InviteChatMember::new(&id, "")) {
        Ok(_) => return Err("the server accepted an empty memberToAdd".into()),
        Err(err) => {
            wire.show();
            let fields: Vec<String> = err
                .field_errors()
                .iter()
                .map(|field| {
                    format!(
                        "{}: {}",
                        field.field_name.as_deref().unwrap_or("?"),
                        field.error_code.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            println!(
                "  = the client returned an error: status {}, error code {}, field errors [{}]",
                err.status().map_or(0, |status| status.as_u16()),
                err.error_code().unwrap_or("?"),
                fields.join(", ")
            );
        }
    }

    step("9. An unknown session (404)");
    match client.send(&GetSession::new("no-such-session")) {
        Ok(_) => return Err("the server found a session that does not exist".into()),
        Err(err) => {
            wire.show();
            println!(
                "  = the client returned an error: status {}, error code {}, message {:?}",
                err.status().map_or(0, |status| status.as_u16()),
                err.error_code().unwrap_or("?"),
                err.message().unwrap_or_default()
            );
        }
    }

    server.shutdown()?;
    println!();
    println!("Done: the server is stopped.");
    if !pretty {
        println!("Run with `-- --pretty` to also see every body indented.");
    }
    Ok(())
}
