//! One [`Object`] impl per catalog kind: its identity, how it reads in a summary line and which
//! attributes count as a structural change.

use super::fields::Fields;
use super::text::{clip, count, qualified, quote_ident};
use super::Difference;
use crate::catalog::*;
use serde::Serialize;
use serde_json::Value;

pub trait Object {
    fn kind(&self) -> &'static str;
    /// The identity, unique within the kind (quoted parts, so unambiguous).
    fn object(&self) -> String;
    /// How the object is named in a summary line.
    fn display(&self) -> String {
        self.object()
    }
    /// What follows the name in a `+`/`-` line (`uuid not null`), empty for nothing.
    fn detail(&self, _snap: &Snapshot) -> String {
        String::new()
    }
    /// The whole object as JSON, for `Missing`/`Extra`.
    fn json(&self, snap: &Snapshot) -> Value;
    /// The structural attributes (not the comment, not the row count).
    fn compare(a: &Self, b: &Self, f: &mut Fields);
    /// The `comment` target (`table public.t`) and the comment, for kinds that have one.
    fn comment(&self) -> Option<(String, Option<String>)> {
        None
    }
    /// Sub-objects compared when the object is on both sides (a table's columns).
    fn nested(_a: &Self, _b: &Self, _out: &mut Vec<Difference>) {}
}

pub fn to_json<V: Serialize + ?Sized>(v: &V) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The relation `schema.name` is in `snap` as: "table", "view", "materialized_view" or none.
pub fn relation_kind(snap: &Snapshot, schema: &str, name: &str) -> Option<&'static str> {
    if snap.tables.iter().any(|t| t.schema == schema && t.name == name) {
        return Some("table");
    }
    snap.views.iter().find(|v| v.schema == schema && v.name == name).map(|v| {
        if v.materialized {
            "materialized_view"
        } else {
            "view"
        }
    })
}

/// The relation's own JSON plus its constraints, indexes, policies and triggers (the
/// sub-objects folded into a missing/extra relation), each key only when non-empty.
fn with_children(mut v: Value, snap: &Snapshot, schema: &str, name: &str) -> Value {
    let on = |s: &str, t: &str| s == schema && t == name;
    let lists = [
        (
            "constraints",
            to_json(
                &snap.constraints.iter().filter(|c| on(&c.schema, &c.table)).collect::<Vec<_>>(),
            ),
        ),
        (
            "indexes",
            to_json(&snap.indexes.iter().filter(|c| on(&c.schema, &c.table)).collect::<Vec<_>>()),
        ),
        (
            "policies",
            to_json(&snap.policies.iter().filter(|c| on(&c.schema, &c.table)).collect::<Vec<_>>()),
        ),
        (
            "triggers",
            to_json(&snap.triggers.iter().filter(|c| on(&c.schema, &c.table)).collect::<Vec<_>>()),
        ),
    ];
    if let Value::Object(map) = &mut v {
        for (key, list) in lists {
            if list.as_array().is_some_and(|a| !a.is_empty()) {
                map.insert(key.into(), list);
            }
        }
    }
    v
}

fn children_counts(snap: &Snapshot, schema: &str, name: &str) -> Vec<String> {
    let on = |s: &str, t: &str| s == schema && t == name;
    let n = [
        (
            snap.constraints.iter().filter(|c| on(&c.schema, &c.table)).count(),
            "constraint",
            "constraints",
        ),
        (snap.indexes.iter().filter(|c| on(&c.schema, &c.table)).count(), "index", "indexes"),
        (snap.policies.iter().filter(|c| on(&c.schema, &c.table)).count(), "policy", "policies"),
        (snap.triggers.iter().filter(|c| on(&c.schema, &c.table)).count(), "trigger", "triggers"),
    ];
    n.iter().filter(|(k, _, _)| *k > 0).map(|(k, one, many)| count(*k, one, many)).collect()
}

fn on_table(name: &str, schema: &str, table: &str) -> String {
    format!("{} on {}", quote_ident(name), qualified(schema, table))
}

fn sub_object(schema: &str, table: &str, name: &str) -> String {
    format!("{}.{}", qualified(schema, table), quote_ident(name))
}

fn identity_word(v: &Value) -> String {
    match v.as_str() {
        Some("a") => "always".into(),
        Some("d") => "by default".into(),
        _ => super::text::show(v),
    }
}

fn generated_word(v: &Value) -> String {
    match v.as_str() {
        Some("s") => "stored".into(),
        Some("v") => "virtual".into(),
        _ => super::text::show(v),
    }
}

impl Object for Schema {
    fn kind(&self) -> &'static str {
        "schema"
    }
    fn object(&self) -> String {
        quote_ident(&self.name)
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("owner", "owner", &a.owner, &b.owner);
        f.set("acl", "ACL", &a.acl, &b.acl);
    }
    fn comment(&self) -> Option<(String, Option<String>)> {
        Some((format!("schema {}", self.object()), self.comment.clone()))
    }
}

impl Object for DbRole {
    fn kind(&self) -> &'static str {
        "role"
    }
    fn object(&self) -> String {
        quote_ident(&self.name)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let mut attrs: Vec<String> = Vec::new();
        for (on, word) in [
            (self.superuser, "superuser"),
            (self.bypassrls, "bypassrls"),
            (self.login, "login"),
            (!self.inherit, "noinherit"),
        ] {
            if on {
                attrs.push(word.into());
            }
        }
        if !self.member_of.is_empty() {
            attrs.push(format!("member of {}", self.member_of.join(", ")));
        }
        if attrs.is_empty() {
            String::new()
        } else {
            format!("({})", attrs.join(", "))
        }
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("superuser", "superuser", &a.superuser, &b.superuser);
        f.value("bypassrls", "BYPASSRLS", &a.bypassrls, &b.bypassrls);
        f.value("login", "login", &a.login, &b.login);
        f.value("inherit", "inherit", &a.inherit, &b.inherit);
        f.set("member_of", "member of", &a.member_of, &b.member_of);
    }
}

impl Object for Enum {
    fn kind(&self) -> &'static str {
        "enum"
    }
    fn object(&self) -> String {
        qualified(&self.schema, &self.name)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let labels: Vec<String> = self.labels.iter().map(|l| crate::sql_text::literal(l)).collect();
        clip(&format!("({})", labels.join(", ")), 80)
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        // Label order matters for enums: compared as a list.
        f.value("labels", "labels", &a.labels, &b.labels);
    }
}

impl Object for Sequence {
    fn kind(&self) -> &'static str {
        "sequence"
    }
    fn object(&self) -> String {
        qualified(&self.schema, &self.name)
    }
    fn detail(&self, _: &Snapshot) -> String {
        match &self.owned_by {
            Some(o) => format!("{} owned by {o}", self.data_type),
            None => self.data_type.clone(),
        }
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("data_type", "data type", &a.data_type, &b.data_type);
        f.value("owned_by", "owned by", &a.owned_by, &b.owned_by);
    }
}

impl Object for Table {
    fn kind(&self) -> &'static str {
        "table"
    }
    fn object(&self) -> String {
        qualified(&self.schema, &self.name)
    }
    fn detail(&self, snap: &Snapshot) -> String {
        let mut parts = vec![count(self.columns.len(), "column", "columns")];
        parts.extend(children_counts(snap, &self.schema, &self.name));
        if self.kind != "table" {
            parts.insert(0, self.kind.clone());
        }
        match (self.rls_enabled, self.rls_forced) {
            (true, true) => parts.push("RLS enabled and forced".into()),
            (true, false) => parts.push("RLS enabled".into()),
            (false, true) => parts.push("RLS forced".into()),
            _ => {}
        }
        format!("({})", parts.join(", "))
    }
    fn json(&self, snap: &Snapshot) -> Value {
        let mut v = to_json(self);
        if let Value::Object(map) = &mut v {
            // Data, not structure: compared elsewhere.
            map.remove("row_count");
            map.remove("fingerprint");
        }
        with_children(v, snap, &self.schema, &self.name)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("kind", "kind", &a.kind, &b.kind);
        f.value("rls_enabled", "RLS enabled", &a.rls_enabled, &b.rls_enabled);
        f.value("rls_forced", "RLS forced", &a.rls_forced, &b.rls_forced);
        f.value("owner", "owner", &a.owner, &b.owner);
        f.set("acl", "ACL", &a.acl, &b.acl);
    }
    fn comment(&self) -> Option<(String, Option<String>)> {
        Some((format!("table {}", self.object()), self.comment.clone()))
    }
    fn nested(a: &Self, b: &Self, out: &mut Vec<Difference>) {
        let ca: Vec<Col> = a.columns.iter().map(|c| Col { table: a, col: c }).collect();
        let cb: Vec<Col> = b.columns.iter().map(|c| Col { table: b, col: c }).collect();
        // Columns never fold (their table is on both sides); the snapshot is only used for JSON
        // and details of columns, which do not look at it.
        super::compare_all(
            &ca,
            &cb,
            &Snapshot::default(),
            &Snapshot::default(),
            &|_, _| false,
            out,
        );
    }
}

/// A column with the table it belongs to.
pub struct Col<'a> {
    pub table: &'a Table,
    pub col: &'a Column,
}

impl Object for Col<'_> {
    fn kind(&self) -> &'static str {
        "column"
    }
    fn object(&self) -> String {
        sub_object(&self.table.schema, &self.table.name, &self.col.name)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let c = self.col;
        let mut s = c.type_.clone();
        if c.not_null {
            s.push_str(" not null");
        }
        match (&c.identity, &c.generated, &c.default) {
            (Some(i), _, _) => s.push_str(&format!(
                " generated {} as identity",
                identity_word(&Value::String(i.clone()))
            )),
            (_, Some(_), Some(d)) => {
                s.push_str(&format!(" generated always as ({}) stored", clip(d, 40)))
            }
            (_, _, Some(d)) => s.push_str(&format!(" default {}", clip(d, 40))),
            _ => {}
        }
        s
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self.col)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        let (a, b) = (a.col, b.col);
        f.value("type", "type", &a.type_, &b.type_);
        f.value("not_null", "not null", &a.not_null, &b.not_null);
        f.value("default", "default", &a.default, &b.default);
        f.shown("identity", "identity", &a.identity, &b.identity, identity_word);
        f.shown("generated", "generated", &a.generated, &b.generated, generated_word);
    }
    fn comment(&self) -> Option<(String, Option<String>)> {
        Some((format!("column {}", self.object()), self.col.comment.clone()))
    }
}

impl Object for Constraint {
    fn kind(&self) -> &'static str {
        "constraint"
    }
    fn object(&self) -> String {
        sub_object(&self.schema, &self.table, &self.name)
    }
    fn display(&self) -> String {
        on_table(&self.name, &self.schema, &self.table)
    }
    fn detail(&self, _: &Snapshot) -> String {
        if self.definition.trim().is_empty() {
            format!("{} ({})", self.kind.replace('_', " "), self.columns.join(", "))
        } else {
            clip(&self.definition, 80)
        }
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("kind", "kind", &a.kind, &b.kind);
        f.text("definition", "definition", &a.definition, &b.definition);
        f.value("validated", "validated", &a.validated, &b.validated);
        f.value("columns", "columns", &a.columns, &b.columns);
        f.value("ref_schema", "referenced schema", &a.ref_schema, &b.ref_schema);
        f.value("ref_table", "referenced table", &a.ref_table, &b.ref_table);
        f.value("ref_columns", "referenced columns", &a.ref_columns, &b.ref_columns);
        f.value("on_delete", "ON DELETE", &a.on_delete, &b.on_delete);
    }
}

impl Object for Index {
    fn kind(&self) -> &'static str {
        "index"
    }
    fn object(&self) -> String {
        sub_object(&self.schema, &self.table, &self.name)
    }
    fn display(&self) -> String {
        on_table(&self.name, &self.schema, &self.table)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let mut s = format!("({})", self.columns.join(", "));
        if self.primary {
            s.push_str(" primary");
        } else if self.unique {
            s.push_str(" unique");
        }
        if !self.valid {
            s.push_str(" invalid");
        }
        s
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.text("definition", "definition", &a.definition, &b.definition);
        f.value("unique", "unique", &a.unique, &b.unique);
        f.value("primary", "primary", &a.primary, &b.primary);
        f.value("valid", "valid", &a.valid, &b.valid);
        f.value("columns", "columns", &a.columns, &b.columns);
    }
}

impl Object for Policy {
    fn kind(&self) -> &'static str {
        "policy"
    }
    fn object(&self) -> String {
        sub_object(&self.schema, &self.table, &self.name)
    }
    fn display(&self) -> String {
        on_table(&self.name, &self.schema, &self.table)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let mut s = String::new();
        if !self.permissive {
            s.push_str("as restrictive ");
        }
        s.push_str(&format!("for {}", self.command));
        if !self.roles.is_empty() {
            s.push_str(&format!(" to {}", self.roles.join(", ")));
        }
        s
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("command", "command", &a.command, &b.command);
        f.value("permissive", "permissive", &a.permissive, &b.permissive);
        f.set("roles", "roles", &a.roles, &b.roles);
        f.text("using", "USING", &a.using, &b.using);
        f.text("with_check", "WITH CHECK", &a.with_check, &b.with_check);
    }
}

impl Object for Function {
    fn kind(&self) -> &'static str {
        "function"
    }
    fn object(&self) -> String {
        format!("{}({})", qualified(&self.schema, &self.name), self.identity_args)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.kind != "function" {
            parts.push(self.kind.clone());
        }
        if let Some(r) = &self.result {
            parts.push(format!("returns {}", clip(r, 40)));
        }
        parts.push(format!("language {}", self.language));
        if self.volatility != "volatile" {
            parts.push(self.volatility.clone());
        }
        if self.security_definer {
            parts.push("security definer".into());
        }
        parts.join(" ")
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.value("result", "result", &a.result, &b.result);
        f.value("language", "language", &a.language, &b.language);
        f.value("kind", "kind", &a.kind, &b.kind);
        f.value("volatility", "volatility", &a.volatility, &b.volatility);
        f.value("security_definer", "SECURITY DEFINER", &a.security_definer, &b.security_definer);
        f.set("config", "config", &a.config, &b.config);
        if f.text("source_md5", "source", &a.source_md5, &b.source_md5) {
            f.record("source", to_json(&a.source), to_json(&b.source));
        }
        f.value("owner", "owner", &a.owner, &b.owner);
        f.set("acl", "ACL", &a.acl, &b.acl);
    }
    fn comment(&self) -> Option<(String, Option<String>)> {
        Some((format!("function {}", self.object()), self.comment.clone()))
    }
}

impl Object for Trigger {
    fn kind(&self) -> &'static str {
        "trigger"
    }
    fn object(&self) -> String {
        sub_object(&self.schema, &self.table, &self.name)
    }
    fn display(&self) -> String {
        on_table(&self.name, &self.schema, &self.table)
    }
    fn detail(&self, _: &Snapshot) -> String {
        let mut s = format!("executes {}", self.function);
        if !self.enabled {
            s.push_str(" (disabled)");
        }
        s
    }
    fn json(&self, _: &Snapshot) -> Value {
        to_json(self)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.text("definition", "definition", &a.definition, &b.definition);
        f.value("function", "function", &a.function, &b.function);
        f.value("enabled", "enabled", &a.enabled, &b.enabled);
    }
}

impl Object for View {
    fn kind(&self) -> &'static str {
        if self.materialized {
            "materialized_view"
        } else {
            "view"
        }
    }
    fn object(&self) -> String {
        qualified(&self.schema, &self.name)
    }
    fn detail(&self, snap: &Snapshot) -> String {
        let mut parts = children_counts(snap, &self.schema, &self.name);
        if !self.options.is_empty() {
            parts.insert(0, format!("with {}", self.options.join(", ")));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("({})", parts.join(", "))
        }
    }
    fn json(&self, snap: &Snapshot) -> Value {
        with_children(to_json(self), snap, &self.schema, &self.name)
    }
    fn compare(a: &Self, b: &Self, f: &mut Fields) {
        f.text("definition", "definition", &a.definition, &b.definition);
        f.set("options", "options", &a.options, &b.options);
        f.value("owner", "owner", &a.owner, &b.owner);
        f.set("acl", "ACL", &a.acl, &b.acl);
    }
    fn comment(&self) -> Option<(String, Option<String>)> {
        let what = if self.materialized { "materialized view" } else { "view" };
        Some((format!("{what} {}", self.object()), self.comment.clone()))
    }
}
