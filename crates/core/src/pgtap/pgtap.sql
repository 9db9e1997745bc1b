-- Tenant Planner's own implementation of the pgTAP test functions real test files use (written
-- for this project from pgTAP's documented signatures and output format; no pgTAP source).
-- Created by `create extension pgtap` when the engine does not ship pgTAP (see pgtap/mod.rs).
-- {s} is the schema it goes to.
--
-- State lives in session settings (tenant_planner_tap.*), so it is readable and writable by every
-- role a test switches to (SET ROLE authenticated …) and, like pgTAP's own temporary tables, is
-- undone by the test file's ROLLBACK. Every TAP line a function returns is also raised as a NOTICE
-- with the same text: that is how Tenant Planner's validation reads the results.

create schema if not exists {s};

create or replace function {s}._tap_num(k text) returns integer language sql stable as $$
  select coalesce(nullif(current_setting('tenant_planner_tap.' || k, true), ''), '0')::integer
$$;

create or replace function {s}._tap_str(k text) returns text language sql stable as $$
  select nullif(current_setting('tenant_planner_tap.' || k, true), '')
$$;

create or replace function {s}._tap_set(k text, v text) returns void language plpgsql as $$
begin
  perform set_config('tenant_planner_tap.' || k, coalesce(v, ''), false);
end $$;

create or replace function {s}._tap_emit(t text) returns text language plpgsql as $$
begin
  if t is not null and t <> '' then
    raise notice '%', t;
  end if;
  return t;
end $$;

-- '# ' before every line of a diagnostic.
create or replace function {s}._tap_diag(msg text) returns text language sql immutable as $$
  select case when msg is null or msg = '' then '' else '# ' || replace(msg, E'\n', E'\n# ') end
$$;

create or replace function {s}._tap_show(v text) returns text language sql immutable as $$
  select coalesce(v, 'NULL')
$$;

-- A statement given by name is a prepared statement (EXECUTE name), as pgTAP documents.
create or replace function {s}._tap_query(q text) returns text language sql immutable as $$
  select case when q ~ '^\s*[A-Za-z_][A-Za-z0-9_$]*\s*$' then 'EXECUTE ' || q else q end
$$;

create or replace function {s}._tap_reset(planned integer) returns void language plpgsql as $$
begin
  perform {s}._tap_set('planned', planned::text);
  perform {s}._tap_set('ran', '0');
  perform {s}._tap_set('failed', '0');
  perform {s}._tap_set('todo_n', '0');
  perform {s}._tap_set('todo_why', null);
end $$;

create or replace function {s}.plan(integer) returns text language plpgsql as $$
begin
  perform {s}._tap_reset($1);
  return {s}._tap_emit('1..' || $1);
end $$;

create or replace function {s}.no_plan() returns setof boolean language plpgsql as $$
begin
  perform {s}._tap_reset(-1);
  return;
end $$;

create or replace function {s}.diag(msg text) returns text language sql as $$
  select {s}._tap_emit({s}._tap_diag(msg))
$$;

create or replace function {s}.diag(msg anyelement) returns text language sql as $$
  select {s}.diag(msg::text)
$$;

-- The heart of every assertion: number it, print it, count a failure (outside a TODO block).
create or replace function {s}._tap_ok(aok boolean, descr text, diagnostics text) returns text language plpgsql as $$
declare
  n integer := {s}._tap_num('ran') + 1;
  todo_n integer := {s}._tap_num('todo_n');
  todo_why text := {s}._tap_str('todo_why');
  in_todo boolean := todo_n <> 0;
  passed boolean := coalesce(aok, false);
  line text;
begin
  perform {s}._tap_set('ran', n::text);
  line := case when passed then 'ok ' else 'not ok ' end || n
       || case when descr is null or descr = '' then '' else ' - ' || replace(descr, '#', '\#') end
       || case when in_todo then ' # TODO ' || coalesce(todo_why, '') else '' end;
  if in_todo and todo_n > 0 then
    perform {s}._tap_set('todo_n', (todo_n - 1)::text);
  end if;
  if not passed then
    if not in_todo then
      perform {s}._tap_set('failed', ({s}._tap_num('failed') + 1)::text);
    end if;
    line := line || E'\n' || {s}._tap_diag(
      'Failed ' || case when in_todo then '(TODO) ' else '' end || 'test ' || n
      || case when descr is null or descr = '' then '' else ': "' || descr || '"' end
      || case when aok is null then E'\n    (test result was NULL)' else '' end
      || case when diagnostics is null or diagnostics = '' then '' else E'\n' || diagnostics end);
  end if;
  return {s}._tap_emit(line);
end $$;

create or replace function {s}.ok(boolean, text default null) returns text language sql as $$
  select {s}._tap_ok($1, $2, null)
$$;

create or replace function {s}.pass(text default null) returns text language sql as $$
  select {s}._tap_ok(true, $1, null)
$$;

create or replace function {s}.fail(text default null) returns text language sql as $$
  select {s}._tap_ok(false, $1, null)
$$;

create or replace function {s}.is(anyelement, anyelement, text default null) returns text language plpgsql as $$
begin
  if $1 is not distinct from $2 then
    return {s}._tap_ok(true, $3, null);
  end if;
  return {s}._tap_ok(false, $3, '        have: ' || {s}._tap_show($1::text) || E'\n        want: ' || {s}._tap_show($2::text));
end $$;

create or replace function {s}.isnt(anyelement, anyelement, text default null) returns text language plpgsql as $$
begin
  if $1 is distinct from $2 then
    return {s}._tap_ok(true, $3, null);
  end if;
  return {s}._tap_ok(false, $3, '        have: ' || {s}._tap_show($1::text) || E'\n        want: anything else');
end $$;

create or replace function {s}._tap_like(have text, ok boolean, pattern text, descr text, verb text) returns text language sql as $$
  select {s}._tap_ok(coalesce(ok, false), descr, case when coalesce(ok, false) then null else
    '                  ' || quote_nullable(have) || E'\n   ' || verb || ': ' || quote_nullable(pattern) end)
$$;

create or replace function {s}.matches(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, $1::text ~ $2, $2, $3, 'doesn''t match')
$$;
create or replace function {s}.imatches(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, $1::text ~* $2, $2, $3, 'doesn''t match')
$$;
create or replace function {s}.doesnt_match(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, not ($1::text ~ $2), $2, $3, '      matches')
$$;
create or replace function {s}.doesnt_imatch(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, not ($1::text ~* $2), $2, $3, '      matches')
$$;
create or replace function {s}.alike(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, $1::text like $2, $2, $3, 'doesn''t match')
$$;
create or replace function {s}.ialike(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, $1::text ilike $2, $2, $3, 'doesn''t match')
$$;
create or replace function {s}.unalike(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, not ($1::text like $2), $2, $3, '      matches')
$$;
create or replace function {s}.unialike(anyelement, text, text default null) returns text language sql as $$
  select {s}._tap_like($1::text, not ($1::text ilike $2), $2, $3, '      matches')
$$;

create or replace function {s}.cmp_ok(anyelement, text, anyelement, text default null) returns text language plpgsql as $$
declare
  result boolean;
begin
  execute 'select $1 ' || $2 || ' $2' into result using $1, $3;
  if coalesce(result, false) then
    return {s}._tap_ok(true, $4, null);
  end if;
  return {s}._tap_ok(false, $4, '    ' || quote_nullable($1::text) || E'\n        ' || $2 || E'\n    ' || quote_nullable($3::text));
end $$;

-- throws_ok and friends: run the statement in a subtransaction and look at what it raised.
create or replace function {s}._tap_throws(q text, errcode text, errmsg text, descr text) returns text language plpgsql as $$
declare
  wanted text := coalesce(errcode, '') || case when errcode is not null and errmsg is not null then ': ' else '' end || coalesce(errmsg, '');
  d text := coalesce(descr, 'threw ' || case when wanted = '' then 'an exception' else wanted end);
begin
  begin
    execute {s}._tap_query(q);
  exception when others then
    if (errcode is null or sqlstate = errcode) and (errmsg is null or sqlerrm = errmsg) then
      return {s}._tap_ok(true, d, null);
    end if;
    return {s}._tap_ok(false, d, '      caught: ' || sqlstate || ': ' || sqlerrm
      || E'\n      wanted: ' || case when wanted = '' then 'an exception' else wanted end);
  end;
  return {s}._tap_ok(false, d, E'      caught: no exception\n      wanted: ' || case when wanted = '' then 'an exception' else wanted end);
end $$;

-- A five-character second argument is an error code, anything else a message (as pgTAP documents).
create or replace function {s}._tap_is_code(t text) returns boolean language sql immutable as $$
  select t ~ '^[0-9A-Z]{5}$'
$$;

create or replace function {s}.throws_ok(text) returns text language sql as $$
  select {s}._tap_throws($1, null, null, null)
$$;
create or replace function {s}.throws_ok(text, text) returns text language sql as $$
  select case when {s}._tap_is_code($2) then {s}._tap_throws($1, $2, null, null) else {s}._tap_throws($1, null, $2, null) end
$$;
create or replace function {s}.throws_ok(text, text, text) returns text language sql as $$
  select case when {s}._tap_is_code($2) then {s}._tap_throws($1, $2, $3, null) else {s}._tap_throws($1, null, $2, $3) end
$$;
create or replace function {s}.throws_ok(text, text, text, text) returns text language sql as $$
  select {s}._tap_throws($1, $2, $3, $4)
$$;
create or replace function {s}.throws_ok(text, integer) returns text language sql as $$
  select {s}._tap_throws($1, $2::text, null, null)
$$;
create or replace function {s}.throws_ok(text, integer, text) returns text language sql as $$
  select {s}._tap_throws($1, $2::text, $3, null)
$$;
create or replace function {s}.throws_ok(text, integer, text, text) returns text language sql as $$
  select {s}._tap_throws($1, $2::text, $3, $4)
$$;

create or replace function {s}._tap_throws_like(q text, pattern text, descr text, op text) returns text language plpgsql as $$
declare
  matched boolean;
begin
  begin
    execute {s}._tap_query(q);
  exception when others then
    execute 'select $1 ' || op || ' $2' into matched using sqlerrm, pattern;
    if matched then
      return {s}._tap_ok(true, descr, null);
    end if;
    return {s}._tap_ok(false, descr, '   error message: ' || quote_nullable(sqlerrm) || E'\n   doesn''t match: ' || quote_nullable(pattern));
  end;
  return {s}._tap_ok(false, descr, '    no exception thrown');
end $$;

create or replace function {s}.throws_like(text, text, text default null) returns text language sql as $$
  select {s}._tap_throws_like($1, $2, coalesce($3, 'Should throw exception like ' || quote_literal($2)), 'like')
$$;
create or replace function {s}.throws_ilike(text, text, text default null) returns text language sql as $$
  select {s}._tap_throws_like($1, $2, coalesce($3, 'Should throw exception like ' || quote_literal($2)), 'ilike')
$$;
create or replace function {s}.throws_matching(text, text, text default null) returns text language sql as $$
  select {s}._tap_throws_like($1, $2, coalesce($3, 'Should throw exception matching ' || quote_literal($2)), '~')
$$;
create or replace function {s}.throws_imatching(text, text, text default null) returns text language sql as $$
  select {s}._tap_throws_like($1, $2, coalesce($3, 'Should throw exception matching ' || quote_literal($2)), '~*')
$$;

create or replace function {s}.lives_ok(text, text default null) returns text language plpgsql as $$
begin
  begin
    execute {s}._tap_query($1);
  exception when others then
    return {s}._tap_ok(false, $2, '        died: ' || sqlstate || ': ' || sqlerrm);
  end;
  return {s}._tap_ok(true, $2, null);
end $$;

-- Result sets, each row as its text form, in the order the query gave them.
create or replace function {s}._tap_rows(c refcursor) returns text[] language plpgsql as $$
declare
  r record;
  out text[] := '{}';
begin
  loop
    fetch c into r;
    exit when not found;
    out := out || r::text;
  end loop;
  close c;
  return out;
end $$;

create or replace function {s}._tap_rows(q text) returns text[] language plpgsql as $$
declare
  c refcursor;
begin
  open c for execute {s}._tap_query(q);
  return {s}._tap_rows(c);
end $$;

create or replace function {s}._tap_rows_of(a anyarray) returns text[] language plpgsql as $$
declare
  c refcursor;
begin
  open c for execute 'select * from unnest($1)' using a;
  return {s}._tap_rows(c);
end $$;

create or replace function {s}._tap_results_eq(have text[], want text[], descr text) returns text language plpgsql as $$
declare
  n integer := greatest(coalesce(array_length(have, 1), 0), coalesce(array_length(want, 1), 0));
begin
  for i in 1 .. n loop
    if have[i] is distinct from want[i] then
      return {s}._tap_ok(false, descr, '    Results differ beginning at row ' || i || E':\n        have: '
        || case when i > coalesce(array_length(have, 1), 0) then 'NULL' else {s}._tap_show(have[i]) end
        || E'\n        want: ' || case when i > coalesce(array_length(want, 1), 0) then 'NULL' else {s}._tap_show(want[i]) end);
    end if;
  end loop;
  return {s}._tap_ok(true, descr, null);
end $$;

create or replace function {s}._tap_results_ne(have text[], want text[], descr text) returns text language sql as $$
  select {s}._tap_ok(have is distinct from want, descr, case when have is distinct from want then null else '    Results are the same' end)
$$;

create or replace function {s}.results_eq(text, text, text default null) returns text language sql as $$
  select {s}._tap_results_eq({s}._tap_rows($1), {s}._tap_rows($2), $3)
$$;
create or replace function {s}.results_eq(text, anyarray, text default null) returns text language sql as $$
  select {s}._tap_results_eq({s}._tap_rows($1), {s}._tap_rows_of($2), $3)
$$;
create or replace function {s}.results_eq(refcursor, refcursor, text default null) returns text language sql as $$
  select {s}._tap_results_eq({s}._tap_rows($1), {s}._tap_rows($2), $3)
$$;
create or replace function {s}.results_eq(refcursor, text, text default null) returns text language sql as $$
  select {s}._tap_results_eq({s}._tap_rows($1), {s}._tap_rows($2), $3)
$$;
create or replace function {s}.results_eq(refcursor, anyarray, text default null) returns text language sql as $$
  select {s}._tap_results_eq({s}._tap_rows($1), {s}._tap_rows_of($2), $3)
$$;
create or replace function {s}.results_ne(text, text, text default null) returns text language sql as $$
  select {s}._tap_results_ne({s}._tap_rows($1), {s}._tap_rows($2), $3)
$$;
create or replace function {s}.results_ne(text, anyarray, text default null) returns text language sql as $$
  select {s}._tap_results_ne({s}._tap_rows($1), {s}._tap_rows_of($2), $3)
$$;
create or replace function {s}.results_ne(refcursor, refcursor, text default null) returns text language sql as $$
  select {s}._tap_results_ne({s}._tap_rows($1), {s}._tap_rows($2), $3)
$$;

-- Sets and bags: order ignored; a set also ignores duplicates.
create or replace function {s}._tap_collection(have text[], want text[], descr text, distinct_rows boolean, expect_equal boolean) returns text language plpgsql as $$
declare
  extra text[];
  missing text[];
  msg text := '';
begin
  if distinct_rows then
    extra := array(select distinct x from unnest(have) x except select y from unnest(want) y order by 1);
    missing := array(select distinct y from unnest(want) y except select x from unnest(have) x order by 1);
  else
    extra := array(select x from unnest(have) x except all select y from unnest(want) y order by 1);
    missing := array(select y from unnest(want) y except all select x from unnest(have) x order by 1);
  end if;
  if (cardinality(extra) = 0 and cardinality(missing) = 0) = expect_equal then
    return {s}._tap_ok(true, descr, null);
  end if;
  if not expect_equal then
    return {s}._tap_ok(false, descr, '    Results are the same');
  end if;
  if cardinality(extra) > 0 then
    msg := E'    Extra records:\n        ' || array_to_string(extra, E'\n        ');
  end if;
  if cardinality(missing) > 0 then
    msg := msg || case when msg = '' then '' else E'\n' end || E'    Missing records:\n        ' || array_to_string(missing, E'\n        ');
  end if;
  return {s}._tap_ok(false, descr, msg);
end $$;

create or replace function {s}.set_eq(text, text, text default null) returns text language sql as $$
  select {s}._tap_collection({s}._tap_rows($1), {s}._tap_rows($2), $3, true, true)
$$;
create or replace function {s}.set_eq(text, anyarray, text default null) returns text language sql as $$
  select {s}._tap_collection({s}._tap_rows($1), {s}._tap_rows_of($2), $3, true, true)
$$;
create or replace function {s}.set_ne(text, text, text default null) returns text language sql as $$
  select {s}._tap_collection({s}._tap_rows($1), {s}._tap_rows($2), $3, true, false)
$$;
create or replace function {s}.bag_eq(text, text, text default null) returns text language sql as $$
  select {s}._tap_collection({s}._tap_rows($1), {s}._tap_rows($2), $3, false, true)
$$;
create or replace function {s}.bag_eq(text, anyarray, text default null) returns text language sql as $$
  select {s}._tap_collection({s}._tap_rows($1), {s}._tap_rows_of($2), $3, false, true)
$$;
create or replace function {s}.bag_ne(text, text, text default null) returns text language sql as $$
  select {s}._tap_collection({s}._tap_rows($1), {s}._tap_rows($2), $3, false, false)
$$;

create or replace function {s}.is_empty(text, text default null) returns text language plpgsql as $$
declare
  rows text[] := {s}._tap_rows($1);
begin
  if cardinality(rows) = 0 then
    return {s}._tap_ok(true, $2, null);
  end if;
  return {s}._tap_ok(false, $2, E'    Unexpected records:\n        ' || array_to_string(rows, E'\n        '));
end $$;

create or replace function {s}.isnt_empty(text, text default null) returns text language sql as $$
  select {s}._tap_ok(cardinality({s}._tap_rows($1)) > 0, $2, null)
$$;

-- The query's first row against a row value (compared as records, as Postgres compares them).
create or replace function {s}.row_eq(text, anyelement, text default null) returns text language plpgsql as $$
declare
  rec record;
begin
  execute {s}._tap_query($1) into rec;
  if not rec is distinct from $2 then
    return {s}._tap_ok(true, $3, null);
  end if;
  return {s}._tap_ok(false, $3, '        have: ' || case when rec is null then 'NULL' else rec::text end
    || E'\n        want: ' || case when $2 is null then 'NULL' else $2::text end);
end $$;

-- Catalog assertions. A schema of NULL means "visible on the search_path".
create or replace function {s}._tap_relation(sch name, rel name, kinds "char"[]) returns boolean language sql stable as $$
  select exists (
    select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relname = rel and c.relkind = any(kinds)
      and (case when sch is null then pg_catalog.pg_table_is_visible(c.oid) else n.nspname = sch end))
$$;

create or replace function {s}._tap_qualified(sch name, rel name) returns text language sql immutable as $$
  select case when sch is null then quote_ident(rel) else quote_ident(sch) || '.' || quote_ident(rel) end
$$;

create or replace function {s}.has_table(name, name, text) returns text language sql as $$
  select {s}._tap_ok({s}._tap_relation($1, $2, '{r,p}'), coalesce($3, 'Table ' || {s}._tap_qualified($1, $2) || ' should exist'), null)
$$;
create or replace function {s}.has_table(name, name) returns text language sql as $$
  select {s}.has_table($1, $2, null::text)
$$;
create or replace function {s}.has_table(name, text) returns text language sql as $$
  select {s}.has_table(null::name, $1, $2)
$$;
create or replace function {s}.has_table(name) returns text language sql as $$
  select {s}.has_table(null::name, $1, null::text)
$$;
create or replace function {s}.hasnt_table(name, name, text) returns text language sql as $$
  select {s}._tap_ok(not {s}._tap_relation($1, $2, '{r,p}'), coalesce($3, 'Table ' || {s}._tap_qualified($1, $2) || ' should not exist'), null)
$$;
create or replace function {s}.hasnt_table(name, name) returns text language sql as $$
  select {s}.hasnt_table($1, $2, null::text)
$$;
create or replace function {s}.hasnt_table(name, text) returns text language sql as $$
  select {s}.hasnt_table(null::name, $1, $2)
$$;
create or replace function {s}.hasnt_table(name) returns text language sql as $$
  select {s}.hasnt_table(null::name, $1, null::text)
$$;

create or replace function {s}.has_view(name, name, text) returns text language sql as $$
  select {s}._tap_ok({s}._tap_relation($1, $2, '{v}'), coalesce($3, 'View ' || {s}._tap_qualified($1, $2) || ' should exist'), null)
$$;
create or replace function {s}.has_view(name, text) returns text language sql as $$
  select {s}.has_view(null::name, $1, $2)
$$;
create or replace function {s}.has_view(name) returns text language sql as $$
  select {s}.has_view(null::name, $1, null::text)
$$;

create or replace function {s}.has_schema(name, text default null) returns text language sql as $$
  select {s}._tap_ok(exists (select 1 from pg_catalog.pg_namespace where nspname = $1), coalesce($2, 'Schema ' || quote_ident($1) || ' should exist'), null)
$$;
create or replace function {s}.hasnt_schema(name, text default null) returns text language sql as $$
  select {s}._tap_ok(not exists (select 1 from pg_catalog.pg_namespace where nspname = $1), coalesce($2, 'Schema ' || quote_ident($1) || ' should not exist'), null)
$$;

create or replace function {s}._tap_columns(sch name, rel name) returns name[] language sql stable as $$
  select array(
    select a.attname from pg_catalog.pg_attribute a
    join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relname = rel and a.attnum > 0 and not a.attisdropped
      and (case when sch is null then pg_catalog.pg_table_is_visible(c.oid) else n.nspname = sch end)
    order by a.attnum)
$$;

create or replace function {s}.has_column(name, name, name, text) returns text language sql as $$
  select {s}._tap_ok($3 = any({s}._tap_columns($1, $2)), coalesce($4, 'Column ' || {s}._tap_qualified($1, $2) || '.' || quote_ident($3) || ' should exist'), null)
$$;
create or replace function {s}.has_column(name, name, text) returns text language sql as $$
  select {s}.has_column(null::name, $1, $2, $3)
$$;
create or replace function {s}.has_column(name, name) returns text language sql as $$
  select {s}.has_column(null::name, $1, $2, null::text)
$$;
create or replace function {s}.hasnt_column(name, name, name, text) returns text language sql as $$
  select {s}._tap_ok(not ($3 = any({s}._tap_columns($1, $2))), coalesce($4, 'Column ' || {s}._tap_qualified($1, $2) || '.' || quote_ident($3) || ' should not exist'), null)
$$;
create or replace function {s}.hasnt_column(name, name, text) returns text language sql as $$
  select {s}.hasnt_column(null::name, $1, $2, $3)
$$;
create or replace function {s}.hasnt_column(name, name) returns text language sql as $$
  select {s}.hasnt_column(null::name, $1, $2, null::text)
$$;

-- Two name lists compared as sets: the diagnostic names what is extra and what is missing.
create or replace function {s}._tap_names_are(have name[], want name[], what text, descr text) returns text language plpgsql as $$
declare
  extra text[] := array(select x::text from unnest(have) x where x is not null except select y::text from unnest(want) y where y is not null order by 1);
  missing text[] := array(select y::text from unnest(want) y where y is not null except select x::text from unnest(have) x where x is not null order by 1);
  msg text := '';
begin
  if cardinality(extra) = 0 and cardinality(missing) = 0 then
    return {s}._tap_ok(true, descr, null);
  end if;
  if cardinality(extra) > 0 then
    msg := '    Extra ' || what || E':\n        ' || array_to_string(extra, E'\n        ');
  end if;
  if cardinality(missing) > 0 then
    msg := msg || case when msg = '' then '' else E'\n' end || '    Missing ' || what || E':\n        ' || array_to_string(missing, E'\n        ');
  end if;
  return {s}._tap_ok(false, descr, msg);
end $$;

create or replace function {s}.columns_are(name, name, name[], text) returns text language sql as $$
  select {s}._tap_names_are({s}._tap_columns($1, $2), $3, 'columns', coalesce($4, 'Table ' || {s}._tap_qualified($1, $2) || ' should have the correct columns'))
$$;
create or replace function {s}.columns_are(name, name, name[]) returns text language sql as $$
  select {s}.columns_are($1, $2, $3, null::text)
$$;
create or replace function {s}.columns_are(name, name[], text) returns text language sql as $$
  select {s}.columns_are(null::name, $1, $2, $3)
$$;
create or replace function {s}.columns_are(name, name[]) returns text language sql as $$
  select {s}.columns_are(null::name, $1, $2, null::text)
$$;

create or replace function {s}._tap_tables(sch name) returns name[] language sql stable as $$
  select array(
    select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and (case when sch is null
                then pg_catalog.pg_table_is_visible(c.oid) and n.nspname not in ('pg_catalog', 'information_schema')
                else n.nspname = sch end))
$$;
create or replace function {s}.tables_are(name, name[], text) returns text language sql as $$
  select {s}._tap_names_are({s}._tap_tables($1), $2, 'tables', coalesce($3, 'Schema ' || quote_ident($1) || ' should have the correct tables'))
$$;
create or replace function {s}.tables_are(name, name[]) returns text language sql as $$
  select {s}.tables_are($1, $2, null::text)
$$;
create or replace function {s}.tables_are(name[], text) returns text language sql as $$
  select {s}._tap_names_are({s}._tap_tables(null), $1, 'tables', coalesce($2, 'Search path should have the correct tables'))
$$;
create or replace function {s}.tables_are(name[]) returns text language sql as $$
  select {s}.tables_are($1, null::text)
$$;

-- Functions: argument types compared by their canonical names (int = integer …).
create or replace function {s}._tap_type_list(types name[]) returns text language sql stable as $$
  select array_to_string(array(select coalesce(pg_catalog.to_regtype(t)::text, t) from unnest(types) with ordinality u(t, i) where t is not null order by i), ',')
$$;

create or replace function {s}._tap_functions(sch name, fn name, args name[]) returns setof oid language sql stable as $$
  select p.oid from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.proname = fn
    and (case when sch is null then pg_catalog.pg_function_is_visible(p.oid) else n.nspname = sch end)
    and (args is null or array_to_string(array(select format_type(t, null) from unnest(p.proargtypes) with ordinality u(t, i) order by i), ',') = {s}._tap_type_list(args))
$$;

create or replace function {s}._tap_fn_label(sch name, fn name, args name[]) returns text language sql immutable as $$
  select {s}._tap_qualified(sch, fn) || case when args is null then '' else '(' || array_to_string(args, ', ') || ')' end
$$;

create or replace function {s}.has_function(name, name, name[], text) returns text language sql as $$
  select {s}._tap_ok(exists (select {s}._tap_functions($1, $2, $3)), coalesce($4, 'Function ' || {s}._tap_fn_label($1, $2, $3) || ' should exist'), null)
$$;
create or replace function {s}.has_function(name, name, name[]) returns text language sql as $$
  select {s}.has_function($1, $2, $3, null::text)
$$;
create or replace function {s}.has_function(name, name, text) returns text language sql as $$
  select {s}.has_function($1, $2, null::name[], $3)
$$;
create or replace function {s}.has_function(name, name) returns text language sql as $$
  select {s}.has_function($1, $2, null::name[], null::text)
$$;
create or replace function {s}.has_function(name, name[], text) returns text language sql as $$
  select {s}.has_function(null::name, $1, $2, $3)
$$;
create or replace function {s}.has_function(name, name[]) returns text language sql as $$
  select {s}.has_function(null::name, $1, $2, null::text)
$$;
create or replace function {s}.has_function(name, text) returns text language sql as $$
  select {s}.has_function(null::name, $1, null::name[], $2)
$$;
create or replace function {s}.has_function(name) returns text language sql as $$
  select {s}.has_function(null::name, $1, null::name[], null::text)
$$;
create or replace function {s}.hasnt_function(name, name, name[], text) returns text language sql as $$
  select {s}._tap_ok(not exists (select {s}._tap_functions($1, $2, $3)), coalesce($4, 'Function ' || {s}._tap_fn_label($1, $2, $3) || ' should not exist'), null)
$$;
create or replace function {s}.hasnt_function(name, text) returns text language sql as $$
  select {s}.hasnt_function(null::name, $1, null::name[], $2)
$$;
create or replace function {s}.hasnt_function(name) returns text language sql as $$
  select {s}.hasnt_function(null::name, $1, null::name[], null::text)
$$;

create or replace function {s}._tap_returns(sch name, fn name, args name[], want text, descr text) returns text language plpgsql as $$
declare
  have text;
  want_norm text := case when want ~* '^setof ' then 'SETOF ' || coalesce(pg_catalog.to_regtype(substr(want, 7))::text, substr(want, 7))
                         else coalesce(pg_catalog.to_regtype(want)::text, want) end;
  d text := coalesce(descr, 'Function ' || {s}._tap_fn_label(sch, fn, args) || ' should return ' || want);
begin
  select pg_catalog.pg_get_function_result(o) into have from {s}._tap_functions(sch, fn, args) o limit 1;
  if have is null then
    return {s}._tap_ok(false, d, '    Function ' || {s}._tap_fn_label(sch, fn, args) || ' does not exist');
  end if;
  if have = want_norm then
    return {s}._tap_ok(true, d, null);
  end if;
  return {s}._tap_ok(false, d, '        have: ' || have || E'\n        want: ' || want_norm);
end $$;

create or replace function {s}.function_returns(name, name, name[], text, text) returns text language sql as $$
  select {s}._tap_returns($1, $2, $3, $4, $5)
$$;
create or replace function {s}.function_returns(name, name, name[], text) returns text language sql as $$
  select {s}._tap_returns($1, $2, $3, $4, null)
$$;
create or replace function {s}.function_returns(name, name, text, text) returns text language sql as $$
  select {s}._tap_returns($1, $2, null, $3, $4)
$$;
create or replace function {s}.function_returns(name, name, text) returns text language sql as $$
  select {s}._tap_returns($1, $2, null, $3, null)
$$;
create or replace function {s}.function_returns(name, name[], text, text) returns text language sql as $$
  select {s}._tap_returns(null, $1, $2, $3, $4)
$$;
create or replace function {s}.function_returns(name, name[], text) returns text language sql as $$
  select {s}._tap_returns(null, $1, $2, $3, null)
$$;
create or replace function {s}.function_returns(name, text) returns text language sql as $$
  select {s}._tap_returns(null, $1, null, $2, null)
$$;

create or replace function {s}.has_extension(name, name, text) returns text language sql as $$
  select {s}._tap_ok(exists (select 1 from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
                             where e.extname = $2 and ($1 is null or n.nspname = $1)),
                     coalesce($3, 'Extension ' || quote_ident($2) || ' should exist'), null)
$$;
create or replace function {s}.has_extension(name, text) returns text language sql as $$
  select {s}.has_extension(null::name, $1, $2)
$$;
create or replace function {s}.has_extension(name) returns text language sql as $$
  select {s}.has_extension(null::name, $1, null::text)
$$;

create or replace function {s}.has_role(name, text default null) returns text language sql as $$
  select {s}._tap_ok(exists (select 1 from pg_catalog.pg_roles where rolname = $1), coalesce($2, 'Role ' || quote_ident($1) || ' should exist'), null)
$$;
create or replace function {s}.hasnt_role(name, text default null) returns text language sql as $$
  select {s}._tap_ok(not exists (select 1 from pg_catalog.pg_roles where rolname = $1), coalesce($2, 'Role ' || quote_ident($1) || ' should not exist'), null)
$$;

-- Primary keys: the key's columns, in order, against one column or a list.
create or replace function {s}._tap_pk(sch name, rel name) returns name[] language sql stable as $$
  select array(
    select a.attname from pg_catalog.pg_constraint k
    join pg_catalog.pg_class c on c.oid = k.conrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(k.conkey) with ordinality u(attnum, i)
    join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
    where k.contype = 'p' and c.relname = rel
      and (case when sch is null then pg_catalog.pg_table_is_visible(c.oid) else n.nspname = sch end)
    order by u.i)
$$;

create or replace function {s}._tap_col_is_pk(sch name, rel name, cols name[], descr text) returns text language plpgsql as $$
declare
  have name[] := {s}._tap_pk(sch, rel);
begin
  if have = cols then
    return {s}._tap_ok(true, descr, null);
  end if;
  return {s}._tap_ok(false, descr, '        have: ' || case when cardinality(have) = 0 then '{}' else have::text end || E'\n        want: ' || cols::text);
end $$;

create or replace function {s}.col_is_pk(name, name, name[], text) returns text language sql as $$
  select {s}._tap_col_is_pk($1, $2, $3, coalesce($4, 'Columns ' || {s}._tap_qualified($1, $2) || '(' || array_to_string($3, ', ') || ') should be a primary key'))
$$;
create or replace function {s}.col_is_pk(name, name, name, text) returns text language sql as $$
  select {s}._tap_col_is_pk($1, $2, array[$3], coalesce($4, 'Column ' || {s}._tap_qualified($1, $2) || '(' || quote_ident($3) || ') should be a primary key'))
$$;
create or replace function {s}.col_is_pk(name, name[], text) returns text language sql as $$
  select {s}.col_is_pk(null::name, $1, $2, $3)
$$;
create or replace function {s}.col_is_pk(name, name, text) returns text language sql as $$
  select {s}.col_is_pk(null::name, $1, $2, $3)
$$;
create or replace function {s}.col_is_pk(name, name[]) returns text language sql as $$
  select {s}.col_is_pk(null::name, $1, $2, null::text)
$$;
create or replace function {s}.col_is_pk(name, name) returns text language sql as $$
  select {s}.col_is_pk(null::name, $1, $2, null::text)
$$;

-- Foreign keys: a constraint from these columns to exactly those.
create or replace function {s}._tap_fk(fs name, ft name, fc name[], ps name, pt name, pc name[]) returns boolean language sql stable as $$
  select exists (
    select 1 from pg_catalog.pg_constraint k
    join pg_catalog.pg_class f on f.oid = k.conrelid join pg_catalog.pg_namespace fn on fn.oid = f.relnamespace
    join pg_catalog.pg_class p on p.oid = k.confrelid join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
    where k.contype = 'f' and f.relname = ft and p.relname = pt
      and (case when fs is null then pg_catalog.pg_table_is_visible(f.oid) else fn.nspname = fs end)
      and (case when ps is null then pg_catalog.pg_table_is_visible(p.oid) else pn.nspname = ps end)
      and array(select a.attname from unnest(k.conkey) with ordinality u(n, i) join pg_catalog.pg_attribute a on a.attrelid = f.oid and a.attnum = u.n order by u.i) = fc
      and array(select a.attname from unnest(k.confkey) with ordinality u(n, i) join pg_catalog.pg_attribute a on a.attrelid = p.oid and a.attnum = u.n order by u.i) = pc)
$$;

create or replace function {s}._tap_fk_ok(fs name, ft name, fc name[], ps name, pt name, pc name[], descr text) returns text language sql as $$
  select {s}._tap_ok({s}._tap_fk(fs, ft, fc, ps, pt, pc),
    coalesce(descr, {s}._tap_qualified(fs, ft) || '(' || array_to_string(fc, ', ') || ') should reference ' || {s}._tap_qualified(ps, pt) || '(' || array_to_string(pc, ', ') || ')'),
    case when {s}._tap_fk(fs, ft, fc, ps, pt, pc) then null else '    no such foreign key' end)
$$;

create or replace function {s}.fk_ok(name, name, name[], name, name, name[], text) returns text language sql as $$
  select {s}._tap_fk_ok($1, $2, $3, $4, $5, $6, $7)
$$;
create or replace function {s}.fk_ok(name, name, name[], name, name, name[]) returns text language sql as $$
  select {s}._tap_fk_ok($1, $2, $3, $4, $5, $6, null)
$$;
create or replace function {s}.fk_ok(name, name, name, name, name, name, text) returns text language sql as $$
  select {s}._tap_fk_ok($1, $2, array[$3], $4, $5, array[$6], $7)
$$;
create or replace function {s}.fk_ok(name, name, name, name, name, name) returns text language sql as $$
  select {s}._tap_fk_ok($1, $2, array[$3], $4, $5, array[$6], null)
$$;
create or replace function {s}.fk_ok(name, name[], name, name[], text) returns text language sql as $$
  select {s}._tap_fk_ok(null, $1, $2, null, $3, $4, $5)
$$;
create or replace function {s}.fk_ok(name, name[], name, name[]) returns text language sql as $$
  select {s}._tap_fk_ok(null, $1, $2, null, $3, $4, null)
$$;
create or replace function {s}.fk_ok(name, name, name, name, text) returns text language sql as $$
  select {s}._tap_fk_ok(null, $1, array[$2], null, $3, array[$4], $5)
$$;
create or replace function {s}.fk_ok(name, name, name, name) returns text language sql as $$
  select {s}._tap_fk_ok(null, $1, array[$2], null, $3, array[$4], null)
$$;

-- Row-level security policies.
create or replace function {s}._tap_policy(sch name, rel name) returns table(oid oid, polname name, polcmd "char", polroles oid[]) language sql stable as $$
  select p.oid, p.polname, p.polcmd, p.polroles from pg_catalog.pg_policy p
  join pg_catalog.pg_class c on c.oid = p.polrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relname = rel and (case when sch is null then pg_catalog.pg_table_is_visible(c.oid) else n.nspname = sch end)
$$;

create or replace function {s}.policies_are(name, name, name[], text) returns text language sql as $$
  select {s}._tap_names_are(array(select polname from {s}._tap_policy($1, $2)), $3, 'policies',
    coalesce($4, 'Table ' || {s}._tap_qualified($1, $2) || ' should have the correct policies'))
$$;
create or replace function {s}.policies_are(name, name, name[]) returns text language sql as $$
  select {s}.policies_are($1, $2, $3, null::text)
$$;
create or replace function {s}.policies_are(name, name[], text) returns text language sql as $$
  select {s}.policies_are(null::name, $1, $2, $3)
$$;
create or replace function {s}.policies_are(name, name[]) returns text language sql as $$
  select {s}.policies_are(null::name, $1, $2, null::text)
$$;

create or replace function {s}._tap_policy_cmd(sch name, rel name, pol name, cmd text, descr text) returns text language plpgsql as $$
declare
  have text;
  d text := coalesce(descr, 'Policy ' || quote_ident(pol) || ' for table ' || {s}._tap_qualified(sch, rel) || ' should apply to ' || upper(cmd) || ' command');
begin
  select case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end
    into have from {s}._tap_policy(sch, rel) p where p.polname = pol;
  if have is null then
    return {s}._tap_ok(false, d, '    Policy ' || quote_ident(pol) || ' does not exist');
  end if;
  if have = upper(cmd) then
    return {s}._tap_ok(true, d, null);
  end if;
  return {s}._tap_ok(false, d, '        have: ' || have || E'\n        want: ' || upper(cmd));
end $$;

create or replace function {s}.policy_cmd_is(name, name, name, text, text) returns text language sql as $$
  select {s}._tap_policy_cmd($1, $2, $3, $4, $5)
$$;
create or replace function {s}.policy_cmd_is(name, name, name, text) returns text language sql as $$
  select {s}._tap_policy_cmd($1, $2, $3, $4, null)
$$;
create or replace function {s}.policy_cmd_is(name, name, text, text) returns text language sql as $$
  select {s}._tap_policy_cmd(null, $1, $2, $3, $4)
$$;
create or replace function {s}.policy_cmd_is(name, name, text) returns text language sql as $$
  select {s}._tap_policy_cmd(null, $1, $2, $3, null)
$$;

create or replace function {s}._tap_policy_roles(sch name, rel name, pol name) returns name[] language sql stable as $$
  select array(
    select case when r = 0 then 'public'::name else (select rolname from pg_catalog.pg_roles where oid = r) end
    from {s}._tap_policy(sch, rel) p cross join lateral unnest(p.polroles) r where p.polname = pol)
$$;

create or replace function {s}.policy_roles_are(name, name, name, name[], text) returns text language sql as $$
  select {s}._tap_names_are({s}._tap_policy_roles($1, $2, $3), $4, 'policy roles',
    coalesce($5, 'Policy ' || quote_ident($3) || ' for table ' || {s}._tap_qualified($1, $2) || ' should have the correct roles'))
$$;
create or replace function {s}.policy_roles_are(name, name, name, name[]) returns text language sql as $$
  select {s}.policy_roles_are($1, $2, $3, $4, null::text)
$$;
create or replace function {s}.policy_roles_are(name, name, name[], text) returns text language sql as $$
  select {s}.policy_roles_are(null::name, $1, $2, $3, $4)
$$;
create or replace function {s}.policy_roles_are(name, name, name[]) returns text language sql as $$
  select {s}.policy_roles_are(null::name, $1, $2, $3, null::text)
$$;

-- Privileges on a schema (CREATE, USAGE) held by a role.
create or replace function {s}.schema_privs_are(name, name, name[], text default null) returns text language plpgsql as $$
declare
  d text := coalesce($4, 'Role ' || quote_ident($2) || ' should be granted ' || coalesce(nullif(array_to_string($3, ', '), ''), 'no privileges') || ' on schema ' || quote_ident($1));
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = $2) then
    return {s}._tap_ok(false, d, '    Role ' || quote_ident($2) || ' does not exist');
  end if;
  if not exists (select 1 from pg_catalog.pg_namespace where nspname = $1) then
    return {s}._tap_ok(false, d, '    Schema ' || quote_ident($1) || ' does not exist');
  end if;
  return {s}._tap_names_are(
    array(select p::name from unnest(array['CREATE', 'USAGE']) p where pg_catalog.has_schema_privilege($2, $1, p)),
    array(select upper(x)::name from unnest($3) x), 'privileges', d);
end $$;

create or replace function {s}.table_privs_are(name, name, name, name[], text default null) returns text language plpgsql as $$
declare
  rel text := {s}._tap_qualified($1, $2);
  d text := coalesce($5, 'Role ' || quote_ident($3) || ' should be granted ' || coalesce(nullif(array_to_string($4, ', '), ''), 'no privileges') || ' on table ' || rel);
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = $3) then
    return {s}._tap_ok(false, d, '    Role ' || quote_ident($3) || ' does not exist');
  end if;
  if not {s}._tap_relation($1, $2, '{r,p,v,m,f}') then
    return {s}._tap_ok(false, d, '    Table ' || rel || ' does not exist');
  end if;
  return {s}._tap_names_are(
    array(select p::name from unnest(array['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE']) p
          where pg_catalog.has_table_privilege($3, rel, p)),
    array(select upper(x)::name from unnest($4) x), 'privileges', d);
end $$;

create or replace function {s}.is_member_of(name, name[], text default null) returns text language plpgsql as $$
declare
  missing text[];
  d text := coalesce($3, 'Should have members of role ' || quote_ident($1));
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = $1) then
    return {s}._tap_ok(false, d, '    Role ' || quote_ident($1) || ' does not exist');
  end if;
  missing := array(select m::text from unnest($2) m where not exists (
    select 1 from pg_catalog.pg_auth_members am join pg_catalog.pg_roles g on g.oid = am.roleid join pg_catalog.pg_roles r on r.oid = am.member
    where g.rolname = $1 and r.rolname = m) order by 1);
  if cardinality(missing) = 0 then
    return {s}._tap_ok(true, d, null);
  end if;
  return {s}._tap_ok(false, d, '    Members missing from the ' || quote_ident($1) || E' role:\n        ' || array_to_string(missing, E'\n        '));
end $$;
create or replace function {s}.is_member_of(name, name, text default null) returns text language sql as $$
  select {s}.is_member_of($1, array[$2], $3)
$$;

-- TODO and SKIP.
create or replace function {s}.todo(why text, how_many integer) returns setof boolean language plpgsql as $$
begin
  perform {s}._tap_set('todo_n', coalesce(how_many, 1)::text);
  perform {s}._tap_set('todo_why', why);
  return;
end $$;
create or replace function {s}.todo(how_many integer, why text) returns setof boolean language sql as $$
  select * from {s}.todo(why, how_many)
$$;
create or replace function {s}.todo(why text) returns setof boolean language sql as $$
  select * from {s}.todo(why, 1)
$$;
create or replace function {s}.todo(how_many integer) returns setof boolean language sql as $$
  select * from {s}.todo(null::text, how_many)
$$;
-- An open-ended TODO block: -1 until todo_end().
create or replace function {s}.todo_start(text default null) returns setof boolean language sql as $$
  select * from {s}.todo($1, -1)
$$;
create or replace function {s}.todo_end() returns setof boolean language plpgsql as $$
begin
  if {s}._tap_num('todo_n') = 0 then
    raise exception 'todo_end() called without todo_start()';
  end if;
  perform {s}._tap_set('todo_n', '0');
  perform {s}._tap_set('todo_why', null);
  return;
end $$;
create or replace function {s}.in_todo() returns boolean language sql stable as $$
  select {s}._tap_num('todo_n') <> 0
$$;

create or replace function {s}.skip(why text, how_many integer) returns text language plpgsql as $$
declare
  lines text[] := '{}';
  n integer;
begin
  for i in 1 .. coalesce(how_many, 1) loop
    n := {s}._tap_num('ran') + 1;
    perform {s}._tap_set('ran', n::text);
    lines := lines || ('ok ' || n || ' # SKIP' || coalesce(' ' || nullif(why, ''), ''));
  end loop;
  return {s}._tap_emit(array_to_string(lines, E'\n'));
end $$;
create or replace function {s}.skip(how_many integer, why text) returns text language sql as $$
  select {s}.skip(why, how_many)
$$;
create or replace function {s}.skip(why text) returns text language sql as $$
  select {s}.skip(why, 1)
$$;
create or replace function {s}.skip(how_many integer) returns text language sql as $$
  select {s}.skip(null::text, how_many)
$$;

create or replace function {s}.num_failed() returns integer language sql stable as $$
  select {s}._tap_num('failed')
$$;

-- The closing lines: the plan for no_plan(), and what went wrong.
create or replace function {s}.finish(exception_on_failure boolean default null) returns setof text language plpgsql as $$
declare
  planned integer := {s}._tap_num('planned');
  ran integer := {s}._tap_num('ran');
  failed integer := {s}._tap_num('failed');
  expected integer := case when planned > 0 then planned else ran end;
  problem text;
begin
  if planned = -1 then
    return next {s}._tap_emit('1..' || ran);
  end if;
  if ran = 0 then
    problem := '# No tests run!';
  elsif planned > 0 and ran <> planned then
    problem := '# Looks like you planned ' || planned || ' test' || case when planned = 1 then '' else 's' end || ' but ran ' || ran;
  elsif failed > 0 then
    problem := '# Looks like you failed ' || failed || ' test' || case when failed = 1 then '' else 's' end || ' of ' || expected;
  end if;
  if problem is not null then
    return next {s}._tap_emit(problem);
    if exception_on_failure then
      raise exception '%', problem;
    end if;
  end if;
  return;
end $$;

comment on function {s}.plan(integer) is 'Tenant Planner''s own pgTAP implementation (this engine does not ship pgTAP)';
