-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::alter_table_foreign_key_assume_transaction
-- Nothing here is copied from upstream.

create table "mailboxes" ("id" uuid not null, "user_id" uuid not null);
alter table "mailboxes" add constraint "fk_mailbox_user" foreign key ("user_id") references "app_users" ("id");
