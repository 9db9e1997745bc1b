-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::new_table_assume_transaction_ok
-- Nothing here is copied from upstream.

create table "club_member" (
    "id" serial not null primary key,
    "age" integer not null
);
alter table "club_member" add constraint "adults_only" check ("age" >= 18);
