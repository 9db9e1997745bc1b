//! The cross-tenant leak probes against a real Postgres (pglite-oxide): the deliberately leaky
//! example is caught on exactly its three holes, the other bundled examples do not leak, each
//! reproduction script reproduces its leak, and the database is left as it was.

use crate::support::{repo, simulate};
use std::collections::BTreeSet;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::isolation::{probe, IsolationReport, LeakVerdict, Outcome};
use tenant_planner_core::pipeline::run;
use tenant_planner_core::run::{take_snapshot_with, RunOptions};
use tenant_planner_core::split::split;
use tenant_planner_core::tenancy::classify;
use tenant_planner_core::{Profile, Project, Role};
use tenant_planner_native::{load::load_dir, NativeEngine};

fn example(name: &str) -> Project {
    load_dir(&repo().join("examples").join(name)).unwrap()
}

fn probes_of(name: &str) -> IsolationReport {
    let (result, _) = simulate(&example(name), None, false, &mut ()).unwrap();
    let iso = result.isolation.unwrap_or_else(|| panic!("{name}: the probes did not run"));
    assert_eq!(iso.error, None, "{name}");
    iso
}

fn exec(e: &mut NativeEngine, sql: &str) -> tenant_planner_core::ExecOutcome {
    pollster::block_on(e.exec(sql)).unwrap()
}

/// The probes' footing: a refused statement inside a savepoint is undone by ROLLBACK TO
/// SAVEPOINT and the transaction goes on (unlike errors inside PL/pgSQL EXCEPTION blocks, see
/// engine_gaps.rs); SET LOCAL ends with the savepoint too.
#[test]
fn savepoints_undo_a_refused_statement_and_the_transaction_goes_on() {
    let mut e = NativeEngine::open().unwrap();
    exec(
        &mut e,
        "create table t (id int primary key); insert into t values (1), (2); create role r nologin",
    );
    assert!(exec(&mut e, "begin").error.is_none());
    assert_eq!(
        exec(&mut e, "savepoint s; insert into t values (1)").error.unwrap().sqlstate,
        "23505"
    );
    assert_eq!(exec(&mut e, "select 1").error.unwrap().sqlstate, "25P02");
    assert!(exec(&mut e, "rollback to savepoint s; release savepoint s").error.is_none());
    assert_eq!(exec(&mut e, "savepoint s; delete from t where id = 1").rows, Some(1));
    exec(&mut e, "rollback to savepoint s; release savepoint s");
    exec(&mut e, "savepoint p; set local role r");
    assert_eq!(exec(&mut e, "savepoint s; select * from t").error.unwrap().sqlstate, "42501");
    exec(&mut e, "rollback to savepoint s; release savepoint s; rollback to savepoint p; release savepoint p");
    assert_eq!(
        pollster::block_on(e.query_text("select current_user::text || count(*) from t"))
            .unwrap()
            .unwrap(),
        "postgres2"
    );
    assert!(exec(&mut e, "rollback").error.is_none());
}

const LEAKY: [(&str, &str, &str); 24] = [
    // HOLE 1: a SELECT policy that checks the role claim, not membership.
    ("public.contacts", "SELECT", "outsider"),
    ("public.contacts", "SELECT", "member:member"),
    ("public.contacts", "SELECT", "member:owner"),
    // HOLE 2: RLS never enabled; the API roles hold every privilege.
    ("public.invoice_lines", "SELECT", "anon"),
    ("public.invoice_lines", "SELECT", "outsider"),
    ("public.invoice_lines", "SELECT", "member:member"),
    ("public.invoice_lines", "SELECT", "member:owner"),
    ("public.invoice_lines", "INSERT", "anon"),
    ("public.invoice_lines", "INSERT", "outsider"),
    ("public.invoice_lines", "INSERT", "member:member"),
    ("public.invoice_lines", "INSERT", "member:owner"),
    ("public.invoice_lines", "UPDATE", "anon"),
    ("public.invoice_lines", "UPDATE", "outsider"),
    ("public.invoice_lines", "UPDATE", "member:member"),
    ("public.invoice_lines", "UPDATE", "member:owner"),
    ("public.invoice_lines", "DELETE", "anon"),
    ("public.invoice_lines", "DELETE", "outsider"),
    ("public.invoice_lines", "DELETE", "member:member"),
    ("public.invoice_lines", "DELETE", "member:owner"),
    ("public.invoice_lines", "MOVE", "anon"),
    ("public.invoice_lines", "MOVE", "outsider"),
    ("public.invoice_lines", "MOVE", "member:member"),
    ("public.invoice_lines", "MOVE", "member:owner"),
    // HOLE 3: the UPDATE policy's WITH CHECK checks the author, not the organization (tenant
    // B's rows are written by its highest-role member, who can move them).
    ("public.notes", "MOVE", "member:owner"),
];

#[test]
fn leaky_tenants_leaks_exactly_its_three_holes() {
    let iso = probes_of("leaky-tenants");
    let got: Vec<(&str, &str, &str)> = iso
        .leaks
        .iter()
        .map(|l| (l.table.as_str(), l.command.as_str(), l.persona.as_str()))
        .collect();
    assert_eq!(got, LEAKY);
    assert!(iso.fixtures.unfilled.is_empty(), "{:?}", iso.fixtures.unfilled);
    for l in &iso.leaks {
        let want = match l.table.as_str() {
            "public.contacts" => "policy \"Signed-in users can read contacts\" (SELECT to authenticated) lets tenant A's rows through",
            "public.invoice_lines" => "RLS is disabled on public.invoice_lines",
            _ => "policy \"Authors edit their notes\" (UPDATE to authenticated) lets a row be moved into tenant A: WITH CHECK",
        };
        assert!(l.cause.contains(want), "{} {} {}: {}", l.table, l.command, l.persona, l.cause);
        assert!(l.rows > 0);
        assert!(
            l.sql.starts_with("-- Leak: ")
                && l.sql.contains("\nbegin;\n")
                && l.sql.ends_with("\nrollback;"),
            "{}",
            l.sql
        );
    }
    // service_role reaches everything, by design: shown, never counted.
    let service = iso.personas.iter().find(|p| p.id == "service_role").unwrap();
    assert!(!service.counted);
    assert!(iso.matrix.iter().any(|m| m.persona == "service_role"
        && m.table == "public.notes"
        && m.command == "SELECT"
        && m.rows.unwrap_or(0) > 0));
}

#[test]
fn marking_a_table_shared_stops_counting_it() {
    let mut project = example("leaky-tenants");
    project.shared_tables = vec!["contacts".into()];
    let (result, _) = simulate(&project, None, false, &mut ()).unwrap();
    let leaks = result.isolation.unwrap().leaks;
    assert!(!leaks.iter().any(|l| l.table == "public.contacts"));
    assert_eq!(leaks.len(), LEAKY.len() - 3);
}

#[test]
fn the_other_bundled_examples_do_not_leak() {
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.join("expected.json").exists() || name == "leaky-tenants" {
            continue;
        }
        seen += 1;
        let iso = probes_of(&name);
        let leaks: Vec<String> = iso
            .leaks
            .iter()
            .map(|l| format!("{} {} {}: {}", l.table, l.command, l.persona, l.cause))
            .collect();
        assert!(leaks.is_empty(), "{name} leaks:\n{}", leaks.join("\n"));
        assert!(iso.fixtures.unfilled.is_empty(), "{name}: {:?}", iso.fixtures.unfilled);
        let tables: BTreeSet<&str> = iso.matrix.iter().map(|m| m.table.as_str()).collect();
        let predicted = iso.matrix.iter().filter(|m| m.predicted).count();
        println!(
            "leak probes on {name}: {:.0} ms — {} tables, {} personas, {} probes ({predicted} answered by the catalog or the policies), {} fixture rows",
            iso.ms,
            tables.len(),
            iso.personas.len(),
            iso.matrix.len(),
            iso.fixtures.rows
        );
        if name == "supabase-orgs" {
            // Members of B with every role of the CHECK list, anon, an outsider, service_role.
            let ids: Vec<&str> = iso.personas.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(
                ids,
                [
                    "anon",
                    "outsider",
                    "member:viewer",
                    "member:member",
                    "member:admin",
                    "member:owner",
                    "service_role"
                ]
            );
            assert!(tables.contains("public.task_checklist_items"), "indirect tables are probed");
        }
    }
    assert!(seen >= 3);
}

/// Each reproduction, run as it is on the migrated database, gives the leak again; the probes
/// and the reproductions leave the database exactly as they found it.
#[test]
fn reproductions_reproduce_and_nothing_stays_behind() {
    let mut project = example("leaky-tenants");
    project.files.retain(|f| f.role() != Role::Rollback);
    let mut e = NativeEngine::open().unwrap();
    let opts = RunOptions {
        profile: Profile::Supabase,
        continue_on_error: false,
        base: None,
        probes: false,
    };
    let result = pollster::block_on(run(&mut e, &project, &opts, &mut ()));
    assert!(result.isolation.is_none(), "hosts can turn the probes off");
    let catalog = result.snapshots.after_up.clone().unwrap();
    let tenancy = classify(&catalog, Profile::Supabase, &project.tenancy);
    let before = pollster::block_on(take_snapshot_with(&mut e, true)).unwrap();
    let iso = pollster::block_on(probe(&mut e, &catalog, &tenancy, Profile::Supabase, &[]));
    assert_eq!(iso.leaks.len(), LEAKY.len());
    assert_eq!(
        pollster::block_on(take_snapshot_with(&mut e, true)).unwrap(),
        before,
        "the probes changed the database"
    );
    for l in &iso.leaks {
        let statements: Vec<String> =
            split(&l.sql).into_iter().filter(|s| s.is_sql()).map(|s| s.sql).collect();
        let (probe_sql, setup) = statements[..statements.len() - 1].split_last().unwrap();
        for s in setup {
            let o = exec(&mut e, s);
            assert!(o.error.is_none(), "{}\n{s}: {:?}", l.sql, o.error);
        }
        let rows = if probe_sql.starts_with("select count(*)") {
            pollster::block_on(e.query_text(probe_sql)).unwrap().unwrap().parse::<u64>().unwrap()
        } else {
            let o = exec(&mut e, probe_sql);
            assert!(o.error.is_none(), "{}: {:?}", l.sql, o.error);
            o.rows.unwrap()
        };
        assert_eq!(rows, l.rows, "{}", l.sql);
        assert!(exec(&mut e, statements.last().unwrap()).error.is_none());
    }
    assert_eq!(
        pollster::block_on(take_snapshot_with(&mut e, true)).unwrap(),
        before,
        "a reproduction changed the database"
    );
}

/// 30 tenant tables (a root, its memberships and 28 data tables, a third of them reached through
/// a parent), each with membership policies: the probes' time at that size.
#[test]
fn thirty_tables_are_probed_in_seconds() {
    let mut up = String::from(
        "create table public.orgs (id uuid primary key default gen_random_uuid(), name text not null);
         create table public.org_members (org_id uuid not null references public.orgs(id), user_id uuid not null references auth.users(id),
           role text not null default 'member' check (role in ('owner', 'admin', 'member')), primary key (org_id, user_id));
         create function public.is_member(o uuid) returns boolean language sql stable security definer set search_path = ''
           as $$ select exists (select 1 from public.org_members m where m.org_id = o and m.user_id = (select auth.uid())) $$;
         alter table public.orgs enable row level security;
         alter table public.org_members enable row level security;
         create policy members_read on public.orgs for select to authenticated using (public.is_member(id));
         create policy members_read on public.org_members for select to authenticated using (public.is_member(org_id));
         insert into auth.users (id, email) values ('a1111111-1111-4111-8111-111111111111', 'a@example.com');
         insert into public.orgs (id, name) values ('0a000000-0000-4000-8000-000000000001', 'A');
         insert into public.org_members values ('0a000000-0000-4000-8000-000000000001', 'a1111111-1111-4111-8111-111111111111', 'owner');\n",
    );
    for i in 0..28 {
        let parent = if i % 3 == 2 {
            format!("t{} uuid not null references public.t{}(id)", i - 1, i - 1)
        } else {
            "org_id uuid not null references public.orgs(id)".into()
        };
        let scope = if i % 3 == 2 {
            format!("exists (select 1 from public.t{j} p where p.id = t{i}.t{j} and public.is_member(p.org_id))", j = i - 1)
        } else {
            "public.is_member(org_id)".into()
        };
        up.push_str(&format!(
            "create table public.t{i} (id uuid primary key default gen_random_uuid(), {parent}, title text not null, amount numeric(10,2) not null default 0 check (amount >= 0), created_at timestamptz not null default now());
             alter table public.t{i} enable row level security;
             create policy read on public.t{i} for select to authenticated using ({scope});
             create policy write on public.t{i} for all to authenticated using ({scope}) with check ({scope});\n"
        ));
    }
    let project = Project {
        files: vec![tenant_planner_core::SqlFile::new("001_up.sql", up)],
        ..Default::default()
    };
    let (result, report) = simulate(&project, Some(Profile::Supabase), false, &mut ()).unwrap();
    assert_eq!(report.statements.failed, 0, "{:?}", report.errors);
    let iso = result.isolation.unwrap();
    assert_eq!(iso.error, None);
    assert!(
        iso.leaks.is_empty(),
        "{:?}",
        iso.leaks.iter().map(|l| (&l.table, &l.command, &l.persona, &l.cause)).collect::<Vec<_>>()
    );
    assert!(iso.fixtures.unfilled.is_empty(), "{:?}", iso.fixtures.unfilled);
    let tables: BTreeSet<&str> = iso.matrix.iter().map(|m| m.table.as_str()).collect();
    assert_eq!(tables.len(), 30, "{tables:?}");
    println!(
        "leak probes on 30 tables: {:.0} ms — {} personas, {} probes, {} fixture rows",
        iso.ms,
        iso.personas.len(),
        iso.matrix.len(),
        iso.fixtures.rows
    );
}

/// A probe that errors (for tenant A's owner too) is no refusal: the report says which table and
/// why, coverage is incomplete, and the verdict is inconclusive — never "no leak".
#[test]
fn errored_probes_make_the_verdict_inconclusive() {
    let project = load_dir(&repo().join("tests/fixtures/inconclusive-probes")).unwrap();
    let (result, report) = simulate(&project, None, false, &mut ()).unwrap();
    assert_eq!(report.statements.failed, 0, "{:?}", report.errors);
    let iso = result.isolation.unwrap();
    assert!(iso.leaks.is_empty());
    assert!(!iso.coverage.complete);
    let projects = iso.coverage.tables.iter().find(|t| t.table == "public.projects").unwrap();
    assert!(!projects.probed && !projects.errors.is_empty());
    assert!(
        projects.errors.iter().all(|e| e.contains("no request context") && e.contains("P0001")),
        "{:?}",
        projects.errors
    );
    assert!(iso.coverage.tables.iter().filter(|t| t.table != "public.projects").all(|t| t.probed));
    assert!(iso
        .matrix
        .iter()
        .any(|m| m.table == "public.projects" && m.outcome == Outcome::Errored));
    match iso.verdict() {
        LeakVerdict::Inconclusive(why) => assert!(why.contains("public.projects"), "{why}"),
        v => panic!("{v:?}"),
    }
    assert!(
        iso.verdict_text().starts_with("inconclusive: no leak was found, but "),
        "{}",
        iso.verdict_text()
    );
    // In the report JSON too.
    let json: serde_json::Value =
        serde_json::from_str(&tenant_planner_core::report::to_json(&report)).unwrap();
    assert_eq!(json["isolation"]["coverage"]["complete"], false);
    assert!(json["isolation"]["coverage"]["errored"].as_u64().unwrap() > 0);
}

/// The bundled examples are fully covered: their "no leak" (or their leaks) is a real answer.
#[test]
fn the_bundled_examples_are_fully_covered() {
    for name in ["leaky-tenants", "supabase-orgs", "settings-to-orgs", "client-id-backfill"] {
        let iso = probes_of(name);
        assert!(iso.coverage.complete, "{name}: {:?}", iso.coverage.missing);
        assert_eq!(iso.coverage.errored, 0, "{name}");
        let want = if name == "leaky-tenants" {
            LeakVerdict::Leaks(LEAKY.len())
        } else {
            LeakVerdict::NoLeak
        };
        assert_eq!(iso.verdict(), want, "{name}");
    }
}

/// The same errored probes in the bundle (README, every file's banner, report.md) and in the
/// CLI's exit code: inconclusive is never "validated", and `--fail-on leak` fails on it.
#[test]
fn errored_probes_are_inconclusive_in_the_bundle_and_the_cli() {
    use tenant_planner_core::bundle::{entries, Layout, Options};
    use tenant_planner_core::verdict::{CheckId, State};
    let dir = repo().join("tests/fixtures/inconclusive-probes");
    let project = load_dir(&dir).unwrap();
    let (_, report) = simulate(&project, None, false, &mut ()).unwrap();
    let leaks = report.verdict.check(CheckId::Leaks);
    assert_eq!(leaks.state, State::Inconclusive, "{leaks:?}");
    assert!(
        leaks.reasons.iter().any(|r| r.contains("public.projects") && r.contains("errored")),
        "{:?}",
        leaks.reasons
    );
    assert_ne!(report.verdict.state, State::Passed);
    let opts = Options { order_prefix: false, layout: Layout::Plain, date: "20261206".into() };
    let e = entries(&project, &report, "", "", &opts);
    assert!(!e[0].text.contains("# Validated"), "{}", e[0].text);
    assert!(
        e[0].text.contains("public.projects"),
        "the README says what is missing: {}",
        e[0].text
    );
    let sql = e.iter().find(|x| x.path.ends_with("001_request_context.sql")).unwrap();
    assert!(
        sql.text.starts_with("-- Inconclusive: ") || sql.text.starts_with("-- NOT VALIDATED: "),
        "{}",
        &sql.text[..200]
    );
    let md = &e.iter().find(|x| x.path == "report.md").unwrap().text;
    assert!(md.contains("Inconclusive: no leak was found, but 1 of 3 tenant tables were not fully probed: public.projects"), "{md}");
    assert!(md.contains("Not fully probed:\n\n- public.projects: "), "{md}");

    let cli = |fail_on: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tenant-planner"))
            .args(["check", dir.to_str().unwrap(), "--fail-on", fail_on])
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let o = cli("leak");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "inconclusive probes fail --fail-on leak: {out}");
    assert!(out.contains("public.projects"), "{out}");
    assert_eq!(
        cli("rollback").status.code(),
        Some(0),
        "inconclusive leaks are not a rollback failure"
    );
}

/// `GRANT app_owner TO app_user`: the probes run as app_user, every policy is skipped, and the
/// bypass is a finding of its own, named as the cause of each leak it lets through.
#[test]
fn rls_bypass_through_owner_membership_is_a_finding() {
    let project = load_dir(&repo().join("tests/leaks/13-owner-role-bypass")).unwrap();
    let (result, _) = simulate(&project, Some(Profile::Postgres), false, &mut ()).unwrap();
    let iso = result.isolation.unwrap();
    assert!(iso.identity.contains("set local role app_user"), "{}", iso.identity);
    assert_eq!(iso.bypass.len(), 1, "{:?}", iso.bypass);
    let b = &iso.bypass[0];
    assert_eq!((b.role.as_str(), b.owner.as_str()), ("app_user", "app_owner"));
    assert_eq!(b.tables, ["public.org_members", "public.orgs", "public.projects"]);
    assert!(b.detail.starts_with("app_user is a member of app_owner, which owns public.org_members, public.orgs, public.projects with RLS on but not forced"), "{}", b.detail);
    assert!(!iso.leaks.is_empty());
    for l in &iso.leaks {
        assert!(
            l.cause.starts_with("app_user is a member of app_owner, which owns "),
            "{}: {}",
            l.table,
            l.cause
        );
    }
    assert!(iso
        .leaks
        .iter()
        .filter(
            |l| l.table == "public.org_members" && matches!(l.command.as_str(), "INSERT" | "MOVE")
        )
        .all(|l| l.kind == "escalation"));
}
