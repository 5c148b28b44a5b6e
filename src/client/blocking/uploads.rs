//! `post_file_with_request` and `post_files_with_request` on the blocking client.

use reqwest::header::{self, HeaderValue};

use super::JsvClient;
use crate::client::ResponseValue;
use crate::client::decode::{self, RawResponse};
use crate::client::error::{Error, from_reqwest};
use crate::client::exchange::Prepared;
use crate::client::resend::Payload;
use crate::client::upload::{Form, UploadFile};
use crate::request::ServiceStackRequest;

impl JsvClient {
    /// Uploads `file` with `request` as multipart, streamed; see the async
    /// [`post_file_with_request`](crate::client::JsvClient::post_file_with_request).
    ///
    /// ```no_run
    /// use serde::{Deserialize, Serialize};
    /// use serde_jsv::client::UploadFile;
    /// use serde_jsv::client::blocking::JsvClient;
    /// use serde_jsv::request::{Method, Route, ServiceStackRequest};
    ///
    /// #[derive(Serialize)]
    /// #[serde(rename_all = "camelCase")]
    /// struct UploadAttachment { session_id: String, description: Option<String> }
    ///
    /// #[derive(Deserialize, Debug)]
    /// #[serde(rename_all = "camelCase")]
    /// struct UploadAttachmentResponse { session_id: String }
    ///
    /// impl ServiceStackRequest for UploadAttachment {
    ///     type Response = UploadAttachmentResponse;
    ///     const TYPE_NAME: &'static str = "UploadAttachment";
    ///     const METHOD: Method = Method::Post;
    ///     const ROUTES: &'static [Route] =
    ///         &[Route::new("/sessions/{sessionId}/attachments", &[Method::Post])];
    /// }
    ///
    /// let client = JsvClient::new("http://127.0.0.1:8080")?;
    /// let request = UploadAttachment { session_id: "session-1".into(), description: None };
    /// // POST /sessions/session-1/attachments?format=jsv: a `sessionId` part, then `file`.
    /// let file = UploadFile::from_path("transcript.txt");
    /// let answer = client.post_file_with_request(&request, file)?;
    /// println!("{answer:?}");
    /// # Ok::<(), serde_jsv::client::Error>(())
    /// ```
    pub fn post_file_with_request<R: ServiceStackRequest>(
        &self,
        request: &R,
        file: UploadFile,
    ) -> Result<R::Response, Error> {
        Ok(self.upload(request, vec![file], true)?.into_inner())
    }

    /// Uploads `files` with `request`; see the async
    /// [`post_files_with_request`](crate::client::JsvClient::post_files_with_request).
    pub fn post_files_with_request<R: ServiceStackRequest>(
        &self,
        request: &R,
        files: Vec<UploadFile>,
    ) -> Result<R::Response, Error> {
        Ok(self.upload(request, files, false)?.into_inner())
    }

    fn upload<R: ServiceStackRequest>(
        &self,
        request: &R,
        files: Vec<UploadFile>,
        single: bool,
    ) -> Result<ResponseValue<R::Response>, Error> {
        let (prepared, mut form) = self.settings.prepare_upload(request, files, single)?;
        let span = prepared.span();
        let raw = span.in_scope(|| self.execute(&prepared, Payload::Form(&mut form), &span))?;
        self.settings.finish(prepared.url, raw)
    }

    /// One attempt of an upload: the form opened anew, sent, its answer read.
    pub(super) fn attempt_upload(
        &self,
        prepared: &Prepared,
        form: &mut Form,
    ) -> Result<RawResponse, Error> {
        let (body, length) = form.open_blocking()?;
        let mut headers = self.settings.headers(prepared);
        headers.insert(header::CONTENT_TYPE, form.content_type());
        let body = match length {
            Some(length) => {
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
                reqwest::blocking::Body::sized(body, length)
            }
            None => reqwest::blocking::Body::new(body),
        };
        let mut builder = self
            .http
            .request(prepared.http_method(), prepared.url.clone())
            .headers(headers)
            .body(body);
        if let Some(timeout) = self.settings.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().map_err(from_reqwest)?;
        decode::read_blocking(response, self.settings.max_response_size)
    }
}
