//! Typed readings of scalar text: numbers, bools, chars and Base64 (D5: errors, not
//! silent defaults).

use base64::Engine as _;

use super::Scalar;
use crate::error::ErrorKind;
use crate::number::{self, NumberError};

fn number_error(err: NumberError, expected: &'static str, text: &str) -> ErrorKind {
    match err {
        NumberError::Invalid => ErrorKind::InvalidNumber {
            expected,
            text: text.to_owned(),
        },
        NumberError::OutOfRange => ErrorKind::NumberOutOfRange {
            expected,
            text: text.to_owned(),
        },
    }
}

/// The error for text a number parser refused: an empty value when the text is only
/// whitespace, else why the number is wrong.
#[cold]
fn number_failure(err: NumberError, expected: &'static str, text: &str) -> ErrorKind {
    if crate::whitespace::trim(text).is_empty() {
        return ErrorKind::EmptyValue(expected);
    }
    number_error(err, expected, text)
}

// The number parsers skip surrounding whitespace themselves, so the text goes to them as it
// is; only a refusal asks whether the text was empty.

#[inline]
pub(crate) fn parse_integer<T: number::DotnetInteger>(
    scalar: &Scalar<'_>,
    expected: &'static str,
) -> Result<T, ErrorKind> {
    number::parse_integer(&scalar.text).map_err(|err| number_failure(err, expected, &scalar.text))
}

#[inline]
pub(crate) fn parse_f64(scalar: &Scalar<'_>) -> Result<f64, ErrorKind> {
    number::parse_f64(&scalar.text).map_err(|err| number_failure(err, "f64", &scalar.text))
}

#[inline]
pub(crate) fn parse_f32(scalar: &Scalar<'_>) -> Result<f32, ErrorKind> {
    number::parse_f32(&scalar.text).map_err(|err| number_failure(err, "f32", &scalar.text))
}

/// `True`/`False` in any case, `1`, `0` (D6); surrounding whitespace is ignored as .NET 6+
/// `bool.Parse` does.
pub(crate) fn parse_bool_text(text: &str) -> Option<bool> {
    // What ServiceStack writes, before the general rule.
    match text {
        "True" => return Some(true),
        "False" => return Some(false),
        _ => {}
    }
    let text = crate::whitespace::trim(text);
    if text.eq_ignore_ascii_case("true") || text == "1" {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") || text == "0" {
        Some(false)
    } else {
        None
    }
}

pub(crate) fn parse_bool(scalar: &Scalar<'_>) -> Result<bool, ErrorKind> {
    if scalar.is_empty_token() {
        return Err(ErrorKind::EmptyValue("True or False"));
    }
    parse_bool_text(&scalar.text)
        .ok_or_else(|| ErrorKind::InvalidBool(scalar.text.clone().into_owned()))
}

pub(crate) fn parse_char(scalar: &Scalar<'_>) -> Result<char, ErrorKind> {
    let mut chars = scalar.text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        (None, _) => Err(ErrorKind::EmptyValue("a character")),
        _ => Err(ErrorKind::InvalidChar(scalar.text.clone().into_owned())),
    }
}

/// Standard Base64 with padding; whitespace inside is ignored, as .NET does.
pub(crate) fn parse_base64(scalar: &Scalar<'_>) -> Result<Vec<u8>, ErrorKind> {
    let text = &scalar.text;
    let engine = &base64::engine::general_purpose::STANDARD;
    let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        engine.decode(compact)
    } else {
        engine.decode(text.as_bytes())
    };
    decoded.map_err(|_| ErrorKind::InvalidBytes(text.clone().into_owned()))
}
