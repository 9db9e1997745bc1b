-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/ban_drop_table.rs
-- test: test::err
-- Nothing here is copied from upstream.

create table public.old_reports (
    id int primary key
);
insert into public.old_reports values (1), (2);
