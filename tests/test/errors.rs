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
        ("[[1],xy]", "expected a list `[…]` at line 1 column 6"),
        ("[[1],\"x\"]", "expected a list `[…]` at line 1 column 6"),
        (
            "[[1],\"x]",
            "quoted string has no closing quote at line 1 column 6",
        ),
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
        ("\"[s]\"", "expected an object `{…}` at line 1 column 1"),
        (
            "\"s",
            "quoted string has no closing quote at line 1 column 1",
        ),
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
    assert_eq!(err.to_string(), "invalid i32: `nope` at line 2 column 3");
    assert_eq!(
        err.snippet().to_string(),
        "JSV data error at line 2, column 3\n  |\n2 | a:nope}\n  |   ^^^^ invalid i32: `nope`"
    );
    assert!(err.is_data());

    // The header names the category; a long line is cut 40 characters either side.
    let long = format!("[{}1,2", "a,".repeat(100));
    let err = serde_jsv::from_str::<Vec<String>>(&long).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input ended inside a list at line 1 column 205"
    );
    let shown = format!(",{}1,2", "a,".repeat(18));
    assert_eq!(
        err.snippet().to_string(),
        format!(
            "JSV input ended early at line 1, column 205\n  |\n1 | {shown}\n  | {}^ input ended inside a list",
            " ".repeat(40)
        )
    );
    let err = serde_jsv::from_str::<Vec<Vec<i32>>>("[[1] x]").unwrap_err();
    assert_eq!(
        err.snippet().to_string(),
        "JSV syntax error at line 1, column 6\n  |\n1 | [[1] x]\n  |      ^ expected `,` or `]`"
    );

    // An error without a position renders as its message alone, both ways.
    let err = serde_jsv::to_string(&vec![None::<i32>]).unwrap_err();
    assert_eq!(err.line(), 0);
    assert_eq!(err.snippet().to_string(), err.to_string());
    assert!(!err.to_string().contains('\n'));
}

/// Every kind of error a reader can meet, with its category (`classify` and the four
/// `is_*` methods agree) and a one-line message without a "parse error" prefix.
#[test]
fn test_error_categories() {
    use serde_jsv::error::Category;

    fn check<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &[u8], category: Category) {
        let err = serde_jsv::from_slice::<T>(text).unwrap_err();
        assert_eq!(
            err.classify(),
            category,
            "{:?}: {err}",
            String::from_utf8_lossy(text)
        );
        let flags = [err.is_io(), err.is_syntax(), err.is_data(), err.is_eof()];
        assert_eq!(flags.iter().filter(|&&f| f).count(), 1, "{err}");
        let message = err.to_string();
        assert!(
            !message.contains('\n') && !message.contains("parse error"),
            "{message}"
        );
        assert!(message.ends_with(&format!(" at line {} column {}", err.line(), err.column())));
    }
    // Input that ends too early.
    check::<Vec<i32>>(b"[1,2", Category::Eof);
    check::<Text>(b"{s:x", Category::Eof);
    check::<Text>(b"{s:\"abc}", Category::Eof);
    check::<Value>(b"[", Category::Eof);
    // Text that is not JSV.
    check::<Vec<Vec<i32>>>(b"[[1] x]", Category::Syntax);
    check::<Text>(b"{s}", Category::Syntax);
    check::<Vec<String>>(b"[\"a\"b]", Category::Syntax);
    check::<Vec<i32>>(b"[1]x", Category::Syntax);
    check::<Vec<String>>(b"[a,\xff]", Category::Syntax);
    check::<Value>("[".repeat(200).as_bytes(), Category::Syntax);
    // JSV that does not fit the type.
    check::<bool>(b"yes", Category::Data);
    check::<i32>(b"1.0", Category::Data);
    check::<u8>(b"256", Category::Data);
    check::<char>(b"ab", Category::Data);
    check::<Color>(b"Blue", Category::Data);
    check::<Text>(b"{t:x}", Category::Data);
    check::<Text>(b"[s]", Category::Data);
    check::<Vec<i32>>(b"{a:1}", Category::Data);
    check::<i32>(b"", Category::Data);
    check::<serde_bytes::ByteBuf>(b"{a:1}", Category::Data);

    // Writing: values with no JSV form are data errors, without a position.
    let err = serde_jsv::to_string(&vec![None::<i32>]).unwrap_err();
    assert!(err.is_data() && err.line() == 0);
    let mut map = std::collections::BTreeMap::new();
    map.insert(vec![1], 2);
    assert!(serde_jsv::to_string(&map).unwrap_err().is_data());

    // I/O.
    struct Broken;
    impl std::io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let err = serde_jsv::from_reader::<_, Value>(Broken).unwrap_err();
    assert_eq!(err.classify(), Category::Io);
    assert!(err.is_io());
    assert_eq!(err.to_string(), "disk on fire");
    assert!(std::error::Error::source(&err).is_some());
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
