//! The check-character systems, on ASCII bytes, without any layout rules.
//!
//! Each function returns `None` when a byte is outside its alphabet, so callers decide
//! which error to report.

/// The GB 32100 alphabet: digits and capitals without I, O, S, V, Z.
pub(crate) const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Digits then capitals, values 0–35 (ISO 7064 and GB 11714).
pub(crate) const ALNUM36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Value of a byte in the USCC alphabet.
pub(crate) fn uscc_value(b: u8) -> Option<u32> {
    USCC_ALPHABET
        .iter()
        .position(|&c| c == b)
        .and_then(|i| u32::try_from(i).ok())
}

/// Value of a byte in `0-9A-Z`.
pub(crate) fn alnum36_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 10),
        _ => None,
    }
}

fn digit_value(b: u8) -> Option<u32> {
    b.is_ascii_digit().then(|| u32::from(b - b'0'))
}

fn alphabet_char(alphabet: &[u8], value: u32) -> Option<u8> {
    usize::try_from(value)
        .ok()
        .and_then(|i| alphabet.get(i))
        .copied()
}

/// GB 32100 check character over the first 17 characters: weights 3^i mod 31,
/// check = (31 − Σ mod 31) mod 31.
pub(crate) fn uscc_check(body: &[u8]) -> Option<u8> {
    if body.len() != 17 {
        return None;
    }
    let mut weight = 1u32;
    let mut sum = 0u32;
    for &b in body {
        sum = (sum + uscc_value(b)? * weight) % 31;
        weight = weight * 3 % 31;
    }
    alphabet_char(USCC_ALPHABET, (31 - sum) % 31)
}

/// GB 11714 organisation-code check over its first 8 characters (values 0–35):
/// C9 = 11 − (Σ mod 11), with 10 written X and 11 written 0.
pub(crate) fn org_code_check(body: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (&b, w) in body.iter().zip(WEIGHTS) {
        sum += alnum36_value(b)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        // 11 − (Σ mod 11) is in 1..=11, so this is a single digit.
        c => b'0' + u8::try_from(c).ok()?,
    })
}

/// ISO 7064 MOD 11-2 over 17 digits: weights 2^(17−i) mod 11,
/// check = (12 − Σ mod 11) mod 11, with 10 written X.
pub(crate) fn mod11_2(body: &[u8]) -> Option<u8> {
    if body.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for &b in body {
        // Horner form of Σ v_i·2^(17−i): the final doubling supplies the last weight 2.
        sum = (sum + digit_value(b)?) * 2 % 11;
    }
    Some(match (12 - sum) % 11 {
        10 => b'X',
        c => b'0' + u8::try_from(c).ok()?,
    })
}

/// ISO 7064 MOD 37,36 hybrid system over `0-9A-Z`; `None` for an empty input.
pub(crate) fn mod37_36(data: &[u8]) -> Option<u8> {
    if data.is_empty() {
        return None;
    }
    let mut p = 36u32;
    for &b in data {
        p = (p + alnum36_value(b)?) % 36;
        if p == 0 {
            p = 36;
        }
        p = p * 2 % 37;
    }
    alphabet_char(ALNUM36, (37 - p) % 36)
}

/// The ISO 7064 MOD 37,36 hybrid check character of `data` (`0-9A-Z`, uppercase only).
///
/// `None` if `data` is empty or holds any other character. This is the check of a
/// 证照标识 (GB/T 36904) computed over its type code, issuer, serial and version joined
/// without dots.
///
/// ```
/// assert_eq!(govcred::ids::iso7064_mod37_36("A12425GABC1234002"), Some('M'));
/// assert_eq!(govcred::ids::iso7064_mod37_36("a12425"), None);
/// ```
pub fn iso7064_mod37_36(data: &str) -> Option<char> {
    mod37_36(data.as_bytes()).map(char::from)
}

/// Whether `(y, m, d)` is a Gregorian calendar date.
pub(crate) fn is_calendar_date(y: u16, m: u8, d: u8) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The next state of the MOD 37,36 hybrid system, for exhaustive searches.
    fn step(p: u32, v: u32) -> u32 {
        let mut q = (p + v) % 36;
        if q == 0 {
            q = 36;
        }
        q * 2 % 37
    }

    fn check_of(p: u32) -> u32 {
        (37 - p) % 36
    }

    #[test]
    fn reproduces_published_examples() {
        assert_eq!(iso7064_mod37_36("A12425GABC1234002"), Some('M'));
        assert_eq!(uscc_check(b"91310115591693856"), Some(b'A'));
        assert_eq!(uscc_check(b"91310110666007217"), Some(b'T'));
        assert_eq!(org_code_check(b"59169385"), Some(b'6'));
        assert_eq!(mod11_2(b"11010519491231002"), Some(b'X'));
        assert_eq!(mod11_2(b"44052418800101001"), Some(b'4'));
    }

    #[test]
    fn rejects_foreign_bytes_and_lengths() {
        assert_eq!(uscc_check(b"9131011559169385I"), None);
        assert_eq!(uscc_check(b"9131011559169385"), None);
        assert_eq!(org_code_check(b"5916938a"), None);
        assert_eq!(mod11_2(b"1101051949123100A"), None);
        assert_eq!(mod37_36(b""), None);
        assert_eq!(mod37_36(b"A1-"), None);
        assert_eq!(iso7064_mod37_36("\u{ff21}1"), None);
    }

    #[test]
    fn uscc_weights_are_powers_of_three() {
        let expected = [
            1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
        ];
        // A single 1 at position i makes Σ = w_i, so the check reveals the weight.
        for (i, w) in expected.iter().enumerate() {
            let mut body = [b'0'; 17];
            body[i] = b'1';
            let check = uscc_check(&body).and_then(uscc_value);
            assert_eq!(check, Some((31 - w) % 31), "position {i}");
        }
    }

    #[test]
    fn mod11_2_weights_match_gb11643() {
        let expected = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        for (i, w) in expected.iter().enumerate() {
            let mut body = [b'0'; 17];
            body[i] = b'1';
            let want = match (12 - w) % 11 {
                10 => b'X',
                c => b'0' + u8::try_from(c).unwrap_or(0),
            };
            assert_eq!(mod11_2(&body), Some(want), "position {i}");
        }
    }

    #[test]
    fn mod37_36_detects_every_single_substitution_exhaustively() {
        // The state map is a bijection in v for each p, later steps are bijections in p,
        // and the check is a bijection of the final state: so any change of one value
        // changes the check. Checked here over all states and value pairs.
        for p in 1..=36 {
            for a in 0..36 {
                for b in 0..36 {
                    if a != b {
                        assert_ne!(step(p, a), step(p, b));
                    }
                }
            }
        }
        let mut checks: Vec<u32> = (1..=36).map(check_of).collect();
        checks.sort_unstable();
        assert_eq!(checks, (0..36).collect::<Vec<_>>());
    }

    // Pins the documented limits of the hybrid system: it does NOT detect every adjacent
    // transposition, so no property test claims it does.
    #[test]
    fn mod37_36_transposition_limits_are_as_documented() {
        let mut missed = 0;
        for p in 1..=36 {
            for a in 0..36u32 {
                for b in 0..36u32 {
                    if a != b && step(step(p, a), b) == step(step(p, b), a) {
                        missed += 1;
                        assert!((a + 1) % 36 == b || (b + 1) % 36 == a, "{p} {a} {b}");
                    }
                }
            }
        }
        assert_eq!(missed, 72);
        let mut missed_with_check = 0;
        for p in 1..=36 {
            for a in 0..36u32 {
                let c = check_of(step(p, a));
                if c != a && check_of(step(p, c)) == a {
                    missed_with_check += 1;
                }
            }
        }
        assert_eq!(missed_with_check, 2);
    }

    #[test]
    fn calendar() {
        assert!(is_calendar_date(2000, 2, 29));
        assert!(!is_calendar_date(1900, 2, 29));
        assert!(is_calendar_date(1996, 2, 29));
        assert!(!is_calendar_date(1997, 2, 29));
        assert!(!is_calendar_date(2021, 4, 31));
        assert!(is_calendar_date(2021, 12, 31));
        assert!(!is_calendar_date(2021, 13, 1));
        assert!(!is_calendar_date(2021, 0, 1));
        assert!(!is_calendar_date(2021, 1, 0));
    }
}
