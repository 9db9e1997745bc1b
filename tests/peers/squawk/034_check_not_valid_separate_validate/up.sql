-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::adding_check_constraint_ok
-- Nothing here is copied from upstream.

alter table "wallets" add constraint "non_negative_balance" check ("balance" >= 0) not valid;
alter table wallets validate constraint non_negative_balance;
