//! The report: the JSON contract shared by the app's "Download report", `scripts/report` and
//! (later) the command-line tool. Documented in docs/report.md. Fields are added, never renamed.

use crate::catalog::Snapshot;
use crate::matrix::{matrix_roles, policy_matrix};
use crate::project::Project;
use crate::run::{Outcome, RunResult, Status};
use crate::tenancy::{classify, Tenancy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const TOOL_NAME: &str = "tenant-planner";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const REPORT_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub tool: Tool,
    pub engine: EngineInfo,
    pub profile: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_reason: Option<String>,
    pub files: Vec<FileEntry>,
    pub apply_order: Vec<String>,
    pub rollback_order: Vec<String>,
    /// The migration tool's convention detected in the file paths, and why each file has its role
    /// and place.
    pub convention: crate::conventions::ConventionReport,
    pub statements: Counts,
    /// A cancelled run (by the user, or the app's statement timeout): the statement it stopped
    /// at — the one running when the cancel came, or the next one when it came between two.
    /// Absent otherwise, and when the cancel came before the first statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<StatementPlace>,
    pub errors: Vec<ErrorEntry>,
    pub notices: Vec<NoticeEntry>,
    pub validation: BTreeMap<String, ValidationEntry>,
    pub catalog: CatalogReport,
    /// Tenant roots and user-identity tables after the up migrations (or where the run stopped).
    pub tenant_roots: Vec<String>,
    pub user_identity_tables: Vec<String>,
    /// The evidence: why each root and user table, and the suspects found.
    pub tenancy: TenancyReport,
    pub policy_matrix: Vec<crate::matrix::Cell>,
    /// Whether the rollback restores the database after baseline + seed.
    pub rollback: crate::rollback::RollbackReport,
    /// What each up file changed (schema), in run order.
    pub changes_by_file: BTreeMap<String, Vec<crate::rollback::FileChange>>,
    /// Row counts each up file changed (the data side of changes_by_file).
    pub rows_by_file: BTreeMap<String, Vec<crate::rollback::RowChange>>,
    /// Every lint rule's findings, keyed by rule id (every rule present, even with no finding).
    pub lint: BTreeMap<String, Vec<crate::lint::Finding>>,
    /// The findings the user silenced, with their reasons.
    pub suppressions: Vec<crate::lint::Suppression>,
    /// How large the migration-safety rules took existing tables to be (the project's setting).
    pub table_sizes: crate::lint::TableSizes,
    /// The tables the user marked shared (every tenant may read them), each with their reason and
    /// the probes there that reached tenant A's rows and so were not counted as leaks. Absent
    /// when none is marked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_tables: Vec<SharedTable>,
    /// The cross-tenant leak probes (null when they did not run).
    pub isolation: Option<crate::isolation::IsolationReport>,
    pub timings: Timings,
    /// The one verdict on this run: each check (run, validation, rollback, leaks, lints) passed,
    /// failed, inconclusive or not checked, and the whole (see `verdict`).
    pub verdict: crate::verdict::Verdict,
    /// Extensions the engine can load, stood in or missing; roles created for a baseline dump;
    /// the session reset after the baseline.
    pub platform: crate::platform::PlatformRun,
    /// The project option "stand in unavailable extensions".
    pub stand_in_extensions: bool,
    /// A volume run's fill and per-statement figures (`check --scale` on a server); absent
    /// otherwise. Set by the host that measured them (crates/native/src/server/volume/).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<crate::volume::VolumeReport>,
    /// The project and the whole run as they were, so the app can open this report and show the
    /// run as if it had made it (see `reopen`). Written by `tenant-planner check --format json`
    /// and the app's downloads; absent from the app's on-page Report JSON and from reports made
    /// before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RecordedRun>,
}

/// A table the user marked shared: its reads are not leaks, by the user's word, not a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedTable {
    pub table: String,
    /// The user's reason (absent for a mark made before reasons were asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Probes of counted personas on this table that reached tenant A's rows (matrix cells with
    /// rows > 0): what would have been leaks without the mark. 0 when the probes did not run.
    pub uncounted: usize,
}

/// The project's shared tables with their reasons and what the probes found there.
fn shared_tables(
    project: &Project,
    iso: Option<&crate::isolation::IsolationReport>,
) -> Vec<SharedTable> {
    let uncounted = |table: &str| {
        iso.map_or(0, |i| {
            let counted = |id: &str| i.personas.iter().any(|p| p.id == id && p.counted);
            i.matrix
                .iter()
                .filter(|c| {
                    c.table == table && c.rows.is_some_and(|n| n > 0) && counted(&c.persona)
                })
                .count()
        })
    };
    project
        .shared_tables
        .iter()
        .map(|t| SharedTable {
            table: t.clone(),
            reason: project.shared_reasons.get(t).filter(|r| !r.is_empty()).cloned(),
            uncounted: uncounted(t),
        })
        .collect()
}

/// What a report needs to be shown again exactly: the project (files with their text and the
/// settings, serialized as share links serialize it) and the run's raw result (statements,
/// catalog snapshots, validation, leak probes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRun {
    pub project: Project,
    pub result: RunResult,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenancyReport {
    pub roots: Vec<crate::tenancy::Evidence>,
    pub user_tables: Vec<crate::tenancy::Evidence>,
    pub suspects: Vec<crate::tenancy::Suspect>,
    /// The user's overrides that shaped this (empty when none).
    pub overrides: crate::tenancy::Overrides,
    /// Tenant roots that are a key without a table (`key:tenant_id`; also in `roots`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_roots: Vec<crate::tenancy::KeyRoot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub report_format: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineInfo {
    pub postgres_version: String,
    /// "pglite (browser)" or "pglite-oxide (native)".
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub file: String,
    pub role: String,
    pub statements: usize,
    pub failed: usize,
    pub skipped: usize,
    pub not_run: usize,
}

/// A statement's place: its file and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementPlace {
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub total: usize,
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
    pub not_run: usize,
    pub cancelled: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEntry {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub sqlstate: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeEntry {
    pub file: String,
    pub line: usize,
    pub severity: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationEntry {
    pub passed: usize,
    pub failed: usize,
    pub result_line: Option<String>,
    pub checks: Vec<crate::validation::Check>,
    /// pgTAP files: what was planned and ran, finish()'s lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tap: Option<crate::validation::TapRun>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogReport {
    /// After the up migrations (null when the run stopped before their end).
    pub after_up: Option<CatalogSummary>,
    /// Where the run stopped, when it stopped at a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_stop: Option<CatalogSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogSummary {
    pub tables: BTreeMap<String, TableSummary>,
    pub functions: Vec<String>,
    pub views: Vec<String>,
    pub index_count: usize,
    pub policy_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSummary {
    pub columns: Vec<ColumnSummary>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub policies: Vec<String>,
    pub row_count: i64,
    /// root | direct | indirect | user-owned | global
    pub tenancy: String,
    /// The foreign keys from this table to its root (or user table), one "a(x) → b(y)" per step.
    pub tenancy_path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    pub name: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub not_null: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub total_ms: f64,
    /// Of which: taking catalog snapshots, and the statements themselves (as the engine timed them).
    pub snapshot_ms: f64,
    pub statements_ms: f64,
    /// Running every lint rule (0 when the host gave no clock).
    pub lint_ms: f64,
}

pub fn summarize(s: &Snapshot, tenancy: &Tenancy) -> CatalogSummary {
    let tables = s
        .tables
        .iter()
        .map(|t| {
            let tt = tenancy.tables.get(&t.qualified());
            let entry = TableSummary {
                columns: t
                    .columns
                    .iter()
                    .map(|c| ColumnSummary {
                        name: c.name.clone(),
                        type_: c.type_.clone(),
                        not_null: c.not_null,
                    })
                    .collect(),
                rls_enabled: t.rls_enabled,
                rls_forced: t.rls_forced,
                policies: s.policies_on(t).map(|p| p.name.clone()).collect(),
                row_count: t.row_count,
                tenancy: tt.map(|x| x.class.as_str()).unwrap_or("global").to_string(),
                tenancy_path: tt
                    .map(|x| x.path.iter().map(|p| p.describe()).collect())
                    .unwrap_or_default(),
            };
            (t.qualified(), entry)
        })
        .collect();
    CatalogSummary {
        tables,
        functions: s.functions.iter().map(|f| f.signature()).collect(),
        views: s.views.iter().map(|v| format!("{}.{}", v.schema, v.name)).collect(),
        index_count: s.indexes.len(),
        policy_count: s.policies.len(),
    }
}

pub fn build(project: &Project, run: &RunResult, engine_name: &str) -> Report {
    build_timed(project, run, engine_name, &|| 0.0)
}

/// [`build`], timing the lints with the host's clock (`now` in milliseconds): `timings.lint_ms`.
pub fn build_timed(
    project: &Project,
    run: &RunResult,
    engine_name: &str,
    now: &dyn Fn() -> f64,
) -> Report {
    let name = |i: usize| project.files[i].name.clone();
    let order = project.order();
    let base = run.snapshots.base.clone().unwrap_or_default();
    // Tenancy reads the whole catalog (auth.users included); the views list the user's objects.
    let classify_at = |s: &Snapshot| classify(s, run.profile, &project.tenancy);
    let view =
        |s: &Option<Snapshot>| s.as_ref().map(|s| summarize(&s.user_view(&base), &classify_at(s)));
    let latest = run.snapshots.after_up.as_ref().or(run.snapshots.at_stop.as_ref());
    let tenancy = latest.map(classify_at).unwrap_or_default();
    let matrix = latest
        .map(|s| {
            let tables: Vec<String> =
                s.user_view(&base).tables.iter().map(|t| t.qualified()).collect();
            policy_matrix(s, &tables, &matrix_roles(s, run.profile))
        })
        .unwrap_or_default();
    let server_version =
        run.snapshots.base.as_ref().map(|s| s.server_version.clone()).unwrap_or_default();
    let t_lint = now();
    let lint = latest
        .map(|s| {
            let statements = project.statements();
            let cx = crate::lint::Context {
                catalog: s,
                user: s.user_view(&base),
                tenancy: &tenancy,
                profile: run.profile,
                statements: &statements,
                table_sizes: &project.table_sizes,
                run,
            };
            crate::lint::run_all(&cx, &project.suppressions)
        })
        .unwrap_or_else(|| {
            crate::lint::docs().iter().map(|d| (d.id.to_string(), Vec::new())).collect()
        });
    let lint_ms = now() - t_lint;
    let mut notices = Vec::new();
    for fr in &run.files {
        for st in &fr.statements {
            for n in &st.notices {
                notices.push(NoticeEntry {
                    file: fr.name.clone(),
                    line: st.line,
                    severity: n.severity.clone(),
                    message: n.message.clone(),
                });
            }
        }
    }
    let mut report = Report {
        tool: Tool {
            name: TOOL_NAME.into(),
            version: TOOL_VERSION.into(),
            report_format: REPORT_FORMAT,
        },
        engine: EngineInfo { postgres_version: server_version, name: engine_name.into() },
        profile: run.profile.as_str().into(),
        outcome: run.outcome,
        abort_reason: run.abort_reason.clone(),
        files: run
            .files
            .iter()
            .map(|f| FileEntry {
                file: f.name.clone(),
                role: f.role.as_str().into(),
                statements: f.statements.iter().filter(|s| s.status != Status::Skipped).count(),
                failed: f.count(Status::Failed),
                skipped: f.count(Status::Skipped),
                not_run: f.count(Status::NotRun),
            })
            .collect(),
        apply_order: order.apply.iter().map(|&i| name(i)).collect(),
        rollback_order: order.rollback.iter().map(|&i| name(i)).collect(),
        convention: project.conventions().report(&project.files),
        statements: Counts {
            total: run.statements().filter(|s| s.status != Status::Skipped).count(),
            ok: run.count(Status::Ok),
            failed: run.count(Status::Failed),
            skipped: run.count(Status::Skipped),
            not_run: run.count(Status::NotRun),
            cancelled: run.count(Status::Cancelled),
        },
        cancelled_at: run
            .cancelled_at()
            .filter(|_| run.outcome == Outcome::Cancelled)
            .map(|(file, s)| StatementPlace { file: file.to_string(), line: s.line }),
        errors: run
            .errors()
            .map(|e| ErrorEntry {
                file: e.file.clone(),
                line: e.line,
                column: e.column,
                sqlstate: e.sqlstate.clone(),
                message: e.message.clone(),
                detail: e.detail.clone(),
                hint: e.hint.clone(),
            })
            .collect(),
        notices,
        validation: run
            .validation
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    ValidationEntry {
                        passed: v.passed,
                        failed: v.failed,
                        result_line: v.result_line.clone(),
                        checks: v.checks.clone(),
                        tap: v.tap.clone(),
                    },
                )
            })
            .collect(),
        catalog: CatalogReport {
            after_up: view(&run.snapshots.after_up),
            at_stop: view(&run.snapshots.at_stop),
        },
        tenant_roots: tenancy.root_names(),
        user_identity_tables: tenancy.user_table_names(),
        tenancy: TenancyReport {
            roots: tenancy.roots.clone(),
            user_tables: tenancy.user_tables.clone(),
            suspects: tenancy.suspects.clone(),
            overrides: project.tenancy.clone(),
            key_roots: tenancy.key_roots.clone(),
        },
        policy_matrix: matrix,
        rollback: crate::rollback::verify(project, run, !order.rollback.is_empty()),
        changes_by_file: crate::rollback::changes_by_file(run).into_iter().collect(),
        rows_by_file: crate::rollback::rows_by_file(run).into_iter().collect(),
        lint,
        suppressions: project.suppressions.clone(),
        table_sizes: project.table_sizes.clone(),
        shared_tables: shared_tables(project, run.isolation.as_ref()),
        isolation: run.isolation.clone(),
        timings: Timings {
            total_ms: run.total_ms,
            snapshot_ms: run.snapshot_ms,
            statements_ms: run.statements().map(|s| s.duration_ms).sum(),
            lint_ms,
        },
        verdict: crate::verdict::Verdict::pending(),
        platform: run.platform.clone(),
        stand_in_extensions: project.stand_in_extensions,
        volume: None,
        run: None,
    };
    report.verdict = report.judge();
    report
}

impl Report {
    /// This report with the project and the run it was built from recorded in `run`, so that
    /// it can be opened again (`reopen::open`). `build` leaves `run` out: the app keeps the
    /// project and the run beside the report, and its on-page JSON stays small.
    pub fn with_run(&self, project: &Project, run: &RunResult) -> Report {
        Report {
            run: Some(RecordedRun { project: project.clone(), result: run.clone() }),
            ..self.clone()
        }
    }

    /// The verdict on this report's parts (what `build` stores in `verdict`).
    pub fn judge(&self) -> crate::verdict::Verdict {
        use crate::verdict::{judge, Parts, Statements, ValidationFile};
        let validation_files: Vec<ValidationFile> = self
            .files
            .iter()
            .filter(|f| f.role == "validate")
            .map(|f| ValidationFile { file: &f.file, failed: f.failed, not_run: f.not_run })
            .collect();
        let (checks_passed, checks_failed) =
            self.validation.values().fold((0, 0), |(a, b), v| (a + v.passed, b + v.failed));
        let s = &self.statements;
        judge(&Parts {
            outcome: self.outcome,
            abort_reason: self.abort_reason.as_deref(),
            statements: Statements {
                ok: s.ok,
                failed: s.failed,
                not_run: s.not_run,
                cancelled: s.cancelled,
            },
            validation_files: &validation_files,
            checks_passed,
            checks_failed,
            rollback: &self.rollback,
            isolation: self.isolation.as_ref(),
            after_up: self.catalog.after_up.is_some(),
            at_stop: self.catalog.at_stop.is_some(),
            lint: &self.lint,
        })
    }
}

pub fn to_json(r: &Report) -> String {
    serde_json::to_string_pretty(r).expect("report serializes")
}
