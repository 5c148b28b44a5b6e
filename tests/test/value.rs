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
    // The one shape the serializer refuses is written as ServiceStack writes it, never a
    // placeholder: `[null]` is `[]` (vector ObjectList 19), nested too.
    assert_eq!(Value::List(vec![Value::Null]).to_string(), "[]");
    assert!(serde_jsv::to_string(&Value::List(vec![Value::Null])).is_err());
    let mut nested = serde_jsv::jsv!({ "a": [[null], [null, null]], "b": "x" });
    nested["b"] = Value::List(vec![Value::Null]);
    assert_eq!(nested.to_string(), "{a:[[],[,]],b:[]}");
    assert_eq!(
        format!("{nested:#}"),
        serde_jsv::to_string_pretty(&serde_jsv::jsv!({"a": [[], [null, null]], "b": []})).unwrap()
    );
}

#[test]
fn test_value_kind_checks() {
    let value: Value = "{s:x,q:\"\",n:,l:[],m:{}}".parse().unwrap();
    let kinds = |v: &Value| (v.is_null(), v.is_string(), v.is_list(), v.is_map());
    assert_eq!(kinds(&value["s"]), (false, true, false, false));
    assert_eq!(kinds(&value["q"]), (false, true, false, false));
    assert_eq!(kinds(&value["n"]), (true, false, false, false));
    assert_eq!(kinds(&value["l"]), (false, false, true, false));
    assert_eq!(kinds(&value["m"]), (false, false, false, true));
    assert_eq!(kinds(&value), (false, false, false, true));
}

#[test]
fn test_value_from_str() {
    let value: Value = "{a:[1,2]}".parse().unwrap();
    assert_eq!(value, serde_jsv::from_str::<Value>("{a:[1,2]}").unwrap());
    let err = "{a:[1,2]".parse::<Value>().unwrap_err();
    assert!(err.is_eof(), "{err}");
    assert_eq!(
        err.to_string(),
        "input ended inside an object at line 1 column 9"
    );
    let err = "{a:1}}".parse::<Value>().unwrap_err();
    assert!(err.is_syntax(), "{err}");
}

#[test]
fn test_value_pointer() {
    let mut value: Value =
        "{a:[x,{b:y}],c/d:1,e~f:2,~1:3,:4,g:{\"\":5},\"01\":6,h:[0,1,2,3,4,5,6,7,8,9,ten]}"
            .parse()
            .unwrap();
    let at = |v: &Value, p: &str| v.pointer(p).cloned();
    assert_eq!(at(&value, ""), Some(value.clone()));
    assert_eq!(at(&value, "/a/0"), Some("x".into()));
    assert_eq!(at(&value, "/a/1/b"), Some("y".into()));
    assert_eq!(at(&value, "/c~1d"), Some("1".into()));
    assert_eq!(at(&value, "/e~0f"), Some("2".into()));
    // `~01` is `~1` (the literal member name), not `/`.
    assert_eq!(at(&value, "/~01"), Some("3".into()));
    // The empty token is the member named "".
    assert_eq!(at(&value, "/"), Some("4".into()));
    assert_eq!(at(&value, "/g/"), Some("5".into()));
    // A map member may be named like an index; a list index has no leading zero or sign.
    assert_eq!(at(&value, "/01"), Some("6".into()));
    assert_eq!(at(&value, "/h/10"), Some("ten".into()));
    for missing in [
        "a",
        "/a/2",
        "/a/01",
        "/a/-",
        "/a/+1",
        "/a/-1",
        "/a/ 1",
        "/a/0/b",
        "/zz",
        "/e~2f",
        "/e~",
        "/h/99999999999999999999999",
        "/a/1/b/c",
    ] {
        assert_eq!(value.pointer(missing), None, "{missing}");
        assert_eq!(value.pointer_mut(missing), None, "{missing}");
    }
    *value.pointer_mut("/a/1/b").unwrap() = Value::from("z");
    value
        .pointer_mut("/h")
        .unwrap()
        .as_list_mut()
        .unwrap()
        .truncate(1);
    *value.pointer_mut("").unwrap() = Value::Map(std::mem::take(value.as_map_mut().unwrap()));
    assert_eq!(value["a"][1]["b"], "z");
    assert_eq!(
        value.pointer("/h").and_then(Value::as_list).map(Vec::len),
        Some(1)
    );
}

#[test]
fn test_jsv_macro() {
    use serde_jsv::jsv;

    assert_eq!(jsv!(null), Value::Null);
    assert_eq!(jsv!(true), Value::from("True"));
    assert_eq!(jsv!(5), Value::from("5"));
    assert_eq!(jsv!(-1.5), Value::from("-1.5"));
    assert_eq!(jsv!("a,b"), Value::from("a,b"));
    assert_eq!(jsv!([]), Value::List(vec![]));
    assert_eq!(jsv!({}), Value::Map(Map::new()));

    let id = String::from("s1");
    let members = vec![("agent:7", true)];
    let inner = jsv!({"x": 1});
    let key = "dyn";
    let value = jsv!({
        "id": id,
        "count": members.len() + 1,
        "members": members,
        "nested": { "list": [1, [2, [3]], {"deep": null}, null, false,], "empty": [], },
        "inner": inner,
        (format!("{key}amic")): "k",
        key: "from a variable",
        "maybe": None::<i32>,
        "some": Some(2u8),
        "expr": if id.is_empty() { 0 } else { 1 },
    });
    assert_eq!(
        value.to_string(),
        "{id:s1,count:2,members:[[\"agent:7\",True]],nested:{list:[1,[2,[3]],{deep:},,False],empty:[]},inner:{x:1},dynamic:k,dyn:from a variable,maybe:,some:2,expr:1}"
    );
    // The same value the text reads as.
    let read: Value = value.to_string().parse().unwrap();
    assert_eq!(read, value);
    // A single trailing comma, nesting at the end, no trailing comma.
    assert_eq!(jsv!([[1],]), jsv!([[1]]));
    assert_eq!(jsv!({"a": {"b": [null]}}).to_string(), "{a:{b:[]}}");
}

#[test]
#[should_panic(expected = "jsv!: the value has no JSV form")]
fn test_jsv_macro_panics_on_unwritable_expression() {
    let _ = serde_jsv::jsv!({ "a": vec![None::<i32>] });
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
