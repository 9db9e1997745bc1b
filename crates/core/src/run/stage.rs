//! The catalog snapshots of a run: which are due as it crosses from one role's files to the
//! next ([`Stage`]), and taking them (timed, with the session-temp helpers made once).

use crate::catalog::{snapshot_query_with, Snapshot, FINGERPRINT_FN, ROW_COUNT_FN};
use crate::engine::Engine;
use crate::files::Role;
use crate::observer::Observer;
use crate::run_result::Snapshots;

/// Which snapshots are due as the run crosses from one role to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Stage {
    Start,
    Seeded,
    Up,
    Validated,
    RolledBack,
}

impl Stage {
    pub(super) fn of(role: Role) -> Stage {
        match role {
            Role::Baseline | Role::Seed => Stage::Start,
            Role::Up => Stage::Seeded,
            Role::Validate => Stage::Up,
            Role::Rollback => Stage::Validated,
        }
    }

    /// Before the first file of `role`: take every snapshot between the current stage and it.
    pub(super) async fn advance_to<E: Engine>(
        &mut self,
        role: Role,
        engine: &mut E,
        snaps: &mut Snapshots,
        clock: &mut SnapshotClock,
        obs: &dyn Observer,
        reuse: bool,
    ) -> Result<(), String> {
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
    pub(super) async fn finish<E: Engine>(
        &mut self,
        engine: &mut E,
        snaps: &mut Snapshots,
        clock: &mut SnapshotClock,
        obs: &dyn Observer,
        reuse: bool,
    ) -> Result<(), String> {
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
pub(super) struct SnapshotClock {
    pub(super) ms: f64,
    /// The project has rollback files: after-seed and after-rollback take content fingerprints.
    rollback: bool,
    prepared: bool,
    prepared_fp: bool,
}

impl SnapshotClock {
    /// A clock for a project with (`rollback`) or without rollback files.
    pub(super) fn new(rollback: bool) -> SnapshotClock {
        SnapshotClock { rollback, ..Default::default() }
    }

    pub(super) async fn take<E: Engine>(
        &mut self,
        engine: &mut E,
        obs: &dyn Observer,
    ) -> Result<Snapshot, String> {
        self.take_fp(engine, obs, false).await
    }

    async fn take_fp<E: Engine>(
        &mut self,
        engine: &mut E,
        obs: &dyn Observer,
        fingerprints: bool,
    ) -> Result<Snapshot, String> {
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

pub async fn take_snapshot_with<E: Engine>(
    engine: &mut E,
    fingerprints: bool,
) -> Result<Snapshot, String> {
    prepare_snapshot(engine, fingerprints).await?;
    query_snapshot(engine, fingerprints).await
}

/// Create the session-temp helpers the snapshot query calls.
async fn prepare_snapshot<E: Engine>(engine: &mut E, fingerprints: bool) -> Result<(), String> {
    let helpers: &[&str] =
        if fingerprints { &[ROW_COUNT_FN, FINGERPRINT_FN] } else { &[ROW_COUNT_FN] };
    for sql in helpers {
        match engine.exec(sql).await {
            Ok(out) if out.error.is_none() => {}
            Ok(out) => {
                return Err(format!(
                    "could not prepare the catalog snapshot: {}",
                    out.error.unwrap().message
                ))
            }
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
