-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/disallow_unique_constraint.rs
-- test: test::also_ok
-- Nothing here is copied from upstream.

create unique index concurrently depot_id_temp_idx on depots (depot_id);
alter table depots drop constraint depots_pkey,
add constraint depots_pkey primary key using index depot_id_temp_idx;
