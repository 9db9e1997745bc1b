-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_uuid_error_multi_stmt
-- Nothing here is copied from upstream.

create table public.tokens (
    id int primary key
);
insert into public.tokens values (1), (2);
