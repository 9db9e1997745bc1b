-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::adding_using_index_ok
-- Nothing here is copied from upstream.

alter table ledger add constraint ledger_pk primary key using index ledger_pk_idx;
