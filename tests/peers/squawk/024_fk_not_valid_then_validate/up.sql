-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::add_foreign_key_constraint_not_valid_validate
-- Nothing here is copied from upstream.

begin;
alter table "mailboxes" add column "user_id" int;
alter table "mailboxes" add constraint "fk_mailbox_user" foreign key ("user_id") references "app_users" ("id") not valid;
alter table "mailboxes" validate constraint "fk_mailbox_user";
commit;
