-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::unique_constraint_inline_add_column_unique_err
-- Nothing here is copied from upstream.

create table public.profiles (
    id int primary key,
    handle text
);
insert into public.profiles values (1, 'ada'), (2, 'grace');
