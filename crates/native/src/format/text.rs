//! `--format text`: a summary to read in a terminal or a CI log. Colours only when asked (the
//! binary asks when stdout is a terminal and NO_COLOR is not set).

use super::{describe_leak, first_file_of_role, issues, leaks, lint_counts, list_of, num_of, path_in, plural, str_of, Context, Issue};
use serde_json::Value;
use std::fmt::Write;
use tenant_planner_core::lint::Level;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
    fn level(&self, level: Level, s: &str) -> String {
        match level {
            Level::Error => self.red(s),
            Level::Warn => self.yellow(s),
            Level::Info => self.cyan(s),
        }
    }
}

fn location(cx: &Context, i: &Issue) -> String {
    let Some(file) = &i.file else { return String::new() };
    let mut s = path_in(&cx.dir, file);
    if let Some(line) = i.line {
        let _ = write!(s, ":{line}");
        if let Some(col) = i.column {
            let _ = write!(s, ":{col}");
        }
    }
    s
}

/// Continuation lines of a message, indented under its first line.
fn indent_rest(msg: &str, pad: &str) -> String {
    let mut lines = msg.lines();
    let mut out = lines.next().unwrap_or("").to_string();
    for l in lines {
        let _ = write!(out, "\n{pad}{l}");
    }
    out
}

fn names(list: &[Value]) -> String {
    let v: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
    if v.is_empty() {
        "(none)".into()
    } else {
        v.join(", ")
    }
}

pub fn render(report: &Value, cx: &Context, color: bool) -> String {
    let p = Paint(color);
    let mut o = String::new();
    let engine = report.get("engine").unwrap_or(&Value::Null);
    let _ = writeln!(
        o,
        "{} {} — profile {}, {}, PostgreSQL {}",
        p.bold("tenant-planner check"),
        p.bold(&cx.dir),
        str_of(report, "profile"),
        str_of(engine, "name"),
        str_of(engine, "postgres_version")
    );

    if let Some(summary) = report.get("convention").and_then(|c| c.get("summary")).and_then(Value::as_str) {
        let _ = writeln!(o, "{} {summary}", p.dim("Convention:"));
    }

    // Files and statements.
    let _ = writeln!(o, "\n{}", p.bold("Files"));
    let files = list_of(report, "files");
    let width = files.iter().map(|f| str_of(f, "file").chars().count()).max().unwrap_or(0);
    for f in files {
        let (n, failed, not_run, skipped) = (num_of(f, "statements"), num_of(f, "failed"), num_of(f, "not_run"), num_of(f, "skipped"));
        let ok = n.saturating_sub(failed + not_run);
        let mut counts = format!("{ok} ok");
        if failed > 0 {
            let _ = write!(counts, ", {}", p.red(&format!("{failed} failed")));
        }
        if not_run > 0 {
            let _ = write!(counts, ", {not_run} not run");
        }
        if skipped > 0 {
            let _ = write!(counts, ", {skipped} skipped");
        }
        let mark = if failed > 0 {
            p.red("✗")
        } else if not_run > 0 || n == 0 {
            p.dim("·")
        } else {
            p.green("✓")
        };
        let _ = writeln!(o, "  {mark} {:<width$}  {:<8}  {counts}", str_of(f, "file"), str_of(f, "role"));
    }
    let st = report.get("statements").unwrap_or(&Value::Null);
    let outcome = str_of(report, "outcome");
    let outcome_words = match outcome {
        "completed" => p.green("completed"),
        "stopped" => p.red("stopped at the first failure"),
        other => p.red(other),
    };
    let mut line = format!("Statements: {} — {} ok, {} failed", num_of(st, "total"), num_of(st, "ok"), num_of(st, "failed"));
    for (key, words) in [("not_run", "not run"), ("skipped", "skipped"), ("cancelled", "cancelled")] {
        if num_of(st, key) > 0 {
            let _ = write!(line, ", {} {words}", num_of(st, key));
        }
    }
    let _ = writeln!(o, "{line}; run {outcome_words}");
    if let Some(why) = report.get("abort_reason").and_then(Value::as_str) {
        let _ = writeln!(o, "  {}", p.red(why));
    }

    let all = issues(report);

    // Statement errors.
    let errors = list_of(report, "errors");
    if !errors.is_empty() {
        let _ = writeln!(o, "\n{}", p.bold(&format!("Errors ({})", errors.len())));
        for e in errors {
            let loc = format!("{}:{}:{}", path_in(&cx.dir, str_of(e, "file")), num_of(e, "line"), num_of(e, "column"));
            let _ = writeln!(o, "  {} {} {}", loc, p.red(str_of(e, "sqlstate")), str_of(e, "message"));
            for key in ["detail", "hint"] {
                if let Some(extra) = e.get(key).and_then(Value::as_str) {
                    let _ = writeln!(o, "      {} {}", p.dim(&format!("{key}:")), indent_rest(extra, "        "));
                }
            }
        }
    }

    // Validation.
    let validation = report.get("validation").and_then(Value::as_object);
    match validation {
        Some(v) if !v.is_empty() => {
            let (passed, failed): (u64, u64) = v.values().fold((0, 0), |(a, b), e| (a + num_of(e, "passed"), b + num_of(e, "failed")));
            let _ = writeln!(o, "\n{}", p.bold(&format!("Validation: {passed} passed, {failed} failed")));
            for (file, e) in v {
                let counts = format!("{} passed, {} failed", num_of(e, "passed"), num_of(e, "failed"));
                let counts = if num_of(e, "failed") > 0 { p.red(&counts) } else { p.green(&counts) };
                let _ = write!(o, "  {file}: {counts}");
                match e.get("result_line").and_then(Value::as_str) {
                    Some(r) => {
                        let _ = writeln!(o, " {}", p.dim(&format!("({r})")));
                    }
                    None => {
                        let _ = writeln!(o, " {}", p.dim("(no RESULT: line)"));
                    }
                }
                for c in list_of(e, "checks").iter().filter(|c| c.get("passed") == Some(&Value::Bool(false))) {
                    let _ = writeln!(o, "    {} {}:{} {}", p.red("FAIL"), path_in(&cx.dir, file), num_of(c, "line"), str_of(c, "name"));
                }
            }
        }
        _ => {
            let _ = writeln!(o, "\nValidation: {}", p.dim("no validation file"));
        }
    }

    // Lints.
    let counts = lint_counts(report);
    let mut head =
        format!("Lints: {}, {}, {}", plural(counts.error, "error", "errors"), plural(counts.warn, "warning", "warnings"), plural(counts.info, "info", "info"));
    if counts.suppressed > 0 {
        let _ = write!(head, " ({} suppressed)", counts.suppressed);
    }
    let _ = writeln!(o, "\n{}", p.bold(&head));
    let lints: Vec<&Issue> = all.iter().filter(|i| super::is_lint(&i.rule)).collect();
    for level in [Level::Error, Level::Warn, Level::Info] {
        let group: Vec<&&Issue> = lints.iter().filter(|i| i.level == level && i.suppressed.is_none()).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(o, "  {}", p.level(level, level.as_str()));
        for i in group {
            let loc = location(cx, i);
            let loc = if loc.is_empty() { String::new() } else { format!("{loc} ") };
            let _ = writeln!(o, "    {loc}{} {}", p.dim(&format!("[{}]", i.rule)), indent_rest(&i.message, "      "));
        }
    }
    let suppressed: Vec<&&Issue> = lints.iter().filter(|i| i.suppressed.is_some()).collect();
    if !suppressed.is_empty() {
        let _ = writeln!(o, "  {}", p.dim(&format!("Suppressed ({})", suppressed.len())));
        for i in suppressed {
            let loc = location(cx, i);
            let loc = if loc.is_empty() { String::new() } else { format!("{loc} ") };
            let what = i.object.clone().unwrap_or_else(|| i.message.clone());
            let _ = writeln!(o, "    {loc}{} {what} — {}", p.dim(&format!("[{}]", i.rule)), i.suppressed.as_deref().unwrap_or(""));
        }
    }

    // Isolation (only when the report has the section).
    if let Some(iso) = report.get("isolation").filter(|v| !v.is_null()) {
        let found = leaks(report);
        if found.is_empty() {
            let _ = writeln!(o, "\n{} {}", p.bold("Leaks:"), p.green("none found"));
        } else {
            let _ = writeln!(o, "\n{}", p.bold(&p.red(&format!("Leaks ({})", found.len()))));
            for l in found {
                let _ = writeln!(o, "  {}", describe_leak(l));
            }
            let _ = writeln!(o, "  {}", p.dim("each with a psql script that shows it: isolation.leaks[].sql in --format json"));
        }
        if let Some(why) = iso.get("error").and_then(Value::as_str) {
            let _ = writeln!(o, "  {}", p.yellow(&format!("the probes did not all run: {why}")));
        }
    }

    // Rollback.
    let rb = report.get("rollback").unwrap_or(&Value::Null);
    let verdict = str_of(rb, "verdict");
    let provided = rb.get("provided").and_then(Value::as_bool).unwrap_or(false);
    let clean = rb.get("clean").and_then(Value::as_bool).unwrap_or(false);
    let verdict = if !provided {
        p.dim(verdict)
    } else if clean {
        p.green(verdict)
    } else {
        p.yellow(verdict)
    };
    let _ = writeln!(o, "\n{} {verdict}", p.bold("Rollback:"));
    if provided && !clean {
        if let Some(first) = first_file_of_role(report, "rollback") {
            let _ = writeln!(o, "  {}", p.dim(&format!("first rollback file run: {}", path_in(&cx.dir, first))));
        }
        for d in list_of(rb, "differences") {
            let _ = writeln!(o, "  {}", str_of(d, "summary"));
        }
        for d in list_of(rb, "data").iter().filter(|d| str_of(d, "verdict") != "identical") {
            let loss = if d.get("data_loss") == Some(&Value::Bool(true)) { p.red(" (data lost)") } else { String::new() };
            let _ = writeln!(o, "  data of {}: {}{loss}", str_of(d, "table"), str_of(d, "verdict"));
        }
    }

    // Tenancy.
    let _ = writeln!(o, "\n{} {}", p.bold("Tenant roots:"), names(list_of(report, "tenant_roots")));
    let _ = writeln!(o, "{} {}", p.bold("User-identity tables:"), names(list_of(report, "user_identity_tables")));

    if let Some(link) = &cx.link {
        match link {
            Ok(url) => {
                let _ = writeln!(o, "\nPreview: {url}");
            }
            Err(why) => {
                let _ = writeln!(o, "\nPreview: no link ({why})");
            }
        }
    }

    // The one verdict (the same the app and the bundle show): each check and what it rests on.
    if let Some(verdict) = report.get("verdict") {
        let _ = writeln!(o, "\n{} {}", p.bold("Verdict:"), str_of(verdict, "headline"));
        for c in list_of(verdict, "checks") {
            let state = str_of(c, "state");
            let mark = match state {
                "passed" => p.green("✓ passed      "),
                "failed" => p.red("✗ failed      "),
                "inconclusive" => p.yellow("? inconclusive"),
                _ => p.dim("– not checked "),
            };
            let label = tenant_planner_core::verdict::CheckId::ALL
                .into_iter()
                .find(|id| id.as_str() == str_of(c, "id"))
                .map_or(str_of(c, "id"), |id| id.label());
            let why = list_of(c, "reasons").iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; ");
            let why = if why.is_empty() || state == "passed" { String::new() } else { format!(" — {why}") };
            let _ = writeln!(o, "  {mark} {label}: {}{why}", str_of(c, "summary"));
        }
    }

    let v = &cx.verdict;
    if v.failed() {
        let _ = writeln!(o, "\n{} {}", p.bold(&p.red("Result: FAIL")), p.dim(&format!("(--fail-on {})", v.conditions())));
        for r in &v.reasons {
            let _ = writeln!(o, "  {r}");
        }
    } else {
        let _ = writeln!(o, "\n{} {}", p.bold(&p.green("Result: OK")), p.dim(&format!("(--fail-on {})", v.conditions())));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::fail_on::{judge_value, FailOn};
    use crate::format::sample;

    fn cx(report: &Value, link: Option<Result<String, String>>) -> Context {
        Context { dir: "mig".into(), link, verdict: judge_value(report, &[FailOn::Error]) }
    }

    #[test]
    fn the_summary_names_every_finding_with_its_place() {
        let r = sample::report();
        let out = render(&r, &cx(&r, Some(Ok("https://x.test/#p=1.abc".into()))), false);
        for want in [
            "tenant-planner check mig — profile postgres, pglite-oxide (native), PostgreSQL 17.5",
            "  ✓ 000_baseline.sql     baseline  2 ok",
            "  ✗ 001_add, tenant.sql  up        1 ok, 1 failed, 1 not run",
            "Statements: 7 — 5 ok, 1 failed, 1 not run; run stopped at the first failure",
            "Errors (1)",
            "  mig/001_add, tenant.sql:5:37 42601 syntax error at or near \"referencs\"",
            "      hint: 100% sure:\n        fix it",
            "Validation: 1 passed, 1 failed",
            "  validate.sql: 1 passed, 1 failed (RESULT: 1 passed, 1 failed)",
            "    FAIL mig/validate.sql:9 rls on accounts",
            "Lints: 1 error, 1 warning, 1 info (1 suppressed)",
            "  ERROR\n    mig/001_add, tenant.sql:2 [rls_disabled_in_public] public.accounts has no row level security",
            "  WARN\n    [missing_tenant_index] no index leads with public.accounts.tenant_id",
            "  INFO\n    mig/001_add, tenant.sql:4 [nullable_tenant_key]",
            "  Suppressed (1)\n    mig/001_add, tenant.sql:3 [missing_tenant_index] public.notes.tenant_id — small table, 10 rows",
            "Leaks (1)\n  SELECT on public.accounts as member of tenant B: 3 row(s) of another tenant",
            "Rollback: not clean: 1 schema difference, data lost in 1 table",
            "  - column public.accounts.notes text",
            "  data of public.accounts: columns lost (data lost)",
            "Tenant roots: public.tenants",
            "User-identity tables: (none)",
            "Preview: https://x.test/#p=1.abc",
            "Verdict: NOT VALIDATED: 1 statement failed;",
            "  ✗ failed       leak probes: 1 table × 1 persona probed — 1 cross-tenant leak found",
            "Result: FAIL (--fail-on error)\n  error: the run: 1 statement failed",
        ] {
            assert!(out.contains(want), "missing {want:?} in\n{out}");
        }
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn a_clean_run_reads_ok() {
        let r = sample::clean();
        let out = render(&r, &cx(&r, Some(Err("the project is too large for a link".into()))), false);
        for want in [
            "  ✓ 001_up.sql  up        4 ok, 1 skipped",
            "Validation: no validation file",
            "Lints: 0 errors, 0 warnings, 0 info\n",
            "Rollback: no rollback file",
            "Tenant roots: public.organizations",
            "User-identity tables: auth.users",
            "Preview: no link (the project is too large for a link)",
            "Verdict: Partly checked: the run and lints passed; not checked: validation, the rollback and leak probes.",
            "  – not checked  validation: no validation file — the project has no validation file",
            "Result: OK (--fail-on error)",
        ] {
            assert!(out.contains(want), "missing {want:?} in\n{out}");
        }
        // No isolation section in the report: no leak line at all.
        assert!(!out.contains("Leaks"));
        assert!(!out.contains("Errors"));
    }

    #[test]
    fn colours_only_when_asked() {
        let r = sample::report();
        let out = render(&r, &cx(&r, None), true);
        assert!(out.contains("\x1b[31m42601\x1b[0m"));
        assert!(!out.contains("Preview"));
    }
}
