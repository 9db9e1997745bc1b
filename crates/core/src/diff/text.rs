//! Small text helpers for object names and summary lines.

use serde_json::Value;

// Object names are written as SQL names: sql_text's quoting (`public.x."a.b"`, `public.t."order"`).
pub use crate::sql_text::{ident as quote_ident, qualified};

/// One line: whitespace runs collapsed to a space, cut to `max` characters with "…".
pub fn clip(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// A JSON value as a short summary fragment: null → `none`, strings bare, arrays in brackets.
pub fn show(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) if s.is_empty() => "\"\"".into(),
        Value::String(s) => clip(s, 40),
        Value::Array(items) => {
            clip(&format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")), 60)
        }
        other => clip(&other.to_string(), 40),
    }
}

/// `1 column`, `2 indexes`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The kind as words: `materialized_view` → `materialized view`.
pub fn kind_words(kind: &str) -> String {
    kind.replace('_', " ")
}
