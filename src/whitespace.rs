//! The whitespace of JSV: what readers skip where it can never be data (D2, D3), what a
//! pretty reader trims from bare scalars (so the pretty writer quotes strings that start or
//! end with it, D4), and what .NET's number parsers skip around a number. It is the same six
//! ASCII bytes everywhere: space, tab, LF, CR, VT and FF.

/// Whether `byte` is JSV whitespace.
#[inline]
pub(crate) fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// How many whitespace bytes `input` starts with.
#[inline]
pub(crate) fn leading_len(input: &[u8]) -> usize {
    // Every whitespace byte is at most b' ': most tokens start with a byte above it.
    if input.first().is_none_or(|&byte| byte > b' ') {
        return 0;
    }
    input
        .iter()
        .position(|&byte| !is_whitespace(byte))
        .unwrap_or(input.len())
}

/// `text` without whitespace at either end. Whitespace is ASCII, so the cuts fall on
/// character boundaries.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last())
        && first > b' '
        && last > b' '
    {
        return text;
    }
    let start = leading_len(bytes);
    let end = bytes.len()
        - bytes[start..]
            .iter()
            .rev()
            .position(|&byte| !is_whitespace(byte))
            .map_or(bytes.len() - start, |n| n);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_bytes_and_nothing_else() {
        for byte in 0..=255u8 {
            assert_eq!(
                is_whitespace(byte),
                b" \t\n\r\x0b\x0c".contains(&byte),
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn trims_both_ends_only() {
        assert_eq!(trim(" \t a b \r\n"), "a b");
        assert_eq!(trim("a"), "a");
        assert_eq!(trim("  "), "");
        assert_eq!(trim(""), "");
        assert_eq!(trim("\u{a0}x\u{a0}"), "\u{a0}x\u{a0}");
        assert_eq!(leading_len(b"\x0b\x0cx "), 2);
    }
}
