//! The migrations of a run: profile shim, then every statement of every file in order against a
//! fresh database, with catalog snapshots at each stage boundary. Engine-agnostic and IO-free: the
//! engine does the database work, the observer hears progress and says when to stop. What runs
//! once the database is past validation (the leak probes) is the caller's ([`Hooks`]):
//! `pipeline` puts the two together.

mod session;
mod stage;
mod statement;

pub use crate::observer::{Observer, Progress};
pub use crate::run_result::{
    FileRun, LocatedError, Outcome, RunResult, Snapshots, StatementRun, Status,
};
pub use stage::{take_snapshot, take_snapshot_with};
pub use statement::locate;

use crate::catalog::{Snapshot, DDL_LOG_START, DDL_LOG_STOP};
use crate::engine::{Engine, EngineFailure, ExecOutcome, Notice};
use crate::files::{Role, SqlFile};
use crate::platform::{run_copy, ExtensionStep, PlatformRun};
use crate::profile::Profile;
use crate::project::Project;
use crate::split::{split, LineIndex, Piece, Statement};
use serde::{Deserialize, Serialize};
use session::{graphile_placeholders, reset_session};
use stage::{SnapshotClock, Stage};
use statement::{listed, read_ddl_log};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunOptions {
    pub profile: Profile,
    /// Go on after a failing statement instead of stopping there.
    pub continue_on_error: bool,
    /// The catalog of a fresh database with this profile's shim, from an earlier run on the same
    /// engine: it is always the same, so a host that keeps it saves a snapshot per run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Snapshot>,
    /// Run the cross-tenant leak probes after the validation files (see `pipeline`, `isolation`).
    #[serde(default = "probes_default")]
    pub probes: bool,
}

fn probes_default() -> bool {
    true
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

/// What the caller runs at points of the run: past validation (the leak probes: before the
/// first rollback file, or after the last file when there is none; at most once, and not when
/// the run stopped before), and, for a volume run, after the seed files and around each up
/// statement. Only `after_validation` must be written.
#[allow(async_fn_in_trait)]
pub trait Hooks<E: Engine> {
    async fn after_validation(
        &mut self,
        engine: &mut E,
        snapshots: &Snapshots,
        obs: &mut dyn Observer,
        progress: (usize, usize),
    );

    /// Once the baseline and seed files ran, before the after-seed snapshot (so the rollback
    /// check and the per-file changes count from there). An error aborts the run with it.
    async fn after_seed(&mut self, _engine: &mut E, _obs: &mut dyn Observer) -> Result<(), String> {
        Ok(())
    }

    /// Just before an up statement is sent.
    async fn before_up_statement(&mut self, _engine: &mut E) {}

    /// Just after an up statement came back (and the DDL log was read), with its record.
    async fn after_up_statement(&mut self, _engine: &mut E, _file: &str, _sr: &StatementRun) {}
}

/// Nothing after validation.
impl<E: Engine> Hooks<E> for () {
    async fn after_validation(
        &mut self,
        _: &mut E,
        _: &Snapshots,
        _: &mut dyn Observer,
        _: (usize, usize),
    ) {
    }
}

/// Run the project's files: 1. the profile's shim, 2. every file in order, 3. the last stage
/// closed (or where the run stopped recorded). `after` runs past validation.
pub async fn run<E: Engine>(
    engine: &mut E,
    project: &Project,
    opts: &RunOptions,
    obs: &mut dyn Observer,
    after: &mut impl Hooks<E>,
) -> RunResult {
    let plan = Plan::new(project);
    let result = RunResult::empty(opts.profile);
    let clock = SnapshotClock::new(project.files.iter().any(|f| f.role() == Role::Rollback));
    let mut run = Run {
        engine,
        obs,
        after,
        project,
        opts,
        plan: &plan,
        total: plan.sql_count(),
        result,
        clock,
        stage: Stage::Start,
        stopped: false,
        done: 0,
        last_was_up: false,
        ddl_log: false,
        baseline_ran: None,
    };
    match run.phases().await {
        Ok(()) => run.result,
        // The user's cancel reached the engine between statements (the shim, a snapshot, the
        // platform's checks): the engine's failure is the cancel, not a broken engine.
        Err(_) if run.obs.cancelled() => {
            let mut r = run.result;
            r.outcome = Outcome::Cancelled;
            r
        }
        Err(why) => abort(run.result, why),
    }
}

fn abort(mut r: RunResult, why: String) -> RunResult {
    r.outcome = Outcome::Aborted;
    r.abort_reason = Some(why);
    r
}

/// A run under way. An `Err` from any phase aborts it with that reason.
struct Run<'a, E: Engine, A: Hooks<E>> {
    engine: &'a mut E,
    obs: &'a mut dyn Observer,
    after: &'a mut A,
    project: &'a Project,
    opts: &'a RunOptions,
    plan: &'a Plan,
    /// SQL statements over all files.
    total: usize,
    result: RunResult,
    clock: SnapshotClock,
    stage: Stage,
    /// A statement failed (without continue-on-error), the user cancelled, or the engine died:
    /// the remaining statements are listed, not run.
    stopped: bool,
    /// Statements done over all files.
    done: usize,
    /// The file just run was an up file that ended with a snapshot (reusable as after-up).
    last_was_up: bool,
    /// The DDL log is on (it runs during the up files only).
    ddl_log: bool,
    /// The baseline file that ran last, until the session is reset after it.
    baseline_ran: Option<String>,
}

impl<E: Engine, A: Hooks<E>> Run<'_, E, A> {
    async fn phases(&mut self) -> Result<(), String> {
        self.prepare().await?;
        let plan = self.plan;
        for &fi in &plan.order {
            self.file(fi).await?;
        }
        self.close().await
    }

    /// Phase 1: the profile's shim, what the engine can load, and the fresh database's catalog.
    async fn prepare(&mut self) -> Result<(), String> {
        let profile = self.opts.profile;
        self.obs.progress(&Progress {
            phase: format!("{} shim", profile.label()),
            file: None,
            statement: 0,
            of: 0,
            done: 0,
            total: self.total,
        });
        // It is ours and known to be good: one round trip, not one per statement.
        let shim = profile.shim();
        if !shim.is_empty() {
            let out = self.engine.exec(shim).await.map_err(|f| f.to_string())?;
            if let Some(e) = out.error {
                return Err(format!(
                    "the {} shim failed: {} ({})",
                    profile.label(),
                    e.message,
                    e.sqlstate
                ));
            }
            self.result.shim_statements = split(shim).iter().filter(|s| s.is_sql()).count();
        }
        // What the engine can load, and the profile's default extensions it could not install.
        self.result.platform =
            PlatformRun::prepare(self.engine, profile, self.project.stand_in_extensions)
                .await
                .map_err(|f| f.to_string())?;
        self.result.snapshots.base = Some(match &self.opts.base {
            Some(b) => b.clone(),
            None => self.clock.take(self.engine, self.obs).await?,
        });
        Ok(())
    }

    /// Phase 2, once per file: what is due before it, its statements, and the snapshot after an
    /// up file.
    async fn file(&mut self, fi: usize) -> Result<(), String> {
        let project = self.project;
        let file = &project.files[fi];
        let role = file.role();
        let (pgtap_note, database) = self.before_file(fi, role).await?;
        let fr = self.statements(fi, role, pgtap_note, database.as_deref()).await;
        if role == Role::Validate {
            self.result.validation.entry(file.name.clone()).or_default().end_of_file();
        }
        self.result.files.push(fr);
        // What this up file changed: a snapshot after it (the last one doubles as after-up).
        if role == Role::Up && !self.stopped {
            let snap = self.clock.take(self.engine, self.obs).await?;
            self.result.snapshots.after_file.push((file.name.clone(), snap));
        }
        self.last_was_up = role == Role::Up && !self.stopped;
        Ok(())
    }

    /// Before a file: the session reset after a baseline, the roles a dump needs, the stage
    /// boundaries (and what runs past validation), the DDL log, pgTAP for a Supabase test, and
    /// graphile-migrate's placeholders. Gives the note pgTAP left and the placeholders' database.
    async fn before_file(
        &mut self,
        fi: usize,
        role: Role,
    ) -> Result<(Option<String>, Option<String>), String> {
        let (project, plan) = (self.project, self.plan);
        let file = &project.files[fi];
        let dump = role == Role::Baseline || crate::dump::is_pg_dump(&file.text);
        // A restore is its own session: reset it once the baseline (or a dump) has run.
        if !self.stopped && role != Role::Baseline {
            self.reset_after_baseline().await?;
        }
        if !self.stopped && dump {
            self.result
                .platform
                .create_missing_roles(self.engine, &file.name, &plan.pieces[fi])
                .await
                .map_err(|f| f.to_string())?;
            self.baseline_ran = Some(file.name.clone());
        }
        // Stage boundaries: snapshot what the previous stage left.
        if !self.stopped {
            self.seeded(Stage::of(role)).await?;
            let before = self.stage;
            self.stage
                .advance_to(
                    role,
                    self.engine,
                    &mut self.result.snapshots,
                    &mut self.clock,
                    self.obs,
                    self.last_was_up,
                )
                .await?;
            self.past_validation(before).await;
        }
        // The DDL log runs during the up files only.
        if !self.stopped && (role == Role::Up) != self.ddl_log {
            let sql = if role == Role::Up { DDL_LOG_START } else { DDL_LOG_STOP };
            self.ddl_log = matches!(self.engine.exec(sql).await, Ok(ref o) if o.error.is_none())
                && role == Role::Up;
        }
        // A Supabase project's pgTAP tests run with pgTAP created first (`supabase test db`).
        let mut pgtap_note = None;
        if role == Role::Validate
            && self.opts.profile == Profile::Supabase
            && crate::conventions::content::is_pgtap(&file.text)
        {
            pgtap_note = self
                .result
                .platform
                .pgtap_for_tests(self.engine, &file.name)
                .await
                .map_err(|f| f.to_string())?;
        }
        // graphile-migrate's `:PLACEHOLDERS` (its .gmrc lies outside the folder): stood in.
        let database = if self.stopped {
            None
        } else {
            graphile_placeholders(self.engine, file, &mut self.result.platform).await
        };
        Ok((pgtap_note, database))
    }

    /// After the baseline files: a fresh session (see [`reset_session`]).
    async fn reset_after_baseline(&mut self) -> Result<(), String> {
        if let Some(after) = self.baseline_ran.take() {
            reset_session(self.engine, self.opts.profile, &after, &mut self.result.platform)
                .await
                .map_err(|f| f.to_string())?;
        }
        Ok(())
    }

    /// The caller's step after the seed files, when the run is about to cross into `target`
    /// past them.
    async fn seeded(&mut self, target: Stage) -> Result<(), String> {
        if self.stage < Stage::Seeded && target >= Stage::Seeded {
            self.after.after_seed(self.engine, self.obs).await?;
        }
        Ok(())
    }

    /// Past validation (the stage just crossed into it, from `before`): the caller's step.
    async fn past_validation(&mut self, before: Stage) {
        if before < Stage::Validated && self.stage >= Stage::Validated {
            self.after
                .after_validation(
                    self.engine,
                    &self.result.snapshots,
                    self.obs,
                    (self.done, self.total),
                )
                .await;
        }
    }

    /// Every statement of the file: skipped (psql meta-commands), listed (once the run stopped),
    /// cancelled, or sent.
    async fn statements(
        &mut self,
        fi: usize,
        role: Role,
        mut pgtap_note: Option<String>,
        database: Option<&str>,
    ) -> FileRun {
        let (project, plan) = (self.project, self.plan);
        let file = &project.files[fi];
        let pieces = &plan.pieces[fi];
        let n_sql = pieces.iter().filter(|s| s.is_sql()).count();
        let index = LineIndex::new(&file.text);
        let mut fr = FileRun { file: fi, name: file.name.clone(), role, statements: Vec::new() };
        let mut k = 0usize;
        for (si, st) in pieces.iter().enumerate() {
            let mut sr = listed(fi, si, st);
            if let Piece::Meta { reason, .. } = &st.piece {
                sr.status = Status::Skipped;
                sr.skip_reason = Some(reason.clone());
                fr.statements.push(sr);
                continue;
            }
            k += 1;
            if self.stopped {
                fr.statements.push(sr);
                continue;
            }
            if self.obs.cancelled() {
                sr.status = Status::Cancelled;
                self.result.outcome = Outcome::Cancelled;
                self.stopped = true;
                fr.statements.push(sr);
                continue;
            }
            self.obs.progress(&Progress {
                phase: role.as_str().into(),
                file: Some(file.name.clone()),
                statement: k,
                of: n_sql,
                done: self.done,
                total: self.total,
            });
            let sent = Sent { file, role, st, index: &index, database };
            if role == Role::Up {
                self.after.before_up_statement(self.engine).await;
            }
            self.send(&sent, &mut sr, &mut pgtap_note).await;
            if role == Role::Up {
                self.after.after_up_statement(self.engine, &file.name, &sr).await;
            }
            self.done += 1;
            fr.statements.push(sr);
        }
        fr
    }

    /// Send one statement and record what came back in `sr`; a failure stops the run unless it
    /// goes on past failures.
    async fn send(&mut self, x: &Sent<'_>, sr: &mut StatementRun, pgtap_note: &mut Option<String>) {
        let (file, st) = (x.file, x.st);
        let (exec, explain) = self.execute(x).await;
        match exec {
            Ok(out) => {
                sr.duration_ms = out.duration_ms;
                sr.rows = out.rows;
                sr.notices = out.notices;
                if let Some(m) = pgtap_note.take() {
                    sr.notices.insert(
                        0,
                        Notice {
                            severity: "NOTICE".into(),
                            message: m,
                            code: None,
                            detail: None,
                            hint: None,
                        },
                    );
                }
                if x.role == Role::Validate {
                    let v = self.result.validation.entry(file.name.clone()).or_default();
                    for n in &sr.notices {
                        v.observe(&n.message, st.line);
                    }
                }
                if self.ddl_log {
                    (sr.touched, sr.locks, sr.rewrites) = read_ddl_log(self.engine).await;
                }
                match out.error {
                    None => sr.status = Status::Ok,
                    Some(mut e) => {
                        sr.status = Status::Failed;
                        let limit =
                            crate::engine_limits::note(&e.sqlstate, &e.message).map(String::from);
                        if let Some(m) = explain.or(limit) {
                            e.hint = Some(match e.hint.take() {
                                Some(h) => format!("{h}\n{m}"),
                                None => m,
                            });
                        }
                        sr.error = Some(locate(&file.name, &file.text, x.index, st, e));
                        if !self.opts.continue_on_error {
                            self.result.outcome = Outcome::Stopped;
                            self.stopped = true;
                        }
                    }
                }
            }
            Err(EngineFailure::Cancelled) => {
                sr.status = Status::Cancelled;
                self.result.outcome = Outcome::Cancelled;
                self.stopped = true;
            }
            Err(EngineFailure::Crashed(m)) => {
                sr.status = Status::Failed;
                self.result.outcome = Outcome::Aborted;
                self.result.abort_reason = Some(format!(
                    "the database engine failed while running {}:{}: {m}",
                    file.name, st.line
                ));
                self.stopped = true;
            }
        }
    }

    /// Run the statement on the engine: extensions it cannot load, and COPY data blocks, go
    /// through the platform. Gives what the engine answered and, for an extension sent anyway,
    /// what to add to its error's hint.
    async fn execute(
        &mut self,
        x: &Sent<'_>,
    ) -> (Result<ExecOutcome, EngineFailure>, Option<String>) {
        let at = format!("{}:{}", x.file.name, x.st.line);
        let substituted =
            x.database.map(|db| crate::conventions::graphile_migrate::substitute(&x.st.sql, db));
        let sql = substituted.as_deref().unwrap_or(&x.st.sql);
        match self
            .result
            .platform
            .create_extension(
                self.engine,
                sql,
                &at,
                self.opts.profile,
                self.project.stand_in_extensions,
            )
            .await
        {
            Err(f) => (Err(f), None),
            Ok(ExtensionStep::StoodIn(out)) => (Ok(*out), None),
            Ok(step) => {
                let explain = match step {
                    ExtensionStep::SendAndExplain(m) => Some(m),
                    _ => None,
                };
                let exec = match run_copy(self.engine, sql).await {
                    Some(r) => r,
                    None => self.engine.exec(sql).await,
                };
                (exec, explain)
            }
        }
    }

    /// Phase 3: close the last stage (and run what comes past validation, if not yet), or record
    /// where the run stopped.
    async fn close(&mut self) -> Result<(), String> {
        if self.ddl_log {
            let _ = self.engine.exec(DDL_LOG_STOP).await;
        }
        if !self.stopped {
            self.reset_after_baseline().await?;
            self.seeded(Stage::Validated).await?;
            let before = self.stage;
            self.stage
                .finish(
                    self.engine,
                    &mut self.result.snapshots,
                    &mut self.clock,
                    self.obs,
                    self.last_was_up,
                )
                .await?;
            self.past_validation(before).await;
        } else if matches!(self.result.outcome, Outcome::Stopped) {
            // The tables view falls back to where the run stopped.
            self.result.snapshots.at_stop = self.clock.take(self.engine, self.obs).await.ok();
        }
        self.result.snapshot_ms = self.clock.ms;
        self.obs.progress(&Progress {
            phase: "done".into(),
            file: None,
            statement: 0,
            of: 0,
            done: self.done,
            total: self.total,
        });
        Ok(())
    }
}

/// The statement being sent, and where it sits.
struct Sent<'s> {
    file: &'s SqlFile,
    role: Role,
    st: &'s Statement,
    index: &'s LineIndex,
    /// The database `:DATABASE_NAME` stands for (graphile-migrate), when the file has placeholders.
    database: Option<&'s str>,
}
