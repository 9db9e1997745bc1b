-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_required_field.rs
-- test: test::generated_stored_ok
-- Nothing here is copied from upstream.

alter table public.order_lines
    add column total numeric generated always as (price + tax) stored;
