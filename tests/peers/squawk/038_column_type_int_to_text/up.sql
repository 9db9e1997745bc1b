-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/changing_column_type.rs
-- test: test::err
-- Nothing here is copied from upstream.

begin;
alter table "dishes" alter column "revisions" type text using "revisions"::text;
commit;
