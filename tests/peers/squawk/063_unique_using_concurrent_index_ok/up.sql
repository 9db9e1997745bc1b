-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::unique_constraint_ok
-- Nothing here is copied from upstream.

create unique index concurrently "profiles_handle_uniq_idx"
    on "profiles" ("handle");
alter table "profiles" add constraint "profiles_handle_uniq" unique using index "profiles_handle_uniq_idx";
