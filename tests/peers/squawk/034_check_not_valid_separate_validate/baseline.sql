-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::adding_check_constraint_ok
-- Nothing here is copied from upstream.

create table public.wallets (
    id int primary key,
    balance numeric not null
);
insert into public.wallets values (1, 10), (2, 0);
