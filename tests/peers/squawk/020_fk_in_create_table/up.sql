-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_foreign_key_constraint.rs
-- test: test::create_table_with_foreign_key_constraint
-- Nothing here is copied from upstream.

begin;
create table public.mailboxes (
    id bigint generated always as identity,
    user_id bigint,
    address text,
    primary key (id),
    constraint fk_mailbox_user
        foreign key ("user_id")
        references public.app_users ("id")
);
commit;
