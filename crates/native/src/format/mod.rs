//! What `tenant-planner check` prints besides the report JSON: a readable summary (text), SARIF
//! 2.1.0, GitHub workflow commands, and the `--fail-on` verdict.
//!
//! Every formatter reads the report as a `serde_json::Value` (`serde_json::to_value(&report)`), not
//! as the Rust struct: fields other work adds (lint findings, `isolation.leaks`) are read when they
//! are there and are simply empty when they are not.

use serde_json::Value;
use tenant_planner_core::lint::{docs, Level};

pub mod fail_on;
pub mod github;
pub mod sarif;
pub mod text;

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
pub fn share_link(project: &tenant_planner_core::project::Project, base: &str) -> Result<String, String> {
    use tenant_planner_core::share::{encode, Shared, View};
    let base = base.split('#').next().unwrap_or("");
    let fragment = encode(&Shared { project: project.clone(), view: View::default() }).map_err(|e| e.to_string())?;
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
pub fn rules(report: &Value) -> Vec<RuleInfo> {
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
    if let Some(lint) = report.get("lint").and_then(Value::as_object) {
        for (id, found) in lint {
            if out.iter().any(|r| &r.id == id) {
                continue;
            }
            let level = found.as_array().and_then(|f| f.iter().filter_map(level_of).min()).unwrap_or(Level::Warn);
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

/// A lint finding's level.
fn level_of(finding: &Value) -> Option<Level> {
    match finding.get("level").and_then(Value::as_str)? {
        "ERROR" => Some(Level::Error),
        "WARN" => Some(Level::Warn),
        "INFO" => Some(Level::Info),
        _ => None,
    }
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
        Issue { rule: rule.into(), level, file: None, line: None, column: None, message, object: None, suppressed: None, reproduction: None }
    }
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

pub fn num_of(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

pub fn list_of<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A value for a sentence: strings as they are, numbers and the rest as JSON.
pub fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The leaks the isolation probes found (none when the report has no isolation section).
pub fn leaks(report: &Value) -> &[Value] {
    report.get("isolation").map(|i| list_of(i, "leaks")).unwrap_or(&[])
}

/// A leak in one sentence.
pub fn describe_leak(leak: &Value) -> String {
    let rows = match leak.get("rows") {
        Some(Value::Array(a)) => a.len().to_string(),
        Some(v) => plain(v),
        None => "?".into(),
    };
    let mut s = format!("{} on {} as {}: {} row(s) of another tenant", str_of(leak, "command"), str_of(leak, "table"), str_of(leak, "persona"), rows);
    let cause = str_of(leak, "cause");
    if !cause.is_empty() {
        s.push_str(&format!(" ({cause})"));
    }
    s
}

/// The first file of a role, in run order.
pub fn first_file_of_role<'a>(report: &'a Value, role: &str) -> Option<&'a str> {
    list_of(report, "files").iter().find(|f| str_of(f, "role") == role).map(|f| str_of(f, "file")).filter(|f| !f.is_empty())
}

/// Every issue in the report, in this order: an unfinished run, failed statements, failed
/// validation checks, lint findings (ERROR, WARN, INFO; suppressed ones included and marked),
/// leaks, a rollback that is not clean.
pub fn issues(report: &Value) -> Vec<Issue> {
    let mut out = Vec::new();
    let errors = list_of(report, "errors");
    let outcome = str_of(report, "outcome");
    if !outcome.is_empty() && outcome != "completed" && errors.is_empty() {
        let mut msg = format!("the run did not complete ({outcome})");
        if let Some(why) = report.get("abort_reason").and_then(Value::as_str) {
            msg.push_str(&format!(": {why}"));
        }
        out.push(Issue::new(RUN_NOT_COMPLETED, Level::Error, msg));
    }
    for e in errors {
        let mut msg = format!("{} (SQLSTATE {})", str_of(e, "message"), str_of(e, "sqlstate"));
        for key in ["detail", "hint"] {
            if let Some(extra) = e.get(key).and_then(Value::as_str) {
                msg.push_str(&format!("\n{key}: {extra}"));
            }
        }
        let mut i = Issue::new(SQL_ERROR, Level::Error, msg);
        i.file = Some(str_of(e, "file").to_string());
        i.line = e.get("line").and_then(Value::as_u64).filter(|&l| l > 0);
        i.column = e.get("column").and_then(Value::as_u64).filter(|&c| c > 0);
        out.push(i);
    }
    if let Some(validation) = report.get("validation").and_then(Value::as_object) {
        for (file, v) in validation {
            let checks = list_of(v, "checks");
            let failed: Vec<&Value> = checks.iter().filter(|c| c.get("passed") == Some(&Value::Bool(false))).collect();
            for c in &failed {
                let mut i = Issue::new(VALIDATION_FAILED, Level::Error, format!("FAIL: {}", str_of(c, "name")));
                i.file = Some(file.clone());
                i.line = c.get("line").and_then(Value::as_u64).filter(|&l| l > 0);
                out.push(i);
            }
            // A count of failures the checks do not list (a RESULT: line says more failed).
            let unlisted = num_of(v, "failed").saturating_sub(failed.len() as u64);
            if unlisted > 0 {
                let mut i = Issue::new(VALIDATION_FAILED, Level::Error, format!("{unlisted} validation check(s) failed ({})", str_of(v, "result_line")));
                i.file = Some(file.clone());
                out.push(i);
            }
        }
    }
    let mut lints = Vec::new();
    if let Some(lint) = report.get("lint").and_then(Value::as_object) {
        for (rule, found) in lint {
            for f in found.as_array().map(Vec::as_slice).unwrap_or(&[]) {
                let mut i = Issue::new(rule, level_of(f).unwrap_or(Level::Warn), str_of(f, "detail").to_string());
                i.file = f.get("file").and_then(Value::as_str).map(str::to_string);
                i.line = f.get("line").and_then(Value::as_u64);
                i.object = f.get("object").and_then(Value::as_str).map(str::to_string);
                i.suppressed = f.get("suppressed").and_then(Value::as_str).map(str::to_string);
                if i.message.is_empty() {
                    i.message = i.object.clone().unwrap_or_default();
                }
                lints.push(i);
            }
        }
    }
    // Stable: by level, rules keep their (alphabetical) order within a level.
    lints.sort_by_key(|i| i.level);
    out.extend(lints);
    for leak in leaks(report) {
        let mut i = Issue::new(LEAK, Level::Error, describe_leak(leak));
        i.object = Some(str_of(leak, "table").to_string()).filter(|t| !t.is_empty());
        i.reproduction = Some(str_of(leak, "sql").to_string()).filter(|t| !t.is_empty());
        out.push(i);
    }
    if let Some(rb) = report.get("rollback") {
        if rollback_dirty(report) {
            let mut msg = format!("the rollback does not restore the database: {}", str_of(rb, "verdict"));
            for d in list_of(rb, "differences") {
                msg.push_str(&format!("\n{}", str_of(d, "summary")));
            }
            for d in list_of(rb, "data").iter().filter(|d| str_of(d, "verdict") != "identical") {
                msg.push_str(&format!("\ndata of {}: {}", str_of(d, "table"), str_of(d, "verdict")));
            }
            let mut i = Issue::new(ROLLBACK_NOT_CLEAN, Level::Warn, msg);
            i.file = list_of(report, "rollback_order").first().and_then(Value::as_str).map(str::to_string);
            out.push(i);
        }
    }
    out
}

/// The project has a rollback and it does not bring the database back.
pub fn rollback_dirty(report: &Value) -> bool {
    let rb = report.get("rollback");
    let flag = |k: &str| rb.and_then(|r| r.get(k)).and_then(Value::as_bool).unwrap_or(false);
    flag("provided") && !flag("clean")
}

/// Lint findings counted by level, suppressed ones apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LintCounts {
    pub error: usize,
    pub warn: usize,
    pub info: usize,
    pub suppressed: usize,
}

pub fn lint_counts(report: &Value) -> LintCounts {
    let mut c = LintCounts::default();
    for i in issues(report).iter().filter(|i| is_lint(&i.rule)) {
        if i.suppressed.is_some() {
            c.suppressed += 1;
            continue;
        }
        match i.level {
            Level::Error => c.error += 1,
            Level::Warn => c.warn += 1,
            Level::Info => c.info += 1,
        }
    }
    c
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

    /// A small report by hand: one failed statement, a failed validation check, lints of every
    /// level (one suppressed, one without a file), a leak and a rollback that is not clean.
    pub fn report() -> Value {
        json!({
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
            "rollback": { "provided": true, "ran": true, "clean": false,
                "differences": [ { "kind": "column", "object": "public.accounts.notes", "change": "missing", "summary": "- column public.accounts.notes text" } ],
                "data": [ { "table": "public.accounts", "verdict": "columns lost", "data_loss": true } ],
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
            "isolation": { "ms": 12.5, "leaks": [
                { "table": "public.accounts", "command": "SELECT", "persona": "member of tenant B", "rows": 3, "cause": "policy \"open\" is permissive with USING (true)", "sql": "select * from public.accounts" }
            ] },
            "timings": { "total_ms": 10.0, "snapshot_ms": 1.0, "statements_ms": 2.0 },
            "verdict": { "state": "failed", "headline": "NOT VALIDATED: 1 statement failed; 1 statement did not run; 1 of 2 checks failed; it does not restore the database (not clean: 1 schema difference, data lost in 1 table); 1 cross-tenant leak found; 1 unsuppressed ERROR-level finding.",
                "checks": [
                    { "id": "run", "state": "failed", "summary": "6 statements ran", "reasons": ["1 statement failed", "1 statement did not run"] },
                    { "id": "validation", "state": "failed", "summary": "1 of 2 checks passed", "reasons": ["1 of 2 checks failed"] },
                    { "id": "rollback", "state": "failed", "summary": "not clean: 1 schema difference, data lost in 1 table",
                      "reasons": ["it does not restore the database (not clean: 1 schema difference, data lost in 1 table)"] },
                    { "id": "leaks", "state": "failed", "summary": "1 table × 1 persona probed", "reasons": ["1 cross-tenant leak found"] },
                    { "id": "lints", "state": "failed", "summary": "1 error, 1 warning, 1 info (1 suppressed)", "reasons": ["1 unsuppressed ERROR-level finding"] }
                ] }
        })
    }

    /// A clean run: nothing to report.
    pub fn clean() -> Value {
        json!({
            "tool": { "name": "tenant-planner", "version": "0.1.0", "report_format": 1 },
            "engine": { "postgres_version": "17.5", "name": "pglite-oxide (native)" },
            "profile": "supabase",
            "outcome": "completed",
            "files": [ { "file": "001_up.sql", "role": "up", "statements": 4, "failed": 0, "skipped": 1, "not_run": 0 } ],
            "apply_order": ["001_up.sql"], "rollback_order": [],
            "statements": { "total": 4, "ok": 4, "failed": 0, "skipped": 1, "not_run": 0, "cancelled": 0 },
            "errors": [], "notices": [], "validation": {},
            "tenant_roots": ["public.organizations"], "user_identity_tables": ["auth.users"],
            "rollback": { "provided": false, "ran": false, "clean": false, "differences": [], "data": [],
                "verdict": "no rollback file: nothing verifies that this migration can be undone (a draft is offered)" },
            "lint": {}, "suppressions": [],
            "timings": { "total_ms": 1.0, "snapshot_ms": 0.5, "statements_ms": 0.2 },
            "verdict": { "state": "partial", "headline": "Partly checked: the run and lints passed; not checked: validation, the rollback and leak probes.",
                "checks": [
                    { "id": "run", "state": "passed", "summary": "4 statements ran, none failed" },
                    { "id": "validation", "state": "not_checked", "summary": "no validation file", "reasons": ["the project has no validation file"] },
                    { "id": "rollback", "state": "not_checked", "summary": "no rollback file", "reasons": ["the project has no rollback file"] },
                    { "id": "leaks", "state": "not_checked", "summary": "leaks not probed", "reasons": ["the probes did not run"] },
                    { "id": "lints", "state": "passed", "summary": "0 errors, 0 warnings, 0 info" }
                ] }
        })
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
        let project = Project { files: vec![SqlFile::new("001_up.sql", "create table t (id int);")], ..Default::default() };
        let link = share_link(&project, "https://example.test/app/#old").unwrap();
        let (base, fragment) = link.split_once('#').unwrap();
        assert_eq!(base, "https://example.test/app/");
        assert_eq!(decode(fragment).unwrap(), Shared { project: project.clone(), view: View::default() });
        // Too large: the core's message, no link.
        let mut noise = String::new();
        let mut x: u64 = 1;
        while noise.len() < 400_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            noise.push_str(&format!("{x:x}"));
        }
        let big = Project { files: vec![SqlFile::new("001_up.sql", format!("-- {noise}"))], ..Default::default() };
        assert!(share_link(&big, "https://example.test/").unwrap_err().contains("too large for a link"));
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
        assert_eq!((err.file.as_deref(), err.line, err.column), (Some("001_add, tenant.sql"), Some(5), Some(37)));
        assert!(err.message.starts_with("syntax error at or near \"referencs\" (SQLSTATE 42601)\nhint: 100% sure"));
        assert_eq!((all[1].file.as_deref(), all[1].line), (Some("validate.sql"), Some(9)));
        assert_eq!(all[4].suppressed.as_deref(), Some("small table, 10 rows"));
        assert_eq!(all[3].file, None);
        assert!(all[6].message.contains("SELECT on public.accounts as member of tenant B: 3 row(s)"), "{}", all[6].message);
        assert_eq!(all[6].reproduction.as_deref(), Some("select * from public.accounts"));
        assert_eq!(all[7].file.as_deref(), Some("001_down.sql"));
        assert!(all[7].message.contains("- column public.accounts.notes text"));
        assert!(issues(&sample::clean()).is_empty());
    }

    #[test]
    fn an_unfinished_run_without_an_error_says_why() {
        let mut r = sample::clean();
        r["outcome"] = "aborted".into();
        r["abort_reason"] = "the engine crashed".into();
        let all = issues(&r);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].rule, RUN_NOT_COMPLETED);
        assert_eq!(all[0].message, "the run did not complete (aborted): the engine crashed");
    }

    #[test]
    fn lints_are_counted_by_level_with_suppressed_apart() {
        assert_eq!(lint_counts(&sample::report()), LintCounts { error: 1, warn: 1, info: 1, suppressed: 1 });
        assert_eq!(lint_counts(&sample::clean()), LintCounts::default());
    }

    #[test]
    fn rules_cover_the_report_and_our_own() {
        let ids: Vec<String> = rules(&sample::report()).into_iter().map(|r| r.id).collect();
        for id in ["rls_disabled_in_public", "quiet_rule", SQL_ERROR, VALIDATION_FAILED, LEAK, ROLLBACK_NOT_CLEAN, RUN_NOT_COMPLETED] {
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
