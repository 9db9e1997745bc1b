-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0005_unused_index.sql
-- test: an index that was never scanned is listed (unique indexes are not)
-- Nothing here is copied from upstream.

create table public.gadgets (
    id int primary key,
    serial_no text unique,
    label text
);

create index gadgets_label_idx on public.gadgets (label);
