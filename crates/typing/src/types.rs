//! The PLOVER event types the model predicts.

use std::fmt;

/// A PLOVER event type. `Yield` stands for PLOVER's CONCEDE and RETREAT together (the PLV data
/// merges them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PloverType {
    /// ACCUSE
    Accuse,
    /// AGREE
    Agree,
    /// AID
    Aid,
    /// ASSAULT
    Assault,
    /// COERCE
    Coerce,
    /// CONSULT
    Consult,
    /// COOPERATE
    Cooperate,
    /// MOBILIZE
    Mobilize,
    /// PROTEST
    Protest,
    /// REJECT
    Reject,
    /// REQUEST
    Request,
    /// SANCTION
    Sanction,
    /// SUPPORT
    Support,
    /// THREATEN
    Threaten,
    /// YIELD (CONCEDE or RETREAT)
    Yield,
}

impl PloverType {
    /// Every type, in index order.
    pub const ALL: [PloverType; 15] = [
        PloverType::Accuse,
        PloverType::Agree,
        PloverType::Aid,
        PloverType::Assault,
        PloverType::Coerce,
        PloverType::Consult,
        PloverType::Cooperate,
        PloverType::Mobilize,
        PloverType::Protest,
        PloverType::Reject,
        PloverType::Request,
        PloverType::Sanction,
        PloverType::Support,
        PloverType::Threaten,
        PloverType::Yield,
    ];

    /// Upper-case PLOVER name ("CONSULT"; "YIELD" for the merged type).
    pub fn as_str(self) -> &'static str {
        match self {
            PloverType::Accuse => "ACCUSE",
            PloverType::Agree => "AGREE",
            PloverType::Aid => "AID",
            PloverType::Assault => "ASSAULT",
            PloverType::Coerce => "COERCE",
            PloverType::Consult => "CONSULT",
            PloverType::Cooperate => "COOPERATE",
            PloverType::Mobilize => "MOBILIZE",
            PloverType::Protest => "PROTEST",
            PloverType::Reject => "REJECT",
            PloverType::Request => "REQUEST",
            PloverType::Sanction => "SANCTION",
            PloverType::Support => "SUPPORT",
            PloverType::Threaten => "THREATEN",
            PloverType::Yield => "YIELD",
        }
    }

    /// Parses a PLOVER type name, case-insensitively; CONCEDE and RETREAT become `Yield`.
    pub fn parse(s: &str) -> Option<PloverType> {
        let up = s.trim().to_ascii_uppercase();
        if up == "CONCEDE" || up == "RETREAT" {
            return Some(PloverType::Yield);
        }
        PloverType::ALL.into_iter().find(|t| t.as_str() == up)
    }

    /// Position in [`PloverType::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for PloverType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_yield_merges() {
        for (i, t) in PloverType::ALL.into_iter().enumerate() {
            assert_eq!(t.index(), i);
            assert_eq!(PloverType::parse(t.as_str()), Some(t));
        }
        assert_eq!(PloverType::parse("retreat"), Some(PloverType::Yield));
        assert_eq!(PloverType::parse("Concede"), Some(PloverType::Yield));
        assert_eq!(PloverType::parse("FIGHT"), None);
    }
}
