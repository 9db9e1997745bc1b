//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the files of a pull request: `::error file=DIR/f.sql,line=N,title=<rule id>::message`
//! (`warning` for WARN, `notice` for INFO). Suppressed findings are counted in the summary, not
//! annotated. A last plain line sums the run up.

use super::{issues, lint_counts, list_of, num_of, path_in, plural, str_of, Context};
use serde_json::Value;
use std::fmt::Write;
use tenant_planner_core::lint::Level;

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
pub fn summary(report: &Value, cx: &Context) -> String {
    let st = report.get("statements").unwrap_or(&Value::Null);
    let mut parts = vec![format!("{} ({} failed)", plural(num_of(st, "total") as usize, "statement", "statements"), num_of(st, "failed"))];
    let outcome = str_of(report, "outcome");
    if outcome != "completed" {
        parts.push(format!("run {outcome}"));
    }
    if let Some(v) = report.get("validation").and_then(Value::as_object).filter(|v| !v.is_empty()) {
        let (passed, failed) = v.values().fold((0, 0), |(a, b), e| (a + num_of(e, "passed"), b + num_of(e, "failed")));
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
    if report.get("isolation").is_some_and(|v| !v.is_null()) {
        parts.push(plural(super::leaks(report).len(), "leak", "leaks"));
    }
    let rb = report.get("rollback").unwrap_or(&Value::Null);
    let rollback = match (rb.get("provided").and_then(Value::as_bool), rb.get("clean").and_then(Value::as_bool)) {
        (Some(true), Some(true)) => "rollback clean",
        (Some(true), _) => "rollback NOT clean",
        _ => "no rollback",
    };
    parts.push(rollback.into());
    let roots = list_of(report, "tenant_roots").iter().filter_map(Value::as_str).collect::<Vec<_>>();
    parts.push(format!("tenant roots: {}", if roots.is_empty() { "none".into() } else { roots.join(", ") }));
    let verdict = if cx.verdict.failed() { format!("FAIL ({})", cx.verdict.reasons.join("; ")) } else { "OK".into() };
    format!("tenant-planner: {} — --fail-on {}: {verdict}", parts.join(" · "), cx.verdict.conditions())
}

pub fn render(report: &Value, cx: &Context) -> String {
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
        let _ = writeln!(o, "::{} {}::{}", command(i.level), props.join(","), escape_data(&i.message));
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
    use crate::format::fail_on::judge_value;
    use crate::format::sample;

    fn cx(report: &Value, link: Option<Result<String, String>>) -> Context {
        Context { dir: "db/mig".into(), link, verdict: judge_value(report, &[]) }
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
        assert_eq!(lines[3], "::warning title=missing_tenant_index::no index leads with public.accounts.tenant_id");
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
