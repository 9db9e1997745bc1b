-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::adding_fk_not_valid_ok
-- Nothing here is copied from upstream.

create table public.postal_addresses (
    address text primary key
);
insert into public.postal_addresses values ('1 Main St'), ('2 High St');

create table public.suppliers (
    id int primary key,
    address text
);
insert into public.suppliers values (1, '1 Main St'), (2, '2 High St');
