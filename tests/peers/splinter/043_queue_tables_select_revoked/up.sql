-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0019_insecure_queue_exposed_in_api.sql
-- test: dropping the select privilege resolves the issue
-- Nothing here is copied from upstream.

grant usage on schema pgmq to anon, authenticated;
grant usage on schema pgmq_public to anon, authenticated;
grant select on pgmq.q_orders to anon, authenticated;
grant select on pgmq.q_emails to anon, authenticated;

revoke select on pgmq.q_orders from anon, authenticated;
revoke select on pgmq.q_emails from anon, authenticated;
