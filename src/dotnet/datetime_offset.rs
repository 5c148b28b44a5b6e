//! .NET `System.DateTimeOffset`: the crate's [`DateTimeOffset`] type and the
//! `#[serde(with = "serde_jsv::dotnet::datetime_offset")]` helpers.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::dotnet::DateTimeOffset;
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Call {
//!     started: DateTimeOffset,
//! }
//!
//! let started: DateTimeOffset = "2024-03-01T10:11:12+02:00".parse().unwrap();
//! let jsv = serde_jsv::to_string(&Call { started }).unwrap();
//! assert_eq!(jsv, "{Started:2024-03-01T10:11:12.0000000+02:00}");
//! assert_eq!(serde_jsv::from_str::<Call>(&jsv).unwrap(), Call { started });
//! ```
//!
//! With the `chrono` feature the module also serializes `chrono::DateTime<FixedOffset>` and
//! `chrono::DateTime<Utc>`:
//!
//! ```
//! # #[cfg(feature = "chrono")] {
//! use chrono::{DateTime, FixedOffset};
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Call {
//!     #[serde(with = "serde_jsv::dotnet::datetime_offset")]
//!     at: DateTime<FixedOffset>,
//! }
//!
//! let at = DateTime::parse_from_rfc3339("2024-03-01T10:11:12.5-05:00").unwrap();
//! let jsv = serde_jsv::to_string(&Call { at }).unwrap();
//! assert_eq!(jsv, "{at:2024-03-01T10:11:12.5000000-05:00}");
//! let back: Call = serde_jsv::from_str("{at:/Date(1709305872500-0500)/}").unwrap();
//! assert_eq!(back.at, at);
//! # }
//! ```
//!
//! Written as `DateTimeOffset.ToString("o")`: `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm`, always
//! seven fraction digits and a numeric offset. Read: ISO text keeps its offset (`+02:00`,
//! `+0200`); text without one (`2024-03-01`, `…T10:11:12`, `…Z`) has offset +00:00;
//! `/Date(ms)/` is UTC and `/Date(ms+hhmm)/` the same instant at that offset;
//! `\/Date(-62135596800000)\/` and `\/Date(253402300799999)\/` are `MinValue`/`MaxValue`, as
//! ServiceStack writes them. Empty text is an error.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ValueError;
use super::calendar::{self, MAX_TICKS, TICKS_PER_MINUTE};
use super::iso::{self, Zone};
use super::visit::{self, TextForm};

/// A .NET `System.DateTimeOffset`: a clock time (ticks of 100 ns since 0001-01-01) and its
/// offset from UTC in whole minutes (at most ±14:00).
///
/// Equality compares clock time and offset (.NET compares instants only: use
/// [`utc_ticks`](DateTimeOffset::utc_ticks) for that).
///
/// ```
/// use serde_jsv::dotnet::DateTimeOffset;
///
/// let t = DateTimeOffset::new(637_135_310_450_000_000, 120).unwrap();
/// assert_eq!(t.to_string(), "2020-01-02T03:04:05.0000000+02:00");
/// assert_eq!(t.utc_ticks(), 637_135_238_450_000_000);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    clock_ticks: i64,
    offset_minutes: i16,
}

impl DateTimeOffset {
    /// `DateTimeOffset.MinValue`: 0001-01-01T00:00:00+00:00.
    pub const MIN: DateTimeOffset = DateTimeOffset {
        clock_ticks: 0,
        offset_minutes: 0,
    };

    /// `DateTimeOffset.MaxValue`: 9999-12-31T23:59:59.9999999+00:00.
    pub const MAX: DateTimeOffset = DateTimeOffset {
        clock_ticks: MAX_TICKS,
        offset_minutes: 0,
    };

    /// A value from its clock time in ticks and its offset in minutes. Both the clock time
    /// and the UTC instant must lie in years 1–9999, and the offset within ±14:00.
    pub fn new(clock_ticks: i64, offset_minutes: i32) -> Result<DateTimeOffset, ValueError> {
        if offset_minutes.abs() > 14 * 60 {
            return Err(ValueError::out_of_range(
                "DateTimeOffset",
                format_args!("an offset of {offset_minutes} minutes"),
            ));
        }
        let utc = clock_ticks.checked_sub(i64::from(offset_minutes) * TICKS_PER_MINUTE);
        let in_range = |t: i64| (0..=MAX_TICKS).contains(&t);
        match utc {
            Some(utc) if in_range(utc) && in_range(clock_ticks) => Ok(DateTimeOffset {
                clock_ticks,
                offset_minutes: offset_minutes as i16,
            }),
            _ => Err(ValueError::out_of_range(
                "DateTimeOffset",
                format_args!("{clock_ticks} ticks at offset {offset_minutes} min"),
            )),
        }
    }

    /// A value from a UTC instant in ticks, shown at `offset_minutes`.
    pub fn from_utc_ticks(
        utc_ticks: i64,
        offset_minutes: i32,
    ) -> Result<DateTimeOffset, ValueError> {
        let clock = utc_ticks.checked_add(i64::from(offset_minutes) * TICKS_PER_MINUTE);
        match clock {
            Some(clock) => DateTimeOffset::new(clock, offset_minutes),
            None => Err(ValueError::out_of_range(
                "DateTimeOffset",
                format_args!("{utc_ticks} ticks"),
            )),
        }
    }

    /// The clock time in ticks (.NET `Ticks`).
    pub fn clock_ticks(self) -> i64 {
        self.clock_ticks
    }

    /// The instant in UTC ticks (.NET `UtcTicks`).
    pub fn utc_ticks(self) -> i64 {
        self.clock_ticks - i64::from(self.offset_minutes) * TICKS_PER_MINUTE
    }

    /// The offset from UTC in minutes.
    pub fn offset_minutes(self) -> i32 {
        self.offset_minutes.into()
    }
}

/// The ServiceStack spellings of `MinValue` / `MaxValue` in WCF form.
const WCF_MIN: &str = "\\/Date(-62135596800000)\\/";
const WCF_MAX: &str = "\\/Date(253402300799999)\\/";

/// Writes `value` as `DateTimeOffset.ToString("o")`.
pub(crate) fn format_text(value: DateTimeOffset) -> String {
    let parts = calendar::split(value.clock_ticks);
    let mut out = String::with_capacity(33);
    calendar::write_date(&mut out, &parts);
    calendar::write_time(&mut out, &parts);
    calendar::write_fraction(&mut out, &parts);
    calendar::write_offset(&mut out, value.offset_minutes.into());
    out
}

/// Reads any DateTimeOffset text that ServiceStack reads (module docs).
pub(crate) fn parse_text(text: &str) -> Result<DateTimeOffset, ValueError> {
    let invalid = |reason: String| ValueError::invalid("DateTimeOffset", text, reason);
    let trimmed = text.trim();
    match trimmed {
        "" => {
            return Err(invalid(
                "empty text (use an Option for a null DateTimeOffset)".into(),
            ));
        }
        WCF_MIN => return Ok(DateTimeOffset::MIN),
        WCF_MAX => return Ok(DateTimeOffset::MAX),
        _ => {}
    }
    if let Some(wcf) = iso::parse_wcf(trimmed) {
        let wcf = wcf.map_err(invalid)?;
        let offset = wcf.offset_minutes.unwrap_or(0) as i32;
        return DateTimeOffset::from_utc_ticks(wcf.utc_ticks, offset)
            .map_err(|_| invalid("the clock time at that offset is outside years 1-9999".into()));
    }
    let stamp = iso::parse_stamp(trimmed).map_err(invalid)?;
    let offset = match stamp.zone {
        Zone::None | Zone::Utc => 0,
        Zone::Offset(minutes) => minutes as i32,
    };
    DateTimeOffset::new(stamp.clock_ticks, offset)
        .map_err(|_| invalid("the instant is outside years 1-9999".into()))
}

impl fmt::Display for DateTimeOffset {
    /// The JSV text (`2024-03-01T10:11:12.0000000+02:00`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_text(*self))
    }
}

impl FromStr for DateTimeOffset {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<DateTimeOffset, ValueError> {
        parse_text(text)
    }
}

impl TextForm for DateTimeOffset {
    const EXPECTING: &'static str = "a .NET DateTimeOffset text";

    fn parse_text(text: &str) -> Result<DateTimeOffset, ValueError> {
        parse_text(text)
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        visit::serialize_raw(&format_text(*self), serializer)
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateTimeOffset, D::Error> {
        visit::deserialize_text(deserializer)
    }
}

/// A type that converts to and from a .NET [`DateTimeOffset`], and so works with
/// `#[serde(with = "serde_jsv::dotnet::datetime_offset")]`.
///
/// Implemented for [`DateTimeOffset`] and, with the `chrono` feature, for
/// `chrono::DateTime<FixedOffset>` (offsets must be whole minutes within ±14:00) and
/// `chrono::DateTime<Utc>` (written at +00:00; any offset reads as the same instant).
pub trait DateTimeOffsetValue: Sized {
    /// The .NET value, or an error if it does not fit.
    fn to_dotnet(&self) -> Result<DateTimeOffset, ValueError>;
    /// The value from a .NET value, or an error if it does not fit.
    fn from_dotnet(value: DateTimeOffset) -> Result<Self, ValueError>;
}

impl DateTimeOffsetValue for DateTimeOffset {
    fn to_dotnet(&self) -> Result<DateTimeOffset, ValueError> {
        Ok(*self)
    }

    fn from_dotnet(value: DateTimeOffset) -> Result<DateTimeOffset, ValueError> {
        Ok(value)
    }
}

visit::with_functions!(DateTimeOffsetValue, DateTimeOffset);
visit::option_module!(DateTimeOffsetValue, DateTimeOffset, "datetime_offset");

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 637_135_310_450_000_000; // 2020-01-02T03:04:05

    fn dto(clock: i64, offset: i32) -> DateTimeOffset {
        DateTimeOffset::new(clock, offset).unwrap()
    }

    #[test]
    fn writes_round_trip_format() {
        assert_eq!(
            format_text(DateTimeOffset::MIN),
            "0001-01-01T00:00:00.0000000+00:00"
        );
        assert_eq!(
            format_text(DateTimeOffset::MAX),
            "9999-12-31T23:59:59.9999999+00:00"
        );
        assert_eq!(
            format_text(dto(T, -14 * 60)),
            "2020-01-02T03:04:05.0000000-14:00"
        );
        assert_eq!(
            format_text(dto(T + 1_000_000, 345)),
            "2020-01-02T03:04:05.1000000+05:45"
        );
    }

    #[test]
    fn reads_servicestack_forms() {
        let cases = [
            ("2020-01-02", dto(637_135_200_000_000_000, 0)),
            ("2020-01-02T03:04:05Z", dto(T, 0)),
            ("2020-01-02T03:04:05+0200", dto(T, 120)),
            ("2020-01-02 03:04:05 +02:00", dto(T, 120)),
            ("/Date(1577934245000)/", dto(T, 0)),
            (
                "/Date(1577934245000-0500)/",
                dto(T - 300 * TICKS_PER_MINUTE, -300),
            ),
            (WCF_MIN, DateTimeOffset::MIN),
            (WCF_MAX, DateTimeOffset::MAX),
        ];
        for (text, value) in cases {
            assert_eq!(parse_text(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(parse_text("").is_err());
        assert!(parse_text("0001-01-01T00:00:00+01:00").is_err());
        assert!(parse_text("9999-12-31T23:59:59-01:00").is_err());
        assert!(DateTimeOffset::new(T, 841).is_err());
        assert!(DateTimeOffset::from_utc_ticks(i64::MAX, 60).is_err());
    }
}
