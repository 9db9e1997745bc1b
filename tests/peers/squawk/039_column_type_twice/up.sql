-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/changing_column_type.rs
-- test: test::another_err
-- Nothing here is copied from upstream.

begin;
alter table "dishes" alter column "notes" type varchar(255) using "notes"::varchar(255);
alter table "dishes" alter column "notes" type text using "notes"::text;
commit;
