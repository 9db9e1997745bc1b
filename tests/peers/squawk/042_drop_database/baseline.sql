-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/ban_drop_database.rs
-- test: test::ban_drop_database
-- Nothing here is copied from upstream.

create database peer_scratch_db;
