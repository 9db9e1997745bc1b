-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0017_foreign_table_in_api.sql
-- test: a foreign table in public: 1 issue
-- Nothing here is copied from upstream.

create schema if not exists extensions;
create extension postgres_fdw schema extensions;

create server remote_pg
    foreign data wrapper postgres_fdw
    options (host 'remote.invalid', port '5432', dbname 'remote_db');

create user mapping for current_user
    server remote_pg
    options (user 'remote_user', password 'remote_password');
