-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0017_foreign_table_in_api.sql
-- test: a foreign table in public: 1 issue
-- Nothing here is copied from upstream.

create foreign table public.remote_items (
    id integer,
    payload text
)
    server remote_pg
    options (table_name 'items');
