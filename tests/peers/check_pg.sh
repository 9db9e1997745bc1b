#!/usr/bin/env bash
# Runs every peer case (baseline.sql then up.sql) on a throwaway PostgreSQL cluster with psql, as a
# check that the SQL of each case runs. It lints nothing: the agreement test does that.
#
#   tests/peers/check_pg.sh [--shim standin|app|both] [CASE_DIR ...]
#
# Supabase cases get the profile's objects first: tests/peers/supabase_standin.sql (standin), the
# app's own shim crates/core/src/shim/supabase.sql (app), or each in turn (both, the default).
# A case whose case.json has "up_error" must fail in up.sql with that SQLSTATE; a case whose
# "requires_extensions" are not available on the server is skipped. The cluster lives under /tmp
# (Unix socket only, no TCP) and is removed at the end. PG_BIN picks the server (default: 15).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
shim=both
if [[ "${1:-}" == "--shim" ]]; then shim="$2"; shift 2; fi
if (($#)); then cases=("$@"); else cases=("$here"/splinter/*/ "$here"/squawk/*/); fi

work="$(mktemp -d /tmp/peer-pg.XXXXXX)"
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
  -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null || { cat "$work/server.log"; exit 2; }

psql_() { psql -X -q -h "$work" -p "$port" -U postgres -v ON_ERROR_STOP=1 -v VERBOSITY=verbose "$@"; }
quiet() { psql_ -d postgres -v VERBOSITY=terse -c "set client_min_messages = warning" "$@" >/dev/null; }
initial_roles="$(psql_ -d postgres -At -c "select string_agg(quote_literal(rolname), ',') from pg_roles")"

pass=0; fail=0; skip=0
run_one() { # dir shim_file(or empty) label
  local dir="${1%/}" shim_file="$2" label="$3" db="peer_case" out expected missing
  expected="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("up_error") or "")' "$dir/case.json")"
  missing="$(python3 - "$dir/case.json" <<'PY'
import json, sys
print(" ".join(json.load(open(sys.argv[1])).get("requires_extensions", [])))
PY
)"
  for ext in $missing; do
    if [[ "$(psql_ -d postgres -At -c "select count(*) from pg_available_extensions where name = '$ext'")" != 1 ]]; then
      echo "SKIP $label (extension $ext not available)"; skip=$((skip + 1)); return
    fi
  done
  quiet -c "drop database if exists $db" -c "create database $db"
  local ok=1 msg=""
  if [[ -n "$shim_file" ]] && ! out="$(psql_ -d $db -f "$shim_file" 2>&1)"; then ok=0; msg="shim: $out"; fi
  if ((ok)) && ! out="$(psql_ -d $db -f "$dir/baseline.sql" 2>&1)"; then ok=0; msg="baseline.sql: $out"; fi
  if ((ok)); then
    if out="$(psql_ -d $db -f "$dir/up.sql" 2>&1)"; then
      [[ -z "$expected" ]] || { ok=0; msg="up.sql ran, but case.json expects error $expected"; }
    elif [[ -n "$expected" && "$out" == *"ERROR:  $expected:"* ]]; then
      :
    else
      ok=0; msg="up.sql: $out"
    fi
  fi
  quiet -c "drop database if exists $db" -c "drop database if exists peer_scratch_db"
  # roles made by the shim or the case are cluster-wide: drop them so the next case starts clean
  for r in $(psql_ -d postgres -At -c "select quote_ident(rolname) from pg_roles where rolname not in ($initial_roles)"); do
    quiet -c "drop role $r"
  done
  if ((ok)); then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $label"; echo "$msg" | sed 's/^/    /'; fi
}

for dir in "${cases[@]}"; do
  dir="${dir%/}"
  name="$(basename "$(dirname "$dir")")/$(basename "$dir")"
  profile="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["profile"])' "$dir/case.json")"
  if [[ "$profile" == supabase ]]; then
    [[ "$shim" == app ]] || run_one "$dir" "$here/supabase_standin.sql" "$name [standin]"
    [[ "$shim" == standin ]] || run_one "$dir" "$root/crates/core/src/shim/supabase.sql" "$name [app shim]"
  else
    run_one "$dir" "" "$name"
  fi
done
echo "$pass passed, $fail failed, $skip skipped"
((fail == 0))
