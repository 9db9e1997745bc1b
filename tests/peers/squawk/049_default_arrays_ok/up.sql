-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_field_with_default.rs
-- test: test::default_empty_array_ok
-- Nothing here is copied from upstream.

alter table series add column samples double precision[] default array[]::double precision[];
alter table series add column counts bigint[] default cast(array[] as bigint[]);
alter table series add column tags text[] default array['foo', 'bar']::text[];
