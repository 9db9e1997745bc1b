//! pgTAP, implemented by Tenant Planner. The browser's PGlite does not ship the pgTAP extension,
//! yet real projects keep their tests as pgTAP files (`supabase/tests/**/*.sql`), and a real
//! Supabase database has it. `pgtap.sql` is our own implementation of the pgTAP functions such
//! files use (written from pgTAP's documented signatures and output, not from its source):
//! `create extension pgtap` creates it, with or without the "stand in unavailable extensions"
//! option, because it is a working test framework, not a no-op. It is used in the native engine
//! too, although pglite-oxide ships a real pgTAP: the real one returns its rows without raising
//! them, so the validation could not read them, and the CLI and the app must agree.
//!
//! Every TAP line the functions return is also raised as a NOTICE with the same text; [`TapLine`]
//! reads those notices back for the validation results.

/// Our implementation; `{s}` stands for the schema.
pub const SQL: &str = include_str!("pgtap.sql");

/// The SQL that creates the implementation in `schema`.
pub fn install_sql(schema: &str) -> String {
    SQL.replace("{s}", &crate::sql_text::ident(schema))
}

/// The pgTAP functions implemented (public names, sorted, each once).
pub fn functions() -> Vec<String> {
    let mut out: Vec<String> = SQL
        .match_indices("function {s}.")
        .filter_map(|(i, m)| {
            let rest = &SQL[i + m.len()..];
            let name: String =
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            (!name.starts_with('_') && !name.is_empty()).then_some(name)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The query that says whether the implementation (or a real pgTAP) answers `plan(integer)` in
/// `schema` (or, with `None`, on the search path).
pub fn present_query(schema: Option<&str>) -> String {
    let name = match schema {
        Some(s) => format!("{}.plan(integer)", crate::sql_text::ident(s)),
        None => "plan(integer)".to_string(),
    };
    format!(
        "select (pg_catalog.to_regprocedure({}) is not null)::text",
        crate::sql_text::literal(&name)
    )
}

/// One line of pgTAP output, as a notice carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TapLine {
    /// `1..N`
    Plan(usize),
    /// `ok N - desc`, `not ok N - desc # TODO why`, `ok N # SKIP why`, with the `#` lines that
    /// follow it (the diagnostics of a failure).
    Test {
        ok: bool,
        number: usize,
        description: String,
        directive: Option<String>,
        diagnostics: Vec<String>,
    },
    /// A `# …` line on its own (diag(), finish()'s summary).
    Comment(String),
}

impl TapLine {
    /// Read a notice's text; `None` when it is not TAP.
    pub fn parse(message: &str) -> Option<TapLine> {
        let mut lines = message.lines();
        let first = lines.next()?.trim_end();
        if let Some(n) = first.strip_prefix("1..") {
            return n.trim().parse().ok().map(TapLine::Plan);
        }
        if first.starts_with('#') {
            return Some(TapLine::Comment(message.trim_end().to_string()));
        }
        let (ok, rest) = if let Some(r) = first.strip_prefix("not ok ") {
            (false, r)
        } else if let Some(r) = first.strip_prefix("ok ") {
            (true, r)
        } else {
            return None;
        };
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let number = digits.parse().ok()?;
        let mut tail = &rest[digits.len()..];
        if !(tail.is_empty() || tail.starts_with(' ')) {
            return None;
        }
        tail = tail.trim_start();
        // The directive is after the last unescaped " # " (descriptions escape '#' as '\#').
        let (desc, directive) = match unescaped_hash(tail) {
            Some(i) => (tail[..i].trim_end(), Some(tail[i + 1..].trim().to_string())),
            None => (tail, None),
        };
        let description = desc
            .strip_prefix("- ")
            .or_else(|| desc.strip_prefix('-'))
            .unwrap_or(desc)
            .trim()
            .replace("\\#", "#");
        let diagnostics = lines
            .map(|l| l.strip_prefix("# ").or_else(|| l.strip_prefix('#')).unwrap_or(l).to_string())
            .collect();
        Some(TapLine::Test { ok, number, description, directive, diagnostics })
    }

    /// Every TAP line in a notice (skip() prints several rows in one): a test row takes the `#`
    /// lines under it as its diagnostics. Empty when the notice is not TAP.
    pub fn parse_all(message: &str) -> Vec<TapLine> {
        let mut groups: Vec<String> = Vec::new();
        let mut in_test = false;
        for l in message.lines() {
            let starts_test = l.starts_with("ok ") || l.starts_with("not ok ");
            if l.starts_with('#') && in_test {
                let g = groups.last_mut().expect("a test row came first");
                g.push('\n');
                g.push_str(l);
            } else {
                in_test = starts_test;
                groups.push(l.to_string());
            }
        }
        let parsed: Vec<Option<TapLine>> = groups.iter().map(|g| TapLine::parse(g)).collect();
        if parsed.iter().any(|p| p.is_none()) {
            return Vec::new();
        }
        parsed.into_iter().flatten().collect()
    }

    /// A test line that counts as passed under TAP's rules: `ok`, or `not ok` inside a TODO.
    pub fn passes(&self) -> bool {
        match self {
            TapLine::Test { ok, directive, .. } => {
                *ok || directive
                    .as_deref()
                    .is_some_and(|d| d.to_ascii_uppercase().starts_with("TODO"))
            }
            _ => false,
        }
    }
}

fn unescaped_hash(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'#' && (i == 0 || b[i - 1] != b'\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plans_tests_directives_and_diagnostics() {
        assert_eq!(TapLine::parse("1..12"), Some(TapLine::Plan(12)));
        assert_eq!(
            TapLine::parse("ok 1 - members see their rows"),
            Some(TapLine::Test {
                ok: true,
                number: 1,
                description: "members see their rows".into(),
                directive: None,
                diagnostics: vec![]
            })
        );
        let failed = TapLine::parse(
            "not ok 4 - ab\n# Failed test 4: \"ab\"\n#         have: a\n#         want: b",
        )
        .unwrap();
        assert_eq!(
            failed,
            TapLine::Test {
                ok: false,
                number: 4,
                description: "ab".into(),
                directive: None,
                diagnostics: vec![
                    "Failed test 4: \"ab\"".into(),
                    "        have: a".into(),
                    "        want: b".into()
                ]
            }
        );
        assert!(!failed.passes());
        let todo = TapLine::parse("not ok 5 - later # TODO not built yet").unwrap();
        assert!(todo.passes());
        assert_eq!(
            TapLine::parse("ok 6 # SKIP no dblink"),
            Some(TapLine::Test {
                ok: true,
                number: 6,
                description: String::new(),
                directive: Some("SKIP no dblink".into()),
                diagnostics: vec![]
            })
        );
        assert_eq!(
            TapLine::parse("ok 7 - issue \\#3 fixed"),
            Some(TapLine::Test {
                ok: true,
                number: 7,
                description: "issue #3 fixed".into(),
                directive: None,
                diagnostics: vec![]
            })
        );
        assert_eq!(
            TapLine::parse("# Looks like you failed 1 test of 3"),
            Some(TapLine::Comment("# Looks like you failed 1 test of 3".into()))
        );
        assert_eq!(TapLine::parse("okay then"), None);
        assert_eq!(TapLine::parse("PASS: x"), None);
        assert_eq!(TapLine::parse("ok 3x"), None);
        let rows = TapLine::parse_all("ok 6 # SKIP no dblink\nok 7 # SKIP no dblink");
        assert_eq!(rows.len(), 2);
        assert_eq!(TapLine::parse_all("not ok 1 - x\n# Failed test 1: \"x\"").len(), 1);
        assert!(TapLine::parse_all("ok then\nsomething").is_empty());
    }

    #[test]
    fn lists_what_it_implements_and_installs_where_asked() {
        let f = functions();
        for name in [
            "plan",
            "no_plan",
            "finish",
            "diag",
            "ok",
            "is",
            "isnt",
            "throws_ok",
            "lives_ok",
            "results_eq",
            "row_eq",
            "policies_are",
            "todo",
            "skip",
        ] {
            assert!(f.iter().any(|x| x == name), "{name} missing from {f:?}");
        }
        assert!(!f.iter().any(|x| x.starts_with('_')));
        let sql = install_sql("extensions");
        assert!(sql.contains("create or replace function extensions.plan(integer)"));
        assert!(!sql.contains("{s}"));
        assert!(install_sql("My Tests").contains("\"My Tests\".ok("));
        assert_eq!(
            present_query(Some("extensions")),
            "select (pg_catalog.to_regprocedure('extensions.plan(integer)') is not null)::text"
        );
    }
}
