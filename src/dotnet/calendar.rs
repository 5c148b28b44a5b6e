//! The proleptic Gregorian calendar of .NET `DateTime` ticks (100 ns since 0001-01-01).

use std::fmt::Write;

pub(crate) const TICKS_PER_SECOND: i64 = 10_000_000;
pub(crate) const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub(crate) const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;
/// `DateTime.MaxValue.Ticks` (9999-12-31T23:59:59.9999999).
pub(crate) const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
/// 1970-01-01T00:00:00 in ticks.
pub(crate) const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

/// Days before each month in a common year.
const DAYS_BEFORE_MONTH: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

pub(crate) fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let extra = i64::from(month == 2 && is_leap_year(year));
    DAYS_BEFORE_MONTH[month as usize] - DAYS_BEFORE_MONTH[month as usize - 1] + extra
}

/// Days from 0001-01-01 to the given date, or `None` if the date does not exist or lies
/// outside years 1–9999.
pub(crate) fn days_from_date(year: i64, month: i64, day: i64) -> Option<i64> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let y = year - 1;
    let leap_extra = i64::from(month > 2 && is_leap_year(year));
    Some(
        y * 365 + y / 4 - y / 100
            + y / 400
            + DAYS_BEFORE_MONTH[month as usize - 1]
            + leap_extra
            + day
            - 1,
    )
}

/// A tick count split into calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    /// Ticks within the second (0..10^7).
    pub fraction: i64,
}

/// Splits `ticks` (0..=MAX_TICKS) into calendar fields.
pub(crate) fn split(ticks: i64) -> Parts {
    let mut days = ticks.div_euclid(TICKS_PER_DAY);
    let time = ticks.rem_euclid(TICKS_PER_DAY);
    let y400 = days / 146_097;
    days -= y400 * 146_097;
    let y100 = (days / 36_524).min(3);
    days -= y100 * 36_524;
    let y4 = days / 1_461;
    days -= y4 * 1_461;
    let y1 = (days / 365).min(3);
    days -= y1 * 365;
    let year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1;
    let leap = is_leap_year(year);
    let mut month = 1;
    while month < 12 {
        let next = DAYS_BEFORE_MONTH[month as usize] + i64::from(leap && month >= 2);
        if days < next {
            break;
        }
        month += 1;
    }
    let before = DAYS_BEFORE_MONTH[month as usize - 1] + i64::from(leap && month > 2);
    let seconds = time / TICKS_PER_SECOND;
    Parts {
        year,
        month,
        day: days - before + 1,
        hour: seconds / 3600,
        minute: seconds / 60 % 60,
        second: seconds % 60,
        fraction: time % TICKS_PER_SECOND,
    }
}

/// Appends `yyyy-MM-dd`.
pub(crate) fn write_date(out: &mut String, parts: &Parts) {
    let _ = write!(out, "{:04}-{:02}-{:02}", parts.year, parts.month, parts.day);
}

/// Appends `THH:mm:ss`.
pub(crate) fn write_time(out: &mut String, parts: &Parts) {
    let _ = write!(
        out,
        "T{:02}:{:02}:{:02}",
        parts.hour, parts.minute, parts.second
    );
}

/// Appends `.fffffff` (always seven digits).
pub(crate) fn write_fraction(out: &mut String, parts: &Parts) {
    let _ = write!(out, ".{:07}", parts.fraction);
}

/// Appends `+hh:mm` / `-hh:mm`.
pub(crate) fn write_offset(out: &mut String, offset_minutes: i64) {
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.abs();
    let _ = write!(out, "{sign}{:02}:{:02}", abs / 60, abs % 60);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_parts_agree() {
        assert_eq!(days_from_date(1, 1, 1), Some(0));
        assert_eq!(
            days_from_date(1970, 1, 1),
            Some(UNIX_EPOCH_TICKS / TICKS_PER_DAY)
        );
        assert_eq!(
            days_from_date(9999, 12, 31),
            Some(MAX_TICKS / TICKS_PER_DAY)
        );
        assert_eq!(days_from_date(2020, 2, 30), None);
        assert_eq!(days_from_date(1900, 2, 29), None);
        assert!(days_from_date(2000, 2, 29).is_some());
        assert_eq!(days_from_date(10000, 1, 1), None);
        // Every day of a few 400-year cycles' edges round-trips.
        for year in [
            1, 2, 3, 4, 99, 100, 101, 399, 400, 401, 1600, 1900, 2000, 2024, 9999,
        ] {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let days = days_from_date(year, month, day).unwrap();
                    let parts = split(days * TICKS_PER_DAY + 1);
                    assert_eq!((parts.year, parts.month, parts.day), (year, month, day));
                    assert_eq!(parts.fraction, 1);
                }
            }
        }
    }

    #[test]
    fn writes_fields() {
        let parts = split(637_135_310_451_234_567);
        let mut out = String::new();
        write_date(&mut out, &parts);
        write_time(&mut out, &parts);
        write_fraction(&mut out, &parts);
        write_offset(&mut out, -330);
        assert_eq!(out, "2020-01-02T03:04:05.1234567-05:30");
    }
}
