-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/constraint_missing_not_valid.rs
-- test: test::adding_fk_not_valid_ok
-- Nothing here is copied from upstream.

alter table suppliers add constraint suppliers_address_fk foreign key (address) references postal_addresses (address) not valid;
alter table suppliers validate constraint suppliers_address_fk;
