//! When and how a scalar is quoted (R1–R3, D1, D4).

/// The bytes that force a string into quotes (R1): `"` `:` `,` `{` `}` `[` `]` CR LF.
const QUOTE_TRIGGER: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b':' as usize] = true;
    table[b',' as usize] = true;
    table[b'{' as usize] = true;
    table[b'}' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

/// The whitespace that a pretty reader trims from bare scalars, so the pretty writer quotes
/// strings that start or end with it (D4).
pub(crate) fn is_trimmed_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Whether `text` must be written in quotes. `pretty` adds the D4 rule: surrounding
/// whitespace would be trimmed by a pretty reader.
pub(crate) fn quote_needed(text: &str, pretty: bool) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.iter().any(|&b| QUOTE_TRIGGER[b as usize]) {
        return true;
    }
    pretty && (is_trimmed_whitespace(bytes[0]) || is_trimmed_whitespace(bytes[bytes.len() - 1]))
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
    !text.is_empty() && text.bytes().all(is_trimmed_whitespace)
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

/// Writes `text` in quotes, doubling every `"`.
pub(crate) fn write_quoted(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
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
    !(pretty && (is_trimmed_whitespace(first) || is_trimmed_whitespace(bytes[bytes.len() - 1])))
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
