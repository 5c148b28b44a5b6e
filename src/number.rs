//! Numbers as .NET writes and reads them.
//!
//! .NET Core 3.0+ prints `double` and `float` as the shortest text that reads back as the same
//! value, laid out in its own way: fixed notation for 1e-4 ≤ |x| < 1e17 (1e9 for `float`),
//! otherwise `1E+17` / `1E-05` style scientific notation (`docs/scalar-formats.md` §2–3). The
//! shortest digits come from zmij (the formatter serde_json uses); only the layout is ours.

/// A float type written as .NET writes it: `f64` (`double`) or `f32` (`float`).
pub(crate) trait DotnetFloatText: zmij::Float + Copy {
    /// The decimal exponent from which .NET switches to scientific notation: 17 significant
    /// positions for `double`, 9 for `float`.
    const FIXED_LIMIT: i32;

    /// Whether zmij's text of the value is .NET's but for the `.0` of a whole number.
    fn zmij_layout_is_dotnet(self) -> bool;

    /// `Some((nan, negative))` for NaN and the infinities.
    fn special(self) -> Option<(bool, bool)>;
}

impl DotnetFloatText for f64 {
    const FIXED_LIMIT: i32 = 17;

    #[inline(always)]
    fn zmij_layout_is_dotnet(self) -> bool {
        // zmij writes fixed notation for 1e-5 ≤ |x| < 1e16 (its `FIXED_DEC_EXP`, -5..=15;
        // upstream C++ zmij -4..=15), both of which hold .NET's fixed range 1e-4 ≤ |x| < 1e17
        // except its top decade. There its text differs from .NET's only for whole numbers,
        // which zmij ends with `.0` (a fraction never ends with `0`: the digits are the
        // shortest). The range is decided on the value: the shortest text of a double at or
        // above the double nearest 1e-4 is at least `0.0001`, and that of a double below 1e16
        // is below `1E+16`. NaN and the infinities are outside it.
        // `the_fast_paths_are_the_general_layout` checks all this over random bit patterns.
        (1e-4..1e16).contains(&self.abs())
    }

    #[inline]
    fn special(self) -> Option<(bool, bool)> {
        (!self.is_finite()).then_some((self.is_nan(), self < 0.0))
    }
}

impl DotnetFloatText for f32 {
    const FIXED_LIMIT: i32 = 9;

    #[inline(always)]
    fn zmij_layout_is_dotnet(self) -> bool {
        // As for `f64`, within both zmij's fixed range for `float` (1e-6 ≤ |x| < 1e13) and
        // upstream's (1e-4 ≤ |x| < 1e7), so that a zmij release taking upstream's range keeps
        // the output exact; from 1e7 to .NET's limit 1e9 the general path re-lays the text.
        (1e-4..1e7).contains(&self.abs())
    }

    #[inline]
    fn special(self) -> Option<(bool, bool)> {
        (!self.is_finite()).then_some((self.is_nan(), self < 0.0))
    }
}

/// Writes `value` as .NET writes a `double`.
#[inline(always)]
pub(crate) fn write_f64(out: &mut Vec<u8>, value: f64) {
    write_float_after(out, [], value);
}

/// Writes `value` as .NET writes a `float` (System.Single).
#[inline]
pub(crate) fn write_f32(out: &mut Vec<u8>, value: f32) {
    write_float_after(out, [], value);
}

/// Writes `prefix` (nothing, or a list separator) and then `value` as .NET writes it: a list
/// item's `,` written by its number, without a step back out to the list.
#[inline(always)]
pub(crate) fn write_float_after<F: DotnetFloatText, const P: usize>(
    out: &mut Vec<u8>,
    prefix: [u8; P],
    value: F,
) {
    if value.zmij_layout_is_dotnet() {
        let mut buffer = zmij::Buffer::new();
        // Two appends, the text's with a `memcpy` call: fewer instructions than one fixed
        // 25-byte store cut back to length (canada: 26.1 M against 27.0 M per round).
        out.extend_from_slice(&prefix);
        out.extend_from_slice(without_point_zero(buffer.format_finite(value).as_bytes()));
    } else {
        out.extend_from_slice(&prefix);
        write_float_general(out, value);
    }
}

/// Writes `value` as .NET writes it, for any value: zmij's text re-laid.
#[inline(never)]
fn write_float_general<F: DotnetFloatText>(out: &mut Vec<u8>, value: F) {
    if let Some((nan, negative)) = value.special() {
        return write_special(out, nan, negative);
    }
    let mut buffer = zmij::Buffer::new();
    write_dotnet_layout(out, buffer.format_finite(value).as_bytes(), F::FIXED_LIMIT);
}

/// zmij's fixed-notation text without the `.0` of a whole number (the text has at least
/// three bytes: `1.0`).
#[inline(always)]
fn without_point_zero(text: &[u8]) -> &[u8] {
    let whole = text.ends_with(b".0");
    &text[..text.len() - 2 * usize::from(whole)]
}

#[cold]
fn write_special(out: &mut Vec<u8>, nan: bool, negative: bool) {
    out.extend_from_slice(match (nan, negative) {
        (true, _) => b"NaN",
        (false, false) => b"Infinity",
        (false, true) => b"-Infinity",
    });
}

/// Re-lays zmij's shortest text (`-1.5e-7`, `123.0`, `1e+20`: the same shortest digits ryu
/// finds) in .NET's layout.
///
/// `fixed_limit` is the decimal exponent from which .NET switches to scientific notation:
/// 17 significant positions for `double`, 9 for `float`. zmij's bytes are read in place: the
/// significant digits are `head` followed by `tail` (the integer and fraction parts, or the
/// fraction alone for `0.00…`), and `point` says where the decimal point sits relative to
/// them: value = 0.d1d2…dn × 10^point.
fn write_dotnet_layout(out: &mut Vec<u8>, bytes: &[u8], fixed_limit: i32) {
    let (negative, unsigned) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    // The common case: zmij's `123.456` (no exponent, an integer part that is not `0`, a
    // fraction without trailing zeros) is already .NET's layout while the integer part is
    // within the fixed range.
    if let Some(dot) = unsigned.iter().position(|&b| b == b'.')
        && dot as i32 <= fixed_limit
        && unsigned.first().is_some_and(|&b| matches!(b, b'1'..=b'9'))
        && unsigned.last().is_some_and(|&b| matches!(b, b'1'..=b'9'))
        && dot + 1 < unsigned.len()
        && unsigned[..dot].iter().all(u8::is_ascii_digit)
        && unsigned[dot + 1..].iter().all(u8::is_ascii_digit)
    {
        out.extend_from_slice(bytes);
        return;
    }
    let (mantissa, exponent) = match unsigned.iter().position(|&b| b == b'e' || b == b'E') {
        Some(at) => (&unsigned[..at], parse_exponent(&unsigned[at + 1..])),
        None => (unsigned, 0),
    };
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
        None => (mantissa, &[][..]),
    };
    let whole = trim_leading_zeros(whole);
    let fraction = trim_trailing_zeros(fraction);
    let (head, tail, point) = if whole.is_empty() {
        let significant = trim_leading_zeros(fraction);
        let zeros = (fraction.len() - significant.len()) as i32;
        (significant, &[][..], exponent - zeros)
    } else if fraction.is_empty() {
        (
            trim_trailing_zeros(whole),
            &[][..],
            whole.len() as i32 + exponent,
        )
    } else {
        (whole, fraction, whole.len() as i32 + exponent)
    };
    if head.is_empty() {
        // ±0: .NET Core keeps the sign of negative zero.
        out.extend_from_slice(if negative { b"-0" } else { b"0" });
        return;
    }
    if negative {
        out.push(b'-');
    }
    let count = head.len() + tail.len();
    if point > fixed_limit || point < -3 {
        out.push(head[0]);
        if count > 1 {
            out.push(b'.');
            out.extend_from_slice(&head[1..]);
            out.extend_from_slice(tail);
        }
        let shown = point - 1;
        let magnitude = shown.unsigned_abs();
        out.push(b'E');
        out.push(if shown < 0 { b'-' } else { b'+' });
        if magnitude >= 100 {
            let mut buffer = itoa::Buffer::new();
            out.extend_from_slice(buffer.format(magnitude).as_bytes());
        } else {
            out.extend_from_slice(&[b'0' + (magnitude / 10) as u8, b'0' + (magnitude % 10) as u8]);
        }
    } else if point <= 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + point.unsigned_abs() as usize, b'0');
        out.extend_from_slice(head);
        out.extend_from_slice(tail);
    } else if point as usize >= count {
        out.extend_from_slice(head);
        out.extend_from_slice(tail);
        out.resize(out.len() + (point as usize - count), b'0');
    } else {
        let point = point as usize;
        if point <= head.len() {
            let (before, after) = head.split_at(point);
            out.extend_from_slice(before);
            out.push(b'.');
            out.extend_from_slice(after);
            out.extend_from_slice(tail);
        } else {
            let (before, after) = tail.split_at(point - head.len());
            out.extend_from_slice(head);
            out.extend_from_slice(before);
            out.push(b'.');
            out.extend_from_slice(after);
        }
    }
}

/// The exponent digits (`-7`, `+20`), read without `str::parse`.
fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let mut value = 0i32;
    for &digit in digits {
        if digit.is_ascii_digit() {
            value = value
                .saturating_mul(10)
                .saturating_add(i32::from(digit - b'0'));
        }
    }
    if negative { -value } else { value }
}

fn trim_leading_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&b| b == b'0').count();
    &digits[zeros..]
}

fn trim_trailing_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().rev().take_while(|&&b| b == b'0').count();
    &digits[..digits.len() - zeros]
}

/// Why a number could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberError {
    /// Not a number at all (`abc`, `1.0` for an integer, `+5`).
    Invalid,
    /// A well-formed integer outside the target type's range.
    OutOfRange,
}

/// The integer types .NET's integer parser fills: all of Rust's.
pub(crate) trait DotnetInteger: std::str::FromStr + TryFrom<u64> + TryFrom<i128> {}

impl DotnetInteger for i8 {}
impl DotnetInteger for i16 {}
impl DotnetInteger for i32 {}
impl DotnetInteger for i64 {}
impl DotnetInteger for i128 {}
impl DotnetInteger for u8 {}
impl DotnetInteger for u16 {}
impl DotnetInteger for u32 {}
impl DotnetInteger for u64 {}
impl DotnetInteger for u128 {}

/// The usual integer text, `-?digits` with at most 19 digits (so any `u64` id of twitter's
/// and every `i64`), read in one pass into a `u64`, eight digits at a time; `None` for
/// anything else, which the general rules read. `-0` is zero for every type, as in .NET.
#[inline]
fn parse_plain_integer<T: DotnetInteger>(text: &str) -> Option<Result<T, NumberError>> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut magnitude = 0u64;
    if read_digits(digits, 0, &mut magnitude) != digits.len() {
        return None;
    }
    let value = if negative {
        T::try_from(-i128::from(magnitude)).ok()
    } else {
        T::try_from(magnitude).ok()
    };
    Some(value.ok_or(NumberError::OutOfRange))
}

/// Reads an integer as .NET's `int.Parse` does for JSV: surrounding whitespace is allowed,
/// leading zeros too, a leading `-`; no `+`, no fraction, no exponent, no grouping.
#[inline]
pub(crate) fn parse_integer<T: DotnetInteger>(text: &str) -> Result<T, NumberError> {
    match parse_plain_integer(text) {
        Some(result) => result,
        None => parse_integer_general(text),
    }
}

/// [`parse_integer`] for text that is not plain, out of line.
#[inline(never)]
fn parse_integer_general<T: DotnetInteger>(text: &str) -> Result<T, NumberError> {
    // Text that starts with a digit is what Rust's parser takes only if it is all digits,
    // which .NET takes too: its answer stands when it has one.
    if text.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Ok(value) = text.parse::<T>()
    {
        return Ok(value);
    }
    let trimmed = crate::whitespace::trim(text);
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::Invalid);
    }
    match trimmed.parse::<T>() {
        Ok(value) => Ok(value),
        // "-0" is zero for unsigned types in .NET; Rust rejects the sign.
        Err(_) if trimmed.starts_with('-') && digits.bytes().all(|b| b == b'0') => {
            digits.parse::<T>().map_err(|_| NumberError::Invalid)
        }
        Err(_) => Err(NumberError::OutOfRange),
    }
}

/// The floating-point types .NET's float parser fills.
pub(crate) trait DotnetFloat:
    std::str::FromStr + std::ops::Neg<Output = Self> + Copy
{
    const INFINITY: Self;
    const NAN: Self;

    /// `mantissa / 10^fraction_digits`, correctly rounded, when it can be computed directly:
    /// by Clinger's fast path when the mantissa and the power of ten are exact in `Self` (one
    /// IEEE division rounds once, correctly), and for `f64` by [`wide_quotient`] up to 22
    /// fraction digits. `None` sends the text to Rust's parser.
    fn exact_quotient(mantissa: u64, fraction_digits: usize) -> Option<Self>;
}

impl DotnetFloat for f64 {
    const INFINITY: f64 = f64::INFINITY;
    const NAN: f64 = f64::NAN;

    #[inline]
    fn exact_quotient(mantissa: u64, fraction_digits: usize) -> Option<f64> {
        const POWERS: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        let power = *POWERS.get(fraction_digits)?;
        if mantissa <= 1 << 53 {
            Some(mantissa as f64 / power)
        } else {
            Some(wide_quotient(mantissa, fraction_digits))
        }
    }
}

/// `10^k` for `k` ≤ 22, exactly.
const WIDE_POWERS: [u128; 23] = {
    let mut powers = [1u128; 23];
    let mut k = 1;
    while k < 23 {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// `mantissa / 10^k`, correctly rounded to a double, for a mantissa above 2^53 (17 to 19
/// digits: canada's coordinates, a third of them) and `k` ≤ 22, where Clinger's division
/// would round twice. Integer arithmetic, exact: the mantissa is shifted to fill 128 bits
/// and divided once by `10^k` (< 2^74), which leaves a quotient of at least 54 bits; its top
/// 53 are the significand, the next one the rounding bit, and everything below it with the
/// remainder the sticky bit (ties to even). The result lies between 2^53 / 10^22 and 2^64,
/// a normal double, so its bits are assembled directly.
#[inline]
fn wide_quotient(mantissa: u64, k: usize) -> f64 {
    let zeros = mantissa.leading_zeros();
    let numerator = u128::from(mantissa << zeros) << 64;
    let divisor = WIDE_POWERS[k];
    let quotient = numerator / divisor;
    let exact = quotient * divisor == numerator;
    let width = 128 - quotient.leading_zeros();
    let shift = width - 54;
    let kept = (quotient >> shift) as u64;
    let sticky = !exact || quotient & ((1 << shift) - 1) != 0;
    let mut significand = kept >> 1;
    if kept & 1 == 1 && (sticky || significand & 1 == 1) {
        significand += 1;
    }
    // value = significand × 2^(shift + 1 - 64 - zeros)
    let mut exponent = shift as i32 + 1 - 64 - zeros as i32;
    if significand == 1 << 53 {
        significand >>= 1;
        exponent += 1;
    }
    let biased = (exponent + 52 + 1023) as u64;
    f64::from_bits(biased << 52 | (significand & ((1 << 52) - 1)))
}

impl DotnetFloat for f32 {
    const INFINITY: f32 = f32::INFINITY;
    const NAN: f32 = f32::NAN;

    #[inline]
    fn exact_quotient(mantissa: u64, fraction_digits: usize) -> Option<f32> {
        const POWERS: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
        let power = *POWERS.get(fraction_digits)?;
        (mantissa <= 1 << 24).then(|| mantissa as f32 / power)
    }
}

/// The usual text, `-?digits(.digits)?` (`.5` and `5.` too), read in one pass: its digits
/// accumulated, its syntax checked on the way. `None` for anything else (whitespace, `+`,
/// exponents, group separators, words, no digit at all), which the general rules read.
/// Up to 19 digits and 22 fraction digits the value is computed here (see
/// [`DotnetFloat::exact_quotient`]); beyond that the text, now known to be plain, goes
/// straight to Rust's correctly rounded parser, which reads such text exactly as .NET does.
#[inline]
fn parse_plain_float<T: DotnetFloat>(text: &str) -> Option<T> {
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    // The integer part of a float is usually short (canada: 2 or 3 digits): one by one.
    let mut mantissa = 0u64;
    let mut index = 0;
    while let Some(&byte) = unsigned.get(index) {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        index += 1;
    }
    let mut digits = index;
    let mut fraction_digits = 0;
    if unsigned.get(index) == Some(&b'.') {
        let start = index + 1;
        index = read_digits(unsigned, start, &mut mantissa);
        fraction_digits = index - start;
        digits += fraction_digits;
    }
    if index != unsigned.len() || digits == 0 {
        return None;
    }
    // 19 digits always fit in a u64 (the wrapping arithmetic above is exact for them).
    let exact = if digits <= 19 {
        T::exact_quotient(mantissa, fraction_digits)
    } else {
        None
    };
    let Some(value) = exact else {
        return parse_long_plain(text);
    };
    Some(if negative { -value } else { value })
}

/// Plain text beyond the direct computation (more than 19 digits, or more than 22 fraction
/// digits), out of line: Rust's parser.
#[inline(never)]
fn parse_long_plain<T: DotnetFloat>(text: &str) -> Option<T> {
    text.parse().ok()
}

/// Reads the run of ASCII digits at `index` into `mantissa` (`mantissa × 10 + digit`,
/// wrapping: exact while the mantissa holds at most 19 digits) and returns where it ends.
/// Eight digits at a time while there are eight, then four, then one by one.
#[inline]
fn read_digits(bytes: &[u8], mut index: usize, mantissa: &mut u64) -> usize {
    while let Some(chunk) = bytes.get(index..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        if !eight_digits(word) {
            break;
        }
        *mantissa = mantissa
            .wrapping_mul(100_000_000)
            .wrapping_add(eight_digits_value(word));
        index += 8;
    }
    if let Some(chunk) = bytes.get(index..).and_then(<[u8]>::first_chunk::<4>) {
        let word = u32::from_le_bytes(*chunk);
        if four_digits(word) {
            *mantissa = mantissa
                .wrapping_mul(10_000)
                .wrapping_add(u64::from(four_digits_value(word)));
            index += 4;
        }
    }
    while let Some(&byte) = bytes.get(index) {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        index += 1;
    }
    index
}

/// Whether the eight bytes of `word` (little-endian) are all ASCII digits: each byte's
/// high nibble is 3, and adding 6 to its low nibble does not carry out of it.
#[inline]
fn eight_digits(word: u64) -> bool {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const SIXES: u64 = 0x0606_0606_0606_0606;
    (word & HIGH) == ZEROS && (word.wrapping_add(SIXES) & HIGH) == ZEROS
}

/// The value of eight ASCII digits, the first in the lowest byte: digit pairs, then
/// quads, then the whole, each step a multiply that adds ten (100, 10,000) times one lane
/// to its neighbour, and a shift.
#[inline]
fn eight_digits_value(word: u64) -> u64 {
    let pairs = ((word & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(10 << 8 | 1)) >> 8;
    let quads = ((pairs & 0x00FF_00FF_00FF_00FF).wrapping_mul(100 << 16 | 1)) >> 16;
    ((quads & 0x0000_FFFF_0000_FFFF).wrapping_mul(10_000 << 32 | 1)) >> 32
}

/// [`eight_digits`] for four bytes.
#[inline]
fn four_digits(word: u32) -> bool {
    (word & 0xF0F0_F0F0) == 0x3030_3030
        && (word.wrapping_add(0x0606_0606) & 0xF0F0_F0F0) == 0x3030_3030
}

/// The value of four ASCII digits, the first in the lowest byte (as
/// [`eight_digits_value`]).
#[inline]
fn four_digits_value(word: u32) -> u32 {
    let pairs = ((word & 0x0F0F_0F0F).wrapping_mul(10 << 8 | 1)) >> 8;
    ((pairs & 0x00FF_00FF).wrapping_mul(100 << 16 | 1)) >> 16
}

/// Reads a floating-point number as .NET's `double.Parse(Float | AllowThousands, invariant)`
/// (and `float.Parse`: the text is rounded once, straight to the target type).
#[inline]
pub(crate) fn parse_float<T: DotnetFloat>(text: &str) -> Result<T, NumberError> {
    // The usual text, as .NET writes it (`-12.5`), in one pass.
    match parse_plain_float(text) {
        Some(value) => Ok(value),
        None => parse_float_general(text),
    }
}

/// [`parse_float`] for text that is not plain, kept out of line so the usual case stays
/// small enough to inline into the deserializer.
#[inline(never)]
fn parse_float_general<T: DotnetFloat>(text: &str) -> Result<T, NumberError> {
    // Other text that starts with a digit (after an optional minus): for it Rust's parser
    // accepts only what .NET accepts too (digits, a point, an exponent), so its answer
    // stands when it has one; the rules below handle the rest (whitespace, group
    // separators, `+`, the words) and the errors.
    if matches!(text.as_bytes(), [b'0'..=b'9', ..] | [b'-', b'0'..=b'9', ..])
        && let Ok(value) = text.parse::<T>()
    {
        return Ok(value);
    }
    let trimmed = crate::whitespace::trim(text);
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let signed = |value: T| if negative { -value } else { value };
    // The words start with neither a digit nor a point.
    if !matches!(unsigned.as_bytes().first(), Some(b'0'..=b'9' | b'.')) {
        if unsigned.eq_ignore_ascii_case("infinity") || unsigned == "∞" {
            return Ok(signed(T::INFINITY));
        }
        if unsigned.eq_ignore_ascii_case("nan") {
            return Ok(T::NAN);
        }
    }
    let Some(grouped) = float_syntax(unsigned) else {
        return Err(NumberError::Invalid);
    };
    let parsed = if grouped {
        unsigned.replace(',', "").parse::<T>()
    } else {
        unsigned.parse::<T>()
    };
    parsed.map(signed).map_err(|_| NumberError::Invalid)
}

/// Reads a `double` (see [`parse_float`]).
#[inline]
pub(crate) fn parse_f64(text: &str) -> Result<f64, NumberError> {
    parse_float(text)
}

/// Reads a `float` (see [`parse_float`]).
#[inline]
pub(crate) fn parse_f32(text: &str) -> Result<f32, NumberError> {
    parse_float(text)
}

/// Digits with an optional point and exponent, and group separators only before the point:
/// `Some(whether there are group separators)`, or `None` for anything else.
fn float_syntax(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let mut index = 0;
    let mut mantissa_digits = 0;
    let mut grouped = false;
    while index < bytes.len() && (bytes[index].is_ascii_digit() || bytes[index] == b',') {
        if bytes[index] == b',' {
            if mantissa_digits == 0 {
                return None;
            }
            grouped = true;
        } else {
            mantissa_digits += 1;
        }
        index += 1;
    }
    if index < bytes.len() && bytes[index] == b'.' {
        index += 1;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            mantissa_digits += 1;
            index += 1;
        }
    }
    if mantissa_digits == 0 {
        return None;
    }
    if index < bytes.len() && (bytes[index] == b'e' || bytes[index] == b'E') {
        index += 1;
        if index < bytes.len() && (bytes[index] == b'+' || bytes[index] == b'-') {
            index += 1;
        }
        let start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        if index == start {
            return None;
        }
    }
    (index == bytes.len()).then_some(grouped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f64_text(value: f64) -> String {
        let mut out = Vec::new();
        write_f64(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    fn f32_text(value: f32) -> String {
        let mut out = Vec::new();
        write_f32(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn doubles_use_dotnet_layout() {
        let cases: &[(f64, &str)] = &[
            (0.0001, "0.0001"),
            (0.00012345, "0.00012345"),
            (1e-5, "1E-05"),
            (9.999e-5, "9.999E-05"),
            (5e-324, "5E-324"),
            (0.30000000000000004, "0.30000000000000004"),
            (-60.0, "-60"),
            (123.456, "123.456"),
            (1e16, "10000000000000000"),
            (99999999999999980.0, "99999999999999980"),
            (1e17, "1E+17"),
            (1.2345678901234568e17, "1.2345678901234568E+17"),
            (6.02214076e23, "6.02214076E+23"),
            (f64::MAX, "1.7976931348623157E+308"),
            (-0.0, "-0"),
            (0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(value, text) in cases {
            assert_eq!(f64_text(value), text, "{value:e}");
        }
    }

    #[test]
    fn floats_switch_at_1e9() {
        let cases: &[(f32, &str)] = &[
            (0.1, "0.1"),
            (std::f32::consts::PI, "3.1415927"),
            (123456792.0, "123456790"),
            (1e8, "100000000"),
            (1e9, "1E+09"),
            (2147483647.0, "2.1474836E+09"),
            (f32::MAX, "3.4028235E+38"),
            (1e-45, "1E-45"),
            (-0.0, "-0"),
        ];
        for &(value, text) in cases {
            assert_eq!(f32_text(value), text, "{value:e}");
        }
    }

    /// The general path alone: zmij's text re-laid by `write_dotnet_layout`.
    fn general_f64_text(value: f64) -> String {
        let mut out = Vec::new();
        write_float_general(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    fn general_f32_text(value: f32) -> String {
        let mut out = Vec::new();
        write_float_general(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    /// The values next to the fast paths' limits, and whole numbers around them.
    #[test]
    fn the_fast_paths_agree_at_their_limits() {
        for limit in [1e-4, 1e-5, 1e15, 1e16, 1e17, 1.0, 0.0] {
            let mut value: f64 = limit;
            for _ in 0..64 {
                for v in [value, -value, value.trunc()] {
                    assert_eq!(f64_text(v), general_f64_text(v), "{v:e}");
                }
                value = value.next_down();
            }
            let mut value: f64 = limit;
            for _ in 0..64 {
                value = value.next_up();
                assert_eq!(f64_text(value), general_f64_text(value), "{value:e}");
            }
        }
        for limit in [1e-4f32, 1e-5, 1e6, 1e7, 1e8, 1e9, 1.0, 0.0, 16_777_216.0] {
            let (mut down, mut up): (f32, f32) = (limit, limit);
            for _ in 0..64 {
                for v in [down, up, -down, down.trunc(), up.trunc()] {
                    assert_eq!(f32_text(v), general_f32_text(v), "{v:e}");
                }
                down = down.next_down();
                up = up.next_up();
            }
        }
    }

    #[test]
    fn write_appends_to_what_is_there() {
        let mut out = b"x".to_vec();
        for value in [123.456, 1e300, 12.0, 0.001, 1.2345678901234567e-3] {
            write_f64(&mut out, value);
            out.push(b',');
        }
        assert_eq!(
            out,
            b"x123.456,1E+300,12,0.001,0.0012345678901234567,".to_vec()
        );
    }

    #[test]
    fn float_parsing_follows_dotnet() {
        assert_eq!(parse_f64("1e5"), Ok(1e5));
        assert_eq!(parse_f64(" .5 "), Ok(0.5));
        assert_eq!(parse_f64("5."), Ok(5.0));
        assert_eq!(parse_f64("+3"), Ok(3.0));
        assert_eq!(parse_f64("1,111.1"), Ok(1111.1));
        assert_eq!(parse_f64("-Infinity"), Ok(f64::NEG_INFINITY));
        assert!(parse_f64("NaN").unwrap().is_nan());
        assert_eq!(parse_f64("inf"), Err(NumberError::Invalid));
        assert_eq!(parse_f64("1.2.3"), Err(NumberError::Invalid));
        assert_eq!(parse_f64(""), Err(NumberError::Invalid));
        assert_eq!(parse_f64(",5"), Err(NumberError::Invalid));
        assert_eq!(parse_f64("1e"), Err(NumberError::Invalid));
        assert_eq!(parse_f64("1e400"), Ok(f64::INFINITY));
        assert_eq!(parse_f64("-1e400"), Ok(f64::NEG_INFINITY));
        assert_eq!(parse_f32("1e39"), Ok(f32::INFINITY));
    }

    /// The .NET rules alone (what `parse_float` did before its digit-first shortcut), for
    /// text without surrounding whitespace, `+` or words.
    fn dotnet_rules(text: &str) -> Result<f64, NumberError> {
        dotnet_rules_for(text)
    }

    /// [`dotnet_rules`] for either float type.
    fn dotnet_rules_for<T: DotnetFloat>(text: &str) -> Result<T, NumberError> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let grouped = float_syntax(unsigned).ok_or(NumberError::Invalid)?;
        let value: T = if grouped {
            unsigned.replace(',', "").parse()
        } else {
            unsigned.parse()
        }
        .map_err(|_| NumberError::Invalid)?;
        Ok(if text.starts_with('-') { -value } else { value })
    }

    /// The .NET integer rules alone, for text without surrounding whitespace: `-?digits`,
    /// `-0` is zero for every type, other well-formed text outside the type is out of range.
    fn integer_rules<T: std::str::FromStr>(text: &str) -> Result<T, NumberError> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::Invalid);
        }
        match text.parse::<T>() {
            Ok(value) => Ok(value),
            Err(_) if text.starts_with('-') && digits.bytes().all(|b| b == b'0') => {
                digits.parse().map_err(|_| NumberError::Invalid)
            }
            Err(_) => Err(NumberError::OutOfRange),
        }
    }

    #[test]
    fn wide_quotients_at_the_edges() {
        let cases: &[(u64, usize)] = &[
            ((1 << 53) + 1, 0),
            ((1 << 53) + 3, 0),
            ((1 << 54) + 2, 0),
            (u64::MAX, 0),
            (u64::MAX, 22),
            (9_999_999_999_999_999_999, 22),
            (9_007_199_254_740_993, 1),
            (12_345_678_901_234_567, 15),
            (10_000_000_000_000_000, 16),
            (10_000_000_000_000_000, 22),
        ];
        for &(mantissa, k) in cases {
            let expected: f64 = format!("{mantissa}e-{k}").parse().unwrap();
            assert_eq!(wide_quotient(mantissa, k), expected, "{mantissa}e-{k}");
        }
    }

    #[test]
    fn digit_words_are_read_eight_and_four_at_a_time() {
        for text in ["00000000", "12345678", "99999999", "90000001", "10203040"] {
            let word = u64::from_le_bytes(text.as_bytes().try_into().unwrap());
            assert!(eight_digits(word), "{text}");
            assert_eq!(eight_digits_value(word), text.parse::<u64>().unwrap());
            let word = u32::from_le_bytes(text.as_bytes()[..4].try_into().unwrap());
            assert!(four_digits(word), "{text}");
            assert_eq!(four_digits_value(word), text[..4].parse::<u32>().unwrap());
        }
        for text in [
            "1234567.", "/2345678", "1234:678", "12 45678", "a2345678", "-1234567",
        ] {
            let word = u64::from_le_bytes(text.as_bytes().try_into().unwrap());
            assert!(!eight_digits(word), "{text}");
            let word = u32::from_le_bytes(text.as_bytes()[4..].try_into().unwrap());
            assert!(!four_digits(word) || text[4..].bytes().all(|b| b.is_ascii_digit()));
        }
        // Every byte that is not a digit, in every lane.
        for byte in (0..=255u8).filter(|b| !b.is_ascii_digit()) {
            for lane in 0..8 {
                let mut bytes = *b"55555555";
                bytes[lane] = byte;
                assert!(
                    !eight_digits(u64::from_le_bytes(bytes)),
                    "{byte:#x} at {lane}"
                );
                if lane < 4 {
                    let bytes: [u8; 4] = bytes[..4].try_into().unwrap();
                    assert!(
                        !four_digits(u32::from_le_bytes(bytes)),
                        "{byte:#x} at {lane}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_text_takes_the_one_pass_reader() {
        assert_eq!(
            parse_plain_float::<f64>("-65.61361699999997"),
            Some(-65.61361699999997)
        );
        assert_eq!(
            parse_plain_float::<f64>("0.30000000000000004"),
            Some(0.30000000000000004)
        );
        assert_eq!(parse_plain_float::<f64>("-0"), Some(-0.0));
        assert!(parse_plain_float::<f64>("-0").unwrap().is_sign_negative());
        assert_eq!(parse_plain_float::<f64>("5."), Some(5.0));
        assert_eq!(parse_plain_float::<f64>(".5"), Some(0.5));
        assert_eq!(
            parse_plain_float::<f32>("3.1415927"),
            Some(std::f32::consts::PI)
        );
        assert_eq!(
            parse_plain_float::<f64>("9007199254740993"),
            Some(9007199254740992.0)
        );
        assert_eq!(
            parse_plain_float::<f64>("123456789012345678901234567890"),
            Some(1.2345678901234568e29)
        );
        for text in [
            "", "-", ".", "-.", "1e5", "+1", " 1", "1 ", "1,000", "1.2.3", "--1", "NaN",
        ] {
            assert_eq!(parse_plain_float::<f64>(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Digit-first text made of number characters: the shortcut and the .NET rules give
        /// the same value, bit for bit, or the same error.
        #[test]
        fn digit_first_text_reads_as_the_dotnet_rules_say(
            text in "-?[0-9][0-9.,eE+-]{0,20}"
        ) {
            proptest::prop_assert_eq!(
                parse_f64(&text).map(f64::to_bits),
                dotnet_rules(&text).map(f64::to_bits)
            );
        }

        /// Any double, as random bits: the fast path writes what the general path writes.
        #[test]
        fn the_fast_paths_are_the_general_layout(bits in proptest::num::u64::ANY) {
            let value = f64::from_bits(bits);
            proptest::prop_assert_eq!(f64_text(value), general_f64_text(value));
        }

        /// Doubles in and around .NET's fixed range, where the fast path is taken.
        #[test]
        fn the_fast_path_is_the_general_layout_in_range(
            mantissa in 0u64..(1 << 52),
            exponent in (1023 - 20)..(1023 + 60u64),
            negative: bool,
        ) {
            let value = f64::from_bits(u64::from(negative) << 63 | exponent << 52 | mantissa);
            proptest::prop_assert_eq!(f64_text(value), general_f64_text(value));
            let whole = value.trunc();
            proptest::prop_assert_eq!(f64_text(whole), general_f64_text(whole));
        }

        /// Any float, as random bits, and floats in and around the fixed range.
        #[test]
        fn the_f32_fast_path_is_the_general_layout(
            bits in proptest::num::u32::ANY,
            mantissa in 0u32..(1 << 23),
            exponent in (127 - 20)..(127 + 40u32),
        ) {
            for value in [f32::from_bits(bits), f32::from_bits(exponent << 23 | mantissa)] {
                proptest::prop_assert_eq!(f32_text(value), general_f32_text(value));
                proptest::prop_assert_eq!(f32_text(value.trunc()), general_f32_text(value.trunc()));
            }
        }

        /// Plain text of any length (past 19 digits, past 2^53, past 22 fraction digits):
        /// the one-pass reader gives what the .NET rules give, bit for bit, for both types.
        #[test]
        fn plain_text_reads_as_the_dotnet_rules_say(
            text in "-?[0-9]{0,24}(\\.[0-9]{0,26})?"
        ) {
            proptest::prop_assert_eq!(
                parse_f64(&text).map(f64::to_bits),
                dotnet_rules_for::<f64>(&text).map(f64::to_bits)
            );
            proptest::prop_assert_eq!(
                parse_f32(&text).map(f32::to_bits),
                dotnet_rules_for::<f32>(&text).map(f32::to_bits)
            );
        }

        /// Any double, as random bits, written as .NET writes it and in Rust's fixed
        /// notation: read back bit for bit, as the .NET rules read it.
        #[test]
        fn written_doubles_read_back(bits in proptest::num::u64::ANY) {
            let value = f64::from_bits(bits);
            proptest::prop_assume!(!value.is_nan());
            for text in [f64_text(value), format!("{value}")] {
                proptest::prop_assert_eq!(parse_f64(&text).map(f64::to_bits), Ok(bits));
            }
            let rounded = format!("{value:.3}");
            proptest::prop_assert_eq!(
                parse_f64(&rounded).map(f64::to_bits),
                dotnet_rules_for::<f64>(&rounded).map(f64::to_bits)
            );
        }

        /// The same for floats.
        #[test]
        fn written_floats_read_back(bits in proptest::num::u32::ANY) {
            let value = f32::from_bits(bits);
            proptest::prop_assume!(!value.is_nan());
            for text in [f32_text(value), format!("{value}")] {
                proptest::prop_assert_eq!(parse_f32(&text).map(f32::to_bits), Ok(bits));
            }
        }

        /// Integer text of any length up to past `u64`'s: the one-pass reader gives what
        /// the .NET rules give, value or error, for every integer type.
        #[test]
        fn plain_integers_read_as_the_dotnet_rules_say(text in "-?[0-9]{0,22}") {
            fn check<T: DotnetInteger + PartialEq + std::fmt::Debug>(
                text: &str,
            ) -> Result<(), proptest::test_runner::TestCaseError> {
                proptest::prop_assert_eq!(parse_integer::<T>(text), integer_rules::<T>(text));
                Ok(())
            }
            check::<i8>(&text)?;
            check::<u8>(&text)?;
            check::<i16>(&text)?;
            check::<u16>(&text)?;
            check::<i32>(&text)?;
            check::<u32>(&text)?;
            check::<i64>(&text)?;
            check::<u64>(&text)?;
            check::<i128>(&text)?;
            check::<u128>(&text)?;
        }

        /// Any `i64` and `u64` as random bits, written by `itoa` (as the serializer
        /// writes them) and with leading zeros: read back exactly.
        #[test]
        fn written_integers_read_back(bits in proptest::num::u64::ANY, zeros in 0usize..4) {
            let signed = bits as i64;
            let mut buffer = itoa::Buffer::new();
            proptest::prop_assert_eq!(parse_integer::<u64>(buffer.format(bits)), Ok(bits));
            proptest::prop_assert_eq!(parse_integer::<i64>(buffer.format(signed)), Ok(signed));
            let padded = format!("{}{}", "0".repeat(zeros), bits);
            proptest::prop_assert_eq!(parse_integer::<u64>(&padded), integer_rules::<u64>(&padded));
            proptest::prop_assert_eq!(
                parse_integer::<i32>(buffer.format(signed)),
                integer_rules::<i32>(buffer.format(signed))
            );
        }

        /// Mantissas above 2^53 with up to 22 fraction digits: the integer division rounds
        /// as Rust's parser does, bit for bit.
        #[test]
        fn wide_quotients_round_correctly(
            mantissa in (1u64 << 53)..=u64::MAX,
            k in 0usize..=22,
        ) {
            let expected: f64 = format!("{mantissa}e-{k}").parse().unwrap();
            proptest::prop_assert_eq!(wide_quotient(mantissa, k).to_bits(), expected.to_bits());
        }

        /// Canada's kind of text: 17 to 19 digits, a few before the point.
        #[test]
        fn long_coordinates_read_as_rust_reads_them(
            text in "-?[1-9][0-9]{0,3}\\.[0-9]{13,18}"
        ) {
            let expected: f64 = text.parse().unwrap();
            proptest::prop_assert_eq!(parse_f64(&text).map(f64::to_bits), Ok(expected.to_bits()));
        }

        /// The same for integers: digits only, or the .NET error.
        #[test]
        fn digit_first_integers_read_as_the_dotnet_rules_say(text in "[0-9][0-9,.a-f -]{0,22}") {
            let trimmed = crate::whitespace::trim(&text);
            let expected = if trimmed.bytes().all(|b| b.is_ascii_digit()) {
                trimmed.parse::<u64>().map_err(|_| NumberError::OutOfRange)
            } else {
                Err(NumberError::Invalid)
            };
            proptest::prop_assert_eq!(parse_integer::<u64>(&text), expected);
        }
    }

    /// Text that starts with a digit is first offered to Rust's parser; whatever it takes
    /// must be what the .NET rules take, with the same value, and whatever it refuses must
    /// still get the .NET answer.
    #[test]
    fn the_digit_first_shortcut_agrees_with_the_dotnet_rules() {
        let general = dotnet_rules;
        for text in [
            "0",
            "-0",
            "1",
            "1.",
            "1.5",
            "1.e5",
            "1e5",
            "1E+5",
            "1e-5",
            "00.5",
            "1e400",
            "-1e400",
            "1e-400",
            "12345678901234567890123",
            "1,000.5",
            "1,000",
            "1e",
            "1e+",
            "1.5.5",
            "1ee5",
            "12abc",
            "1_000",
            "0x10",
            "1e5.5",
            "1,",
            "-1.7976931348623157E+308",
            "4.9406564584124654E-324",
            "9007199254740993",
        ] {
            let ours = parse_f64(text).map(f64::to_bits);
            assert_eq!(ours, general(text).map(f64::to_bits), "{text:?}");
        }
        // Trailing whitespace is .NET's too, through the general path.
        assert_eq!(parse_f64("1e5 "), Ok(1e5));
    }

    #[test]
    fn integer_parsing_follows_dotnet() {
        assert_eq!(parse_integer::<i32>("007"), Ok(7));
        assert_eq!(parse_integer::<i32>(" 5\t"), Ok(5));
        assert_eq!(parse_integer::<i32>("+5"), Err(NumberError::Invalid));
        assert_eq!(parse_integer::<i32>("1.0"), Err(NumberError::Invalid));
        assert_eq!(
            parse_integer::<i32>("2147483648"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(parse_integer::<u8>("256"), Err(NumberError::OutOfRange));
        assert_eq!(parse_integer::<u8>("-1"), Err(NumberError::OutOfRange));
        assert_eq!(parse_integer::<u32>("-0"), Ok(0));
        // Digit-first text that Rust's parser refuses still gets the .NET answer.
        assert_eq!(parse_integer::<i32>("12a"), Err(NumberError::Invalid));
        assert_eq!(parse_integer::<i32>("1,000"), Err(NumberError::Invalid));
        assert_eq!(parse_integer::<i32>("1 2"), Err(NumberError::Invalid));
        assert_eq!(parse_integer::<i32>("12 "), Ok(12));
        assert_eq!(
            parse_integer::<u64>("18446744073709551616"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(parse_integer::<u64>("18446744073709551615"), Ok(u64::MAX));
    }
}
