//! Reading: scalars, strings, bytes, empty slots, lists, structs, enums, duplicates and
//! pretty text, with every prefix of every document checked not to panic.

use std::collections::BTreeMap;

use serde_bytes::ByteBuf;
use serde_jsv::Value;
use serde_jsv::de::{Options, ReadMode};

use super::{Color, Maybe, Newtype, Pair, Person, Shape, Text, Unit, test_parse_ok};

#[test]
fn test_parse_scalars() {
    test_parse_ok(vec![
        ("True", true),
        ("false", false),
        ("TRUE", true),
        ("1", true),
        ("0", false),
        ("\"True\"", true),
    ]);
    test_parse_ok(vec![("-128", i8::MIN), ("127", i8::MAX), (" 007 ", 7i8)]);
    test_parse_ok(vec![("18446744073709551615", u64::MAX), ("-0", 0u64)]);
    test_parse_ok(vec![(
        "-170141183460469231731687303715884105728",
        i128::MIN,
    )]);
    test_parse_ok(vec![("340282366920938463463374607431768211455", u128::MAX)]);
    test_parse_ok(vec![
        ("1.5", 1.5f64),
        ("1E+17", 1e17),
        ("1e-5", 1e-5),
        (".5", 0.5),
        ("5.", 5.0),
        ("+3", 3.0),
        ("\"1,111.1\"", 1111.1),
        ("Infinity", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("5E-324", 5e-324),
        ("1E-310", 1e-310),
    ]);
    assert!(serde_jsv::from_str::<f64>("NaN").unwrap().is_nan());
    assert!(serde_jsv::from_str::<f64>("-0").unwrap().is_sign_negative());
    test_parse_ok(vec![
        ("0.1", 0.1f32),
        ("3.4028235E+38", f32::MAX),
        ("1E-45", 1e-45f32),
    ]);
    test_parse_ok(vec![
        ("a", 'a'),
        ("\",\"", ','),
        ("\"\"\"\"", '"'),
        ("é", 'é'),
        (":", ':'),
    ]);
    test_parse_ok(vec![("[a, ,\"\t\"]", vec!['a', ' ', '\t'])]);
}

#[test]
fn test_parse_strings() {
    test_parse_ok(vec![
        ("abc", "abc".to_owned()),
        ("\"\"", String::new()),
        ("\"a,b\"", "a,b".to_owned()),
        ("\"say \"\"hi\"\"\"", "say \"hi\"".to_owned()),
        ("a\"\"b", "a\"\"b".to_owned()),
        ("\u{200B}", "\u{200B}".to_owned()),
        ("null", "null".to_owned()),
        ("\"\u{FEFF}x\"", "\u{FEFF}x".to_owned()),
        ("\u{FEFF}x", "x".to_owned()),
        ("  x  \n", "x".to_owned()),
    ]);
    test_parse_ok(vec![
        (
            "{s:  padded  }",
            Text {
                s: "  padded  ".into(),
            },
        ),
        (
            "{s:2024-01-01T10:00:00Z}",
            Text {
                s: "2024-01-01T10:00:00Z".into(),
            },
        ),
        (
            "{s:urn:a:b}",
            Text {
                s: "urn:a:b".into(),
            },
        ),
        ("{s:\"a\r\nb\"}", Text { s: "a\r\nb".into() }),
        (
            "{s:[1,2,3]}",
            Text {
                s: "[1,2,3]".into(),
            },
        ),
        (
            "{s:{a:[1,{b:2}]}}",
            Text {
                s: "{a:[1,{b:2}]}".into(),
            },
        ),
        ("{s: \"q\" }", Text { s: "q".into() }),
        ("{ s :x}", Text { s: "x".into() }),
        ("{\"s\":x}", Text { s: "x".into() }),
        ("{s:a b]c}", Text { s: "a b]c".into() }),
        // Whitespace in front of a bare value is data in compact text, whatever follows it
        // up to the separator; only in front of a quote is it skipped.
        ("{s:\tx y}", Text { s: "\tx y".into() }),
        ("{s: }", Text { s: " ".into() }),
        (
            "{s:\r\n x\n}",
            Text {
                s: "\r\n x\n".into(),
            },
        ),
        ("{s: \t\"q\"}", Text { s: "q".into() }),
    ]);
    test_parse_ok(vec![(
        "[ ,\ta b, \"c,d\", e:f]",
        vec![" ".to_owned(), "\ta b".into(), "c,d".into(), " e:f".into()],
    )]);
    test_parse_ok(vec![(
        "[ A ,\"b,c\",d:e]",
        vec![" A ".to_owned(), "b,c".into(), "d:e".into()],
    )]);
}

#[test]
fn test_parse_bytes() {
    test_parse_ok(vec![
        ("AAH/", ByteBuf::from(vec![0u8, 1, 255])),
        ("\"YWJj\"", ByteBuf::from(b"abc".to_vec())),
        ("[1,2,3]", ByteBuf::from(vec![1u8, 2, 3])),
        ("\"\"", ByteBuf::new()),
        ("A Q I D", ByteBuf::from(vec![1u8, 2, 3])),
    ]);
}

#[test]
fn test_parse_options_and_empty_slots() {
    test_parse_ok(vec![
        ("{a:,b:}", Maybe { a: None, b: None }),
        (
            "{a:1,b:\"\"}",
            Maybe {
                a: Some(1),
                b: Some(String::new()),
            },
        ),
        ("{}", Maybe { a: None, b: None }),
        (
            "{a:1,}",
            Maybe {
                a: Some(1),
                b: None,
            },
        ),
    ]);
    test_parse_ok(vec![
        ("[1,,3]", vec![Some(1), None, Some(3)]),
        ("[1,]", vec![Some(1), None]),
        ("[,]", vec![None, None]),
        ("[]", vec![]),
        ("[ ]", vec![]),
    ]);
    test_parse_ok(vec![("", None::<i32>), ("5", Some(5))]);
    test_parse_ok(vec![("", ())]);
    test_parse_ok(vec![("{a:}", BTreeMap::from([("a".to_owned(), ())]))]);
}

#[test]
fn test_parse_lists() {
    test_parse_ok(vec![("1,2,3", vec![1, 2, 3]), ("[1, 2 ,3]", vec![1, 2, 3])]);
    test_parse_ok(vec![
        ("A,B", vec!["A".to_owned(), "B".into()]),
        ("", Vec::<String>::new()),
    ]);
    let one = |n| BTreeMap::from([("n".to_owned(), n)]);
    test_parse_ok(vec![
        ("{n:1}", vec![one(1)]),
        ("[{n:1}, {n:2}]", vec![one(1), one(2)]),
    ]);
    test_parse_ok(vec![("[[1,2],[],[3]]", vec![vec![1, 2], vec![], vec![3]])]);
    test_parse_ok(vec![("[1,a,True]", (1, "a".to_owned(), true))]);
    test_parse_ok(vec![("[1,x]", Pair(1, "x".into()))]);
}

#[test]
fn test_parse_structs_and_enums() {
    let ann = Person {
        name: "Ann".into(),
        age: Some(3),
        tags: vec!["a".into()],
    };
    test_parse_ok(vec![
        ("{name:Ann,age:3,tags:[a]}", ann.clone()),
        // Case-insensitive names (D6), unknown members skipped (R13), any order.
        (
            "{TAGS:[a],Extra:{x:[1,{y:\"}\"}]},NAME:Ann,Age:3,More:z}",
            ann.clone(),
        ),
        // Compact text: whitespace around a bare value is data (R28), around names it is not.
        (
            "{ name : Ann , age : 3 , tags : [ a ] }",
            Person {
                name: " Ann ".into(),
                age: Some(3),
                tags: vec![" a ".into()],
            },
        ),
        ("\u{FEFF}{name:Ann,age:3,tags:[a]} \r\n", ann.clone()),
    ]);
    test_parse_ok(vec![
        ("Empty", Shape::Empty),
        ("empty", Shape::Empty),
        ("{Circle:1.5}", Shape::Circle(1.5)),
        ("{circle: 1.5}", Shape::Circle(1.5)),
        ("{Rect:[2,3]}", Shape::Rect(2, 3)),
        (
            "{Named:{LABEL:x}}",
            Shape::Named {
                label: "x".into(),
                sides: None,
            },
        ),
    ]);
    test_parse_ok(vec![(
        "[Red,green,RED]",
        vec![Color::Red, Color::Green, Color::Red],
    )]);
    test_parse_ok(vec![(
        "{red:1,Green:2}",
        BTreeMap::from([(Color::Red, 1), (Color::Green, 2)]),
    )]);
    test_parse_ok(vec![(
        "{1:a,-2:b}",
        BTreeMap::from([(1, "a".to_owned()), (-2, "b".into())]),
    )]);
    test_parse_ok(vec![(
        "{Newtype:5}",
        BTreeMap::from([("Newtype".to_owned(), Newtype(5))]),
    )]);
    test_parse_ok(vec![("", Unit)]);
}

/// Member names in every shape: the usual `,name:` (read on a fast path) and the shapes
/// that need the general one (whitespace, quotes, empty names, missing colons) agree.
#[test]
fn test_parse_member_name_shapes() {
    let ann = Person {
        name: "Ann".into(),
        age: Some(3),
        tags: vec![],
    };
    test_parse_ok(vec![
        ("{name:Ann,age:3,tags:[]}", ann.clone()),
        ("{name :Ann,age\t:3,tags:[]}", ann.clone()),
        ("{\"name\":Ann,\"age\" :3,tags:[]}", ann.clone()),
        ("{name:Ann,\r\n age:3,tags:[]}", ann.clone()),
        ("{Name:Ann,AGE:3,Tags:[],}", ann.clone()),
        // Members the struct skips: quoted with doubled quotes, bare with spaces, empty.
        (
            "{name:Ann,Extra:\"a \"\" b, c}\",More: x ,Skip:,age:3,tags:[]}",
            ann.clone(),
        ),
    ]);
    for bad in ["{name:Ann,Extra:\"open", "{name:Ann,Extra:\"a\"b,age:3}"] {
        assert!(serde_jsv::from_str::<Person>(bad).is_err(), "{bad:?}");
    }
    // Map keys keep their whitespace in compact text; the empty name is a key too.
    test_parse_ok(vec![(
        "{a :1, b:2,:3,\"c\":4}",
        BTreeMap::from([
            ("a ".to_owned(), 1),
            (" b".to_owned(), 2),
            (String::new(), 3),
            ("c".to_owned(), 4),
        ]),
    )]);
    for bad in [
        "{name,age:3}",
        "{name:Ann,age}",
        "{name:Ann,}x",
        "{name:Ann",
    ] {
        assert!(serde_jsv::from_str::<Person>(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn test_parse_duplicates_last_wins() {
    test_parse_ok(vec![("{a:1,a:2}", BTreeMap::from([("a".to_owned(), 2)]))]);
    test_parse_ok(vec![("{s:x,s:y}", Text { s: "y".into() })]);
    test_parse_ok(vec![(
        "{name:a,tags:[],NAME:b,age:1}",
        Person {
            name: "b".into(),
            age: Some(1),
            tags: vec![],
        },
    )]);
    let value: Value = serde_jsv::from_str("{a:1,b:2,a:3}").unwrap();
    assert_eq!(value.to_string(), "{a:3,b:2}");
}

/// Duplicates in several struct types, nested, in lists, in more types than the passes
/// name one by one: the last occurrence always wins, and other members are untouched.
#[test]
fn test_parse_duplicates_nested_and_many() {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct A {
        x: i32,
        b: Option<B>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct B {
        y: String,
        c: Option<C>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct C {
        z: Vec<D>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct D {
        w: u8,
        e: Option<E>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct E {
        v: bool,
    }
    let d = |w, v: Option<bool>| D {
        w,
        e: v.map(|v| E { v }),
    };
    // One type with duplicates, deep inside others without.
    let a: A = serde_jsv::from_str("{x:1,b:{y:s,c:{z:[{w:1},{w:2,w:3,e:{v:0}}]}}}").unwrap();
    assert_eq!(a.b.unwrap().c.unwrap().z, [d(1, None), d(3, Some(false))]);
    // Every type has duplicates (five: more than the passes name one by one), and the
    // superseded values are skipped whatever they hold.
    let text = "{x:1,b:{y:s,c:{z:[],z:[{w:1,e:{v:1,v:0},w:2}]},y:t,c:{z:[{w:4,w:5}],z:[{e:{v:1},w:9,e:{v:0,v:1}}]}},x:2}";
    let a: A = serde_jsv::from_str(text).unwrap();
    let b = a.b.unwrap();
    assert_eq!((a.x, b.y.as_str()), (2, "t"));
    assert_eq!(b.c.unwrap().z, [d(9, Some(true))]);
    // Many objects of one type, each with duplicates.
    let many = format!("[{}]", vec!["{w:1,w:2,e:{v:0},e:{v:1}}"; 1000].join(","));
    let list: Vec<D> = serde_jsv::from_str(&many).unwrap();
    assert_eq!(list.len(), 1000);
    assert!(list.iter().all(|item| *item == d(2, Some(true))));
    // A duplicate the passes cannot resolve is still an error, not a panic or a loop: a
    // struct read through serde's buffering (an untagged enum) reports it itself.
    #[derive(Deserialize, Debug)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Either {
        Both { w: u8 },
    }
    let err = serde_jsv::from_str::<Either>("{w:1,w:2}").unwrap_err();
    assert!(err.is_data(), "{err}");
    // Errors after a duplicate keep their position.
    let err = serde_jsv::from_str::<D>("{w:1,w:2,e:{v:maybe}}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected True or False, found `maybe` at line 1 column 15"
    );
}

#[test]
fn test_parse_pretty() {
    let text = "{\n\tname: Ann Lee ,\n\tage: 3,\n\ttags: \n\t[\n\t\ta,\n\t\t\" b \"\n\t]\n}\n";
    test_parse_ok(vec![(
        text,
        Person {
            name: "Ann Lee".into(),
            age: Some(3),
            tags: vec!["a".into(), " b ".into()],
        },
    )]);
    test_parse_ok(vec![("[\r\n\t1,\r\n\t\r\n]", vec![Some(1), None])]);
    // Forced modes.
    let compact = Options::new().read_mode(ReadMode::Compact);
    assert_eq!(compact.from_str::<Vec<String>>("[\n a]").unwrap(), ["\n a"]);
    let pretty = Options::new().read_mode(ReadMode::Pretty);
    assert_eq!(
        pretty.from_str::<Vec<String>>("[ a , b ]").unwrap(),
        ["a", "b"]
    );
}
