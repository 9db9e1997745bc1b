-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_required_field.rs
-- test: test::generated_stored_not_null_ok
-- Nothing here is copied from upstream.

create table public.order_lines (
    id bigint generated always as identity primary key,
    price numeric not null,
    tax numeric not null
);
insert into public.order_lines (price, tax) values (10, 2), (20, 4), (5, 1);
