//! .NET `System.TimeSpan` as an XSD duration: the crate's [`TimeSpan`] type and the
//! `#[serde(with = "serde_jsv::dotnet::timespan")]` helpers, which also serialize
//! `std::time::Duration` (and `chrono::TimeDelta` with the `chrono` feature).
//!
//! ```
//! use std::time::Duration;
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::dotnet::TimeSpan;
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Hold {
//!     waited: TimeSpan,
//!     #[serde(with = "serde_jsv::dotnet::timespan")]
//!     limit: Duration,
//! }
//!
//! let hold = Hold {
//!     waited: TimeSpan::from_ticks(-37_235_000_000),
//!     limit: Duration::from_secs(90_000),
//! };
//! let jsv = serde_jsv::to_string(&hold).unwrap();
//! assert_eq!(jsv, "{Waited:-PT1H2M3.5S,Limit:P1DT1H}");
//! assert_eq!(serde_jsv::from_str::<Hold>(&jsv).unwrap(), hold);
//!
//! // .NET's other spellings read too:
//! let hold: Hold = serde_jsv::from_str("{Waited:01:02:03,Limit:1.5}").unwrap();
//! assert_eq!(hold.waited, TimeSpan::from_ticks(37_230_000_000));
//! assert_eq!(hold.limit, Duration::from_millis(1500));
//! ```
//!
//! # Writing
//!
//! Exactly ServiceStack's `TimeSpanConverter.ToXsdDuration`: `-` for negative values, `P`,
//! `{d}D` when there are days, then `T{h}H{m}M{s}S` with zero parts left out and seconds
//! with up to seven decimals (`PT0S` for zero). ServiceStack computes in `double`, so values
//! above about 8.5 years lose their last fraction digits (`P1000000DT0.1234589S` for
//! 1,000,000 days + 0.1234567 s); the writer reproduces those digits exactly, so the text
//! matches a .NET server byte for byte. `TimeSpan.MaxValue`/`MinValue` are
//! `P10675199DT2H48M5.4775391S` / `-P10675199DT2H48M5.4775391S`, and read back as such.
//!
//! # Reading
//!
//! * `P…` / `-P…`: `{n}D`, then after `T` `{n}H`, `{n}M`, `{x}S` (hours above 23 are fine);
//!   exact, sub-tick digits truncated. Years, months and weeks (`P1Y`, `P2W`) are an error:
//!   they have no fixed length (ServiceStack silently reads them as zero).
//! * Text with `:`: .NET `TimeSpan.Parse`, `[-][d.]hh:mm[:ss[.fffffff]]` or
//!   `[-]d:hh:mm:ss[.fffffff]` (`01:02:03`, `1.02:03:04.5`); like .NET, `24:00:00` (hours
//!   above 23) is read as days:hours:minutes, i.e. 24 days.
//! * Otherwise a number of seconds: `1.5`, `3600`, `-2.25`, `1e3`.
//!
//! Empty text is an error.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ValueError;
use super::calendar::TICKS_PER_SECOND;
use super::visit::{self, TextForm};

/// A .NET `System.TimeSpan`: a signed number of 100 ns ticks.
///
/// ```
/// use serde_jsv::dotnet::TimeSpan;
///
/// let span: TimeSpan = "P1DT2H3M4.5S".parse().unwrap();
/// assert_eq!(span.ticks(), 937_845_000_000);
/// assert_eq!(span.to_string(), "P1DT2H3M4.5S");
/// assert_eq!(TimeSpan::try_from(std::time::Duration::from_millis(1500)).unwrap().to_string(), "PT1.5S");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeSpan {
    ticks: i64,
}

impl TimeSpan {
    /// `TimeSpan.Zero`.
    pub const ZERO: TimeSpan = TimeSpan { ticks: 0 };
    /// `TimeSpan.MinValue`.
    pub const MIN: TimeSpan = TimeSpan { ticks: i64::MIN };
    /// `TimeSpan.MaxValue`.
    pub const MAX: TimeSpan = TimeSpan { ticks: i64::MAX };

    /// A `TimeSpan` of `ticks` 100 ns units.
    pub const fn from_ticks(ticks: i64) -> TimeSpan {
        TimeSpan { ticks }
    }

    /// The number of 100 ns ticks.
    pub const fn ticks(self) -> i64 {
        self.ticks
    }

    /// Whether the span is negative.
    pub const fn is_negative(self) -> bool {
        self.ticks < 0
    }

    /// The magnitude as a `std::time::Duration`.
    pub fn unsigned_abs(self) -> Duration {
        let abs = self.ticks.unsigned_abs();
        let ticks_per_second = TICKS_PER_SECOND as u64;
        Duration::new(
            abs / ticks_per_second,
            (abs % ticks_per_second) as u32 * 100,
        )
    }
}

impl TryFrom<Duration> for TimeSpan {
    type Error = ValueError;

    /// Converts a duration, truncating below 100 ns; an error beyond `TimeSpan.MaxValue`.
    fn try_from(duration: Duration) -> Result<TimeSpan, ValueError> {
        let ticks = duration.as_nanos() / 100;
        i64::try_from(ticks)
            .map(TimeSpan::from_ticks)
            .map_err(|_| ValueError::out_of_range("TimeSpan", format_args!("{duration:?}")))
    }
}

impl TryFrom<TimeSpan> for Duration {
    type Error = ValueError;

    /// Converts a non-negative span; negative spans are an error (see
    /// [`TimeSpan::unsigned_abs`]).
    fn try_from(span: TimeSpan) -> Result<Duration, ValueError> {
        if span.is_negative() {
            Err(ValueError::out_of_range(
                "std::time::Duration",
                format_args!("the negative TimeSpan {span}"),
            ))
        } else {
            Ok(span.unsigned_abs())
        }
    }
}

const MAX_TEXT: &str = "P10675199DT2H48M5.4775391S";
const MIN_TEXT: &str = "-P10675199DT2H48M5.4775391S";

/// Writes `ticks` as ServiceStack's `ToXsdDuration`, double arithmetic included.
pub(crate) fn format_text(ticks: i64) -> String {
    match ticks {
        i64::MAX => return MAX_TEXT.to_owned(),
        i64::MIN => return MIN_TEXT.to_owned(),
        _ => {}
    }
    let mut out = String::with_capacity(24);
    if ticks < 0 {
        out.push('-');
    }
    out.push('P');
    let total_seconds = ticks.unsigned_abs() as f64 / TICKS_PER_SECOND as f64;
    let whole = total_seconds as i64;
    let seconds = whole % 60;
    let minutes = whole / 60 % 60;
    let hours = whole / 3600 % 24;
    let days = whole / 86_400;
    let remaining = seconds as f64 + (total_seconds - whole as f64);
    if days > 0 {
        out.push_str(&days.to_string());
        out.push('D');
    }
    if days == 0 || (hours + minutes) as f64 + remaining > 0.0 {
        out.push('T');
        if hours > 0 {
            out.push_str(&hours.to_string());
            out.push('H');
        }
        if minutes > 0 {
            out.push_str(&minutes.to_string());
            out.push('M');
        }
        if remaining > 0.0 {
            let text = format_seconds(remaining);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            out.push_str(text);
            out.push('S');
        } else if out.ends_with("PT") {
            out.push_str("0S");
        }
    }
    out
}

/// .NET's `value.ToString("0.0000000")` for a double: 15 significant digits (correctly
/// rounded), then rounded to seven decimals half away from zero.
fn format_seconds(value: f64) -> String {
    let scientific = format!("{value:.14e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: u128 = mantissa.replace('.', "").parse().unwrap_or(0);
    // value = digits × 10^(exponent - 14); we want round(value × 10^7).
    let shift = 7 - exponent;
    let scaled = if shift <= 0 {
        digits * 10u128.pow(shift.unsigned_abs())
    } else if shift > 30 {
        0
    } else {
        let divisor = 10u128.pow(shift as u32);
        let (quotient, remainder) = (digits / divisor, digits % divisor);
        quotient + u128::from(remainder * 2 >= divisor)
    };
    format!("{}.{:07}", scaled / 10_000_000, scaled % 10_000_000)
}

/// Reads any TimeSpan text that ServiceStack reads (module docs).
pub(crate) fn parse_text(text: &str) -> Result<TimeSpan, ValueError> {
    let invalid = |reason: String| ValueError::invalid("TimeSpan", text, reason);
    let trimmed = text.trim();
    let ticks = match trimmed {
        "" => Err("empty text (use an Option for a null TimeSpan)".to_owned()),
        MAX_TEXT => Ok(i128::from(i64::MAX)),
        MIN_TEXT => Ok(i128::from(i64::MIN)),
        _ if trimmed.starts_with('P') || trimmed.starts_with("-P") => parse_xsd(trimmed),
        _ if trimmed.contains(':') => parse_clock(trimmed),
        _ => parse_seconds_number(trimmed),
    }
    .map_err(invalid)?;
    i64::try_from(ticks)
        .map(TimeSpan::from_ticks)
        .map_err(|_| invalid("outside TimeSpan.MinValue..TimeSpan.MaxValue".into()))
}

/// `[-]P[nD][T[nH][nM][x.xS]]`, exact, truncated to ticks.
fn parse_xsd(text: &str) -> Result<i128, String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = &rest[1..]; // the `P`
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let mut ticks: i128 = 0;
    let mut date = date;
    if let Some(days) = take_unit(&mut date, 'D')? {
        ticks += days * 86_400 * i128::from(TICKS_PER_SECOND);
    }
    if !date.is_empty() {
        if date.contains(['Y', 'M', 'W']) {
            return Err("years, months and weeks have no fixed length in a TimeSpan".into());
        }
        return Err(format!("unexpected `{date}` in the date part"));
    }
    if let Some(mut time) = time {
        for (unit, seconds) in [('H', 3600), ('M', 60)] {
            if let Some(value) = take_unit(&mut time, unit)? {
                ticks += value * seconds * i128::from(TICKS_PER_SECOND);
            }
        }
        if let Some(seconds) = time.strip_suffix('S') {
            ticks += parse_decimal_seconds(seconds)
                .ok_or_else(|| format!("`{seconds}` is not a number of seconds"))?;
        } else if !time.is_empty() {
            return Err(format!("unexpected `{time}` in the time part"));
        }
    }
    Ok(if negative { -ticks } else { ticks })
}

/// Takes `{digits}{unit}` from the front of `text`, if `unit` occurs in it.
fn take_unit(text: &mut &str, unit: char) -> Result<Option<i128>, String> {
    let Some((number, rest)) = text.split_once(unit) else {
        return Ok(None);
    };
    if number.is_empty() || number.len() > 20 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{number}{unit}` is not a whole number of {unit}"));
    }
    *text = rest;
    Ok(number.parse().ok())
}

/// `digits[.digits]` (either part may be empty, not both) as ticks, truncated. No sign.
fn parse_decimal_seconds(text: &str) -> Option<i128> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0
        || !all_digits(whole)
        || !all_digits(fraction)
        || whole.len() > 20
    {
        return None;
    }
    let whole: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut fraction_ticks: i128 = 0;
    for i in 0..7 {
        let digit = fraction.as_bytes().get(i).map_or(0, |d| d - b'0');
        fraction_ticks = fraction_ticks * 10 + i128::from(digit);
    }
    Some(whole * i128::from(TICKS_PER_SECOND) + fraction_ticks)
}

/// A bare number of seconds (`1.5`, `-2.25`, `1e3`), truncated to ticks.
fn parse_seconds_number(text: &str) -> Result<i128, String> {
    let not_number = || format!("`{text}` is not a number of seconds");
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let ticks = match parse_decimal_seconds(unsigned) {
        Some(ticks) => ticks,
        None => {
            let seconds = crate::number::parse_f64(unsigned).map_err(|_| not_number())?;
            let ticks = seconds * TICKS_PER_SECOND as f64;
            if !ticks.is_finite() || ticks.abs() >= 1e19 {
                return Err("outside TimeSpan.MinValue..TimeSpan.MaxValue".into());
            }
            ticks.trunc() as i128
        }
    };
    Ok(if negative { -ticks } else { ticks })
}

/// .NET `TimeSpan.Parse` (invariant): `[-][d.]h:m[:s[.f]]` or `[-]d:h:m:s[.f]`.
fn parse_clock(text: &str) -> Result<i128, String> {
    let bad = || format!("`{text}` is not [-][d.]hh:mm[:ss[.fffffff]]");
    let (negative, body) = match text.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, text),
    };
    // Split off the fraction: a `.` after the last `:`.
    let last_colon = body.rfind(':').ok_or_else(bad)?;
    let (body, fraction) = match body[last_colon..].find('.') {
        Some(dot) => (
            &body[..last_colon + dot],
            Some(&body[last_colon + dot + 1..]),
        ),
        None => (body, None),
    };
    // Split off days: a `.` before the first `:`.
    let (days, clock) = match body.split_once(':').and_then(|(head, _)| head.find('.')) {
        Some(dot) => (Some(&body[..dot]), &body[dot + 1..]),
        None => (None, body),
    };
    let number = |s: &str, max_len: usize| -> Result<i128, String> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (d, h, m, s) = match (days, parts.as_slice()) {
        (Some(d), [h, m]) => (number(d, 8)?, number(h, 2)?, number(m, 2)?, 0),
        (Some(d), [h, m, s]) => (number(d, 8)?, number(h, 2)?, number(m, 2)?, number(s, 2)?),
        (None, [h, m]) if fraction.is_none() => (0, number(h, 2)?, number(m, 2)?, 0),
        (None, [a, b, c]) => {
            let (a, b, c) = (number(a, 8)?, number(b, 2)?, number(c, 2)?);
            if a > 23 && fraction.is_none() {
                (a, b, c, 0)
            } else {
                (0, a, b, c)
            }
        }
        (None, [d, h, m, s]) => (number(d, 8)?, number(h, 2)?, number(m, 2)?, number(s, 2)?),
        _ => return Err(bad()),
    };
    if h > 23 || m > 59 || s > 59 {
        return Err("hours, minutes or seconds out of range".into());
    }
    let fraction_ticks = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 7 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<i128>().map_err(|_| bad())? * 10i128.pow(7 - f.len() as u32)
        }
        Some(_) => return Err("at most seven fraction digits".into()),
    };
    let ticks = (((d * 24 + h) * 60 + m) * 60 + s) * i128::from(TICKS_PER_SECOND) + fraction_ticks;
    Ok(if negative { -ticks } else { ticks })
}

impl fmt::Display for TimeSpan {
    /// The XSD duration (`P1DT2H3M4.5S`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_text(self.ticks))
    }
}

impl FromStr for TimeSpan {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<TimeSpan, ValueError> {
        parse_text(text)
    }
}

impl TextForm for TimeSpan {
    const EXPECTING: &'static str = "a .NET TimeSpan (XSD duration) text";

    fn parse_text(text: &str) -> Result<TimeSpan, ValueError> {
        parse_text(text)
    }
}

impl Serialize for TimeSpan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        visit::serialize_raw(&format_text(self.ticks), serializer)
    }
}

impl<'de> Deserialize<'de> for TimeSpan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TimeSpan, D::Error> {
        visit::deserialize_text(deserializer)
    }
}

/// A type that converts to and from a .NET [`TimeSpan`], and so works with
/// `#[serde(with = "serde_jsv::dotnet::timespan")]`.
///
/// Implemented for [`TimeSpan`], `std::time::Duration` (sub-100 ns digits are truncated;
/// reading a negative span is an error) and, with the `chrono` feature, `chrono::TimeDelta`.
pub trait TimeSpanValue: Sized {
    /// The .NET value, or an error if it does not fit.
    fn to_dotnet(&self) -> Result<TimeSpan, ValueError>;
    /// The value from a .NET value, or an error if it does not fit.
    fn from_dotnet(value: TimeSpan) -> Result<Self, ValueError>;
}

impl TimeSpanValue for TimeSpan {
    fn to_dotnet(&self) -> Result<TimeSpan, ValueError> {
        Ok(*self)
    }

    fn from_dotnet(value: TimeSpan) -> Result<TimeSpan, ValueError> {
        Ok(value)
    }
}

impl TimeSpanValue for Duration {
    fn to_dotnet(&self) -> Result<TimeSpan, ValueError> {
        TimeSpan::try_from(*self)
    }

    fn from_dotnet(value: TimeSpan) -> Result<Duration, ValueError> {
        Duration::try_from(value)
    }
}

visit::with_functions!(TimeSpanValue, TimeSpan);
visit::option_module!(TimeSpanValue, TimeSpan, "timespan");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_xsd_durations() {
        let cases = [
            (0, "PT0S"),
            (1, "PT0.0000001S"),
            (-1, "-PT0.0000001S"),
            (10_000, "PT0.001S"),
            (600_000_000, "PT1M"),
            (863_999_999_999, "PT23H59M59.9999999S"),
            (864_000_000_000, "P1D"),
            (900_000_000_000, "P1DT1H"),
            (864_000_000_001, "P1DT0.0000001S"),
            (36_000_000_001, "PT1H0.0000001S"),
            (1_838_455_000_000, "P2DT3H4M5.5S"),
            (864_000_000_001_234_567, "P1000000DT0.1234589S"),
            (86_400_000_001_234_567, "P100000DT0.123455S"),
            (9_007_199_254_740_993, "P10424DT23H58M45.4740992S"),
            (4_320_000_000_000_000_001, "P5000000D"),
            (i64::MAX - 1, MAX_TEXT),
            (i64::MIN + 1, MIN_TEXT),
            (i64::MAX, MAX_TEXT),
        ];
        for (ticks, text) in cases {
            assert_eq!(format_text(ticks), text, "{ticks}");
        }
    }

    fn ticks(text: &str) -> i64 {
        parse_text(text).unwrap_or_else(|e| panic!("{e}")).ticks()
    }

    #[test]
    fn reads_xsd() {
        assert_eq!(ticks("PT1.23456789S"), 12_345_678);
        assert_eq!(ticks("PT0.00000001S"), 0);
        assert_eq!(ticks("PT36H"), 1_296_000_000_000);
        assert_eq!(ticks("P0D"), 0);
        assert_eq!(ticks("PT"), 0);
        assert_eq!(ticks("P1DT"), 864_000_000_000);
        assert_eq!(ticks("-PT1S"), -10_000_000);
        assert_eq!(ticks(MAX_TEXT), i64::MAX);
        assert_eq!(ticks(MIN_TEXT), i64::MIN);
        assert_eq!(ticks("P10675199DT2H48M5.4775807S"), i64::MAX);
        assert_eq!(ticks("-P10675199DT2H48M5.4775808S"), i64::MIN);
        for bad in [
            "P1Y",
            "P2W",
            "P1M",
            "PT1,5S",
            "PTxS",
            "P-1D",
            "PT1H2",
            "P10675199DT2H48M5.4775808S",
            "",
        ] {
            assert!(parse_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_clock_and_seconds() {
        assert_eq!(ticks("01:02:03"), 37_230_000_000);
        assert_eq!(ticks("1:2:3"), 37_230_000_000);
        assert_eq!(ticks("-01:02:03"), -37_230_000_000);
        assert_eq!(ticks("1.02:03:04.5"), 937_845_000_000);
        assert_eq!(ticks("00:00:00.1234567"), 1_234_567);
        assert_eq!(ticks("10675199.02:48:05.4775807"), i64::MAX);
        assert_eq!(ticks("-10675199.02:48:05.4775808"), i64::MIN);
        assert_eq!(ticks("24:00:00"), 24 * 864_000_000_000);
        assert_eq!(ticks("1.00:00"), 864_000_000_000);
        assert_eq!(ticks("1:02:03:04"), 937_840_000_000);
        assert_eq!(ticks("02:30"), 90_000_000_000);
        assert_eq!(ticks("1.5"), 15_000_000);
        assert_eq!(ticks("3600"), 36_000_000_000);
        assert_eq!(ticks("-2.25"), -22_500_000);
        assert_eq!(ticks("1e3"), 10_000_000_000);
        for bad in [
            "01:60:00",
            "00:00:00.12345678",
            "1:2:3:4:5",
            "abc",
            "NaN",
            "1e300",
            "-",
        ] {
            assert!(parse_text(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn converts_std_duration() {
        let span = TimeSpan::try_from(Duration::new(1, 999)).unwrap();
        assert_eq!(span.ticks(), 10_000_009);
        assert_eq!(
            Duration::try_from(TimeSpan::from_ticks(15)),
            Ok(Duration::from_nanos(1500))
        );
        assert!(Duration::try_from(TimeSpan::from_ticks(-1)).is_err());
        assert_eq!(
            TimeSpan::MIN.unsigned_abs().as_nanos(),
            922_337_203_685_477_580_800
        );
        assert!(TimeSpan::try_from(Duration::MAX).is_err());
    }
}
