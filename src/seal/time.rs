//! Times in seals: GeneralizedTime (v4), UTCTime (v1) and the text time of a v1 timeInfo.
//!
//! Strict forms are `YYYYMMDDHHMMSSZ` and `YYMMDDHHMMSSZ`. Real signers also write a
//! GeneralizedTime without `Z`, with fractional seconds, or with a two-digit year; these
//! are read (a missing zone as UTC, fractions dropped) and recorded as [`Leniency::LooseTime`].

use super::der::{Tlv, tag};
use super::ses::SealParseError;
use super::{Leniencies, Leniency};
use crate::date::Date;

/// A time read from a seal: Unix seconds and the text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix: i64,
    /// The text as stored.
    pub text: String,
}

fn bad<T>(what: &str) -> Result<T, SealParseError> {
    Err(SealParseError(format!("bad time: {what}")))
}

/// Reads a GeneralizedTime or UTCTime element.
pub fn read(t: &Tlv<'_>, notes: &mut Leniencies) -> Result<SealTime, SealParseError> {
    let text = std::str::from_utf8(t.value).map_err(|_| SealParseError("bad time".into()))?;
    let unix = match t.tag {
        tag::UTC_TIME => utc_time(text)?,
        tag::GENERALIZED_TIME => generalized(text, notes)?,
        _ => return bad("not a time element"),
    };
    Ok(SealTime {
        unix,
        text: text.to_owned(),
    })
}

/// Reads the text time of a v1 timeInfo: a GeneralizedTime form or ISO 8601
/// (`2020-01-25T07:31:56.377Z`, `2020-01-25 07:31:56`).
pub fn parse_text(text: &str, notes: &mut Leniencies) -> Result<SealTime, SealParseError> {
    let t = text.trim();
    let unix = if t.len() >= 19 && t.as_bytes()[4] == b'-' {
        let compact: String = t
            .chars()
            .filter(|c| !matches!(c, '-' | ':' | 'T' | ' '))
            .collect();
        generalized(&compact, &mut Leniencies::default())?
    } else {
        generalized(t, notes)?
    };
    Ok(SealTime {
        unix,
        text: text.to_owned(),
    })
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn utc_time(text: &str) -> Result<i64, SealParseError> {
    let body = text
        .strip_suffix('Z')
        .ok_or(())
        .or_else(|_| bad("UTCTime without Z"))?;
    if body.len() != 12 {
        return bad("UTCTime length");
    }
    let yy = digits(&body[..2]).ok_or(()).or_else(|_| bad("digits"))?;
    let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
    to_unix(year, &body[2..])
}

fn generalized(text: &str, notes: &mut Leniencies) -> Result<i64, SealParseError> {
    if !text.is_ascii() {
        return bad("not ASCII");
    }
    let mut loose = false;
    let body = match text.strip_suffix('Z') {
        Some(b) => b,
        None => {
            loose = true;
            text
        }
    };
    let body = match body.split_once(['.', ',']) {
        Some((whole, frac)) => {
            if digits(frac).is_none() {
                return bad("fraction");
            }
            loose = true;
            whole
        }
        None => body,
    };
    let unix = match body.len() {
        14 => {
            let year = digits(&body[..4]).ok_or(()).or_else(|_| bad("digits"))?;
            to_unix(year, &body[4..])?
        }
        12 => {
            loose = true;
            let yy = digits(&body[..2]).ok_or(()).or_else(|_| bad("digits"))?;
            to_unix(if yy < 50 { 2000 + yy } else { 1900 + yy }, &body[2..])?
        }
        _ => return bad("GeneralizedTime length"),
    };
    if loose {
        notes.add(Leniency::LooseTime);
    }
    Ok(unix)
}

// `rest` is MMDDHHMMSS.
fn to_unix(year: i64, rest: &str) -> Result<i64, SealParseError> {
    if rest.len() != 10 {
        return bad("length");
    }
    let f = |r: std::ops::Range<usize>| digits(&rest[r]).ok_or(()).or_else(|_| bad("digits"));
    let (month, day, hour, min, sec) = (f(0..2)?, f(2..4)?, f(4..6)?, f(6..8)?, f(8..10)?);
    if hour > 23 || min > 59 || sec > 60 {
        return bad("clock fields");
    }
    let date = Date::new(
        u16::try_from(year).or_else(|_| bad("year"))?,
        u8::try_from(month).or_else(|_| bad("month"))?,
        u8::try_from(day).or_else(|_| bad("day"))?,
    )
    .or_else(|_| bad("date"))?;
    Ok(date.days_since_epoch() * 86_400 + hour * 3600 + min * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gt(s: &str) -> (Result<i64, SealParseError>, bool) {
        let mut n = Leniencies::default();
        let r = generalized(s, &mut n);
        (r, n.contains(Leniency::LooseTime))
    }

    #[test]
    fn strict_and_loose() {
        assert_eq!(gt("20200101000000Z"), (Ok(1_577_836_800), false));
        assert_eq!(gt("20200101000000"), (Ok(1_577_836_800), true));
        assert_eq!(gt("20200101000000.123Z"), (Ok(1_577_836_800), true));
        assert_eq!(gt("200101000000Z"), (Ok(1_577_836_800), true));
        assert!(gt("2020010100000Z").0.is_err());
        assert!(gt("20201301000000Z").0.is_err());
        assert!(gt("20200101250000Z").0.is_err());
        assert!(gt("2020010100000٠Z").0.is_err());
        assert_eq!(utc_time("200101000000Z").unwrap(), 1_577_836_800);
        assert!(utc_time("200101000000").is_err());
        let mut n = Leniencies::default();
        assert_eq!(
            parse_text("2020-01-01T00:00:00.377Z", &mut n).unwrap().unix,
            1_577_836_800
        );
    }
}
