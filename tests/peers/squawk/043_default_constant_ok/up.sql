-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::docs_example_ok_post_pg_11
-- Nothing here is copied from upstream.

alter table "dishes" add column "spice_level" integer default 10;
