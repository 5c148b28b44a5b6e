//! Uploads stream: a large file goes up with the client's memory flat.
//!
//! Writes a file of `--mb` MiB (200 by default) to the temp directory, starts the embedded
//! session server in a child process (so that what it stores is not counted here), uploads
//! the file from its path with the blocking and then the async client, and prints the
//! client process's peak resident memory (`VmHWM` in `/proc/self/status`, Linux) before
//! and after each upload, beside the file size.
//!
//! ```text
//! cargo run --release --example upload_rss --features client,blocking,server
//! cargo run --release --example upload_rss --features client,blocking,server -- --mb 500
//! # or the client alone under GNU time, against a server started apart:
//! target/release/examples/upload_rss --serve &      # prints its URL, serves until killed
//! /usr/bin/time -v target/release/examples/upload_rss --url http://127.0.0.1:PORT
//! ```

use std::error::Error;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_jsv::client::{JsvClient, UploadFile, blocking};
use serde_jsv::server::{CreateSession, SessionServer, UploadAttachment};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|arg| arg == flag)
            .and_then(|at| args.get(at + 1))
            .cloned()
    };
    if args.iter().any(|arg| arg == "--serve") {
        return serve(args.iter().any(|arg| arg == "--until-stdin-closes"));
    }
    let mb: u64 = value("--mb").map_or(Ok(200), |text| text.parse())?;

    // The server: a child process, unless a URL is given.
    let mut child = None;
    let base_url = match value("--url") {
        Some(url) => url,
        None => {
            let mut server = Command::new(std::env::current_exe()?)
                .args(["--serve", "--until-stdin-closes"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?;
            let mut line = String::new();
            BufReader::new(server.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
            child = Some(server);
            line.trim().to_owned()
        }
    };

    let path =
        std::env::temp_dir().join(format!("serde_jsv_upload_rss_{}.bin", std::process::id()));
    write_file(&path, mb << 20)?;
    let size = std::fs::metadata(&path)?.len();
    println!(
        "file: {} ({size} bytes, {:.1} MiB)",
        path.display(),
        mib(size)
    );

    let client = blocking::JsvClient::builder(&base_url)
        .timeout(std::time::Duration::from_secs(600))
        .build()?;
    let session = client
        .send(&CreateSession::new("Uploads"))?
        .id
        .ok_or("no id")?;
    let request = UploadAttachment::new(&session);
    // A small upload first, so that the baseline includes the client's own buffers.
    client.post_file_with_request(&request, UploadFile::from_bytes("warm-up.txt", "warm"))?;
    let before = peak_kib()?;
    let answer = client.post_file_with_request(&request, UploadFile::from_path(&path))?;
    let after = peak_kib()?;
    assert_eq!(answer.attachments[0].content_length, size);
    report("blocking", size, before, after);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = JsvClient::builder(&base_url)
            .timeout(std::time::Duration::from_secs(600))
            .build()?;
        client
            .post_file_with_request(&request, UploadFile::from_bytes("warm-up.txt", "warm"))
            .await?;
        let before = peak_kib()?;
        let answer = client
            .post_file_with_request(&request, UploadFile::from_path(&path))
            .await?;
        let after = peak_kib()?;
        assert_eq!(answer.attachments[0].content_length, size);
        report("async", size, before, after);
        Ok::<(), Box<dyn Error>>(())
    })?;

    std::fs::remove_file(&path)?;
    if let Some(mut server) = child {
        drop(server.stdin.take());
        server.wait()?;
    }
    Ok(())
}

/// The server side: a session server with a limit above the file, until stdin closes (as
/// the parent's child) or the process is killed.
fn serve(until_stdin_closes: bool) -> Result<(), Box<dyn Error>> {
    let server = SessionServer::new()
        .upload_limit(usize::MAX)
        .run_in_background()?;
    println!("{}", server.base_url());
    std::io::stdout().flush()?;
    if !until_stdin_closes {
        loop {
            std::thread::park();
        }
    }
    std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink())?;
    server.shutdown()?;
    Ok(())
}

/// Writes `len` bytes of a pattern, a MiB at a time.
fn write_file(path: &std::path::Path, len: u64) -> std::io::Result<()> {
    let chunk: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8).collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        file.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    file.flush()
}

/// The peak resident set of this process so far, in KiB (`VmHWM`).
fn peak_kib() -> Result<u64, Box<dyn Error>> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|err| format!("no /proc/self/status (Linux only): {err}"))?;
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .ok_or("no VmHWM line")?;
    let kib = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?;
    Ok(kib)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn report(client: &str, size: u64, before: u64, after: u64) {
    println!(
        "{client:>8}: peak RSS {:.1} MiB before, {:.1} MiB after uploading {:.1} MiB \
         (growth {:.1} MiB, {:.2} % of the file)",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        mib(size),
        after.saturating_sub(before) as f64 / 1024.0,
        after.saturating_sub(before) as f64 * 1024.0 * 100.0 / size as f64,
    );
}
