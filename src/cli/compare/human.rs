//! `retold compare A B` for a person at a terminal: scores and evidence, then every aligned
//! sentence pair with its changes, coloured or listed. Article text is untrusted: every
//! sentence or id printed loses its control characters.

use std::io::Write;

use retold::analyze::profile::Profiler;
use retold::analyze::Analyzer;
use retold::provenance::shown::shown;
use retold::relate::engine::Comparison;
use retold::{Article, Piece};

/// The longest sentence printed whole; a longer one is cut and ends with an ellipsis.
const SHOWN_CHARS: usize = 160;

/// The evidence against one event: what each lead names that the other text does not, and
/// whether stories keep the two apart.
fn write_against(out: &mut impl Write, c: &Comparison) -> anyhow::Result<()> {
    let e = &c.evidence;
    // The evidence against one event: what each lead names that the other text does not.
    let names = |side: &[String]| {
        if side.is_empty() {
            "nothing".to_string()
        } else {
            side.iter().map(|s| clean(s)).collect::<Vec<_>>().join(", ")
        }
    };
    writeln!(
        out,
        "against           conflict {:.3}: a's lead names {} that b lacks; b's lead names {} \
         that a lacks",
        e.conflict.unwrap_or(0.0),
        names(&c.against[0]),
        names(&c.against[1])
    )?;
    if c.conflicting {
        writeln!(
            out,
            "one event         no: the leads conflict; stories keep the two apart"
        )?;
    }
    Ok(())
}

/// The human form of one comparison: scores and evidence, then every aligned sentence pair.
pub(super) fn write_human(
    out: &mut impl Write,
    a: &Article,
    b: &Article,
    c: &Comparison,
    colour: bool,
) -> anyhow::Result<()> {
    writeln!(out, "a                 {}", clean(&a.id))?;
    writeln!(out, "b                 {}", clean(&b.id))?;
    let relation = c.relation.map_or("unrelated", |r| r.as_str());
    match c.source {
        Some(source) => {
            let derived = if source == "a" { "b" } else { "a" };
            writeln!(
                out,
                "relation          {relation} ({derived} derives from {source})"
            )?;
        }
        None => writeln!(out, "relation          {relation}")?,
    }
    writeln!(out, "score             {:.4}", c.score)?;
    writeln!(out, "story_similarity  {:.4}", c.story_similarity)?;
    let e = &c.evidence;
    let figure = |name: &str, value: Option<f64>| value.map(|v| format!("{name} {v:.3}"));
    let count = |name: &str, value: Option<u32>| value.map(|v| format!("{name} {v}"));
    let first = [
        figure("jaccard", e.jaccard),
        figure("containment", e.containment),
        figure("cosine", e.cosine),
        figure("anchor_overlap", e.anchor_overlap),
        count("shared_quotes", e.shared_quotes),
        figure("lead_cosine", e.lead_cosine),
    ];
    let second = [
        count("aligned_sentences", e.aligned_sentences),
        e.coverage.map(|[x, y]| format!("coverage {x:.3}/{y:.3}")),
        figure("kept_words", e.kept_words),
        e.days_apart.map(|d| format!("days_apart {d}")),
    ];
    let line = |figures: &[Option<String>]| {
        figures
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "evidence          {}", line(&first))?;
    writeln!(out, "                  {}", line(&second))?;
    write_against(out, c)?;
    let (analyzer, profiler) = (Analyzer::default(), Profiler::default());
    for (n, pair) in c.alignment.iter().enumerate() {
        writeln!(out, "\n{:>3}  similarity {:.3}", n + 1, pair.similarity)?;
        if colour {
            // The changed words marked in place: red in a, green in b.
            let shown = shown(
                &pair.a,
                &pair.b,
                pair.similarity as f32,
                &analyzer,
                &profiler,
            );
            writeln!(out, "     a  {}", painted(&shown.source, RED))?;
            writeln!(out, "     b  {}", painted(&shown.derived, GREEN))?;
            continue;
        }
        writeln!(out, "     a  {}", shorten(&pair.a))?;
        writeln!(out, "     b  {}", shorten(&pair.b))?;
        if !pair.changes.is_empty() {
            let changes: Vec<String> = pair
                .changes
                .iter()
                .map(|(from, to)| format!("{} → {}", clean(from), clean(to)))
                .collect();
            writeln!(out, "     changes  {}", changes.join(", "))?;
        }
    }
    Ok(())
}

/// `text` safe for a terminal: newlines and tabs become spaces, other control characters and
/// the bidirectional overrides (which can make printed text read other than it is) go.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// ANSI colours of changed words.
const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

/// A sentence's pieces with the changed ones in `colour`, cleaned and cut to
/// [`SHOWN_CHARS`] visible characters.
fn painted(pieces: &[Piece], colour: &str) -> String {
    let mut out = String::new();
    let mut left = SHOWN_CHARS;
    for piece in pieces {
        let text = clean(&piece.text);
        let n = text.chars().count();
        let (part, cut) = if n > left {
            (text.chars().take(left).collect::<String>(), true)
        } else {
            (text, false)
        };
        left = left.saturating_sub(n);
        match piece.changed {
            true => out.push_str(&format!("{colour}{part}{RESET}")),
            false => out.push_str(&part),
        }
        if cut {
            out.push('…');
            break;
        }
    }
    out
}

/// A sentence cleaned and cut to [`SHOWN_CHARS`] characters, the cut marked with an ellipsis.
fn shorten(text: &str) -> String {
    let text = clean(text);
    match text.char_indices().nth(SHOWN_CHARS - 1) {
        Some((cut, _)) if text.chars().count() > SHOWN_CHARS => {
            format!("{}…", text[..cut].trim_end())
        }
        _ => text,
    }
}
