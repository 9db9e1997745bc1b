-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::unique_constraint_after_create_table
-- Nothing here is copied from upstream.

-- nothing to set up: the profile's own objects are enough.
