//! The third engine: a real PostgreSQL server (issue 16). The pipeline runs in a throwaway
//! database on a server reached by URL (`check --postgres URL`), or on a throwaway local cluster
//! started from real server binaries (`check --postgres-version 15|16|17`); both are dropped
//! afterwards. The browser stays on PGlite.

pub mod cluster;
pub mod database;
pub mod engine;
pub mod volume;

use crate::{run_pipeline, run_pipeline_with};
use postgres::Config;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::{Observer, RunResult};
use tenant_planner_core::volume::Scale;
use volume::Volume;

pub use cluster::LocalCluster;
pub use database::Throwaway;
pub use engine::{ServerEngine, SERVER_ENGINE_NAME};

/// Which server `check` runs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Server {
    /// `--postgres URL`: a server of the user's.
    Url(String),
    /// `--postgres-version N`: a throwaway local cluster of that major version.
    Version(u32),
}

/// The major versions `--postgres-version` starts.
pub const VERSIONS: [u32; 3] = [15, 16, 17];

/// Parse `--postgres`'s URL (or key=value string) without connecting.
pub fn parse_url(url: &str) -> Result<Config, String> {
    url.parse::<Config>().map_err(|e| format!("--postgres: not a PostgreSQL connection URL ({e})"))
}

/// [`crate::simulate`] on a server: a throwaway database on it (dropped afterwards), the whole
/// pipeline there.
pub fn simulate_on(
    server: &Config,
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    obs: &mut dyn Observer,
) -> Result<(RunResult, Report), String> {
    let db = Throwaway::create(server)?;
    let mut engine = ServerEngine::connect(db.config())?;
    let out =
        run_pipeline(&mut engine, SERVER_ENGINE_NAME, project, profile, continue_on_error, obs);
    // The run's connection closes before its database is dropped (drop … with (force) would end
    // it anyway).
    drop(engine);
    drop(db);
    Ok(out)
}

/// A volume run on a server: [`simulate_on`], with the tables of `scale` filled after the seed
/// files and every up statement measured (the report's `volume`). A table it cannot fill is an
/// error (the run is not reported).
pub fn simulate_scaled_on(
    server: &Config,
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    scale: &[Scale],
    obs: &mut dyn Observer,
) -> Result<(RunResult, Report), String> {
    if scale.is_empty() {
        return simulate_on(server, project, profile, continue_on_error, obs);
    }
    let db = Throwaway::create(server)?;
    let mut engine = ServerEngine::connect(db.config())?;
    let mut volume = Volume::new(scale.to_vec(), db.config().clone());
    let (result, mut report) = run_pipeline_with(
        &mut engine,
        SERVER_ENGINE_NAME,
        project,
        profile,
        continue_on_error,
        obs,
        &mut volume,
    );
    drop(engine);
    if let Some(why) = volume.failure() {
        return Err(why.to_string());
    }
    report.volume = Some(volume.finish());
    drop(db);
    Ok((result, report))
}

/// `check --postgres URL` or `--postgres-version N`.
pub fn simulate(
    server: &Server,
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    obs: &mut dyn Observer,
) -> Result<(RunResult, Report), String> {
    simulate_scaled(server, project, profile, continue_on_error, &[], obs)
}

/// [`simulate`], a volume run when `scale` is not empty.
pub fn simulate_scaled(
    server: &Server,
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    scale: &[Scale],
    obs: &mut dyn Observer,
) -> Result<(RunResult, Report), String> {
    match server {
        Server::Url(url) => {
            simulate_scaled_on(&parse_url(url)?, project, profile, continue_on_error, scale, obs)
        }
        Server::Version(v) => {
            let cluster = LocalCluster::start(*v)?;
            simulate_scaled_on(&cluster.config(), project, profile, continue_on_error, scale, obs)
        }
    }
}
