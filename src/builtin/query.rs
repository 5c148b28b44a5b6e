//! AutoQuery: `QueryBase`, `QueryDb<T>`, `QueryResponse<T>`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::request::ServiceStackRequest;
use crate::response::{Meta, ResponseStatus};

/// The members ServiceStack's AutoQuery requests share (the abstract class `QueryBase`):
/// paging, ordering, `include=total` and field selection.
///
/// Sent with GET, they go in the query string like any member: `None` members are left
/// out, so `QueryBase::page(20, 10)` adds `skip=20&take=10`. The texts are ServiceStack's:
/// `order_by` and `order_by_desc` take comma-separated field names (a leading `-` reverses
/// one), `include` takes `total` (to fill [`QueryResponse::total`]), `fields` a
/// comma-separated list of the fields to return.
///
/// ```
/// use serde_jsv::builtin::QueryBase;
///
/// let query = QueryBase { order_by_desc: Some("dateCreated".into()), ..QueryBase::page(20, 10) };
/// assert_eq!(serde_jsv::to_string(&query)?, "{skip:20,take:10,orderByDesc:dateCreated}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
///
/// `skip` and `take` also read from text (`"20"`), so a `QueryBase` embedded with
/// `#[serde(flatten)]` reads back from JSV, whose scalars are untyped; see [`QueryDb`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QueryBase {
    /// How many rows to skip.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::option_i32"
    )]
    pub skip: Option<i32>,
    /// How many rows to return at most.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::option_i32"
    )]
    pub take: Option<i32>,
    /// Fields to order by, ascending (comma-separated; `-name` for descending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    /// Fields to order by, descending (comma-separated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by_desc: Option<String>,
    /// What to include beyond the rows: `total` fills [`QueryResponse::total`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
    /// The fields to return (comma-separated); others come back empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl QueryBase {
    /// A query for one page: skip `skip` rows, return at most `take`.
    pub fn page(skip: i32, take: i32) -> QueryBase {
        QueryBase {
            skip: Some(skip),
            take: Some(take),
            ..QueryBase::default()
        }
    }
}

/// An AutoQuery request answering rows of `T`: ServiceStack's `QueryDb<T>` base class.
///
/// Rust has no base classes, so an AutoQuery request is a request DTO of your own whose
/// [`ServiceStackRequest::Response`] is [`QueryResponse<T>`] and which carries
/// [`QueryBase`]'s members. Embed a `QueryBase` with `#[serde(flatten)]` and implement this
/// trait to give generic code (a pager, say) its paging members:
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use serde_jsv::builtin::{QueryBase, QueryDb, QueryResponse};
/// use serde_jsv::request::{Method, Route, ServiceStackRequest};
///
/// #[derive(Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Ticket {
///     id: i64,
///     title: String,
/// }
///
/// #[derive(Serialize, Deserialize, Default)]
/// #[serde(rename_all = "camelCase")]
/// struct QueryTickets {
///     #[serde(skip_serializing_if = "Option::is_none")]
///     assignee: Option<String>,
///     #[serde(flatten)]
///     query: QueryBase,
/// }
///
/// impl ServiceStackRequest for QueryTickets {
///     type Response = QueryResponse<Ticket>;
///     const TYPE_NAME: &'static str = "QueryTickets";
///     const METHOD: Method = Method::Get;
///     const ROUTES: &'static [Route] = &[Route::new("/tickets", &[Method::Get])];
/// }
///
/// impl QueryDb<Ticket> for QueryTickets {
///     fn query(&self) -> &QueryBase { &self.query }
///     fn query_mut(&mut self) -> &mut QueryBase { &mut self.query }
/// }
///
/// /// Generic code pages through any AutoQuery request.
/// fn next_page<Q: QueryDb<T>, T>(request: &mut Q, seen: usize) {
///     request.query_mut().skip = Some(seen as i32);
/// }
///
/// let mut request = QueryTickets { assignee: Some("ann".into()), query: QueryBase::page(0, 50) };
/// next_page(&mut request, 50);
/// assert_eq!(serde_jsv::to_string(&request)?, "{assignee:ann,skip:50,take:50}");
/// // `skip` and `take` read back through `flatten` too.
/// let back: QueryTickets = serde_jsv::from_str("{assignee:ann,skip:50,take:50}")?;
/// assert_eq!(back.query.take, Some(50));
/// # Ok::<(), serde_jsv::Error>(())
/// ```
///
/// The other way, the one generated code takes, is to write `skip`, `take`, `order_by`,
/// `order_by_desc`, `include`, `fields` and `meta` as the request's own members (after its
/// own, in that order, as ServiceStack writes a derived class) and answer
/// `QueryResponse<T>`; such a request needs no trait. Members of your own that are numbers,
/// bools or enums cannot sit beside a `flatten` in a type that must be *read* from JSV
/// (serde buffers them as text); write those requests the inline way.
pub trait QueryDb<T>: ServiceStackRequest<Response = QueryResponse<T>> {
    /// The request's AutoQuery members.
    fn query(&self) -> &QueryBase;

    /// The request's AutoQuery members, to change.
    fn query_mut(&mut self) -> &mut QueryBase;
}

/// ServiceStack's `QueryResponse<T>`: one page of AutoQuery results.
///
/// `offset` and `total` are .NET `int`s, always written; `total` is only meaningful when
/// the request asked for it (`include=total`) or the host always counts. A missing
/// `results` reads as empty.
///
/// ```
/// use serde_jsv::builtin::QueryResponse;
///
/// let page: QueryResponse<String> = serde_jsv::from_str("{offset:2,total:3,results:[c]}")?;
/// assert_eq!((page.offset, page.total, page.results.as_slice()), (2, 3, &["c".to_string()][..]));
/// assert_eq!(serde_jsv::to_string(&page)?, "{offset:2,total:3,results:[c]}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QueryResponse<T> {
    /// The index of the first row of this page in the whole result.
    pub offset: i32,
    /// How many rows the whole result has (with `include=total`).
    pub total: i32,
    /// This page's rows.
    pub results: Vec<T>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// What went wrong, on failure.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::response::camel::serialize"
    )]
    pub response_status: Option<ResponseStatus>,
}

impl<T> Default for QueryResponse<T> {
    fn default() -> Self {
        QueryResponse {
            offset: 0,
            total: 0,
            results: Vec::new(),
            meta: None,
            response_status: None,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for QueryResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryResponse")
            .field("offset", &self.offset)
            .field("total", &self.total)
            .field("results", &self.results)
            .field("meta", &self.meta)
            .field("response_status", &self.response_status)
            .finish()
    }
}
