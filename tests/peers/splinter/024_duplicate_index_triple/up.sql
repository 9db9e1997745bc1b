-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0009_duplicate_index.sql
-- test: a third identical index: still 1 issue (a group of three)
-- Nothing here is copied from upstream.

create index articles_id_a on public.articles (id);
create index articles_id_b on public.articles (id);
create index articles_id_c on public.articles (id);
