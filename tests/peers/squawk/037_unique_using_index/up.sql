-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::using_unique_index_ok
-- Nothing here is copied from upstream.

alter table "member_emails" add constraint "member_emails_email_uniq" unique using index "member_emails_email_idx";
