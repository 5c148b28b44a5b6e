//! ServiceStack's own DTOs: hosts reference them without declaring them.
//!
//! References resolve to `serde_jsv::builtin::Name`; base classes among them have their
//! members here, so that they can be inlined into the classes deriving from them.

use super::model::{MetadataPropertyType, MetadataType, MetadataTypeName};

/// The namespace ServiceStack's own types live in.
pub(crate) const NAMESPACE: &str = "ServiceStack";

/// Types `serde_jsv::builtin` provides, by CLR name (with arity).
const REFERENCED: &[&str] = &[
    "ResponseStatus",
    "ResponseError",
    "IdResponse",
    "EmptyResponse",
    "Authenticate",
    "AuthenticateResponse",
    "GetAccessToken",
    "GetAccessTokenResponse",
    "QueryBase",
    "QueryDb`1",
    "QueryResponse`1",
];

/// Whether `name` (CLR name with arity) is one of the types `serde_jsv::builtin` provides.
pub(crate) fn is_referenced(name: &str) -> bool {
    REFERENCED.contains(&name)
}

/// Whether a namespace is ServiceStack's (hosts skip them while walking types).
pub(crate) fn is_servicestack_namespace(namespace: Option<&str>) -> bool {
    namespace.is_none_or(|ns| ns == NAMESPACE || ns.starts_with("ServiceStack."))
}

fn member(name: &str, type_name: &str, args: &[&str]) -> MetadataPropertyType {
    MetadataPropertyType {
        name: name.into(),
        type_name: type_name.into(),
        namespace: Some("System".into()),
        generic_args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        ..MetadataPropertyType::default()
    }
}

fn class(
    name: &str,
    params: &[&str],
    base: Option<&str>,
    members: Vec<MetadataPropertyType>,
) -> MetadataType {
    MetadataType {
        name: name.into(),
        namespace: Some(NAMESPACE.into()),
        generic_args: params.iter().map(|p| (*p).to_owned()).collect(),
        inherits: base.map(|base| MetadataTypeName {
            name: base.into(),
            namespace: Some(NAMESPACE.into()),
            generic_args: Vec::new(),
        }),
        is_abstract: true,
        properties: members,
        ..MetadataType::default()
    }
}

/// A ServiceStack base class a DTO may inherit, with its members (v10 wire order).
pub(crate) fn base_class(name: &str) -> Option<MetadataType> {
    let string = |name: &str| member(name, "String", &[]);
    let nullable_int = |name: &str| member(name, "Nullable`1", &["Int32"]);
    Some(match name {
        "QueryBase" => class(
            "QueryBase",
            &[],
            None,
            vec![
                nullable_int("Skip"),
                nullable_int("Take"),
                string("OrderBy"),
                string("OrderByDesc"),
                string("Include"),
                string("Fields"),
                member("Meta", "Dictionary`2", &["String", "String"]),
            ],
        ),
        "QueryDb`1" | "QueryData`1" => class(name, &["T"], Some("QueryBase"), Vec::new()),
        "QueryDb`2" | "QueryData`2" => {
            class(name, &["From", "Into"], Some("QueryBase"), Vec::new())
        }
        "AuditBase" => {
            let mut created = member("CreatedDate", "DateTime", &[]);
            created.is_value_type = true;
            let mut modified = member("ModifiedDate", "DateTime", &[]);
            modified.is_value_type = true;
            class(
                "AuditBase",
                &[],
                None,
                vec![
                    created,
                    string("CreatedBy"),
                    modified,
                    string("ModifiedBy"),
                    member("DeletedDate", "Nullable`1", &["DateTime"]),
                    string("DeletedBy"),
                ],
            )
        }
        _ => return None,
    })
}

/// The response type of an AutoQuery base, by the base's CLR name and closed arguments
/// (``QueryDb`2<From,Into>`` answers with `QueryResponse<Into>`).
pub(crate) fn autoquery_response(base: &str) -> Option<usize> {
    match base {
        "QueryDb`1" | "QueryData`1" => Some(0),
        "QueryDb`2" | "QueryData`2" => Some(1),
        _ => None,
    }
}
