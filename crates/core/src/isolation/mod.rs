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
mod control;
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
// The catalog readings the volume fill (`crate::volume::fill`) shares with the fixtures.
pub(crate) use fixtures::{enum_labels, fk_target, fks_of, key_columns, table_checks};

use crate::catalog::Snapshot;
use crate::engine::Engine;
use crate::observer::{Observer, Progress};
use crate::profile::Profile;
use crate::tenancy::Tenancy;
use db::Db;
use run_probes::{Probing, Stop};
use serde::{Deserialize, Serialize};

/// What each persona tries on every tenant-scoped table. MOVE: an UPDATE of a row the persona
/// holds (its own membership or user row, else one of tenant B's) that sets its tenant to A;
/// it counts only when the row really crossed into tenant A (checked after the update).
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
    /// What was probed and what was not: the verdict is "no leak found" only when it is complete.
    #[serde(default)]
    pub coverage: Coverage,
    /// Roles the personas run as that bypass row level security through role membership.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bypass: Vec<Bypass>,
    /// How the probes were made, beyond `identity`: who a sign-up trigger placed where, which
    /// tenants were therefore not taken as victims, which values the fixtures chose for roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Who the positive control is: tenant A's own member (its owner, with the highest membership
    /// role), signed in as the personas are but in tenant A. Not a persona of the matrix: it
    /// reads tenant A's rows in every probed table (`coverage.tables[].control`) to show that
    /// the probes' identity reaches the policies at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<Persona>,
}

/// What the probes covered: every tenant table (root, direct, indirect) by every counted persona
/// with every command that applies to it, and the probes that errored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Coverage {
    pub tables: Vec<TableCoverage>,
    /// Probes that failed with an error that is not a refusal (see [`Outcome::Errored`]).
    pub errored: usize,
    /// Every tenant table was probed by every counted persona with every command that applies,
    /// and no probe errored. Only then can "no leak found" be said.
    pub complete: bool,
    /// What is missing, one line each (empty when complete).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Tables where tenant A's own member read none of tenant A's rows although a policy grants
    /// its role SELECT ([`ControlState::Unconfirmed`]): "no leak" there proves nothing, so
    /// coverage is not complete (each is named in `missing`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<String>,
}

impl Coverage {
    /// Why "no leak found" cannot be said, one line each; empty when it can (complete, and every
    /// table's control confirmed, closed, shared or without rows). The one place both the
    /// probes' verdict and `verdict::judge` read coverage from.
    pub fn gaps(&self) -> Vec<String> {
        let mut why = self.missing.clone();
        if !self.complete && why.is_empty() {
            why.push("coverage was not recorded".into());
        }
        // A report whose `complete` says yes while a table is unconfirmed (made by hand, or by
        // an older version) is still no answer there.
        for t in &self.unconfirmed {
            if !why.iter().any(|w| w.contains(t.as_str())) {
                why.push(control::unconfirmed_line(&[t.as_str()], None));
            }
        }
        why
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCoverage {
    pub table: String,
    /// root | direct | indirect
    pub class: String,
    /// Every counted persona ran every command that applies here, none errored.
    pub probed: bool,
    /// Commands not probed, each with why ("INSERT: no tenant-A row to copy: …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_probed: Vec<String>,
    /// Probes that errored: "outsider SELECT: message (SQLSTATE)".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// The positive control on this table: did tenant A's own member read tenant A's rows?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<Control>,
}

/// The positive control on one table: tenant A's own member (`IsolationReport::control`) reads
/// tenant A's rows (its fixture row first, read by key as the probes read them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    pub state: ControlState,
    /// Tenant A's rows named in the read (up to 50), found as the superuser.
    pub a_rows: u64,
    /// How many of them tenant A's member read (absent when the read failed or did not run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// The read's error: "message (SQLSTATE)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// One sentence: what the control says about this table.
    pub detail: String,
}

/// What the positive control says about a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlState {
    /// Tenant A's member read tenant A's rows: the probes' identity reaches this table's policies.
    Confirmed,
    /// Tenant A's member read none of tenant A's rows although its role has the privilege and a
    /// policy applies to it: the policy reads an identity the probes do not set (a setting, a
    /// claim, a helper) or denies everyone (`using (false)`). The personas' 0 rows prove nothing.
    Unconfirmed,
    /// The catalog lets the members' database role read nothing here: no SELECT privilege, or
    /// RLS on and no SELECT policy for it (a service-role-only table). Closed to every member by
    /// Postgres itself, which is an answer, not a gap.
    Closed,
    /// Marked shared (every tenant may read it): nothing here is counted, nor judged.
    Shared,
    /// Tenant A has no row in it (coverage says why): nothing to read.
    NoRows,
}

impl ControlState {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlState::Confirmed => "confirmed",
            ControlState::Unconfirmed => "unconfirmed",
            ControlState::Closed => "closed",
            ControlState::Shared => "shared",
            ControlState::NoRows => "no_rows",
        }
    }
}

/// A role the personas run as that bypasses RLS on tenant tables because it is a member of their
/// owner (`GRANT owner_role TO app_role`): owners bypass RLS unless it is forced, and so do
/// the members that inherit their rights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bypass {
    pub role: String,
    /// The owner role it is a member of.
    pub owner: String,
    /// Tenant tables owned by `owner` without FORCE ROW LEVEL SECURITY.
    pub tables: Vec<String>,
    pub detail: String,
}

/// What the probes say, in one word and one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeakVerdict {
    /// Leaks found (counted personas, tables not marked shared).
    Leaks(usize),
    /// Every tenant table probed by every counted persona, nothing errored, nothing leaked.
    NoLeak,
    /// Nothing leaked, but the probes did not cover everything (or did not run to the end): why.
    Inconclusive(String),
    /// There was nothing to probe (no tenant root): why. Not a pass.
    NotProbed(String),
}

impl IsolationReport {
    /// Leaks when there are any; otherwise "no leak found" only when coverage is complete and the
    /// probes ran to their end; otherwise inconclusive, naming what is missing.
    pub fn verdict(&self) -> LeakVerdict {
        if !self.leaks.is_empty() {
            return LeakVerdict::Leaks(self.leaks.len());
        }
        if let Some(why) = &self.skipped {
            return LeakVerdict::NotProbed(why.clone());
        }
        if let Some(e) = &self.error {
            return LeakVerdict::Inconclusive(format!("the probes did not run to their end: {e}"));
        }
        let gaps = self.coverage.gaps();
        if !gaps.is_empty() {
            return LeakVerdict::Inconclusive(gaps.join("; "));
        }
        LeakVerdict::NoLeak
    }

    /// The verdict as one line: "3 leaks", "no leak found: …", "inconclusive: …".
    pub fn verdict_text(&self) -> String {
        let counted = self.personas.iter().filter(|p| p.counted).count();
        match self.verdict() {
            LeakVerdict::Leaks(n) => {
                let tables: std::collections::BTreeSet<&str> = self.leaks.iter().map(|l| l.table.as_str()).collect();
                let gaps = self.coverage.gaps();
                let tail = if gaps.is_empty() { String::new() } else { format!(" (and the probes were incomplete: {})", gaps.join("; ")) };
                format!("{n} leak{} on {} table{}: personas outside tenant A reached its rows{tail}", plural(n), tables.len(), plural(tables.len()))
            }
            LeakVerdict::NoLeak => format!(
                "no cross-tenant access: no leak found — {counted} personas outside tenant A tried every command on all {} tenant tables and were refused or saw nothing{}",
                self.coverage.tables.len(),
                self.control_text()
            ),
            LeakVerdict::Inconclusive(why) => format!("inconclusive: no leak was found, but {why}"),
            LeakVerdict::NotProbed(why) => format!("not probed: {why}"),
        }
    }
}

impl IsolationReport {
    /// What the positive control showed, for the verdict's sentence: "" when it did not run.
    fn control_text(&self) -> String {
        let count = |st: ControlState| {
            self.coverage
                .tables
                .iter()
                .filter(|t| t.control.as_ref().is_some_and(|c| c.state == st))
                .count()
        };
        let (confirmed, closed) = (count(ControlState::Confirmed), count(ControlState::Closed));
        if confirmed + closed == 0 {
            return String::new();
        }
        let closed = if closed == 0 {
            String::new()
        } else {
            format!(" ({closed} closed to members by the catalog)")
        };
        format!(", while tenant A's own member read its rows on {confirmed} of them{closed}")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
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

/// How a probe ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The statement ran: `rows` is what it read or wrote (0: nothing of tenant A's).
    #[default]
    Ran,
    /// Postgres refused it: no privilege or a policy (42501), or an error the persona's own
    /// request caused (a setting it lacks, a check of the schema's raising) while the same
    /// statement as tenant A's owner ran without error.
    Refused,
    /// It failed with an error that says nothing about isolation (the same statement fails for
    /// tenant A's owner too): the probe did not answer, and the verdict cannot be "no leak".
    Errored,
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
    #[serde(default)]
    pub outcome: Outcome,
    /// The error of a refused or errored probe: "message (SQLSTATE)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
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
    /// read | write (insert, update, delete) | move (a row moved into tenant A) | escalation (a
    /// membership written into or moved into tenant A: the persona joins it).
    #[serde(default)]
    pub kind: String,
    /// critical (escalation, or reachable without signing in) | high.
    #[serde(default)]
    pub severity: String,
}

/// Run every probe (see the module doc) and leave the database as it was.
pub async fn probe<E: Engine>(
    engine: &mut E,
    catalog: &Snapshot,
    tenancy: &Tenancy,
    profile: Profile,
    shared: &[String],
) -> IsolationReport {
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
    let mut db = Db::new(engine);
    let mut report = IsolationReport::default();
    obs.progress(&Progress {
        phase: "leak probes".into(),
        file: None,
        statement: 0,
        of: 0,
        done,
        total,
    });
    // Inside a transaction the files left open, a savepoint; else a transaction of our own.
    let nested = match db.exec("savepoint tp_probes").await {
        Ok(o) if o.error.is_none() => true,
        Ok(o) if o.error.as_ref().is_some_and(|e| e.sqlstate == "25P01") => {
            match db.exec("begin").await {
                Ok(o) if o.error.is_none() => false,
                Ok(o) => {
                    report.error = Some(format!(
                        "could not open the probe transaction: {}",
                        o.error.unwrap().message
                    ));
                    return report;
                }
                Err(f) => {
                    report.error = Some(f.to_string());
                    return report;
                }
            }
        }
        Ok(o) => {
            let e = o.error.unwrap();
            report.error = Some(format!(
                "the session is not usable for probes: {} ({})",
                e.message, e.sqlstate
            ));
            return report;
        }
        Err(f) => {
            report.error = Some(f.to_string());
            return report;
        }
    };
    let outcome = match db
        .exec("set local role none; select set_config('request.jwt.claims', '', true)")
        .await
    {
        Ok(o) if o.error.is_none() => {
            Probing {
                db: &mut db,
                s: catalog,
                tenancy,
                profile,
                shared,
                obs,
                progress: (done, total),
                report: &mut report,
            }
            .run_all()
            .await
        }
        Ok(o) => Err(Stop::Msg(format!("could not reset the role: {}", o.error.unwrap().message))),
        Err(f) => Err(Stop::Engine(f)),
    };
    match outcome {
        Ok(()) => {}
        Err(Stop::Engine(f)) => report.error = Some(f.to_string()),
        Err(Stop::Msg(m)) => report.error = Some(m),
        Err(Stop::Nothing(m)) => report.skipped = Some(m),
    }
    let end = if nested {
        "rollback to savepoint tp_probes; release savepoint tp_probes"
    } else {
        "rollback"
    };
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
