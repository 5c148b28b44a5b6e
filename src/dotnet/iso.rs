//! Reading the date/time texts that ServiceStack and .NET's `DateTime.Parse` accept: ISO 8601
//! (`2020-01-02`, `2020-01-02T03:04:05.123Z`, `… 03:04:05 +02:00`), `yyyyMMdd`, slash dates,
//! and WCF `/Date(ms±hhmm)/`. Shared by `DateTime` and `DateTimeOffset`.

use super::calendar::{self, TICKS_PER_DAY, TICKS_PER_MINUTE, TICKS_PER_SECOND};

/// The zone information a text carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// No zone: a clock time.
    None,
    /// `Z`.
    Utc,
    /// A numeric offset, in minutes east of UTC.
    Offset(i64),
}

/// A parsed ISO-style text: the clock time as ticks plus its zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub clock_ticks: i64,
    pub zone: Zone,
    /// Written as 8 digits (`yyyyMMdd`).
    pub compact: bool,
}

/// A WCF date: milliseconds since the Unix epoch (an instant) and an optional offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WcfDate {
    pub utc_ticks: i64,
    pub offset_minutes: Option<i64>,
}

/// Byte cursor over ASCII text.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads `min..=max` digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<(i64, usize)> {
        let start = self.pos;
        let mut value = 0i64;
        while self.pos - start < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + i64::from(b - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        let count = self.pos - start;
        (count >= min).then_some((value, count))
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Reads a WCF date (`/Date(ms)/`, `\/Date(ms+hhmm)\/`). `None` when `text` does not start
/// like one; `Some(Err(reason))` when it does but is malformed.
pub(crate) fn parse_wcf(text: &str) -> Option<Result<WcfDate, String>> {
    let inner = text
        .strip_prefix("/Date(")
        .or_else(|| text.strip_prefix("\\/Date("))?;
    let Some(inner) = inner
        .strip_suffix(")/")
        .or_else(|| inner.strip_suffix(")\\/"))
    else {
        return Some(Err("a /Date( text must end with )/".into()));
    };
    let bytes = inner.as_bytes();
    // The offset, if any, is the last `+`/`-` after the first digit.
    let split = bytes
        .iter()
        .enumerate()
        .skip(1)
        .rev()
        .find(|&(_, &b)| b == b'+' || b == b'-')
        .map(|(i, _)| i);
    let (ms_text, offset_text) = match split {
        Some(i) => (&inner[..i], Some(&inner[i..])),
        None => (inner, None),
    };
    let digits = ms_text.strip_prefix('-').unwrap_or(ms_text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Err(format!("`{ms_text}` is not a number of milliseconds")));
    }
    let Ok(ms) = ms_text.parse::<i64>() else {
        return Some(Err(format!("{ms_text} ms is out of range")));
    };
    let offset_minutes = match offset_text {
        None => None,
        Some(offset) => match parse_compact_offset(offset) {
            Some(minutes) => Some(minutes),
            None => return Some(Err(format!("`{offset}` is not an offset like +0200"))),
        },
    };
    let utc_ticks = ms
        .checked_mul(10_000)
        .and_then(|t| t.checked_add(calendar::UNIX_EPOCH_TICKS))
        .filter(|t| (0..=calendar::MAX_TICKS).contains(t));
    Some(match utc_ticks {
        Some(utc_ticks) => Ok(WcfDate {
            utc_ticks,
            offset_minutes,
        }),
        None => Err(format!("{ms} ms since 1970 is outside years 1-9999")),
    })
}

/// `+hhmm` / `-hhmm` (exactly four digits).
fn parse_compact_offset(text: &str) -> Option<i64> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    check_offset(hours, minutes).map(|m| sign * m)
}

fn check_offset(hours: i64, minutes: i64) -> Option<i64> {
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 14 * 60).then_some(total)
}

/// Reads an ISO-style date or date-time (see the module docs). `text` must already be
/// trimmed.
pub(crate) fn parse_stamp(text: &str) -> Result<Stamp, String> {
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let field = |range: std::ops::Range<usize>| text[range].parse::<i64>().unwrap_or(0);
        let days = calendar::days_from_date(field(0..4), field(4..6), field(6..8))
            .ok_or("no such date")?;
        return Ok(Stamp {
            clock_ticks: days * TICKS_PER_DAY,
            zone: Zone::None,
            compact: true,
        });
    }
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let days = parse_date(&mut cursor, text)?;
    let mut time = 0;
    let mut zone = Zone::None;
    if !cursor.at_end() {
        if !(cursor.eat(b'T') || cursor.eat(b't') || cursor.eat(b' ')) {
            return Err("expected `T` or a space after the date".into());
        }
        cursor.skip_spaces();
        time = parse_time(&mut cursor)?;
        cursor.skip_spaces();
        zone = parse_zone(&mut cursor)?;
        cursor.skip_spaces();
        if !cursor.at_end() {
            return Err(format!("unexpected `{}`", &text[cursor.pos..]));
        }
    }
    Ok(Stamp {
        clock_ticks: days * TICKS_PER_DAY + time,
        zone,
        compact: false,
    })
}

/// `yyyy-M-d`, or `M/d/yyyy` (month first, as .NET's invariant culture), except that a
/// text of exactly `dd/MM/yyyy` is read day first when that is a valid date (ServiceStack's
/// own 10-character rule).
fn parse_date(cursor: &mut Cursor<'_>, text: &str) -> Result<i64, String> {
    let first = cursor.digits(1, 4).ok_or("expected a date")?;
    if first.1 == 4 {
        if !cursor.eat(b'-') {
            return Err("expected `-` after the year".into());
        }
        let month = cursor.digits(1, 2).ok_or("expected a month")?.0;
        if !cursor.eat(b'-') {
            return Err("expected `-` after the month".into());
        }
        let day = cursor.digits(1, 2).ok_or("expected a day")?.0;
        return calendar::days_from_date(first.0, month, day).ok_or_else(|| "no such date".into());
    }
    if first.1 > 2 || !cursor.eat(b'/') {
        return Err("expected yyyy-MM-dd".into());
    }
    let second = cursor.digits(1, 2).ok_or("expected a day")?.0;
    if !cursor.eat(b'/') {
        return Err("expected `/` before the year".into());
    }
    let year = cursor.digits(4, 4).ok_or("expected a four-digit year")?.0;
    if text.len() == 10
        && let Some(days) = calendar::days_from_date(year, second, first.0)
    {
        return Ok(days);
    }
    calendar::days_from_date(year, first.0, second).ok_or_else(|| "no such date".into())
}

/// `H:mm[:ss[.fffffff]]`, as ticks since midnight. More than seven fraction digits are
/// rounded to seven (half to even).
fn parse_time(cursor: &mut Cursor<'_>) -> Result<i64, String> {
    let hour = cursor.digits(1, 2).ok_or("expected an hour")?.0;
    if !cursor.eat(b':') {
        return Err("expected `:` after the hour".into());
    }
    let minute = cursor.digits(1, 2).ok_or("expected minutes")?.0;
    let mut second = 0;
    let mut fraction = 0;
    if cursor.eat(b':') {
        second = cursor.digits(1, 2).ok_or("expected seconds")?.0;
        if cursor.eat(b'.') {
            fraction = parse_fraction(cursor)?;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("time of day out of range".into());
    }
    Ok(((hour * 60 + minute) * 60 + second) * TICKS_PER_SECOND + fraction)
}

/// Fraction digits after the `.`, as ticks (may be 10^7 after rounding up).
fn parse_fraction(cursor: &mut Cursor<'_>) -> Result<i64, String> {
    let start = cursor.pos;
    while matches!(cursor.peek(), Some(b'0'..=b'9')) {
        cursor.pos += 1;
    }
    let digits = &cursor.bytes[start..cursor.pos];
    if digits.is_empty() {
        return Err("expected digits after `.`".into());
    }
    let mut ticks = 0i64;
    for i in 0..7 {
        ticks = ticks * 10 + digits.get(i).map_or(0, |d| i64::from(d - b'0'));
    }
    if digits.len() > 7 {
        let first_dropped = digits[7];
        let rest_nonzero = digits[8..].iter().any(|&d| d != b'0');
        if first_dropped > b'5' || (first_dropped == b'5' && (rest_nonzero || ticks % 2 == 1)) {
            ticks += 1;
        }
    }
    Ok(ticks)
}

/// `Z`, `+hh:mm`, `+hhmm`, `+hh`, or nothing.
fn parse_zone(cursor: &mut Cursor<'_>) -> Result<Zone, String> {
    let sign = match cursor.peek() {
        None => return Ok(Zone::None),
        Some(b'Z' | b'z') => {
            cursor.pos += 1;
            return Ok(Zone::Utc);
        }
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => return Err("expected `Z` or an offset like +02:00".into()),
    };
    cursor.pos += 1;
    let hours = cursor.digits(2, 2).ok_or("expected offset hours (hh)")?.0;
    let minutes = if cursor.eat(b':') {
        cursor.digits(2, 2).ok_or("expected offset minutes (mm)")?.0
    } else {
        cursor.digits(2, 2).map_or(0, |d| d.0)
    };
    check_offset(hours, minutes)
        .map(|m| Zone::Offset(sign * m))
        .ok_or_else(|| "offset beyond ±14:00".into())
}

/// Moves clock ticks at `offset_minutes` to UTC ticks, if the result stays in range.
pub(crate) fn to_utc(clock_ticks: i64, offset_minutes: i64) -> Option<i64> {
    let utc = clock_ticks - offset_minutes * TICKS_PER_MINUTE;
    (0..=calendar::MAX_TICKS).contains(&utc).then_some(utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        parse_stamp(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    const T: i64 = 637_135_310_450_000_000; // 2020-01-02T03:04:05

    #[test]
    fn iso_forms() {
        assert_eq!(stamp("2020-01-02").clock_ticks, 637_135_200_000_000_000);
        assert_eq!(stamp("2020-1-2").clock_ticks, 637_135_200_000_000_000);
        assert!(stamp("20200102").compact);
        assert_eq!(stamp("2020-01-02T03:04:05").clock_ticks, T);
        assert_eq!(stamp("2020-01-02 03:04:05").clock_ticks, T);
        assert_eq!(stamp("2020-01-02T03:04:05Z").zone, Zone::Utc);
        assert_eq!(
            stamp("2020-01-02T03:04:05.1234567Z").clock_ticks,
            T + 1_234_567
        );
        assert_eq!(
            stamp("2020-01-02T03:04:05.12345675Z").clock_ticks,
            T + 1_234_568
        );
        assert_eq!(
            stamp("2020-01-02T03:04:05.12345665Z").clock_ticks,
            T + 1_234_566
        );
        assert_eq!(
            stamp("2020-01-02T03:04:05.99999999Z").clock_ticks,
            T + 10_000_000
        );
        assert_eq!(stamp("2020-01-02T03:04:05+02:00").zone, Zone::Offset(120));
        assert_eq!(stamp("2020-01-02T03:04:05-0530").zone, Zone::Offset(-330));
        assert_eq!(stamp("2020-01-02 03:04:05 +02:00").zone, Zone::Offset(120));
        assert_eq!(stamp("2020-01-02T03:04").clock_ticks, T - 50_000_000);
    }

    #[test]
    fn slash_dates() {
        // Month first with a time; a bare dd/MM/yyyy is day first (ServiceStack).
        assert_eq!(stamp("01/02/2020 03:04:05").clock_ticks, T);
        assert_eq!(
            stamp("02/01/2020 03:04:05.123").clock_ticks,
            637_161_230_451_230_000
        );
        assert_eq!(stamp("28/06/2015"), stamp("2015-06-28"));
        assert_eq!(stamp("06/28/2015"), stamp("2015-06-28"));
        assert_eq!(stamp("6/28/2015"), stamp("2015-06-28"));
    }

    #[test]
    fn rejects() {
        for text in [
            "2020-02-30",
            "2020-13-01",
            "2020-01-02T24:00:00",
            "2020-01-02T03:04:05+15:00",
            "2020-01-02T03:04:05 junk",
            "Thu, 02 Jan 2020 03:04:05 GMT",
            "2020",
            "10000-01-01",
        ] {
            assert!(parse_stamp(text).is_err(), "{text}");
        }
    }

    #[test]
    fn wcf_dates() {
        let wcf = parse_wcf("/Date(1577934245123)/").unwrap().unwrap();
        assert_eq!(
            wcf,
            WcfDate {
                utc_ticks: T + 1_230_000,
                offset_minutes: None
            }
        );
        let wcf = parse_wcf("\\/Date(1577934245000+0200)\\/")
            .unwrap()
            .unwrap();
        assert_eq!(
            wcf,
            WcfDate {
                utc_ticks: T,
                offset_minutes: Some(120)
            }
        );
        let wcf = parse_wcf("/Date(-62135596800000-0000)/").unwrap().unwrap();
        assert_eq!(
            wcf,
            WcfDate {
                utc_ticks: 0,
                offset_minutes: Some(0)
            }
        );
        assert!(parse_wcf("2020-01-02").is_none());
        assert!(parse_wcf("/Date(12x)/").unwrap().is_err());
        assert!(parse_wcf("/Date(1)").unwrap().is_err());
        assert!(parse_wcf("/Date(-62135596800001)/").unwrap().is_err());
        assert!(parse_wcf("/Date(99999999999999999999)/").unwrap().is_err());
    }
}
