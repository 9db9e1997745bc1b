-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_jsonb_ok
-- Nothing here is copied from upstream.

alter table "dishes" add column "extras" jsonb default '{}'::jsonb;
