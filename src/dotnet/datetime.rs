//! .NET `System.DateTime`: the crate's [`DateTime`] type and the
//! `#[serde(with = "serde_jsv::dotnet::datetime")]` helpers.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::dotnet::{DateTime, DateTimeKind};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Call {
//!     started: DateTime,
//! }
//!
//! let started = DateTime::new(2024, 3, 1, 10, 11, 12, DateTimeKind::Utc).unwrap();
//! let jsv = serde_jsv::to_string(&Call { started }).unwrap();
//! assert_eq!(jsv, "{Started:2024-03-01T10:11:12Z}");
//! assert_eq!(serde_jsv::from_str::<Call>(&jsv).unwrap(), Call { started });
//!
//! // Everything ServiceStack writes or reads is accepted:
//! let wcf: Call = serde_jsv::from_str("{Started:/Date(1709287872000)/}").unwrap();
//! assert_eq!(wcf.started, started);
//! ```
//!
//! With the `chrono` feature the same module serializes `chrono::DateTime<Utc>`,
//! `NaiveDateTime` and `NaiveDate` (and `Option`s of them through `datetime::option`):
//!
//! ```
//! # #[cfg(feature = "chrono")] {
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Call {
//!     #[serde(with = "serde_jsv::dotnet::datetime")]
//!     started: chrono::DateTime<Utc>,
//!     #[serde(default, with = "serde_jsv::dotnet::datetime::option")]
//!     ended: Option<chrono::DateTime<Utc>>,
//!     #[serde(with = "serde_jsv::dotnet::datetime")]
//!     day: NaiveDate,
//! }
//!
//! let call = Call {
//!     started: Utc.with_ymd_and_hms(2024, 3, 1, 10, 11, 12).unwrap(),
//!     ended: None,
//!     day: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
//! };
//! let jsv = serde_jsv::to_string(&call).unwrap();
//! assert_eq!(jsv, "{Started:2024-03-01T10:11:12Z,Day:2024-03-01}");
//! assert_eq!(serde_jsv::from_str::<Call>(&jsv).unwrap(), call);
//! # }
//! ```
//!
//! # Writing (what a .NET 8/10 ServiceStack server writes)
//!
//! * Midnight, whatever the kind: `2024-03-01`.
//! * [`DateTimeKind::Utc`]: `2024-03-01T10:11:12Z`, or with seven fraction digits
//!   `2024-03-01T10:11:12.1230000Z`.
//! * [`DateTimeKind::Local`] and [`DateTimeKind::Unspecified`]: the clock time with the local
//!   offset, `2024-03-01T10:11:12+00:00` / `2024-03-01T10:11:12.1230000+00:00`. serde_jsv
//!   never consults the system time zone: it behaves like a .NET process whose local zone is
//!   UTC, so "local" times are UTC clock times. Use
//!   [`DateTimeOffset`](super::DateTimeOffset) to send a real offset.
//!
//! # Reading
//!
//! `yyyy-MM-dd` (also `2024-3-1`), `yyyyMMdd`, `yyyy-MM-ddTHH:mm[:ss[.f…]]` with `T` or a
//! space, followed by `Z` or an offset (`+02:00`, `+0200`, `+02`), month-first slash dates
//! (`03/01/2024 10:11:12`; a bare `dd/MM/yyyy` is day-first, as in ServiceStack), and WCF
//! dates `/Date(ms)/`, `\/Date(ms+hhmm)\/`. Fractions may have any number of digits; beyond
//! seven they are rounded. Kinds:
//!
//! * `…Z` and `/Date(ms)/`: [`DateTimeKind::Utc`]. (ServiceStack converts `…Z` to a Local
//!   value; we keep it UTC so that a UTC value round-trips.)
//! * An offset (`+02:00`, `/Date(ms+0200)/`): converted to the same instant in local (= UTC)
//!   time, [`DateTimeKind::Local`].
//! * No zone: [`DateTimeKind::Local`], except the forms ServiceStack hands to
//!   `DateTime.Parse` (exactly 19 or 23 characters, e.g. `2024-03-01T10:11:12`, and
//!   `yyyyMMdd`), which stay [`DateTimeKind::Unspecified`]. Both kinds write alike.
//!
//! Empty text, impossible dates (`2024-02-30`) and other text are errors, never
//! `DateTime.MinValue`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ValueError;
use super::calendar::{self, MAX_TICKS, TICKS_PER_DAY, TICKS_PER_SECOND, UNIX_EPOCH_TICKS};
use super::iso::{self, Zone};
use super::visit::{self, TextForm};

/// What a [`DateTime`]'s clock time is relative to, like .NET's `DateTimeKind`.
///
/// Deliberately not `#[non_exhaustive]`: it mirrors .NET's `DateTimeKind`, whose three
/// members are fixed by the two bits `DateTime` keeps for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateTimeKind {
    /// Neither UTC nor local (written like local).
    #[default]
    Unspecified,
    /// Coordinated Universal Time.
    Utc,
    /// The local time of the process; serde_jsv treats it as UTC (see the module docs).
    Local,
}

/// A .NET `System.DateTime`: ticks of 100 ns since 0001-01-01T00:00:00 (up to
/// 9999-12-31T23:59:59.9999999) plus a [`DateTimeKind`].
///
/// Equality compares both ticks and kind (.NET compares ticks only).
///
/// ```
/// use serde_jsv::dotnet::{DateTime, DateTimeKind};
///
/// let t: DateTime = "2020-01-02T03:04:05.1234567Z".parse().unwrap();
/// assert_eq!(t.ticks(), 637_135_310_451_234_567);
/// assert_eq!(t.kind(), DateTimeKind::Utc);
/// assert_eq!(t.to_string(), "2020-01-02T03:04:05.1234567Z");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    ticks: i64,
    kind: DateTimeKind,
}

impl DateTime {
    /// `DateTime.MinValue`: 0001-01-01T00:00:00, unspecified.
    pub const MIN: DateTime = DateTime {
        ticks: 0,
        kind: DateTimeKind::Unspecified,
    };

    /// `DateTime.MaxValue`: 9999-12-31T23:59:59.9999999, unspecified.
    pub const MAX: DateTime = DateTime {
        ticks: MAX_TICKS,
        kind: DateTimeKind::Unspecified,
    };

    /// `DateTime.UnixEpoch`: 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: DateTime = DateTime {
        ticks: UNIX_EPOCH_TICKS,
        kind: DateTimeKind::Utc,
    };

    /// A `DateTime` from .NET ticks; an error outside `0..=DateTime.MaxValue.Ticks`.
    pub fn from_ticks(ticks: i64, kind: DateTimeKind) -> Result<DateTime, ValueError> {
        if (0..=MAX_TICKS).contains(&ticks) {
            Ok(DateTime { ticks, kind })
        } else {
            Err(ValueError::out_of_range(
                "DateTime",
                format_args!("{ticks} ticks"),
            ))
        }
    }

    /// A `DateTime` from calendar fields (whole seconds); an error for dates that do not
    /// exist or lie outside years 1–9999.
    pub fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        kind: DateTimeKind,
    ) -> Result<DateTime, ValueError> {
        let days = calendar::days_from_date(year.into(), month.into(), day.into());
        match days {
            Some(days) if hour < 24 && minute < 60 && second < 60 => {
                let seconds = i64::from((hour * 60 + minute) * 60 + second);
                Ok(DateTime {
                    ticks: days * TICKS_PER_DAY + seconds * TICKS_PER_SECOND,
                    kind,
                })
            }
            _ => Err(ValueError::out_of_range(
                "DateTime",
                format_args!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"),
            )),
        }
    }

    /// A UTC `DateTime` from milliseconds since 1970-01-01T00:00:00Z.
    pub fn from_unix_millis(millis: i64) -> Result<DateTime, ValueError> {
        millis
            .checked_mul(10_000)
            .and_then(|t| t.checked_add(UNIX_EPOCH_TICKS))
            .map_or_else(
                || {
                    Err(ValueError::out_of_range(
                        "DateTime",
                        format_args!("{millis} ms since 1970"),
                    ))
                },
                |ticks| DateTime::from_ticks(ticks, DateTimeKind::Utc),
            )
    }

    /// The ticks (100 ns units since 0001-01-01T00:00:00 of the clock time).
    pub fn ticks(self) -> i64 {
        self.ticks
    }

    /// The kind.
    pub fn kind(self) -> DateTimeKind {
        self.kind
    }

    /// The same clock time with another kind (.NET `DateTime.SpecifyKind`).
    pub fn with_kind(self, kind: DateTimeKind) -> DateTime {
        DateTime { kind, ..self }
    }

    /// Adds (or subtracts) ticks; `None` when the result leaves the `DateTime` range.
    pub fn checked_add_ticks(self, ticks: i64) -> Option<DateTime> {
        let ticks = self.ticks.checked_add(ticks)?;
        DateTime::from_ticks(ticks, self.kind).ok()
    }
}

/// Writes `value` as a .NET 8/10 ServiceStack server does (module docs).
pub(crate) fn format_text(value: DateTime) -> String {
    let parts = calendar::split(value.ticks);
    let mut out = String::with_capacity(33);
    calendar::write_date(&mut out, &parts);
    if value.ticks % TICKS_PER_DAY == 0 {
        return out;
    }
    calendar::write_time(&mut out, &parts);
    if parts.fraction != 0 {
        calendar::write_fraction(&mut out, &parts);
    }
    match value.kind {
        DateTimeKind::Utc => out.push('Z'),
        DateTimeKind::Local | DateTimeKind::Unspecified => calendar::write_offset(&mut out, 0),
    }
    out
}

/// Reads any DateTime text that ServiceStack reads (module docs).
pub(crate) fn parse_text(text: &str) -> Result<DateTime, ValueError> {
    let invalid = |reason: String| ValueError::invalid("DateTime", text, reason);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid(
            "empty text (use an Option for a null DateTime)".into(),
        ));
    }
    if let Some(wcf) = iso::parse_wcf(trimmed) {
        let wcf = wcf.map_err(invalid)?;
        let kind = match wcf.offset_minutes {
            None => DateTimeKind::Utc,
            Some(_) => DateTimeKind::Local,
        };
        return Ok(DateTime {
            ticks: wcf.utc_ticks,
            kind,
        });
    }
    let stamp = iso::parse_stamp(trimmed).map_err(invalid)?;
    let (ticks, kind) = match stamp.zone {
        Zone::Utc => (Some(stamp.clock_ticks), DateTimeKind::Utc),
        Zone::Offset(minutes) => (iso::to_utc(stamp.clock_ticks, minutes), DateTimeKind::Local),
        Zone::None if stamp.compact || trimmed.len() == 19 || trimmed.len() == 23 => {
            (Some(stamp.clock_ticks), DateTimeKind::Unspecified)
        }
        Zone::None => (Some(stamp.clock_ticks), DateTimeKind::Local),
    };
    match ticks {
        Some(ticks) if ticks <= MAX_TICKS => Ok(DateTime { ticks, kind }),
        _ => Err(invalid("outside years 1-9999".into())),
    }
}

impl fmt::Display for DateTime {
    /// The JSV text (`2024-03-01T10:11:12Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_text(*self))
    }
}

impl FromStr for DateTime {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<DateTime, ValueError> {
        parse_text(text)
    }
}

impl TextForm for DateTime {
    const EXPECTING: &'static str = "a .NET DateTime text";

    fn parse_text(text: &str) -> Result<DateTime, ValueError> {
        parse_text(text)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        visit::serialize_raw(&format_text(*self), serializer)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        visit::deserialize_text(deserializer)
    }
}

/// A type that converts to and from a .NET [`DateTime`], and so works with
/// `#[serde(with = "serde_jsv::dotnet::datetime")]`.
///
/// Implemented for [`DateTime`] and, with the `chrono` feature, for
/// `chrono::DateTime<Utc>` (written as a UTC value; local and unspecified values read as
/// UTC), `chrono::NaiveDateTime` (written as an unspecified value; any kind reads as its
/// clock time) and `chrono::NaiveDate` (written as midnight; reading a time other than
/// midnight is an error).
pub trait DateTimeValue: Sized {
    /// The .NET value, or an error if it does not fit (years outside 1–9999).
    fn to_dotnet(&self) -> Result<DateTime, ValueError>;
    /// The value from a .NET value, or an error if it does not fit.
    fn from_dotnet(value: DateTime) -> Result<Self, ValueError>;
}

impl DateTimeValue for DateTime {
    fn to_dotnet(&self) -> Result<DateTime, ValueError> {
        Ok(*self)
    }

    fn from_dotnet(value: DateTime) -> Result<DateTime, ValueError> {
        Ok(value)
    }
}

visit::with_functions!(DateTimeValue, DateTime);
visit::option_module!(DateTimeValue, DateTime, "datetime");

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(ticks: i64, kind: DateTimeKind) -> DateTime {
        DateTime::from_ticks(ticks, kind).unwrap()
    }

    const T: i64 = 637_135_310_450_000_000; // 2020-01-02T03:04:05

    #[test]
    fn writes_like_net8() {
        use DateTimeKind::*;
        let cases = [
            (0, Utc, "0001-01-01"),
            (637_135_200_000_000_000, Local, "2020-01-02"),
            (T, Utc, "2020-01-02T03:04:05Z"),
            (T, Unspecified, "2020-01-02T03:04:05+00:00"),
            (T + 1_230_000, Utc, "2020-01-02T03:04:05.1230000Z"),
            (T + 1, Local, "2020-01-02T03:04:05.0000001+00:00"),
            (MAX_TICKS, Local, "9999-12-31T23:59:59.9999999+00:00"),
            (MAX_TICKS, Utc, "9999-12-31T23:59:59.9999999Z"),
        ];
        for (ticks, kind, text) in cases {
            assert_eq!(format_text(dt(ticks, kind)), text);
        }
    }

    #[test]
    fn reads_servicestack_forms() {
        use DateTimeKind::*;
        let cases = [
            ("2020-01-02", 637_135_200_000_000_000, Local),
            ("20200102", 637_135_200_000_000_000, Unspecified),
            ("2020-01-02T03:04:05", T, Unspecified),
            ("2020-01-02T03:04:05Z", T, Utc),
            (" 2020-01-02T03:04:05.1235Z ", T + 1_235_000, Utc),
            ("2020-01-02T05:04:05+02:00", T, Local),
            ("2020-01-02T03:04", T - 50_000_000, Local),
            ("/Date(1577934245000)/", T, Utc),
            ("/Date(1577934245000+0200)/", T, Local),
            ("\\/Date(1577934245000)\\/", T, Utc),
        ];
        for (text, ticks, kind) in cases {
            assert_eq!(parse_text(text), Ok(dt(ticks, kind)), "{text}");
        }
    }

    #[test]
    fn rejects_bad_text() {
        for text in [
            "",
            "  ",
            "2020-02-30",
            "0001-01-01T00:00:00+01:00",
            "yesterday",
            "/Date(x)/",
        ] {
            let err = parse_text(text).unwrap_err();
            assert!(err.message().starts_with("invalid .NET DateTime"), "{err}");
        }
    }

    #[test]
    fn constructors_check_range() {
        assert_eq!(
            DateTime::new(2020, 1, 2, 3, 4, 5, DateTimeKind::Utc)
                .unwrap()
                .ticks(),
            T
        );
        assert!(DateTime::new(2020, 2, 30, 0, 0, 0, DateTimeKind::Utc).is_err());
        assert!(DateTime::new(2020, 1, 1, 24, 0, 0, DateTimeKind::Utc).is_err());
        assert!(DateTime::from_ticks(-1, DateTimeKind::Utc).is_err());
        assert_eq!(DateTime::from_unix_millis(0), Ok(DateTime::UNIX_EPOCH));
        assert_eq!(DateTime::MAX.checked_add_ticks(1), None);
    }
}
