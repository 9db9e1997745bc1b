-- Which objects each up statement touched, from Postgres itself: an event trigger logs every DDL
-- command's object into a session-temporary table, read and emptied after each statement.
-- SECURITY DEFINER so a statement run under another role can still log. Removed after the up files.
-- Also logged, for the migration-safety lints (measured, not guessed from the SQL):
--   ('lock', schema.table): at ddl_command_end, the tables (plain, partitioned, materialized) on
--     which this session holds an AccessExclusiveLock; each once per transaction (tp_ddl_locks), so
--     inside BEGIN … COMMIT a lock is charged to the statement that took it, not to every later one;
--   ('rewrite', schema.table): a table_rewrite event (ALTER TABLE … TYPE, a volatile default …).
create temp table if not exists tp_ddl_log (object_type text, identity text);
create temp table if not exists tp_ddl_locks (tx xid8, rel text);
create or replace function pg_temp.tp_log_ddl() returns event_trigger
language plpgsql security definer as $$
declare r record;
begin
  if tg_event = 'sql_drop' then
    for r in select * from pg_event_trigger_dropped_objects() loop
      insert into pg_temp.tp_ddl_log values (r.object_type, r.object_identity);
    end loop;
  elsif tg_event = 'table_rewrite' then
    insert into pg_temp.tp_ddl_log
      select 'rewrite', n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.oid = pg_event_trigger_table_rewrite_oid() and n.nspname !~ '^pg_';
  else
    for r in select * from pg_event_trigger_ddl_commands() loop
      insert into pg_temp.tp_ddl_log values (r.object_type, r.object_identity);
    end loop;
    delete from pg_temp.tp_ddl_locks where tx <> pg_current_xact_id();
    for r in select n.nspname || '.' || c.relname as rel
               from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
              where l.locktype = 'relation' and l.mode = 'AccessExclusiveLock' and l.granted
                and l.pid = pg_backend_pid() and c.relkind in ('r', 'p', 'm') and n.nspname !~ '^pg_'
                and not exists (select 1 from pg_temp.tp_ddl_locks s where s.tx = pg_current_xact_id() and s.rel = n.nspname || '.' || c.relname) loop
      insert into pg_temp.tp_ddl_locks values (pg_current_xact_id(), r.rel);
      insert into pg_temp.tp_ddl_log values ('lock', r.rel);
    end loop;
  end if;
end
$$;
-- Read and empty the log. SECURITY DEFINER too: a migration may switch roles inside its own
-- transaction (set_config('role', …, true)), and a read that failed there would abort it.
create or replace function pg_temp.tp_read_ddl_log() returns text
language sql security definer as $$
  with d as (delete from pg_temp.tp_ddl_log returning *)
  select coalesce(json_agg(json_build_array(d.object_type, d.identity)), '[]')::text from d
$$;
create event trigger tp_ddl_end on ddl_command_end execute function pg_temp.tp_log_ddl();
create event trigger tp_ddl_drop on sql_drop execute function pg_temp.tp_log_ddl();
create event trigger tp_table_rewrite on table_rewrite execute function pg_temp.tp_log_ddl();
