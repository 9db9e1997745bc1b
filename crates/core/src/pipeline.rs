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
use crate::run::{AfterValidation, RunOptions};
use crate::run_result::{RunResult, Snapshots};
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
    let mut probes =
        LeakProbes { project, profile: opts.profile, enabled: opts.probes, report: None };
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
    let t0 = obs.now_ms();
    let mut result = run(engine, project, opts, obs).await;
    if let (Some(a), Some(b)) = (t0, obs.now_ms()) {
        result.total_ms = b - a;
    }
    let report = build_timed(project, &result, engine_name, &|| obs.now_ms().unwrap_or(0.0));
    (result, report)
}

/// The leak probes, on the catalog the up files left, with the tenancy the report shows and the
/// tables the project marks shared.
struct LeakProbes<'p> {
    project: &'p Project,
    profile: Profile,
    enabled: bool,
    report: Option<IsolationReport>,
}

impl<E: Engine> AfterValidation<E> for LeakProbes<'_> {
    async fn after_validation(
        &mut self,
        engine: &mut E,
        snapshots: &Snapshots,
        obs: &mut dyn Observer,
        progress: (usize, usize),
    ) {
        let Some(catalog) = snapshots.after_up.as_ref().filter(|_| self.enabled) else { return };
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
}
