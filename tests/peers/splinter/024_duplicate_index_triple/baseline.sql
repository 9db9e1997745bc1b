-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0009_duplicate_index.sql
-- test: a third identical index: still 1 issue (a group of three)
-- Nothing here is copied from upstream.

create table public.articles (
    id int primary key
);
