-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/adding_not_null_field.rs
-- test: test::pg16_cross_migration_validate_then_set_not_null_ok
-- Nothing here is copied from upstream.

create table public.members (
    id bigint generated always as identity primary key,
    name text not null,
    karma bigint
);
insert into public.members (name, karma) values ('ada', 1), ('grace', 2), ('edsger', 3);

-- the earlier migration: the check was added NOT VALID there
alter table public.members add constraint members_karma_not_null check (karma is not null) not valid;
