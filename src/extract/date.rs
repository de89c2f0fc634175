//! Publication dates: parse what pages and feeds write into one UTC instant.
//!
//! Inputs write dates as ISO 8601 (`2021-06-18`, `2021-06-18T03:12:00+09:00`), with a space for
//! the `T`, as RFC 2822 (`Fri, 18 Jun 2021 03:12:00 GMT`), as "June 18, 2021", or as epoch
//! seconds or milliseconds. All become a [`Published`]: epoch seconds plus a canonical ISO
//! string (a bare date stays a bare date, so no time zone is invented). Anything else is
//! `None`: a wrong date is worse than none, because provenance trusts the earliest date.

use crate::model::Published;

/// Parses a date as inputs write it; `None` when it is not a date this reader knows.
pub fn parse_date(raw: &str) -> Option<Published> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_epoch(s);
    }
    parse_iso(s)
        .or_else(|| parse_rfc2822(s))
        .or_else(|| parse_month_name(s))
}

/// Epoch seconds (10 digits or fewer) or milliseconds (13 digits).
fn parse_epoch(s: &str) -> Option<Published> {
    let n: i64 = s.parse().ok()?;
    // 13 digits is milliseconds since 1970 (2001 onward); a year-like 4-digit number is not an epoch.
    let secs = match s.len() {
        13 => n / 1000,
        9 | 10 => n,
        _ => return None,
    };
    Some(from_epoch(secs))
}

/// Builds a `Published` with a full timestamp from epoch seconds.
fn from_epoch(secs: i64) -> Published {
    let days = secs.div_euclid(DAY);
    let rem = secs.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    Published {
        epoch: secs,
        iso: format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        ),
    }
}

/// A bare calendar date: midnight UTC, written as `YYYY-MM-DD`.
fn from_date(y: i64, m: u32, d: u32) -> Option<Published> {
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(Published {
        epoch: days_from_civil(y, m, d) * DAY,
        iso: format!("{y:04}-{m:02}-{d:02}"),
    })
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fff]]` and `Z` / `±HH[:MM]`.
fn parse_iso(s: &str) -> Option<Published> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    let date = from_date(y, m, d)?;
    let rest = &s[10..];
    if rest.is_empty() || !(rest.starts_with('T') || rest.starts_with(' ')) {
        return Some(date);
    }
    let rest = &rest[1..];
    let Some((secs, tail)) = parse_clock(rest) else {
        return Some(date);
    };
    let offset = parse_offset(tail.trim()).unwrap_or(0);
    Some(from_epoch(date.epoch + secs - offset))
}

/// `HH:MM[:SS[.fraction]]` → seconds into the day, and what follows.
fn parse_clock(s: &str) -> Option<(i64, &str)> {
    let h: i64 = s.get(0..2)?.parse().ok()?;
    if s.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let mi: i64 = s.get(3..5)?.parse().ok()?;
    let mut rest = &s[5..];
    let mut sec = 0;
    if rest.starts_with(':') {
        sec = rest.get(1..3)?.parse().ok()?;
        rest = &rest[3..];
        if rest.starts_with('.') || rest.starts_with(',') {
            let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
            rest = &rest[1 + digits..];
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some((h * 3600 + mi * 60 + sec, rest))
}

/// `Z`, `UTC`, `GMT`, `+09:00`, `-0500`, `+09` → seconds east of UTC.
fn parse_offset(s: &str) -> Option<i64> {
    match s {
        "" | "Z" | "z" | "UTC" | "GMT" | "UT" => return Some(0),
        "EST" => return Some(-5 * 3600),
        "EDT" => return Some(-4 * 3600),
        "CST" => return Some(-6 * 3600),
        "CDT" => return Some(-5 * 3600),
        "PST" => return Some(-8 * 3600),
        "PDT" => return Some(-7 * 3600),
        _ => {}
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i64>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    Some(sign * (h * 3600 + m * 60))
}

/// `Fri, 18 Jun 2021 03:12:00 GMT` (the weekday is optional and not checked).
fn parse_rfc2822(s: &str) -> Option<Published> {
    let s = s.split_once(',').map_or(s, |(_, rest)| rest).trim();
    let mut parts = s.split_whitespace();
    let d: u32 = parts.next()?.parse().ok()?;
    let m = month_number(parts.next()?)?;
    let y: i64 = parts.next()?.parse().ok()?;
    let date = from_date(y, m, d)?;
    let Some(clock) = parts.next() else {
        return Some(date);
    };
    let (secs, _) = parse_clock(clock)?;
    let offset = parse_offset(parts.next().unwrap_or("")).unwrap_or(0);
    Some(from_epoch(date.epoch + secs - offset))
}

/// `June 18, 2021` or `18 June 2021`: a date only.
fn parse_month_name(s: &str) -> Option<Published> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 3 {
        return None;
    }
    let (m, d, y) = if let Some(m) = month_number(words[0]) {
        (m, words[1], words[2])
    } else {
        (month_number(words[1])?, words[0], words[2])
    };
    let d: u32 = d
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    from_date(y.parse().ok()?, m, d)
}

/// An English month name or its three-letter abbreviation.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && m.starts_with(w.as_str()))
        .map(|i| i as u32 + 1)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds in a day: every date here is UTC, with no leap seconds.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`,
/// exact for every date an `i64` of days can hold). The one calendar of the crate: dates are
/// parsed, bounded (see [`year_start`]) and printed (see [`ymd`]) with it.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A date as `YYYY-MM-DD` (UTC) from epoch seconds, for any `i64`.
pub fn ymd(epoch: i64) -> String {
    let (y, m, d) = civil_from_days(epoch.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Seconds since the epoch at the start (1 January, UTC) of a year.
pub fn year_start(year: i32) -> i64 {
    days_from_civil(i64::from(year), 1, 1) * DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_and_years_start() {
        assert_eq!(ymd(0), "1970-01-01");
        assert_eq!(ymd(86_399), "1970-01-01");
        assert_eq!(ymd(-1), "1969-12-31");
        assert_eq!(ymd(951_782_400), "2000-02-29");
        assert_eq!(ymd(1_623_974_400 + 3_600), "2021-06-18");
        assert_eq!(ymd(1_709_251_199), "2024-02-29");
        assert!(!ymd(i64::MAX).is_empty() && !ymd(i64::MIN).is_empty());
        assert_eq!(year_start(1970), 0);
        assert_eq!(year_start(2021), 1_609_459_200);
        assert_eq!(year_start(2000), 946_684_800);
        assert_eq!(year_start(1969), -31_536_000);
    }

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|p| p.iso)
    }

    #[test]
    fn iso_dates_and_times() {
        assert_eq!(iso("2016-09-20").as_deref(), Some("2016-09-20"));
        assert_eq!(
            iso("1987-02-26T15:01:01").as_deref(),
            Some("1987-02-26T15:01:01Z")
        );
        assert_eq!(
            iso("2021-06-18T03:12:00+09:00").as_deref(),
            Some("2021-06-17T18:12:00Z")
        );
        assert_eq!(
            iso("2021-06-18 03:12:00.123Z").as_deref(),
            Some("2021-06-18T03:12:00Z")
        );
        assert_eq!(
            iso("2021-06-18T03:12-0500").as_deref(),
            Some("2021-06-18T08:12:00Z")
        );
    }

    #[test]
    fn other_forms() {
        assert_eq!(
            iso("Fri, 18 Jun 2021 03:12:00 GMT").as_deref(),
            Some("2021-06-18T03:12:00Z")
        );
        assert_eq!(iso("June 18, 2021").as_deref(), Some("2021-06-18"));
        assert_eq!(iso("18 Jun 2021").as_deref(), Some("2021-06-18"));
        assert_eq!(iso("1623985920").as_deref(), Some("2021-06-18T03:12:00Z"));
        assert_eq!(
            iso("1623985920000").as_deref(),
            Some("2021-06-18T03:12:00Z")
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "yesterday",
            "2021",
            "2021-13-01",
            "2021-02-30",
            "12345",
            "tbd 2021-01",
        ] {
            assert_eq!(iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn epoch_round_trips_through_the_calendar() {
        for days in [-1000, 0, 59, 365, 11_016, 18_796, 50_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_date("1970-01-01").map(|p| p.epoch), Some(0));
    }
}
