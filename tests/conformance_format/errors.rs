//! The ServiceStack error DTOs (`ErrorResponse`, `ResponseStatus`, `ResponseError`) as Rust
//! mirrors, PascalCase and camelCase, for the error vectors.

use serde::{Deserialize, Serialize};
use serde_json::Value as J;

use super::typed::camel_case;

macro_rules! error_types {
    ($module:ident, $case:literal) => {
        pub mod $module {
            use indexmap::IndexMap;
            use serde::{Deserialize, Serialize};

            #[derive(Serialize, Deserialize, Debug, PartialEq)]
            #[serde(rename_all = $case)]
            pub struct ErrorResponse {
                #[serde(skip_serializing_if = "Option::is_none")]
                pub response_status: Option<ResponseStatus>,
            }

            #[derive(Serialize, Deserialize, Debug, PartialEq)]
            #[serde(rename_all = $case)]
            pub struct ResponseStatus {
                pub error_code: Option<String>,
                pub message: Option<String>,
                pub stack_trace: Option<String>,
                pub errors: Option<Vec<ResponseError>>,
                pub meta: Option<IndexMap<String, String>>,
            }

            #[derive(Serialize, Deserialize, Debug, PartialEq)]
            #[serde(rename_all = $case)]
            pub struct ResponseError {
                pub error_code: Option<String>,
                pub field_name: Option<String>,
                pub message: Option<String>,
                pub meta: Option<IndexMap<String, String>>,
            }
        }
    };
}
error_types!(pascal, "PascalCase");
error_types!(camel, "camelCase");

/// Writes `input` (PascalCase JSON) as the typed DTO `T` and reads `jsv` back into it.
pub fn error_round_trip<T>(input: &J, jsv: &str) -> Result<(), String>
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
{
    let value: T = serde_json::from_value(input.clone()).map_err(|e| format!("json: {e}"))?;
    let text = serde_jsv::to_string(&value).map_err(|e| e.to_string())?;
    if text != jsv {
        return Err(format!("writes {text:?}"));
    }
    let back: T = serde_jsv::from_str(jsv).map_err(|e| format!("{e:#}"))?;
    if back != value {
        return Err(format!("reads {back:?}"));
    }
    Ok(())
}

/// Renames the members of a ServiceStack DTO (not the keys of its `Meta` maps) in camelCase.
pub fn camel_members(json: &J, in_meta: bool) -> J {
    match json {
        J::Object(members) => J::Object(
            members
                .iter()
                .map(|(k, v)| {
                    let key = if in_meta { k.clone() } else { camel_case(k) };
                    (key, camel_members(v, k == "Meta"))
                })
                .collect(),
        ),
        J::Array(items) => J::Array(items.iter().map(|i| camel_members(i, false)).collect()),
        other => other.clone(),
    }
}
