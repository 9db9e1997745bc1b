-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0009_duplicate_index.sql
-- test: a plain index on the primary key column: 0 issues
-- Nothing here is copied from upstream.

create index articles_id_a on public.articles (id);
