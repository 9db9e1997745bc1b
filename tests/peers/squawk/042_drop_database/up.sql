-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/ban_drop_database.rs
-- test: test::ban_drop_database
-- Nothing here is copied from upstream.

drop database "peer_scratch_db";
drop database if exists "peer_scratch_db";
drop database if exists "peer_scratch_db";
