//! Known differences of the native engine (pglite-oxide) from the browser's PGlite, pinned so we
//! notice when they change.

use tenant_planner_core::engine::Engine;
use tenant_planner_native::{NativeEngine, ESCAPED_HANDLER_NOTE};

#[test]
fn plpgsql_exception_handlers_do_not_catch_and_the_error_says_so() {
    let mut e = NativeEngine::open().unwrap();
    let caught = "do $$ begin begin perform 1/0; exception when others then raise notice 'caught'; end; end $$;";
    let out = pollster::block_on(e.exec(caught)).unwrap();
    // If pglite-oxide learns to catch, this fails: drop the workaround and this test then.
    let err = out.error.expect("pglite-oxide 0.5.1 lets the error escape the handler");
    assert_eq!(err.sqlstate, "22012");
    assert_eq!(err.hint.as_deref(), Some(ESCAPED_HANDLER_NOTE));
    // …and the session stays aborted.
    let next = pollster::block_on(e.exec("select 1;")).unwrap();
    assert_eq!(next.error.unwrap().sqlstate, "25P02");
}

#[test]
fn errors_inside_a_user_transaction_leave_it_to_the_user() {
    let mut e = NativeEngine::open().unwrap();
    for sql in ["begin;", "select 1/0;"] {
        pollster::block_on(e.exec(sql)).unwrap();
    }
    let aborted = pollster::block_on(e.exec("select 1;")).unwrap().error.unwrap();
    assert_eq!(aborted.sqlstate, "25P02");
    assert!(aborted.hint.is_none());
    assert!(pollster::block_on(e.exec("rollback;")).unwrap().error.is_none());
    assert!(pollster::block_on(e.exec("select 1;")).unwrap().error.is_none());
}

/// The browser's PGlite ships these contrib extensions; pglite-oxide 0.5.1 bundles none of them.
/// Their CREATE EXTENSION fails natively (0A000) with a hint saying so. If pglite-oxide gains one,
/// this fails: drop it from BROWSER_ONLY_EXTENSIONS then.
#[test]
fn extensions_the_browser_ships_and_the_native_engine_lacks() {
    let wanted: Vec<String> =
        tenant_planner_native::BROWSER_ONLY_EXTENSIONS.iter().map(|s| s.to_string()).collect();
    let mut e = tenant_planner_native::NativeEngine::open_with_extensions(&wanted).unwrap();
    for ext in tenant_planner_native::BROWSER_ONLY_EXTENSIONS {
        let out = pollster::block_on(e.exec(&format!("create extension \"{ext}\";"))).unwrap();
        let err = out.error.unwrap_or_else(|| {
            panic!("pglite-oxide now has {ext}: remove it from BROWSER_ONLY_EXTENSIONS")
        });
        assert_eq!(err.sqlstate, "0A000", "{ext}: {}", err.message);
        // Postgres' own hint ("must first be installed …"), then ours.
        let hint = err.hint.unwrap_or_default();
        assert!(
            hint.ends_with(&format!("\n{}", tenant_planner_native::browser_only_note(ext))),
            "{ext}: {hint}"
        );
    }
}

/// pglite-oxide loads an extension only when the database opens with it: the engine opens with
/// the ones the project creates (and drops them again, so the project's CREATE EXTENSION — with
/// its own schema — makes them). Without that, CREATE EXTENSION fails.
#[test]
fn bundled_extensions_load_when_the_engine_opens_with_them() {
    let mut bare = NativeEngine::open().unwrap();
    let out = pollster::block_on(bare.exec("create extension unaccent;")).unwrap();
    assert_eq!(out.error.expect("not loadable unless opened with it").sqlstate, "0A000");

    let wanted = ["unaccent", "pg_trgm", "citext", "ltree", "hstore"].map(String::from);
    let mut e = NativeEngine::open_with_extensions(&wanted).unwrap();
    for sql in [
        "create schema extensions;",
        "create extension unaccent with schema extensions;",
        "create extension if not exists pg_trgm;",
        "create extension citext;",
        "create extension ltree;",
        "create extension hstore;",
    ] {
        let out = pollster::block_on(e.exec(sql)).unwrap();
        assert!(out.error.is_none(), "{sql}: {:?}", out.error);
    }
    let v = pollster::block_on(e.query_text("select extensions.unaccent('Hélène')::text || ' ' || (select extnamespace::regnamespace::text from pg_extension where extname = 'unaccent')")).unwrap().unwrap();
    assert_eq!(v, "Helene extensions");
}

/// An embedded PostgreSQL runs with wal_level below logical: a logical replication slot (what a
/// CDC tool's migration creates) fails with 55000 on both engines here, while a real server
/// started with wal_level = logical runs it. Expected before running: that one statement fails,
/// its hint names the limit (tenant_planner_core::engine_limits::WAL_LEVEL), the statements after
/// it run.
#[test]
fn a_logical_replication_slot_fails_with_a_note_naming_the_wal_level_limit() {
    use tenant_planner_core::{Profile, Project, SqlFile};
    let sql = "create table public.events (id bigint primary key);
do $$ begin
  if not exists (select 1 from pg_replication_slots where slot_name = 'cdc_slot') then
    perform pg_create_logical_replication_slot('cdc_slot', 'pgoutput');
  end if;
end $$;
create publication cdc_pub for table public.events;
";
    let project = Project { files: vec![SqlFile::new("001_cdc.sql", sql)], ..Default::default() };
    let r = crate::support::simulate(&project, Some(Profile::Postgres), true, &mut ()).unwrap().0;
    let errors: Vec<_> = r.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].sqlstate.as_str()), (2, "55000"));
    let hint = errors[0].hint.as_deref().unwrap_or_default();
    assert!(hint.ends_with(tenant_planner_core::engine_limits::WAL_LEVEL), "{hint}");
}
