//! File uploads: [`UploadFile`] and the multipart body that carries it (see
//! [`JsvClient::post_files_with_request`](crate::client::JsvClient::post_files_with_request)).
//!
//! ```
//! use serde_jsv::client::UploadFile;
//!
//! // From memory: the file name is given; the content type is guessed from it
//! // (`text/plain` here).
//! let notes = UploadFile::from_bytes("notes.txt", "call back at 3");
//! assert!(notes.is_repeatable());
//!
//! // From disk, opened when sent and read as it goes out (file name `call-17.wav`);
//! // every default can be overridden.
//! let recording = UploadFile::from_path("/var/recordings/call-17.wav")
//!     .field_name("recording")
//!     .content_type("audio/x-wav");
//! assert!(recording.is_repeatable());
//!
//! // From a reader of your own (`std::io::Read` for the blocking client,
//! // `tokio::io::AsyncRead` for the async one), with its length if known.
//! let piped = UploadFile::from_reader("log.jsv", std::io::empty()).length(0);
//! assert!(!piped.is_repeatable());
//! ```
//!
//! The body is written as ServiceStack's clients write it (`PostFilesWithRequest`): one
//! `multipart/form-data` part per DTO member, then one part per file, each file streamed in
//! 64 KiB chunks, never read whole into memory. When every length is known (bytes, a file
//! on disk, a reader given its [`length`](UploadFile::length)) the request carries a
//! `Content-Length`; otherwise it is sent chunked.
//!
//! ```text
//! --serde-jsv-5f0c…
//! Content-Disposition: form-data; name="sessionId"
//!
//! session-1
//! --serde-jsv-5f0c…
//! Content-Disposition: form-data; name="file"; filename="notes.txt"
//! Content-Type: text/plain
//!
//! call back at 3
//! --serde-jsv-5f0c…--
//! ```
//!
//! Names and file names are written as browsers write them (UTF-8, `"` as `%22`, CR and LF
//! as `%0D`/`%0A`); the boundary is random for every request.

use std::collections::VecDeque;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::client::builder::Settings;
use crate::client::error::Error;
use crate::client::exchange::{Prepared, Scope};
use crate::client::url;
use crate::request::{Method, ServiceStackRequest};

/// How much of a file is read at a time.
const CHUNK: usize = 64 * 1024;

/// One file to upload: where its bytes come from, the form field it goes in, its file name
/// and content type. See the [module docs](self).
///
/// Defaults: the field name is `file` for
/// [`post_file_with_request`](crate::client::JsvClient::post_file_with_request) and
/// `upload0`, `upload1`, … for
/// [`post_files_with_request`](crate::client::JsvClient::post_files_with_request) (what
/// ServiceStack's clients use); the file name is the path's, or the one given; the content
/// type is guessed from the file name's extension, else `application/octet-stream`.
pub struct UploadFile {
    source: Source,
    field_name: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    length: Option<u64>,
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    Reader(Box<dyn io::Read + Send>),
    AsyncReader(Box<dyn tokio::io::AsyncRead + Send + Unpin>),
}

impl UploadFile {
    /// A file held in memory, named `file_name`.
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> UploadFile {
        let bytes = bytes.into();
        let length = Some(bytes.len() as u64);
        UploadFile::new(Source::Bytes(bytes), Some(file_name.into()), length)
    }

    /// The file at `path`, opened when the request is sent and read as it goes out. Its
    /// file name is the last component of `path`. A file that cannot be opened fails the
    /// call before anything is sent.
    pub fn from_path(path: impl AsRef<Path>) -> UploadFile {
        let path = path.as_ref().to_path_buf();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        UploadFile::new(Source::Path(path), file_name, None)
    }

    /// The bytes `reader` gives, for the blocking client, named `file_name`. Read once, as
    /// the request goes out: a request carrying it is never sent twice (no retry, no
    /// refresh-token round). Give its [`length`](Self::length) when known.
    pub fn from_reader(
        file_name: impl Into<String>,
        reader: impl io::Read + Send + 'static,
    ) -> UploadFile {
        UploadFile::new(
            Source::Reader(Box::new(reader)),
            Some(file_name.into()),
            None,
        )
    }

    /// The bytes an async `reader` gives (a `tokio::fs::File`, a socket, a
    /// `tokio_util::io::StreamReader` over a stream), for the async client, named
    /// `file_name`. Read once, like [`from_reader`](Self::from_reader).
    pub fn from_async_reader(
        file_name: impl Into<String>,
        reader: impl tokio::io::AsyncRead + Send + Unpin + 'static,
    ) -> UploadFile {
        UploadFile::new(
            Source::AsyncReader(Box::new(reader)),
            Some(file_name.into()),
            None,
        )
    }

    fn new(source: Source, file_name: Option<String>, length: Option<u64>) -> UploadFile {
        UploadFile {
            source,
            field_name: None,
            file_name,
            content_type: None,
            length,
        }
    }

    /// Sends the file in the form field `name`.
    pub fn field_name(mut self, name: impl Into<String>) -> UploadFile {
        self.field_name = Some(name.into());
        self
    }

    /// Sends the file under `name` instead.
    pub fn file_name(mut self, name: impl Into<String>) -> UploadFile {
        self.file_name = Some(name.into());
        self
    }

    /// Sends the file with this `Content-Type` instead of the guessed one.
    pub fn content_type(mut self, content_type: impl Into<String>) -> UploadFile {
        self.content_type = Some(content_type.into());
        self
    }

    /// Announces the length of a reader's content, so that the request carries a
    /// `Content-Length` rather than being sent chunked. A reader that gives another number
    /// of bytes fails the request. (Bytes and files know their length.)
    pub fn length(mut self, bytes: u64) -> UploadFile {
        if matches!(self.source, Source::Reader(_) | Source::AsyncReader(_)) {
            self.length = Some(bytes);
        }
        self
    }

    /// The content type sent: the one set, or the guess from the file name.
    fn resolved_content_type(&self) -> &str {
        match &self.content_type {
            Some(content_type) => content_type,
            None => self
                .file_name
                .as_deref()
                .map_or(OCTET_STREAM, content_type_for),
        }
    }

    /// Whether the file can be sent again (bytes and paths can, readers cannot): only then
    /// is a request retried, or re-sent after a refresh-token round.
    pub fn is_repeatable(&self) -> bool {
        matches!(self.source, Source::Bytes(_) | Source::Path(_))
    }
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source: &dyn fmt::Debug = match &self.source {
            Source::Bytes(bytes) => &format!("{} bytes", bytes.len()),
            Source::Path(path) => path,
            Source::Reader(_) => &"reader",
            Source::AsyncReader(_) => &"async reader",
        };
        f.debug_struct("UploadFile")
            .field("source", source)
            .field("field_name", &self.field_name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.resolved_content_type())
            .finish()
    }
}

const OCTET_STREAM: &str = "application/octet-stream";

/// The content type of a file named `file_name`, from its extension (the common types,
/// and `text/jsv` as ServiceStack names JSV); `application/octet-stream` for the rest.
fn content_type_for(file_name: &str) -> &'static str {
    let Some((_, extension)) = file_name.rsplit_once('.') else {
        return OCTET_STREAM;
    };
    match extension.to_ascii_lowercase().as_str() {
        "txt" | "text" | "log" => "text/plain",
        "jsv" => "text/jsv",
        "json" => "application/json",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "md" => "text/markdown",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "tar" => "application/x-tar",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => OCTET_STREAM,
    }
}

/// A name or file name in a `Content-Disposition` parameter, as browsers write it.
fn disposition_value(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A random boundary (128 bits from std's randomly keyed hasher).
fn new_boundary() -> String {
    let half = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos()),
        );
        hasher.finish()
    };
    format!("serde-jsv-{:016x}{:016x}", half(), half())
}

/// Where a part of the body comes from.
enum Piece {
    Bytes(Bytes),
    Path {
        path: PathBuf,
        label: String,
    },
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    Reader {
        reader: Option<Box<dyn io::Read + Send>>,
        length: Option<u64>,
        label: String,
    },
    AsyncReader {
        reader: Option<Box<dyn tokio::io::AsyncRead + Send + Unpin>>,
        length: Option<u64>,
        label: String,
    },
}

/// A multipart body ready to be opened for each attempt.
pub(crate) struct Form {
    content_type: HeaderValue,
    pieces: Vec<Piece>,
    repeatable: bool,
}

impl Form {
    /// The body for `fields` then `files`; `single` picks the default field name (`file`,
    /// else `upload{i}`).
    pub(crate) fn new(
        fields: Vec<(String, String)>,
        files: Vec<UploadFile>,
        single: bool,
    ) -> Result<Form, Error> {
        Form::with_boundary(fields, files, single, new_boundary())
    }

    fn with_boundary(
        fields: Vec<(String, String)>,
        files: Vec<UploadFile>,
        single: bool,
        boundary: String,
    ) -> Result<Form, Error> {
        if files.is_empty() {
            return Err(Error::InvalidRequest(
                "an upload needs at least one file".into(),
            ));
        }
        let content_type =
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .map_err(|err| Error::InvalidRequest(err.to_string()))?;
        let mut pieces = Vec::with_capacity(files.len() * 2 + 1);
        let mut head = String::new();
        for (name, value) in &fields {
            head.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{value}\r\n",
                disposition_value(name)
            ));
        }
        let mut repeatable = true;
        for (index, file) in files.into_iter().enumerate() {
            let field_name = match (&file.field_name, single) {
                (Some(name), _) => name.clone(),
                (None, true) => "file".to_owned(),
                (None, false) => format!("upload{index}"),
            };
            let file_name = file.file_name.clone().unwrap_or_else(|| field_name.clone());
            let file_type = file.resolved_content_type().to_owned();
            if HeaderValue::from_str(&file_type).is_err() {
                return Err(Error::InvalidRequest(format!(
                    "the content type of the upload `{file_name}` is not a valid header value"
                )));
            }
            head.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\
                 Content-Type: {file_type}\r\n\r\n",
                disposition_value(&field_name),
                disposition_value(&file_name),
            ));
            pieces.push(Piece::Bytes(Bytes::from(std::mem::take(&mut head))));
            let label = file_name;
            pieces.push(match file.source {
                Source::Bytes(bytes) => Piece::Bytes(bytes),
                Source::Path(path) => Piece::Path { path, label },
                Source::Reader(reader) => {
                    repeatable = false;
                    Piece::Reader {
                        reader: Some(reader),
                        length: file.length,
                        label,
                    }
                }
                Source::AsyncReader(reader) => {
                    repeatable = false;
                    Piece::AsyncReader {
                        reader: Some(reader),
                        length: file.length,
                        label,
                    }
                }
            });
            head.push_str("\r\n");
        }
        head.push_str(&format!("--{boundary}--\r\n"));
        pieces.push(Piece::Bytes(Bytes::from(head)));
        Ok(Form {
            content_type,
            pieces,
            repeatable,
        })
    }

    /// `multipart/form-data; boundary=…`.
    pub(crate) fn content_type(&self) -> HeaderValue {
        self.content_type.clone()
    }

    /// Whether the body can be sent more than once.
    pub(crate) fn is_repeatable(&self) -> bool {
        self.repeatable
    }

    /// The body for the async client. Opens files (an error if one cannot be); takes the
    /// readers.
    pub(crate) async fn open_async(&mut self) -> Result<AsyncBody, Error> {
        let mut parts = VecDeque::with_capacity(self.pieces.len());
        let mut total = Some(0u64);
        for piece in &mut self.pieces {
            let part = match piece {
                Piece::Bytes(bytes) => Part::Bytes(bytes.clone()),
                Piece::Path { path, label } => {
                    let file = tokio::fs::File::open(&*path)
                        .await
                        .map_err(|err| unreadable(path, &err))?;
                    let metadata = file
                        .metadata()
                        .await
                        .map_err(|err| unreadable(path, &err))?;
                    let length = file_length(path, &metadata)?;
                    Part::Read(Reading::new(Box::new(file), Some(length), label))
                }
                Piece::AsyncReader {
                    reader,
                    length,
                    label,
                } => {
                    let reader = reader.take().ok_or_else(already_sent)?;
                    Part::Read(Reading::new(reader, *length, label))
                }
                Piece::Reader { .. } => {
                    return Err(Error::InvalidRequest(
                        "an UploadFile::from_reader (a blocking std::io::Read) cannot be sent \
                         by the async client: use UploadFile::from_async_reader"
                            .into(),
                    ));
                }
            };
            total = total.and_then(|sum| Some(sum + part.length()?));
            parts.push_back(part);
        }
        Ok(AsyncBody {
            state: Mutex::new(AsyncState {
                parts,
                buffer: vec![0; CHUNK].into_boxed_slice(),
            }),
            length: total,
        })
    }

    /// The body for the blocking client, and its length when known. Opens files (an error
    /// if one cannot be); takes the readers.
    #[cfg(feature = "blocking")]
    pub(crate) fn open_blocking(&mut self) -> Result<(BlockingBody, Option<u64>), Error> {
        let mut parts = VecDeque::with_capacity(self.pieces.len());
        let mut total = Some(0u64);
        for piece in &mut self.pieces {
            let part = match piece {
                Piece::Bytes(bytes) => BlockingPart::Bytes(bytes.clone()),
                Piece::Path { path, label } => {
                    let file = std::fs::File::open(&*path).map_err(|err| unreadable(path, &err))?;
                    let metadata = file.metadata().map_err(|err| unreadable(path, &err))?;
                    let length = file_length(path, &metadata)?;
                    BlockingPart::Read(BlockingReading::new(Box::new(file), Some(length), label))
                }
                Piece::Reader {
                    reader,
                    length,
                    label,
                } => {
                    let reader = reader.take().ok_or_else(already_sent)?;
                    BlockingPart::Read(BlockingReading::new(reader, *length, label))
                }
                Piece::AsyncReader { .. } => {
                    return Err(Error::InvalidRequest(
                        "an UploadFile::from_async_reader cannot be sent by the blocking \
                         client: use UploadFile::from_reader"
                            .into(),
                    ));
                }
            };
            total = total.and_then(|sum| {
                Some(
                    sum + match &part {
                        BlockingPart::Bytes(bytes) => bytes.len() as u64,
                        BlockingPart::Read(reading) => reading.expected?,
                    },
                )
            });
            parts.push_back(part);
        }
        Ok((BlockingBody { parts }, total))
    }
}

fn unreadable(path: &Path, err: &io::Error) -> Error {
    Error::InvalidRequest(format!(
        "cannot read the file to upload `{}`: {err}",
        path.display()
    ))
}

/// The length of a regular file; anything else (a directory, a pipe) is refused, since its
/// length cannot be announced: send a pipe with a reader.
fn file_length(path: &Path, metadata: &std::fs::Metadata) -> Result<u64, Error> {
    if metadata.is_file() {
        Ok(metadata.len())
    } else {
        Err(Error::InvalidRequest(format!(
            "cannot upload `{}`: not a regular file (send a pipe or device with \
             UploadFile::from_reader)",
            path.display()
        )))
    }
}

fn already_sent() -> Error {
    Error::InvalidRequest("the upload's reader was already read by an earlier attempt".into())
}

/// The error for a reader that gave another number of bytes than announced.
fn length_mismatch(label: &str, expected: u64, read: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the upload `{label}` gave {read} bytes where {expected} were announced (did the \
             file change while it was sent?)"
        ),
    )
}

fn read_failed(label: &str, err: io::Error) -> io::Error {
    io::Error::new(
        err.kind(),
        format!("reading the upload `{label}` failed: {err}"),
    )
}

/// One part of an async body.
enum Part {
    Bytes(Bytes),
    Read(Reading),
}

impl Part {
    fn length(&self) -> Option<u64> {
        match self {
            Part::Bytes(bytes) => Some(bytes.len() as u64),
            Part::Read(reading) => reading.expected,
        }
    }
}

/// A reader being sent, and what it has given so far.
struct Reading {
    reader: Box<dyn tokio::io::AsyncRead + Send + Unpin>,
    expected: Option<u64>,
    read: u64,
    label: String,
}

impl Reading {
    fn new(
        reader: Box<dyn tokio::io::AsyncRead + Send + Unpin>,
        expected: Option<u64>,
        label: &str,
    ) -> Reading {
        Reading {
            reader,
            expected,
            read: 0,
            label: label.to_owned(),
        }
    }
}

/// The streamed multipart body of the async client.
pub(crate) struct AsyncBody {
    // `reqwest::Body::wrap` wants `Sync`; readers need not be. Only `poll_frame`, holding
    // `&mut self`, touches the state (through `get_mut`, no locking).
    state: Mutex<AsyncState>,
    length: Option<u64>,
}

struct AsyncState {
    parts: VecDeque<Part>,
    buffer: Box<[u8]>,
}

impl AsyncBody {
    /// The body's length, when every part's is known.
    pub(crate) fn length(&self) -> Option<u64> {
        self.length
    }
}

impl http_body::Body for AsyncBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        let state = self
            .get_mut()
            .state
            .get_mut()
            .unwrap_or_else(|poison| poison.into_inner());
        loop {
            let Some(front) = state.parts.front_mut() else {
                return Poll::Ready(None);
            };
            let reading = match front {
                Part::Bytes(bytes) => {
                    let bytes = std::mem::take(bytes);
                    state.parts.pop_front();
                    if bytes.is_empty() {
                        continue;
                    }
                    return Poll::Ready(Some(Ok(http_body::Frame::data(bytes))));
                }
                Part::Read(reading) => reading,
            };
            let mut buf = tokio::io::ReadBuf::new(&mut state.buffer);
            match tokio::io::AsyncRead::poll_read(Pin::new(&mut reading.reader), cx, &mut buf) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(err)) => {
                    let err = read_failed(&reading.label, err);
                    state.parts.clear();
                    return Poll::Ready(Some(Err(err)));
                }
                Poll::Ready(Ok(())) => {}
            }
            let filled = buf.filled();
            reading.read += filled.len() as u64;
            if let Some(expected) = reading.expected
                && (reading.read > expected || (filled.is_empty() && reading.read != expected))
            {
                let err = length_mismatch(&reading.label, expected, reading.read);
                state.parts.clear();
                return Poll::Ready(Some(Err(err)));
            }
            if filled.is_empty() {
                state.parts.pop_front();
                continue;
            }
            let chunk = Bytes::copy_from_slice(filled);
            return Poll::Ready(Some(Ok(http_body::Frame::data(chunk))));
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.length {
            Some(length) => http_body::SizeHint::with_exact(length),
            None => http_body::SizeHint::default(),
        }
    }
}

/// One part of a blocking body.
#[cfg(feature = "blocking")]
enum BlockingPart {
    Bytes(Bytes),
    Read(BlockingReading),
}

#[cfg(feature = "blocking")]
struct BlockingReading {
    reader: Box<dyn io::Read + Send>,
    expected: Option<u64>,
    read: u64,
    label: String,
}

#[cfg(feature = "blocking")]
impl BlockingReading {
    fn new(
        reader: Box<dyn io::Read + Send>,
        expected: Option<u64>,
        label: &str,
    ) -> BlockingReading {
        BlockingReading {
            reader,
            expected,
            read: 0,
            label: label.to_owned(),
        }
    }
}

/// The streamed multipart body of the blocking client.
#[cfg(feature = "blocking")]
pub(crate) struct BlockingBody {
    parts: VecDeque<BlockingPart>,
}

#[cfg(feature = "blocking")]
impl io::Read for BlockingBody {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let Some(front) = self.parts.front_mut() else {
                return Ok(0);
            };
            let reading = match front {
                BlockingPart::Bytes(bytes) => {
                    let take = bytes.len().min(out.len());
                    out[..take].copy_from_slice(&bytes[..take]);
                    let _ = bytes.split_to(take);
                    if bytes.is_empty() {
                        self.parts.pop_front();
                    }
                    if take == 0 {
                        continue;
                    }
                    return Ok(take);
                }
                BlockingPart::Read(reading) => reading,
            };
            let limit = out.len().min(CHUNK);
            let read = match reading.reader.read(&mut out[..limit]) {
                Ok(read) => read,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    let err = read_failed(&reading.label, err);
                    self.parts.clear();
                    return Err(err);
                }
            };
            reading.read += read as u64;
            if let Some(expected) = reading.expected
                && (reading.read > expected || (read == 0 && reading.read != expected))
            {
                let err = length_mismatch(&reading.label, expected, reading.read);
                self.parts.clear();
                return Err(err);
            }
            if read == 0 {
                self.parts.pop_front();
                continue;
            }
            return Ok(read);
        }
    }
}

impl Settings {
    /// An upload of `files` with `request`'s members: to the DTO's own route with its own
    /// method (POST when it has none with a body).
    pub(crate) fn prepare_upload<R: ServiceStackRequest>(
        &self,
        request: &R,
        files: Vec<UploadFile>,
        single: bool,
    ) -> Result<(Prepared, Form), Error> {
        let method = if R::METHOD.has_body() {
            R::METHOD
        } else {
            Method::Post
        };
        let path = self
            .negotiation
            .request_path(request, method, self.key_case)?;
        let url = self.request_url(&path)?;
        let fields = url::form_fields(request)?;
        let form = Form::new(fields, files, single)?;
        let prepared = Prepared {
            method: method.into(),
            url,
            body: None,
            content_type: None,
            scope: Scope::Client,
        };
        Ok((prepared, form))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type_for("a.PNG"), "image/png");
        assert_eq!(content_type_for("notes.jsv"), "text/jsv");
        assert_eq!(content_type_for("archive"), OCTET_STREAM);
        assert_eq!(content_type_for("x.unknown"), OCTET_STREAM);
    }

    #[test]
    fn names_are_escaped_as_browsers_do() {
        assert_eq!(disposition_value("a\"b\r\nc é"), "a%22b%0D%0Ac é");
    }

    #[test]
    fn boundaries_differ() {
        assert_ne!(new_boundary(), new_boundary());
        assert!(new_boundary().len() <= 70);
    }

    #[cfg(feature = "blocking")]
    #[test]
    fn the_blocking_body_is_the_multipart_text() {
        let files = vec![
            UploadFile::from_bytes("a.txt", "hello"),
            UploadFile::from_reader("b.bin", &b"\x00\x01"[..])
                .field_name("second")
                .length(2),
        ];
        let fields = vec![("sessionId".to_owned(), "s1".to_owned())];
        let mut form = Form::with_boundary(fields, files, false, "B".into()).unwrap();
        assert!(!form.is_repeatable());
        let (mut body, length) = form.open_blocking().unwrap();
        let mut text = Vec::new();
        body.read_to_end(&mut text).unwrap();
        let expected: &[u8] =
            b"--B\r\nContent-Disposition: form-data; name=\"sessionId\"\r\n\r\ns1\r\n\
            --B\r\nContent-Disposition: form-data; name=\"upload0\"; filename=\"a.txt\"\r\n\
            Content-Type: text/plain\r\n\r\nhello\r\n\
            --B\r\nContent-Disposition: form-data; name=\"second\"; filename=\"b.bin\"\r\n\
            Content-Type: application/octet-stream\r\n\r\n\x00\x01\r\n--B--\r\n";
        assert_eq!(text, expected);
        assert_eq!(length, Some(expected.len() as u64));
        // The reader is gone: the body cannot be opened again.
        assert!(form.open_blocking().is_err());
    }

    #[cfg(feature = "blocking")]
    #[test]
    fn a_reader_shorter_than_announced_fails() {
        let files = vec![UploadFile::from_reader("b.bin", &b"abc"[..]).length(5)];
        let mut form = Form::with_boundary(Vec::new(), files, true, "B".into()).unwrap();
        let (mut body, _) = form.open_blocking().unwrap();
        let err = body.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("gave 3 bytes where 5"), "{err}");
    }

    #[test]
    fn no_files_is_an_error() {
        assert!(Form::new(Vec::new(), Vec::new(), false).is_err());
    }
}
