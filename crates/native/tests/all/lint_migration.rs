//! The migration-safety lints against a real Postgres (pglite-oxide): a project whose up file holds
//! each risky statement (every rule finds exactly its lines), a project doing the same work the
//! safe way (nothing found but the locks it really takes), and the measured locks themselves.

use crate::support::simulate;
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::lint::{Finding, Level};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::{RunResult, Status};

const BASELINE: &str = "\
create table public.orgs (id int primary key, name text);
create table public.projects (id int primary key, name text, owner text, budget int, legacy text);
create table public.tasks (id int primary key, project_id int, title text);
create table public.empty_t (id int primary key);
create table public.old_stuff (id int primary key);
create table public.purge_me (id int primary key);
";

const SEED: &str = "\
insert into public.orgs select g, 'org ' || g from generate_series(1, 3) g;
insert into public.projects select g, 'p' || g, 'u' || g, g, 'l' from generate_series(1, 20) g;
insert into public.tasks select g, 1 + g % 20, 't' || g from generate_series(1, 40) g;
insert into public.old_stuff select g from generate_series(1, 5) g;
insert into public.purge_me select g from generate_series(1, 5) g;
";

/// One risky statement a line (the line numbers are what the findings must point at).
const BAD: &str = "\
alter table public.empty_t add column code text not null;
alter table public.projects add column token uuid not null default gen_random_uuid();
create index projects_name_idx on public.projects (name);
alter table public.tasks add constraint tasks_project_fk foreign key (project_id) references public.projects (id);
alter table public.projects alter column budget type bigint;
alter table public.projects drop column legacy;
drop table public.old_stuff;
update public.projects set owner = upper(owner);
alter table public.projects add column org_id int;
update public.projects set org_id = 1 where org_id is null;
alter table public.projects alter column org_id set not null;
delete from public.purge_me;
alter table public.purge_me add column code text not null;
alter table public.projects add column must int not null;
alter table public.tasks add constraint tasks_title_check check (title <> '');
";

/// The same work, done the safe way (and in new tables).
const GOOD: &str = "\
create index concurrently projects_name_idx on public.projects (name);
alter table public.tasks add constraint tasks_project_fk foreign key (project_id) references public.projects (id) not valid;
alter table public.tasks validate constraint tasks_project_fk;
alter table public.projects add column org_id int;
update public.projects set org_id = 1 where id between 1 and 10;
update public.projects set org_id = 1 where id between 11 and 20;
alter table public.projects add constraint projects_org_id_nn check (org_id is not null) not valid;
alter table public.projects validate constraint projects_org_id_nn;
alter table public.projects alter column org_id set not null;
alter table public.projects add column active boolean not null default true;
create table public.members (id int primary key, org_id int not null references public.orgs (id));
insert into public.members select g, 1 + g % 3 from generate_series(1, 6) g;
create index members_org_idx on public.members (org_id);
alter table public.members add column role text not null default 'member';
alter table public.members alter column role type varchar(20);
update public.members set role = 'admin';
begin;
alter table public.orgs add column plan text;
alter table public.orgs add column seats int;
commit;
";

const MIGRATION_RULES: [&str; 7] = [
    "adding_required_column",
    "index_without_concurrently",
    "constraint_without_not_valid",
    "changing_column_type",
    "dropping_in_up_file",
    "unbatched_backfill",
    "access_exclusive_lock",
];

fn project(up_name: &str, up: &str) -> Project {
    let files = vec![
        SqlFile::new("000_baseline.sql", BASELINE),
        SqlFile::new("001_seed.sql", SEED),
        SqlFile::new(up_name, up),
    ];
    Project { files, ..Default::default() }
}

fn run(p: &Project) -> (RunResult, Report) {
    simulate(p, Some(Profile::Postgres), true, &mut ()).unwrap()
}

/// A rule's findings as (level, file, line, object).
fn found(report: &Report, rule: &str) -> Vec<(Level, String, usize, String)> {
    let f: &Vec<Finding> =
        report.lint.get(rule).unwrap_or_else(|| panic!("{rule} is not in the report"));
    f.iter()
        .map(|f| {
            (f.level, f.file.clone().unwrap_or_default(), f.line.unwrap_or(0), f.object.clone())
        })
        .collect()
}

fn at(level: Level, file: &str, line: usize, object: &str) -> (Level, String, usize, String) {
    (level, file.to_string(), line, object.to_string())
}

/// The `locks` the run measured for the statement at `line` of the up file.
fn locks(run: &RunResult, line: usize) -> Vec<String> {
    let st = run
        .files
        .iter()
        .find(|f| f.name.starts_with("002"))
        .unwrap()
        .statements
        .iter()
        .find(|s| s.line == line)
        .unwrap();
    assert_eq!(st.status, Status::Ok, "line {line}: {:?}", st.error);
    st.locks.clone()
}

#[test]
fn each_risky_statement_is_found_at_its_line() {
    let f = "002_bad.sql";
    let (run, report) = run(&project(f, BAD));
    let failed: Vec<usize> =
        run.statements().filter(|s| s.status == Status::Failed).map(|s| s.line).collect();
    assert_eq!(
        failed,
        vec![14],
        "only the NOT NULL column on a table with rows fails: {:#?}",
        report.errors
    );

    use Level::*;
    assert_eq!(
        found(&report, "adding_required_column"),
        vec![
            at(Error, f, 13, "public.purge_me.code"),
            // Refused (23502): the rule names the hazard behind the error.
            at(Error, f, 14, "public.projects.must"),
            at(Warn, f, 1, "public.empty_t.code"),
            at(Warn, f, 2, "public.projects.token"),
            at(Warn, f, 11, "public.projects.org_id"),
        ]
    );
    assert_eq!(
        found(&report, "index_without_concurrently"),
        vec![at(Warn, f, 3, "index projects_name_idx on public.projects")]
    );
    assert_eq!(
        found(&report, "constraint_without_not_valid"),
        vec![
            at(Warn, f, 4, "constraint tasks_project_fk on public.tasks"),
            at(Warn, f, 15, "constraint tasks_title_check on public.tasks")
        ]
    );
    assert_eq!(
        found(&report, "changing_column_type"),
        vec![at(Warn, f, 5, "public.projects.budget")]
    );
    assert_eq!(
        found(&report, "dropping_in_up_file"),
        vec![at(Warn, f, 6, "public.projects.legacy"), at(Warn, f, 7, "public.old_stuff")]
    );
    assert_eq!(
        found(&report, "unbatched_backfill"),
        vec![at(Warn, f, 8, "public.projects"), at(Info, f, 10, "public.projects")]
    );
    // Measured: every ALTER TABLE of an existing table; not CREATE INDEX (SHARE), not ADD FOREIGN
    // KEY (SHARE ROW EXCLUSIVE), not DROP TABLE (the table is gone when the DDL ends).
    // One finding per table and file, at the first statement; the detail lists every one.
    assert_eq!(
        found(&report, "access_exclusive_lock"),
        // empty_t had no rows in the simulation, but the default table sizes take it to be production-sized.
        vec![
            at(Warn, f, 1, "public.empty_t"),
            at(Warn, f, 2, "public.projects"),
            at(Warn, f, 13, "public.purge_me"),
            at(Warn, f, 15, "public.tasks")
        ]
    );
    let lock = &report.lint["access_exclusive_lock"];
    let projects = lock.iter().find(|x| x.object == "public.projects").unwrap();
    assert!(projects.detail.contains("5 statements (lines 2, 5, 6, 9, 11)"), "{}", projects.detail);
    assert!(
        projects.detail.contains("rewrote") && projects.detail.contains("2, 5"),
        "{}",
        projects.detail
    );
    assert_eq!(locks(&run, 3), Vec::<String>::new());
    assert_eq!(locks(&run, 9), vec!["public.projects"]);
    let st = |line: usize| run.statements().find(|s| s.line == line && s.file == 2).unwrap();
    assert_eq!(st(5).rewrites, vec!["public.projects"]);
    assert!(st(9).rewrites.is_empty());
    // `touched` is as before: what the event triggers named.
    assert_eq!(st(9).touched, vec![("table".to_string(), "public.projects".to_string())]);
}

#[test]
fn the_safe_way_finds_nothing_but_the_locks_it_takes() {
    let f = "002_good.sql";
    let (run, report) = run(&project(f, GOOD));
    assert_eq!(run.count(Status::Failed), 0, "{:#?}", report.errors);
    for rule in &MIGRATION_RULES[..6] {
        assert_eq!(found(&report, rule), vec![], "{rule}");
    }
    // The brief ACCESS EXCLUSIVE locks that safe DDL still takes on existing tables: adding a
    // column, adding a CHECK (even NOT VALID), SET NOT NULL; inside BEGIN … COMMIT, charged to the
    // first statement that took it. Not: CREATE INDEX CONCURRENTLY, NOT VALID foreign keys,
    // VALIDATE CONSTRAINT, updates, new tables.
    use Level::*;
    assert_eq!(
        found(&report, "access_exclusive_lock"),
        vec![at(Warn, f, 4, "public.projects"), at(Warn, f, 18, "public.orgs")]
    );
    assert!(
        report.lint["access_exclusive_lock"][0].detail.contains("4 statements (lines 4, 7, 9, 10)"),
        "{:#?}",
        report.lint["access_exclusive_lock"]
    );
    assert_eq!(locks(&run, 1), Vec::<String>::new(), "CREATE INDEX CONCURRENTLY");
    assert_eq!(locks(&run, 2), Vec::<String>::new(), "ADD FOREIGN KEY … NOT VALID");
    assert_eq!(locks(&run, 3), Vec::<String>::new(), "VALIDATE CONSTRAINT");
    assert_eq!(locks(&run, 4), vec!["public.projects"], "ADD COLUMN");
    assert_eq!(locks(&run, 11), vec!["public.members"], "a new table is locked by its creator");
    assert_eq!(locks(&run, 18), vec!["public.orgs"]);
    assert_eq!(locks(&run, 19), Vec::<String>::new(), "already held in this transaction");
}

/// A schema-only baseline (no rows anywhere, as when reviewing a migration for production): the
/// default table sizes take every existing table to be production-sized, so the risky statements
/// are still found; trusting the simulated rows silences them; rows per table decide per table.
#[test]
fn an_empty_baseline_is_production_sized_by_default() {
    use tenant_planner_core::lint::TableSizes;
    let up = "\
create index projects_name_idx on public.projects (name);
alter table public.tasks add constraint tasks_project_fk foreign key (project_id) references public.projects (id);
alter table public.projects alter column budget type bigint;
update public.projects set owner = upper(owner);
";
    let files =
        |up: &str| vec![SqlFile::new("000_baseline.sql", BASELINE), SqlFile::new("002_up.sql", up)];
    let lint_with = |sizes: TableSizes| {
        let p = Project { files: files(up), table_sizes: sizes, ..Default::default() };
        let (run, report) = run(&p);
        assert_eq!(run.count(Status::Failed), 0, "{:#?}", report.errors);
        assert_eq!(
            serde_json::to_value(&report.table_sizes).unwrap(),
            serde_json::to_value(&p.table_sizes).unwrap()
        );
        let rules = [
            "index_without_concurrently",
            "constraint_without_not_valid",
            "changing_column_type",
            "unbatched_backfill",
        ];
        rules
            .iter()
            .flat_map(|r| {
                found(&report, r)
                    .into_iter()
                    .map(move |(l, _, line, o)| (r.to_string(), l, line, o))
            })
            .collect::<Vec<_>>()
    };
    use Level::*;
    let f = |r: &str, l: Level, line: usize, o: &str| (r.to_string(), l, line, o.to_string());
    assert_eq!(
        lint_with(TableSizes::default()),
        vec![
            f("index_without_concurrently", Warn, 1, "index projects_name_idx on public.projects"),
            f(
                "constraint_without_not_valid",
                Warn,
                2,
                "constraint tasks_project_fk on public.tasks"
            ),
            f("changing_column_type", Warn, 3, "public.projects.budget"),
            f("unbatched_backfill", Warn, 4, "public.projects"),
        ]
    );
    assert_eq!(lint_with(TableSizes::Simulated), vec![]);
    let per_table = TableSizes::PerTable {
        rows: [("public.projects".to_string(), 0), ("public.tasks".to_string(), 5_000_000)]
            .into_iter()
            .collect(),
    };
    assert_eq!(
        lint_with(per_table),
        vec![f(
            "constraint_without_not_valid",
            Warn,
            2,
            "constraint tasks_project_fk on public.tasks"
        )]
    );
}
