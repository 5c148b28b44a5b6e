//! Checks, as a program that depends on serde_jsv, that serde_json's `Map` is still the sorted
//! map serde_json gives by default. Exits non-zero, saying why, when it is not.

use serde::Serialize;

#[derive(Serialize)]
struct Reply {
    zulu: u32,
    alpha: &'static str,
}

fn main() {
    // The user's own JSON: serde_json without `preserve_order` sorts an object's keys.
    let json: serde_json::Value =
        serde_json::from_str(r#"{"zulu":1,"mike":2,"alpha":3}"#).expect("valid JSON");
    let keys = json
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(
        keys,
        ["alpha", "mike", "zulu"],
        "serde_json::Map is not sorted: something in the build turned on serde_json's \
         `preserve_order` feature"
    );
    let struct_as_map = serde_json::to_value(Reply {
        zulu: 1,
        alpha: "a",
    })
    .expect("to_value");
    assert_eq!(struct_as_map.to_string(), r#"{"alpha":"a","zulu":1}"#);

    // serde_jsv itself works beside it, keeping the declared member order.
    let jsv = serde_jsv::to_string(&Reply {
        zulu: 1,
        alpha: "a",
    })
    .expect("to_string");
    assert_eq!(jsv, "{zulu:1,alpha:a}");

    #[cfg(feature = "library-features")]
    conversions_follow_serde_json_order();

    println!(
        "serde_json's Map stays sorted beside serde_jsv ({})",
        features()
    );
}

/// The documented key order of the `json` conversions: the JSON side is a `serde_json::Map`,
/// sorted here; the JSV side keeps what it is given.
#[cfg(feature = "library-features")]
fn conversions_follow_serde_json_order() {
    let value: serde_jsv::Value = serde_jsv::from_str("{zulu:1,alpha:True}").expect("JSV");
    let as_json = serde_json::Value::from(value.clone());
    assert_eq!(as_json.to_string(), r#"{"alpha":"True","zulu":"1"}"#);
    assert_eq!(
        value.to_json_inferred().to_string(),
        r#"{"alpha":true,"zulu":1}"#
    );
    let back = serde_jsv::Value::from(as_json);
    assert_eq!(back.to_string(), "{alpha:True,zulu:1}");
}

fn features() -> &'static str {
    if cfg!(feature = "library-features") {
        "every serde_jsv library feature"
    } else {
        "serde_jsv's default features"
    }
}
