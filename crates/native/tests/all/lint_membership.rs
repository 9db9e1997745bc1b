//! rls_bypass_through_membership against a real Postgres: `GRANT app_owner TO app_user`, where
//! app_owner owns the tenant tables, lets app_user past every policy (shown on the engine itself),
//! and the rule says so; with the membership revoked and plain grants instead, RLS applies and the
//! rule is quiet.

use crate::support::simulate;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::lint::Level;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_native::NativeEngine;

const SCHEMA: &str = "\
create role app_owner nologin;
create role app_user nologin;
create table public.orgs (id int primary key, name text not null);
create table public.projects (id int primary key, org_id int not null references public.orgs (id), name text not null);
create index projects_org_id_idx on public.projects (org_id);
alter table public.orgs owner to app_owner;
alter table public.projects owner to app_owner;
alter table public.orgs enable row level security;
alter table public.projects enable row level security;
create policy orgs_own on public.orgs to app_user using (id = current_setting('app.org_id', true)::int);
create policy projects_own on public.projects to app_user using (org_id = current_setting('app.org_id', true)::int);
insert into public.orgs values (1, 'a'), (2, 'b');
insert into public.projects values (1, 1, 'a1'), (2, 2, 'b1'), (3, 2, 'b2');
";

const BAD: &str = "grant app_owner to app_user;\n";
const GOOD: &str = "grant usage on schema public to app_user;\ngrant select, insert, update, delete on public.orgs, public.projects to app_user;\n";

fn findings(up: &str) -> Vec<(String, Level, String)> {
    let p = Project {
        files: vec![SqlFile::new("001_schema.sql", SCHEMA), SqlFile::new("002_grants.sql", up)],
        ..Default::default()
    };
    let (run, report) = simulate(&p, Some(Profile::Postgres), false, &mut ()).unwrap();
    assert_eq!(run.errors().count(), 0, "{:#?}", report.errors);
    report.lint["rls_bypass_through_membership"]
        .iter()
        .map(|f| (f.object.clone(), f.level, f.detail.clone()))
        .collect()
}

/// What app_user sees of public.projects with app.org_id = 1, on a fresh engine.
fn rows_seen(grants: &str) -> String {
    fn exec(db: &mut NativeEngine, sql: &str) {
        let out = pollster::block_on(db.exec(sql)).unwrap();
        assert!(out.error.is_none(), "{sql}: {:?}", out.error);
    }
    let mut db = NativeEngine::open().unwrap();
    exec(&mut db, SCHEMA);
    exec(&mut db, grants);
    exec(&mut db, "begin; set local role app_user; select set_config('app.org_id', '1', true);");
    let n = pollster::block_on(db.query_text("select count(*)::text from public.projects"))
        .unwrap()
        .unwrap();
    exec(&mut db, "rollback;");
    n
}

#[test]
fn the_owners_role_granted_to_the_app_role_bypasses_rls() {
    // Postgres first: app_user, a member of the tables' owner, sees the other tenant's rows too.
    assert_eq!(rows_seen(BAD), "3", "the owner's member bypasses the policy");
    assert_eq!(rows_seen(GOOD), "1", "with plain grants the policy applies");

    let found = findings(BAD);
    assert_eq!(
        found.iter().map(|(o, l, _)| (o.as_str(), *l)).collect::<Vec<_>>(),
        [("role app_user", Level::Error)],
        "{found:#?}"
    );
    let detail = &found[0].2;
    assert!(
        detail.contains("member of app_owner")
            && detail.contains("public.projects")
            && detail.contains("public.orgs"),
        "{detail}"
    );
    assert_eq!(findings(GOOD), vec![]);
}
