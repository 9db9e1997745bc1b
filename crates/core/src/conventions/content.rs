//! Validation files recognised by what they contain: pgTAP tests (`plan(…)` … `finish()`), and
//! files whose statements only read and report `PASS`/`FAIL` (through RAISE or SELECT).

use super::path::contains_ci;
use crate::split::split;

/// Why the content makes a validation file, if it does ("calls pgTAP's plan() and finish()").
pub fn validation(text: &str) -> Option<String> {
    if is_pgtap(text) {
        return Some("calls pgTAP's plan() and finish()".into());
    }
    reads_and_reports(text).map(|n| {
        format!("only reads ({n} statement{}) and reports PASS/FAIL", if n == 1 { "" } else { "s" })
    })
}

/// pgTAP: a plan (`plan(n)` or `no_plan()`) and `finish()`.
pub fn is_pgtap(text: &str) -> bool {
    (contains_ci(text, "plan(") || contains_ci(text, "plan ("))
        && (contains_ci(text, "finish()") || contains_ci(text, "finish ()"))
}

/// Statements that may appear in a file that only reads.
const READING: [&str; 14] = [
    "select", "with", "table", "values", "show", "explain", "begin", "start", "commit", "end",
    "rollback", "set", "reset", "do",
];
/// Words that write (in a DO body or a WITH query), outside string literals and comments.
const WRITING: [&str; 12] = [
    "insert", "update", "delete", "merge", "create", "alter", "drop", "truncate", "grant",
    "revoke", "copy", "execute",
];

/// The number of statements when every one only reads and the file reports `PASS`/`FAIL`.
fn reads_and_reports(text: &str) -> Option<usize> {
    // Cheap test first: a string literal that starts with the word PASS or FAIL.
    if !reports_pass_fail(text) {
        return None;
    }
    let mut n = 0;
    for st in split(text).iter().filter(|s| s.is_sql()) {
        let code = code_words(&st.sql);
        let first = code.first()?;
        if !READING.contains(&first.as_str()) {
            return None;
        }
        if matches!(first.as_str(), "do" | "with" | "select")
            && code.iter().any(|w| WRITING.contains(&w.as_str()))
        {
            return None;
        }
        n += 1;
    }
    (n > 0).then_some(n)
}

/// A string literal starting with the word PASS or FAIL (`'PASS: …'`, `'FAIL'`), not `'password'`.
fn reports_pass_fail(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(6).any(|w| {
        w[0] == b'\''
            && (w[1..5].eq_ignore_ascii_case(b"pass") || w[1..5].eq_ignore_ascii_case(b"fail"))
            && !w[5].is_ascii_alphanumeric()
    })
}

/// Lower-case words of SQL outside single-quoted literals and `--` comments (dollar-quoted
/// bodies are kept: a DO block's code is in one).
fn code_words(sql: &str) -> Vec<String> {
    let mut code = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // Skip to the closing quote ('' is a quote inside).
                while let Some(q) = chars.next() {
                    if q == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
                code.push(' ');
            }
            '-' if chars.peek() == Some(&'-') => {
                for q in chars.by_ref() {
                    if q == '\n' {
                        break;
                    }
                }
                code.push(' ');
            }
            _ => code.push(c),
        }
    }
    code.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgtap_and_read_only_checks() {
        assert!(validation(
            "begin;\nselect plan(2);\nselect ok(true, 'x');\nselect * from finish();\nrollback;"
        )
        .is_some());
        let checks = "do $$ begin\n  if (select count(*) from pg_policies) > 0 then raise notice 'PASS: policies'; else raise notice 'FAIL: none'; end if;\nend $$;\nselect 'RESULT: done';";
        assert_eq!(
            validation(checks).as_deref(),
            Some("only reads (2 statements) and reports PASS/FAIL")
        );
        // A write anywhere: not a validation file, whatever it prints.
        assert_eq!(
            validation("insert into t values (1);\ndo $$ begin raise notice 'PASS: x'; end $$;"),
            None
        );
        assert_eq!(
            validation("do $$ begin update t set a = 1; raise notice 'PASS: x'; end $$;"),
            None
        );
        // Words inside strings do not count as writes; no PASS/FAIL: not a validation file.
        assert!(validation("select 'PASS: create table works' as result;").is_some());
        assert_eq!(validation("select 1;"), None);
        assert_eq!(validation("create table t (a int); -- 'PASS"), None);
        assert_eq!(validation("select crypt('password', gen_salt('bf'));"), None);
    }
}
