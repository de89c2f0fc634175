//! One line of `retold compare --pairs`: parsed, its two documents extracted, compared.

use retold::extract::extract;
use retold::pipeline::compare::Comparer;
use retold::read::FieldMap;
use retold::relate::engine::Comparison;
use retold::{Article, Origin, Place, Problem, Warning};
use serde_json::Value;

/// The outcome of one `--pairs` line: its warnings, and the comparison unless it was skipped.
pub(super) struct Compared {
    pub(super) warnings: Vec<Warning>,
    pub(super) result: Option<(String, Comparison)>,
}

/// Compares the two documents of one `--pairs` line (1-based `line_no`).
pub(super) fn compare_line(
    comparer: &Comparer,
    path: &str,
    line_no: u64,
    line: Vec<u8>,
    fields: &FieldMap,
) -> Compared {
    let origin = Origin {
        path: path.to_string(),
        place: Place::Line(line_no),
    };
    let mut warnings = Vec::new();
    let text = String::from_utf8(line).unwrap_or_else(|err| {
        warnings.push(Warning {
            place: origin.to_string(),
            problem: Problem::InvalidUtf8,
            reason: "invalid UTF-8 replaced".to_string(),
        });
        String::from_utf8_lossy(err.as_bytes()).into_owned()
    });
    let result = compare_pair(comparer, &text, &origin, fields)
        .map_err(|w| warnings.push(w))
        .ok();
    Compared { warnings, result }
}

fn compare_pair(
    comparer: &Comparer,
    text: &str,
    origin: &Origin,
    fields: &FieldMap,
) -> Result<(String, Comparison), Warning> {
    let broken = |reason: String| Warning {
        place: origin.to_string(),
        problem: Problem::BrokenJson,
        reason,
    };
    let mut pair = match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
        Ok(Value::Object(pair)) => pair,
        Ok(_) => {
            return Err(broken(
                "broken JSON: expected an object {\"id\", \"a\", \"b\"}".into(),
            ))
        }
        Err(err) => return Err(broken(format!("broken JSON: {err}"))),
    };
    let id = match pair.remove("id") {
        Some(Value::String(id)) => id,
        Some(Value::Number(id)) => id.to_string(),
        _ => origin.to_string(),
    };
    let mut side = |name: &str| -> Result<Article, Warning> {
        let doc = pair
            .remove(name)
            .ok_or_else(|| broken(format!("no \"{name}\" document")))?;
        let named = |w: Warning| Warning {
            reason: format!("{name}: {}", w.reason),
            ..w
        };
        let mut record = fields.record(doc, origin.clone()).map_err(named)?;
        // A page past the depth or size limits is read as text, as every reader does.
        let _ = retold::read::flatten::bound_html(&mut record);
        extract(record).map_err(named)
    };
    let (a, b) = (side("a")?, side("b")?);
    Ok((id, comparer.compare(&a, &b)))
}
