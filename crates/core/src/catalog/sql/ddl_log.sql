-- Which objects each up statement touched, from Postgres itself: an event trigger logs every DDL
-- command's object into a session-temporary table, read and emptied after each statement.
-- SECURITY DEFINER so a statement run under another role can still log. Removed after the up files.
create temp table if not exists tp_ddl_log (object_type text, identity text);
create or replace function pg_temp.tp_log_ddl() returns event_trigger
language plpgsql security definer as $$
declare r record;
begin
  if tg_event = 'sql_drop' then
    for r in select * from pg_event_trigger_dropped_objects() loop
      insert into pg_temp.tp_ddl_log values (r.object_type, r.object_identity);
    end loop;
  else
    for r in select * from pg_event_trigger_ddl_commands() loop
      insert into pg_temp.tp_ddl_log values (r.object_type, r.object_identity);
    end loop;
  end if;
end
$$;
create event trigger tp_ddl_end on ddl_command_end execute function pg_temp.tp_log_ddl();
create event trigger tp_ddl_drop on sql_drop execute function pg_temp.tp_log_ddl();
