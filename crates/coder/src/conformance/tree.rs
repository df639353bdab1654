//! Penn Treebank bracketed parses, read into a flat node arena.

/// One constituent or leaf.
#[derive(Debug, Clone)]
pub struct Node {
    /// Phrase label (`NP`, `VP` …) or part-of-speech tag for a leaf.
    pub label: String,
    /// Child node ids.
    pub children: Vec<usize>,
    /// Parent node id.
    pub parent: Option<usize>,
    /// First leaf index.
    pub lo: usize,
    /// One past the last leaf index.
    pub hi: usize,
    /// Leaf index for a pre-terminal (`(NN cat)`).
    pub leaf: Option<usize>,
}

/// A parsed tree: nodes plus the upper-case leaf words and their tags.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// Nodes; the root is node 0.
    pub nodes: Vec<Node>,
    /// Leaf words, upper case.
    pub words: Vec<String>,
    /// Leaf tags.
    pub tags: Vec<String>,
}

fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c == '(' || c == ')' || c.is_whitespace() {
            if let Some(a) = start.take() {
                out.push(&s[a..i]);
            }
            if !c.is_whitespace() {
                out.push(&s[i..i + 1]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        out.push(&s[a..]);
    }
    out
}

/// Penn escapes back to the characters they stand for.
fn unescape(w: &str) -> &str {
    match w {
        "-LRB-" | "-LCB-" => "(",
        "-RRB-" | "-RCB-" => ")",
        _ => w,
    }
}

impl Tree {
    /// Parses a bracketed tree; `None` when the brackets do not balance.
    pub fn parse(s: &str) -> Option<Tree> {
        let toks = tokens(s);
        let mut t = Tree::default();
        let mut stack: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match toks[i] {
                "(" => {
                    let label = toks.get(i + 1).filter(|l| **l != "(" && **l != ")");
                    let id = t.nodes.len();
                    t.nodes.push(Node {
                        label: label.map_or(String::new(), |l| l.to_string()),
                        children: Vec::new(),
                        parent: stack.last().copied(),
                        lo: t.words.len(),
                        hi: t.words.len(),
                        leaf: None,
                    });
                    if let Some(&p) = stack.last() {
                        t.nodes[p].children.push(id);
                    }
                    stack.push(id);
                    i += if label.is_some() { 2 } else { 1 };
                }
                ")" => {
                    let id = stack.pop()?;
                    t.nodes[id].hi = t.words.len();
                    i += 1;
                }
                w => {
                    let &id = stack.last()?;
                    t.nodes[id].leaf = Some(t.words.len());
                    t.words.push(unescape(w).to_uppercase());
                    t.tags.push(t.nodes[id].label.clone());
                    i += 1;
                }
            }
        }
        (stack.is_empty() && !t.nodes.is_empty()).then_some(t)
    }

    /// Child ids of `id` with label `label`.
    pub fn children_labelled<'a>(
        &'a self,
        id: usize,
        label: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(move |&c| self.nodes[c].label == label)
    }

    /// True for a clause label (`S`, `SINV`, `SQ`, `SBAR` …).
    pub fn is_clause(&self, id: usize) -> bool {
        self.nodes[id].label.starts_with('S')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spans() {
        let t = Tree::parse("(ROOT (S (NP (NNP Bob)) (VP (VBD saw) (NP (DT the) (NN dog)))))")
            .expect("tree");
        assert_eq!(t.words, ["BOB", "SAW", "THE", "DOG"]);
        let vp = t.nodes.iter().position(|n| n.label == "VP").expect("vp");
        assert_eq!((t.nodes[vp].lo, t.nodes[vp].hi), (1, 4));
        assert!(Tree::parse("(S (NP x)").is_none());
    }
}
