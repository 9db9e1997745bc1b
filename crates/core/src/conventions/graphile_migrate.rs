//! graphile-migrate: `afterReset.sql` (run after every reset, before the migrations),
//! `committed/000001[-name].sql` in number order, then the work in progress: `current.sql` or
//! the files of `current/` (`1-current.sql`, …).

use super::path::{leading_digits, number, FilePath};
use super::{Convention, FileConvention, SortKey, GROUP_FIRST, GROUP_LAST};
use crate::files::Role;

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    let g = |key: SortKey, why: String| {
        Some(FileConvention::new(Convention::GraphileMigrate, Role::Up, key, why))
    };
    if p.base == "afterReset.sql" {
        return g(
            SortKey::in_group(GROUP_FIRST, Vec::new(), p.full),
            "graphile-migrate: afterReset.sql runs first, right after the database is reset".into(),
        );
    }
    let parent = p.dirs.last().copied();
    let (digits, rest) = leading_digits(p.stem());
    if parent == Some("committed")
        && !digits.is_empty()
        && (rest.is_empty() || rest.starts_with('-'))
    {
        let n = number(digits);
        return g(
            SortKey::versioned(vec![n], p.full),
            format!("graphile-migrate: committed/{} is committed migration {n}", p.base),
        );
    }
    if (parent == Some("current") && !digits.is_empty() && rest.starts_with('-'))
        || (p.base == "current.sql" && p.dirs.last().is_none_or(|d| *d == "migrations"))
    {
        let v = if digits.is_empty() { Vec::new() } else { vec![number(digits)] };
        return g(
            SortKey::in_group(GROUP_LAST, v, p.full),
            format!(
                "graphile-migrate: {} is the work in progress, after the committed migrations",
                p.full
            ),
        );
    }
    None
}

/// graphile-migrate's placeholders: `:NAME` (capitals, digits, `_`) that the tool replaces in the
/// migration text before it runs, from `.gmrc` (`placeholders`, usually `!ENV`) plus its own
/// `:DATABASE_NAME` and `:DATABASE_OWNER`. `.gmrc` lies outside the migrations folder, so the run
/// stands each one in: `:DATABASE_NAME` by the database it runs on, any other by a role of the
/// same name in lower case (`:DATABASE_VISITOR` → `database_visitor`), created NOLOGIN when missing
/// (`platform.created_roles`), as the project's setup creates its roles before migrating.
/// Replaced everywhere in the text, as the tool does; a `::TYPE` cast is not a placeholder.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for_each_placeholder(text, |name| {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    });
    out
}

pub const DATABASE_NAME: &str = "DATABASE_NAME";

/// The role a placeholder stands for here (every placeholder but `:DATABASE_NAME`).
pub fn placeholder_role(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// `sql` with every placeholder replaced: `:DATABASE_NAME` by `database` (quoted), others by their role.
pub fn substitute(sql: &str, database: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut last = 0;
    let mut spans = Vec::new();
    for_each_span(sql, |start, end| spans.push((start, end)));
    for (start, end) in spans {
        let name = &sql[start + 1..end];
        out.push_str(&sql[last..start]);
        let ident =
            if name == DATABASE_NAME { database.to_string() } else { placeholder_role(name) };
        out.push('"');
        out.push_str(&ident.replace('"', "\"\""));
        out.push('"');
        last = end;
    }
    out.push_str(&sql[last..]);
    out
}

fn for_each_placeholder(text: &str, mut f: impl FnMut(&str)) {
    for_each_span(text, |start, end| f(&text[start + 1..end]));
}

/// Byte spans `:NAME` of the placeholders in `text`.
fn for_each_span(text: &str, mut f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':'
            && (i == 0 || (b[i - 1] != b':' && !word(b[i - 1])))
            && b.get(i + 1).is_some_and(|c| c.is_ascii_uppercase())
        {
            let mut j = i + 1;
            while j < b.len()
                && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
            {
                j += 1;
            }
            // Two characters at least, and a whole word (`:Foo` is not one).
            if j - i > 2 && !(j < b.len() && word(b[j])) {
                f(i, j);
                i = j;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    #[test]
    fn placeholders_are_capital_words_after_one_colon() {
        let sql = "grant connect on database :DATABASE_NAME to :DATABASE_OWNER;\nselect x::TEXT, y::int, :Mixed, ':A', :DATABASE_VISITOR;";
        assert_eq!(placeholders(sql), ["DATABASE_NAME", "DATABASE_OWNER", "DATABASE_VISITOR"]);
        assert_eq!(
            substitute(sql, "postgres"),
            "grant connect on database \"postgres\" to \"database_owner\";\nselect x::TEXT, y::int, :Mixed, ':A', \"database_visitor\";"
        );
        assert!(placeholders("select 1::BIGINT, now()::TIMESTAMPTZ;").is_empty());
    }
}
