//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the files of a pull request: `::error file=DIR/f.sql,line=N,title=<rule id>::message`
//! (`warning` for WARN, `notice` for INFO). Suppressed findings are counted in the summary, not
//! annotated. A last plain line sums the run up.

use super::{issues, lint_counts, outcome_str, path_in, plural, Context};
use std::fmt::Write;
use tenant_planner_core::lint::Level;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::Outcome;

/// A command's message, escaped as the Actions toolkit does (`escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value (`escapeProperty`): also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warn => "warning",
        Level::Info => "notice",
    }
}

/// The summary line (also the verdict).
pub fn summary(report: &Report, cx: &Context) -> String {
    let st = &report.statements;
    let mut parts =
        vec![format!("{} ({} failed)", plural(st.total, "statement", "statements"), st.failed)];
    if report.outcome != Outcome::Completed {
        parts.push(format!("run {}", outcome_str(report.outcome)));
    }
    if !report.validation.is_empty() {
        let (passed, failed) =
            report.validation.values().fold((0, 0), |(a, b), e| (a + e.passed, b + e.failed));
        parts.push(format!("validation {passed} passed, {failed} failed"));
    }
    let c = lint_counts(report);
    parts.push(format!(
        "lints {}, {}, {} ({} suppressed)",
        plural(c.error, "error", "errors"),
        plural(c.warn, "warning", "warnings"),
        plural(c.info, "info", "info"),
        c.suppressed
    ));
    if report.isolation.is_some() {
        parts.push(plural(super::leaks(report).len(), "leak", "leaks"));
    }
    let rb = &report.rollback;
    let rollback = match (rb.provided, rb.clean) {
        (true, true) => "rollback clean",
        (true, false) => "rollback NOT clean",
        _ => "no rollback",
    };
    parts.push(rollback.into());
    let roots = &report.tenant_roots;
    parts.push(format!(
        "tenant roots: {}",
        if roots.is_empty() { "none".into() } else { roots.join(", ") }
    ));
    let verdict = if cx.verdict.failed() {
        format!("FAIL ({})", cx.verdict.reasons.join("; "))
    } else {
        "OK".into()
    };
    format!(
        "tenant-planner: {} — --fail-on {}: {verdict}",
        parts.join(" · "),
        cx.verdict.conditions()
    )
}

pub fn render(report: &Report, cx: &Context) -> String {
    let mut o = String::new();
    for i in issues(report).iter().filter(|i| i.suppressed.is_none()) {
        let mut props = Vec::new();
        if let Some(file) = i.file.as_deref().filter(|f| !f.is_empty()) {
            props.push(format!("file={}", escape_property(&path_in(&cx.dir, file))));
            if let Some(line) = i.line.filter(|&l| l > 0) {
                props.push(format!("line={line}"));
                if let Some(col) = i.column.filter(|&c| c > 0) {
                    props.push(format!("col={col}"));
                }
            }
        }
        props.push(format!("title={}", escape_property(&i.rule)));
        let _ =
            writeln!(o, "::{} {}::{}", command(i.level), props.join(","), escape_data(&i.message));
    }
    match &cx.link {
        Some(Ok(url)) => {
            let _ = writeln!(o, "::notice::{}", escape_data(&format!("Preview: {url}")));
        }
        Some(Err(why)) => {
            let _ = writeln!(o, "::notice::{}", escape_data(&format!("Preview: no link ({why})")));
        }
        None => {}
    }
    let _ = writeln!(o, "{}", summary(report, cx));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::fail_on::decide;
    use crate::format::sample;

    fn cx(report: &Report, link: Option<Result<String, String>>) -> Context {
        Context { dir: "db/mig".into(), link, verdict: decide(report, &[]) }
    }

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("100%\r\nnext: a, b"), "100%25%0D%0Anext: a, b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_command_per_unsuppressed_finding_then_a_summary() {
        let r = sample::report();
        let out = render(&r, &cx(&r, Some(Ok("https://x.test/#p=1.abc".into()))));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=db/mig/001_add%2C tenant.sql,line=5,col=37,title=sql_error::syntax error at or near \"referencs\" (SQLSTATE 42601)%0Ahint: 100%25 sure:%0Afix it"
        );
        assert_eq!(lines[1], "::error file=db/mig/validate.sql,line=9,title=validation_check_failed::FAIL: rls on accounts");
        assert_eq!(lines[2], "::error file=db/mig/001_add%2C tenant.sql,line=2,title=rls_disabled_in_public::public.accounts has no row level security");
        assert_eq!(
            lines[3],
            "::warning title=missing_tenant_index::no index leads with public.accounts.tenant_id"
        );
        assert_eq!(lines[4], "::notice file=db/mig/001_add%2C tenant.sql,line=4,title=nullable_tenant_key::public.accounts.tenant_id is nullable");
        assert!(lines[5].starts_with("::error title=cross_tenant_leak::SELECT on public.accounts"));
        assert!(lines[6].starts_with("::warning file=db/mig/001_down.sql,title=rollback_not_clean::the rollback does not restore the database: not clean"));
        assert_eq!(lines[7], "::notice::Preview: https://x.test/#p=1.abc");
        assert_eq!(
            lines[8],
            "tenant-planner: 7 statements (1 failed) · run stopped · validation 1 passed, 1 failed · lints 1 error, 1 warning, 1 info (1 suppressed) · 1 leak · rollback NOT clean · tenant roots: public.tenants — --fail-on error: FAIL (error: the run: 1 statement failed; error: the run: 1 statement did not run; error: validation: 1 of 2 checks failed; error: lints: 1 unsuppressed ERROR-level finding)"
        );
        assert_eq!(lines.len(), 9);
        assert!(!out.contains("small table"), "suppressed findings are not annotated");
    }

    #[test]
    fn a_clean_run_is_one_line() {
        let r = sample::clean();
        let out = render(&r, &cx(&r, Some(Err("too large".into()))));
        assert_eq!(
            out,
            "::notice::Preview: no link (too large)\ntenant-planner: 4 statements (0 failed) · lints 0 errors, 0 warnings, 0 info (0 suppressed) · no rollback · tenant roots: public.organizations — --fail-on error: OK\n"
        );
    }
}
