-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::not_valid_validate_assume_transaction_err
-- Nothing here is copied from upstream.

alter table "member_emails" add constraint "fk_member" foreign key (member_id) references "members" (id) not valid;
alter table "member_emails" validate constraint "fk_member";
