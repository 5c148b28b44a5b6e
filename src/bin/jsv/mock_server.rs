//! `jsv mock-server`: the Evo Voice mock host of `serde_jsv::server`, from the shell.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde_jsv::evo_voice::SessionInfo;
use serde_jsv::server::{ErrorCase, SessionServer};

use crate::Failure;

pub const EXAMPLES: &str = "\
Examples:
  jsv mock-server                 # a free port; the first line says which
  jsv mock-server --port 8080 --seed sessions.jsv
  curl -H 'Accept: application/jsv' http://127.0.0.1:8080/sessions/session-1

The first line printed is `listening on http://127.0.0.1:PORT`. The server answers like a .NET
Core ServiceStack host: JSON unless asked for JSV, camelCase error bodies (--pascal-case for
PascalCase). It runs until killed; SIGTERM or Ctrl-C stop it gracefully (exit status 0).";

/// Options of `jsv mock-server`.
#[derive(Debug, Args)]
pub struct MockServerArgs {
    /// The loopback port to listen on (0, the default, picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Sessions to start with: a JSV (or JSON) file holding a list of `SessionInfo`.
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Write error bodies in PascalCase (`ResponseStatus`, `ErrorCode`) instead of camelCase.
    #[arg(long)]
    pascal_case: bool,
    /// Require `Authorization: Bearer TOKEN` on every operation.
    #[arg(long, value_name = "TOKEN")]
    bearer_token: Option<String>,
}

/// Runs the server until SIGTERM or Ctrl-C.
pub fn run(args: MockServerArgs) -> Result<(), Failure> {
    let case = if args.pascal_case {
        ErrorCase::Pascal
    } else {
        ErrorCase::Camel
    };
    let mut server = SessionServer::new().error_case(case);
    if let Some(token) = args.bearer_token {
        server = server.require_bearer_token(token);
    }
    if let Some(path) = &args.seed {
        let text = std::fs::read_to_string(path)
            .map_err(|err| Failure::Io(format!("{}: {err}", path.display())))?;
        let sessions: Vec<SessionInfo> = if text.trim_start().starts_with("[{\"") {
            serde_json::from_str(&text)
                .map_err(|err| Failure::Invalid(format!("{}: {err}", path.display())))?
        } else {
            serde_jsv::from_str(&text)
                .map_err(|err| Failure::Invalid(format!("{}: {err}", path.display())))?
        };
        let store = server.store();
        for session in sessions {
            store.insert(session);
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| Failure::Io(err.to_string()))?;
    runtime.block_on(async move {
        // The handler is in place before the first line goes out: a supervisor may send
        // SIGTERM as soon as it reads it, and an unhandled SIGTERM would kill the process
        // instead of stopping it cleanly.
        let stop = Stop::install();
        let (addr, handle) = server
            .serve(("127.0.0.1", args.port))
            .await
            .map_err(|err| {
                Failure::Io(format!("cannot listen on 127.0.0.1:{}: {err}", args.port))
            })?;
        let mut stdout = std::io::stdout();
        writeln!(stdout, "listening on http://{addr}")
            .and_then(|()| stdout.flush())
            .map_err(|err| Failure::Io(err.to_string()))?;
        stop.wait().await;
        handle
            .shutdown()
            .await
            .map_err(|err| Failure::Io(err.to_string()))
    })
}

/// SIGTERM or SIGINT (Unix; Ctrl-C elsewhere), listened for from the moment it is installed.
struct Stop {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Stop {
    /// Starts listening (must run inside the runtime).
    fn install() -> Stop {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = signal(SignalKind::terminate())
                .and_then(|terminate| Ok((terminate, signal(SignalKind::interrupt())?)));
            Stop {
                signals: signals.ok(),
            }
        }
        #[cfg(not(unix))]
        Stop {}
    }

    /// Waits for the signal.
    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut terminate, mut interrupt)) = self.signals {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
