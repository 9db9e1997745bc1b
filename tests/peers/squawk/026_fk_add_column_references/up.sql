-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::add_column_references_lock
-- Nothing here is copied from upstream.

begin;
alter table "mailboxes" add column "user_id" int references "app_users" ("id");
commit;
