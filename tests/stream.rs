//! Streaming reads: `de::iter_list`, `de::ReaderDeserializer` and `from_reader` give what
//! `from_str` gives, item by item, whatever the reads' sizes, with errors placed in the
//! whole stream.

mod stream_support;

use std::collections::BTreeMap;
use std::io::{self, Read};

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_jsv::Value;
use serde_jsv::de::{Options, ReadMode, iter_list};
use serde_jsv::error::ErrorKind;
use stream_support::Generated;

/// Hands out the text a few bytes at a time (chunk sizes cycle through `sizes`), so that
/// every token can be split across reads.
struct Trickle<'a> {
    text: &'a [u8],
    sizes: Vec<usize>,
    turn: usize,
}

impl<'a> Trickle<'a> {
    fn new(text: &'a str, sizes: &[usize]) -> Self {
        Trickle {
            text: text.as_bytes(),
            sizes: sizes.to_vec(),
            turn: 0,
        }
    }
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.turn % self.sizes.len()].max(1);
        self.turn += 1;
        let n = size.min(buf.len()).min(self.text.len());
        buf[..n].copy_from_slice(&self.text[..n]);
        self.text = &self.text[n..];
        Ok(n)
    }
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Crumb {
    id: Option<String>,
    name: Option<String>,
    tags: Vec<String>,
    score: Option<i32>,
    meta: BTreeMap<String, String>,
}

fn crumb() -> impl Strategy<Value = Crumb> {
    let text = "[ -~\\n\\r\\té日\"]{0,8}";
    (
        proptest::option::of(text),
        proptest::option::of(text),
        prop::collection::vec(text, 0..3),
        proptest::option::of(any::<i32>()),
        prop::collection::btree_map("[a-z,:\" ]{0,4}", text, 0..3),
    )
        .prop_map(|(id, name, tags, score, meta)| Crumb {
            id,
            name,
            tags,
            score,
            meta,
        })
}

/// `iter_list` over `text`, read in chunks of `sizes`.
fn streamed<T: serde::de::DeserializeOwned>(
    text: &str,
    sizes: &[usize],
) -> Vec<serde_jsv::Result<T>> {
    iter_list(Trickle::new(text, sizes)).collect()
}

proptest! {
    #[test]
    fn items_are_what_from_str_reads(
        crumbs in prop::collection::vec(crumb(), 0..6),
        sizes in prop::collection::vec(1usize..9, 1..4),
    ) {
        for text in [
            serde_jsv::to_string(&crumbs).unwrap(),
            serde_jsv::to_string_pretty(&crumbs).unwrap(),
        ] {
            let items: Vec<Crumb> = streamed(&text, &sizes)
                .into_iter()
                .collect::<Result<_, _>>()
                .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            prop_assert_eq!(&items, &crumbs);
            let whole: Vec<Crumb> = serde_jsv::from_reader(Trickle::new(&text, &sizes)).unwrap();
            prop_assert_eq!(&whole, &crumbs);
            let values: Vec<Value> = streamed(&text, &sizes)
                .into_iter()
                .collect::<Result<_, _>>()
                .unwrap();
            let expected: Vec<Value> = serde_jsv::from_str(&text).unwrap();
            prop_assert_eq!(values, expected);
        }
    }

    /// Any text that starts with `[`, well-formed or not: streaming succeeds exactly when
    /// `from_str` does, with the same items, and fails at the same place.
    #[test]
    fn any_list_text_streams_as_from_str_reads_it(
        body in "[\\[\\]{},:\" a1\\n\\t]{0,24}",
        sizes in prop::collection::vec(1usize..5, 1..3),
    ) {
        let text = format!("[{body}");
        let whole = serde_jsv::from_str::<Vec<Value>>(&text);
        let items: Result<Vec<Value>, _> = streamed(&text, &sizes).into_iter().collect();
        match (&whole, &items) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{:?}", text),
            (Err(a), Err(b)) => prop_assert_eq!(
                (a.line(), a.column()),
                (b.line(), b.column()),
                "{:?}: {} / {}", text, a, b
            ),
            _ => prop_assert!(false, "{:?}: from_str {:?}, streamed {:?}", text, whole, items),
        }
        let read: Result<Vec<Value>, _> = serde_jsv::from_reader(Trickle::new(&text, &sizes));
        prop_assert_eq!(read.is_ok(), whole.is_ok(), "{:?}", text);
    }
}

#[test]
fn errors_are_placed_in_the_whole_stream() {
    let text = "[\n\t1,\n\t2,\n\tx3\n]";
    let results: Vec<serde_jsv::Result<u32>> = streamed(text, &[3]);
    assert_eq!(results.len(), 3, "the iterator ends after an error");
    assert_eq!(*results[1].as_ref().unwrap(), 2);
    let err = results[2].as_ref().unwrap_err();
    assert_eq!((err.line(), err.column()), (4, 2), "{err}");
    assert!(
        err.snippet().to_string().contains("4 |  x3"),
        "{}",
        err.snippet()
    );

    // A compact list on one line: the column counts characters from the list's start.
    let text = "[é,ü,\"a\"x]";
    let results: Vec<serde_jsv::Result<String>> = streamed(text, &[2]);
    let err = results[2].as_ref().unwrap_err();
    assert_eq!((err.line(), err.column()), (1, 9), "{err}");
    assert_eq!(err.offset(), Some(10));
}

#[test]
fn a_truncated_stream_is_an_eof_error() {
    for text in ["[1,2", "[1,2,", "[\"a", "[{A:1", "["] {
        let results: Vec<serde_jsv::Result<Value>> = streamed(text, &[1]);
        let err = results.last().unwrap().as_ref().unwrap_err();
        assert!(err.is_eof(), "{text:?}: {err}");
        assert_eq!(err.line(), 1, "{text:?}");
    }
    let results: Vec<serde_jsv::Result<u8>> = streamed("[1,2", &[1]);
    assert_eq!(*results[0].as_ref().unwrap(), 1);
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::EofWhileParsing(_)), "{err}");
}

#[test]
fn a_document_that_is_not_a_list_is_an_error() {
    for (text, column) in [("{A:1}", 1), ("  abc", 3), ("\u{feff}5", 2)] {
        let results: Vec<serde_jsv::Result<Value>> = streamed(text, &[64]);
        assert_eq!(results.len(), 1);
        let err = results[0].as_ref().unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ExpectedList),
            "{text:?}: {err}"
        );
        assert_eq!((err.line(), err.column()), (1, column), "{text:?}");
    }
    // A byte order mark, even one split across reads.
    let items: Vec<u8> = streamed("\u{feff}[1,2]", &[1])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items, [1, 2]);
    let results: Vec<serde_jsv::Result<Value>> = streamed("", &[64]);
    assert!(results[0].as_ref().unwrap_err().is_eof());
}

#[test]
fn text_after_the_list_is_an_error() {
    let results: Vec<serde_jsv::Result<u8>> = streamed("[1] x", &[1]);
    assert_eq!(*results[0].as_ref().unwrap(), 1);
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TrailingCharacters), "{err}");
    assert_eq!((err.line(), err.column()), (1, 5));
    let ok: Vec<serde_jsv::Result<u8>> = streamed("[1] \n", &[1]);
    assert_eq!(ok.len(), 1);
}

#[test]
fn empty_lists_and_empty_items() {
    for text in ["[]", "[ ]", "[\n\t\n]", "  []  "] {
        assert!(streamed::<u8>(text, &[1]).is_empty(), "{text:?}");
    }
    let items: Vec<Option<String>> = streamed("[a,,b,]", &[2])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        items,
        serde_jsv::from_str::<Vec<Option<String>>>("[a,,b,]").unwrap()
    );
}

/// A reader that fails after some bytes.
struct Failing<'a>(&'a [u8]);

impl Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_failing_reader_is_an_io_error() {
    let results: Vec<serde_jsv::Result<u8>> = iter_list(Failing(b"[1,2,")).collect();
    assert_eq!(results.len(), 3);
    assert!(results[2].as_ref().unwrap_err().is_io());
    assert!(
        serde_jsv::from_reader::<_, Vec<u8>>(Failing(b"[1,2,"))
            .unwrap_err()
            .is_io()
    );
}

#[test]
fn options_apply_to_every_item() {
    let text = "[ a , b ]";
    let compact: Vec<String> = streamed(text, &[1])
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(compact, [" a ", " b "]);
    let pretty: Vec<String> = Options::new()
        .read_mode(ReadMode::Pretty)
        .iter_list(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pretty, ["a", "b"]);
    // The depth limit counts the root list.
    let deep = "[[[[1]]]]";
    let shallow: Vec<serde_jsv::Result<Value>> = Options::new()
        .depth_limit(3)
        .iter_list(deep.as_bytes())
        .collect();
    let err = shallow[0].as_ref().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::RecursionLimitExceeded),
        "{err}"
    );
    let whole = Options::new()
        .depth_limit(3)
        .from_str::<Value>(deep)
        .unwrap_err();
    assert_eq!((err.line(), err.column()), (whole.line(), whole.column()));
    let ok: Vec<serde_jsv::Result<Value>> = Options::new()
        .depth_limit(4)
        .iter_list(deep.as_bytes())
        .collect();
    assert!(ok[0].is_ok());
}

/// A struct read from JSV text written by hand: members in any order, given twice or three
/// times, under several spellings, with values that fit or not.
#[derive(Deserialize, Debug, PartialEq, Clone)]
struct Node {
    a: Option<i32>,
    b: Option<String>,
    #[serde(default)]
    kids: Vec<Node>,
}

/// The text of one `Node` object (or, at `depth` 0, of a leaf).
fn node_text() -> impl Strategy<Value = String> {
    let leaf = Just("{}".to_owned());
    leaf.prop_recursive(3, 24, 4, |inner| {
        let a = (
            prop_oneof!["a", "A", "\"a\"", " a "],
            prop_oneof!["-?[0-9]{1,3}", Just("x".to_owned()), Just(String::new())],
        );
        let b = (
            prop_oneof!["b", "B", "\"b\""],
            prop_oneof![
                "[a-z]{0,3}",
                Just("\"p, \"\"q\"\"\"".to_owned()),
                Just("[z]".to_owned())
            ],
        );
        let kids = (
            Just("kids".to_owned()),
            prop::collection::vec(inner.clone(), 0..3)
                .prop_map(|kids| format!("[{}]", kids.join(","))),
        );
        let other = (
            prop_oneof!["x", "a b"],
            prop_oneof!["[a-z]{0,2}".boxed(), inner.boxed()],
        );
        prop::collection::vec(
            prop_oneof![a.boxed(), b.boxed(), kids.boxed(), other.boxed()],
            0..6,
        )
        .prop_map(|members| {
            let members: Vec<String> = members
                .into_iter()
                .map(|(name, value)| format!("{name}:{value}"))
                .collect();
            format!("{{{}}}", members.join(","))
        })
    })
}

/// What a reading gave, for comparing readers: the value, or the error's text (its
/// message, line and column) and offset.
fn outcome<T: std::fmt::Debug>(result: serde_jsv::Result<T>) -> Result<T, (String, Option<usize>)> {
    result.map_err(|err| (err.to_string(), err.offset()))
}

/// `ReaderDeserializer` driven by hand, then `end`.
fn by_hand<T: serde::de::DeserializeOwned>(text: &str, sizes: &[usize]) -> serde_jsv::Result<T> {
    let mut de = serde_jsv::de::ReaderDeserializer::new(Trickle::new(text, sizes));
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

proptest! {
    /// Items whose members repeat (the last occurrence wins, earlier ones are skipped
    /// whatever they hold): every streaming reader gives what `from_str` gives, the same
    /// value or the same error at the same place, at every read split.
    #[test]
    fn repeated_members_stream_as_from_str_reads_them(
        items in prop::collection::vec(node_text(), 0..4),
        pretty in any::<bool>(),
        sizes in prop::collection::vec(1usize..9, 1..4),
    ) {
        let text = if pretty {
            format!("[\n\t{}\n]", items.join(",\n\t"))
        } else {
            format!("[{}]", items.join(","))
        };
        let whole = outcome(serde_jsv::from_str::<Vec<Node>>(&text));
        let read = outcome(serde_jsv::from_reader::<_, Vec<Node>>(Trickle::new(&text, &sizes)));
        prop_assert_eq!(&read, &whole, "from_reader {:?}", text);
        let hand = outcome(by_hand::<Vec<Node>>(&text, &sizes));
        prop_assert_eq!(&hand, &whole, "ReaderDeserializer {:?}", text);
        let streamed: Vec<_> = streamed::<Node>(&text, &sizes).into_iter().map(outcome).collect();
        match &whole {
            Ok(nodes) => {
                let streamed: Vec<Node> = streamed.into_iter().collect::<Result<_, _>>().unwrap();
                prop_assert_eq!(&streamed, nodes, "iter_list {:?}", text);
            }
            Err(err) => prop_assert_eq!(streamed.last(), Some(&Err(err.clone())), "iter_list {:?}", text),
        }
        let values = outcome(serde_jsv::from_reader::<_, Vec<Value>>(Trickle::new(&text, &sizes)));
        prop_assert_eq!(values, outcome(serde_jsv::from_str::<Vec<Value>>(&text)), "{:?}", text);
        // Not a list at the root: read whole, with the same rule.
        if let Some(first) = items.first() {
            let whole = outcome(serde_jsv::from_str::<Node>(first));
            prop_assert_eq!(outcome(by_hand::<Node>(first, &sizes)), whole.clone(), "{:?}", first);
            let read = outcome(serde_jsv::from_reader::<_, Node>(Trickle::new(first, &sizes)));
            prop_assert_eq!(read, whole, "{:?}", first);
        }
    }
}

#[test]
fn a_duplicated_member_lets_the_last_one_win_in_every_reader() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct One {
        a: u8,
    }
    let text = "[{a:1,a:2},{a:x,A:3},{\"a\":300,a:4,b:{a:1,a:2}}]";
    let expected = [One { a: 2 }, One { a: 3 }, One { a: 4 }];
    assert_eq!(serde_jsv::from_str::<Vec<One>>(text).unwrap(), expected);
    let items: Vec<One> = iter_list(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items, expected);
    for sizes in [&[1][..], &[3, 7], &[4096]] {
        let read: Vec<One> = serde_jsv::from_reader(Trickle::new(text, sizes)).unwrap();
        assert_eq!(read, expected);
        assert_eq!(by_hand::<Vec<One>>(text, sizes).unwrap(), expected);
    }
    // An earlier occurrence is skipped whatever it holds, whichever item comes first.
    let text = "[{a:x,a:1},{a:2,a:3}]";
    assert_eq!(
        serde_jsv::from_str::<Vec<One>>(text).unwrap(),
        [One { a: 1 }, One { a: 3 }]
    );
    // The last occurrence is read, and its error stands where it is.
    let text = "[\n\t{a:1},\n\t{a:2,a:x}\n]";
    let whole = serde_jsv::from_str::<Vec<One>>(text).unwrap_err();
    assert_eq!((whole.line(), whole.column()), (3, 9), "{whole}");
    let read = serde_jsv::from_reader::<_, Vec<One>>(Trickle::new(text, &[2])).unwrap_err();
    assert_eq!(read.to_string(), whole.to_string());
    let items: Vec<serde_jsv::Result<One>> = streamed(text, &[5]);
    assert_eq!(
        items[1].as_ref().unwrap_err().to_string(),
        whole.to_string()
    );
    // Items with the names of the item before take its answer; others find their own.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Two {
        a: Option<u8>,
        b: Option<String>,
    }
    let text = "[{a:1,b:\"[\"},{a:2,b:x},{a:3,a:4},{a:x,a:5},{a:6,b:y},{a:7,b:z,b:w},{B:v,a:8}]";
    let whole = serde_jsv::from_str::<Vec<Two>>(text).unwrap();
    assert_eq!(
        whole.iter().map(|two| two.a.unwrap()).collect::<Vec<_>>(),
        [1, 2, 4, 5, 6, 7, 8]
    );
    assert_eq!(whole[5].b.as_deref(), Some("w"));
    for sizes in [&[1][..], &[5, 2], &[4096]] {
        let read: Vec<Two> = serde_jsv::from_reader(Trickle::new(text, sizes)).unwrap();
        assert_eq!(read, whole);
    }
    // A hand-driven ReaderDeserializer over a root that is not a list, as `from_str`.
    assert_eq!(by_hand::<One>("{a:1,a:2}", &[1]).unwrap(), One { a: 2 });
}

#[test]
fn from_reader_reads_other_roots_whole() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct One {
        a: u8,
    }
    let one: One = serde_jsv::from_reader(Trickle::new("{a:1,a:2}", &[1])).unwrap();
    assert_eq!(one, One { a: 2 });
    // Unbracketed root lists (R19) and a list read as a string (R27).
    let list: Vec<u8> = serde_jsv::from_reader(&b"1,2,3"[..]).unwrap();
    assert_eq!(list, [1, 2, 3]);
    let raw: String = serde_jsv::from_reader(&b"[a,b]"[..]).unwrap();
    assert_eq!(raw, "[a,b]");
    let err = serde_jsv::from_reader::<_, One>(&b"\n{a:x}"[..]).unwrap_err();
    assert_eq!((err.line(), err.column()), (2, 4));
    // A tuple shorter than the list, and text after the list.
    assert!(serde_jsv::from_reader::<_, (u8, u8)>(&b"[1,2,3]"[..]).is_err());
    assert!(serde_jsv::from_reader::<_, Vec<u8>>(&b"[1,2] 3"[..]).is_err());
    assert_eq!(
        serde_jsv::from_reader::<_, Option<Vec<u8>>>(&b"[1]"[..]).unwrap(),
        Some(vec![1])
    );
}

#[test]
fn a_long_generated_stream_reads_item_by_item() {
    #[derive(Deserialize)]
    struct Item {
        id: u64,
        name: String,
    }
    let count = 200_000;
    let reader = Generated::new(count);
    let mut seen = 0;
    for item in iter_list::<Item, _>(reader) {
        let item = item.unwrap();
        seen += 1;
        assert_eq!(item.id, seen);
        assert_eq!(item.name, format!("item, {seen}"));
    }
    assert_eq!(seen, count);
}

/// Layouts and edges of a list document: every streaming reader gives `from_str`'s value,
/// or its error at the same place, whatever the reads' sizes.
#[test]
fn layouts_and_edges_stream_as_from_str_reads_them() {
    let texts = [
        "\u{feff}[1,2,3]",
        "\u{feff}[\n\t1,\n\t2\n]",
        "[\r\n\t1,\r\n\t2\r\n]\r\n",
        "[\r\n\t{\r\n\t\ta: 1\r\n\t},\r\n\tx\r\n]",
        "  [ 1 , 2 ]  ",
        "[a,,\"b, c\",]",
        "[]",
        "[ ]",
        "[\n\t\n]",
        "\u{feff}[]",
        "[1,2]x",
        "[1,2] \n x",
        "[1,2]]",
        "[1,2],[3]",
        "[\r\n\t1,\r\n\tx y\r\n] z",
        "[[1,[2]],{a:[b]}]",
        "[1,2",
        "[\"a",
        "[{a:1",
    ];
    for text in texts {
        let whole = outcome(serde_jsv::from_str::<Vec<Value>>(text));
        for sizes in [&[1][..], &[2, 3], &[4096]] {
            let read = outcome(serde_jsv::from_reader::<_, Vec<Value>>(Trickle::new(
                text, sizes,
            )));
            assert_eq!(read, whole, "from_reader {text:?} {sizes:?}");
            let hand = outcome(by_hand::<Vec<Value>>(text, sizes));
            assert_eq!(hand, whole, "ReaderDeserializer {text:?} {sizes:?}");
            let items: Vec<_> = streamed::<Value>(text, sizes)
                .into_iter()
                .map(outcome)
                .collect();
            match &whole {
                Ok(values) => {
                    let items: Vec<Value> = items.into_iter().collect::<Result<_, _>>().unwrap();
                    assert_eq!(&items, values, "iter_list {text:?} {sizes:?}");
                }
                Err(err) => assert_eq!(
                    items.last(),
                    Some(&Err(err.clone())),
                    "iter_list {text:?} {sizes:?}"
                ),
            }
        }
    }
    // A list of scalars read as numbers, and an error in one of them.
    for text in [
        "[1,2,3]",
        "[\n\t1,\n\t-2\n]",
        "[1,x,3]",
        "[\r\n\t1,\r\n\t300\r\n]",
    ] {
        let whole = outcome(serde_jsv::from_str::<Vec<i8>>(text));
        let read = outcome(serde_jsv::from_reader::<_, Vec<i8>>(Trickle::new(
            text,
            &[1],
        )));
        assert_eq!(read, whole, "{text:?}");
        let items: Vec<_> = streamed::<i8>(text, &[1])
            .into_iter()
            .map(outcome)
            .collect();
        match &whole {
            Ok(values) => assert_eq!(
                items.into_iter().collect::<Result<Vec<_>, _>>().unwrap(),
                *values
            ),
            Err(err) => assert_eq!(items.last(), Some(&Err(err.clone())), "{text:?}"),
        }
    }
}

/// A reader that fails after the bytes it holds, in the middle of an item.
#[test]
fn a_read_failing_mid_item_is_an_io_error_after_the_items_before() {
    let results: Vec<serde_jsv::Result<Value>> = iter_list(Failing(b"[{a:1},{a:2},{a:")).collect();
    assert_eq!(results.len(), 3);
    assert_eq!(results[1].as_ref().unwrap().to_string(), "{a:2}");
    let err = results[2].as_ref().unwrap_err();
    assert!(err.is_io(), "{err}");
    assert_eq!(err.to_string(), "disk on fire");
    let err = serde_jsv::from_reader::<_, Vec<Value>>(Failing(b"[{a:1},{a:")).unwrap_err();
    assert!(err.is_io(), "{err}");
    // An empty document is the empty list for every reader (R19).
    let empty = outcome(serde_jsv::from_str::<Vec<Value>>(""));
    assert_eq!(empty, Ok(vec![]));
    assert_eq!(outcome(by_hand::<Vec<Value>>("", &[1])), empty);
    assert_eq!(
        outcome(serde_jsv::from_reader::<_, Vec<Value>>(&b""[..])),
        empty
    );
}
