//! ServiceStack's built-in DTOs read and written as ServiceStack writes them.

use serde::{Deserialize, Serialize};
use serde_jsv::builtin::{
    Authenticate, AuthenticateResponse, EmptyResponse, GetAccessToken, GetAccessTokenResponse,
    IdResponse, QueryBase, QueryDb, QueryResponse, ResponseError, ResponseStatus,
};
use serde_jsv::request::{Method, Route, ServiceStackRequest};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Row {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct QueryRows {
    #[serde(skip_serializing_if = "Option::is_none")]
    name_starts_with: Option<String>,
    #[serde(flatten)]
    query: QueryBase,
}

impl ServiceStackRequest for QueryRows {
    type Response = QueryResponse<Row>;
    const TYPE_NAME: &'static str = "QueryRows";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/rows", &[Method::Get])];
}

impl QueryDb<Row> for QueryRows {
    fn query(&self) -> &QueryBase {
        &self.query
    }
    fn query_mut(&mut self) -> &mut QueryBase {
        &mut self.query
    }
}

#[test]
fn authenticate_writes_every_member_in_data_member_order() {
    let mut meta = serde_jsv::builtin::Meta::new();
    meta.insert("k".into(), "v".into());
    let request = Authenticate {
        provider: Some("credentials".into()),
        user_name: Some("ann".into()),
        password: Some("a,b".into()),
        remember_me: Some(false),
        access_token: Some("at".into()),
        access_token_secret: Some("ats".into()),
        return_url: Some("/home".into()),
        error_view: Some("err".into()),
        meta: Some(meta),
    };
    let text = serde_jsv::to_string(&request).unwrap();
    assert_eq!(
        text,
        "{provider:credentials,userName:ann,password:\"a,b\",rememberMe:False,accessToken:at,\
         accessTokenSecret:ats,returnUrl:/home,errorView:err,meta:{k:v}}"
    );
    assert_eq!(serde_jsv::from_str::<Authenticate>(&text).unwrap(), request);
    assert_eq!(
        serde_jsv::to_string(&Authenticate::default()).unwrap(),
        "{}"
    );
}

#[test]
fn secrets_stay_out_of_debug() {
    let mut request = Authenticate::credentials("ann", "hunter2");
    request.access_token = Some("tok-secret".into());
    let shown = format!("{request:?}");
    assert!(shown.contains("ann"), "{shown}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("tok-secret"),
        "{shown}"
    );
    let shown = format!("{:?}", GetAccessToken::new("refresh-secret"));
    assert!(!shown.contains("refresh-secret"), "{shown}");
}

#[test]
fn authenticate_response_reads_servicestack_pascal_case_and_writes_camel_case() {
    // As a ServiceStack host with the default (PascalCase) JsConfig writes it.
    let pascal = "{UserId:1,SessionId:5x0mVIyrW5WyQTWzF8Pe,UserName:admin@email.com,\
                  DisplayName:Admin User,BearerToken:eyJ0eXAi.x.y,RefreshToken:eyJ0eXAi.r.s,\
                  RefreshTokenExpiry:2026-12-19T00:37:27.1230000Z,ProfileUrl:\"data:image/svg+xml,x\",\
                  Roles:[Admin],Permissions:[],AuthProvider:credentials}";
    let response: AuthenticateResponse = serde_jsv::from_str(pascal).unwrap();
    assert_eq!(response.user_id.as_deref(), Some("1"));
    assert_eq!(response.session_id.as_deref(), Some("5x0mVIyrW5WyQTWzF8Pe"));
    assert_eq!(response.bearer_token.as_deref(), Some("eyJ0eXAi.x.y"));
    assert_eq!(response.refresh_token.as_deref(), Some("eyJ0eXAi.r.s"));
    assert_eq!(response.roles, Some(vec!["Admin".to_string()]));
    assert_eq!(response.permissions, Some(vec![]));
    assert_eq!(response.auth_provider.as_deref(), Some("credentials"));
    let expiry = response.refresh_token_expiry.expect("expiry");
    assert_eq!(expiry.to_string(), "2026-12-19T00:37:27.1230000Z");

    let camel = serde_jsv::to_string(&response).unwrap();
    assert_eq!(
        camel,
        "{userId:1,sessionId:5x0mVIyrW5WyQTWzF8Pe,userName:admin@email.com,\
         displayName:Admin User,bearerToken:eyJ0eXAi.x.y,refreshToken:eyJ0eXAi.r.s,\
         refreshTokenExpiry:2026-12-19T00:37:27.1230000Z,profileUrl:\"data:image/svg+xml,x\",\
         roles:[Admin],permissions:[],authProvider:credentials}"
    );
    assert_eq!(
        serde_jsv::from_str::<AuthenticateResponse>(&camel).unwrap(),
        response
    );
}

#[test]
fn response_status_is_written_camel_case_inside_builtin_responses() {
    let failed = AuthenticateResponse {
        response_status: Some(
            ResponseStatus::new("Unauthorized", "Invalid UserName or Password")
                .with_error(ResponseError::new("NotEmpty", "Password", "required")),
        ),
        ..AuthenticateResponse::default()
    };
    assert_eq!(
        serde_jsv::to_string(&failed).unwrap(),
        "{responseStatus:{errorCode:Unauthorized,message:Invalid UserName or Password,\
         errors:[{errorCode:NotEmpty,fieldName:Password,message:required}]}}"
    );
    let empty = EmptyResponse {
        response_status: Some(ResponseStatus::new("Forbidden", "No")),
    };
    let text = serde_jsv::to_string(&empty).unwrap();
    assert_eq!(text, "{responseStatus:{errorCode:Forbidden,message:No}}");
    assert_eq!(serde_jsv::from_str::<EmptyResponse>(&text).unwrap(), empty);
}

#[test]
fn access_token_and_id_responses() {
    let response: GetAccessTokenResponse =
        serde_jsv::from_str("{AccessToken:eyJ.a.b,Meta:{x:y}}").unwrap();
    assert_eq!(response.access_token.as_deref(), Some("eyJ.a.b"));
    assert_eq!(
        serde_jsv::to_string(&response).unwrap(),
        "{accessToken:eyJ.a.b,meta:{x:y}}"
    );
    assert_eq!(
        serde_jsv::to_string(&GetAccessToken::new("r1")).unwrap(),
        "{refreshToken:r1}"
    );
    let id: IdResponse = serde_jsv::from_str("{Id:42}").unwrap();
    assert_eq!(id, IdResponse::new("42"));
}

#[test]
fn query_response_always_writes_offset_and_total_and_reads_a_missing_results_as_empty() {
    let page = QueryResponse {
        offset: 0,
        total: 0,
        results: vec![
            Row {
                id: 1,
                name: Some("a b".into()),
            },
            Row { id: 2, name: None },
        ],
        meta: None,
        response_status: None,
    };
    let text = serde_jsv::to_string(&page).unwrap();
    assert_eq!(text, "{offset:0,total:0,results:[{id:1,name:a b},{id:2}]}");
    assert_eq!(
        serde_jsv::from_str::<QueryResponse<Row>>(&text).unwrap(),
        page
    );

    let empty: QueryResponse<Row> = serde_jsv::from_str("{Offset:10,Total:10}").unwrap();
    assert_eq!((empty.offset, empty.total), (10, 10));
    assert!(empty.results.is_empty());

    // The same type reads ServiceStack's JSON.
    let json: QueryResponse<Row> =
        serde_json::from_str(r#"{"offset":5,"total":6,"results":[{"id":6}]}"#).unwrap();
    assert_eq!(json.results, vec![Row { id: 6, name: None }]);
}

#[test]
fn query_base_embedded_with_flatten_round_trips_through_jsv() {
    let mut request = QueryRows {
        name_starts_with: Some("a".into()),
        query: QueryBase {
            order_by: Some("-id,name".into()),
            include: Some("total".into()),
            fields: Some("id,name".into()),
            ..QueryBase::page(20, 10)
        },
    };
    let text = serde_jsv::to_string(&request).unwrap();
    assert_eq!(
        text,
        "{nameStartsWith:a,skip:20,take:10,orderBy:\"-id,name\",include:total,fields:\"id,name\"}"
    );
    assert_eq!(serde_jsv::from_str::<QueryRows>(&text).unwrap(), request);

    request.query_mut().skip = Some(30);
    assert_eq!(request.query().skip, Some(30));
}

#[test]
fn paging_members_that_are_not_integers_are_errors() {
    for bad in ["{skip:x}", "{take:3000000000}", "{skip:1.5}"] {
        let err = serde_jsv::from_str::<QueryBase>(bad).unwrap_err();
        assert!(err.to_string().contains("32-bit integer"), "{bad}: {err}");
        assert!(serde_jsv::from_str::<QueryRows>(bad).is_err(), "{bad}");
    }
    // An empty value is null, as for any `int?`.
    assert_eq!(
        serde_jsv::from_str::<QueryBase>("{skip:}").unwrap().skip,
        None
    );
    // JSON numbers read too.
    let json: QueryBase = serde_json::from_str(r#"{"skip":3,"take":null}"#).unwrap();
    assert_eq!((json.skip, json.take), (Some(3), None));
}

#[cfg(feature = "client")]
mod urls {
    use super::*;
    use serde_jsv::client::url::{Fallback, request_path};

    #[test]
    fn authenticate_goes_to_auth_routes() {
        let sign_in = Authenticate::credentials("ann", "pw");
        assert_eq!(
            request_path(&sign_in, Method::Post, Fallback::JsvReply).unwrap(),
            "/auth/credentials"
        );
        let default_provider = Authenticate {
            user_name: Some("ann".into()),
            ..Authenticate::default()
        };
        assert_eq!(
            request_path(&default_provider, Method::Post, Fallback::JsvReply).unwrap(),
            "/auth"
        );
        assert_eq!(
            request_path(&GetAccessToken::new("r"), Method::Post, Fallback::JsvReply).unwrap(),
            "/access-token"
        );
    }

    #[test]
    fn query_members_go_in_the_query_string_of_a_get() {
        let request = QueryRows {
            name_starts_with: Some("a b".into()),
            query: QueryBase {
                order_by_desc: Some("id,name".into()),
                ..QueryBase::page(0, 5)
            },
        };
        assert_eq!(
            request_path(&request, Method::Get, Fallback::JsvReply).unwrap(),
            "/rows?nameStartsWith=a%20b&skip=0&take=5&orderByDesc=id%2Cname"
        );
    }
}
