//! Every record of `oracle_error_vectors.jsonl` against `serde_jsv::response`.
//!
//! For each record: the JSV parses to the same value as the JSON, writing that value (camelCase
//! when the record says so) gives the JSV byte for byte, and the `ResponseStatus` helper finds
//! the same status in both bodies.
//!
//! Where our type cannot say what the oracle wrote: `errors` is a `Vec`, so an empty-but-present
//! `Errors:[]` is written without the member (checked against the JSV with it removed).

use serde::{Deserialize, Serialize};
use serde_jsv::response::{ErrorResponse, ResponseStatus, response_status_from_jsv};

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/conformance/oracle_error_vectors.jsonl"
));

#[derive(Deserialize)]
struct Record {
    id: u64,
    #[serde(rename = "type")]
    type_name: String,
    camel: bool,
    json: String,
    jsv: String,
}

/// `SessionInfoResponse` with `Result` kept untyped (`SessionInfo` lives behind `evo-voice`).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SessionInfoResponse {
    #[serde(rename = "Result", default, skip_serializing_if = "Option::is_none")]
    result: Option<serde_jsv::Value>,
    #[serde(
        rename = "ResponseStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    response_status: Option<ResponseStatus>,
}

/// The JSV ServiceStack wrote, minus the empty `Errors:[]` our `Vec` cannot keep.
fn expected_jsv(record: &Record) -> String {
    record
        .jsv
        .replace(",errors:[]", "")
        .replace(",Errors:[]", "")
}

fn records() -> Vec<Record> {
    VECTORS
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("vector line"))
        .collect()
}

fn check(record: &Record) -> Result<(), String> {
    let jsv_status = response_status_from_jsv(&record.jsv);
    // The body helper reads JSON only with the `json` feature.
    #[cfg(feature = "json")]
    {
        let json_status = serde_jsv::response::response_status_from_body(record.json.as_bytes());
        if json_status != jsv_status {
            return Err(format!(
                "helper: json {json_status:?} != jsv {jsv_status:?}"
            ));
        }
    }
    match record.type_name.as_str() {
        "ErrorResponse" => {
            let from_jsv: ErrorResponse =
                serde_jsv::from_str(&record.jsv).map_err(|e| e.to_string())?;
            let from_json: ErrorResponse =
                serde_json::from_str(&record.json).map_err(|e| e.to_string())?;
            if from_jsv != from_json {
                return Err(format!("parse: {from_jsv:?} != {from_json:?}"));
            }
            if jsv_status != from_jsv.response_status {
                return Err(format!("helper found {jsv_status:?}"));
            }
            let written = if record.camel {
                serde_jsv::to_string(&from_jsv.camel_case())
            } else {
                serde_jsv::to_string(&from_jsv)
            }
            .map_err(|e| e.to_string())?;
            if written != expected_jsv(record) {
                return Err(format!("write: {written} != {}", expected_jsv(record)));
            }
            // serde_json writes the same members (PascalCase), errors:[] aside.
            let json_back: ErrorResponse =
                serde_json::from_str(&serde_json::to_string(&from_jsv).unwrap()).unwrap();
            if json_back != from_json {
                return Err("json round trip".into());
            }
        }
        "ResponseStatus" => {
            let from_jsv: ResponseStatus =
                serde_jsv::from_str(&record.jsv).map_err(|e| e.to_string())?;
            let from_json: ResponseStatus =
                serde_json::from_str(&record.json).map_err(|e| e.to_string())?;
            if from_jsv != from_json || jsv_status.as_ref() != Some(&from_jsv) {
                return Err(format!("parse: {from_jsv:?} != {from_json:?}"));
            }
            let written = if record.camel {
                serde_jsv::to_string(&from_jsv.camel_case())
            } else {
                serde_jsv::to_string(&from_jsv)
            }
            .map_err(|e| e.to_string())?;
            if written != expected_jsv(record) {
                return Err(format!("write: {written} != {}", expected_jsv(record)));
            }
        }
        "SessionInfoResponse" => {
            let from_jsv: SessionInfoResponse =
                serde_jsv::from_str(&record.jsv).map_err(|e| e.to_string())?;
            if from_jsv.response_status != jsv_status {
                return Err(format!("helper found {jsv_status:?}"));
            }
            let json: serde_json::Value = serde_json::from_str(&record.json).unwrap();
            // `Result` is untyped here: check the members the JSON names, not the defaults
            // ServiceStack added.
            if let Some(result) = json.get("Result").and_then(|r| r.as_object()) {
                let ours = from_jsv.result.as_ref().ok_or("no Result")?;
                for (name, value) in result {
                    if ours[name.as_str()].as_str() != value.as_str() {
                        return Err(format!("Result.{name}"));
                    }
                }
            }
            let written = serde_jsv::to_string(&from_jsv).map_err(|e| e.to_string())?;
            if written != expected_jsv(record) {
                return Err(format!("write: {written} != {}", expected_jsv(record)));
            }
        }
        other => return Err(format!("unknown type {other}")),
    }
    Ok(())
}

#[test]
fn every_error_vector() {
    let records = records();
    assert!(records.len() >= 30, "only {} records", records.len());
    let failures: Vec<String> = records
        .iter()
        .filter_map(|record| {
            check(record)
                .err()
                .map(|why| format!("#{}: {why}", record.id))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        records.len(),
        failures.join("\n")
    );
}

#[test]
fn json_bodies_read_in_either_case() {
    let pascal = r#"{"ResponseStatus":{"ErrorCode":"NotEmpty","Errors":[{"FieldName":"Name","Meta":{"PropertyName":"Name"}}]}}"#;
    let camel = r#"{"responseStatus":{"errorCode":"NotEmpty","errors":[{"fieldName":"Name","meta":{"PropertyName":"Name"}}]}}"#;
    let a: ErrorResponse = serde_json::from_str(pascal).unwrap();
    let b: ErrorResponse = serde_json::from_str(camel).unwrap();
    assert_eq!(a, b);
    let status = a.response_status.unwrap();
    assert_eq!(status.errors[0].field_name.as_deref(), Some("Name"));
    assert_eq!(
        status.errors[0].meta.as_ref().unwrap()["PropertyName"],
        "Name"
    );
}

#[test]
fn meta_keeps_order_and_case() {
    let status: ResponseStatus = serde_jsv::from_str("{Meta:{z:1,A:2,b:3}}").unwrap();
    let keys: Vec<&str> = status
        .meta
        .as_ref()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["z", "A", "b"]);
    assert_eq!(
        serde_jsv::to_string(&status.camel_case()).unwrap(),
        "{meta:{z:1,A:2,b:3}}"
    );
}
