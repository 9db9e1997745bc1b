-- Sequences and the column that owns them.
select coalesce(json_agg(x order by x.schema, x.name), '[]'::json) from (
  select n.nspname as schema, c.relname as name, format_type(s.seqtypid, null) as data_type,
         (select dn.nspname || '.' || dc.relname || '.' || a.attname
            from pg_depend d
            join pg_class dc on dc.oid = d.refobjid
            join pg_namespace dn on dn.oid = dc.relnamespace
            join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
           where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')
           limit 1) as owned_by
  from pg_sequence s
  join pg_class c on c.oid = s.seqrelid
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
) x
