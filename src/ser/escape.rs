//! When and how a scalar is quoted (R1–R3, D1, D4).

use crate::whitespace::is_whitespace;

/// Whether `byte` forces a string into quotes (R1): `"` `:` `,` `{` `}` `[` `]` CR LF.
#[inline(always)]
fn is_quote_trigger(byte: u8) -> bool {
    // `[` `]` are `{` `}` without bit 0x20; plain comparisons so that the chunked scan
    // below compiles to vector compares.
    let folded = byte | 0x20;
    (byte == b'"')
        | (byte == b':')
        | (byte == b',')
        | (folded == b'{')
        | (folded == b'}')
        | (byte == b'\r')
        | (byte == b'\n')
}

/// Whether any byte of `chunk` forces quotes, without branches, so that the compiler
/// turns it into vector compares.
#[inline(always)]
fn chunk_has_trigger(chunk: &[u8; 16]) -> bool {
    let mut mask = [0u8; 16];
    for (flag, &byte) in mask.iter_mut().zip(chunk) {
        *flag = u8::from(is_quote_trigger(byte));
    }
    u128::from_ne_bytes(mask) != 0
}

/// Whether any byte of `bytes` forces quotes: 16 bytes at a time, the last chunk
/// overlapping the one before. Shorter text is gathered into one chunk with overlapping
/// word loads (a zero byte is never a trigger), so that no length needs a byte loop.
#[inline]
fn any_quote_trigger(bytes: &[u8]) -> bool {
    let len = bytes.len();
    if len >= 16 {
        let mut chunks = bytes.chunks_exact(16);
        for chunk in &mut chunks {
            if chunk_has_trigger(chunk.try_into().unwrap_or(&[0; 16])) {
                return true;
            }
        }
        if chunks.remainder().is_empty() {
            return false;
        }
        return chunk_has_trigger(bytes[len - 16..].try_into().unwrap_or(&[0; 16]));
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().unwrap_or([0; 4]),
        ))
    };
    let (low, high) = if len >= 8 {
        (word(0), word(len - 8))
    } else if len >= 4 {
        (half(0) | half(len - 4) << 32, 0)
    } else if len > 0 {
        let byte = |at: usize| u64::from(bytes[at]);
        (byte(0) | byte(len / 2) << 8 | byte(len - 1) << 16, 0)
    } else {
        return false;
    };
    chunk_has_trigger(&(u128::from(low) | u128::from(high) << 64).to_le_bytes())
}

/// Appends `bytes` to `out`. Short text (most names and values) is copied with two
/// overlapping fixed-size moves instead of a call to `memcpy`.
#[inline(always)]
pub(crate) fn extend(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len();
    if !(4..=16).contains(&len) {
        out.extend_from_slice(bytes);
        return;
    }
    out.reserve(16);
    let start = out.len();
    if len >= 8 {
        let low: [u8; 8] = bytes[..8].try_into().unwrap_or([0; 8]);
        let high: [u8; 8] = bytes[len - 8..].try_into().unwrap_or([0; 8]);
        out.extend_from_slice(&low);
        out.truncate(start + len - 8);
        out.extend_from_slice(&high);
    } else {
        let low: [u8; 4] = bytes[..4].try_into().unwrap_or([0; 4]);
        let high: [u8; 4] = bytes[len - 4..].try_into().unwrap_or([0; 4]);
        out.extend_from_slice(&low);
        out.truncate(start + len - 4);
        out.extend_from_slice(&high);
    }
}

/// Whether `text` must be written in quotes. `pretty` adds the D4 rule: surrounding
/// whitespace would be trimmed by a pretty reader.
#[inline(always)]
pub(crate) fn quote_needed(text: &str, pretty: bool) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_empty() || any_quote_trigger(bytes) {
        return true;
    }
    pretty && (is_whitespace(bytes[0]) || is_whitespace(bytes[bytes.len() - 1]))
}

/// Whether a root scalar must be quoted: besides the rules of [`quote_needed`], a reader
/// trims whitespace around the root value and takes a leading U+FEFF for a byte order mark
/// (D2), so a root string with either would not read back bare.
pub(crate) fn root_quote_needed(text: &str) -> bool {
    quote_needed(text, true) || text.starts_with('\u{FEFF}')
}

/// Whether `text` holds only whitespace (and is not empty): as the only item of a list it
/// would read back as the empty list (`[ ]`, R19).
pub(crate) fn is_blank(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_whitespace)
}

/// Writes `text` as a JSV string value: bare when it can be, otherwise in quotes with every
/// `"` doubled (R2). The empty string is `""` (R3).
pub(crate) fn write_string(out: &mut Vec<u8>, text: &str, pretty: bool) {
    if !quote_needed(text, pretty) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    write_quoted(out, text);
}

/// Whether `bytes` holds a `"`: word at a time for short text (most quoted values are dates
/// and names, and most hold no quote), memchr beyond.
#[inline(always)]
fn contains_quote(bytes: &[u8]) -> bool {
    if bytes.len() > 32 {
        return memchr::memchr(b'"', bytes).is_some();
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let word_has_quote = |word: u64| {
        let x = word ^ (ONES * u64::from(b'"'));
        x.wrapping_sub(ONES) & !x & (ONES << 7) != 0
    };
    for chunk in &mut chunks {
        if word_has_quote(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))) {
            return true;
        }
    }
    chunks.remainder().contains(&b'"')
}

/// Writes `text` in quotes, doubling every `"`.
pub(crate) fn write_quoted(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    if !contains_quote(text.as_bytes()) {
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return;
    }
    let mut rest = text.as_bytes();
    while let Some(at) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=at]);
        out.push(b'"');
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Whether a [`RawScalar`](crate::RawScalar) text would read back unchanged.
pub(crate) fn raw_scalar_is_safe(text: &str, pretty: bool) -> bool {
    if text.starts_with('\u{FEFF}') {
        return false;
    }
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return true;
    };
    if matches!(first, b'"' | b'{' | b'[')
        || bytes
            .iter()
            .any(|&b| matches!(b, b',' | b'}' | b']' | b'\r' | b'\n'))
    {
        return false;
    }
    !(pretty && (is_whitespace(first) || is_whitespace(bytes[bytes.len() - 1])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, text, false);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_exactly_the_nine_characters() {
        for special in ["\"", ":", ",", "{", "}", "[", "]", "\r", "\n"] {
            assert!(quote_needed(&format!("a{special}b"), false), "{special:?}");
        }
        for plain in [
            " a ", "\t", "'", "\\", "%", "@", "=", "/", "#", "é", "\u{200B}",
        ] {
            assert!(!quote_needed(plain, false), "{plain:?}");
        }
    }

    #[test]
    fn the_trigger_scan_matches_the_rule_for_every_byte() {
        for byte in 0..=255u8 {
            let expected = b"\":,{}[]\r\n".contains(&byte);
            assert_eq!(is_quote_trigger(byte), expected, "{byte:#x}");
            for (len, at) in [
                (41, 0),
                (41, 5),
                (41, 15),
                (41, 16),
                (41, 17),
                (41, 31),
                (41, 40),
                (1, 0),
                (9, 8),
                (15, 14),
                (16, 15),
                (32, 31),
                (17, 16),
            ] {
                let mut text = vec![b'a'; len];
                text[at] = byte;
                assert_eq!(any_quote_trigger(&text), expected, "{byte:#x} at {at}");
            }
        }
    }

    #[test]
    fn extend_copies_every_length() {
        let source: Vec<u8> = (0..40).collect();
        for len in 0..40 {
            let mut out = vec![9, 9];
            extend(&mut out, &source[..len]);
            assert_eq!(&out[..2], &[9, 9]);
            assert_eq!(&out[2..], &source[..len]);
        }
    }

    #[test]
    fn finds_quotes_at_every_position() {
        for len in 0..48 {
            assert!(!contains_quote(&vec![b'a'; len]), "{len}");
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'"';
                assert!(contains_quote(&text), "{len} {at}");
                // A byte one off from `"` (0x22) is not a quote.
                text[at] = 0x23;
                assert!(!contains_quote(&text), "near miss {len} {at}");
            }
        }
    }

    #[test]
    fn doubles_quotes() {
        assert_eq!(written("\"quoted\""), "\"\"\"quoted\"\"\"");
        assert_eq!(written("2:nd"), "\"2:nd\"");
        assert_eq!(written(""), "\"\"");
        assert_eq!(written(" A "), " A ");
    }

    #[test]
    fn pretty_quotes_surrounding_whitespace() {
        assert!(quote_needed(" A", true));
        assert!(quote_needed("A\t", true));
        assert!(!quote_needed("A B", true));
    }
}
