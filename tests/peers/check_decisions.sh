#!/usr/bin/env bash
# The Postgres behaviour behind each documented difference from splinter and squawk (the
# `differences` of our rules' docs, named by the cases' `our_decision`), checked on a throwaway
# PostgreSQL cluster (Unix socket only, removed at the end). Each check prints PASS or FAIL with
# what the server said; the exit status is non-zero if any failed.
#
#   tests/peers/check_decisions.sh          # PG_BIN picks the server (default: 15)
set -uo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
work="$(mktemp -d /tmp/peer-decisions.XXXXXX)"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then chown postgres "$work"; as_pg=(runuser -u postgres --); fi
port=$((40000 + RANDOM % 20000))
cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
"${as_pg[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres -A trust >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 2; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses='' -c fsync=off" start >/dev/null || { cat "$work/server.log"; exit 2; }
psql_() { psql -X -q -At -h "$work" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
echo "server: $(psql_ -c 'show server_version')"

failed=0
check() { # name, sql, expected (a substring of the output, stdout and stderr together)
  local name="$1" sql="$2" want="$3" out
  psql_ -c "drop schema if exists d cascade" -c "drop owned by d_role cascade" >/dev/null 2>&1
  psql_ -c "drop role if exists d_role" >/dev/null 2>&1
  out="$(psql_ -c "create schema d; create role d_role;" -c "$sql" 2>&1)"
  if [[ "$out" == *"$want"* ]]; then echo "PASS $name"; else echo "FAIL $name"; echo "    wanted: $want"; echo "$out" | sed 's/^/    got: /'; failed=1; fi
}

# unindexed_foreign_keys / composite_index_any_order: the lookup a foreign key makes on delete of
# the referenced row (an equality on both columns) uses an index on (code, country) for a key on
# (country, code).
check composite_index_any_order "
create table d.stores (country text, code text, primary key (country, code));
create table d.sales (id int primary key, country text, code text, foreign key (country, code) references d.stores);
create index sales_code_country_idx on d.sales (code, country);
insert into d.stores select 'c' || (g % 50), 'k' || g from generate_series(1, 20000) g;
insert into d.sales select g, 'c' || (g % 50), 'k' || g from generate_series(1, 20000) g;
analyze d.sales;
explain (costs off) select 1 from only d.sales x where country = 'c1' and code = 'k1' for key share of x;" \
  "Index Scan using sales_code_country_idx on sales"

# auth_users_exposed / invoker_view_needs_the_callers_grant: a security_invoker view reads the
# table with the caller's rights; without SELECT on it the caller gets 42501, RLS or not.
check invoker_view_needs_the_callers_grant "
create table d.users (id int, email text);
insert into d.users values (1, 'a@example.test');
create view d.user_emails with (security_invoker = on) as select * from d.users;
grant usage on schema d to d_role; grant select on d.user_emails to d_role;
set role d_role; select * from d.user_emails;" \
  "permission denied for table users"

# rls_policy_always_true / insert_without_with_check: an INSERT policy with no WITH CHECK admits
# no row (the new row fails the policy, 42501).
check insert_without_with_check "
create table d.posts (id int, body text);
alter table d.posts enable row level security;
create policy insert_no_with_check on d.posts for insert to d_role;
grant usage on schema d to d_role; grant insert on d.posts to d_role;
set role d_role; insert into d.posts values (1, 'x');" \
  "new row violates row-level security policy for table \"posts\""

# adding_required_column / non_volatile_default_no_rewrite: a default Postgres can evaluate once
# (to_timestamp(0), now(), a volatile SQL function inlined to a constant) is stored as the missing
# value: the table keeps its file (no rewrite); a volatile one (gen_random_uuid()) rewrites it.
check non_volatile_default_no_rewrite "
create table d.dishes (id int primary key);
insert into d.dishes select generate_series(1, 100);
create function d.blank_doc() returns jsonb language sql as \$\$ select '{}'::jsonb \$\$;
create temp table f as select pg_relation_filenode('d.dishes') as before;
alter table d.dishes add column archived_at timestamptz default to_timestamp(0);
alter table d.dishes add column created_at timestamptz default now();
alter table d.dishes add column extras jsonb default d.blank_doc();
select 'same file: ' || (pg_relation_filenode('d.dishes') = before) from f;
alter table d.dishes add column ref uuid default gen_random_uuid();
select 'after volatile, same file: ' || (pg_relation_filenode('d.dishes') = before) from f;" \
  "same file: true
after volatile, same file: false"

# constraint_without_not_valid / file_runs_statement_by_statement: outside BEGIN … COMMIT each
# statement commits on its own: the ADD … NOT VALID's lock is gone before VALIDATE starts, and
# VALIDATE takes SHARE UPDATE EXCLUSIVE only (reads and writes go on).
check validate_takes_share_update_exclusive "
create table d.members (id int primary key);
create table d.emails (id int primary key, member_id int);
insert into d.members values (1); insert into d.emails values (1, 1);
alter table d.emails add constraint fk_member foreign key (member_id) references d.members (id) not valid;
begin;
alter table d.emails validate constraint fk_member;
select string_agg(mode, ',' order by mode) from pg_locks where relation = 'd.emails'::regclass and pid = pg_backend_pid();
commit;" \
  "ShareUpdateExclusiveLock"

# rls_bypass_through_membership: a member of the tables' owner sees every row (no policy applies
# to the owner's privileges), and FORCE ROW LEVEL SECURITY brings the policy back.
check owner_membership_bypasses_rls "
create role d_owner;
create table d.projects (id int, org_id int);
alter table d.projects owner to d_owner;
alter table d.projects enable row level security;
create policy own on d.projects to d_role using (org_id = 1);
insert into d.projects values (1, 1), (2, 2), (3, 2);
grant d_owner to d_role;
grant usage on schema d to d_role;
set role d_role; select 'member sees ' || count(*) from d.projects;
reset role; alter table d.projects force row level security;
set role d_role; select 'forced: member sees ' || count(*) from d.projects;
reset role; drop table d.projects; drop role d_owner;" \
  "member sees 3
forced: member sees 1"

# anon/authenticated_security_definer_function_executable / trigger_functions: a trigger
# function cannot be called directly.
check trigger_functions_cannot_be_called "
create function d.touch() returns trigger language plpgsql security definer as \$\$ begin return new; end \$\$;
select d.touch();" \
  "trigger functions can only be called as triggers"

psql_ -c "drop schema if exists d cascade" >/dev/null 2>&1
((failed == 0)) && echo "all checks passed"
exit $failed
