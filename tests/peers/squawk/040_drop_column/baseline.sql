-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/ban_drop_column.rs
-- test: test::err
-- Nothing here is copied from upstream.

create table public.widgets (
    id int primary key,
    legacy_code text
);
insert into public.widgets values (1, 'x'), (2, 'y');
