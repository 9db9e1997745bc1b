//! What a production schema dump needs to run as a baseline: the `COPY … FROM stdin` data blocks
//! of a plain `pg_dump` turned into INSERTs the engine can take, and the roles a dump names
//! (owners, grantees) without creating them.

use crate::split::{is_copy_from_stdin, Statement};
use std::collections::BTreeSet;

/// Rows per INSERT when a COPY data block is loaded.
pub const COPY_BATCH_ROWS: usize = 500;

/// A `COPY … FROM stdin` statement with its data rows, as INSERT statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyLoad {
    /// One `INSERT … VALUES …;` per batch of rows, with the 1-based line (within the statement)
    /// of the batch's first row.
    pub batches: Vec<(usize, String)>,
    pub rows: usize,
}

/// The INSERTs that load what a `COPY … FROM stdin` data block holds. `Ok(None)` when the
/// statement is not such a COPY; `Err` says what in the COPY cannot be read (an unsupported
/// format, a row with the wrong number of fields).
pub fn copy_to_inserts(sql: &str) -> Result<Option<CopyLoad>, String> {
    if !is_copy_from_stdin(sql) {
        return Ok(None);
    }
    let Some(semi) = statement_end(sql) else { return Ok(None) };
    let head = &sql[..semi];
    let (target, columns, opts) = parse_copy_head(head)?;
    let data_from = sql[semi..].find('\n').map(|n| semi + n + 1).unwrap_or(sql.len());
    let first_line = sql[..data_from].matches('\n').count() + 1;
    let mut batches = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut batch_line = first_line;
    let mut rows = 0usize;
    let mut width: Option<usize> = None;
    for (k, raw) in sql[data_from..].split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line == "\\." {
            break;
        }
        // psql drops a final empty line (the newline before EOF); an empty line elsewhere is a
        // row with one empty field, which only a one-column COPY can take.
        if line.is_empty() && sql[data_from..].split('\n').nth(k + 1).is_none() {
            break;
        }
        let fields = split_text_row(line, opts.delimiter);
        if let Some(w) = width {
            if fields.len() != w {
                return Err(format!(
                    "COPY data line {}: {} fields where the first row had {}",
                    first_line + k,
                    fields.len(),
                    w
                ));
            }
        }
        width = Some(fields.len());
        if values.is_empty() {
            batch_line = first_line + k;
        }
        let literals: Vec<String> =
            fields.iter().map(|f| text_field_literal(f, &opts.null)).collect();
        values.push(format!("({})", literals.join(", ")));
        rows += 1;
        if values.len() == COPY_BATCH_ROWS {
            batches.push((batch_line, insert_sql(&target, &columns, &values)));
            values.clear();
        }
    }
    if !values.is_empty() {
        batches.push((batch_line, insert_sql(&target, &columns, &values)));
    }
    Ok(Some(CopyLoad { batches, rows }))
}

fn insert_sql(target: &str, columns: &Option<String>, values: &[String]) -> String {
    // COPY writes identity columns even when they are GENERATED ALWAYS; INSERT needs to be told.
    let cols = columns.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    format!("INSERT INTO {target}{cols} OVERRIDING SYSTEM VALUE VALUES\n{};", values.join(",\n"))
}

/// The byte offset just past the `;` that ends the COPY statement itself.
fn statement_end(sql: &str) -> Option<usize> {
    let b = sql.as_bytes();
    let (mut i, mut quote) = (0, None::<u8>);
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'\'' | b'"') => quote = Some(b[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b';') => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

struct CopyOptions {
    delimiter: char,
    null: String,
}

/// `COPY target [(cols)] FROM stdin [WITH] [(options)]` → target, column list text, options.
fn parse_copy_head(head: &str) -> Result<(String, Option<String>, CopyOptions), String> {
    let body = head.trim().trim_end_matches(';').trim();
    let after_copy = body[4..].trim_start();
    let lower = after_copy.to_ascii_lowercase();
    let from = find_keyword(&lower, "from").ok_or("COPY without FROM")?;
    let (target_part, rest) = (after_copy[..from].trim(), &after_copy[from + 4..]);
    let (target, columns) = match target_part.find('(') {
        Some(p) if target_part.ends_with(')') => (
            target_part[..p].trim().to_string(),
            Some(target_part[p + 1..target_part.len() - 1].trim().to_string()),
        ),
        _ => (target_part.to_string(), None),
    };
    let opts_text = rest.trim_start();
    let opts_lower = opts_text.to_ascii_lowercase();
    let mut opts = CopyOptions { delimiter: '\t', null: "\\N".into() };
    let words: Vec<&str> = opts_lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.windows(2).any(|w| w == ["format", "csv"] || w == ["format", "binary"])
        || words.contains(&"csv")
        || words.contains(&"binary")
    {
        return Err("COPY FROM stdin in CSV or binary format is not supported yet (pg_dump writes the text format)".into());
    }
    if let Some(v) = option_literal(opts_text, "delimiter") {
        opts.delimiter = v.chars().next().unwrap_or('\t');
    }
    if let Some(v) = option_literal(opts_text, "null") {
        opts.null = v;
    }
    Ok((target, columns, opts))
}

/// Position of `kw` as a whole word, outside double quotes.
fn find_keyword(lower: &str, kw: &str) -> Option<usize> {
    let b = lower.as_bytes();
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' {
            quoted = !quoted;
        }
        if !quoted && lower[i..].starts_with(kw) {
            let before = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
            let after =
                b.get(i + kw.len()).is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
            if before && after {
                return Some(i);
            }
        }
    }
    None
}

/// The string literal after an option word (`DELIMITER ','`, `NULL ''`), unescaped.
fn option_literal(text: &str, word: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = find_keyword(&lower, word)?;
    let rest = text[at + word.len()..].trim_start();
    let rest = rest.strip_prefix(['E', 'e']).unwrap_or(rest);
    let inner = rest.strip_prefix('\'')?;
    let end = inner.find('\'')?;
    Some(inner[..end].to_string())
}

/// Fields of one text-format row: split on the delimiter, backslash escapes left in place.
fn split_text_row(line: &str, delim: char) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            fields.last_mut().unwrap().push(c);
            if let Some(n) = chars.next() {
                fields.last_mut().unwrap().push(n);
            }
        } else if c == delim {
            fields.push(String::new());
        } else {
            fields.last_mut().unwrap().push(c);
        }
    }
    fields
}

/// A text-format field as an SQL literal: `NULL` for the null marker, else the unescaped value
/// as a standard string (quotes doubled), which the INSERT coerces to the column's type.
fn text_field_literal(field: &str, null: &str) -> String {
    if field == null {
        return "NULL".into();
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(field.len());
    let mut it = field.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match it.next() {
            Some('b') => bytes.push(8),
            Some('f') => bytes.push(12),
            Some('n') => bytes.push(b'\n'),
            Some('r') => bytes.push(b'\r'),
            Some('t') => bytes.push(b'\t'),
            Some('v') => bytes.push(11),
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap();
                for _ in 0..2 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(x) => {
                            v = v * 8 + x;
                            it.next();
                        }
                        None => break,
                    }
                }
                bytes.push(v as u8);
            }
            Some('x') if it.peek().is_some_and(|c| c.is_ascii_hexdigit()) => {
                let mut v = 0u32;
                for _ in 0..2 {
                    match it.peek().and_then(|c| c.to_digit(16)) {
                        Some(x) => {
                            v = v * 16 + x;
                            it.next();
                        }
                        None => break,
                    }
                }
                bytes.push(v as u8);
            }
            Some(o) => {
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(o.encode_utf8(&mut buf).as_bytes());
            }
            None => bytes.push(b'\\'),
        }
    }
    crate::sql_text::literal(&String::from_utf8_lossy(&bytes))
}

/// A file pg_dump wrote (its header says so): it is restored the way a dump is — missing roles
/// created first, its own session — whatever role the file has in the project.
pub fn is_pg_dump(text: &str) -> bool {
    let head: String = text.chars().take(2000).collect();
    head.contains("-- PostgreSQL database dump")
        || head.contains("-- Dumped from database version")
        || head.contains("-- Dumped by pg_dump version")
}

/// Roles a file's statements name as owners, grantees, policy roles or `SET ROLE` targets, minus
/// the ones it creates itself and the pseudo-roles (PUBLIC, CURRENT_USER …). In the order found.
pub fn role_references(statements: &[Statement]) -> Vec<String> {
    let mut named: Vec<String> = Vec::new();
    let mut created: BTreeSet<String> = BTreeSet::new();
    for st in statements.iter().filter(|s| s.is_sql()) {
        let t = tokens(&st.sql);
        let up: Vec<String> = t
            .iter()
            .map(|w| if w.quoted { w.text.clone() } else { w.text.to_ascii_uppercase() })
            .collect();
        let is = |i: usize, w: &str| up.get(i).is_some_and(|u| u == w) && !t[i].quoted;
        let add_list = |from: usize, stops: &[&str], named: &mut Vec<String>| {
            let mut i = from;
            while i < t.len() {
                if !t[i].quoted && (stops.contains(&up[i].as_str()) || t[i].text == ";") {
                    break;
                }
                if t[i].text == ","
                    || (!t[i].quoted && (up[i] == "GROUP" || up[i] == "ROLE" || up[i] == "USER"))
                {
                    i += 1;
                    continue;
                }
                named.push(t[i].name());
                i += 1;
            }
        };
        if (is(0, "CREATE") && (is(1, "ROLE") || is(1, "USER") || is(1, "GROUP"))) && t.len() > 2 {
            created.insert(t[2].name());
            continue;
        }
        for i in 0..t.len() {
            if is(i, "OWNER") && is(i + 1, "TO") && i + 2 < t.len() {
                named.push(t[i + 2].name());
            }
            if i > 0 && is(i, "AUTHORIZATION") && i + 1 < t.len() && !is(i - 1, "SESSION") {
                named.push(t[i + 1].name());
            }
        }
        if is(0, "GRANT") || is(0, "REVOKE") {
            // GRANT … TO a, b [WITH …] [GRANTED BY …]; REVOKE … FROM a, b [CASCADE | RESTRICT].
            let kw = if is(0, "GRANT") { "TO" } else { "FROM" };
            if let Some(p) = (1..t.len()).rev().find(|&i| is(i, kw)) {
                add_list(p + 1, &["WITH", "GRANTED", "CASCADE", "RESTRICT"], &mut named);
            }
            // GRANT role_a TO …: the granted role (no ON clause) must exist too.
            if !(1..t.len()).any(|i| is(i, "ON")) {
                let p = (1..t.len()).find(|&i| is(i, kw)).unwrap_or(t.len());
                let options = ["ADMIN", "INHERIT", "SET", "OPTION", "FOR"];
                for (w, u) in t.iter().zip(&up).take(p).skip(1) {
                    if w.text != ","
                        && !(is(0, "REVOKE") && !w.quoted && options.contains(&u.as_str()))
                    {
                        named.push(w.name());
                    }
                }
            }
        }
        if is(0, "ALTER")
            && is(1, "DEFAULT")
            && is(2, "PRIVILEGES")
            && is(3, "FOR")
            && (is(4, "ROLE") || is(4, "USER"))
        {
            add_list(5, &["IN", "GRANT", "REVOKE"], &mut named);
        }
        if is(0, "ALTER") && is(1, "DEFAULT") && is(2, "PRIVILEGES") {
            let kw_pos = (3..t.len()).find(|&i| is(i, "GRANT") || is(i, "REVOKE"));
            if let Some(g) = kw_pos {
                let kw = if is(g, "GRANT") { "TO" } else { "FROM" };
                if let Some(p) = (g..t.len()).rev().find(|&i| is(i, kw)) {
                    add_list(p + 1, &["WITH", "CASCADE", "RESTRICT"], &mut named);
                }
            }
        }
        if is(0, "CREATE") && is(1, "POLICY") {
            if let Some(p) = (2..t.len()).find(|&i| is(i, "TO")) {
                add_list(p + 1, &["USING", "WITH"], &mut named);
            }
        }
        if is(0, "SET") && (is(1, "ROLE") || (is(1, "SESSION") && is(2, "AUTHORIZATION"))) {
            let at = if is(1, "ROLE") { 2 } else { 3 };
            if let Some(w) = t.get(at) {
                named.push(w.name());
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for n in named {
        let pseudo = [
            "public",
            "current_user",
            "session_user",
            "current_role",
            "none",
            "default",
            "local",
            "session",
        ];
        if n.is_empty() || pseudo.contains(&n.as_str()) {
            continue;
        }
        if created.contains(&n) || out.contains(&n) || n.starts_with("pg_") {
            continue;
        }
        out.push(n);
    }
    out
}

#[derive(Debug)]
struct Tok {
    text: String,
    quoted: bool,
}

impl Tok {
    /// The identifier as Postgres stores it: folded to lower case unless quoted.
    fn name(&self) -> String {
        if self.quoted {
            self.text.clone()
        } else {
            self.text.to_ascii_lowercase()
        }
    }
}

/// Words, quoted identifiers and the punctuation `,` `;` of a statement (a qualified name gives
/// one word per part); string
/// literals and comments are dropped, and so is everything inside parentheses (column lists,
/// policy expressions), which never names a role here.
fn tokens(sql: &str) -> Vec<Tok> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'\'' {
            i += 1;
            while i < b.len() && !(b[i] == b'\'' && b.get(i + 1) != Some(&b'\'')) {
                i += if b[i] == b'\'' { 2 } else { 1 };
            }
            i += 1;
        } else if c == b'$' {
            // A dollar-quoted body (function source): skip to its closing tag.
            let tag_len =
                b[i + 1..].iter().take_while(|&&x| x.is_ascii_alphanumeric() || x == b'_').count();
            if b.get(i + 1 + tag_len) == Some(&b'$') {
                let tag = &sql[i..i + tag_len + 2];
                match sql[i + tag.len()..].find(tag) {
                    Some(e) => i += tag.len() + e + tag.len(),
                    None => i = b.len(),
                }
            } else {
                i += 1;
            }
        } else if c == b'(' {
            depth += 1;
            i += 1;
        } else if c == b')' {
            depth = depth.saturating_sub(1);
            i += 1;
        } else if depth > 0 {
            i += 1;
        } else if c == b'"' {
            let s = i + 1;
            i += 1;
            while i < b.len() && !(b[i] == b'"' && b.get(i + 1) != Some(&b'"')) {
                i += if b[i] == b'"' { 2 } else { 1 };
            }
            out.push(Tok { text: sql[s..i.min(b.len())].replace("\"\"", "\""), quoted: true });
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push(Tok { text: sql[s..i].to_string(), quoted: false });
        } else if c == b',' || c == b';' {
            out.push(Tok { text: (c as char).to_string(), quoted: false });
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::split;

    #[test]
    fn copy_rows_become_inserts_with_text_format_escapes() {
        let sql = "COPY public.notes (id, body, tags) FROM stdin;\n1\tit's a\\ttab\\nand newline\t{a,b}\n2\t\\N\t\\\\x01\n3\tcaf\\303\\251 \\x41\t{}\n\\.";
        let load = copy_to_inserts(sql).unwrap().unwrap();
        assert_eq!(load.rows, 3);
        assert_eq!(load.batches.len(), 1);
        let (line, ins) = &load.batches[0];
        assert_eq!(*line, 2);
        assert!(
            ins.starts_with(
                "INSERT INTO public.notes (id, body, tags) OVERRIDING SYSTEM VALUE VALUES\n"
            ),
            "{ins}"
        );
        assert!(ins.contains("('1', 'it''s a\ttab\nand newline', '{a,b}')"), "{ins}");
        // A backslash is written as an E'' string (sql_text::literal), whatever the session's
        // standard_conforming_strings.
        assert!(ins.contains("('2', NULL, E'\\\\x01')"), "{ins}");
        assert!(ins.contains("('3', 'café A', '{}')"), "{ins}");
    }

    #[test]
    fn copy_batches_wrong_widths_and_unsupported_formats() {
        let mut sql = String::from("copy t (a) from stdin;\n");
        for k in 0..(COPY_BATCH_ROWS + 3) {
            sql.push_str(&format!("{k}\n"));
        }
        sql.push_str("\\.");
        let load = copy_to_inserts(&sql).unwrap().unwrap();
        assert_eq!((load.rows, load.batches.len()), (COPY_BATCH_ROWS + 3, 2));
        assert_eq!(load.batches[1].0, COPY_BATCH_ROWS + 2);
        let bad = copy_to_inserts("COPY t (a, b) FROM stdin;\n1\t2\n3\n\\.").unwrap_err();
        assert!(bad.contains("line 3"), "{bad}");
        assert!(copy_to_inserts("copy t from stdin with (format csv);\n1\n\\.")
            .unwrap_err()
            .contains("CSV"));
        assert_eq!(copy_to_inserts("select 1;").unwrap(), None);
        let empty = copy_to_inserts("COPY t (a) FROM stdin;\n\\.").unwrap().unwrap();
        assert_eq!((empty.rows, empty.batches.len()), (0, 0));
        let custom =
            copy_to_inserts("COPY t FROM stdin WITH (DELIMITER '|', NULL 'nil');\n1|nil\n\\.")
                .unwrap()
                .unwrap();
        assert!(custom.batches[0].1.contains("('1', NULL)"), "{:?}", custom.batches);
    }

    #[test]
    fn recognises_pg_dump_files() {
        assert!(is_pg_dump(
            "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 13.4\n"
        ));
        assert!(!is_pg_dump("create table t (id int);\n-- taken from a PostgreSQL database dump"));
    }

    #[test]
    fn roles_named_by_a_dump_minus_the_ones_it_creates() {
        let dump = r#"
CREATE ROLE made_here;
ALTER TABLE public.t OWNER TO app_owner;
ALTER SCHEMA app OWNER TO "Mixed Case";
CREATE SCHEMA s AUTHORIZATION schema_owner;
GRANT SELECT, INSERT ON TABLE public.t TO app_user, made_here WITH GRANT OPTION;
GRANT USAGE ON SCHEMA public TO PUBLIC;
REVOKE ALL ON FUNCTION public.f(integer) FROM old_role CASCADE;
GRANT app_user TO member_role;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA public GRANT SELECT ON TABLES TO reader;
CREATE POLICY p ON public.t TO tenant_user USING ((owner = CURRENT_USER));
SET ROLE migrator;
SET SESSION AUTHORIZATION DEFAULT;
COMMENT ON TABLE public.t IS 'OWNER TO not_a_role';
CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ grant select on t to hidden_role $$;
"#;
        let roles = role_references(&split(dump));
        assert_eq!(
            roles,
            [
                "app_owner",
                "Mixed Case",
                "schema_owner",
                "app_user",
                "old_role",
                "member_role",
                "reader",
                "tenant_user",
                "migrator"
            ]
        );
    }
}
