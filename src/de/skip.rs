//! Stepping over an ignored object or list of compact text in one scan.
//!
//! A struct that reads a few members of many skips the rest, and the members skipped are
//! often the big ones (a session's log and members). Read through serde's `IgnoredAny`,
//! every nested member costs a name read, a key handed to a visitor and a value read, each
//! through the general reader; here the value is scanned token by token, as the reader
//! takes the tokens, and nothing is built.
//!
//! The scan covers compact text in its usual shape: bare member names, no whitespace
//! before a token or after a quoted one, no trailing comma in an object, nesting within
//! the depth limit. On anything else it gives up, and the general reader reads the value
//! from its start, so that every error (and every shape the scan leaves out) is the general
//! reader's own. Where the scan finishes, it ends where the general reader would.

use super::scan::{self, Stop};

/// Levels of nesting the scan follows: one bit each in a word.
const MAX_DEPTH: usize = 64;

#[cfg(test)]
thread_local! {
    /// Turns the scan off, so that tests can hold its results against the general reader's.
    static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Where the object or list that opens at `input[start]` ends (just past its closing
/// bracket), read as compact text with at most `depth_left` levels of nesting, the value
/// itself being one. `None` when the value is not in the shape the scan covers.
pub(crate) fn compact_structure_end(
    input: &[u8],
    start: usize,
    depth_left: usize,
) -> Option<usize> {
    #[cfg(test)]
    if OFF.with(std::cell::Cell::get) {
        return None;
    }
    let max_depth = depth_left.min(MAX_DEPTH);
    // Bit `d` is set when the container opened at depth `d` (0: the outer one) is an object.
    let mut objects: u64 = 0;
    let mut depth = 0;
    let mut at = start;
    if !matches!(input.get(at), Some(b'{' | b'[')) {
        return None;
    }
    loop {
        // At a value: the outer one, a member value after its `:`, or a list item.
        match input.get(at) {
            Some(&open @ (b'{' | b'[')) => {
                if depth == max_depth {
                    return None;
                }
                let object = open == b'{';
                objects = (objects & !(1 << depth)) | (u64::from(object) << depth);
                depth += 1;
                at += 1;
                if object {
                    // `ObjectAccess::next_name`: `{}` is an empty object.
                    match member_name(input, at, true)? {
                        Name::Then(value) => {
                            at = value;
                            continue;
                        }
                        Name::Close => {}
                    }
                } else if input.get(at) != Some(&b']') {
                    // `ListAccess`: the first item.
                    continue;
                }
                // The closing bracket of an empty container.
                at += 1;
                depth -= 1;
            }
            // `Deserializer::skip_quoted`: up to the closing quote, `""` being a quote.
            Some(b'"') => {
                let (len, _) = scan::quoted_len_pairs(input.get(at + 1..)?)?;
                at += len + 2;
            }
            // Whitespace before a token is the general reader's to weigh (R13, D2).
            Some(&byte) if byte <= b' ' => return None,
            // `take_compact_bare`: everything up to a separator of the container, which a
            // value that is empty (`{a:}`, `[1,]`) or starts with another bracket also is.
            // A token running to the end of the input leaves nothing for the check below.
            Some(_) => {
                let stop = if is_object(objects, depth) {
                    Stop::Object
                } else {
                    Stop::List
                };
                at += scan::bare_len(&input[at..], stop);
            }
            None => return None,
        }
        // Past a value: the separator or closing bracket right after it (`after_closing`
        // after a quote or a bracket; a bare token ends at one).
        loop {
            if depth == 0 {
                return Some(at);
            }
            let object = is_object(objects, depth);
            match (input.get(at)?, object) {
                (b',', false) => {
                    at += 1;
                    break;
                }
                (b',', true) => match member_name(input, at + 1, false)? {
                    Name::Then(value) => {
                        at = value;
                        break;
                    }
                    // A trailing comma, `{a:1,}`.
                    Name::Close => return None,
                },
                (b'}', true) | (b']', false) => {
                    at += 1;
                    depth -= 1;
                }
                _ => return None,
            }
        }
    }
}

/// Whether the innermost open container (at `depth`, at least 1) is an object.
#[inline(always)]
fn is_object(objects: u64, depth: usize) -> bool {
    (objects >> (depth - 1)) & 1 != 0
}

/// A member name read by [`member_name`].
enum Name {
    /// The `}` of an empty object, at the position read.
    Close,
    /// A name and its `:`; its value starts at this position.
    Then(usize),
}

/// The member name at `at`, as `ObjectAccess::compact_name` takes it
/// ([`scan::compact_name_len`]). A `}` there closes the object when it is the first member
/// (`first`). `None` for any other shape.
#[inline(always)]
fn member_name(input: &[u8], at: usize, first: bool) -> Option<Name> {
    let rest = input.get(at..)?;
    if rest.first() == Some(&b'}') {
        return first.then_some(Name::Close);
    }
    let len = scan::compact_name_len(rest)?;
    Some(Name::Then(at + len + 1))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::de::IgnoredAny;

    use super::*;

    /// What reading `text` as `T` gives (the value, or the error's message with its
    /// position) with the scan on and with it off.
    fn on_and_off<T: for<'a> serde::Deserialize<'a> + std::fmt::Debug>(
        text: &str,
    ) -> (String, String) {
        let read = || {
            format!(
                "{:?}",
                crate::from_str::<T>(text).map_err(|err| err.to_string())
            )
        };
        let on = read();
        OFF.with(|off| off.set(true));
        let off = read();
        OFF.with(|off| off.set(false));
        (on, off)
    }

    /// A struct that reads one member and skips the others.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Keep {
        keep: Option<String>,
    }

    /// `text` skipped at the root, as a member and as list items reads the same (value or
    /// error) with the scan and without it.
    fn skips_as_the_reader_does(text: &str) {
        let (on, off) = on_and_off::<IgnoredAny>(text);
        assert_eq!(on, off, "root: {text:?}");
        let member = format!("{{skip:{text},keep:k}}");
        let (on, off) = on_and_off::<Keep>(&member);
        assert_eq!(on, off, "member: {member:?}");
        let items = format!("[{text},{text}]");
        let (on, off) = on_and_off::<Vec<IgnoredAny>>(&items);
        assert_eq!(on, off, "items: {items:?}");
    }

    /// JSV-like text: containers of tokens ServiceStack writes and of some it does not.
    fn jsv_like() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "",
            "a",
            "1 ",
            " a",
            "x y",
            "\"x\"",
            "\"a\"\"b\"",
            "\"\"",
            "\"a,}]\"",
            "a]b",
            "a}b",
            "x{y",
            "x[y",
            "a\"b",
            "\t",
        ])
        .prop_map(str::to_owned);
        let name = prop::sample::select(vec!["a", "b c", "\"q\"", "x{", " n", "m ", "", "k:"]);
        token.prop_recursive(5, 40, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::vec((name.clone(), inner), 0..4).prop_map(|members| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(name, value)| format!("{name}:{value}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    /// [`jsv_like`] text, sometimes with one byte of structure put in or taken out.
    fn mutated() -> impl Strategy<Value = String> {
        (
            jsv_like(),
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                None,
                Some('{'),
                Some('}'),
                Some('['),
                Some(']'),
                Some(','),
                Some(':'),
                Some('"'),
                Some(' '),
                Some('\n'),
            ]),
            any::<bool>(),
        )
            .prop_map(|(text, at, byte, remove)| {
                let mut bytes = text.into_bytes();
                let at = at.index(bytes.len() + 1);
                match byte {
                    Some(byte) => bytes.insert(at, byte as u8),
                    None if remove && at < bytes.len() => {
                        bytes.remove(at);
                    }
                    None => {}
                }
                String::from_utf8_lossy(&bytes).into_owned()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_scan_reads_as_the_general_reader(text in mutated()) {
            skips_as_the_reader_does(&text);
        }

        #[test]
        fn any_bytes_read_as_with_the_general_reader(
            text in "[\\[\\]{}:,\" a\n]{0,24}",
        ) {
            skips_as_the_reader_does(&format!("{{{text}"));
            skips_as_the_reader_does(&format!("[{text}"));
        }
    }

    #[test]
    fn pretty_and_deep_values_read_as_with_the_general_reader() {
        for text in [
            "{\n\ta: 1,\n\tb: \n\t[\n\t\tx\n\t]\n}",
            &("[".repeat(70) + &"]".repeat(70)),
            &("[".repeat(200) + &"]".repeat(200)),
            "{a:{b:c}}x",
            "{a:{b:c}} ,",
        ] {
            skips_as_the_reader_does(text);
        }
    }

    fn end(text: &str) -> Option<usize> {
        compact_structure_end(text.as_bytes(), 0, 128)
    }

    #[test]
    fn compact_values_end_after_their_closing_bracket() {
        for text in [
            "{}",
            "[]",
            "{a:1}",
            "[1,2,3]",
            "{a:{b:[1,{c:}],d:\"x,}\"\"]\"},e:[[]],f:}",
            "[,]",
            "[1,]",
            "[{},[],\"\",]",
            "{a:]}",
            "[}]",
            "{a{:x[y,b\":z}",
            // Compact text keeps whitespace inside and after a bare token (D2).
            "{a:1 ,b:x y}",
        ] {
            assert_eq!(end(text), Some(text.len()), "{text}");
            let followed = format!("{text},rest");
            assert_eq!(end(&followed), Some(text.len()), "{followed}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_general_reader() {
        for text in [
            "{a:1,}",
            "{ a:1}",
            "{a :1}",
            "{\"a\":1}",
            "{a: 1}",
            "[ 1]",
            "[\"a\" ]",
            "{a}",
            "{a,b:1}",
            "{:1}",
            "{a:1",
            "[1,2",
            "{a:\"x}",
            "{a:{}x}",
            "x",
            "",
        ] {
            assert_eq!(end(text), None, "{text}");
        }
    }

    #[test]
    fn nesting_past_the_depth_left_is_left_to_the_general_reader() {
        let nested = "[".repeat(3) + &"]".repeat(3);
        assert_eq!(compact_structure_end(nested.as_bytes(), 0, 3), Some(6));
        assert_eq!(compact_structure_end(nested.as_bytes(), 0, 2), None);
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(compact_structure_end(deep.as_bytes(), 0, usize::MAX), None);
        let deepest = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert_eq!(
            compact_structure_end(deepest.as_bytes(), 0, usize::MAX),
            Some(2 * MAX_DEPTH)
        );
    }
}
