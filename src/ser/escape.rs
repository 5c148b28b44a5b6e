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

/// What one scan of a string found.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Scan {
    /// No byte forces quotes.
    Bare,
    /// Quotes are needed; the text holds no `"` to double.
    Quote,
    /// Quotes are needed and some `"` inside must be doubled.
    QuoteDoubling,
}

/// Scans `chunk` for bytes that force quotes and, in the same pass, for `"` (so that the
/// writer never scans a quoted string a second time), without branches, so that the
/// compiler turns it into vector compares.
#[inline(always)]
fn scan_chunk(chunk: &[u8; 16]) -> Scan {
    let mut triggers = [0u8; 16];
    let mut quotes = [0u8; 16];
    for ((trigger, quote), &byte) in triggers.iter_mut().zip(quotes.iter_mut()).zip(chunk) {
        *trigger = u8::from(is_quote_trigger(byte));
        *quote = u8::from(byte == b'"');
    }
    if u128::from_ne_bytes(quotes) != 0 {
        Scan::QuoteDoubling
    } else if u128::from_ne_bytes(triggers) != 0 {
        Scan::Quote
    } else {
        Scan::Bare
    }
}

/// The worse of two scans.
#[inline(always)]
fn worse(a: Scan, b: Scan) -> Scan {
    match (a, b) {
        (Scan::QuoteDoubling, _) | (_, Scan::QuoteDoubling) => Scan::QuoteDoubling,
        (Scan::Quote, _) | (_, Scan::Quote) => Scan::Quote,
        _ => Scan::Bare,
    }
}

/// Scans `bytes`: 16 bytes at a time, the last chunk overlapping the one before. Shorter
/// text is gathered into one chunk with overlapping word loads (a zero byte is never a
/// trigger), so that no length needs a byte loop. Inlined into its three callers: the call
/// cost ~1.6% of serializing the session list.
#[inline(always)]
fn scan(bytes: &[u8]) -> Scan {
    let len = bytes.len();
    if len >= 16 {
        let mut found = Scan::Bare;
        let mut chunks = bytes.chunks_exact(16);
        for chunk in &mut chunks {
            found = worse(found, scan_chunk(chunk.try_into().unwrap_or(&[0; 16])));
            if found == Scan::QuoteDoubling {
                return found;
            }
        }
        if chunks.remainder().is_empty() {
            return found;
        }
        return worse(
            found,
            scan_chunk(bytes[len - 16..].try_into().unwrap_or(&[0; 16])),
        );
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
        return Scan::Bare;
    };
    scan_chunk(&(u128::from(low) | u128::from(high) << 64).to_le_bytes())
}

/// Whether any byte of `bytes` forces quotes.
#[cfg(test)]
fn any_quote_trigger(bytes: &[u8]) -> bool {
    scan(bytes) != Scan::Bare
}

/// Appends `bytes` to `out`. Text of 4 to 64 bytes (most names and values: identifiers,
/// dates, phone numbers, URLs, a line of text) is copied with two overlapping fixed-size
/// moves instead of a call to `memcpy`.
#[inline(always)]
pub(crate) fn extend(out: &mut Vec<u8>, bytes: &[u8]) {
    match bytes.len() {
        4..=7 => extend_overlapping::<4>(out, bytes),
        8..=16 => extend_overlapping::<8>(out, bytes),
        17..=32 => extend_overlapping::<16>(out, bytes),
        33..=64 => extend_overlapping::<32>(out, bytes),
        _ => out.extend_from_slice(bytes),
    }
}

/// Appends `bytes` (`N..=2 * N` of them) as its first `N` bytes, then its last `N` written
/// over the bytes the two share.
#[inline(always)]
fn extend_overlapping<const N: usize>(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len();
    out.reserve(2 * N);
    let start = out.len();
    let (Some(low), Some(high)) = (bytes.first_chunk::<N>(), bytes.last_chunk::<N>()) else {
        out.extend_from_slice(bytes);
        return;
    };
    out.extend_from_slice(low);
    out.truncate(start + len - N);
    out.extend_from_slice(high);
}

/// How `text` must be written. `pretty` adds the D4 rule: surrounding whitespace would be
/// trimmed by a pretty reader. The empty string is quoted (R3).
#[inline(always)]
pub(crate) fn classify(text: &str, pretty: bool) -> Scan {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return Scan::Quote;
    }
    let found = scan(bytes);
    if found == Scan::Bare
        && pretty
        && (is_whitespace(bytes[0]) || is_whitespace(bytes[bytes.len() - 1]))
    {
        return Scan::Quote;
    }
    found
}

/// Whether `text` must be written in quotes (see [`classify`]).
#[cfg(test)]
fn quote_needed(text: &str, pretty: bool) -> bool {
    classify(text, pretty) != Scan::Bare
}

/// Whether `text` holds only whitespace (and is not empty): as the only item of a list it
/// would read back as the empty list (`[ ]`, R19).
pub(crate) fn is_blank(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_whitespace)
}

/// Writes `text` as a JSV string value: bare when it can be, otherwise in quotes with every
/// `"` doubled (R2). The empty string is `""` (R3).
pub(crate) fn write_string(out: &mut Vec<u8>, text: &str, pretty: bool) {
    match classify(text, pretty) {
        Scan::Bare => out.extend_from_slice(text.as_bytes()),
        found => write_quoted_scanned(out, text, found == Scan::QuoteDoubling),
    }
}

/// Writes `text` in quotes, doubling every `"`.
pub(crate) fn write_quoted(out: &mut Vec<u8>, text: &str) {
    let doubling = memchr::memchr(b'"', text.as_bytes()).is_some();
    write_quoted_scanned(out, text, doubling);
}

/// Writes `text` in quotes; `doubling` says (from [`classify`]) whether it holds a `"`.
#[inline(always)]
pub(crate) fn write_quoted_scanned(out: &mut Vec<u8>, text: &str, doubling: bool) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    if !doubling {
        extend(out, text.as_bytes());
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
        let source: Vec<u8> = (0..80).collect();
        for len in 0..80 {
            let mut out = vec![9, 9];
            extend(&mut out, &source[..len]);
            assert_eq!(&out[..2], &[9, 9]);
            assert_eq!(&out[2..], &source[..len]);
        }
    }

    #[test]
    fn finds_quotes_at_every_position() {
        for len in 1..48 {
            assert_eq!(scan(&vec![b'a'; len]), Scan::Bare, "{len}");
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'"';
                assert_eq!(scan(&text), Scan::QuoteDoubling, "{len} {at}");
                // A byte one off from `"` (0x22) is not a quote.
                text[at] = 0x23;
                assert_eq!(scan(&text), Scan::Bare, "near miss {len} {at}");
                // A quote anywhere wins over another trigger anywhere.
                text[at] = b':';
                assert_eq!(scan(&text), Scan::Quote, "{len} {at}");
                text[len - 1 - at] = b'"';
                assert_eq!(scan(&text), Scan::QuoteDoubling, "{len} {at}");
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
