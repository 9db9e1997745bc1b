-- up.sql (the migration under test): Tenant Planner peer case (squawk).
-- Our own SQL, reproducing the scenario of sbdchd/squawk crates/squawk_linter/src/rules/require_concurrent_index_creation.rs
-- test: test::new_table_in_assume_transaction_ok
-- Nothing here is copied from upstream.

create table "shop_item" (
    "id" serial not null primary key,
    "shop_id" integer null
);
create index "shop_item_shop_id_idx" on "shop_item" ("shop_id");
