//! `SignatureDateTime` in Signature.xml, and times in the JSON verdict.
//!
//! Real signers write `SignatureDateTime` as GeneralizedTime (`20221101092233Z`, UTC) or as
//! `2020-06-20 17:18:49` with no zone. The zone-less form is China Standard Time: tongz
//! files carry one signing in both forms (`20200620091849Z` beside `2020-06-20 17:18:49`),
//! and ofdrw writes its local time beside an SES timeInfo in UTC eight hours earlier.

use crate::date::{CST_OFFSET, Date};

/// `SignatureDateTime` as Unix seconds: `YYYYMMDDHHMMSS` or `YYYY-MM-DD[T ]HH:MM:SS`, with
/// optional fractional seconds, then `Z`, `±HH:MM`, or nothing (China Standard Time).
/// `None` for anything else.
pub(super) fn parse_signature_date_time(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_ascii() || t.len() > 40 {
        return None;
    }
    let (body, offset) = if let Some(b) = t.strip_suffix('Z') {
        (b, 0)
    } else if let Some(i) = t.rfind(['+', '-']).filter(|&i| i >= 14 && t.len() - i == 6) {
        let (b, zone) = t.split_at(i);
        let z = zone.as_bytes();
        if z[3] != b':' {
            return None;
        }
        let hh = number(&zone[1..3])?;
        let mm = number(&zone[4..6])?;
        if hh > 14 || mm > 59 {
            return None;
        }
        let secs = hh * 3600 + mm * 60;
        (b, if z[0] == b'+' { secs } else { -secs })
    } else {
        (t, CST_OFFSET)
    };
    let body = match body.split_once(['.', ',']) {
        Some((whole, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => {
            whole
        }
        Some(_) => return None,
        None => body,
    };
    let b = body.as_bytes();
    let compact: String = match b.len() {
        14 => body.to_owned(),
        19 if b[4] == b'-'
            && b[7] == b'-'
            && matches!(b[10], b' ' | b'T')
            && b[13] == b':'
            && b[16] == b':' =>
        {
            [
                &body[..4],
                &body[5..7],
                &body[8..10],
                &body[11..13],
                &body[14..16],
                &body[17..],
            ]
            .concat()
        }
        _ => return None,
    };
    let f = |r: std::ops::Range<usize>| number(&compact[r]);
    let date = Date::new(
        u16::try_from(f(0..4)?).ok()?,
        u8::try_from(f(4..6)?).ok()?,
        u8::try_from(f(6..8)?).ok()?,
    )
    .ok()?;
    let (hour, min, sec) = (f(8..10)?, f(10..12)?, f(12..14)?);
    if hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    Some(date.days_since_epoch() * 86_400 + hour * 3600 + min * 60 + sec - offset)
}

fn number(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `secs` as RFC 3339 in China Standard Time (`2026-12-02T08:00:00+08:00`), the form the
/// verdict's JSON shows people; `None` outside the years 1800–9999.
pub(super) fn display_cst(secs: i64) -> Option<String> {
    let date = Date::from_unix_cst(secs)?;
    let of_day = secs.checked_add(CST_OFFSET)?.rem_euclid(86_400);
    Some(format!(
        "{date}T{:02}:{:02}:{:02}+08:00",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_real_signers_write() {
        // tongz: one signing, written both ways.
        let utc = parse_signature_date_time("20200620091849Z");
        assert_eq!(utc, Some(1_592_644_729));
        assert_eq!(parse_signature_date_time("2020-06-20 17:18:49"), utc);
        assert_eq!(parse_signature_date_time(" 2020-06-20T17:18:49 "), utc);
        assert_eq!(parse_signature_date_time("2020-06-20T09:18:49Z"), utc);
        assert_eq!(parse_signature_date_time("2020-06-20T09:18:49.125Z"), utc);
        assert_eq!(parse_signature_date_time("2020-06-20T17:18:49+08:00"), utc);
        assert_eq!(parse_signature_date_time("2020-06-20T08:18:49-01:00"), utc);
        assert_eq!(parse_signature_date_time("20200620171849"), utc);
        for bad in [
            "",
            "2020-06-20",
            "2020-13-20 17:18:49",
            "2020-06-20 24:18:49",
            "2020-06-20 17:18:49+0800",
            "2020-06-20 17:18:49.",
            "2020/06/20 17:18:49",
            "20200620171849Q",
            "２020-06-20 17:18:49",
        ] {
            assert_eq!(parse_signature_date_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn display_is_rfc3339_in_cst() {
        assert_eq!(
            display_cst(1_796_169_600).as_deref(),
            Some("2026-12-02T08:00:00+08:00")
        );
        assert_eq!(
            display_cst(1_592_644_729).as_deref(),
            Some("2020-06-20T17:18:49+08:00")
        );
        assert_eq!(display_cst(i64::MAX), None);
    }
}
