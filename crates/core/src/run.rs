//! The run pipeline: profile shim, then every statement of every file in order against a fresh
//! database, with catalog snapshots at each stage boundary. Engine-agnostic and IO-free: the
//! engine does the database work, the observer hears progress and says when to stop.

use crate::catalog::{snapshot_query_with, Snapshot, DDL_LOG_READ, DDL_LOG_START, DDL_LOG_STOP, FINGERPRINT_FN, ROW_COUNT_FN};
use crate::engine::{DbError, Engine, EngineFailure, Notice};
use crate::files::Role;
use crate::project::Project;
use crate::profile::Profile;
use crate::split::{char_position_to_offset, split, LineIndex, Piece, Statement};
use crate::platform::{run_copy, session_reset_note, ExtensionStep, PlatformRun, SESSION_RESET_SQL};
use crate::validation::ValidationResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunOptions {
    pub profile: Profile,
    /// Go on after a failing statement instead of stopping there.
    pub continue_on_error: bool,
    /// The catalog of a fresh database with this profile's shim, from an earlier run on the same
    /// engine: it is always the same, so a host that keeps it saves a snapshot per run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Snapshot>,
    /// Run the cross-tenant leak probes after the validation files (see `isolation`).
    #[serde(default = "probes_default")]
    pub probes: bool,
}

fn probes_default() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Failed,
    /// psql meta-command: never sent.
    Skipped,
    /// Not reached: the run stopped before it.
    NotRun,
    Cancelled,
}

/// A Postgres error placed in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocatedError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub sqlstate: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    /// How the position was found: "position" (Postgres gave one), "body line" (a line inside a
    /// function or DO body), or "statement" (start of the statement).
    pub located_by: String,
    /// What the splitter noticed (an unterminated quote …), when that explains the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splitter_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementRun {
    /// Index of the file in the project.
    pub file: usize,
    /// 0-based position of the statement in its file.
    pub index: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub status: Status,
    pub duration_ms: f64,
    pub notices: Vec<Notice>,
    pub rows: Option<u64>,
    pub error: Option<LocatedError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    /// First line of the statement, for the timeline.
    pub summary: String,
    /// Objects this statement created, altered or dropped, as Postgres' event triggers named
    /// them (object type, identity). Recorded for up files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touched: Vec<(String, String)>,
    /// Tables (`schema.name`) on which the session held an ACCESS EXCLUSIVE lock when this
    /// statement's DDL ended, each charged to the first statement of its transaction that held
    /// it; measured by the DDL log's event trigger. Up files only; new tables included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<String>,
    /// Tables (`schema.name`) this statement rewrote (Postgres' table_rewrite event). Up files only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewrites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRun {
    pub file: usize,
    pub name: String,
    pub role: Role,
    pub statements: Vec<StatementRun>,
}

impl FileRun {
    pub fn count(&self, s: Status) -> usize {
        self.statements.iter().filter(|x| x.status == s).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every statement ran (some may have failed with continue-on-error).
    Completed,
    /// Stopped at the first failing statement.
    Stopped,
    Cancelled,
    /// The engine died or the shim failed; the message says why.
    Aborted,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Snapshots {
    /// Fresh database plus the profile's shim: what `user_view` leaves out.
    pub base: Option<Snapshot>,
    pub after_seed: Option<Snapshot>,
    pub after_up: Option<Snapshot>,
    /// After validation, when nothing followed it (with rollback files, not taken: nothing reads it).
    pub after_validate: Option<Snapshot>,
    pub after_rollback: Option<Snapshot>,
    /// Where the run stopped, when it stopped early.
    pub at_stop: Option<Snapshot>,
    /// After each up file that ran to its end, in run order: what each file changed.
    #[serde(default)]
    pub after_file: Vec<(String, Snapshot)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub profile: Profile,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort_reason: Option<String>,
    pub shim_statements: usize,
    /// Files in run order (apply order, then rollback order).
    pub files: Vec<FileRun>,
    pub validation: BTreeMap<String, ValidationResult>,
    pub snapshots: Snapshots,
    pub total_ms: f64,
    /// Time spent taking catalog snapshots (when the observer has a clock).
    pub snapshot_ms: f64,
    /// The cross-tenant leak probes, run after the validation files when the up files completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<crate::isolation::IsolationReport>,
    /// Extensions available, stood in or missing; roles created for a baseline dump; the session
    /// reset after the baseline (see `platform`).
    #[serde(default, skip_serializing_if = "PlatformRun::is_empty")]
    pub platform: PlatformRun,
}

impl RunResult {
    pub fn statements(&self) -> impl Iterator<Item = &StatementRun> {
        self.files.iter().flat_map(|f| f.statements.iter())
    }
    pub fn count(&self, s: Status) -> usize {
        self.statements().filter(|x| x.status == s).count()
    }
    pub fn errors(&self) -> impl Iterator<Item = &LocatedError> {
        self.statements().filter_map(|s| s.error.as_ref())
    }
}

/// Where the run is, for the progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: String,
    pub file: Option<String>,
    /// 1-based statement number in the file and the file's statement count.
    pub statement: usize,
    pub of: usize,
    /// Statements done over all files, and the total.
    pub done: usize,
    pub total: usize,
}

pub trait Observer {
    fn progress(&mut self, p: &Progress);
    fn cancelled(&self) -> bool {
        false
    }
    /// A monotonic clock in milliseconds, when the host has one (the core has no IO).
    fn now_ms(&self) -> Option<f64> {
        None
    }
}

impl Status {
    /// The name used in the report and in the page's data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
            Status::NotRun => "not_run",
            Status::Cancelled => "cancelled",
        }
    }
}

impl Observer for () {
    fn progress(&mut self, _: &Progress) {}
}

/// The statements of each file, split once.
pub struct Plan {
    pub order: Vec<usize>,
    pub pieces: Vec<Vec<Statement>>,
}

impl Plan {
    pub fn new(project: &Project) -> Plan {
        let pieces = project.files.iter().map(|f| split(&f.text)).collect();
        Plan { order: project.display_order(), pieces }
    }
    pub fn sql_count(&self) -> usize {
        self.order.iter().map(|&i| self.pieces[i].iter().filter(|s| s.is_sql()).count()).sum()
    }
}

pub async fn run<E: Engine>(engine: &mut E, project: &Project, opts: &RunOptions, obs: &mut dyn Observer) -> RunResult {
    let plan = Plan::new(project);
    let mut result = RunResult {
        profile: opts.profile,
        outcome: Outcome::Completed,
        abort_reason: None,
        shim_statements: 0,
        files: Vec::new(),
        validation: BTreeMap::new(),
        snapshots: Snapshots::default(),
        total_ms: 0.0,
        snapshot_ms: 0.0,
        isolation: None,
        platform: PlatformRun::default(),
    };
    let total = plan.sql_count();

    // 1. The profile's shim.
    obs.progress(&Progress { phase: format!("{} shim", opts.profile.label()), file: None, statement: 0, of: 0, done: 0, total });
    // It is ours and known to be good: one round trip, not one per statement.
    let shim = opts.profile.shim();
    if !shim.is_empty() {
        match engine.exec(shim).await {
            Ok(out) if out.error.is_none() => result.shim_statements = split(shim).iter().filter(|s| s.is_sql()).count(),
            Ok(out) => {
                let e = out.error.unwrap();
                return abort(result, format!("the {} shim failed: {} ({})", opts.profile.label(), e.message, e.sqlstate));
            }
            Err(f) => return abort(result, f.to_string()),
        }
    }
    // What the engine can load, and the profile's default extensions it could not install.
    match PlatformRun::prepare(engine, opts.profile, project.stand_in_extensions).await {
        Ok(p) => result.platform = p,
        Err(f) => return abort(result, f.to_string()),
    }
    let mut clock = SnapshotClock { rollback: project.files.iter().any(|f| f.role() == Role::Rollback), ..Default::default() };
    match &opts.base {
        Some(b) => result.snapshots.base = Some(b.clone()),
        None => match clock.take(engine, obs).await {
            Ok(s) => result.snapshots.base = Some(s),
            Err(f) => return abort(result, f),
        },
    }

    // 2. Every file, in order.
    let mut stopped = false;
    let mut done = 0usize;
    let mut stage = Stage::Start;
    // The file just run was an up file that ended with a snapshot (reusable as after-up).
    let mut last_was_up = false;
    let mut ddl_log = false;
    // The baseline file that ran last, until the session is reset after it.
    let mut baseline_ran: Option<String> = None;
    for &fi in &plan.order {
        let file = &project.files[fi];
        let role = file.role();
        let dump = role == Role::Baseline || crate::dump::is_pg_dump(&file.text);
        // A restore is its own session: reset it once the baseline (or a dump) has run.
        if !stopped && role != Role::Baseline {
            if let Some(after) = baseline_ran.take() {
                if let Err(f) = reset_session(engine, opts.profile, &after, &mut result.platform).await {
                    return abort(result, f.to_string());
                }
            }
        }
        if !stopped && dump {
            if let Err(f) = result.platform.create_missing_roles(engine, &file.name, &plan.pieces[fi]).await {
                return abort(result, f.to_string());
            }
            baseline_ran = Some(file.name.clone());
        }
        // Stage boundaries: snapshot what the previous stage left.
        if !stopped {
            let before = stage;
            if let Err(f) = stage.advance_to(role, engine, &mut result.snapshots, &mut clock, obs, last_was_up).await {
                return abort(result, f);
            }
            // Past validation, before the rollback files: the leak probes.
            if before < Stage::Validated && stage >= Stage::Validated && opts.probes {
                result.isolation = crate::isolation::probe_run(engine, project, &result.snapshots, opts.profile, obs, (done, total)).await;
            }
        }
        // The DDL log runs during the up files only.
        if !stopped && (role == Role::Up) != ddl_log {
            let sql = if role == Role::Up { DDL_LOG_START } else { DDL_LOG_STOP };
            ddl_log = matches!(engine.exec(sql).await, Ok(ref o) if o.error.is_none()) && role == Role::Up;
        }
        // A Supabase project's pgTAP tests run with pgTAP created first (`supabase test db`).
        let mut pgtap_note = None;
        if role == Role::Validate && opts.profile == Profile::Supabase && crate::conventions::content::is_pgtap(&file.text) {
            match result.platform.pgtap_for_tests(engine, &file.name).await {
                Ok(n) => pgtap_note = n,
                Err(f) => return abort(result, f.to_string()),
            }
        }
        // graphile-migrate's `:PLACEHOLDERS` (its .gmrc lies outside the folder): stood in.
        let database = if stopped { None } else { graphile_placeholders(engine, file, &mut result.platform).await };
        let pieces = &plan.pieces[fi];
        let n_sql = pieces.iter().filter(|s| s.is_sql()).count();
        let index = LineIndex::new(&file.text);
        let mut fr = FileRun { file: fi, name: file.name.clone(), role, statements: Vec::new() };
        let mut k = 0usize;
        for (si, st) in pieces.iter().enumerate() {
            let mut sr = StatementRun {
                file: fi,
                index: si,
                line: st.line,
                column: st.column,
                end_line: st.end_line,
                end_column: st.end_column,
                status: Status::NotRun,
                duration_ms: 0.0,
                notices: Vec::new(),
                rows: None,
                error: None,
                skip_reason: None,
                summary: summary(&st.sql),
                touched: Vec::new(),
                locks: Vec::new(),
                rewrites: Vec::new(),
            };
            if let Piece::Meta { reason, .. } = &st.piece {
                sr.status = Status::Skipped;
                sr.skip_reason = Some(reason.clone());
                fr.statements.push(sr);
                continue;
            }
            k += 1;
            if stopped {
                fr.statements.push(sr);
                continue;
            }
            if obs.cancelled() {
                sr.status = Status::Cancelled;
                result.outcome = Outcome::Cancelled;
                stopped = true;
                fr.statements.push(sr);
                continue;
            }
            obs.progress(&Progress { phase: role.as_str().into(), file: Some(file.name.clone()), statement: k, of: n_sql, done, total });
            // Extensions the engine cannot load, and COPY data blocks, go through the platform.
            let at = format!("{}:{}", file.name, st.line);
            let mut explain = None;
            let substituted = database.as_deref().map(|db| crate::conventions::graphile_migrate::substitute(&st.sql, db));
            let sql = substituted.as_deref().unwrap_or(&st.sql);
            let exec = match result.platform.create_extension(engine, sql, &at, opts.profile, project.stand_in_extensions).await {
                Err(f) => Err(f),
                Ok(ExtensionStep::StoodIn(out)) => Ok(*out),
                Ok(step) => {
                    if let ExtensionStep::SendAndExplain(m) = step {
                        explain = Some(m);
                    }
                    match run_copy(engine, sql).await {
                        Some(r) => r,
                        None => engine.exec(sql).await,
                    }
                }
            };
            match exec {
                Ok(out) => {
                    sr.duration_ms = out.duration_ms;
                    sr.rows = out.rows;
                    sr.notices = out.notices;
                    if let Some(m) = pgtap_note.take() {
                        sr.notices.insert(0, Notice { severity: "NOTICE".into(), message: m, code: None, detail: None, hint: None });
                    }
                    if role == Role::Validate {
                        let v = result.validation.entry(file.name.clone()).or_default();
                        for n in &sr.notices {
                            v.observe(&n.message, st.line);
                        }
                    }
                    if ddl_log {
                        (sr.touched, sr.locks, sr.rewrites) = read_ddl_log(engine).await;
                    }
                    match out.error {
                        None => sr.status = Status::Ok,
                        Some(mut e) => {
                            sr.status = Status::Failed;
                            let limit = crate::engine_limits::note(&e.sqlstate, &e.message).map(String::from);
                            if let Some(m) = explain.or(limit) {
                                e.hint = Some(match e.hint.take() {
                                    Some(h) => format!("{h}\n{m}"),
                                    None => m,
                                });
                            }
                            sr.error = Some(locate(&file.name, &file.text, &index, st, e));
                            if !opts.continue_on_error {
                                result.outcome = Outcome::Stopped;
                                stopped = true;
                            }
                        }
                    }
                }
                Err(EngineFailure::Cancelled) => {
                    sr.status = Status::Cancelled;
                    result.outcome = Outcome::Cancelled;
                    stopped = true;
                }
                Err(EngineFailure::Crashed(m)) => {
                    sr.status = Status::Failed;
                    result.outcome = Outcome::Aborted;
                    result.abort_reason = Some(format!("the database engine failed while running {}:{}: {m}", file.name, st.line));
                    stopped = true;
                }
            }
            done += 1;
            fr.statements.push(sr);
        }
        if role == Role::Validate {
            result.validation.entry(file.name.clone()).or_default().end_of_file();
        }
        result.files.push(fr);
        // What this up file changed: a snapshot after it (the last one doubles as after-up).
        if role == Role::Up && !stopped {
            match clock.take(engine, obs).await {
                Ok(snap) => result.snapshots.after_file.push((file.name.clone(), snap)),
                Err(f) => return abort(result, f),
            }
        }
        last_was_up = role == Role::Up && !stopped;
    }
    // 3. Close the last stage, or record where the run stopped.
    if ddl_log {
        let _ = engine.exec(DDL_LOG_STOP).await;
    }
    if !stopped {
        if let Some(after) = baseline_ran.take() {
            if let Err(f) = reset_session(engine, opts.profile, &after, &mut result.platform).await {
                return abort(result, f.to_string());
            }
        }
        let before = stage;
        if let Err(f) = stage.finish(engine, &mut result.snapshots, &mut clock, obs, last_was_up).await {
            return abort(result, f);
        }
        if before < Stage::Validated && opts.probes {
            result.isolation = crate::isolation::probe_run(engine, project, &result.snapshots, opts.profile, obs, (done, total)).await;
        }
    } else if matches!(result.outcome, Outcome::Stopped) {
        // The tables view falls back to where the run stopped.
        result.snapshots.at_stop = clock.take(engine, obs).await.ok();
    }
    result.snapshot_ms = clock.ms;
    obs.progress(&Progress { phase: "done".into(), file: None, statement: 0, of: 0, done, total });
    result
}

/// What the last statement touched, from the event-trigger log (the app's own temp objects left
/// out), and the tables it held ACCESS EXCLUSIVE locks on and rewrote (rows 'lock' and 'rewrite').
async fn read_ddl_log<E: Engine>(engine: &mut E) -> (Vec<(String, String)>, Vec<String>, Vec<String>) {
    let Ok(Ok(text)) = engine.query_text(DDL_LOG_READ).await else { return Default::default() };
    let rows: Vec<(String, String)> = serde_json::from_str(&text).unwrap_or_default();
    let (mut out, mut locks, mut rewrites): (Vec<(String, String)>, Vec<String>, Vec<String>) = Default::default();
    for r in rows {
        let list = match r.0.as_str() {
            "lock" => &mut locks,
            "rewrite" => &mut rewrites,
            _ => {
                if !r.1.starts_with("pg_temp") && !out.contains(&r) {
                    out.push(r);
                }
                continue;
            }
        };
        if !list.contains(&r.1) {
            list.push(r.1);
        }
    }
    (out, locks, rewrites)
}

/// After the baseline files: a fresh session, as a restore is its own (`SET` lines, the dump's
/// empty search_path and `row_security = off` stay behind), then the profile's session settings.
async fn reset_session<E: Engine>(engine: &mut E, profile: Profile, after: &str, platform: &mut PlatformRun) -> Result<(), EngineFailure> {
    let out = engine.exec(SESSION_RESET_SQL).await?;
    platform.session_reset = Some(match out.error {
        None => {
            let setup = profile.session_setup();
            if !setup.is_empty() {
                engine.exec(setup).await?;
            }
            session_reset_note(after)
        }
        Some(e) => format!("the session could not be reset after the baseline ({after}): {} ({}); its SET lines still apply to the later files", e.message, e.sqlstate),
    });
    Ok(())
}

fn abort(mut r: RunResult, why: String) -> RunResult {
    r.outcome = Outcome::Aborted;
    r.abort_reason = Some(why);
    r
}

/// Which snapshots are due as the run crosses from one role to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Start,
    Seeded,
    Up,
    Validated,
    RolledBack,
}

impl Stage {
    fn of(role: Role) -> Stage {
        match role {
            Role::Baseline | Role::Seed => Stage::Start,
            Role::Up => Stage::Seeded,
            Role::Validate => Stage::Up,
            Role::Rollback => Stage::Validated,
        }
    }

    /// Before the first file of `role`: take every snapshot between the current stage and it.
    async fn advance_to<E: Engine>(&mut self, role: Role, engine: &mut E, snaps: &mut Snapshots, clock: &mut SnapshotClock, obs: &dyn Observer, reuse: bool) -> Result<(), String> {
        let target = Stage::of(role);
        while *self < target {
            *self = self.next();
            // Nothing reads the catalog between validation and rollback: skip that pass.
            if *self == Stage::Validated {
                continue;
            }
            // Right after the last up file, its own snapshot is the after-up one.
            let fresh = match (*self, last_up_snapshot(snaps).filter(|_| reuse)) {
                (Stage::Up, Some(s)) => s,
                _ => clock.take_fp(engine, obs, *self == Stage::Seeded).await?,
            };
            let s = fresh;
            match *self {
                Stage::Seeded => snaps.after_seed = Some(s),
                Stage::Up => snaps.after_up = Some(s),
                Stage::Validated => snaps.after_validate = Some(s),
                Stage::RolledBack | Stage::Start => {}
            }
        }
        Ok(())
    }

    /// After the last file: every remaining boundary up to after-validation, and after-rollback
    /// when rollback files ran.
    async fn finish<E: Engine>(&mut self, engine: &mut E, snaps: &mut Snapshots, clock: &mut SnapshotClock, obs: &dyn Observer, reuse: bool) -> Result<(), String> {
        if *self == Stage::Validated {
            snaps.after_rollback = Some(clock.take_fp(engine, obs, true).await?);
            return Ok(());
        }
        let s = match (*self, last_up_snapshot(snaps).filter(|_| reuse)) {
            (Stage::Seeded, Some(s)) => s,
            _ => clock.take_fp(engine, obs, *self == Stage::Start).await?,
        };
        while *self < Stage::Validated {
            *self = self.next();
            match *self {
                Stage::Seeded => snaps.after_seed = Some(s.clone()),
                Stage::Up => snaps.after_up = Some(s.clone()),
                Stage::Validated => snaps.after_validate = Some(s.clone()),
                _ => {}
            }
        }
        Ok(())
    }

    fn next(self) -> Stage {
        match self {
            Stage::Start => Stage::Seeded,
            Stage::Seeded => Stage::Up,
            Stage::Up => Stage::Validated,
            _ => Stage::RolledBack,
        }
    }
}

/// The snapshot after the last up file (the caller says whether anything ran since).
fn last_up_snapshot(snaps: &Snapshots) -> Option<Snapshot> {
    snaps.after_file.last().map(|(_, s)| s.clone())
}

/// Takes snapshots and adds up the time they cost.
#[derive(Default)]
struct SnapshotClock {
    ms: f64,
    /// The project has rollback files: after-seed and after-rollback take content fingerprints.
    rollback: bool,
    prepared: bool,
    prepared_fp: bool,
}

impl SnapshotClock {
    async fn take<E: Engine>(&mut self, engine: &mut E, obs: &dyn Observer) -> Result<Snapshot, String> {
        self.take_fp(engine, obs, false).await
    }

    async fn take_fp<E: Engine>(&mut self, engine: &mut E, obs: &dyn Observer, fingerprints: bool) -> Result<Snapshot, String> {
        let t0 = obs.now_ms();
        let fp = fingerprints && self.rollback;
        // The helpers are created once per session (re-creating them invalidates their plans);
        // if the user's files removed them (DISCARD TEMP …), they are made again.
        let mut s = Err(String::new());
        for attempt in 0..2 {
            if attempt == 1 || !self.prepared || (fp && !self.prepared_fp) {
                if let Err(e) = prepare_snapshot(engine, fp).await {
                    s = Err(e);
                    break;
                }
                self.prepared = true;
                self.prepared_fp |= fp;
            }
            s = query_snapshot(engine, fp).await;
            if s.is_ok() {
                break;
            }
        }
        if let (Some(a), Some(b)) = (t0, obs.now_ms()) {
            self.ms += b - a;
        }
        s
    }
}

pub async fn take_snapshot<E: Engine>(engine: &mut E) -> Result<Snapshot, String> {
    take_snapshot_with(engine, false).await
}

pub async fn take_snapshot_with<E: Engine>(engine: &mut E, fingerprints: bool) -> Result<Snapshot, String> {
    prepare_snapshot(engine, fingerprints).await?;
    query_snapshot(engine, fingerprints).await
}

/// Create the session-temp helpers the snapshot query calls.
async fn prepare_snapshot<E: Engine>(engine: &mut E, fingerprints: bool) -> Result<(), String> {
    let helpers: &[&str] = if fingerprints { &[ROW_COUNT_FN, FINGERPRINT_FN] } else { &[ROW_COUNT_FN] };
    for sql in helpers {
        match engine.exec(sql).await {
            Ok(out) if out.error.is_none() => {}
            Ok(out) => return Err(format!("could not prepare the catalog snapshot: {}", out.error.unwrap().message)),
            Err(f) => return Err(f.to_string()),
        }
    }
    Ok(())
}

async fn query_snapshot<E: Engine>(engine: &mut E, fingerprints: bool) -> Result<Snapshot, String> {
    match engine.query_text(&snapshot_query_with(fingerprints)).await {
        Ok(Ok(text)) => Snapshot::parse(&text),
        Ok(Err(e)) => Err(format!("catalog snapshot query failed: {} ({})", e.message, e.sqlstate)),
        Err(f) => Err(f.to_string()),
    }
}

fn summary(sql: &str) -> String {
    let first = sql.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("--")).unwrap_or("");
    let mut s: String = first.chars().take(120).collect();
    if first.chars().count() > 120 || sql.trim().lines().count() > 1 {
        s.push_str(" …");
    }
    s
}

/// Place a Postgres error in the file: its `position` when given; else, inside a function or
/// DO body, the body line from the error context ("… line 7 at RAISE"); else the statement.
pub fn locate(file: &str, text: &str, index: &LineIndex, st: &Statement, e: DbError) -> LocatedError {
    let (mut line, mut column, mut how) = (st.line, st.column, "statement");
    if let Some(p) = e.position {
        let off = char_position_to_offset(text, st.start, p);
        (line, column) = index.locate(text, off);
        how = "position";
    } else if let Some(body_line) = e.where_.as_deref().and_then(body_line_from_context) {
        if let Some(body_start) = dollar_body_start(&st.sql) {
            let off = st.start + body_start;
            let (l0, _) = index.locate(text, off);
            let target = l0 + body_line - 1;
            if target <= st.end_line {
                line = target;
                column = text.lines().nth(target - 1).map(|l| l.len() - l.trim_start().len() + 1).unwrap_or(1);
                how = "body line";
            }
        }
    }
    let splitter_note = st.unterminated.as_ref().map(|u| {
        format!("the {} opened at line {}, column {} is never closed", u.what, u.line, u.column)
    });
    LocatedError {
        file: file.to_string(),
        line,
        column,
        sqlstate: e.sqlstate,
        message: e.message,
        detail: e.detail,
        hint: e.hint,
        where_: e.where_,
        located_by: how.into(),
        splitter_note,
    }
}

/// For a graphile-migrate file holding `:PLACEHOLDERS`: the database name that `:DATABASE_NAME`
/// stands for, after creating NOLOGIN the roles the other placeholders stand for (recorded in
/// `platform.created_roles`). `None` for any other file.
async fn graphile_placeholders<E: Engine>(engine: &mut E, file: &crate::files::SqlFile, platform: &mut crate::platform::PlatformRun) -> Option<String> {
    use crate::conventions::graphile_migrate::{placeholder_role, placeholders, DATABASE_NAME};
    if crate::conventions::detect_file(&file.name, &file.text).convention != crate::conventions::Convention::GraphileMigrate {
        return None;
    }
    let names = placeholders(&file.text);
    if names.is_empty() {
        return None;
    }
    let database = match engine.query_text("select current_database()").await {
        Ok(Ok(db)) => db,
        _ => "postgres".to_string(),
    };
    let mut made = Vec::new();
    for role in names.iter().filter(|n| *n != DATABASE_NAME).map(|n| placeholder_role(n)) {
        let q = format!("select (not exists (select 1 from pg_catalog.pg_roles where rolname = '{role}'))::text");
        if matches!(engine.query_text(&q).await, Ok(Ok(ref t)) if t == "true") && matches!(engine.exec(&format!("create role \"{role}\" nologin;")).await, Ok(ref o) if o.error.is_none()) {
            made.push(role);
        }
    }
    if !made.is_empty() && !platform.created_roles.iter().any(|c| c.roles == made) {
        platform.created_roles.push(crate::platform::CreatedRoles { file: file.name.clone(), roles: made });
    }
    Some(database)
}

/// "PL/pgSQL function inline_code_block line 7 at RAISE" → 7 (the first frame only).
fn body_line_from_context(ctx: &str) -> Option<usize> {
    let first = ctx.lines().next()?;
    if !first.starts_with("PL/pgSQL function") {
        return None;
    }
    let i = first.find(" line ")?;
    first[i + 6..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// Byte offset (in the statement) where the first dollar-quoted body starts: just after `$tag$`.
fn dollar_body_start(sql: &str) -> Option<usize> {
    let i = sql.find('$')?;
    let rest = &sql[i + 1..];
    let j = rest.find('$')?;
    rest[..j].chars().all(|c| c.is_ascii_alphanumeric() || c == '_').then_some(i + j + 2)
}
