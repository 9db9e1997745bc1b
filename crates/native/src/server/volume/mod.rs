//! Volume runs on a server (`check --scale TABLE=ROWS --postgres…`, issue 16): after the baseline
//! and seed files the scaled tables are filled (`fill`), then every up statement is measured —
//! its time (the engine's), the locks its session held and how long (`locks`: a second
//! connection samples `pg_locks`), the tables it rewrote and scanned (`scans`, read in the run's
//! session). The figures go into the report's `volume` field. They hook into the run through
//! `run::Hooks`; PGlite cannot do this (one connection cannot watch its own locks), so the CLI
//! refuses `--scale` there.

mod fill;
mod locks;
mod scans;

use crate::server::ServerEngine;
use postgres::Config;
use std::time::Instant;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::observer::Observer;
use tenant_planner_core::run::{Hooks, Snapshots, StatementRun};
use tenant_planner_core::volume::{FilledTable, HeldLock, Scale, VolumeReport, VolumeStatement};

/// One up statement: its record and when it ended on the monitor's clock.
struct Ran {
    statement: VolumeStatement,
    end_ms: f64,
    /// ACCESS EXCLUSIVE locks the DDL log saw (tables).
    ddl_locks: Vec<String>,
}

/// A volume run's state: the hooks the run calls, then [`Volume::finish`] for the report.
pub struct Volume {
    scales: Vec<Scale>,
    config: Config,
    t0: Instant,
    monitor: Option<locks::Monitor>,
    filled: Vec<FilledTable>,
    before: Option<Result<scans::Counters, String>>,
    ran: Vec<Ran>,
    /// Why the fill could not be done (the run was aborted with it).
    failure: Option<String>,
    notes: Vec<String>,
}

impl Volume {
    /// A volume run of `scales` in the database of `config` (the run's throwaway database).
    pub fn new(scales: Vec<Scale>, config: Config) -> Volume {
        Volume {
            scales,
            config,
            t0: Instant::now(),
            monitor: None,
            filled: Vec::new(),
            before: None,
            ran: Vec::new(),
            failure: None,
            notes: Vec::new(),
        }
    }

    /// Why the fill failed, when it did.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    fn now_ms(&self) -> f64 {
        self.t0.elapsed().as_secs_f64() * 1000.0
    }

    async fn prepare(&mut self, engine: &mut ServerEngine) -> Result<(), String> {
        self.filled = fill::run(&self.config, &self.scales).await?;
        let pid = match engine.query_text("select pg_backend_pid()::text").await {
            Ok(Ok(t)) => t.trim().parse::<i32>().map_err(|e| e.to_string())?,
            Ok(Err(e)) => return Err(format!("pg_backend_pid(): {}", e.message)),
            Err(f) => return Err(f.to_string()),
        };
        self.monitor = Some(locks::Monitor::start(&self.config, pid, self.t0)?);
        Ok(())
    }

    /// The report's `volume` field: each sampled lock charged to the statement that was running
    /// when it was first seen.
    pub fn finish(mut self) -> VolumeReport {
        let sampled = self.monitor.take().map(locks::Monitor::finish);
        let mut interval_ms = 0.0;
        if let Some(s) = sampled {
            interval_ms = s.interval_ms;
            if let Some(e) = s.error {
                self.notes.push(format!("locks were sampled until {e}"));
            }
            for seen in s.locks {
                let Some(r) = self.ran.get_mut(seen.statement) else { continue };
                r.statement.locks.push(HeldLock {
                    table: seen.table,
                    mode: seen.mode,
                    held_ms: Some(seen.last_ms - seen.first_ms),
                    samples: seen.samples,
                    past_statement: seen.last_ms > r.end_ms,
                    source: "sampled".into(),
                });
            }
        }
        let mut statements = Vec::new();
        for mut r in self.ran {
            for table in r.ddl_locks {
                let seen = r
                    .statement
                    .locks
                    .iter()
                    .any(|l| l.table == table && l.mode == "AccessExclusiveLock");
                if !seen {
                    r.statement.locks.push(HeldLock {
                        table,
                        mode: "AccessExclusiveLock".into(),
                        held_ms: None,
                        samples: 0,
                        past_statement: false,
                        source: "ddl_log".into(),
                    });
                }
            }
            statements.push(r.statement);
        }
        VolumeReport {
            scale: self.scales,
            filled: self.filled,
            sample_interval_ms: interval_ms,
            statements,
            notes: self.notes,
        }
    }
}

impl Hooks<ServerEngine> for Volume {
    async fn after_validation(
        &mut self,
        _: &mut ServerEngine,
        _: &Snapshots,
        _: &mut dyn Observer,
        _: (usize, usize),
    ) {
    }

    async fn after_seed(
        &mut self,
        engine: &mut ServerEngine,
        _: &mut dyn Observer,
    ) -> Result<(), String> {
        let r = self.prepare(engine).await;
        if let Err(e) = &r {
            self.failure = Some(e.clone());
        }
        r
    }

    async fn before_up_statement(&mut self, engine: &mut ServerEngine) {
        if self.monitor.is_none() {
            return;
        }
        self.before = Some(scans::read(engine).await);
        if let Some(m) = &self.monitor {
            m.begin(self.ran.len());
        }
    }

    async fn after_up_statement(
        &mut self,
        engine: &mut ServerEngine,
        file: &str,
        sr: &StatementRun,
    ) {
        let Some(m) = &self.monitor else { return };
        let end_ms = self.now_ms();
        m.end();
        let after = scans::read(engine).await;
        let (rewrites, scans) = match (self.before.take(), after) {
            (Some(Ok(b)), Ok(a)) => scans::compare(&b, &a),
            (Some(Err(e)), _) | (_, Err(e)) => {
                self.notes
                    .push(format!("{file}:{}: rewrites and scans not measured ({e})", sr.line));
                Default::default()
            }
            (None, _) => Default::default(),
        };
        self.ran.push(Ran {
            statement: VolumeStatement {
                file: file.to_string(),
                line: sr.line,
                summary: sr.summary.clone(),
                status: sr.status,
                ms: sr.duration_ms,
                locks: Vec::new(),
                rewrites,
                scans,
            },
            end_ms,
            ddl_locks: sr.locks.clone(),
        });
    }
}
