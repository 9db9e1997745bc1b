-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/require_concurrent_index_creation.rs
-- test: test::new_table_ok
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
