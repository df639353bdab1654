//! CAMEO code arithmetic for verb–verb constructions: "offered to hand over" (intent + release →
//! 0353), "demanded the release" (demand + release → 1053), "refused to withdraw" (reject +
//! de-escalate → 1246), "threatened to attack" (threat + attack → 138), and the CAMEO/PLOVER
//! rule that a cooperative action stated in the future is an expressed intent (03x).

/// Second-level sub-mapping for roots 06, 07 and 08 shared by the intent/demand/reject families.
fn sub(
    code: &str,
    base06: &str,
    base07: &str,
    base08: &str,
    eight: &[(&str, &str)],
) -> Option<String> {
    let root = code.get(..2)?;
    Some(match root {
        "06" => match code.get(2..3) {
            Some(d @ ("1" | "2" | "3" | "4")) => format!("{base06}{d}"),
            _ => base06.to_string(),
        },
        "07" => match code.get(2..3) {
            Some(d @ ("1" | "2" | "3" | "4")) => format!("{base07}{d}"),
            _ => base07.to_string(),
        },
        "08" => {
            for (p, c) in eight {
                if code.starts_with(p) {
                    return Some(c.to_string());
                }
            }
            base08.to_string()
        }
        _ => return None,
    })
}

/// "Express intent to" + code.
pub fn intent(code: &str) -> Option<String> {
    let root = code.get(..2)?;
    match root {
        "03" => Some(code.to_string()),
        "04" => Some("036".into()),
        "05" => Some("032".into()),
        _ => sub(
            code,
            "031",
            "033",
            "035",
            &[
                ("081", "0351"),
                ("082", "0352"),
                ("083", "034"),
                ("084", "0353"),
                ("085", "0354"),
                ("086", "0355"),
                ("087", "0356"),
            ],
        ),
    }
}

/// "Demand" + code.
pub fn demand(code: &str) -> Option<String> {
    match code.get(..2)? {
        "04" => Some("106".into()),
        "05" => Some("102".into()),
        "10" => Some(code.to_string()),
        _ => sub(
            code,
            "101",
            "103",
            "105",
            &[
                ("081", "1051"),
                ("082", "1052"),
                ("083", "104"),
                ("084", "1053"),
                ("085", "1054"),
                ("086", "1055"),
                ("087", "1056"),
            ],
        ),
    }
}

/// "Reject/refuse" + code.
pub fn reject(code: &str) -> Option<String> {
    match code.get(..2)? {
        "04" => Some("125".into()),
        "12" => Some(code.to_string()),
        "03" => Some("120".into()),
        "06" => Some(match code.get(2..3) {
            Some(d @ ("1" | "2" | "3" | "4")) => format!("121{d}"),
            _ => "121".into(),
        }),
        "07" => Some("122".into()),
        "08" => Some(
            [
                ("081", "1241"),
                ("082", "1242"),
                ("084", "1243"),
                ("085", "1244"),
                ("086", "1245"),
                ("087", "1246"),
                ("083", "123"),
            ]
            .iter()
            .find(|(p, _)| code.starts_with(p))
            .map_or("124", |(_, c)| c)
            .to_string(),
        ),
        _ => None,
    }
}

/// "Threaten" + code.
pub fn threaten(code: &str) -> Option<String> {
    let root = code.get(..2)?;
    Some(
        match root {
            "13" => return Some(code.to_string()),
            "15" | "18" | "19" | "20" => "138",
            "17" => "137",
            "16" => match code {
                c if c.starts_with("163") => "1312",
                c if c.starts_with("164") => "134",
                c if c.starts_with("166") => "136",
                c if c.starts_with("162") => "1311",
                _ => "131",
            },
            "14" => "133",
            _ => return None,
        }
        .to_string(),
    )
}

/// Combines a governing verb's code with its complement's code.
pub fn combine(governor: Option<&str>, complement: Option<&str>) -> Option<String> {
    match (governor, complement) {
        (None, c) => c.map(str::to_string),
        (Some(g), None) => Some(g.to_string()),
        (Some(g), Some(c)) => {
            let f = match g.get(..2) {
                // "vowed to attack": a commitment to violence is a threat (CAMEO 13)
                Some("03") | Some("05")
                    if matches!(c.get(..2), Some("15" | "17" | "18" | "19" | "20")) =>
                {
                    threaten(c)
                }
                // "agreed to share", "pledged to send": commitment to an action is an intent
                Some("03") | Some("05") => intent(c),
                Some("10") => demand(c),
                Some("12") => reject(c),
                Some("13") => threaten(c),
                // statements and appeals about an action: the action is the event
                Some("01") => Some(c.to_string()),
                _ => None,
            };
            Some(f.unwrap_or_else(|| g.to_string()))
        }
    }
}

/// A demand on someone else: "X demanded that Y cancel ...", "X said (that) Y must ...".
#[derive(Debug, Clone, PartialEq)]
pub struct DemandLink {
    /// The demanding predicate.
    pub head: usize,
    /// The predicate of what is demanded (governed by `head` from now on).
    pub complement: usize,
    /// The demand's code: the demanding verb's own (DEMAND block), "100" for a reporting verb.
    pub code: String,
    /// The head is a reporting verb used as a demand ("reiterated its demand that").
    pub reporting: bool,
}

/// What [`link_demands`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demands {
    /// One link per demand.
    pub links: Vec<DemandLink>,
    /// Predicates that introduce a noun demand ("issued a statement demanding that"): reported
    /// like speech even when no complement is linked.
    pub reporting: Vec<usize>,
}

/// Step 3 of the sentence coder (with verb chains): finds the demands among `preds`, each
/// linking a demanding predicate to the predicate of what it demands.
pub fn link_demands(
    d: &crate::dict::Dictionaries,
    s: &crate::resolve::Sent,
    preds: &[crate::predicates::Pred],
) -> Demands {
    let mut links: Vec<DemandLink> = Vec::new();
    let mut now_reporting = Vec::new();
    let governed = |q: usize, links: &[DemandLink]| {
        preds[q].governor.is_some() || links.iter().any(|l| l.complement == q)
    };
    for k in 0..preds.len() {
        if governed(k, &links) || preds[k].denying {
            continue;
        }
        // the verb's own class (DEMAND block), not a pattern's code for some other reading
        let own = d.verbs.form_code(preds[k].form).active.clone();
        let is_demand = own
            .clone()
            .or(preds[k].code.clone())
            .is_some_and(|c| c.starts_with("10"));
        if !(is_demand || preds[k].reporting) {
            continue;
        }
        let Some(q) = (k + 1..preds.len()).find(|&q| !governed(q, &links) && !preds[q].reporting)
        else {
            continue;
        };
        let (a, b) = (preds[k].end, preds[q].start);
        if b <= a || b - a > 14 || (a..b).any(|t| s.low[t] == ";") {
            continue;
        }
        let that = s.low[a] == "that";
        let must = (a..b).any(|t| matches!(s.low[t].as_str(), "must" | "should" | "ought"));
        // "reiterated its demand that Israel ease ...", "issued a statement demanding that"
        let noun_demand = (a..b).any(|t| {
            matches!(
                s.low[t].as_str(),
                "demand" | "demands" | "demanding" | "ultimatum" | "insisting" | "urging"
            ) && (t + 1..(t + 3).min(b)).any(|x| s.low[x] == "that")
        });
        if noun_demand && !is_demand && !preds[k].reporting {
            now_reporting.push(k);
        }
        let reporting = preds[k].reporting || (noun_demand && !is_demand);
        if (is_demand && (that || must)) || (reporting && (must || noun_demand)) {
            let code = if reporting {
                "100".to_string()
            } else {
                own.unwrap_or_else(|| "100".into())
            };
            links.push(DemandLink {
                head: k,
                complement: q,
                code,
                reporting,
            });
        }
    }
    Demands {
        links,
        reporting: now_reporting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations() {
        assert_eq!(combine(Some("030"), Some("0841")).as_deref(), Some("0353"));
        assert_eq!(combine(Some("030"), Some("042")).as_deref(), Some("036"));
        assert_eq!(combine(Some("130"), Some("190")).as_deref(), Some("138"));
        assert_eq!(combine(Some("120"), Some("087")).as_deref(), Some("1246"));
        assert_eq!(combine(None, Some("190")).as_deref(), Some("190"));
        assert_eq!(combine(Some("030"), Some("190")).as_deref(), Some("138"));
        assert_eq!(intent("073").as_deref(), Some("0333"));
        assert_eq!(intent("070").as_deref(), Some("033"));
    }
}
