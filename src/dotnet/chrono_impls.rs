//! Conversions between the `dotnet` types and chrono's (feature `chrono`).

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeDelta, Timelike, Utc};

use super::calendar::{TICKS_PER_DAY, TICKS_PER_SECOND};
use super::datetime::DateTimeValue;
use super::datetime_offset::DateTimeOffsetValue;
use super::timespan::TimeSpanValue;
use super::{DateTime, DateTimeKind, DateTimeOffset, TimeSpan, ValueError};

/// Clock ticks of a naive date-time (digits below 100 ns are truncated, as .NET holds no
/// more).
fn naive_to_ticks(naive: &NaiveDateTime, type_name: &str) -> Result<i64, ValueError> {
    let days = i64::from(naive.date().num_days_from_ce()) - 1;
    let seconds = i64::from(naive.num_seconds_from_midnight());
    let ticks =
        days * TICKS_PER_DAY + seconds * TICKS_PER_SECOND + i64::from(naive.nanosecond() / 100);
    if (0..=super::calendar::MAX_TICKS).contains(&ticks) {
        Ok(ticks)
    } else {
        Err(ValueError::out_of_range(type_name, naive))
    }
}

/// The naive date-time of clock ticks (always representable).
fn ticks_to_naive(ticks: i64) -> NaiveDateTime {
    let days = ticks.div_euclid(TICKS_PER_DAY);
    let time = ticks.rem_euclid(TICKS_PER_DAY);
    let date = NaiveDate::from_num_days_from_ce_opt(days as i32 + 1).unwrap_or_default();
    let seconds = (time / TICKS_PER_SECOND) as u32;
    let nanos = (time % TICKS_PER_SECOND) as u32 * 100;
    date.and_hms_nano_opt(seconds / 3600, seconds / 60 % 60, seconds % 60, nanos)
        .unwrap_or_default()
}

impl DateTimeValue for chrono::DateTime<Utc> {
    fn to_dotnet(&self) -> Result<DateTime, ValueError> {
        DateTime::from_ticks(
            naive_to_ticks(&self.naive_utc(), "DateTime")?,
            DateTimeKind::Utc,
        )
    }

    /// Local and unspecified values are UTC clock times (see the `datetime` docs).
    fn from_dotnet(value: DateTime) -> Result<Self, ValueError> {
        Ok(ticks_to_naive(value.ticks()).and_utc())
    }
}

impl DateTimeValue for NaiveDateTime {
    fn to_dotnet(&self) -> Result<DateTime, ValueError> {
        DateTime::from_ticks(naive_to_ticks(self, "DateTime")?, DateTimeKind::Unspecified)
    }

    fn from_dotnet(value: DateTime) -> Result<Self, ValueError> {
        Ok(ticks_to_naive(value.ticks()))
    }
}

impl DateTimeValue for NaiveDate {
    fn to_dotnet(&self) -> Result<DateTime, ValueError> {
        let ticks = naive_to_ticks(&self.and_time(chrono::NaiveTime::MIN), "DateTime")?;
        DateTime::from_ticks(ticks, DateTimeKind::Unspecified)
    }

    fn from_dotnet(value: DateTime) -> Result<Self, ValueError> {
        if value.ticks() % TICKS_PER_DAY != 0 {
            return Err(ValueError::out_of_range(
                "date without a time of day (chrono::NaiveDate)",
                format_args!("the DateTime {value}"),
            ));
        }
        Ok(ticks_to_naive(value.ticks()).date())
    }
}

impl DateTimeOffsetValue for chrono::DateTime<FixedOffset> {
    fn to_dotnet(&self) -> Result<DateTimeOffset, ValueError> {
        let offset_seconds = self.offset().local_minus_utc();
        if offset_seconds % 60 != 0 {
            return Err(ValueError::out_of_range(
                "DateTimeOffset",
                format_args!("the offset {} (not whole minutes)", self.offset()),
            ));
        }
        let clock = naive_to_ticks(&self.naive_local(), "DateTimeOffset")?;
        DateTimeOffset::new(clock, offset_seconds / 60)
    }

    fn from_dotnet(value: DateTimeOffset) -> Result<Self, ValueError> {
        let offset = FixedOffset::east_opt(value.offset_minutes() * 60).ok_or_else(|| {
            ValueError::out_of_range("chrono::FixedOffset", value.offset_minutes())
        })?;
        Ok(chrono::DateTime::from_naive_utc_and_offset(
            ticks_to_naive(value.utc_ticks()),
            offset,
        ))
    }
}

impl DateTimeOffsetValue for chrono::DateTime<Utc> {
    fn to_dotnet(&self) -> Result<DateTimeOffset, ValueError> {
        DateTimeOffset::new(naive_to_ticks(&self.naive_utc(), "DateTimeOffset")?, 0)
    }

    fn from_dotnet(value: DateTimeOffset) -> Result<Self, ValueError> {
        Ok(ticks_to_naive(value.utc_ticks()).and_utc())
    }
}

impl TimeSpanValue for TimeDelta {
    fn to_dotnet(&self) -> Result<TimeSpan, ValueError> {
        TimeSpan::try_from(*self)
    }

    fn from_dotnet(value: TimeSpan) -> Result<Self, ValueError> {
        Ok(value.into())
    }
}

impl TryFrom<chrono::DateTime<Utc>> for DateTime {
    type Error = ValueError;

    /// A UTC `DateTime`; an error outside years 1–9999.
    fn try_from(value: chrono::DateTime<Utc>) -> Result<DateTime, ValueError> {
        DateTimeValue::to_dotnet(&value)
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    /// Local and unspecified values are taken as UTC clock times.
    fn from(value: DateTime) -> chrono::DateTime<Utc> {
        ticks_to_naive(value.ticks()).and_utc()
    }
}

impl TryFrom<NaiveDateTime> for DateTime {
    type Error = ValueError;

    /// An unspecified `DateTime`; an error outside years 1–9999.
    fn try_from(value: NaiveDateTime) -> Result<DateTime, ValueError> {
        value.to_dotnet()
    }
}

impl From<DateTime> for NaiveDateTime {
    /// The clock time, whatever the kind.
    fn from(value: DateTime) -> NaiveDateTime {
        ticks_to_naive(value.ticks())
    }
}

impl TryFrom<chrono::DateTime<FixedOffset>> for DateTimeOffset {
    type Error = ValueError;

    /// An error for offsets that are not whole minutes, or values outside years 1–9999.
    fn try_from(value: chrono::DateTime<FixedOffset>) -> Result<DateTimeOffset, ValueError> {
        value.to_dotnet()
    }
}

impl From<DateTimeOffset> for chrono::DateTime<FixedOffset> {
    fn from(value: DateTimeOffset) -> chrono::DateTime<FixedOffset> {
        // Offsets are within ±14:00, so every one is a valid FixedOffset.
        let offset = FixedOffset::east_opt(value.offset_minutes() * 60).unwrap_or(Utc.fix());
        chrono::DateTime::from_naive_utc_and_offset(ticks_to_naive(value.utc_ticks()), offset)
    }
}

impl TryFrom<TimeDelta> for TimeSpan {
    type Error = ValueError;

    /// Truncates below 100 ns; an error beyond `TimeSpan.MinValue..MaxValue`.
    fn try_from(value: TimeDelta) -> Result<TimeSpan, ValueError> {
        let ticks = i128::from(value.num_seconds()) * i128::from(TICKS_PER_SECOND)
            + i128::from(value.subsec_nanos() / 100);
        i64::try_from(ticks)
            .map(TimeSpan::from_ticks)
            .map_err(|_| ValueError::out_of_range("TimeSpan", value))
    }
}

impl From<TimeSpan> for TimeDelta {
    fn from(value: TimeSpan) -> TimeDelta {
        let seconds = value.ticks().div_euclid(TICKS_PER_SECOND);
        let nanos = value.ticks().rem_euclid(TICKS_PER_SECOND) as u32 * 100;
        TimeDelta::new(seconds, nanos).unwrap_or(TimeDelta::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn datetimes_convert_both_ways() {
        let utc = Utc.with_ymd_and_hms(2020, 1, 2, 3, 4, 5).unwrap()
            + TimeDelta::nanoseconds(123_456_789);
        let dotnet = DateTime::try_from(utc).unwrap();
        assert_eq!(
            (dotnet.ticks(), dotnet.kind()),
            (637_135_310_451_234_567, DateTimeKind::Utc)
        );
        assert_eq!(
            chrono::DateTime::<Utc>::from(dotnet),
            utc - TimeDelta::nanoseconds(89)
        );
        let min = DateTime::MIN;
        assert_eq!(NaiveDateTime::from(min).to_string(), "0001-01-01 00:00:00");
        assert_eq!(
            NaiveDateTime::from(DateTime::MAX).to_string(),
            "9999-12-31 23:59:59.999999900"
        );
        let too_late = Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap();
        assert!(DateTime::try_from(too_late).is_err());
        let noon = DateTime::new(2020, 1, 2, 12, 0, 0, DateTimeKind::Utc).unwrap();
        assert!(NaiveDate::from_dotnet(noon).is_err());
    }

    #[test]
    fn offsets_convert_both_ways() {
        let fixed = chrono::DateTime::parse_from_rfc3339("2020-01-02T03:04:05+02:00").unwrap();
        let dto = DateTimeOffset::try_from(fixed).unwrap();
        assert_eq!(
            (dto.clock_ticks(), dto.offset_minutes()),
            (637_135_310_450_000_000, 120)
        );
        assert_eq!(chrono::DateTime::<FixedOffset>::from(dto), fixed);
        let odd = FixedOffset::east_opt(30)
            .unwrap()
            .with_ymd_and_hms(2020, 1, 2, 3, 4, 5)
            .unwrap();
        assert!(DateTimeOffset::try_from(odd).is_err());
    }

    #[test]
    fn deltas_convert_both_ways() {
        for ticks in [0, 1, -1, -15_000_001, i64::MAX, i64::MIN] {
            let delta = TimeDelta::from(TimeSpan::from_ticks(ticks));
            assert_eq!(TimeSpan::try_from(delta).unwrap().ticks(), ticks);
        }
        assert_eq!(
            TimeSpan::try_from(TimeDelta::nanoseconds(-150))
                .unwrap()
                .ticks(),
            -1
        );
        assert!(TimeSpan::try_from(TimeDelta::MAX).is_err());
    }
}
