-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_with_const_bin_expr
-- Nothing here is copied from upstream.

create table public.assessments (
    id int primary key
);
insert into public.assessments values (1), (2);
