//! `post_file_with_request` and `post_files_with_request` on the async client.

use reqwest::header::{self, HeaderValue};
use tracing::Instrument as _;

use super::JsvClient;
use crate::client::ResponseValue;
use crate::client::decode::{self, RawResponse};
use crate::client::error::{Error, from_reqwest};
use crate::client::exchange::Prepared;
use crate::client::resend::Payload;
use crate::client::upload::{Form, UploadFile};
use crate::request::ServiceStackRequest;

impl JsvClient {
    /// Uploads `file` with `request`: a `multipart/form-data` POST (or the DTO's own PUT or
    /// PATCH) to the DTO's route, one text part per member of `request`, then the file,
    /// streamed; the answer is decoded as [`send`](Self::send) decodes it. ServiceStack's
    /// `PostFileWithRequest`. The file goes in the field `file` unless it names another.
    ///
    /// ```no_run
    /// use serde::{Deserialize, Serialize};
    /// use serde_jsv::client::{JsvClient, UploadFile};
    /// use serde_jsv::request::{Method, Route, ServiceStackRequest};
    ///
    /// #[derive(Serialize)]
    /// #[serde(rename_all = "camelCase")]
    /// struct UploadRecording { call_id: String, note: Option<String> }
    ///
    /// #[derive(Deserialize, Debug)]
    /// #[serde(rename_all = "camelCase")]
    /// struct UploadRecordingResponse { id: String }
    ///
    /// impl ServiceStackRequest for UploadRecording {
    ///     type Response = UploadRecordingResponse;
    ///     const TYPE_NAME: &'static str = "UploadRecording";
    ///     const METHOD: Method = Method::Post;
    ///     const ROUTES: &'static [Route] = &[Route::new("/calls/{callId}/recordings", &[Method::Post])];
    /// }
    ///
    /// # async fn run() -> Result<(), serde_jsv::client::Error> {
    /// let client = JsvClient::new("https://api.example.com")?;
    /// let request = UploadRecording { call_id: "c1".into(), note: Some("first".into()) };
    /// // POST /calls/c1/recordings?format=jsv, parts `callId`, `note`, then `file`.
    /// let answer = client
    ///     .post_file_with_request(&request, UploadFile::from_path("call.wav"))
    ///     .await?;
    /// println!("{}", answer.id);
    /// # Ok(()) }
    /// ```
    ///
    /// A file that cannot be opened fails with [`Error::InvalidRequest`] before anything is
    /// sent; one that fails while it is read, or a reader giving another length than it
    /// announced, fails the request ([`Error::Transport`], the cause in its source). A body
    /// over the server's limit gets the server's answer (413 as [`Error::Api`] from a
    /// ServiceStack host). The timeout covers the whole upload: raise it for large files.
    /// Requests whose files are all bytes or paths are retried and refreshed as any other
    /// request is; one carrying a reader is sent once.
    pub async fn post_file_with_request<R: ServiceStackRequest>(
        &self,
        request: &R,
        file: UploadFile,
    ) -> Result<R::Response, Error> {
        Ok(self.upload(request, vec![file], true).await?.into_inner())
    }

    /// Uploads `files` with `request`, as
    /// [`post_file_with_request`](Self::post_file_with_request) does one: ServiceStack's
    /// `PostFilesWithRequest`. Files that name no field go in `upload0`, `upload1`, … (in
    /// order). An empty list is an [`Error::InvalidRequest`].
    pub async fn post_files_with_request<R: ServiceStackRequest>(
        &self,
        request: &R,
        files: Vec<UploadFile>,
    ) -> Result<R::Response, Error> {
        Ok(self.upload(request, files, false).await?.into_inner())
    }

    async fn upload<R: ServiceStackRequest>(
        &self,
        request: &R,
        files: Vec<UploadFile>,
        single: bool,
    ) -> Result<ResponseValue<R::Response>, Error> {
        let (prepared, mut form) = self.settings.prepare_upload(request, files, single)?;
        let span = prepared.span();
        let raw = self
            .execute(&prepared, Payload::Form(&mut form), &span)
            .instrument(span.clone())
            .await?;
        self.settings.finish(prepared.url, raw)
    }

    /// One attempt of an upload: the form opened anew, sent, its answer read.
    pub(super) async fn attempt_upload(
        &self,
        prepared: &Prepared,
        form: &mut Form,
    ) -> Result<RawResponse, Error> {
        let body = form.open_async().await?;
        let mut headers = self.settings.headers(prepared);
        headers.insert(header::CONTENT_TYPE, form.content_type());
        if let Some(length) = body.length() {
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        let mut builder = self
            .http
            .request(prepared.http_method(), prepared.url.clone())
            .headers(headers)
            .body(reqwest::Body::wrap(body));
        if let Some(timeout) = self.settings.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().await.map_err(from_reqwest)?;
        decode::read_async(response, self.settings.max_response_size).await
    }
}
