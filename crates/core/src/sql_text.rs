//! SQL text we write ourselves (probes, fixtures, draft rollbacks, stand-ins, object names):
//! identifiers and literals quoted the one way Postgres reads them back.
//!
//! An identifier stays bare only when Postgres would read it back as the same name in every place
//! we put one (a column list, `select`, `where`, `set`, `returning`, a table or schema name): plain
//! lower-case ASCII (`[a-z_][a-z0-9_]*`) and not one of the keywords Postgres reserves there —
//! [`RESERVED`], its `pg_get_keywords()` categories R (reserved) and T (reserved, can be function
//! or type name). Its C keywords (`between`, `int`, `values`, …) are column names as they are.
//! `crates/native/tests/all/sql_text.rs` checks the list against the database's own keyword list and
//! every keyword as a bare column name.

/// Keywords that cannot be a bare column or table name: `pg_get_keywords()` with catcode R or T
/// (PostgreSQL 17 and 18 have the same ones), sorted.
pub const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// A keyword Postgres reserves as a name (see [`RESERVED`]); `word` as written, lower case.
pub fn is_reserved(word: &str) -> bool {
    RESERVED.binary_search(&word).is_ok()
}

/// An identifier as SQL: bare when Postgres reads it back as the same name, else in double quotes
/// with inner quotes doubled (`Mixed Case` → `"Mixed Case"`, `with` → `"with"`).
pub fn ident(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_reserved(name);
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// `schema.name`, each part an [`ident`].
pub fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

/// A name as the catalog writes it, `schema.table` (split at the first dot), or a bare name.
pub fn qualified_name(name: &str) -> String {
    match name.split_once('.') {
        Some((s, n)) => qualified(s, n),
        None => ident(name),
    }
}

/// A string literal, as Postgres' `quote_literal` writes it: in single quotes with inner quotes
/// doubled, and as an `E'…'` string with backslashes doubled when it has any (so it reads the same
/// whatever `standard_conforming_strings` says).
pub fn literal(text: &str) -> String {
    let quoted = text.replace('\'', "''");
    if text.contains('\\') {
        format!("E'{}'", quoted.replace('\\', "\\\\"))
    } else {
        format!("'{quoted}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_lower_case() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
        assert!(RESERVED.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }

    #[test]
    fn identifiers() {
        for bare in ["tenant_id", "_x", "a1", "between", "int", "values", "name", "time"] {
            assert_eq!(ident(bare), bare);
        }
        for (name, sql) in [
            ("with", "\"with\""),
            ("window", "\"window\""),
            ("user", "\"user\""),
            ("order", "\"order\""),
            ("left", "\"left\""),
            ("Mixed Case", "\"Mixed Case\""),
            ("Upper", "\"Upper\""),
            ("1st", "\"1st\""),
            ("a$b", "\"a$b\""),
            ("é", "\"é\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("", "\"\""),
        ] {
            assert_eq!(ident(name), sql, "{name}");
        }
        assert_eq!(qualified("public", "order"), "public.\"order\"");
        assert_eq!(qualified_name("Auth.users"), "\"Auth\".users");
        assert_eq!(qualified_name("with"), "\"with\"");
    }

    #[test]
    fn literals() {
        assert_eq!(literal("plain"), "'plain'");
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal(r"a\b"), r"E'a\\b'");
        assert_eq!(literal(r"it's a\b"), r"E'it''s a\\b'");
        assert_eq!(literal(""), "''");
    }
}
