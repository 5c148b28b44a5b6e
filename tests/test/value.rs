//! `Value` (accessors, indexing, Display, serde_json conversion) and borrowing.

use std::borrow::Cow;

use serde::Deserialize;
use serde_jsv::{Map, Value};

#[test]
fn test_value_reading_and_accessors() {
    let value: Value =
        serde_jsv::from_str("{id:s1,n:007,f:1E+17,ok:true,list:[a,,{x:1}],empty:,q:\"\"}").unwrap();
    assert_eq!(value["id"], "s1");
    assert_eq!(value["id"].as_str(), Some("s1"));
    assert_eq!(value["n"].as_i64(), Some(7));
    assert_eq!(value["n"].as_u64(), Some(7));
    assert_eq!(value["f"].as_f64(), Some(1e17));
    assert_eq!(value["ok"].as_bool(), Some(true));
    assert_eq!(value["id"].as_bool(), None);
    assert_eq!(value["list"][0], "a");
    assert!(value["list"][1].is_null());
    assert_eq!(value["list"][2]["x"].as_i64(), Some(1));
    assert!(value["empty"].is_null());
    assert_eq!(value["q"], "");
    assert!(value["missing"]["deeper"][3].is_null());
    assert_eq!(
        value.get("list").and_then(|l| l.as_list()).map(Vec::len),
        Some(3)
    );
    assert!(value.get("nope").is_none());
    assert_eq!(value.as_map().map(Map::len), Some(7));
    let mut value = value;
    *value.get_mut("id").unwrap() = Value::from("s2");
    assert_eq!(value["id"], "s2");
    assert_eq!(value["list"].take().as_list().map(Vec::len), Some(3));
    assert!(value["list"].is_null());
}

#[test]
fn test_value_display() {
    let text = "{id:\"a,b\",l:[1,, ],m:{k:},e:[],o:{}}";
    let value: Value = text.parse().unwrap();
    assert_eq!(value.to_string(), text);
    assert_eq!(
        format!("{value:#}"),
        "{\n\tid: \"a,b\",\n\tl: \n\t[\n\t\t1,\n\t\t,\n\t\t\" \"\n\t],\n\tm: \n\t{\n\t\tk: \n\t},\n\te: [],\n\to: {}\n}"
    );
    let back: Value = serde_jsv::from_str(&format!("{value:#}")).unwrap();
    assert_eq!(back, value);
    assert_eq!(
        Value::List(vec![Value::Null]).to_string(),
        "<a list whose only item is None or () has no JSV form (`[]` is the empty list)>"
    );
}

#[test]
#[cfg(feature = "json")]
fn test_value_json_conversion() {
    let value: Value = serde_jsv::from_str("{a:1,b:True,c:[x,],d:{e:1.50}}").unwrap();
    let json = serde_json::Value::from(value.clone());
    assert_eq!(
        json,
        serde_json::json!({"a": "1", "b": "True", "c": ["x", null], "d": {"e": "1.50"}})
    );
    assert_eq!(Value::from(json), value);
    assert_eq!(
        value.to_json_inferred(),
        serde_json::json!({"a": 1, "b": true, "c": ["x", null], "d": {"e": "1.50"}})
    );
    let from_json = Value::from(serde_json::json!({"n": null, "t": true, "x": 2.5, "l": [1, "a"]}));
    assert_eq!(
        serde_jsv::to_string(&from_json).unwrap(),
        "{n:,t:True,x:2.5,l:[1,a]}"
    );
    // serde_json::Value read from JSV: untyped reads give strings, lists, maps, null.
    let json: serde_json::Value = serde_jsv::from_str("{a:[1,{b:}],c:\"\"}").unwrap();
    assert_eq!(json, serde_json::json!({"a": ["1", {"b": null}], "c": ""}));
}

#[test]
fn test_to_value_and_from_value() {
    let value = serde_jsv::to_value(&(1.5, true, "a,b", None::<i32>, vec![1u8])).unwrap();
    assert_eq!(
        value,
        Value::List(vec![
            "1.5".into(),
            "True".into(),
            "a,b".into(),
            Value::Null,
            Value::List(vec!["1".into()])
        ])
    );
    let back: (f64, bool, String, Option<i32>, Vec<u8>) = serde_jsv::from_value(value).unwrap();
    assert_eq!(back, (1.5, true, "a,b".into(), None, vec![1]));
    let err = serde_jsv::from_value::<i32>(Value::from("x")).unwrap_err();
    assert!(err.to_string().contains("invalid i32: `x`"), "{err}");
}

#[derive(Deserialize, Debug)]
struct Borrowed<'a> {
    #[serde(borrow)]
    plain: &'a str,
    #[serde(borrow)]
    quoted: Cow<'a, str>,
    #[serde(borrow)]
    doubled: Cow<'a, str>,
    #[serde(borrow)]
    raw: &'a str,
}

#[test]
fn test_borrowing() {
    let text = String::from("{plain:a b,quoted:\"x,y\",doubled:\"say \"\"hi\"\"\",raw:{k:[1,2]}}");
    let got: Borrowed = serde_jsv::from_str(&text).unwrap();
    assert_eq!(got.plain, "a b");
    assert!(matches!(got.quoted, Cow::Borrowed("x,y")));
    assert!(matches!(got.doubled, Cow::Owned(ref s) if s == "say \"hi\""));
    assert_eq!(got.raw, "{k:[1,2]}");
    let range = text.as_ptr() as usize..text.as_ptr() as usize + text.len();
    assert!(range.contains(&(got.plain.as_ptr() as usize)));
    // A `&str` cannot hold unescaped text: that is an error, not a silent copy.
    assert!(serde_jsv::from_str::<&str>("\"a\"\"b\"").is_err());
    assert_eq!(serde_jsv::from_str::<&str>("\"a b\"").unwrap(), "a b");
}

#[test]
fn test_from_value_reads_like_text() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        id: u32,
        name: Option<String>,
        raw: String,
        tags: Vec<String>,
    }
    let value: Value = serde_jsv::from_str("{ID:7,NAME:x,raw:{a:[1]},tags:[solo],name:y}").unwrap();
    let direct: Row = serde_jsv::from_value(value.clone()).unwrap();
    let text: Row = serde_jsv::from_str(&value.to_string()).unwrap();
    assert_eq!(direct, text);
    assert_eq!(
        direct,
        Row {
            id: 7,
            name: Some("y".into()),
            raw: "{a:[1]}".into(),
            tags: vec!["solo".into()]
        }
    );
    for (value, message) in [
        (Value::from("x"), "invalid u32: `x`"),
        (Value::Null, "expected u32, found nothing"),
        (Value::from("-1"), "`-1` is out of range for u32"),
    ] {
        assert_eq!(
            serde_jsv::from_value::<u32>(value).unwrap_err().to_string(),
            message
        );
    }
    let unbracketed: Value = serde_jsv::from_str("{id:1,raw:x,tags:solo}").unwrap();
    assert!(serde_jsv::from_value::<Row>(unbracketed.clone()).is_err());
    assert!(serde_jsv::from_str::<Row>(&unbracketed.to_string()).is_err());
    assert!(serde_jsv::to_value(&vec![None::<u8>]).is_err());
    assert!(serde_jsv::to_value(&std::collections::BTreeMap::from([(vec![1], 1)])).is_err());
    assert!(serde_jsv::to_value(&serde_jsv::RawScalar("a,b")).is_err());
}
