//! Agent dictionaries (`*.agents.txt`): sector nouns such as `FOREIGN_MINISTER [~GOVFRM]`,
//! with `{plural}` forms, `{}` for no plural, and `!PERSON!`-style substitution sets.

use super::{phrase_words, plural, PhraseIndex};
use std::collections::BTreeMap;

/// One agent record.
#[derive(Debug, Clone)]
pub struct AgentEntry {
    /// The phrase as written.
    pub phrase: String,
    /// Agent code without the `~` ("GOVFRM").
    pub code: String,
    /// True when the code goes before the actor code (`NGO~`), false when after (`~GOV`).
    pub prefix: bool,
    /// `file:line`.
    pub origin: String,
}

/// All agents and their phrase index.
#[derive(Debug, Default)]
pub struct AgentDict {
    /// Records.
    pub entries: Vec<AgentEntry>,
    /// Phrase → record.
    pub index: PhraseIndex,
}

impl AgentDict {
    /// Parses one agents file: substitution lines (`!NAME! = a, b`) and agent lines
    /// (`PHRASE {PLURAL} [CODE]`, `~` marking a prefix or suffix code).
    pub fn parse(&mut self, text: &str, label: &str) {
        let mut subs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (ln, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('<') {
                continue;
            }
            if line.starts_with('!') {
                if let Some((name, list)) = line.split_once('=') {
                    subs.insert(
                        name.trim().to_string(),
                        list.split(',').map(|s| s.trim().to_string()).collect(),
                    );
                    continue;
                }
            }
            let Some((phrase, plural_form, code, prefix)) = agent_line(line) else {
                continue;
            };
            let id = self.entries.len() as u32;
            self.entries.push(AgentEntry {
                phrase: phrase.trim().to_string(),
                code,
                prefix,
                origin: format!("{label}:{}", ln + 1),
            });
            self.index_phrase(id, phrase, plural_form, &subs);
        }
    }

    /// Indexes entry `id` under its phrase and plural (the given one, else the regular one);
    /// a phrase with substitution markers under each expansion only.
    fn index_phrase(
        &mut self,
        id: u32,
        phrase: &str,
        plural_form: Option<&str>,
        subs: &BTreeMap<String, Vec<String>>,
    ) {
        // Substitution markers expand without further plural formation (in marker order: a
        // sorted map, so the index is built the same way every run).
        let mut expanded = Vec::new();
        let mut had_marker = false;
        for (name, list) in subs {
            if phrase.contains(name.as_str()) {
                had_marker = true;
                for item in list {
                    expanded.push(phrase.replace(name.as_str(), item));
                }
            }
        }
        if had_marker {
            for p in expanded {
                let (w, _) = phrase_words(&p);
                self.index.insert(&w, id);
            }
            return;
        }
        let (words, _) = phrase_words(phrase);
        if words.is_empty() {
            return;
        }
        self.index.insert(&words, id);
        match plural_form {
            Some("") => {}
            Some(pl) => {
                let (w, _) = phrase_words(pl);
                self.index.insert(&w, id);
            }
            None => {
                let mut w = words.clone();
                if let Some(last) = w.last_mut() {
                    *last = plural(last);
                }
                self.index.insert(&w, id);
            }
        }
    }

    /// Sorts the index.
    pub fn finish(&mut self) {
        self.index.finish();
    }
}

/// An agent line `PHRASE {PLURAL} [CODE]`: (phrase, plural, code, prefix); `None` without a
/// code. `[~CODE]` is a suffix code, `[CODE~]` a prefix code.
fn agent_line(line: &str) -> Option<(&str, Option<&str>, String, bool)> {
    let open = line.find('[')?;
    let close = line[open..]
        .find([']', '}'])
        .map(|k| open + k)
        .unwrap_or(line.len());
    let raw_code = line[open + 1..close].trim();
    let head = &line[..open];
    let (phrase, plural_form) = match (head.find('{'), head.find('}')) {
        (Some(a), Some(b)) if a < b => (&head[..a], Some(head[a + 1..b].trim())),
        _ => (head, None),
    };
    let (code, prefix) = if let Some(c) = raw_code.strip_prefix('~') {
        (c, false)
    } else if let Some(c) = raw_code.strip_suffix('~') {
        (c, true)
    } else {
        (raw_code, false)
    };
    (!code.is_empty()).then(|| (phrase, plural_form, code.to_string(), prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_with_plurals_and_substitutions() {
        let mut d = AgentDict::default();
        d.parse(
            "!PERSON! = MAN, MEN\nFOREIGN_MINISTER [~GOVFRM] # x\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nCONGRESS!PERSON! [~LEG}\nHUMAN_RIGHTS_BODY [NGO~]\n",
            "t.agents.txt",
        );
        d.finish();
        let look = |s: &str| {
            let w: Vec<String> = s.split(' ').map(String::from).collect();
            d.index
                .longest(&w, 0)
                .map(|(_, id)| d.entries[id as usize].code.clone())
        };
        assert_eq!(look("FOREIGN MINISTERS").as_deref(), Some("GOVFRM"));
        assert_eq!(look("POLICES"), None);
        assert_eq!(look("ATTORNEYS GENERAL").as_deref(), Some("GOVATG"));
        assert_eq!(look("CONGRESSMEN").as_deref(), Some("LEG"));
        assert!(d.entries[4].prefix);
    }
}
