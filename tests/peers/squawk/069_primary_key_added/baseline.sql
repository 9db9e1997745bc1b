-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_primary_key_constraint.rs
-- test: test::plain_primary_key
-- Nothing here is copied from upstream.

create table public.stock_items (
    id int not null,
    label text
);
insert into public.stock_items values (1, 'a'), (2, 'b');
