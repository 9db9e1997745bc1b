-- baseline.sql (set-up before the migration): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::adding_using_index_ok
-- Nothing here is copied from upstream.

create table public.ledger (
    id int not null,
    note text
);
insert into public.ledger values (1, 'x'), (2, 'y');
create unique index ledger_pk_idx on public.ledger (id);
