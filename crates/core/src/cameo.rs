//! A validated CAMEO event code ("042", "1823").

use crate::codebook::{Codebook, QuadClass};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A string is not a CAMEO event code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a CAMEO event code: {0:?} (expected two to four characters, the first two digits)")]
pub struct CameoCodeError(pub String);

/// A CAMEO event code: two to four ASCII characters, a two-digit root followed by digits or
/// letters (some dictionaries add a letter: "174K"). Serialized as the plain string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CameoCode(String);

impl CameoCode {
    /// Validates `code`.
    pub fn new(code: &str) -> Result<CameoCode, CameoCodeError> {
        let b = code.as_bytes();
        let ok = (2..=4).contains(&b.len())
            && b[..2].iter().all(u8::is_ascii_digit)
            && b[2..].iter().all(u8::is_ascii_alphanumeric);
        if ok {
            Ok(CameoCode(code.to_string()))
        } else {
            Err(CameoCodeError(code.to_string()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit root ("04" for "042").
    pub fn root(&self) -> &str {
        // validated: the first two bytes are ASCII digits
        &self.0[..2]
    }

    /// QuadClass of the root; `None` for a root outside 01–20.
    pub fn quad_class(&self) -> Option<QuadClass> {
        QuadClass::of(&self.0)
    }

    /// Goldstein score from the codebook, falling back to parent codes.
    pub fn goldstein(&self, codebook: &Codebook) -> Option<f64> {
        codebook.goldstein(&self.0)
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for CameoCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for CameoCode {
    type Err = CameoCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CameoCode::new(s)
    }
}

impl TryFrom<String> for CameoCode {
    type Error = CameoCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CameoCode::new(&s)
    }
}

impl From<CameoCode> for String {
    fn from(c: CameoCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_splits_the_root() {
        let c = CameoCode::new("1823").expect("valid");
        assert_eq!(c.root(), "18");
        assert_eq!(c.quad_class(), Some(QuadClass::MaterialConflict));
        assert!(CameoCode::new("174K").is_ok());
        for bad in ["", "4", "04200", "---", "0!", "A42", "04?"] {
            assert!(CameoCode::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn serializes_as_the_plain_string() {
        let c = CameoCode::new("042").expect("valid");
        let json = serde_json::to_string(&c).expect("serialize");
        assert_eq!(json, "\"042\"");
        let back: CameoCode = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, c);
        assert!(serde_json::from_str::<CameoCode>("\"x\"").is_err());
    }

    #[test]
    fn goldstein_from_the_codebook() {
        let cb = Codebook::parse(
            "CODE\tNAME\n04\tConsult\n042\tMake a visit\n",
            "CODE\tSCORE\n04\t1.0\n042\t1.9\n",
            "",
        )
        .expect("codebook");
        let c = CameoCode::new("0421").expect("valid");
        assert_eq!(c.goldstein(&cb), Some(1.9));
    }
}
