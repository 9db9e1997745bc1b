-- baseline.sql (set-up before the migration): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0019_insecure_queue_exposed_in_api.sql
-- test: 2 issues: queue tables readable by the API roles without RLS
-- Nothing here is copied from upstream.

create schema pgmq;
create schema pgmq_public;
create table pgmq.q_orders (id int);
create table pgmq.q_emails (id int);
