//! Cross-tenant leak probes, run on the migrated database: a second world is built beside the
//! data (tenant B, its users and memberships, a row for tenant A and for tenant B in every
//! tenant-scoped table), then each persona — anon, a signed-in outsider, a member of tenant B
//! with each role, service_role for contrast — tries to read and write tenant A's rows. Any
//! success outside tenant A on a table the user did not mark shared is a leak, named with the
//! policy that let it through and a psql script that reproduces it.
//!
//! Everything runs inside `begin; … rollback;`, each step inside a savepoint that is rolled back,
//! so the database is unchanged afterwards and a refused statement does not end the rest. No
//! PL/pgSQL EXCEPTION block is used (the native engine does not catch errors in them): every
//! retry is driven from Rust.

mod cause;
mod db;
mod fixtures;
mod persona_probes;
mod personas;
mod probes;
mod repro;
mod run_probes;
#[cfg(test)]
mod tests;
pub mod values;

pub use personas::Persona;

use crate::catalog::Snapshot;
use crate::engine::Engine;
use crate::profile::Profile;
use crate::run::{Observer, Progress};
use crate::tenancy::Tenancy;
use db::Db;
use run_probes::{run_all, Stop};
use serde::{Deserialize, Serialize};

/// What each persona tries on every tenant-scoped table. MOVE: an UPDATE of one of tenant B's
/// own rows that sets its tenant to A.
pub const COMMANDS: [&str; 5] = ["SELECT", "INSERT", "UPDATE", "DELETE", "MOVE"];

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IsolationReport {
    pub personas: Vec<Persona>,
    pub fixtures: Fixtures,
    /// Every probe: a row count, or the SQLSTATE that refused it.
    pub matrix: Vec<ProbeResult>,
    pub leaks: Vec<Leak>,
    /// How the personas' identity was set (role, claims or settings).
    #[serde(default)]
    pub identity: String,
    pub ms: f64,
    /// Why the probes did not run (or stopped early).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why there was nothing to probe (no tenant root was found): not an error, and not a pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Fixtures {
    /// Tenant A and tenant B in each root (key as text). A is an existing row when there is one.
    pub tenants: Vec<TenantPair>,
    /// Tables that got every fixture row they were due.
    pub filled: Vec<String>,
    pub unfilled: Vec<Unfilled>,
    /// How many fixture rows were inserted.
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantPair {
    pub root: String,
    pub a: Option<String>,
    pub b: Option<String>,
    /// Tenant A is a row that was already there (the seed's).
    pub a_existing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfilled {
    pub table: String,
    /// Which row, and the Postgres error (or what was missing).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub persona: String,
    /// A table, a view, or a function call.
    pub table: String,
    pub command: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlstate: Option<String>,
    /// Not run: the catalog (no privilege, RLS on and no policy) or the policies' own
    /// expressions evaluated as the persona (the row is not theirs to update; no WITH CHECK
    /// accepts the new row) already say what Postgres answers. Refused statements are costly
    /// on the native engine; rows that would get through are always written for real.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub predicted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leak {
    pub table: String,
    pub command: String,
    pub persona: String,
    pub rows: u64,
    pub cause: String,
    /// Runnable as is in psql: fixtures, identity, the statement, rollback.
    pub sql: String,
}

/// Run every probe (see the module doc) and leave the database as it was.
pub async fn probe<E: Engine>(engine: &mut E, catalog: &Snapshot, tenancy: &Tenancy, profile: Profile, shared: &[String]) -> IsolationReport {
    probe_observed(engine, catalog, tenancy, profile, shared, &mut (), (0, 0)).await
}

/// [`probe`], reporting progress ("leak probes") and timed by the observer's clock when it has one.
pub async fn probe_observed<E: Engine>(
    engine: &mut E,
    catalog: &Snapshot,
    tenancy: &Tenancy,
    profile: Profile,
    shared: &[String],
    obs: &mut dyn Observer,
    (done, total): (usize, usize),
) -> IsolationReport {
    let t0 = obs.now_ms();
    let mut db = Db { e: engine, ms: 0.0 };
    let mut report = IsolationReport::default();
    obs.progress(&Progress { phase: "leak probes".into(), file: None, statement: 0, of: 0, done, total });
    // Inside a transaction the files left open, a savepoint; else a transaction of our own.
    let nested = match db.exec("savepoint tp_probes").await {
        Ok(o) if o.error.is_none() => true,
        Ok(o) if o.error.as_ref().is_some_and(|e| e.sqlstate == "25P01") => match db.exec("begin").await {
            Ok(o) if o.error.is_none() => false,
            Ok(o) => {
                report.error = Some(format!("could not open the probe transaction: {}", o.error.unwrap().message));
                return report;
            }
            Err(f) => {
                report.error = Some(f.to_string());
                return report;
            }
        },
        Ok(o) => {
            let e = o.error.unwrap();
            report.error = Some(format!("the session is not usable for probes: {} ({})", e.message, e.sqlstate));
            return report;
        }
        Err(f) => {
            report.error = Some(f.to_string());
            return report;
        }
    };
    let outcome = match db.exec("set local role none; select set_config('request.jwt.claims', '', true)").await {
        Ok(o) if o.error.is_none() => run_all(&mut db, catalog, tenancy, profile, shared, obs, (done, total), &mut report).await,
        Ok(o) => Err(Stop::Msg(format!("could not reset the role: {}", o.error.unwrap().message))),
        Err(f) => Err(Stop::Engine(f)),
    };
    match outcome {
        Ok(()) => {}
        Err(Stop::Engine(f)) => report.error = Some(f.to_string()),
        Err(Stop::Msg(m)) => report.error = Some(m),
        Err(Stop::Nothing(m)) => report.skipped = Some(m),
    }
    let end = if nested { "rollback to savepoint tp_probes; release savepoint tp_probes" } else { "rollback" };
    if let Ok(o) = db.exec(end).await {
        if let Some(e) = o.error {
            report.error.get_or_insert(format!("could not roll the probes back: {}", e.message));
        }
    }
    report.ms = match (t0, obs.now_ms()) {
        (Some(a), Some(b)) => b - a,
        _ => db.ms,
    };
    report
}

/// The pipeline's call (run.rs): after the validation files, on the catalog the up files left,
/// with the tenancy the report shows and the tables the project marks shared.
pub async fn probe_run<E: Engine>(
    engine: &mut E,
    project: &crate::project::Project,
    snaps: &crate::run::Snapshots,
    profile: Profile,
    obs: &mut dyn Observer,
    progress: (usize, usize),
) -> Option<IsolationReport> {
    let catalog = snaps.after_up.as_ref()?;
    let tenancy = crate::tenancy::classify(catalog, profile, &project.tenancy);
    Some(probe_observed(engine, catalog, &tenancy, profile, &project.shared_tables, obs, progress).await)
}
