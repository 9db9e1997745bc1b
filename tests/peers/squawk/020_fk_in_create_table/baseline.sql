-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::create_table_with_foreign_key_constraint
-- Nothing here is copied from upstream.

create table public.app_users (
    id bigint primary key
);
insert into public.app_users values (1), (2);
