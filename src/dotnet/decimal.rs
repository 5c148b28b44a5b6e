//! .NET `System.Decimal`, keeping its scale: the crate's [`Decimal`] type and the
//! `#[serde(with = "serde_jsv::dotnet::decimal")]` helpers (for `rust_decimal::Decimal` with
//! the `rust_decimal` feature).
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::dotnet::Decimal;
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Charge {
//!     amount: Decimal,
//! }
//!
//! let charge: Charge = serde_jsv::from_str("{Amount:1.50}").unwrap();
//! assert_eq!((charge.amount.mantissa(), charge.amount.scale()), (150, 2));
//! assert_eq!(serde_jsv::to_string(&charge).unwrap(), "{Amount:1.50}");
//! ```
//!
//! With the `rust_decimal` feature:
//!
//! ```
//! # #[cfg(feature = "rust_decimal")] {
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Charge {
//!     #[serde(with = "serde_jsv::dotnet::decimal")]
//!     amount: rust_decimal::Decimal,
//! }
//!
//! let charge: Charge = serde_jsv::from_str("{amount:12.3400}").unwrap();
//! assert_eq!(charge.amount.scale(), 4);
//! assert_eq!(serde_jsv::to_string(&charge).unwrap(), "{amount:12.3400}");
//! # }
//! ```
//!
//! Written as `decimal.ToString(InvariantCulture)`: the digits with the point `scale` places
//! from the right, trailing zeros kept, never an exponent; zero has no sign. Read as .NET
//! 6+'s `decimal.Parse` (`Float | AllowThousands`): `1.500` keeps scale 3, `.5`, `+7`,
//! `1e3`, `1E-2`, `1,234.5`; more than 28 decimals are rounded (half to even); a value
//! beyond ±79228162514264337593543950335 is an error (ServiceStack reads it as 0).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::ValueError;
use super::visit;

/// 2^96: the unscaled value of a .NET decimal is below it.
const MANTISSA_LIMIT: u128 = 1 << 96;
/// The largest scale .NET allows.
const MAX_SCALE: u32 = 28;

/// A .NET `System.Decimal`: a 96-bit unsigned integer, a sign and a scale of 0–28 decimal
/// places. `1.5` and `1.50` are different values here (as their texts differ); zero has no
/// sign.
///
/// ```
/// use serde_jsv::dotnet::Decimal;
///
/// let price = Decimal::new(-12_345, 2).unwrap();
/// assert_eq!(price.to_string(), "-123.45");
/// assert_eq!("0.0010".parse::<Decimal>().unwrap().scale(), 4);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u128,
    scale: u8,
    negative: bool,
}

impl Decimal {
    /// `decimal.MaxValue`, 79228162514264337593543950335.
    pub const MAX: Decimal = Decimal {
        mantissa: MANTISSA_LIMIT - 1,
        scale: 0,
        negative: false,
    };

    /// `decimal.MinValue`, -79228162514264337593543950335.
    pub const MIN: Decimal = Decimal {
        mantissa: MANTISSA_LIMIT - 1,
        scale: 0,
        negative: true,
    };

    /// `mantissa × 10^-scale`; an error when |mantissa| ≥ 2^96 or scale > 28.
    pub fn new(mantissa: i128, scale: u32) -> Result<Decimal, ValueError> {
        let magnitude = mantissa.unsigned_abs();
        if magnitude >= MANTISSA_LIMIT || scale > MAX_SCALE {
            return Err(ValueError::out_of_range(
                "decimal",
                format_args!("{mantissa} with scale {scale}"),
            ));
        }
        Ok(Decimal {
            mantissa: magnitude,
            scale: scale as u8,
            negative: mantissa < 0,
        })
    }

    /// The signed unscaled value (`150` for `1.50`).
    pub fn mantissa(self) -> i128 {
        let magnitude = self.mantissa as i128;
        if self.negative { -magnitude } else { magnitude }
    }

    /// The number of decimal places (`2` for `1.50`).
    pub fn scale(self) -> u32 {
        self.scale.into()
    }
}

/// `decimal.ToString(InvariantCulture)`.
pub(crate) fn format_text(value: Decimal) -> String {
    let digits = value.mantissa.to_string();
    let scale = usize::from(value.scale);
    let mut out = String::with_capacity(digits.len() + scale + 3);
    if value.negative {
        out.push('-');
    }
    if scale == 0 {
        out.push_str(&digits);
    } else {
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// .NET 6+ `decimal.Parse(text, Float | AllowThousands, InvariantCulture)`.
pub(crate) fn parse_text(text: &str) -> Result<Decimal, ValueError> {
    let invalid = |reason: &str| ValueError::invalid("decimal", text, reason);
    let trimmed = text.trim();
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let (mantissa_text, exponent_text) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let whole_ok =
        whole.bytes().all(|b| b.is_ascii_digit() || b == b',') && !whole.starts_with(',');
    if !whole_ok || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("not a number"));
    }
    let mut digits: Vec<u8> = whole
        .bytes()
        .filter(u8::is_ascii_digit)
        .chain(fraction.bytes())
        .map(|b| b - b'0')
        .collect();
    if digits.is_empty() {
        return Err(invalid("not a number"));
    }
    let exponent: i64 = match exponent_text {
        None => 0,
        Some(e) => {
            let digits_only = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits_only.is_empty() || !digits_only.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid("bad exponent"));
            }
            let magnitude: i64 = digits_only
                .parse()
                .unwrap_or(i64::MAX / 4)
                .min(1_000_000_000);
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    // value = digits × 10^-scale
    let mut scale = fraction.len() as i64 - exponent;
    let first_nonzero = digits.iter().position(|&d| d != 0);
    let Some(first_nonzero) = first_nonzero else {
        return Ok(Decimal {
            mantissa: 0,
            scale: scale.clamp(0, i64::from(MAX_SCALE)) as u8,
            negative: false,
        });
    };
    digits.drain(..first_nonzero);
    if scale < 0 {
        if digits.len() as i64 - scale > 29 {
            return Err(invalid("outside the range of a decimal"));
        }
        digits.extend(std::iter::repeat_n(0, scale.unsigned_abs() as usize));
        scale = 0;
    }
    // Drop as few trailing digits as needed (rounding half to even) to fit scale ≤ 28 and
    // 96 bits.
    let least_drop = (scale - i64::from(MAX_SCALE))
        .max(0)
        .max(digits.len() as i64 - 30);
    let mut drop = least_drop.max(0);
    while drop <= scale {
        if let Some(mantissa) = round_off(&digits, drop)
            && mantissa < MANTISSA_LIMIT
        {
            return Ok(Decimal {
                mantissa,
                scale: (scale - drop) as u8,
                negative: negative && mantissa != 0,
            });
        }
        drop += 1;
    }
    Err(invalid("outside the range of a decimal"))
}

/// The integer of `digits` without its last `drop` digits, rounded half to even; `None`
/// when it does not fit a u128.
fn round_off(digits: &[u8], drop: i64) -> Option<u128> {
    let drop = usize::try_from(drop).ok()?;
    if drop > digits.len() {
        return Some(0);
    }
    let (kept, dropped) = digits.split_at(digits.len() - drop);
    if kept.len() > 38 {
        return None;
    }
    let mut value = kept.iter().fold(0u128, |acc, &d| acc * 10 + u128::from(d));
    if let Some((&first, rest)) = dropped.split_first() {
        let above_half = first > 5 || (first == 5 && rest.iter().any(|&d| d != 0));
        if above_half || (first == 5 && value % 2 == 1) {
            value += 1;
        }
    }
    Some(value)
}

impl fmt::Display for Decimal {
    /// The invariant text (`1.50`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_text(*self))
    }
}

impl FromStr for Decimal {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Decimal, ValueError> {
        parse_text(text)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        visit::serialize_raw(&format_text(*self), serializer)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    /// Through `deserialize_any`, so that JSON numbers (ServiceStack's JSON form of a
    /// decimal) are accepted as well as text; JSV hands every scalar over as text.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

/// Text (JSV, strings elsewhere) and, for formats with numbers (JSON), integers and floats
/// (a float goes through its shortest text: `1.25` → scale 2).
struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a .NET decimal")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse_text(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Decimal::new(value.into(), 0).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Decimal::new(value.into(), 0).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        if !value.is_finite() {
            return Err(E::custom(format_args!("{value} is not a decimal")));
        }
        parse_text(zmij::Buffer::new().format_finite(value)).map_err(E::custom)
    }
}

#[cfg(feature = "rust_decimal")]
impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Decimal {
        // rust_decimal has the same 96-bit mantissa and 0..=28 scale as .NET.
        Decimal {
            mantissa: value.mantissa().unsigned_abs(),
            scale: value.scale() as u8,
            negative: value.mantissa() < 0,
        }
    }
}

#[cfg(feature = "rust_decimal")]
impl From<Decimal> for rust_decimal::Decimal {
    fn from(value: Decimal) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from_i128_with_scale(value.mantissa(), value.scale())
    }
}

/// A type that converts to and from a .NET [`Decimal`], and so works with
/// `#[serde(with = "serde_jsv::dotnet::decimal")]`.
///
/// Implemented for [`Decimal`] and, with the `rust_decimal` feature,
/// `rust_decimal::Decimal` (same range and scale, converted exactly).
pub trait DecimalValue: Sized {
    /// The .NET value.
    fn to_dotnet(&self) -> Result<Decimal, ValueError>;
    /// The value from a .NET value.
    fn from_dotnet(value: Decimal) -> Result<Self, ValueError>;
}

impl DecimalValue for Decimal {
    fn to_dotnet(&self) -> Result<Decimal, ValueError> {
        Ok(*self)
    }

    fn from_dotnet(value: Decimal) -> Result<Decimal, ValueError> {
        Ok(value)
    }
}

#[cfg(feature = "rust_decimal")]
impl DecimalValue for rust_decimal::Decimal {
    fn to_dotnet(&self) -> Result<Decimal, ValueError> {
        Ok(Decimal::from(*self))
    }

    fn from_dotnet(value: Decimal) -> Result<rust_decimal::Decimal, ValueError> {
        Ok(value.into())
    }
}

visit::with_functions!(DecimalValue, Decimal);
visit::option_module!(DecimalValue, Decimal, "decimal");

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (i128, u32) {
        let value = parse_text(text).unwrap_or_else(|e| panic!("{e}"));
        (value.mantissa(), value.scale())
    }

    #[test]
    fn reads_like_net6() {
        assert_eq!(parts("1.50"), (150, 2));
        assert_eq!(parts("1.500"), (1500, 3));
        assert_eq!(parts(".5"), (5, 1));
        assert_eq!(parts("5."), (5, 0));
        assert_eq!(parts("+7"), (7, 0));
        assert_eq!(parts("-0.00"), (0, 2));
        assert_eq!(parts("1e3"), (1000, 0));
        assert_eq!(parts("1E-2"), (1, 2));
        assert_eq!(parts("1.5e1"), (15, 0));
        assert_eq!(parts("1,234.5"), (12345, 1));
        assert_eq!(parts(" 42 "), (42, 0));
        assert_eq!(parts("0.00000000000000000000000000001"), (0, 28));
        assert_eq!(parts("0.00000000000000000000000000005"), (0, 28));
        assert_eq!(parts("0.00000000000000000000000000015"), (2, 28));
        assert_eq!(
            parts("1.0000000000000000000000000001"),
            (10_000_000_000_000_000_000_000_000_001, 28)
        );
        assert_eq!(
            parts("79228162514264337593543950335"),
            (79_228_162_514_264_337_593_543_950_335, 0)
        );
        assert_eq!(
            parts("7.92281625142643375935439503355"),
            (7_922_816_251_426_433_759_354_395_034, 27)
        );
        assert_eq!(parts("1e-1000"), (0, 28));
        assert_eq!(parts("0e1000"), (0, 0));
    }

    #[test]
    fn reads_json_numbers_and_strings() {
        let read = |json: &str| {
            serde_json::from_str::<Decimal>(json)
                .map(|d| d.to_string())
                .ok()
        };
        assert_eq!(read("100"), Some("100".into()));
        assert_eq!(read("-1.25"), Some("-1.25".into()));
        assert_eq!(read("1e-07"), Some("0.0000001".into()));
        assert_eq!(read("\"12.3400\""), Some("12.3400".into()));
        assert_eq!(read("null"), None);
        assert_eq!(
            serde_json::to_string(&Decimal::new(150, 2).unwrap()).unwrap(),
            "\"1.50\""
        );
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "-",
            "abc",
            "1.2.3",
            ",5",
            "1e",
            "1e+",
            "NaN",
            "79228162514264337593543950336",
            "123456789012345678901234567890",
            "1e29",
            "1e1000000000000",
        ] {
            assert!(parse_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_invariant_text() {
        let cases = [
            (150, 2, "1.50"),
            (0, 2, "0.00"),
            (0, 28, "0.0000000000000000000000000000"),
            (1, 28, "0.0000000000000000000000000001"),
            (-1, 3, "-0.001"),
            (
                79_228_162_514_264_337_593_543_950_335,
                28,
                "7.9228162514264337593543950335",
            ),
            (
                -79_228_162_514_264_337_593_543_950_335,
                0,
                "-79228162514264337593543950335",
            ),
        ];
        for (mantissa, scale, text) in cases {
            assert_eq!(format_text(Decimal::new(mantissa, scale).unwrap()), text);
        }
        assert!(Decimal::new(1 << 96, 0).is_err());
        assert!(Decimal::new(1, 29).is_err());
    }
}
