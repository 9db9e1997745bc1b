-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::add_column_references_lock
-- Nothing here is copied from upstream.

create table public.app_users (
    id int primary key
);
insert into public.app_users values (1), (2);

create table public.mailboxes (
    id int primary key,
    address text
);
insert into public.mailboxes values (1, 'a@example.test'), (2, 'b@example.test');
