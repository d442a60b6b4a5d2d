use serde::{Deserialize, Serialize};

use crate::cbor::Value;
use crate::claims::{self, Claims, ClaimsError, int};
use crate::error::{Error, ErrorCode};
use crate::ids::{IdError, RegionCode, ResidentId, Uscc};

/// Errors of the color-code layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ColorCodeError {
    /// A field is missing, malformed or inconsistent.
    #[error("invalid color code field: {0}")]
    Field(&'static str),
    /// A code inside the record fails its check.
    #[error(transparent)]
    Id(#[from] IdError),
    /// The CBOR body is malformed.
    #[error(transparent)]
    Claims(#[from] ClaimsError),
}

impl ColorCodeError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ColorCodeError::Field(_) => ErrorCode::BadColorCodeField,
            ColorCodeError::Id(e) => e.code(),
            ColorCodeError::Claims(e) => e.code(),
        }
    }
}

impl From<ColorCodeError> for Error {
    fn from(e: ColorCodeError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

/// Health code or safety code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// 健康码.
    Health,
    /// 安全码.
    Safety,
}

/// The color shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Color {
    /// 绿码.
    Green,
    /// 黄码.
    Yellow,
    /// 红码.
    Red,
}

impl Color {
    /// Lowercase English name.
    pub fn as_str(self) -> &'static str {
        match self {
            Color::Green => "green",
            Color::Yellow => "yellow",
            Color::Red => "red",
        }
    }
}

/// Sex after GB/T 2261.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 1.
    Male,
    /// 2.
    Female,
    /// 0 or 9.
    Unknown,
}

/// Type of the holder's identity document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderIdType {
    /// 居民身份证 (also residence permits and foreigner cards, same check).
    ResidentId,
    /// Passport.
    Passport,
    /// Other documents.
    Other,
}

/// The issuer-side record after GB/T 38962 (personal and health elements). It stays with the
/// issuer; only [`ColorCode`] goes into the QR. `Debug` prints no personal data.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderRecord {
    /// 姓名.
    pub name: String,
    /// 性别.
    pub sex: Sex,
    /// 国籍 (GB/T 2659 alpha-3, e.g. `CHN`).
    pub nationality: String,
    /// 证件类型.
    pub id_type: HolderIdType,
    /// 证件号码.
    pub id_number: String,
    /// 户籍/常住地 行政区划代码.
    pub region: String,
    /// 现住址.
    #[serde(default)]
    pub address: String,
    /// 联系电话.
    #[serde(default)]
    pub phone: String,
    /// 体温 in °C.
    #[serde(default)]
    pub temperature: Option<f64>,
    /// 症状 (WS 363.6 terms).
    #[serde(default)]
    pub symptoms: Vec<String>,
    /// 中高风险地区旅居史: the areas.
    #[serde(default)]
    pub risk_area_travel: Vec<String>,
}

impl std::fmt::Debug for HolderRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HolderRecord")
            .field("name", &mask_name(&self.name))
            .field("id_number", &mask_id(&self.id_number))
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl HolderRecord {
    /// Checks the ID number for its type and the region code.
    pub fn validate(&self) -> Result<(), ColorCodeError> {
        if self.name.trim().is_empty() || self.name.len() > 128 {
            return Err(ColorCodeError::Field("holder name is empty or too long"));
        }
        if self.nationality.len() != 3 || !self.nationality.bytes().all(|b| b.is_ascii_uppercase())
        {
            return Err(ColorCodeError::Field(
                "nationality must be a GB/T 2659 alpha-3 code",
            ));
        }
        match self.id_type {
            HolderIdType::ResidentId => {
                let id = ResidentId::parse(&self.id_number)?;
                if id.as_str() != self.id_number {
                    return Err(ColorCodeError::Field(
                        "resident ID must be written in canonical form",
                    ));
                }
            }
            HolderIdType::Passport | HolderIdType::Other => {
                let ok = (5..=32).contains(&self.id_number.len())
                    && self.id_number.bytes().all(|b| b.is_ascii_alphanumeric());
                if !ok {
                    return Err(ColorCodeError::Field(
                        "document number must be 5-32 of A-Z0-9",
                    ));
                }
            }
        }
        RegionCode::parse(&self.region)?;
        if let Some(t) = self.temperature {
            if !(30.0..=45.0).contains(&t) {
                return Err(ColorCodeError::Field("temperature out of range"));
            }
        }
        Ok(())
    }
}

/// What a color code's QR carries: nothing a gate does not need. Built only by
/// [`crate::colorcode::ColorCodeIssuer`], from signed claims or from [`ColorCodeFields`] (its JSON
/// form), through the same checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ColorCodeFields", into = "ColorCodeFields")]
pub struct ColorCode {
    kind: CodeKind,
    color: Color,
    holder_name_masked: String,
    holder_id_masked: String,
    holder_id_digest: [u8; 32],
    region: RegionCode,
    serial: String,
    issuer_code: Uscc,
    issued_at: i64,
    expires_at: i64,
}

/// A color code's fields as text: its JSON form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColorCodeFields {
    /// Health or safety code.
    pub kind: CodeKind,
    /// The color.
    pub color: Color,
    /// Masked holder name, e.g. `张*三`.
    pub holder_name_masked: String,
    /// Masked ID number, e.g. `3301**********064X`.
    pub holder_id_masked: String,
    /// SM3(issuer salt ‖ full ID number), lowercase hex; the issuer's counter can match it.
    pub holder_id_digest: String,
    /// GB/T 2260 region code.
    pub region: String,
    /// Serial, unique per issuer.
    pub serial: String,
    /// Issuer 统一社会信用代码.
    pub issuer_code: String,
    /// Issued at, Unix seconds.
    pub issued_at: i64,
    /// Expires at, Unix seconds.
    pub expires_at: i64,
}

impl TryFrom<ColorCodeFields> for ColorCode {
    type Error = ColorCodeError;

    fn try_from(f: ColorCodeFields) -> Result<Self, ColorCodeError> {
        let digest = (f.holder_id_digest.len() == 64
            && !f.holder_id_digest.bytes().any(|b| b.is_ascii_uppercase()))
        .then(|| crate::hex::decode(&f.holder_id_digest))
        .flatten()
        .and_then(|d| <[u8; 32]>::try_from(d).ok())
        .ok_or(ColorCodeError::Field(
            "holder_id_digest must be 64 lowercase hex digits",
        ))?;
        ColorCode::assemble(
            f.kind,
            f.color,
            [f.holder_name_masked, f.holder_id_masked],
            digest,
            RegionCode::parse(&f.region)?,
            f.serial,
            Uscc::parse(&f.issuer_code)?,
            (f.issued_at, f.expires_at),
        )
    }
}

impl From<ColorCode> for ColorCodeFields {
    fn from(c: ColorCode) -> Self {
        ColorCodeFields {
            kind: c.kind,
            color: c.color,
            holder_name_masked: c.holder_name_masked,
            holder_id_masked: c.holder_id_masked,
            holder_id_digest: crate::hex::encode(&c.holder_id_digest),
            region: c.region.as_str().to_owned(),
            serial: c.serial,
            issuer_code: c.issuer_code.as_str().to_owned(),
            issued_at: c.issued_at,
            expires_at: c.expires_at,
        }
    }
}

impl ColorCode {
    // The one place a `ColorCode` is made: by the issuer, from claims and from JSON.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        kind: CodeKind,
        color: Color,
        [holder_name_masked, holder_id_masked]: [String; 2],
        holder_id_digest: [u8; 32],
        region: RegionCode,
        serial: String,
        issuer_code: Uscc,
        (issued_at, expires_at): (i64, i64),
    ) -> Result<Self, ColorCodeError> {
        for (t, what) in [
            (&holder_name_masked, "masked name missing"),
            (&holder_id_masked, "masked ID missing"),
        ] {
            if t.is_empty() || t.len() > 128 {
                return Err(ColorCodeError::Field(what));
            }
        }
        let serial_ok = !serial.is_empty()
            && serial.len() <= claims::MAX_SERIAL_LEN
            && serial
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !serial_ok {
            return Err(ColorCodeError::Field(
                "serial must be 1-64 of A-Z a-z 0-9 -",
            ));
        }
        if expires_at <= issued_at {
            return Err(ColorCodeError::Field("expires before it is issued"));
        }
        Ok(ColorCode {
            kind,
            color,
            holder_name_masked,
            holder_id_masked,
            holder_id_digest,
            region,
            serial,
            issuer_code,
            issued_at,
            expires_at,
        })
    }

    /// Health or safety code.
    pub fn kind(&self) -> CodeKind {
        self.kind
    }

    /// The color.
    pub fn color(&self) -> Color {
        self.color
    }

    /// Masked holder name, e.g. `张*三`.
    pub fn holder_name_masked(&self) -> &str {
        &self.holder_name_masked
    }

    /// Masked ID number, e.g. `3301**********064X`.
    pub fn holder_id_masked(&self) -> &str {
        &self.holder_id_masked
    }

    /// SM3(issuer salt ‖ full ID number); the issuer's counter can match it.
    pub fn holder_id_digest(&self) -> &[u8; 32] {
        &self.holder_id_digest
    }

    /// GB/T 2260 region code.
    pub fn region(&self) -> &RegionCode {
        &self.region
    }

    /// Serial, unique per issuer.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// Issuer 统一社会信用代码.
    pub fn issuer_code(&self) -> &Uscc {
        &self.issuer_code
    }

    /// Issued at, Unix seconds.
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }

    /// Expires at, Unix seconds.
    pub fn expires_at(&self) -> i64 {
        self.expires_at
    }

    /// The text form, as in JSON.
    pub fn to_fields(&self) -> ColorCodeFields {
        self.clone().into()
    }

    pub(crate) fn to_claims(&self) -> (Claims, Value) {
        let claims = Claims {
            iss: self.issuer_code.as_str().to_owned(),
            iat: self.issued_at,
            nbf: None,
            exp: Some(self.expires_at),
            cti: self.serial.clone(),
        };
        let body = vec![
            (int(0), int(kind_to_wire(self.kind))),
            (int(1), int(color_to_wire(self.color))),
            (int(2), Value::Text(self.holder_name_masked.clone())),
            (int(3), Value::Text(self.holder_id_masked.clone())),
            (int(4), Value::Bytes(self.holder_id_digest.to_vec())),
            (int(5), Value::Text(self.region.as_str().to_owned())),
        ];
        (claims, Value::Map(body))
    }
}

fn kind_to_wire(k: CodeKind) -> i64 {
    match k {
        CodeKind::Health => 0,
        CodeKind::Safety => 1,
    }
}

fn color_to_wire(c: Color) -> i64 {
    match c {
        Color::Green => 0,
        Color::Yellow => 1,
        Color::Red => 2,
    }
}

/// Rebuilds a color code from verified claims.
pub(crate) fn from_claims(claims: &Claims, body: Value) -> Result<ColorCode, ColorCodeError> {
    let [kind, color, name, id_masked, digest, region] =
        claims::body_fields::<6>(body, "color code body is not a map")?;
    let small = |v: Option<Value>| match v {
        Some(Value::Integer(n)) => i64::try_from(n).ok(),
        _ => None,
    };
    let kind = match small(kind) {
        Some(0) => CodeKind::Health,
        Some(1) => CodeKind::Safety,
        _ => {
            return Err(ColorCodeError::Claims(ClaimsError(
                "kind missing or unknown",
            )));
        }
    };
    let color = match small(color) {
        Some(0) => Color::Green,
        Some(1) => Color::Yellow,
        Some(2) => Color::Red,
        _ => {
            return Err(ColorCodeError::Claims(ClaimsError(
                "color missing or unknown",
            )));
        }
    };
    let text = |v: Option<Value>, what: &'static str| match v {
        Some(Value::Text(t)) if !t.is_empty() && t.len() <= 128 => Ok(t),
        _ => Err(ColorCodeError::Claims(ClaimsError(what))),
    };
    let digest = match digest {
        Some(Value::Bytes(b)) => <[u8; 32]>::try_from(b.as_slice())
            .map_err(|_| ColorCodeError::Claims(ClaimsError("ID digest is not 32 bytes")))?,
        _ => {
            return Err(ColorCodeError::Claims(ClaimsError(
                "ID digest is not 32 bytes",
            )));
        }
    };
    let region = RegionCode::parse(&text(region, "region missing")?)?;
    let issuer_code = Uscc::parse(&claims.iss)?;
    let expires_at = claims
        .exp
        .ok_or(ColorCodeError::Claims(ClaimsError("exp missing")))?;
    if claims.nbf.is_some() {
        return Err(ColorCodeError::Claims(ClaimsError(
            "color codes carry no nbf",
        )));
    }
    if expires_at <= claims.iat {
        return Err(ColorCodeError::Field("expires before it is issued"));
    }
    ColorCode::assemble(
        kind,
        color,
        [
            text(name, "masked name missing")?,
            text(id_masked, "masked ID missing")?,
        ],
        digest,
        region,
        claims.cti.clone(),
        issuer_code,
        (claims.iat, expires_at),
    )
}

/// Masks a name for display: first and last character kept (`张*三`, `张*`, `欧**锋`).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut s = String::new();
            s.push(chars[0]);
            s.extend(std::iter::repeat_n('*', n - 2));
            s.push(chars[n - 1]);
            s
        }
    }
}

/// Masks a document number: the first four and last four characters kept when it is longer
/// than eight, otherwise only the last two.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    let (head, tail) = if n > 8 { (4, 4) } else { (0, n.min(2)) };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_name("张三丰"), "张*丰");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小锋"), "欧**锋");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_id("33010619900307064X"), "3301**********064X");
        assert_eq!(mask_id("E1234567"), "******67");
    }
}
