-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_primary_key_constraint.rs
-- test: test::okay_add_constraint
-- Nothing here is copied from upstream.

alter table stock_items add constraint stock_items_pk primary key using index stock_items_pk;
