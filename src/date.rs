//! Calendar dates as licenses print them (`YYYY-MM-DD`), and their instants in China
//! Standard Time (UTC+8, no daylight saving), where the dates on a license take effect.

use std::fmt;

/// Seconds east of UTC for China Standard Time.
pub(crate) const CST_OFFSET: i64 = 8 * 3600;

/// A proleptic Gregorian calendar date, years 1800–9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date: expected a real calendar date YYYY-MM-DD between 1800 and 9999")]
pub struct DateError;

impl Date {
    /// A checked date.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1800..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(DateError);
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError);
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError);
        }
        let num = |s: &[u8]| -> Result<u32, DateError> {
            s.iter().try_fold(0u32, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u32::from(c - b'0'))
                } else {
                    Err(DateError)
                }
            })
        };
        let year = u16::try_from(num(&b[..4])?).map_err(|_| DateError)?;
        let month = u8::try_from(num(&b[5..7])?).map_err(|_| DateError)?;
        let day = u8::try_from(num(&b[8..])?).map_err(|_| DateError)?;
        Date::new(year, month, day)
    }

    /// The compact integer form YYYYMMDD used on the wire.
    pub fn to_yyyymmdd(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// From YYYYMMDD.
    pub fn from_yyyymmdd(n: i64) -> Result<Date, DateError> {
        if !(18_000_101..=99_991_231).contains(&n) {
            return Err(DateError);
        }
        let year = u16::try_from(n / 10_000).map_err(|_| DateError)?;
        let month = u8::try_from((n / 100) % 100).map_err(|_| DateError)?;
        let day = u8::try_from(n % 100).map_err(|_| DateError)?;
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The instant this date begins in China Standard Time, as Unix seconds.
    pub fn start_cst(self) -> i64 {
        self.days_since_epoch() * 86_400 - CST_OFFSET
    }

    /// The instant after this date ends in China Standard Time, as Unix seconds.
    pub fn end_cst(self) -> i64 {
        self.start_cst() + 86_400
    }

    /// The calendar date in China Standard Time at Unix time `t`.
    pub fn from_unix_cst(t: i64) -> Option<Date> {
        let days = t.checked_add(CST_OFFSET)?.div_euclid(86_400);
        // Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }

    /// Year.
    pub fn year(self) -> u16 {
        self.year
    }
    /// Month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// Day of month.
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl DateError {
    /// The stable code.
    pub fn code(&self) -> crate::ErrorCode {
        crate::ErrorCode::BadDates
    }
}

impl From<DateError> for crate::Error {
    fn from(e: DateError) -> Self {
        crate::Error::new(e.code(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            Date::parse("2024-02-29").map(Date::to_yyyymmdd),
            Ok(20_240_229)
        );
        for bad in [
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "24-01-01",
            "2024/01/01",
            "1799-12-31",
            "2024-1-01",
            "２０２４-01-01",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError), "{bad}");
        }
    }

    #[test]
    fn epoch_and_cst_instants() {
        let d = Date::parse("1970-01-01").unwrap();
        assert_eq!(d.days_since_epoch(), 0);
        assert_eq!(d.start_cst(), -8 * 3600);
        let d = Date::parse("2026-11-22").unwrap();
        // 2026-11-22T00:00:00Z is 1_795_305_600.
        assert_eq!(d.start_cst(), 1_795_305_600 - 8 * 3600);
        assert_eq!(Date::from_unix_cst(d.start_cst()), Some(d));
        assert_eq!(Date::from_unix_cst(d.end_cst() - 1), Some(d));
        assert_ne!(Date::from_unix_cst(d.end_cst()), Some(d));
    }

    #[test]
    fn round_trip_every_day_for_a_few_centuries() {
        let mut day = Date::parse("1899-12-25").unwrap().start_cst();
        let stop = Date::parse("2101-01-05").unwrap().start_cst();
        let mut prev: Option<Date> = None;
        while day < stop {
            let d = Date::from_unix_cst(day).unwrap();
            assert_eq!(d.start_cst(), day);
            assert_eq!(Date::from_yyyymmdd(i64::from(d.to_yyyymmdd())), Ok(d));
            if let Some(p) = prev {
                assert!(p < d);
            }
            prev = Some(d);
            day += 86_400;
        }
    }
}
