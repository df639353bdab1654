//! Actor network: who acts on whom, how often, and in what way.
//!
//! Nodes are actors keyed by CAMEO actor code (or country + sectors when the coder gave no
//! code); edges are directed source→target and typed by CAMEO root, so "RUSSPY consults AZE"
//! and "RUSSPY threatens AZE" are separate edges. Only factual events count.

use crate::record::{actor_key, EventRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vigil_core::Actor;

/// An actor in the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Node key (actor code).
    pub key: String,
    /// Country (ISO3), when known.
    pub country: Option<String>,
    /// Sector codes seen for this actor.
    pub sectors: Vec<String>,
    /// Canonical names seen for this actor.
    pub names: Vec<String>,
    /// Events in which the actor is source or target.
    pub events: usize,
}

/// Directed, typed, weighted edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Source node key.
    pub source: String,
    /// Target node key.
    pub target: String,
    /// CAMEO root.
    pub root: String,
    /// QuadClass of the root.
    pub quad_class: u8,
    /// Number of events.
    pub weight: usize,
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// The events, sorted by id.
    pub event_ids: Vec<String>,
}

/// Actors and their typed interactions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Network {
    /// Nodes sorted by key.
    pub nodes: Vec<Node>,
    /// Edges sorted by source, target, root.
    pub edges: Vec<Edge>,
}

/// Builds the actor network from factual events with both actors known (self-loops skipped).
pub fn network(records: &[EventRecord]) -> Network {
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut edges: BTreeMap<(String, String, String), Edge> = BTreeMap::new();
    for r in records.iter().filter(|r| r.is_factual()) {
        let e = &r.event;
        let (Some(sa), Some(ta)) = (&e.source, &e.target) else {
            continue;
        };
        let (Some(sk), Some(tk)) = (actor_key(sa), actor_key(ta)) else {
            continue;
        };
        if sk == tk {
            continue;
        }
        for (k, a) in [(&sk, sa), (&tk, ta)] {
            let n = nodes.entry(k.clone()).or_insert_with(|| Node {
                key: k.clone(),
                country: None,
                sectors: Vec::new(),
                names: Vec::new(),
                events: 0,
            });
            note_actor(n, a);
        }
        let edge = edges
            .entry((sk.clone(), tk.clone(), e.root.clone()))
            .or_insert_with(|| Edge {
                source: sk.clone(),
                target: tk.clone(),
                root: e.root.clone(),
                quad_class: e.quad_class,
                weight: 0,
                goldstein_sum: 0.0,
                event_ids: Vec::new(),
            });
        edge.weight += 1;
        edge.goldstein_sum += e.goldstein;
        edge.event_ids.push(e.id.clone());
    }
    let mut edges: Vec<Edge> = edges.into_values().collect();
    for e in &mut edges {
        e.event_ids.sort();
    }
    Network {
        nodes: nodes
            .into_values()
            .map(|mut n| {
                n.sectors.sort();
                n.names.sort();
                n
            })
            .collect(),
        edges,
    }
}

fn note_actor(n: &mut Node, a: &Actor) {
    if n.country.is_none() {
        n.country = a.country.as_ref().map(|c| c.to_uppercase());
    }
    for s in &a.sectors {
        let s = s.to_uppercase();
        if !n.sectors.contains(&s) {
            n.sectors.push(s);
        }
    }
    if let Some(name) = &a.name {
        if !n.names.contains(name) {
            n.names.push(name.clone());
        }
    }
    n.events += 1;
}

impl Network {
    /// Graphviz DOT: edge label "root ×weight", colour by QuadClass (green cooperation,
    /// orange verbal conflict, red material conflict), pen width by weight.
    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph vigil {\n  rankdir=LR;\n  node [shape=box];\n");
        for n in &self.nodes {
            let mut label = dot_escape(&n.key);
            if !n.names.is_empty() {
                label.push_str("\\n");
                label.push_str(&dot_escape(&n.names.join(", ")));
            }
            s.push_str(&format!(
                "  \"{}\" [label=\"{label}\"];\n",
                dot_escape(&n.key)
            ));
        }
        for e in &self.edges {
            let colour = match e.quad_class {
                1 => "forestgreen",
                2 => "darkgreen",
                3 => "orange",
                4 => "red",
                _ => "gray",
            };
            let width = 1.0 + (e.weight as f64).ln();
            s.push_str(&format!(
                "  \"{}\" -> \"{}\" [label=\"{} x{}\", color={colour}, penwidth={width:.2}];\n",
                dot_escape(&e.source),
                dot_escape(&e.target),
                dot_escape(&e.root),
                e.weight
            ));
        }
        s.push_str("}\n");
        s
    }

    /// Pretty JSON `{ "nodes": [...], "edges": [...] }`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::R;
    use vigil_core::Modality;

    #[test]
    fn typed_weighted_edges_and_exports() {
        let recs = vec![
            R::new("a", "d1", "p", "2023-10-02", "042", "RUSSPY", "AZE")
                .named("SERGEY_NARYSHKIN")
                .build(),
            R::new("b", "d2", "p", "2023-10-03", "040", "RUSSPY", "AZE").build(),
            R::new("c", "d3", "p", "2023-10-04", "130", "RUSSPY", "AZE").build(),
            R::new("n", "d4", "p", "2023-10-04", "190", "RUSSPY", "AZE")
                .modality(Modality::Negated)
                .build(),
            R::new("s", "d5", "p", "2023-10-04", "042", "AZE", "AZE").build(),
        ];
        let net = network(&recs);
        let keys: Vec<&str> = net.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, vec!["AZE", "RUSSPY"]);
        assert_eq!(net.nodes[1].names, vec!["SERGEY_NARYSHKIN"]);
        assert_eq!(net.edges.len(), 2);
        assert_eq!(
            (
                net.edges[0].root.as_str(),
                net.edges[0].weight,
                net.edges[0].quad_class
            ),
            ("04", 2, 1)
        );
        assert_eq!(
            (
                net.edges[1].root.as_str(),
                net.edges[1].weight,
                net.edges[1].quad_class
            ),
            ("13", 1, 3)
        );
        let dot = net.to_dot();
        assert!(dot.starts_with("digraph vigil {"));
        assert!(
            dot.contains("\"RUSSPY\" -> \"AZE\" [label=\"04 x2\""),
            "{dot}"
        );
        assert!(dot.contains("RUSSPY\\nSERGEY_NARYSHKIN"), "{dot}");
        let back: Network = serde_json::from_str(&net.to_json()).expect("json");
        assert_eq!(back, net);
    }
}
