//! graphile-migrate's `:PLACEHOLDERS` on the native engine: its `.gmrc` (which defines them) lies
//! outside the migrations folder, so the run stands them in (the database's name; roles of the
//! same name in lower case, created NOLOGIN). Our own fixture, outcome written before running.

use tenant_planner_core::{Profile, Project, SqlFile};

const AFTER_RESET: &str = "BEGIN;
GRANT CONNECT ON DATABASE :DATABASE_NAME TO :DATABASE_OWNER;
GRANT CONNECT ON DATABASE :DATABASE_NAME TO :DATABASE_AUTHENTICATOR;
ALTER SCHEMA public OWNER TO :DATABASE_OWNER;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
COMMIT;
";

const COMMITTED: &str = "--! Previous: -
--! Hash: sha1:0000000000000000000000000000000000000000

--! split: 0001-schema.sql
create schema app_public;
grant usage on schema public, app_public to :DATABASE_VISITOR;
alter default privileges in schema app_public grant usage, select on sequences to :DATABASE_VISITOR;
create table app_public.organizations (id serial primary key, slug citext not null unique, created_at timestamptz not null default now());
grant select on app_public.organizations to :DATABASE_VISITOR;
select count(*)::TEXT from app_public.organizations;
";

/// Expected: no failed statement (before, every placeholder line failed with 42601 and the
/// aborted afterReset transaction left citext missing: 42704 on the table); the roles
/// database_owner, database_authenticator and database_visitor are recorded as created.
#[test]
fn placeholders_stand_for_the_database_and_roles_of_their_name() {
    let project = Project {
        files: vec![
            SqlFile::new("migrations/afterReset.sql", AFTER_RESET),
            SqlFile::new("migrations/committed/000001.sql", COMMITTED),
        ],
        ..Default::default()
    };
    let (run, _) =
        crate::support::simulate(&project, Some(Profile::Postgres), true, &mut ()).unwrap();
    let errors: Vec<_> = run
        .errors()
        .map(|e| format!("{}:{} {} {}", e.file, e.line, e.sqlstate, e.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let created: Vec<String> =
        run.platform.created_roles.iter().flat_map(|c| c.roles.clone()).collect();
    assert_eq!(created, ["database_owner", "database_authenticator", "database_visitor"]);
}
