//! `--format text`: a summary to read in a terminal or a CI log. Colours only when asked (the
//! binary asks when stdout is a terminal and NO_COLOR is not set).

use super::{
    describe_leak, first_file_of_role, issues, leaks, lint_counts, path_in, plural, Context, Issue,
};
use std::fmt::Write;
use tenant_planner_core::lint::Level;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::Outcome;
use tenant_planner_core::verdict::{CheckId, State, Verdict};

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

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "(none)".into()
    } else {
        list.join(", ")
    }
}

pub fn render(report: &Report, cx: &Context, color: bool) -> String {
    let p = Paint(color);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} — profile {}, {}, PostgreSQL {}",
        p.bold("tenant-planner check"),
        p.bold(&cx.dir),
        report.profile,
        report.engine.name,
        report.engine.postgres_version
    );
    let _ = writeln!(o, "{} {}", p.dim("Convention:"), report.convention.summary);
    files(&mut o, &p, report);
    let all = issues(report);
    errors(&mut o, &p, report, cx);
    validation(&mut o, &p, report, cx);
    lints(&mut o, &p, report, cx, &all);
    isolation(&mut o, &p, report);
    rollback(&mut o, &p, report, cx);
    if let Some(v) = &report.volume {
        super::volume::render(&mut o, v, &cx.dir, color);
    }

    // Tenancy.
    let _ = writeln!(o, "\n{} {}", p.bold("Tenant roots:"), names(&report.tenant_roots));
    let _ =
        writeln!(o, "{} {}", p.bold("User-identity tables:"), names(&report.user_identity_tables));

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
    verdict(&mut o, &p, &report.verdict);
    result(&mut o, &p, cx);
    o
}

/// Files and statements.
fn files(o: &mut String, p: &Paint, report: &Report) {
    let _ = writeln!(o, "\n{}", p.bold("Files"));
    let width = report.files.iter().map(|f| f.file.chars().count()).max().unwrap_or(0);
    for f in &report.files {
        let (n, failed, not_run, skipped) = (f.statements, f.failed, f.not_run, f.skipped);
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
        let _ = writeln!(o, "  {mark} {:<width$}  {:<8}  {counts}", f.file, f.role);
    }
    let st = &report.statements;
    let outcome_words = match report.outcome {
        Outcome::Completed => p.green("completed"),
        Outcome::Stopped => p.red("stopped at the first failure"),
        other => p.red(super::outcome_str(other)),
    };
    let mut line = format!("Statements: {} — {} ok, {} failed", st.total, st.ok, st.failed);
    for (n, words) in
        [(st.not_run, "not run"), (st.skipped, "skipped"), (st.cancelled, "cancelled")]
    {
        if n > 0 {
            let _ = write!(line, ", {n} {words}");
        }
    }
    let _ = writeln!(o, "{line}; run {outcome_words}");
    if let Some(why) = &report.abort_reason {
        let _ = writeln!(o, "  {}", p.red(why));
    }
}

/// Statement errors.
fn errors(o: &mut String, p: &Paint, report: &Report, cx: &Context) {
    if report.errors.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{}", p.bold(&format!("Errors ({})", report.errors.len())));
    for e in &report.errors {
        let loc = format!("{}:{}:{}", path_in(&cx.dir, &e.file), e.line, e.column);
        let _ = writeln!(o, "  {} {} {}", loc, p.red(&e.sqlstate), e.message);
        for (key, extra) in [("detail", &e.detail), ("hint", &e.hint)] {
            if let Some(extra) = extra {
                let _ = writeln!(
                    o,
                    "      {} {}",
                    p.dim(&format!("{key}:")),
                    indent_rest(extra, "        ")
                );
            }
        }
    }
}

fn validation(o: &mut String, p: &Paint, report: &Report, cx: &Context) {
    if report.validation.is_empty() {
        let _ = writeln!(o, "\nValidation: {}", p.dim("no validation file"));
        return;
    }
    let (passed, failed) =
        report.validation.values().fold((0, 0), |(a, b), e| (a + e.passed, b + e.failed));
    let _ = writeln!(o, "\n{}", p.bold(&format!("Validation: {passed} passed, {failed} failed")));
    for (file, e) in &report.validation {
        let counts = format!("{} passed, {} failed", e.passed, e.failed);
        let counts = if e.failed > 0 { p.red(&counts) } else { p.green(&counts) };
        let _ = write!(o, "  {file}: {counts}");
        match &e.result_line {
            Some(r) => {
                let _ = writeln!(o, " {}", p.dim(&format!("({r})")));
            }
            None => {
                let _ = writeln!(o, " {}", p.dim("(no RESULT: line)"));
            }
        }
        for c in e.checks.iter().filter(|c| !c.passed) {
            let _ = writeln!(
                o,
                "    {} {}:{} {}",
                p.red("FAIL"),
                path_in(&cx.dir, file),
                c.line,
                c.name
            );
        }
    }
}

fn lints(o: &mut String, p: &Paint, report: &Report, cx: &Context, all: &[Issue]) {
    let counts = lint_counts(report);
    let mut head = format!(
        "Lints: {}, {}, {}",
        plural(counts.error, "error", "errors"),
        plural(counts.warn, "warning", "warnings"),
        plural(counts.info, "info", "info")
    );
    if counts.suppressed > 0 {
        let _ = write!(head, " ({} suppressed)", counts.suppressed);
    }
    let _ = writeln!(o, "\n{}", p.bold(&head));
    let lints: Vec<&Issue> = all.iter().filter(|i| super::is_lint(&i.rule)).collect();
    for level in [Level::Error, Level::Warn, Level::Info] {
        let group: Vec<&&Issue> =
            lints.iter().filter(|i| i.level == level && i.suppressed.is_none()).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(o, "  {}", p.level(level, level.as_str()));
        for i in group {
            let loc = location(cx, i);
            let loc = if loc.is_empty() { String::new() } else { format!("{loc} ") };
            let _ = writeln!(
                o,
                "    {loc}{} {}",
                p.dim(&format!("[{}]", i.rule)),
                indent_rest(&i.message, "      ")
            );
        }
    }
    let suppressed: Vec<&&Issue> = lints.iter().filter(|i| i.suppressed.is_some()).collect();
    if !suppressed.is_empty() {
        let _ = writeln!(o, "  {}", p.dim(&format!("Suppressed ({})", suppressed.len())));
        for i in suppressed {
            let loc = location(cx, i);
            let loc = if loc.is_empty() { String::new() } else { format!("{loc} ") };
            let what = i.object.clone().unwrap_or_else(|| i.message.clone());
            let _ = writeln!(
                o,
                "    {loc}{} {what} — {}",
                p.dim(&format!("[{}]", i.rule)),
                i.suppressed.as_deref().unwrap_or("")
            );
        }
    }
}

/// Leaks (only when the probes ran).
fn isolation(o: &mut String, p: &Paint, report: &Report) {
    let Some(iso) = &report.isolation else { return };
    let found = leaks(report);
    let check = report.verdict.check(CheckId::Leaks);
    if found.is_empty() && check.state == State::Passed {
        let _ = writeln!(o, "\n{} {}", p.bold("Leaks:"), p.green("none found"));
    } else if found.is_empty() {
        // Nothing found is no pass when the verdict says the probes could not answer.
        let _ = writeln!(
            o,
            "\n{} {}",
            p.bold("Leaks:"),
            p.yellow(&format!("none found, but {}", check.state.as_str().replace('_', " ")))
        );
        for why in &check.reasons {
            let _ = writeln!(o, "  {}", p.yellow(why));
        }
    } else {
        let _ = writeln!(o, "\n{}", p.bold(&p.red(&format!("Leaks ({})", found.len()))));
        for l in found {
            let _ = writeln!(o, "  {}", describe_leak(l));
        }
        let _ = writeln!(
            o,
            "  {}",
            p.dim("each with a psql script that shows it: isolation.leaks[].sql in --format json")
        );
    }
    if let Some(why) = &iso.error {
        let _ = writeln!(o, "  {}", p.yellow(&format!("the probes did not all run: {why}")));
    }
}

fn rollback(o: &mut String, p: &Paint, report: &Report, cx: &Context) {
    let rb = &report.rollback;
    let verdict = if !rb.provided {
        p.dim(&rb.verdict)
    } else if rb.clean {
        p.green(&rb.verdict)
    } else {
        p.yellow(&rb.verdict)
    };
    let _ = writeln!(o, "\n{} {verdict}", p.bold("Rollback:"));
    if rb.provided && !rb.clean {
        if let Some(first) = first_file_of_role(report, "rollback") {
            let _ = writeln!(
                o,
                "  {}",
                p.dim(&format!("first rollback file run: {}", path_in(&cx.dir, first)))
            );
        }
        for d in &rb.differences {
            let _ = writeln!(o, "  {}", d.summary);
        }
        for d in rb.data.iter().filter(|d| d.verdict != "identical") {
            let loss = if d.data_loss { p.red(" (data lost)") } else { String::new() };
            let _ = writeln!(o, "  data of {}: {}{loss}", d.table, d.verdict);
        }
    }
}

/// The one verdict (the same the app and the bundle show): each check and what it rests on.
/// Its first line, `Verdict: <headline>`, is what the verdict matrix test reads.
fn verdict(o: &mut String, p: &Paint, v: &Verdict) {
    let _ = writeln!(o, "\n{} {}", p.bold("Verdict:"), v.headline);
    for c in &v.checks {
        let mark = match c.state {
            State::Passed => p.green("✓ passed      "),
            State::Failed => p.red("✗ failed      "),
            State::Inconclusive => p.yellow("? inconclusive"),
            State::NotChecked | State::Partial => p.dim("– not checked "),
        };
        let why = if c.reasons.is_empty() || c.state == State::Passed {
            String::new()
        } else {
            format!(" — {}", c.reasons.join("; "))
        };
        let _ = writeln!(o, "  {mark} {}: {}{why}", c.id.label(), c.summary);
    }
}

/// `Result: OK|FAIL (--fail-on …)` and what tripped it.
fn result(o: &mut String, p: &Paint, cx: &Context) {
    let v = &cx.verdict;
    if v.failed() {
        let _ = writeln!(
            o,
            "\n{} {}",
            p.bold(&p.red("Result: FAIL")),
            p.dim(&format!("(--fail-on {})", v.conditions()))
        );
        for r in &v.reasons {
            let _ = writeln!(o, "  {r}");
        }
    } else {
        let _ = writeln!(
            o,
            "\n{} {}",
            p.bold(&p.green("Result: OK")),
            p.dim(&format!("(--fail-on {})", v.conditions()))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::fail_on::{decide, FailOn};
    use crate::format::sample;

    fn cx(report: &Report, link: Option<Result<String, String>>) -> Context {
        Context { dir: "mig".into(), link, verdict: decide(report, &[FailOn::Error]) }
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
        let out =
            render(&r, &cx(&r, Some(Err("the project is too large for a link".into()))), false);
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
