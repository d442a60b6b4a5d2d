//! Times people type: `--now` as Unix seconds or RFC 3339, and RFC 3339 in UTC+8 for people
//! to read beside the Unix seconds that scripts compare.

use std::str::FromStr;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::common::CliError;

/// A `--now` value: Unix seconds (`1795305600`) or RFC 3339 (`2026-12-02T08:00:00+08:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now(pub i64);

impl FromStr for Now {
    type Err = String;

    fn from_str(s: &str) -> Result<Now, String> {
        if let Ok(secs) = s.parse::<i64>() {
            return Ok(Now(secs));
        }
        OffsetDateTime::parse(s, &Rfc3339)
            .map(|t| Now(t.unix_timestamp()))
            .map_err(|_| {
                format!(
                    "{s:?} is neither Unix seconds nor RFC 3339 (e.g. 2026-12-02T08:00:00+08:00)"
                )
            })
    }
}

impl Now {
    /// The given time, or the system clock: the CLI is the caller that passes time in.
    pub fn resolve(now: Option<Now>) -> Result<i64, CliError> {
        match now {
            Some(Now(secs)) => Ok(secs),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| CliError::Io("system clock before 1970".to_owned()))
                .and_then(|d| {
                    i64::try_from(d.as_secs())
                        .map_err(|_| CliError::Io("clock overflow".to_owned()))
                }),
        }
    }
}

/// China Standard Time, the zone people reading a verdict are in.
const UTC_PLUS_8: i32 = 8 * 3600;

/// `secs` as RFC 3339 in UTC+8 (`2026-12-02T08:00:00+08:00`), or `None` when out of range.
pub(crate) fn display_time(secs: i64) -> Option<String> {
    let offset = UtcOffset::from_whole_seconds(UTC_PLUS_8).ok()?;
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()?
        .to_offset(offset)
        .format(&Rfc3339)
        .ok()
}

/// `,"display_times":{...}` for a verdict: the times in it that a person reads (the
/// verification time; a color code's issue and expiry), as RFC 3339 in UTC+8, beside the
/// Unix seconds the verdict keeps.
pub(crate) fn verdict_times(verdict: &govcred::verify::Verdict, now: i64) -> String {
    let mut fields = vec![("now", now)];
    if let Some(govcred::verify::Credential::ColorCode(c)) = &verdict.credential {
        fields.push(("issued_at", c.issued_at()));
        fields.push(("expires_at", c.expires_at()));
    }
    let shown: Vec<String> = fields
        .into_iter()
        .filter_map(|(name, secs)| display_time(secs).map(|t| format!("\"{name}\":\"{t}\"")))
        .collect();
    format!(",\"display_times\":{{{}}}", shown.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_and_rfc3339() {
        assert_eq!("1795305600".parse(), Ok(Now(1_795_305_600)));
        assert_eq!("-5".parse(), Ok(Now(-5)));
        let t: Now = "2026-12-02T08:00:00+08:00".parse().unwrap();
        assert_eq!(t, Now(1_796_169_600));
        assert_eq!("2026-12-02T00:00:00Z".parse(), Ok(t));
        for bad in ["", "tomorrow", "2026-12-02", "2026-12-02T08:00:00", "1e9"] {
            assert!(bad.parse::<Now>().is_err(), "{bad}");
        }
        assert_eq!(
            display_time(1_796_169_600).as_deref(),
            Some("2026-12-02T08:00:00+08:00")
        );
        assert_eq!(display_time(i64::MAX), None);
    }
}
