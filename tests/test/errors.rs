//! Errors: the exact message with line and column, the snippet, the depth limit.

use serde_jsv::Value;
use serde_jsv::de::Options;

use super::{Color, Maybe, Text, test_parse_err};

#[test]
fn test_parse_errors() {
    test_parse_err::<bool>(&[
        (
            "yes",
            "expected True or False, found `yes` at line 1 column 1",
        ),
        (
            "",
            "expected True or False, found nothing at line 1 column 1",
        ),
    ]);
    test_parse_err::<i32>(&[
        ("1.0", "invalid i32: `1.0` at line 1 column 1"),
        ("+5", "invalid i32: `+5` at line 1 column 1"),
        (
            "2147483648",
            "`2147483648` is out of range for i32 at line 1 column 1",
        ),
        ("", "expected i32, found nothing at line 1 column 1"),
        ("1 2", "invalid i32: `1 2` at line 1 column 1"),
    ]);
    test_parse_err::<u8>(&[
        ("256", "`256` is out of range for u8 at line 1 column 1"),
        ("-1", "`-1` is out of range for u8 at line 1 column 1"),
    ]);
    test_parse_err::<f64>(&[
        ("1e", "invalid f64: `1e` at line 1 column 1"),
        ("inf", "invalid f64: `inf` at line 1 column 1"),
    ]);
    test_parse_err::<char>(&[
        (
            "ab",
            "expected a single character, found `ab` at line 1 column 1",
        ),
        (
            "\"\"",
            "expected a character, found nothing at line 1 column 1",
        ),
    ]);
    test_parse_err::<Color>(&[
        (
            "Blue",
            "unknown variant `Blue`, expected `Red` or `Green` at line 1 column 1",
        ),
        (
            "",
            "expected an enum variant, found nothing at line 1 column 1",
        ),
    ]);
    test_parse_err::<Vec<i32>>(&[
        ("[1,x]", "invalid i32: `x` at line 1 column 4"),
        ("[1,2", "input ended inside a list at line 1 column 5"),
        ("[1]x", "unexpected text after the value at line 1 column 4"),
        (
            "[\"1\"x]",
            "unexpected text after the closing quote at line 1 column 5",
        ),
    ]);
    test_parse_err::<Vec<Vec<i32>>>(&[
        ("[[1] x]", "expected `,` or `]` at line 1 column 6"),
        ("[[1]", "input ended inside a list at line 1 column 5"),
    ]);
    test_parse_err::<Text>(&[
        (
            "{s:\"abc}",
            "quoted string has no closing quote at line 1 column 4",
        ),
        ("{s:x", "input ended inside an object at line 1 column 5"),
        ("{s}", "expected `:` after member name at line 1 column 3"),
        ("{t:x}", "missing field `s` at line 1 column 1"),
        ("[s]", "expected an object `{…}` at line 1 column 1"),
        (
            "{s:x} y",
            "unexpected text after the value at line 1 column 7",
        ),
        (
            "{s:x}\n\n  }",
            "unexpected text after the value at line 3 column 3",
        ),
    ]);
    test_parse_err::<Maybe>(&[(
        "{\n\ta: 1,\n\tb: x,\n\ta: z\n}",
        "invalid i32: `z` at line 4 column 5",
    )]);
}

#[test]
fn test_error_snippet() {
    let err = serde_jsv::from_str::<Maybe>("{b:x,\na:nope}").unwrap_err();
    assert_eq!((err.line(), err.column()), (2, 3));
    assert_eq!(
        err.to_string(),
        "JSV parse error at line 2, column 3\n  |\n2 | a:nope}\n  |   ^^^^ invalid i32: `nope`\n"
    );
    assert!(err.is_data());
}

#[test]
fn test_depth_limit() {
    let deep = "[".repeat(100_000);
    let err = serde_jsv::from_str::<Value>(&deep).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "nesting is deeper than the limit at line 1 column 129"
    );
    let deep_objects = "{a:".repeat(100_000);
    assert!(serde_jsv::from_str::<Value>(&deep_objects).is_err());
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    serde_jsv::from_str::<Value>(&ok).unwrap();
    let too_deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert!(serde_jsv::from_str::<Value>(&too_deep).is_err());
    assert!(
        Options::new()
            .depth_limit(2)
            .from_str::<Vec<Vec<Vec<i32>>>>("[[[1]]]")
            .is_err()
    );
    assert!(serde_jsv::from_str::<serde_json::Value>(&deep).is_err());
    assert!(serde_jsv::from_str::<serde::de::IgnoredAny>(&deep).is_err());
}

#[test]
fn test_strict_case() {
    let strict = Options::new().case_insensitive(false);
    assert!(strict.from_str::<Color>("red").is_err());
    assert_eq!(strict.from_str::<Color>("Red").unwrap(), Color::Red);
    // Names are still trimmed, and duplicates still resolve to the last one.
    assert_eq!(
        strict.from_str::<Text>("{ s :x,s:y}").unwrap(),
        Text { s: "y".into() }
    );
    assert!(strict.from_str::<Text>("{S:x}").is_err());
}
