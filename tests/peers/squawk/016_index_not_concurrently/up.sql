-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/require_concurrent_index_creation.rs
-- test: test::adding_index_non_concurrently_err
-- Nothing here is copied from upstream.

create index "purchases_customer_ref_idx" on "purchases" ("customer_ref");
