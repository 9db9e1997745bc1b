-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_with_const_bin_expr
-- Nothing here is copied from upstream.

alter table assessments
add column stats_refreshed_at timestamptz not null default now() - interval '100 years';
