//! Where the leak probes' time goes, on the native engine: a timing harness, not a test of
//! speed (figures move with the machine, so nothing here asserts a time). It runs the same
//! generated tenant schemas as `scripts/bench` (and the bundled examples) through the whole
//! pipeline with an engine that counts and times every statement the probes send, and prints
//! the probes' time, their round trips and what those were. It also writes each isolation
//! report (its timing left out) to `target/tmp/probe-speed/`, so two versions of the probes can
//! be compared for identical results with `diff`.
//!
//! `cargo test --workspace --test all -- --ignored --nocapture probe_speed::`

use crate::support::repo;
use std::collections::BTreeMap;
use std::time::Instant;
use tenant_planner_core::engine::{DbError, Engine, EngineFailure, ExecOutcome};
use tenant_planner_core::pipeline::simulate_with;
use tenant_planner_core::run::{Observer, Progress, RunOptions};
use tenant_planner_core::{Profile, Project, SqlFile};
use tenant_planner_native::{load::load_dir, NativeEngine};

/// The first statement the probes send after opening their transaction (isolation/mod.rs).
const PROBES_START: &str = "set local role none; select set_config('request.jwt.claims', '', true)";

/// The native engine, counting and timing the statements sent while the probes run.
struct Counting {
    inner: NativeEngine,
    probing: bool,
    /// Statement kind → (round trips, ms inside the engine).
    kinds: BTreeMap<String, (usize, f64)>,
    /// The process's CPU time (ms) when the probes began and ended: steadier than wall time on
    /// a machine shared with other work.
    cpu: (f64, f64),
}

/// This process's CPU time so far (user + system), in ms, from /proc (10 ms ticks).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |r| r.1);
    let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) * 10.0
}

impl Counting {
    fn note(&mut self, sql: &str, t: Instant) {
        if sql == PROBES_START {
            self.probing = true;
            self.cpu.0 = cpu_ms();
        }
        if !self.probing {
            return;
        }
        if let Ok(path) = std::env::var("TP_PROBE_SPEED_LOG") {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
            writeln!(f, "{:.3} {}", t.elapsed().as_secs_f64() * 1000.0, sql.replace('\n', " "))
                .unwrap();
        }
        let e = self.kinds.entry(kind(sql)).or_default();
        e.0 += 1;
        e.1 += t.elapsed().as_secs_f64() * 1000.0;
        if sql.contains("rollback to savepoint tp_probes") || sql.ends_with("rollback") {
            self.probing = false;
            self.cpu.1 = cpu_ms();
        }
    }
}

/// A statement's kind: its first words, the savepoint bookkeeping named as such.
fn kind(sql: &str) -> String {
    let s = sql.trim_start();
    let s = s.strip_prefix("savepoint tp_step; ").map_or(s.to_string(), |r| format!("[step] {r}"));
    let words: Vec<&str> = s.split_whitespace().take(3).collect();
    let head = words.join(" ").to_ascii_lowercase();
    if head.starts_with("select count(*)") || head.starts_with("[step] select count(*)") {
        return "select count(*) (probe / a-count)".into();
    }
    head
}

impl Engine for Counting {
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let t = Instant::now();
        let o = self.inner.exec(sql).await;
        self.note(sql, t);
        o
    }
    async fn query_text(&mut self, sql: &str) -> Result<Result<String, DbError>, EngineFailure> {
        let t = Instant::now();
        let o = self.inner.query_text(sql).await;
        self.note(sql, t);
        o
    }
}

struct Clock(Instant);

impl Observer for Clock {
    fn progress(&mut self, _: &Progress) {}
    fn now_ms(&self) -> Option<f64> {
        Some(self.0.elapsed().as_secs_f64() * 1000.0)
    }
}

/// `scripts/lib/bench.mjs`' `generatedTenantSchema(n)`, statement for statement.
pub fn generated_tenant_schema(n: usize) -> String {
    let mut sql = vec![
        "create table public.organizations (id uuid primary key default gen_random_uuid(), name text not null);".to_string(),
        "create table public.memberships (organization_id uuid not null references public.organizations(id) on delete cascade, user_id uuid not null references auth.users(id) on delete cascade, role text not null default 'member' check (role in ('member', 'admin', 'owner')), primary key (organization_id, user_id));".into(),
        "alter table public.memberships enable row level security;".into(),
        "create policy \"members read memberships\" on public.memberships for select to authenticated using (user_id = (select auth.uid()));".into(),
        "alter table public.organizations enable row level security;".into(),
        "create policy \"members read their organizations\" on public.organizations for select to authenticated using (id in (select m.organization_id from public.memberships m where m.user_id = (select auth.uid())));".into(),
        "insert into public.organizations (id, name) values ('00000000-0000-0000-0000-0000000000a1', 'Acme');".into(),
    ];
    for i in 0..n {
        let t = format!("public.t_{i:03}");
        sql.push(format!("create table {t} (id bigint generated always as identity primary key, organization_id uuid not null references public.organizations(id), name text not null default '');"));
        sql.push(format!("create index on {t} (organization_id);"));
        sql.push(format!("alter table {t} enable row level security;"));
        sql.push(format!("create policy \"members\" on {t} for all to authenticated using (organization_id in (select m.organization_id from public.memberships m where m.user_id = (select auth.uid()))) with check (organization_id in (select m.organization_id from public.memberships m where m.user_id = (select auth.uid())));"));
        sql.push(format!("grant select, insert, update, delete on {t} to authenticated;"));
        sql.push(format!("insert into {t} (organization_id, name) values ('00000000-0000-0000-0000-0000000000a1', 'row');"));
    }
    sql.join("\n") + "\n"
}

fn measure(label: &str, project: &Project, profile: Option<Profile>) {
    let texts: Vec<&str> = project.files.iter().map(|f| f.text.as_str()).collect();
    let inner =
        NativeEngine::open_with_extensions(&tenant_planner_core::extensions::mentioned(&texts))
            .unwrap();
    let mut e = Counting { inner, probing: false, kinds: BTreeMap::new(), cpu: (0.0, 0.0) };
    let profile = profile
        .or(project.profile)
        .unwrap_or_else(|| tenant_planner_core::profile::detect_profile(&project.files).profile);
    let opts = RunOptions { profile, continue_on_error: false, base: None, probes: true };
    let mut clock = Clock(Instant::now());
    let (result, _) =
        pollster::block_on(simulate_with(&mut e, project, &opts, &mut clock, "native", &mut ()));
    let mut iso = result.isolation.expect("the probes ran");
    let trips: usize = e.kinds.values().map(|k| k.0).sum();
    let engine_ms: f64 = e.kinds.values().map(|k| k.1).sum();
    let tables = iso.matrix.iter().map(|m| &m.table).collect::<std::collections::BTreeSet<_>>();
    println!(
        "\n{label}: run {:.0} ms, probes {:.0} ms ({:.0} ms of CPU) ({} tables × {} personas, {} matrix rows, {} leaks); {trips} round trips, {engine_ms:.0} ms inside the engine ({:.3} ms each)",
        result.total_ms,
        iso.ms,
        e.cpu.1 - e.cpu.0,
        tables.len(),
        iso.personas.len(),
        iso.matrix.len(),
        iso.leaks.len(),
        engine_ms / trips.max(1) as f64
    );
    let mut kinds: Vec<_> = e.kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1));
    for (k, (n, ms)) in kinds.iter().take(14) {
        println!("  {n:>6} × {ms:>8.0} ms  {k}");
    }
    iso.ms = 0.0;
    let dir = repo().join("target/tmp/probe-speed");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{label}.json")),
        serde_json::to_string_pretty(&iso).unwrap() + "\n",
    )
    .unwrap();
}

#[test]
#[ignore = "a timing harness: run it by name with --ignored --nocapture"]
fn probe_speed() {
    let only = std::env::var("TP_PROBE_SPEED").unwrap_or_default();
    // TP_PROBE_SPEED=generated-300,supabase-orgs: only those (`leaks`: every case of tests/leaks).
    let want = |l: &str| {
        only.is_empty()
            || only.split(',').any(|o| l == o || o == "leaks" && l.starts_with("leaks-"))
    };
    for n in [30, 150, 300] {
        let label = format!("generated-{n}");
        if want(&label) {
            let files = vec![SqlFile::new("001_tenants.sql", generated_tenant_schema(n))];
            measure(&label, &Project { files, ..Default::default() }, None);
        }
    }
    for ex in ["supabase-orgs", "leaky-tenants", "settings-to-orgs", "client-id-backfill"] {
        if want(ex) {
            measure(ex, &load_dir(&repo().join("examples").join(ex)).unwrap(), None);
        }
    }
    let leaks = repo().join("tests/leaks");
    let mut cases: Vec<_> = std::fs::read_dir(&leaks)
        .unwrap()
        .filter_map(|d| d.ok().map(|d| d.path()))
        .filter(|p| p.join("expected.json").exists())
        .collect();
    cases.sort();
    for c in cases {
        let name = c.file_name().unwrap().to_string_lossy().to_string();
        if !want(&format!("leaks-{name}")) {
            continue;
        }
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(c.join("expected.json")).unwrap())
                .unwrap();
        let profile = expected["profile"].as_str().and_then(Profile::parse);
        measure(&format!("leaks-{name}"), &load_dir(&c).unwrap(), profile);
    }
}
