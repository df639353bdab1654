//! Plain aligned text tables for the CLI. JSON output is the serde form of the same types.

use crate::alerts::Alert;
use crate::contradiction::Contradiction;
use crate::dyads::DyadStat;
use crate::fusion::FusedEvent;
use crate::record::{actor_label, kind_label};
use crate::timeline::TimelineEntry;

/// Left-aligned columns separated by two spaces; the last column is not padded.
fn table(headers: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 < n {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            } else {
                s.push_str(c);
            }
        }
        s.trim_end().to_string()
    };
    let mut out = vec![line(headers.to_vec())];
    for r in rows {
        out.push(line(r.iter().map(String::as_str).collect()));
    }
    out
}

fn join(lines: Vec<String>) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".to_string())
}

/// DATE, MODALITY, CAMEO, KIND, SOURCE, TARGET, PLACE, PUBLISHER, EVENT.
pub fn render_timeline(entries: &[TimelineEntry]) -> String {
    if entries.is_empty() {
        return "(no events)\n".to_string();
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".to_string()),
                e.modality.as_str().to_string(),
                e.cameo.clone(),
                e.kind.clone(),
                opt(&e.source),
                opt(&e.target),
                opt(&e.place),
                opt(&e.doc_source),
                e.event_id.clone(),
            ]
        })
        .collect();
    join(table(
        &[
            "DATE",
            "MODALITY",
            "CAMEO",
            "KIND",
            "SOURCE",
            "TARGET",
            "PLACE",
            "PUBLISHER",
            "EVENT",
        ],
        &rows,
    ))
}

/// PERIOD, SOURCE, TARGET, EVENTS, GOLDSTEIN_SUM, GOLDSTEIN_MEAN, Q1..Q4.
pub fn render_dyads(stats: &[DyadStat]) -> String {
    if stats.is_empty() {
        return "(no dyads)\n".to_string();
    }
    let rows: Vec<Vec<String>> = stats
        .iter()
        .map(|d| {
            let mut r = vec![
                d.period.clone(),
                d.source.clone(),
                d.target.clone(),
                d.events.to_string(),
                format!("{:.1}", d.goldstein_sum),
                format!("{:.2}", d.goldstein_mean),
            ];
            r.extend(d.quad_counts.iter().map(|q| q.to_string()));
            r
        })
        .collect();
    join(table(
        &[
            "PERIOD",
            "SOURCE",
            "TARGET",
            "EVENTS",
            "GOLDSTEIN_SUM",
            "GOLDSTEIN_MEAN",
            "Q1",
            "Q2",
            "Q3",
            "Q4",
        ],
        &rows,
    ))
}

/// One header row per alert (rank, score, kind, window, key), then its explanation and
/// evidence ids indented below.
pub fn render_alerts(alerts: &[Alert]) -> String {
    if alerts.is_empty() {
        return "(no alerts)\n".to_string();
    }
    let rows: Vec<Vec<String>> = alerts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                format!("#{}", i + 1),
                format!("{:.2}", a.score),
                a.kind.as_str().to_string(),
                format!("{}..{}", a.window_start, a.window_end),
                a.key.clone(),
            ]
        })
        .collect();
    let lines = table(&["#", "SCORE", "KIND", "WINDOW", "KEY"], &rows);
    let mut out = vec![lines[0].clone()];
    for (line, a) in lines[1..].iter().zip(alerts) {
        out.push(line.clone());
        out.push(format!("    {}", a.explanation));
        out.push(format!("    evidence: {}", a.evidence.join(", ")));
    }
    join(out)
}

/// One header row per contradiction (kind, fused event, the two values), then the
/// explanation and the mention ids of each side.
pub fn render_contradictions(items: &[Contradiction]) -> String {
    if items.is_empty() {
        return "(no contradictions)\n".to_string();
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            vec![
                c.kind.as_str().to_string(),
                c.fused_id.clone(),
                c.value_a.clone(),
                c.value_b.clone(),
            ]
        })
        .collect();
    let lines = table(&["KIND", "FUSED", "SIDE_A", "SIDE_B"], &rows);
    let mut out = vec![lines[0].clone()];
    for (line, c) in lines[1..].iter().zip(items) {
        out.push(line.clone());
        out.push(format!("    {}", c.explanation));
        out.push(format!("    A: {}", c.side_a.join(", ")));
        out.push(format!("    B: {}", c.side_b.join(", ")));
    }
    join(out)
}

/// DATE, FUSED, CAMEO, KIND, SOURCE, TARGET, MENTIONS, SOURCES, ARTICLES, MODALITY.
pub fn render_fused(fused: &[FusedEvent]) -> String {
    if fused.is_empty() {
        return "(no events)\n".to_string();
    }
    let rows: Vec<Vec<String>> = fused
        .iter()
        .map(|f| {
            let e = &f.representative;
            vec![
                f.anchor_date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".to_string()),
                f.id.clone(),
                e.cameo.clone(),
                kind_label(e),
                e.source
                    .as_ref()
                    .map(actor_label)
                    .unwrap_or_else(|| "-".to_string()),
                e.target
                    .as_ref()
                    .map(actor_label)
                    .unwrap_or_else(|| "-".to_string()),
                f.num_mentions.to_string(),
                f.num_sources.to_string(),
                f.num_articles.to_string(),
                f.modality
                    .iter()
                    .map(|(m, n)| format!("{m}:{n}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    join(table(
        &[
            "DATE", "FUSED", "CAMEO", "KIND", "SOURCE", "TARGET", "MENTIONS", "SOURCES",
            "ARTICLES", "MODALITY",
        ],
        &rows,
    ))
}
