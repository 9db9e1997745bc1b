//! `sql_text` against the database: the reserved-word list is Postgres' own (`pg_get_keywords()`),
//! every keyword Postgres knows round-trips as a column and a table name in the statement shapes
//! the probes, fixtures and drafts write, literals read back as their text, and a tenant table
//! whose columns are named `with`, `window`, `user`, `order` and `Mixed Case` is probed, and its
//! draft rollback runs, without a broken statement.

use crate::support::simulate;
use tenant_planner_core::draft::draft_rollback;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::isolation::Outcome;
use tenant_planner_core::sql_text::{ident, literal, RESERVED};
use tenant_planner_core::verdict::{CheckId, State};
use tenant_planner_core::Project;
use tenant_planner_native::NativeEngine;

fn query(e: &mut NativeEngine, sql: &str) -> String {
    pollster::block_on(e.query_text(sql)).unwrap().unwrap_or_else(|err| panic!("{sql}: {err:?}"))
}

/// The error of `sql` (all of it run as one string), if any.
fn exec_error(e: &mut NativeEngine, sql: &str) -> Option<String> {
    pollster::block_on(e.exec(sql))
        .unwrap()
        .error
        .map(|err| format!("{} ({})", err.message, err.sqlstate))
}

/// Every keyword with its category: R reserved, T reserved but a function or type name, C a
/// column name but no function or type name, U unreserved.
fn keywords(e: &mut NativeEngine) -> Vec<(String, String)> {
    let json = query(e, "select json_agg(json_build_array(word, catcode) order by word)::text from pg_catalog.pg_get_keywords()");
    serde_json::from_str::<Vec<(String, String)>>(&json).unwrap()
}

#[test]
fn reserved_is_the_databases_r_and_t_keywords() {
    let mut e = NativeEngine::open().unwrap();
    let words = keywords(&mut e);
    let reserved: Vec<&str> =
        words.iter().filter(|(_, c)| c == "R" || c == "T").map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        reserved,
        RESERVED,
        "sql_text::RESERVED differs from {}",
        query(&mut e, "select version()")
    );
    assert!(reserved.contains(&"with") && reserved.contains(&"window"));
}

/// The shapes of our own SQL, with `c` as a column and `t` as a table name.
fn statements(t: &str, c: &str) -> String {
    format!(
        "create table {t} (id int primary key, {c} int);
         insert into {t} as r (id, {c}) values (1, 1) returning r.{c}, {c};
         update {t} as u set {c} = {c} + 1 where {c} = 1 and u.{c} is not null;
         select {c}::text as k from {t} x where x.{c} = 2 and {c} is not null order by {c};
         select json_agg(distinct {c} order by {c}) from {t};
         select count(*) from (select * from {t} order by {c} limit 6) s;
         delete from {t} where {c} = 2 returning {c};
         drop table {t};"
    )
}

#[test]
fn every_keyword_is_a_name_once_quoted_and_only_r_and_t_need_it() {
    let mut e = NativeEngine::open().unwrap();
    let words = keywords(&mut e);
    assert!(words.len() > 400, "{}", words.len());
    let mut wrong = Vec::new();
    for (word, cat) in &words {
        // Quoted as sql_text quotes it: always a valid column and table name.
        if let Some(err) = exec_error(&mut e, &statements(&ident(word), &ident(word))) {
            wrong.push(format!("{word} ({cat}) as {}: {err}", ident(word)));
        }
        // Bare: refused exactly for the reserved ones (which is why they are quoted).
        let bare = exec_error(&mut e, &statements(word, word));
        if bare.is_some() != (cat == "R" || cat == "T") {
            wrong.push(format!("{word} ({cat}) bare: {}", bare.as_deref().unwrap_or("accepted")));
        }
        exec_error(&mut e, &format!("drop table if exists {}", ident(word)));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn literals_read_back_as_their_text() {
    let mut e = NativeEngine::open().unwrap();
    let texts = [
        "plain",
        "it's",
        r"a\b",
        r"it's a\nb \\ c",
        "tab\there",
        "line\nbreak",
        "café ☃",
        "''",
        r"\",
        "",
    ];
    for setting in ["on", "off"] {
        exec_error(&mut e, &format!("set standard_conforming_strings = {setting}"));
        for t in texts {
            let lit = literal(t);
            assert_eq!(
                query(&mut e, &format!("select {lit}::text")),
                t,
                "{lit} with standard_conforming_strings {setting}"
            );
            // Postgres' own quote_literal writes it the same way.
            assert_eq!(query(&mut e, &format!("select quote_literal({lit})")), lit, "{t:?}");
        }
    }
}

const TEAMS: &str = r#"
create table public.teams (id uuid primary key default gen_random_uuid(), name text not null);
create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  primary key (team_id, user_id)
);
create function public.is_team_member(team uuid) returns boolean
language sql stable security definer set search_path = ''
as $$ select exists (select 1 from public.team_members m where m.team_id = team and m.user_id = (select auth.uid())) $$;
alter table public.teams enable row level security;
alter table public.team_members enable row level security;
create policy teams_read on public.teams for select to authenticated using ((select public.is_team_member(id)));
create policy members_read on public.team_members for select to authenticated using ((select public.is_team_member(team_id)));

-- A tenant table whose columns are keywords Postgres reserves, and a mixed-case name.
create table public."order" (
  team_id      uuid not null references public.teams (id) on delete cascade,
  "order"      int  not null,
  "with"       text not null,
  "window"     text not null check ("window" in ('morning', 'evening')),
  "user"       text not null,
  "Mixed Case" text not null,
  primary key (team_id, "order")
);
create index order_team_idx on public."order" (team_id);
alter table public."order" enable row level security;
create policy order_all on public."order" for all to authenticated
  using ((select public.is_team_member(team_id))) with check ((select public.is_team_member(team_id)));
"#;

#[test]
fn a_tenant_table_with_reserved_and_mixed_case_columns_is_probed_and_rolled_back() {
    let mut project =
        Project { files: vec![SqlFile::new("001_teams.sql", TEAMS)], ..Default::default() };
    let (run, report) = simulate(&project, None, false, &mut ()).unwrap();
    assert_eq!(report.profile, "supabase");
    assert_eq!(report.statements.failed, 0, "{:#?}", report.errors);
    let iso = report.isolation.as_ref().expect("the probes ran");
    assert_eq!(iso.error, None);
    assert!(iso.fixtures.filled.iter().any(|t| t == "public.order"), "{:#?}", iso.fixtures);
    let probes: Vec<_> = iso.matrix.iter().filter(|p| p.table == "public.order").collect();
    assert!(probes.len() >= 8, "{probes:#?}");
    let errored: Vec<_> = iso
        .matrix
        .iter()
        .filter(|p| {
            p.outcome == Outcome::Errored || p.error.as_deref().is_some_and(|e| e.contains("42601"))
        })
        .collect();
    assert!(errored.is_empty(), "{errored:#?}");
    assert!(iso.coverage.complete, "{:#?}", iso.coverage);
    assert!(iso.leaks.is_empty(), "{:#?}", iso.leaks);
    assert_eq!(report.verdict.check(CheckId::Leaks).state, State::Passed, "{:#?}", report.verdict);

    // The draft rollback names the same columns and tables: it runs and restores the database.
    let draft = draft_rollback(
        run.snapshots.after_up.as_ref().unwrap(),
        run.snapshots.after_seed.as_ref().unwrap(),
    );
    assert!(draft.contains("public.\"order\""), "{draft}");
    project.files.push(SqlFile::new("001_teams_rollback.sql", draft.clone()));
    let (_, report) = simulate(&project, None, false, &mut ()).unwrap();
    assert_eq!(report.statements.failed, 0, "{:#?}\n{draft}", report.errors);
    assert!(report.rollback.clean, "{:#?}\n{draft}", report.rollback);
}
