-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::alter_table_foreign_key_in_transaction
-- Nothing here is copied from upstream.

create table public.app_users (
    id uuid primary key
);
insert into public.app_users values (gen_random_uuid()), (gen_random_uuid());
