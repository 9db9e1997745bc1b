//! The whole simulation in one place: the migrations (`run`), the cross-tenant leak probes
//! (`isolation`) once the database is past validation and before the rollback files, and the
//! report (`report`). The app, the command-line tool and the tests all go through here, so the
//! probes are called from one place and `run` and `isolation` need not know each other.

use crate::engine::Engine;
use crate::isolation::{probe_observed, IsolationReport};
use crate::observer::Observer;
use crate::profile::Profile;
use crate::project::Project;
use crate::report::{build_timed, Report};
use crate::run::{Hooks, RunOptions};
use crate::run_result::{RunResult, Snapshots, StatementRun};
use crate::tenancy::classify;

/// Run the project's files and, past validation, the leak probes (when `opts.probes`). The host
/// sets `total_ms` (its clock may start before the engine did) and builds the report; or calls
/// [`simulate`], which does both.
pub async fn run<E: Engine>(
    engine: &mut E,
    project: &Project,
    opts: &RunOptions,
    obs: &mut dyn Observer,
) -> RunResult {
    run_with(engine, project, opts, obs, &mut ()).await
}

/// [`run`], with the host's own steps after the seed files and around each up statement (a
/// volume run's fill and measurements); its `after_validation` runs after the probes.
pub async fn run_with<E: Engine, H: Hooks<E>>(
    engine: &mut E,
    project: &Project,
    opts: &RunOptions,
    obs: &mut dyn Observer,
    host: &mut H,
) -> RunResult {
    let mut probes =
        LeakProbes { project, profile: opts.profile, enabled: opts.probes, report: None, host };
    let mut result = crate::run::run(engine, project, opts, obs, &mut probes).await;
    result.isolation = probes.report;
    result
}

/// [`run`], then the report, both timed by the observer's clock (`total_ms` from here to the end
/// of the run; `timings.lint_ms`). Without a clock, the times are 0.
pub async fn simulate<E: Engine>(
    engine: &mut E,
    project: &Project,
    opts: &RunOptions,
    obs: &mut dyn Observer,
    engine_name: &str,
) -> (RunResult, Report) {
    simulate_with(engine, project, opts, obs, engine_name, &mut ()).await
}

/// [`simulate`] with the host's steps (see [`run_with`]).
pub async fn simulate_with<E: Engine, H: Hooks<E>>(
    engine: &mut E,
    project: &Project,
    opts: &RunOptions,
    obs: &mut dyn Observer,
    engine_name: &str,
    host: &mut H,
) -> (RunResult, Report) {
    let t0 = obs.now_ms();
    let mut result = run_with(engine, project, opts, obs, host).await;
    if let (Some(a), Some(b)) = (t0, obs.now_ms()) {
        result.total_ms = b - a;
    }
    let report = build_timed(project, &result, engine_name, &|| obs.now_ms().unwrap_or(0.0));
    (result, report)
}

/// The leak probes, on the catalog the up files left, with the tenancy the report shows and the
/// tables the project marks shared; and the host's steps.
struct LeakProbes<'p, 'h, H> {
    project: &'p Project,
    profile: Profile,
    enabled: bool,
    report: Option<IsolationReport>,
    host: &'h mut H,
}

impl<E: Engine, H: Hooks<E>> Hooks<E> for LeakProbes<'_, '_, H> {
    async fn after_validation(
        &mut self,
        engine: &mut E,
        snapshots: &Snapshots,
        obs: &mut dyn Observer,
        progress: (usize, usize),
    ) {
        if let Some(catalog) = snapshots.after_up.as_ref().filter(|_| self.enabled) {
            let tenancy = classify(catalog, self.profile, &self.project.tenancy);
            self.report = Some(
                probe_observed(
                    engine,
                    catalog,
                    &tenancy,
                    self.profile,
                    &self.project.shared_tables,
                    obs,
                    progress,
                )
                .await,
            );
        }
        self.host.after_validation(engine, snapshots, obs, progress).await;
    }

    async fn after_seed(&mut self, engine: &mut E, obs: &mut dyn Observer) -> Result<(), String> {
        self.host.after_seed(engine, obs).await
    }

    async fn before_up_statement(&mut self, engine: &mut E) {
        self.host.before_up_statement(engine).await;
    }

    async fn after_up_statement(&mut self, engine: &mut E, file: &str, sr: &StatementRun) {
        self.host.after_up_statement(engine, file, sr).await;
    }
}
