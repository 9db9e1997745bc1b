-- Content fingerprints, to tell whether a rollback gave the data back: per table an md5 of all rows
-- in primary-key order (every column when there is no primary key), and an md5 per column, so a
-- difference can be narrowed to "identical except updated_at". Session-temporary, like the row count.
create or replace function pg_temp.tp_fingerprint(rel regclass) returns jsonb
language plpgsql as $$
declare
  order_by text;
  parts text[];
  cols text := '''{}''::jsonb';
  result jsonb;
begin
  select string_agg(quote_ident(a.attname), ', ' order by k.ord) into order_by
    from pg_index i
    cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
   where i.indrelid = rel and i.indisprimary;
  if order_by is null then
    select string_agg(quote_ident(attname), ', ' order by attnum) into order_by
      from pg_attribute where attrelid = rel and attnum > 0 and not attisdropped;
  end if;
  -- jsonb_build_object takes at most 100 arguments: 40 columns per call, joined with ||.
  select array_agg(p) into parts from (
    select format('jsonb_build_object(%s)', string_agg(format('%L, md5(coalesce(string_agg(coalesce(%I::text, %L), %L order by %s), %L))',
                  attname, attname, '<null>', E'\n', order_by, ''), ', ' order by attnum)) as p
      from (select attname, attnum, (row_number() over (order by attnum) - 1) / 40 as chunk
              from pg_attribute where attrelid = rel and attnum > 0 and not attisdropped) c
     group by chunk) x;
  if parts is not null then
    cols := array_to_string(parts, ' || ');
  end if;
  execute format('select jsonb_build_object(%L, md5(coalesce(string_agg(t::text, %L order by %s), %L)), %L, %s) from %s t',
                 'rows', E'\n', order_by, '', 'columns', cols, rel) into result;
  return result;
end
$$
