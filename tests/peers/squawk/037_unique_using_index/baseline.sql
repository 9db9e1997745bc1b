-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::using_unique_index_ok
-- Nothing here is copied from upstream.

create table public.member_emails (
    id int primary key,
    email text
);
insert into public.member_emails values (1, 'a@example.test'), (2, 'b@example.test');
create unique index member_emails_email_idx on public.member_emails (email);
