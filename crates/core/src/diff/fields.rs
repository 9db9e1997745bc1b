//! Field-by-field comparison of one object present on both sides: collects the summary labels
//! ("RLS enabled changed (false → true)") and the changed fields' before/after JSON.

use super::text::{clip, show};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

#[derive(Default)]
pub struct Fields {
    pub labels: Vec<String>,
    pub before: Map<String, Value>,
    pub after: Map<String, Value>,
}

fn json<V: Serialize + ?Sized>(v: &V) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

impl Fields {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// A short value: the label shows both values, `owner changed (a → b)`.
    pub fn value<V: Serialize + ?Sized>(&mut self, key: &str, label: &str, a: &V, b: &V) {
        self.shown(key, label, a, b, show)
    }

    /// Like [`Fields::value`] with a custom rendering of the values in the label.
    pub fn shown<V: Serialize + ?Sized>(
        &mut self,
        key: &str,
        label: &str,
        a: &V,
        b: &V,
        render: fn(&Value) -> String,
    ) {
        let (a, b) = (json(a), json(b));
        if a != b {
            self.labels.push(format!("{label} changed ({} → {})", render(&a), render(&b)));
            self.record(key, a, b);
        }
    }

    /// A long text (definition, expression, source): the label only says it changed.
    pub fn text<V: Serialize + ?Sized>(&mut self, key: &str, label: &str, a: &V, b: &V) -> bool {
        let (a, b) = (json(a), json(b));
        if a == b {
            return false;
        }
        self.labels.push(format!("{label} changed"));
        self.record(key, a, b);
        true
    }

    /// A list compared as a set (ACL, roles, options): the label shows what came and went,
    /// `ACL changed (+anon=r/postgres, -public=r/postgres)`.
    pub fn set(&mut self, key: &str, label: &str, a: &[String], b: &[String]) {
        let sa: BTreeSet<&String> = a.iter().collect();
        let sb: BTreeSet<&String> = b.iter().collect();
        if sa == sb {
            return;
        }
        let moves: Vec<String> = sb
            .difference(&sa)
            .map(|x| format!("+{x}"))
            .chain(sa.difference(&sb).map(|x| format!("-{x}")))
            .collect();
        self.labels.push(format!("{label} changed ({})", clip(&moves.join(", "), 80)));
        self.record(key, json(a), json(b));
    }

    /// Extra JSON carried along with a change, without a label of its own.
    pub fn record(&mut self, key: &str, a: Value, b: Value) {
        self.before.insert(key.to_string(), a);
        self.after.insert(key.to_string(), b);
    }
}
