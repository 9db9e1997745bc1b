//! What `tenant-planner check` prints besides the report JSON: a readable summary (text), SARIF
//! 2.1.0, GitHub workflow commands, and the `--fail-on` verdict.
//!
//! Every formatter reads the core's typed [`Report`], as the pipeline built it: levels, states and
//! counts are the core's own values, and the verdict is the report's (`tenant_planner_core::verdict`),
//! never judged again here.

use tenant_planner_core::isolation::Leak;
use tenant_planner_core::lint::{count_active, docs, Level};
use tenant_planner_core::report::Report;
use tenant_planner_core::run::Outcome;

pub mod fail_on;
pub mod github;
pub mod plan;
pub mod sarif;
pub mod text;
pub mod volume;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// `check`'s output in `format` (colours only for text, when `color`).
pub fn render(format: Format, report: &Report, cx: &Context, color: bool) -> String {
    match format {
        Format::Text => text::render(report, cx, color),
        Format::Github => github::render(report, cx),
        Format::Json => tenant_planner_core::report::to_json(report) + "\n",
        Format::Sarif => {
            serde_json::to_string_pretty(&sarif::render(report, cx)).expect("SARIF serializes")
                + "\n"
        }
    }
}

/// What the formatters need besides the report.
#[derive(Debug, Clone)]
pub struct Context {
    /// The folder as given on the command line: a file's location is `dir/file`.
    pub dir: String,
    /// `--link-base` given: the share link, or why there is none (too large).
    pub link: Option<Result<String, String>>,
    pub verdict: fail_on::Decision,
}

/// Where a file of the folder is, as the user named the folder (`examples/x` + `a.sql` →
/// `examples/x/a.sql`), with `/` separators and no leading `./`. The down section of a dbmate
/// file (`a.sql#down`, same line numbers) is in `a.sql`.
pub fn path_in(dir: &str, file: &str) -> String {
    let file = tenant_planner_core::conventions::source_path(file);
    let dir = dir.replace('\\', "/");
    let absolute = dir.starts_with('/');
    let mut d = dir.trim_end_matches('/');
    while let Some(rest) = d.strip_prefix("./") {
        d = rest.trim_start_matches('/');
    }
    match d {
        "" if absolute => format!("/{file}"),
        "" | "." => file.to_string(),
        _ => format!("{d}/{file}"),
    }
}

/// `--link-base URL`: the app's "Copy link" for this project (`URL#p=…`), or why there is none.
pub fn share_link(
    project: &tenant_planner_core::project::Project,
    base: &str,
) -> Result<String, String> {
    use tenant_planner_core::share::{encode, Shared, View};
    let base = base.split('#').next().unwrap_or("");
    let fragment = encode(&Shared { project: project.clone(), view: View::default() })
        .map_err(|e| e.to_string())?;
    Ok(format!("{base}#{fragment}"))
}

// Rules of our own, besides the lints: a result of the run itself.
pub const SQL_ERROR: &str = "sql_error";
pub const VALIDATION_FAILED: &str = "validation_check_failed";
pub const LEAK: &str = "cross_tenant_leak";
pub const ROLLBACK_NOT_CLEAN: &str = "rollback_not_clean";
pub const RUN_NOT_COMPLETED: &str = "run_not_completed";

/// A rule's documentation, for SARIF's `rules` and the text summary.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub level: Level,
    pub categories: Vec<String>,
    pub description: String,
    pub remediation: String,
    pub example: String,
}

fn own_rule(id: &str, title: &str, level: Level, description: &str, remediation: &str) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        title: title.into(),
        level,
        categories: vec!["RUN".into()],
        description: description.into(),
        remediation: remediation.into(),
        example: String::new(),
    }
}

/// Every rule: the lint rules as the core documents them (plus any lint id the report holds that
/// this build does not know), then the rules of our own.
pub fn rules(report: &Report) -> Vec<RuleInfo> {
    let mut out: Vec<RuleInfo> = docs()
        .into_iter()
        .map(|d| RuleInfo {
            id: d.id.into(),
            title: d.title.into(),
            level: d.level,
            categories: d.categories.iter().map(|c| c.as_str().to_string()).collect(),
            description: d.description.into(),
            remediation: d.remediation.into(),
            example: d.example.into(),
        })
        .collect();
    for (id, found) in &report.lint {
        if out.iter().any(|r| &r.id == id) {
            continue;
        }
        let level = found.iter().map(|f| f.level).min().unwrap_or(Level::Warn);
        out.push(RuleInfo {
            id: id.clone(),
            title: id.replace('_', " "),
            level,
            categories: Vec::new(),
            description: format!("lint rule {id}"),
            remediation: String::new(),
            example: String::new(),
        });
    }
    out.push(own_rule(
        SQL_ERROR,
        "A statement failed",
        Level::Error,
        "Postgres rejected a statement of the migration (the SQLSTATE and message are Postgres's own).",
        "Fix the statement at the given line and column; the run stops at the first failure.",
    ));
    out.push(own_rule(
        VALIDATION_FAILED,
        "A validation check failed",
        Level::Error,
        "A validation file printed FAIL: for one of its checks after the up migrations ran.",
        "Read the check's name at the given line of the validation file and fix the migration (or the check).",
    ));
    out.push(own_rule(
        LEAK,
        "Rows of another tenant are reachable",
        Level::Error,
        "A persona of one tenant reached rows of another tenant through the policies left by the migration.",
        "Tighten the table's row level security policies (and the functions they call) so each tenant sees only its rows.",
    ));
    out.push(own_rule(
        ROLLBACK_NOT_CLEAN,
        "The rollback does not restore the database",
        Level::Warn,
        "After the rollback files ran, the schema or the data differs from the database after baseline and seed.",
        "Make the rollback undo every change of the up migrations; the differences listed name what is missing or extra.",
    ));
    out.push(own_rule(
        RUN_NOT_COMPLETED,
        "The run did not complete",
        Level::Error,
        "The run was aborted or cancelled before every statement ran.",
        "Read the reason given; an engine failure may be a limit of the native engine (see tenant-planner --help).",
    ));
    out
}

/// One thing to report, whatever found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub rule: String,
    pub level: Level,
    /// A file of the folder (its name), when the issue has one.
    pub file: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
    /// The object a lint finding is about.
    pub object: Option<String>,
    /// The user's reason, when they suppressed it.
    pub suppressed: Option<String>,
    /// SQL that shows it again (a leak's psql script).
    pub reproduction: Option<String>,
}

impl Issue {
    fn new(rule: &str, level: Level, message: String) -> Issue {
        Issue {
            rule: rule.into(),
            level,
            file: None,
            line: None,
            column: None,
            message,
            object: None,
            suppressed: None,
            reproduction: None,
        }
    }
}

/// A leak in one sentence.
pub fn describe_leak(leak: &Leak) -> String {
    let mut s = format!(
        "{} on {} as {}: {} row(s) of another tenant",
        leak.command, leak.table, leak.persona, leak.rows
    );
    if !leak.cause.is_empty() {
        s.push_str(&format!(" ({})", leak.cause));
    }
    s
}

/// The leaks the isolation probes found (none when they did not run).
pub fn leaks(report: &Report) -> &[Leak] {
    report.isolation.as_ref().map_or(&[], |i| i.leaks.as_slice())
}

/// The first file of a role, in run order.
pub fn first_file_of_role<'a>(report: &'a Report, role: &str) -> Option<&'a str> {
    report.files.iter().find(|f| f.role == role).map(|f| f.file.as_str()).filter(|f| !f.is_empty())
}

/// Every issue in the report, in this order: an unfinished run, failed statements, failed
/// validation checks, lint findings (ERROR, WARN, INFO; suppressed ones included and marked),
/// leaks, a rollback that is not clean.
pub fn issues(report: &Report) -> Vec<Issue> {
    let mut out = Vec::new();
    if report.outcome != Outcome::Completed && report.errors.is_empty() {
        let mut msg = format!("the run did not complete ({})", outcome_str(report.outcome));
        if let Some(why) = &report.abort_reason {
            msg.push_str(&format!(": {why}"));
        }
        out.push(Issue::new(RUN_NOT_COMPLETED, Level::Error, msg));
    }
    for e in &report.errors {
        let mut msg = format!("{} (SQLSTATE {})", e.message, e.sqlstate);
        for (key, extra) in [("detail", &e.detail), ("hint", &e.hint)] {
            if let Some(extra) = extra {
                msg.push_str(&format!("\n{key}: {extra}"));
            }
        }
        let mut i = Issue::new(SQL_ERROR, Level::Error, msg);
        i.file = Some(e.file.clone());
        i.line = Some(e.line as u64).filter(|&l| l > 0);
        i.column = Some(e.column as u64).filter(|&c| c > 0);
        out.push(i);
    }
    for (file, v) in &report.validation {
        let failed: Vec<_> = v.checks.iter().filter(|c| !c.passed).collect();
        for c in &failed {
            let mut i = Issue::new(VALIDATION_FAILED, Level::Error, format!("FAIL: {}", c.name));
            i.file = Some(file.clone());
            i.line = Some(c.line as u64).filter(|&l| l > 0);
            out.push(i);
        }
        // A count of failures the checks do not list (a RESULT: line says more failed).
        let unlisted = v.failed.saturating_sub(failed.len());
        if unlisted > 0 {
            let mut i = Issue::new(
                VALIDATION_FAILED,
                Level::Error,
                format!(
                    "{unlisted} validation check(s) failed ({})",
                    v.result_line.as_deref().unwrap_or("")
                ),
            );
            i.file = Some(file.clone());
            out.push(i);
        }
    }
    let mut lints = Vec::new();
    for (rule, found) in &report.lint {
        for f in found {
            let mut i = Issue::new(rule, f.level, f.detail.clone());
            i.file = f.file.clone();
            i.line = f.line.map(|l| l as u64);
            i.object = Some(f.object.clone());
            i.suppressed = f.suppressed.clone();
            if i.message.is_empty() {
                i.message = f.object.clone();
            }
            lints.push(i);
        }
    }
    // Stable: by level, rules keep their (alphabetical) order within a level.
    lints.sort_by_key(|i| i.level);
    out.extend(lints);
    for leak in leaks(report) {
        let mut i = Issue::new(LEAK, Level::Error, describe_leak(leak));
        i.object = Some(leak.table.clone()).filter(|t| !t.is_empty());
        i.reproduction = Some(leak.sql.clone()).filter(|t| !t.is_empty());
        out.push(i);
    }
    if rollback_dirty(report) {
        let rb = &report.rollback;
        let mut msg = format!("the rollback does not restore the database: {}", rb.verdict);
        for d in &rb.differences {
            msg.push_str(&format!("\n{}", d.summary));
        }
        for d in rb.data.iter().filter(|d| d.verdict != "identical") {
            msg.push_str(&format!("\ndata of {}: {}", d.table, d.verdict));
        }
        let mut i = Issue::new(ROLLBACK_NOT_CLEAN, Level::Warn, msg);
        i.file = report.rollback_order.first().cloned();
        out.push(i);
    }
    out
}

/// `completed`, `stopped`, … as the report JSON writes it.
pub fn outcome_str(o: Outcome) -> &'static str {
    match o {
        Outcome::Completed => "completed",
        Outcome::Stopped => "stopped",
        Outcome::Cancelled => "cancelled",
        Outcome::Aborted => "aborted",
    }
}

/// The project has a rollback and it does not bring the database back.
pub fn rollback_dirty(report: &Report) -> bool {
    report.rollback.provided && !report.rollback.clean
}

/// Lint findings counted by level as the verdict and the app count them (unsuppressed, each
/// object once: a finding linked to another rule's by `same_as` counts there), suppressed apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LintCounts {
    pub error: usize,
    pub warn: usize,
    pub info: usize,
    pub suppressed: usize,
}

pub fn lint_counts(report: &Report) -> LintCounts {
    let n = |l| count_active(&report.lint, l);
    LintCounts {
        error: n(Level::Error),
        warn: n(Level::Warn),
        info: n(Level::Info),
        suppressed: report.lint.values().flatten().filter(|f| f.suppressed.is_some()).count(),
    }
}

/// A lint rule, not one of our own.
pub fn is_lint(rule: &str) -> bool {
    ![SQL_ERROR, VALIDATION_FAILED, LEAK, ROLLBACK_NOT_CLEAN, RUN_NOT_COMPLETED].contains(&rule)
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
pub(crate) mod sample {
    use serde_json::{json, Value};
    use tenant_planner_core::project::Project;
    use tenant_planner_core::report::{self, Report};
    use tenant_planner_core::run::RunResult;

    /// A report of nothing, as the core builds it, with `overlay`'s top-level fields put over it;
    /// its verdict is the core's judgement of the result.
    fn over_empty(overlay: Value) -> Report {
        let run = RunResult::empty(tenant_planner_core::Profile::Postgres);
        let mut base =
            serde_json::to_value(report::build(&Project::default(), &run, crate::ENGINE_NAME))
                .unwrap();
        for (k, v) in overlay.as_object().unwrap() {
            base[k] = v.clone();
        }
        let mut r: Report = serde_json::from_value(base).expect("the sample is a report");
        r.verdict = r.judge();
        r
    }

    const CATALOG: &str =
        r#"{ "tables": {}, "functions": [], "views": [], "index_count": 0, "policy_count": 0 }"#;

    fn catalog() -> Value {
        serde_json::from_str(CATALOG).unwrap()
    }

    /// A small report by hand: one failed statement, a failed validation check, lints of every
    /// level (one suppressed, one without a file), a leak and a rollback that is not clean.
    pub fn report() -> Report {
        over_empty(json!({
            "tool": { "name": "tenant-planner", "version": "0.1.0", "report_format": 1 },
            "engine": { "postgres_version": "17.5", "name": "pglite-oxide (native)" },
            "profile": "postgres",
            "outcome": "stopped",
            "files": [
                { "file": "000_baseline.sql", "role": "baseline", "statements": 2, "failed": 0, "skipped": 0, "not_run": 0 },
                { "file": "001_add, tenant.sql", "role": "up", "statements": 3, "failed": 1, "skipped": 0, "not_run": 1 },
                { "file": "validate.sql", "role": "validate", "statements": 1, "failed": 0, "skipped": 0, "not_run": 0 },
                { "file": "001_down.sql", "role": "rollback", "statements": 1, "failed": 0, "skipped": 0, "not_run": 0 }
            ],
            "apply_order": ["000_baseline.sql", "001_add, tenant.sql", "validate.sql"],
            "rollback_order": ["001_down.sql"],
            "statements": { "total": 7, "ok": 5, "failed": 1, "skipped": 0, "not_run": 1, "cancelled": 0 },
            "errors": [
                { "file": "001_add, tenant.sql", "line": 5, "column": 37, "sqlstate": "42601",
                  "message": "syntax error at or near \"referencs\"", "hint": "100% sure:\nfix it" }
            ],
            "notices": [],
            "validation": {
                "validate.sql": { "passed": 1, "failed": 1, "result_line": "RESULT: 1 passed, 1 failed",
                    "checks": [ { "passed": true, "name": "tables exist", "line": 2 },
                                { "passed": false, "name": "rls on accounts", "line": 9 } ] }
            },
            "tenant_roots": ["public.tenants"],
            "user_identity_tables": [],
            "catalog": { "after_up": null, "at_stop": catalog() },
            "rollback": { "provided": true, "ran": true, "clean": false, "level": "not_clean",
                "differences": [ { "kind": "column", "object": "public.accounts.notes", "change": "missing", "summary": "- column public.accounts.notes text" } ],
                "data": [ { "table": "public.accounts", "verdict": "columns lost", "rows_before": 2, "data_loss": true } ],
                "verdict": "not clean: 1 schema difference, data lost in 1 table" },
            "lint": {
                "rls_disabled_in_public": [
                    { "object": "public.accounts", "detail": "public.accounts has no row level security", "level": "ERROR", "file": "001_add, tenant.sql", "line": 2 }
                ],
                "missing_tenant_index": [
                    { "object": "public.accounts.tenant_id", "detail": "no index leads with public.accounts.tenant_id", "level": "WARN" },
                    { "object": "public.notes.tenant_id", "detail": "no index leads with public.notes.tenant_id", "level": "WARN", "file": "001_add, tenant.sql", "line": 3, "suppressed": "small table, 10 rows" }
                ],
                "nullable_tenant_key": [
                    { "object": "public.accounts.tenant_id", "detail": "public.accounts.tenant_id is nullable", "level": "INFO", "file": "001_add, tenant.sql", "line": 4 }
                ],
                "quiet_rule": []
            },
            "suppressions": [ { "rule": "missing_tenant_index", "object": "public.notes.tenant_id", "reason": "small table, 10 rows" } ],
            "isolation": { "ms": 12.5, "personas": [], "fixtures": { "tenants": [], "filled": [], "unfilled": [], "rows": 0 },
                "matrix": [ { "persona": "member of tenant B", "table": "public.accounts", "command": "SELECT", "rows": 3 } ],
                "leaks": [
                { "table": "public.accounts", "command": "SELECT", "persona": "member of tenant B", "rows": 3, "cause": "policy \"open\" is permissive with USING (true)", "sql": "select * from public.accounts" }
            ] }
        }))
    }

    /// A clean run: nothing to report.
    pub fn clean() -> Report {
        over_empty(json!({
            "tool": { "name": "tenant-planner", "version": "0.1.0", "report_format": 1 },
            "engine": { "postgres_version": "17.5", "name": "pglite-oxide (native)" },
            "profile": "supabase",
            "outcome": "completed",
            "files": [ { "file": "001_up.sql", "role": "up", "statements": 4, "failed": 0, "skipped": 1, "not_run": 0 } ],
            "apply_order": ["001_up.sql"], "rollback_order": [],
            "statements": { "total": 4, "ok": 4, "failed": 0, "skipped": 1, "not_run": 0, "cancelled": 0 },
            "errors": [], "notices": [], "validation": {},
            "catalog": { "after_up": catalog() },
            "tenant_roots": ["public.organizations"], "user_identity_tables": ["auth.users"],
            "rollback": { "provided": false, "ran": false, "clean": false, "level": "not_verified", "differences": [], "data": [],
                "verdict": "no rollback file: nothing verifies that this migration can be undone (a draft is offered)" },
            "lint": {}, "suppressions": []
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_the_folder_as_given() {
        assert_eq!(path_in("examples/x", "a.sql"), "examples/x/a.sql");
        assert_eq!(path_in("examples/x/", "a.sql"), "examples/x/a.sql");
        assert_eq!(path_in("./examples/x", "a.sql"), "examples/x/a.sql");
        assert_eq!(path_in(".", "a.sql"), "a.sql");
        assert_eq!(path_in("./", "a.sql"), "a.sql");
        assert_eq!(path_in("/abs/dir", "a.sql"), "/abs/dir/a.sql");
        assert_eq!(path_in("/", "a.sql"), "/a.sql");
        assert_eq!(path_in("sub\\dir", "a.sql"), "sub/dir/a.sql");
    }

    #[test]
    fn share_links_open_the_project_as_the_app_does() {
        use tenant_planner_core::files::SqlFile;
        use tenant_planner_core::project::Project;
        use tenant_planner_core::share::{decode, Shared, View};
        let project = Project {
            files: vec![SqlFile::new("001_up.sql", "create table t (id int);")],
            ..Default::default()
        };
        let link = share_link(&project, "https://example.test/app/#old").unwrap();
        let (base, fragment) = link.split_once('#').unwrap();
        assert_eq!(base, "https://example.test/app/");
        assert_eq!(
            decode(fragment).unwrap(),
            Shared { project: project.clone(), view: View::default() }
        );
        // Too large: the core's message, no link.
        let mut noise = String::new();
        let mut x: u64 = 1;
        while noise.len() < 400_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            noise.push_str(&format!("{x:x}"));
        }
        let big = Project {
            files: vec![SqlFile::new("001_up.sql", format!("-- {noise}"))],
            ..Default::default()
        };
        assert!(share_link(&big, "https://example.test/")
            .unwrap_err()
            .contains("too large for a link"));
    }

    #[test]
    fn every_source_becomes_issues_in_order() {
        let all = issues(&sample::report());
        let rules: Vec<&str> = all.iter().map(|i| i.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                SQL_ERROR,
                VALIDATION_FAILED,
                "rls_disabled_in_public",
                "missing_tenant_index",
                "missing_tenant_index",
                "nullable_tenant_key",
                LEAK,
                ROLLBACK_NOT_CLEAN
            ]
        );
        let err = &all[0];
        assert_eq!(
            (err.file.as_deref(), err.line, err.column),
            (Some("001_add, tenant.sql"), Some(5), Some(37))
        );
        assert!(err.message.starts_with(
            "syntax error at or near \"referencs\" (SQLSTATE 42601)\nhint: 100% sure"
        ));
        assert_eq!((all[1].file.as_deref(), all[1].line), (Some("validate.sql"), Some(9)));
        assert_eq!(all[4].suppressed.as_deref(), Some("small table, 10 rows"));
        assert_eq!(all[3].file, None);
        assert!(
            all[6].message.contains("SELECT on public.accounts as member of tenant B: 3 row(s)"),
            "{}",
            all[6].message
        );
        assert_eq!(all[6].reproduction.as_deref(), Some("select * from public.accounts"));
        assert_eq!(all[7].file.as_deref(), Some("001_down.sql"));
        assert!(all[7].message.contains("- column public.accounts.notes text"));
        assert!(issues(&sample::clean()).is_empty());
    }

    #[test]
    fn an_unfinished_run_without_an_error_says_why() {
        let mut r = sample::clean();
        r.outcome = Outcome::Aborted;
        r.abort_reason = Some("the engine crashed".into());
        let all = issues(&r);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].rule, RUN_NOT_COMPLETED);
        assert_eq!(all[0].message, "the run did not complete (aborted): the engine crashed");
    }

    #[test]
    fn lints_are_counted_by_level_with_suppressed_apart() {
        assert_eq!(
            lint_counts(&sample::report()),
            LintCounts { error: 1, warn: 1, info: 1, suppressed: 1 }
        );
        assert_eq!(lint_counts(&sample::clean()), LintCounts::default());
    }

    #[test]
    fn rules_cover_the_report_and_our_own() {
        let ids: Vec<String> = rules(&sample::report()).into_iter().map(|r| r.id).collect();
        for id in [
            "rls_disabled_in_public",
            "quiet_rule",
            SQL_ERROR,
            VALIDATION_FAILED,
            LEAK,
            ROLLBACK_NOT_CLEAN,
            RUN_NOT_COMPLETED,
        ] {
            assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        for d in docs() {
            assert!(ids.iter().any(|i| i == d.id));
        }
    }
}
