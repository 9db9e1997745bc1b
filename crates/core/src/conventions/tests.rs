use super::*;

fn files(names: &[&str]) -> Vec<SqlFile> {
    names.iter().map(|n| SqlFile::new(*n, "select 1;")).collect()
}

fn names(files: &[SqlFile], order: &[usize]) -> Vec<String> {
    order.iter().map(|&i| files[i].name.clone()).collect()
}

#[test]
fn golang_migrate_orders_versions_as_numbers() {
    let f = files(&[
        "1000_tms.up.sql",
        "1_init.up.sql",
        "0_ext.up.sql",
        "10_x.up.sql",
        "9_y.up.sql",
        "5_test_case_id.up.sql",
        "10_x.down.sql",
        "9_y.down.sql",
    ]);
    let o = order(&f, &[]);
    assert_eq!(
        names(&f, &o.apply),
        [
            "0_ext.up.sql",
            "1_init.up.sql",
            "5_test_case_id.up.sql",
            "9_y.up.sql",
            "10_x.up.sql",
            "1000_tms.up.sql"
        ]
    );
    assert_eq!(names(&f, &o.rollback), ["10_x.down.sql", "9_y.down.sql"]);
    let d = detect_file("10_x.up.sql", "");
    assert_eq!(
        (d.convention, d.reason.as_str()),
        (
            Convention::GolangMigrate,
            "golang-migrate: 10_x.up.sql is version 10 (numeric order, not name order)"
        )
    );
}

#[test]
fn flyway_versions_part_by_part_repeatables_last_undo_reversed() {
    let f = files(&[
        "R__views.sql",
        "U1_10__b.sql",
        "V1_10__b.sql",
        "V1_1__a.sql",
        "V1_9__c.sql",
        "V2__d.sql",
        "U1_9__c.sql",
        "V1.2__dotted.sql",
    ]);
    let o = order(&f, &[]);
    assert_eq!(
        names(&f, &o.apply),
        [
            "V1_1__a.sql",
            "V1.2__dotted.sql",
            "V1_9__c.sql",
            "V1_10__b.sql",
            "V2__d.sql",
            "R__views.sql"
        ]
    );
    assert_eq!(names(&f, &o.rollback), ["U1_10__b.sql", "U1_9__c.sql"]);
    assert_eq!(
        detect_file("V1_2__x.sql", "").reason,
        "Flyway: V1_2__x.sql is version 1.2 (versions compare number by number)"
    );
    // Not Flyway: no double underscore, or no digits.
    assert_eq!(detect_file("V1_x.sql", "").convention, Convention::Plain);
    assert_eq!(detect_file("Vendors__x.sql", "").convention, Convention::Plain);
}

#[test]
fn supabase_migrations_are_up_whatever_their_words_and_seed_runs_after_them() {
    let f = files(&[
        "supabase/tests/database/01-schema.sql",
        "supabase/seed.sql",
        "supabase/migrations/20240102000000_roles-seed.sql",
        "supabase/migrations/20240101000000_init.sql",
        "supabase/migrations/20240103000000_drop_down_table.sql",
    ]);
    let o = order(&f, &[]);
    assert_eq!(
        names(&f, &o.apply),
        [
            "supabase/migrations/20240101000000_init.sql",
            "supabase/migrations/20240102000000_roles-seed.sql",
            "supabase/migrations/20240103000000_drop_down_table.sql",
            "supabase/seed.sql",
            "supabase/tests/database/01-schema.sql",
        ]
    );
    assert!(o.rollback.is_empty());
    let roles: Vec<Role> = f.iter().map(SqlFile::role).collect();
    assert_eq!(roles, [Role::Validate, Role::Seed, Role::Up, Role::Up, Role::Up]);
}

#[test]
fn a_supabase_folder_dropped_without_supabase_keeps_its_order() {
    let mut f = files(&[
        "seed.sql",
        "migrations/20240102000000_b.sql",
        "migrations/20240101000000_a.sql",
        "tests/database/x.test.sql",
    ]);
    f[0].text = "insert into a values (1);".into();
    let d = detect(&f, &[]);
    assert_eq!(d.convention, Convention::Supabase);
    assert!(d.files[0].after_up, "{:?}", d.files[0]);
    let o = order_with(&f, &d);
    assert_eq!(
        names(&f, &o.apply),
        [
            "migrations/20240101000000_a.sql",
            "migrations/20240102000000_b.sql",
            "seed.sql",
            "tests/database/x.test.sql"
        ]
    );
    // Without migrations, a seed is existing data: before the up files.
    let g = files(&["001_init.sql", "seed.sql"]);
    assert_eq!(names(&g, &order(&g, &[]).apply), ["seed.sql", "001_init.sql"]);
}

/// `<folder>/migrations/<14 digits>_x.sql` one folder down is not taken for Supabase by itself: a
/// plain timestamped sequence (`db/migrations/…`) looks the same. A picked Supabase folder is
/// named `supabase/`.
#[test]
fn one_folder_down_is_not_supabase_by_itself() {
    assert_ne!(
        detect_file("db/migrations/20240101000000_x.sql", "").convention,
        Convention::Supabase
    );
    assert_ne!(
        detect_file("a/b/migrations/20240101000000_x.sql", "").convention,
        Convention::Supabase
    );
    assert_eq!(
        detect_file("supabase/migrations/20240101000000_x.sql", "").convention,
        Convention::Supabase
    );
}

#[test]
fn prisma_folders_name_the_migrations() {
    let f = files(&[
        "prisma/migrations/20240201000000_b/migration.sql",
        "prisma/migrations/20240101000000_a/migration.sql",
    ]);
    let o = order(&f, &[]);
    assert_eq!(
        names(&f, &o.apply),
        [
            "prisma/migrations/20240101000000_a/migration.sql",
            "prisma/migrations/20240201000000_b/migration.sql"
        ]
    );
    assert_eq!(detect_file(&f[0].name, "").convention, Convention::Prisma);
}

#[test]
fn graphile_migrate_after_reset_committed_current() {
    let f = files(&[
        "current/1-current.sql",
        "committed/000002-b.sql",
        "afterReset.sql",
        "committed/000001.sql",
    ]);
    assert_eq!(
        names(&f, &order(&f, &[]).apply),
        [
            "afterReset.sql",
            "committed/000001.sql",
            "committed/000002-b.sql",
            "current/1-current.sql"
        ]
    );
}

#[test]
fn timestamped_sequences_keep_seed_words_in_place_numbered_files_hoist_them() {
    let f = files(&[
        "20240101120500_roles-seed.sql",
        "20240101120000_roles.sql",
        "001_seed.sql",
        "000_baseline.sql",
        "002_x.sql",
    ]);
    let roles: Vec<Role> = f.iter().map(SqlFile::role).collect();
    assert_eq!(roles, [Role::Up, Role::Up, Role::Seed, Role::Baseline, Role::Up]);
    assert_eq!(
        names(&f, &order(&f, &[]).apply),
        [
            "000_baseline.sql",
            "001_seed.sql",
            "002_x.sql",
            "20240101120000_roles.sql",
            "20240101120500_roles-seed.sql"
        ]
    );
    assert!(detect_file("20240101120500_roles-seed.sql", "").reason.contains("does not hoist it"));
}

#[test]
fn validation_words_in_any_case_and_at_the_ends() {
    for (name, role) in [
        ("002_TESTING.sql", Role::Validate),
        ("orgs.test.sql", Role::Validate),
        ("check_tenancy.sql", Role::Validate),
        ("tenancy_checks.sql", Role::Validate),
        ("Verify-RLS.sql", Role::Validate),
        ("policies_spec.sql", Role::Validate),
        ("add_check_constraint.sql", Role::Up),
        ("specification_table.sql", Role::Up),
        ("validate_org.sql", Role::Validate),
    ] {
        assert_eq!(detect_file(name, "").role, role, "{name}");
    }
}

#[test]
fn content_makes_validation_files_of_plain_names() {
    let pgtap = "begin;\nselect plan(1);\nselect ok(true);\nselect * from finish();\nrollback;";
    let d = detect_file("rls.sql", pgtap);
    assert_eq!(
        (d.role, d.reason.as_str()),
        (
            Role::Validate,
            "rls.sql calls pgTAP's plan() and finish(): a validation file (ordered by name)"
        )
    );
    // A convention's role is not changed by content.
    assert_eq!(detect_file("supabase/migrations/20240101000000_x.sql", pgtap).role, Role::Up);
    assert_eq!(detect_file("rls.sql", "create table t (a int);").role, Role::Up);
}

#[test]
fn pg_dump_is_the_baseline() {
    let dump = "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 13.4\n-- Dumped by pg_dump version 13.4\n\nSET statement_timeout = 0;\n";
    let d = detect_file("data/schema.sql", dump);
    assert_eq!((d.convention, d.role), (Convention::PgDump, Role::Baseline));
    assert!(d.reason.contains("from PostgreSQL 13.4"), "{}", d.reason);
    let f = vec![SqlFile::new("001_tenants.sql", "select 1;"), SqlFile::new("schema.sql", dump)];
    assert_eq!(names(&f, &order(&f, &[]).apply), ["schema.sql", "001_tenants.sql"]);
}

#[test]
fn sqitch_order_comes_from_the_plan() {
    let plan = SqlFile::new(
        "schema/sqitch.plan",
        "%project=t\n\norgs 2024-01-01T00:00:00Z A <a@x>\nstats [orgs] 2024-01-02T00:00:00Z A <a@x>\n@v1 2024-01-03T00:00:00Z A <a@x>\nstats [stats@v1] 2024-01-04T00:00:00Z A <a@x>\n",
    );
    let f = files(&[
        "schema/deploy/stats.sql",
        "schema/deploy/stats@v1.sql",
        "schema/deploy/orgs.sql",
        "schema/revert/orgs.sql",
        "schema/revert/stats.sql",
        "schema/revert/stats@v1.sql",
        "schema/verify/orgs.sql",
        "schema/verify/orphan.sql",
        "schema/revert/orphan.sql",
    ]);
    let d = detect(&f, std::slice::from_ref(&plan));
    assert_eq!(d.convention, Convention::Sqitch);
    assert!(d.summary.contains("order from schema/sqitch.plan"), "{}", d.summary);
    let o = order_with(&f, &d);
    assert_eq!(
        names(&f, &o.apply),
        [
            "schema/deploy/orgs.sql",
            "schema/deploy/stats@v1.sql",
            "schema/deploy/stats.sql",
            "schema/verify/orgs.sql",
            "schema/verify/orphan.sql"
        ]
    );
    assert_eq!(
        names(&f, &o.rollback),
        [
            "schema/revert/stats.sql",
            "schema/revert/stats@v1.sql",
            "schema/revert/orgs.sql",
            "schema/revert/orphan.sql"
        ]
    );
    assert_eq!(d.files[1].reason, "sqitch: deploy/stats@v1.sql is change 2 of 3 in schema/sqitch.plan (the version of stats before it was reworked); deployed in plan order");
    assert!(d.files[7].reason.contains("sqitch never runs it"), "{}", d.files[7].reason);
    // Without the plan: by name, and the summary says the plan is missing.
    let without = detect(&f, &[]);
    assert!(without.summary.contains("no sqitch.plan loaded"), "{}", without.summary);
}

#[test]
fn dbmate_files_split_and_roll_back_newest_first() {
    let text = |t: &str| {
        format!("-- migrate:up\ncreate table {t} (id int);\n-- migrate:down\ndrop table {t};\n")
    };
    let loaded = prepare(vec![
        SqlFile::new("db/migrations/20240102000000_b.sql", text("b")),
        SqlFile::new("db/migrations/20240101000000_a.sql", text("a")),
    ]);
    let o = order(&loaded, &[]);
    assert_eq!(
        names(&loaded, &o.apply),
        ["db/migrations/20240101000000_a.sql", "db/migrations/20240102000000_b.sql"]
    );
    assert_eq!(
        names(&loaded, &o.rollback),
        ["db/migrations/20240102000000_b.sql#down", "db/migrations/20240101000000_a.sql#down"]
    );
    assert_eq!(
        source_path("db/migrations/20240102000000_b.sql#down"),
        "db/migrations/20240102000000_b.sql"
    );
}

#[test]
fn the_users_choice_wins_and_is_named_in_the_reason() {
    let mut f = files(&["002_TESTING.sql", "001_init.sql"]);
    f[0].role_override = Some(Role::Up);
    let d = detect(&f, &[]);
    assert_eq!(names(&f, &order_with(&f, &d).apply), ["001_init.sql", "002_TESTING.sql"]);
    assert!(
        d.reason(&f, 0).starts_with("up by your choice (detected: validate — the word \"testing\""),
        "{}",
        d.reason(&f, 0)
    );
    let r = d.report(&f);
    assert_eq!((r.id.as_str(), r.files[0].role.as_str()), ("numbered", "up"));
}

#[test]
fn plan_files_and_other_files_by_name() {
    assert_eq!(kind_of("schema/deploy/x.sql"), FileKind::Sql);
    assert_eq!(kind_of("A.SQL"), FileKind::Sql);
    assert_eq!(kind_of("schema/sqitch.plan"), FileKind::Plan);
    assert_eq!(kind_of("prisma/migrations/migration_lock.toml"), FileKind::Other);
}
