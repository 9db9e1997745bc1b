-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::not_valid_validate_assume_transaction_err
-- Nothing here is copied from upstream.

create table public.members (
    id int primary key
);
insert into public.members values (1), (2);

create table public.member_emails (
    id int primary key,
    member_id int
);
insert into public.member_emails values (1, 1), (2, 2);
