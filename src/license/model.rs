use serde::{Deserialize, Serialize};

use crate::cbor::Value;
use crate::claims::{self, Claims, ClaimsError, int};
use crate::colorcode::{mask_id, mask_name};
use crate::date::Date;
use crate::error::{Error, ErrorCode};
use crate::ids::{IdError, LicenseId, ResidentId, Uscc};

/// Longest text element accepted, in bytes.
pub(super) const MAX_TEXT_LEN: usize = 512;
/// Most surface items accepted.
pub(super) const MAX_SURFACE_ITEMS: usize = 32;

/// Surface labels common enough to be sent as their index (one byte) rather than as text.
/// Append-only: an index, once given, keeps its label for every `EL1:` code.
pub const SURFACE_LABELS: &[&str] = &[
    "类型",
    "法定代表人",
    "注册资本",
    "成立日期",
    "营业期限",
    "住所",
    "经营范围",
    "登记机关",
    "姓名",
    "性别",
    "国籍",
    "出生日期",
    "住址",
    "准驾车型",
    "初次领证日期",
    "有效期限",
    "发证机关",
    "证件号码",
    "经营者",
    "组成形式",
    "经营场所",
];

/// Errors of the e-license layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LicenseError {
    /// An element is missing, too long or inconsistent with another.
    #[error("invalid license field: {0}")]
    Field(&'static str),
    /// Dates are out of order.
    #[error("invalid license dates: {0}")]
    Dates(&'static str),
    /// A code inside the license fails its check.
    #[error(transparent)]
    Id(#[from] IdError),
    /// The CBOR body is malformed.
    #[error(transparent)]
    Claims(#[from] ClaimsError),
}

impl LicenseError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            LicenseError::Field(_) => ErrorCode::BadLicenseField,
            LicenseError::Dates(_) => ErrorCode::BadDates,
            LicenseError::Id(e) => e.code(),
            LicenseError::Claims(e) => e.code(),
        }
    }
}

impl From<LicenseError> for Error {
    fn from(e: LicenseError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

/// What kind of code identifies the holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderCodeType {
    /// 统一社会信用代码 (organisations).
    Uscc,
    /// 公民身份号码 (people), also residence permits and foreigner cards.
    ResidentId,
    /// Passport number.
    Passport,
    /// Any other code.
    Other,
}

impl HolderCodeType {
    fn to_wire(self) -> i64 {
        match self {
            HolderCodeType::Uscc => 0,
            HolderCodeType::ResidentId => 1,
            HolderCodeType::Passport => 2,
            HolderCodeType::Other => 3,
        }
    }

    fn from_wire(n: i64) -> Option<Self> {
        Some(match n {
            0 => HolderCodeType::Uscc,
            1 => HolderCodeType::ResidentId,
            2 => HolderCodeType::Passport,
            3 => HolderCodeType::Other,
            _ => return None,
        })
    }
}

/// One item printed on the license face (照面信息), such as 法定代表人 or 住所.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurfaceItem {
    /// The printed label.
    pub label: String,
    /// The printed value.
    pub value: String,
}

/// The holder's code (持证主体代码), typed by its kind. Only a [`License`] hands these out, and
/// it checked the code for its kind when it was built.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HolderCode {
    /// 统一社会信用代码 of an organisation.
    Uscc(Uscc),
    /// 公民身份号码 of a person, in canonical form.
    ResidentId(ResidentId),
    /// Passport number, 5–20 of A–Z and 0–9.
    Passport(String),
    /// Any other code: non-empty text of at most [`MAX_TEXT_LEN`] bytes.
    Other(String),
}

impl HolderCode {
    /// Parses `text` as a holder code of `kind`, with the same rules the issuer and the
    /// verifier apply.
    pub fn parse(kind: HolderCodeType, text: &str) -> Result<Self, LicenseError> {
        Ok(match kind {
            HolderCodeType::Uscc => HolderCode::Uscc(Uscc::parse(text)?),
            HolderCodeType::ResidentId => {
                let parsed = ResidentId::parse(text)?;
                // The signed text is the canonical one: a lowercase x would change the bytes.
                if parsed.as_str() != text {
                    return Err(LicenseError::Field(
                        "resident ID must be written in canonical form",
                    ));
                }
                HolderCode::ResidentId(parsed)
            }
            HolderCodeType::Passport => {
                let ok = (5..=20).contains(&text.len())
                    && text
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if !ok {
                    return Err(LicenseError::Field(
                        "passport number must be 5-20 of A-Z0-9",
                    ));
                }
                HolderCode::Passport(text.to_owned())
            }
            HolderCodeType::Other => {
                check_text(text, "holder code is empty or too long")?;
                HolderCode::Other(text.to_owned())
            }
        })
    }

    /// The kind of code.
    pub fn kind(&self) -> HolderCodeType {
        match self {
            HolderCode::Uscc(_) => HolderCodeType::Uscc,
            HolderCode::ResidentId(_) => HolderCodeType::ResidentId,
            HolderCode::Passport(_) => HolderCodeType::Passport,
            HolderCode::Other(_) => HolderCodeType::Other,
        }
    }

    /// The code as printed and signed.
    pub fn as_str(&self) -> &str {
        match self {
            HolderCode::Uscc(u) => u.as_str(),
            HolderCode::ResidentId(r) => r.as_str(),
            HolderCode::Passport(p) | HolderCode::Other(p) => p,
        }
    }
}

/// Organisation codes are public; a person's ID, passport or other code is masked.
impl std::fmt::Debug for HolderCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HolderCode::Uscc(u) => f.debug_tuple("Uscc").field(u).finish(),
            HolderCode::ResidentId(r) => f.debug_tuple("ResidentId").field(r).finish(),
            HolderCode::Passport(p) => f.debug_tuple("Passport").field(&mask_id(p)).finish(),
            HolderCode::Other(o) => f.debug_tuple("Other").field(&mask_id(o)).finish(),
        }
    }
}

/// An e-license (电子证照) after GB/T 36903, checked when it was built: every code is its
/// type, the identifier carries the type and issuer codes, texts are bounded and dates are in
/// order. It is built only from [`LicenseFields`] (which is also its JSON form) or from signed
/// claims, through the same checks. `Debug` masks the holder's name and code, the number and
/// the surface values (they may be a person's name, ID number or address).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LicenseFields", into = "LicenseFields")]
pub struct License {
    name: String,
    number: String,
    identifier: LicenseId,
    issuer_name: String,
    issue_date: Date,
    valid_from: Date,
    valid_until: Option<Date>,
    holder_name: String,
    holder_code: HolderCode,
    surface: Vec<SurfaceItem>,
    ofd_sm3: Option<[u8; 32]>,
}

/// The elements of an e-license as text, the way issuers hand them over and the JSON form of
/// [`License`]. `License::try_from` checks them; nothing else makes a `License`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseFields {
    /// 证照名称, e.g. 营业执照.
    pub name: String,
    /// 证照类型代码 (21 characters).
    pub type_code: String,
    /// 证照编号.
    pub number: String,
    /// 证照标识 (GB/T 36904).
    pub identifier: String,
    /// 颁发机构.
    pub issuer_name: String,
    /// 颁发机构代码 (统一社会信用代码).
    pub issuer_code: String,
    /// 颁发日期.
    pub issue_date: Date,
    /// 有效期起始日期.
    pub valid_from: Date,
    /// 有效期截止日期; `None` is 长期 (no end).
    #[serde(default)]
    pub valid_until: Option<Date>,
    /// 持证主体.
    pub holder_name: String,
    /// 持证主体代码.
    pub holder_code: String,
    /// What kind of code `holder_code` is.
    pub holder_code_type: HolderCodeType,
    /// 照面信息, in print order.
    #[serde(default)]
    pub surface: Vec<SurfaceItem>,
    /// SM3 of the full OFD file this license summarises, lowercase hex.
    #[serde(default)]
    pub ofd_sm3: Option<String>,
}

impl std::fmt::Debug for License {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels: Vec<&str> = self.surface.iter().map(|i| i.label.as_str()).collect();
        f.debug_struct("License")
            .field("name", &self.name)
            .field("number", &mask_id(&self.number))
            .field("identifier", &self.identifier.to_string())
            .field("issuer_name", &self.issuer_name)
            .field("issue_date", &self.issue_date)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .field("holder_name", &mask_name(&self.holder_name))
            .field("holder_code", &self.holder_code)
            .field("surface_labels", &labels)
            .field(
                "ofd_sm3",
                &self.ofd_sm3.as_ref().map(|d| crate::hex::encode(d)),
            )
            .finish()
    }
}

impl std::fmt::Debug for LicenseFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels: Vec<&str> = self.surface.iter().map(|i| i.label.as_str()).collect();
        f.debug_struct("LicenseFields")
            .field("name", &self.name)
            .field("type_code", &self.type_code)
            .field("number", &mask_id(&self.number))
            .field("identifier", &self.identifier)
            .field("issuer_name", &self.issuer_name)
            .field("issuer_code", &self.issuer_code)
            .field("issue_date", &self.issue_date)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .field("holder_name", &mask_name(&self.holder_name))
            .field("holder_code", &mask_id(&self.holder_code))
            .field("holder_code_type", &self.holder_code_type)
            .field("surface_labels", &labels)
            .field("ofd_sm3", &self.ofd_sm3)
            .finish()
    }
}

/// Surface items print their label only: values can be personal data.
impl std::fmt::Debug for SurfaceItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SurfaceItem")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl TryFrom<LicenseFields> for License {
    type Error = LicenseError;

    /// Checks every code's check character, the identifier's agreement with the type and
    /// issuer codes, the holder code for its type, lengths and date order.
    fn try_from(f: LicenseFields) -> Result<Self, LicenseError> {
        let identifier = LicenseId::parse(&f.identifier)?;
        let issuer = Uscc::parse(&f.issuer_code)?;
        if identifier.type_code() != f.type_code {
            return Err(LicenseError::Field(
                "identifier does not carry the license type code",
            ));
        }
        if *identifier.issuer() != issuer {
            return Err(LicenseError::Field(
                "identifier does not carry the issuer code",
            ));
        }
        // Computed here, reported in its place among the other checks.
        let ofd_sm3 = match &f.ofd_sm3 {
            None => Ok(None),
            Some(h) => ofd_digest(h).map(Some).ok_or(LicenseError::Field(
                "ofd_sm3 must be 64 lowercase hex digits",
            )),
        };
        assemble(
            Unchecked {
                name: f.name,
                number: f.number,
                identifier,
                issuer_name: f.issuer_name,
                issue_date: f.issue_date,
                valid_from: f.valid_from,
                valid_until: f.valid_until,
                holder_name: f.holder_name,
                holder_code_type: f.holder_code_type,
                holder_code: f.holder_code,
                surface: f.surface,
            },
            ofd_sm3,
        )
    }
}

impl From<License> for LicenseFields {
    fn from(l: License) -> Self {
        LicenseFields {
            type_code: l.identifier.type_code().to_owned(),
            issuer_code: l.identifier.issuer().as_str().to_owned(),
            identifier: l.identifier.to_string(),
            holder_code: l.holder_code.as_str().to_owned(),
            holder_code_type: l.holder_code.kind(),
            ofd_sm3: l.ofd_sm3.map(|d| crate::hex::encode(&d)),
            name: l.name,
            number: l.number,
            issuer_name: l.issuer_name,
            issue_date: l.issue_date,
            valid_from: l.valid_from,
            valid_until: l.valid_until,
            holder_name: l.holder_name,
            surface: l.surface,
        }
    }
}

impl License {
    /// 证照名称.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// 证照类型代码, as carried by the identifier.
    pub fn type_code(&self) -> &str {
        self.identifier.type_code()
    }

    /// 证照编号.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// 证照标识.
    pub fn identifier(&self) -> &LicenseId {
        &self.identifier
    }

    /// 颁发机构.
    pub fn issuer_name(&self) -> &str {
        &self.issuer_name
    }

    /// 颁发机构代码, as carried by the identifier.
    pub fn issuer_code(&self) -> &Uscc {
        self.identifier.issuer()
    }

    /// 颁发日期.
    pub fn issue_date(&self) -> Date {
        self.issue_date
    }

    /// 有效期起始日期.
    pub fn valid_from(&self) -> Date {
        self.valid_from
    }

    /// 有效期截止日期; `None` is 长期 (no end).
    pub fn valid_until(&self) -> Option<Date> {
        self.valid_until
    }

    /// 持证主体.
    pub fn holder_name(&self) -> &str {
        &self.holder_name
    }

    /// 持证主体代码.
    pub fn holder_code(&self) -> &HolderCode {
        &self.holder_code
    }

    /// 照面信息, in print order.
    pub fn surface(&self) -> &[SurfaceItem] {
        &self.surface
    }

    /// SM3 of the full OFD file this license summarises.
    pub fn ofd_sm3(&self) -> Option<&[u8; 32]> {
        self.ofd_sm3.as_ref()
    }

    /// Parses the JSON form ([`LicenseFields`]) and checks it: malformed JSON is
    /// [`ErrorCode::BadJson`], a field that fails its check has that check's code. Every
    /// door reads license JSON through this.
    pub fn from_json(text: &str) -> Result<License, Error> {
        let fields: LicenseFields = serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorCode::BadJson, format!("license: {e}")))?;
        Ok(License::try_from(fields)?)
    }

    /// The text form, for JSON or for editing and rebuilding with `License::try_from`.
    pub fn to_fields(&self) -> LicenseFields {
        self.clone().into()
    }

    /// The claims and body this license is signed as, issued at `now`.
    pub(crate) fn to_claims(&self, now: i64) -> (Claims, Value) {
        let id = &self.identifier;
        let claims = Claims {
            iss: id.issuer().as_str().to_owned(),
            iat: now,
            nbf: Some(self.valid_from.start_cst()),
            exp: self.valid_until.map(Date::end_cst),
            cti: id.serial().to_owned(),
        };
        let mut body = vec![
            (int(0), Value::Text(self.name.clone())),
            (int(1), Value::Text(self.number.clone())),
            (int(2), Value::Text(id.type_code().to_owned())),
            (int(3), Value::Text(self.issuer_name.clone())),
            (int(4), int(self.issue_date.to_yyyymmdd())),
            (int(5), int(self.valid_from.to_yyyymmdd())),
        ];
        if let Some(until) = self.valid_until {
            body.push((int(6), int(until.to_yyyymmdd())));
        }
        body.push((int(7), Value::Text(self.holder_name.clone())));
        body.push((int(8), Value::Text(self.holder_code.as_str().to_owned())));
        body.push((int(9), int(self.holder_code.kind().to_wire())));
        if !self.surface.is_empty() {
            let items = self
                .surface
                .iter()
                .map(|i| {
                    let label = match SURFACE_LABELS.iter().position(|l| *l == i.label) {
                        Some(idx) => int(i64::try_from(idx).unwrap_or(i64::MAX)),
                        None => Value::Text(i.label.clone()),
                    };
                    Value::Array(vec![label, Value::Text(i.value.clone())])
                })
                .collect();
            body.push((int(10), Value::Array(items)));
        }
        if let Some(d) = &self.ofd_sm3 {
            body.push((int(11), Value::Bytes(d.to_vec())));
        }
        body.push((int(12), Value::Text(id.version().to_owned())));
        (claims, Value::Map(body))
    }
}

/// Rebuilds a license from verified claims and checks it as the issuer did, including that
/// the claims agree with the body (iss, cti, nbf, exp).
pub(crate) fn from_claims(claims: &Claims, body: Value) -> Result<License, LicenseError> {
    let [
        name,
        number,
        type_code,
        issuer_name,
        issue_date,
        valid_from,
        valid_until,
        holder_name,
        holder_code,
        holder_type,
        surface,
        ofd,
        version,
    ] = claims::body_fields::<13>(body, "license body is not a map")?;
    let text = |v: Option<Value>, what: &'static str| -> Result<String, LicenseError> {
        match v {
            Some(Value::Text(t)) => Ok(t),
            _ => Err(LicenseError::Claims(ClaimsError(what))),
        }
    };
    let date = |v: Option<Value>, what: &'static str| -> Result<Date, LicenseError> {
        match v {
            Some(Value::Integer(n)) => i64::try_from(n)
                .ok()
                .and_then(|n| Date::from_yyyymmdd(n).ok())
                .ok_or(LicenseError::Dates(what)),
            _ => Err(LicenseError::Claims(ClaimsError(what))),
        }
    };
    let type_code = text(type_code, "type code missing")?;
    let version = text(version, "identifier version missing")?;
    let id = LicenseId::build(&type_code, &claims.iss, &claims.cti, &version)?;
    let holder_code_type = match holder_type {
        Some(Value::Integer(n)) => i64::try_from(n).ok().and_then(HolderCodeType::from_wire),
        _ => None,
    }
    .ok_or(LicenseError::Claims(ClaimsError(
        "holder code type missing or unknown",
    )))?;
    let surface = match surface {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::Array(pair) => match <[Value; 2]>::try_from(pair) {
                    Ok([Value::Text(label), Value::Text(value)]) => {
                        Ok(SurfaceItem { label, value })
                    }
                    Ok([Value::Integer(idx), Value::Text(value)]) => usize::try_from(idx)
                        .ok()
                        .and_then(|i| SURFACE_LABELS.get(i))
                        .map(|label| SurfaceItem {
                            label: (*label).to_owned(),
                            value,
                        })
                        .ok_or(LicenseError::Claims(ClaimsError(
                            "unknown surface label index",
                        ))),
                    _ => Err(LicenseError::Claims(ClaimsError(
                        "surface item is not [label, value]",
                    ))),
                },
                _ => Err(LicenseError::Claims(ClaimsError(
                    "surface item is not [label, value]",
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(LicenseError::Claims(ClaimsError("surface is not an array"))),
    };
    let ofd_sm3 = match ofd {
        None => None,
        Some(Value::Bytes(b)) => Some(
            <[u8; 32]>::try_from(b.as_slice())
                .map_err(|_| LicenseError::Claims(ClaimsError("ofd digest is not 32 bytes")))?,
        ),
        Some(_) => {
            return Err(LicenseError::Claims(ClaimsError(
                "ofd digest is not 32 bytes",
            )));
        }
    };
    // The identifier was built from this body's type code and the claims' issuer and serial
    // (checking the issuer's credit code), so only the other fields are left to check.
    let license = assemble(
        Unchecked {
            name: text(name, "name missing")?,
            number: text(number, "number missing")?,
            identifier: id,
            issuer_name: text(issuer_name, "issuer name missing")?,
            issue_date: date(issue_date, "issue date missing or invalid")?,
            valid_from: date(valid_from, "valid from missing or invalid")?,
            valid_until: match valid_until {
                None => None,
                v => Some(date(v, "valid until invalid")?),
            },
            holder_name: text(holder_name, "holder name missing")?,
            holder_code: text(holder_code, "holder code missing")?,
            holder_code_type,
            surface,
        },
        Ok(ofd_sm3),
    )?;
    if claims.nbf != Some(license.valid_from.start_cst())
        || claims.exp != license.valid_until.map(Date::end_cst)
    {
        return Err(LicenseError::Field("claims disagree with the license body"));
    }
    Ok(license)
}

// A license's elements before the checks that span fields.
struct Unchecked {
    name: String,
    number: String,
    identifier: LicenseId,
    issuer_name: String,
    issue_date: Date,
    valid_from: Date,
    valid_until: Option<Date>,
    holder_name: String,
    holder_code_type: HolderCodeType,
    holder_code: String,
    surface: Vec<SurfaceItem>,
}

// The one place a `License` is made, from JSON fields and from signed claims alike: texts,
// the holder code for its type, surface items, the OFD digest and date order, in that order
// (the first failing check names the error).
fn assemble(
    u: Unchecked,
    ofd_sm3: Result<Option<[u8; 32]>, LicenseError>,
) -> Result<License, LicenseError> {
    for (value, what) in [
        (&u.name, "name is empty or too long"),
        (&u.number, "number is empty or too long"),
        (&u.issuer_name, "issuer name is empty or too long"),
        (&u.holder_name, "holder name is empty or too long"),
    ] {
        check_text(value, what)?;
    }
    let holder_code = HolderCode::parse(u.holder_code_type, &u.holder_code)?;
    if u.surface.len() > MAX_SURFACE_ITEMS {
        return Err(LicenseError::Field("too many surface items"));
    }
    for item in &u.surface {
        check_text(&item.label, "surface label is empty or too long")?;
        if item.value.len() > MAX_TEXT_LEN {
            return Err(LicenseError::Field("surface value too long"));
        }
    }
    let ofd_sm3 = ofd_sm3?;
    if let Some(until) = u.valid_until {
        if until < u.valid_from {
            return Err(LicenseError::Dates("valid until is before valid from"));
        }
        if until < u.issue_date {
            return Err(LicenseError::Dates("valid until is before the issue date"));
        }
    }
    Ok(License {
        name: u.name,
        number: u.number,
        identifier: u.identifier,
        issuer_name: u.issuer_name,
        issue_date: u.issue_date,
        valid_from: u.valid_from,
        valid_until: u.valid_until,
        holder_name: u.holder_name,
        holder_code,
        surface: u.surface,
        ofd_sm3,
    })
}

fn check_text(value: &str, what: &'static str) -> Result<(), LicenseError> {
    if value.trim().is_empty() || value.len() > MAX_TEXT_LEN {
        Err(LicenseError::Field(what))
    } else {
        Ok(())
    }
}

fn ofd_digest(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || text.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    crate::hex::decode(text)?.try_into().ok()
}
