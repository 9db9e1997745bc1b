-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0009_duplicate_index.sql
-- test: a second identical index: 1 issue
-- Nothing here is copied from upstream.

create index articles_id_a on public.articles (id);
create index articles_id_b on public.articles (id);
