//! Token scanners, written as nom parsers over bytes.
//!
//! The structure (objects, lists, members) is driven by serde through the `Deserializer`;
//! these parsers find where one token ends. They use nom's tuple error, which is two words
//! and never allocates, so a failed attempt on the hot path costs nothing; the
//! `Deserializer` turns failures into positioned [`Error`](crate::Error)s.

use nom::error::{Error as NomError, ErrorKind as NomKind};
use nom::{IResult, Parser};

use super::chunk::{first_hit, hits_in};
use crate::whitespace;

/// The cheap error every scanner returns.
pub(crate) type Cheap<'a> = NomError<&'a [u8]>;

/// Zero or more whitespace bytes (what nom's `take_while(is_whitespace)` takes, without
/// its generic machinery on the hot path).
#[inline]
pub(crate) fn whitespace(input: &[u8]) -> IResult<&[u8], &[u8], Cheap<'_>> {
    let len = whitespace::leading_len(input);
    Ok((&input[len..], &input[..len]))
}

/// A quoted token: `"…"` with `""` standing for one quote (R2, R5). Returns the text
/// between the outer quotes, still with doubled quotes, and whether it holds any. Fails with
/// `Eof` when the closing quote is missing.
pub(crate) fn quoted(input: &[u8]) -> IResult<&[u8], (&[u8], bool), Cheap<'_>> {
    let (body, _) = nom::character::complete::char('"').parse_complete(input)?;
    match quoted_len(body) {
        Some((len, doubled)) => Ok((&body[len + 1..], (&body[..len], doubled))),
        None => Err(nom::Err::Failure(NomError::new(input, NomKind::Eof))),
    }
}

/// The inside of a quoted token whose opening quote comes just before `body`: its length
/// (up to the closing quote) and whether it holds doubled quotes. `None` when the closing
/// quote is missing.
#[inline(always)]
pub(crate) fn quoted_len(body: &[u8]) -> Option<(usize, bool)> {
    quoted_len_pairs(body).map(|(len, pairs)| (len, pairs > 0))
}

/// [`quoted_len`] with how many `""` pairs the token holds (the length of its text is
/// `len - pairs`, so an owned copy is allocated at its exact size). One pass: each `"`
/// found is either the first of a pair or the end. Most tokens hold no pair: the first
/// quote found ends them, and only a token with pairs goes on to count them.
#[inline(always)]
pub(crate) fn quoted_len_pairs(body: &[u8]) -> Option<(usize, usize)> {
    // Quoted tokens are mostly short (dates, names, a line of text): one target costs
    // little per word, so 128 bytes are looked at a word at a time before memchr (whose
    // call and set-up cost more than the words of a log line of 60 to 120 bytes).
    let quote = find_any_after::<128>(body, b"\"")?;
    if body.get(quote + 1) != Some(&b'"') {
        return Some((quote, 0));
    }
    doubled_quoted_len(body, quote + 2)
}

/// [`quoted_len_pairs`] past the first pair, which ends at `at`.
#[inline(never)]
fn doubled_quoted_len(body: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut pairs = 1;
    loop {
        let quote = at + find_any_after::<64>(body.get(at..)?, b"\"")?;
        if body.get(quote + 1) == Some(&b'"') {
            pairs += 1;
            at = quote + 2;
        } else {
            return Some((quote, pairs));
        }
    }
}

/// Which bytes start a bare token in compact text: anything above the whitespace bytes
/// except `"`, `{` and `[` (which start a quoted token or a structure).
///
/// A `const`, not a `static`: each code unit that reads it gets its own copy, addressed
/// directly, where a `static` read from the code that serde instantiates in another unit
/// was addressed through the global offset table, one more load before every token.
const BARE_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = b' ' as usize + 1;
    while byte < 256 {
        table[byte] = !matches!(byte as u8, b'"' | b'{' | b'[');
        byte += 1;
    }
    table
};

/// Whether `byte` starts a bare token in compact text. One table lookup and one branch,
/// where the four comparisons it replaces took four branches on every token.
#[inline(always)]
pub(crate) fn starts_bare(byte: u8) -> bool {
    BARE_START[usize::from(byte)]
}

/// Where a bare scalar stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The root value: the end of the input.
    End,
    /// An item of an unbracketed root list: `,` or the end.
    Comma,
    /// A member value: `,` or `}` (R6).
    Object,
    /// A list item: `,` or `]`.
    List,
}

/// A bare scalar: everything up to the stop bytes of its context (possibly nothing).
pub(crate) fn bare(stop: Stop) -> impl Fn(&[u8]) -> IResult<&[u8], &[u8], Cheap<'_>> {
    move |input: &[u8]| {
        let end = bare_len(input, stop);
        Ok((&input[end..], &input[..end]))
    }
}

/// The length of the bare scalar at the start of `input`: words, then memchr. A member value
/// gets words for its first 64 bytes: identifiers of 33 to 64 bytes (call SIDs, URLs) are
/// common there, and memchr's call and set-up cost more than the two more steps of words
/// that cover them. A list item gets 32: items are mostly numbers and short names, and the
/// longer search cost a list of coordinates (canada) 1 % more instructions.
#[inline(always)]
pub(crate) fn bare_len(input: &[u8], stop: Stop) -> usize {
    match stop {
        Stop::End => None,
        Stop::Comma => find_any(input, b","),
        Stop::Object => find_any_after::<64>(input, b",}"),
        Stop::List => find_any(input, b",]"),
    }
    .unwrap_or(input.len())
}

/// The position of the first byte of `input` that is one of `targets` (at most 3 distinct
/// bytes), sixteen bytes at a time for the first 32 bytes (member names are mostly short),
/// then memchr.
#[inline(always)]
pub(crate) fn find_any(input: &[u8], targets: &[u8]) -> Option<usize> {
    find_any_after::<32>(input, targets)
}

/// [`find_any`], sixteen bytes at a time for the first `HEAD` bytes (a multiple of 16):
/// memchr costs a call and its setup, which a search of short text sixteen bytes a step
/// ([`first_hit`]) does not. One branch a step: most member names and short values end in
/// the first sixteen bytes, so it goes the same way token after token.
///
/// Away from the end of the input the first `HEAD` bytes are one fixed-size array, so the
/// steps read them without a bounds check each.
#[inline(always)]
pub(crate) fn find_any_after<const HEAD: usize>(input: &[u8], targets: &[u8]) -> Option<usize> {
    if let Some(head) = input.first_chunk::<HEAD>() {
        let (chunks, _) = head.as_chunks::<16>();
        for (at, chunk) in chunks.iter().enumerate() {
            if let Some(within) = first_hit(chunk, targets) {
                return Some(at * 16 + within);
            }
        }
        return find_any_memchr(&input[HEAD..], targets).map(|found| HEAD + found);
    }
    // Three targets, the first repeated when there are fewer: one copy of the search near
    // the end serves every caller.
    let padded = match *targets {
        [a] => [a; 3],
        [a, b] => [a, b, a],
        [a, b, c, ..] => [a, b, c],
        [] => return None,
    };
    find_any_near_end(input, padded)
}

/// [`find_any_after`] within the last `HEAD` bytes of the input: whole words, then single
/// bytes. Out of line: inlined, it would only grow every token reader.
#[inline(never)]
fn find_any_near_end(input: &[u8], targets: [u8; 3]) -> Option<usize> {
    let (words, tail) = input.as_chunks::<8>();
    for (at, word) in words.iter().enumerate() {
        let hits = hits_in(word, &targets);
        if hits != 0 {
            return Some(at * 8 + (hits.trailing_zeros() / 8) as usize);
        }
    }
    let at = words.len() * 8;
    tail.iter()
        .position(|byte| targets.contains(byte))
        .map(|found| at + found)
}

/// [`find_any_after`] past its first bytes: memchr's vector search.
#[inline(always)]
fn find_any_memchr(rest: &[u8], targets: &[u8]) -> Option<usize> {
    match targets {
        [a] => memchr::memchr(*a, rest),
        [a, b] => memchr::memchr2(*a, *b, rest),
        [a, b, c, ..] => memchr::memchr3(*a, *b, *c, rest),
        [] => None,
    }
}

/// The length of the member name at the start of `input` when compact text spells it in its
/// usual shape: up to the first of `:`, `,` and `}`, which must be the `:`, not empty,
/// neither starting with whitespace, `"` or `}` nor ending with whitespace. Such a name reads
/// the same on the general path; `None` for any other shape, which only the general path
/// reads (an error, a quoted name, whitespace that a struct's names trim).
#[inline(always)]
pub(crate) fn compact_name_len(input: &[u8]) -> Option<usize> {
    let &first = input.first()?;
    if first <= b' ' || first == b'"' || first == b'}' {
        return None;
    }
    let len = find_any(input, b":,}")?;
    if len == 0 || input[len] != b':' || input[len - 1] <= b' ' {
        return None;
    }
    Some(len)
}

/// A bare member name: everything up to `:`. Fails (`Char`) if `,` or `}` comes first, and
/// with `Eof` if nothing does.
#[inline]
pub(crate) fn bare_name(input: &[u8]) -> IResult<&[u8], &[u8], Cheap<'_>> {
    match find_any(input, b":,}") {
        Some(at) if input[at] == b':' => Ok((&input[at..], &input[..at])),
        Some(at) => Err(nom::Err::Error(NomError::new(&input[at..], NomKind::Char))),
        None => Err(nom::Err::Error(NomError::new(
            &input[input.len()..],
            NomKind::Eof,
        ))),
    }
}

/// A whole `{…}` or `[…]` taken as text: the brackets balance, and brackets inside quoted
/// tokens do not count. This is how ServiceStack hands a structure to a string or `object`
/// target (R27), and it accepts text that is not itself JSV, such as a braced Guid
/// `{01234567-89ab-…}`. Unlike ServiceStack (B5), a `"` opens a quoted token only where a
/// token can start (after `{ [ , :` and whitespace), not in the middle of a bare value.
pub(crate) fn balanced(input: &[u8]) -> IResult<&[u8], &[u8], Cheap<'_>> {
    let mut depth = 0usize;
    let mut at = 0;
    let mut token_start = true;
    while at < input.len() {
        let byte = input[at];
        match byte {
            b'{' | b'[' => {
                depth += 1;
                token_start = true;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok((&input[at + 1..], &input[..at + 1]));
                }
                token_start = false;
            }
            b'"' if token_start => {
                let (rest, _) = quoted(&input[at..])?;
                at = input.len() - rest.len();
                token_start = false;
                continue;
            }
            b',' | b':' => token_start = true,
            _ if whitespace::is_whitespace(byte) => {}
            _ => token_start = false,
        }
        at += 1;
    }
    Err(nom::Err::Failure(NomError::new(
        &input[input.len()..],
        NomKind::Eof,
    )))
}

/// A byte order mark, if present.
pub(crate) fn bom(input: &[u8]) -> IResult<&[u8], Option<&[u8]>, Cheap<'_>> {
    nom::combinator::opt(nom::bytes::complete::tag(&b"\xEF\xBB\xBF"[..])).parse_complete(input)
}

/// Whether a document is pretty text (D3): its first `{` or `[` is followed directly by a
/// line break, which compact ServiceStack output never has.
pub(crate) fn looks_pretty(input: &[u8]) -> bool {
    let Ok((rest, _)) = whitespace(input) else {
        return false;
    };
    matches!(rest, [b'{' | b'[', b'\r' | b'\n', ..])
}

/// Undoes the doubling of quotes inside a quoted token.
///
/// `content` is the inside of a quoted token, where quotes only come in pairs, `pairs` of
/// them: the string is allocated once at its exact length (as serde_json's owned strings
/// are), and each piece up to and including the first quote of a pair is copied whole.
/// The pairs are found with memchr, and the text after the last pair is copied without
/// being searched.
pub(crate) fn undouble(content: &str, pairs: usize) -> String {
    let mut out = String::with_capacity(content.len().saturating_sub(pairs));
    let mut rest = content;
    for _ in 0..pairs {
        let Some(at) = memchr::memchr(b'"', rest.as_bytes()) else {
            break;
        };
        // Keep the first quote of the pair, skip the second (`"` is one byte, so both cuts
        // are character boundaries).
        out.push_str(&rest[..=at]);
        rest = rest.get(at + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_tokens_end_at_a_single_quote() {
        let (rest, (content, doubled)) = quoted(b"\"a\"\"b\",c").unwrap();
        assert_eq!(content, b"a\"\"b");
        assert!(doubled);
        assert_eq!(rest, b",c");
        assert!(quoted(b"\"open").is_err());
    }

    #[test]
    fn quoted_len_pairs_quotes_in_one_pass() {
        assert_eq!(quoted_len(b"\""), Some((0, false)));
        assert_eq!(quoted_len(b"\"\"\""), Some((2, true)));
        assert_eq!(quoted_len(b"\"\""), None);
        assert_eq!(quoted_len(b""), None);
        assert_eq!(quoted_len(b"a\"\"\"\"b\"x\""), Some((6, true)));
        // Past the first 32 bytes, and a pair straddling a word.
        let long = format!("{}\"\"{}\"", "a".repeat(7), "b".repeat(40));
        assert_eq!(quoted_len(long.as_bytes()), Some((long.len() - 1, true)));
        assert_eq!(quoted_len(&long.as_bytes()[..long.len() - 1]), None);
        assert_eq!(quoted_len_pairs(b"a\"\"\"\"b\"x\""), Some((6, 2)));
        assert_eq!(quoted_len_pairs(b"ab\""), Some((2, 0)));
    }

    #[test]
    fn undoubling_keeps_one_quote_of_each_pair() {
        for (content, pairs, text) in [
            (r#"say ""hi"""#, 2, r#"say "hi""#),
            (r#""""""#, 2, r#""""#),
            ("é\"\"ü", 1, "é\"ü"),
            ("plain", 0, "plain"),
        ] {
            let out = undouble(content, pairs);
            assert_eq!(out, text);
            // One allocation of the exact size.
            assert_eq!(out.capacity(), text.len(), "{content}");
        }
    }

    #[test]
    fn owned_strings_with_doubled_quotes_are_allocated_at_their_exact_length() {
        let texts: Vec<String> = crate::from_str(r#"["say ""hi""","""""",x]"#).unwrap();
        assert_eq!(texts, [r#"say "hi""#, r#""""#, "x"]);
        for text in &texts {
            assert_eq!(text.capacity(), text.len(), "{text}");
        }
    }

    #[test]
    fn bare_scalars_stop_by_context() {
        let (rest, text) = bare(Stop::Object)(b"2:nd]x,y").unwrap();
        assert_eq!((text, rest), (&b"2:nd]x"[..], &b",y"[..]));
        let (_, text) = bare(Stop::List)(b"a}b]c").unwrap();
        assert_eq!(text, b"a}b");
        let (_, text) = bare(Stop::End)(b"a,b").unwrap();
        assert_eq!(text, b"a,b");
    }

    #[test]
    fn balanced_text_skips_quoted_brackets() {
        let (rest, text) = balanced(b"{a:\"}]\",b:[1]},x").unwrap();
        assert_eq!(text, b"{a:\"}]\",b:[1]}");
        assert_eq!(rest, b",x");
        let (_, text) = balanced(b"{01234567-89ab}").unwrap();
        assert_eq!(text, b"{01234567-89ab}");
        let (_, text) = balanced(b"{a:x\"y}").unwrap();
        assert_eq!(text, b"{a:x\"y}");
        assert!(balanced(b"{a:[1}").is_err());
        assert!(balanced(b"[\"]").is_err());
    }

    #[test]
    fn find_any_finds_the_first_target_at_every_position() {
        for len in 0..80 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'}';
                if at + 3 < len {
                    text[at + 3] = b',';
                }
                assert_eq!(find_any(&text, b",}"), Some(at), "{len} {at}");
                assert_eq!(find_any(&text, b":,}"), Some(at), "{len} {at}");
                text[at] = 0x7c;
                assert_eq!(find_any(&text, b"}"), None, "near miss {len} {at}");
            }
            assert_eq!(find_any(&vec![b'a'; len], b",]"), None);
        }
        // The bare-token searches (words for 64 bytes in a member value, 32 in a list item)
        // and the quoted-token search (128), then memchr: each finds its target at every
        // position before, across and after its words, and passes over the others'.
        for len in 0..200 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'"';
                assert_eq!(find_any_after::<128>(&text, b"\""), Some(at), "{len} {at}");
                text[at] = 0xa2;
                assert_eq!(find_any_after::<128>(&text, b"\""), None, "{len} {at}");
                text[at] = b']';
                assert_eq!(bare_len(&text, Stop::List), at, "{len} {at}");
                assert_eq!(bare_len(&text, Stop::Object), len, "{len} {at}");
                text[at] = b'}';
                assert_eq!(bare_len(&text, Stop::Object), at, "{len} {at}");
                assert_eq!(bare_len(&text, Stop::List), len, "{len} {at}");
            }
        }
    }

    #[test]
    fn bare_tokens_start_above_whitespace_outside_quotes_and_brackets() {
        for byte in 0..=255u8 {
            let expected = byte > b' ' && !b"\"{[".contains(&byte);
            assert_eq!(starts_bare(byte), expected, "{byte:#x}");
        }
    }

    #[test]
    fn names_need_a_colon() {
        assert_eq!(bare_name(b"Name:x").unwrap().1, b"Name");
        assert!(bare_name(b"Name,x").is_err());
        assert!(bare_name(b"Name").is_err());
    }

    #[test]
    fn pretty_documents_are_detected() {
        assert!(looks_pretty(b"{\n\tA: 1\n}"));
        assert!(looks_pretty(b"  [\r\n]"));
        assert!(!looks_pretty(b"{A:1}"));
        assert!(!looks_pretty(b"{ A:1}"));
    }
}
