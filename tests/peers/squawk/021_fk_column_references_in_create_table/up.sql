-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::create_table_with_column_references
-- Nothing here is copied from upstream.

create table public.sessions (
    id bigserial not null,
    user_id bigint not null references public.app_users (id) on delete cascade
);
