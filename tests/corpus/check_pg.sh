#!/usr/bin/env bash
# Runs one corpus project on a real PostgreSQL server (a throwaway cluster, psql), in the order and
# with the roles Tenant Planner gives its files, and prints every failing statement as
#   FILE:LINE SQLSTATE message
# A failure printed here is one a real server raises too: it may go into the manifest's
# expected_failures ("checked on PostgreSQL 15 with tests/corpus/check_pg.sh"). A failure the app
# shows and this script does not is on our side (or an engine gap, see README.md).
#
#   tests/corpus/check_pg.sh NAME [--no-cli-order]
#
# 1. extracts NAME at its manifest's commit (tests/corpus/extract.mjs, browser.mjs's rules);
# 2. asks the CLI for order and roles: `tenant-planner check DIR --format json --continue`
#    (with the manifest's profile and stand_in_extensions): its `files` list is the run order
#    (apply order: baseline, up, seed, validate; then the rollback order);
# 3. on a fresh cluster (PG_BIN, default Debian's PostgreSQL 15; Unix socket only, removed at the
#    end) and one database, runs for a Supabase-profile project tests/peers/supabase_standin.sql
#    first, then each file with psql past errors (each statement autocommits unless the file opens
#    a transaction, as the app runs it). dbmate files run their `-- migrate:up` section as up and
#    their `-- migrate:down` section as `FILE#down`, other lines blanked so line numbers stay.
# PG_OPTS adds server options (e.g. PG_OPTS='-c wal_level=logical').
# Needs CARGO_TARGET_DIR=/work/main/target on the workplace machines (the CLI is built with cargo).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
name="${1:?usage: tests/corpus/check_pg.sh NAME}"
manifest="$here/$name/manifest.json"
[[ -f "$manifest" ]] || { echo "no manifest $manifest" >&2; exit 2; }
mget() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); v=m.get(sys.argv[2]); print("" if v is None else v)' "$manifest" "$1"; }
profile="$(mget profile)"; profile="${profile:-postgres}"
stand_in="$(mget stand_in_extensions)"

work="$(mktemp -d /tmp/corpus-pg.XXXXXX)"
as_pg=()
port=$((40000 + RANDOM % 20000))
cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
node "$here/extract.mjs" "$name" "$work/$name" >/dev/null || exit 2

# Order and roles, as the app gives them.
opts=(--format json --continue --profile "$profile")
[[ "$stand_in" == True ]] && opts+=(--stand-in-extensions)
(cd "$root" && nice cargo run -q -p tenant-planner-native --bin tenant-planner -- check "$work/$name" "${opts[@]}") \
  >"$work/report.json" 2>"$work/cli.log"
python3 - "$work/report.json" >"$work/order.tsv" <<'PY' || { echo "the CLI gave no report:"; cat "$work/cli.log"; exit 2; }
import json, sys
for f in json.load(open(sys.argv[1]))["files"]:
    print(f"{f['role']}\t{f['file']}")
PY

if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$work"; as_pg=(runuser -u postgres --); fi
"${as_pg[@]}" "$PG_BIN/initdb" -D "$work/data" -U postgres -A trust >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 2; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_OPTS:-}" start >/dev/null || { cat "$work/server.log"; exit 2; }
psql_() { psql -X -q -h "$work" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=0 -v VERBOSITY=verbose "$@"; }
psql_ -c "create database corpus" >/dev/null || exit 2

# dbmate: keep one section (up or down), blank the other lines so psql's line numbers match.
section() { # file up|down
  awk -v want="$2" '
    /^--[ \t]*migrate:up/   { cur = "up";   print ""; next }
    /^--[ \t]*migrate:down/ { cur = "down"; print ""; next }
    { print (cur == want ? $0 : "") }' "$1"
}

failed=0; ran=0
run() { # label path
  local out
  out="$(psql -X -q -h "$work" -p "$port" -U postgres -d corpus -v ON_ERROR_STOP=0 -v VERBOSITY=verbose \
    -c "set client_min_messages = error" -f "$2" 2>&1 >/dev/null)"
  ran=$((ran + 1))
  # psql:PATH:LINE: ERROR:  SQLSTATE: message
  while IFS= read -r l; do
    [[ "$l" =~ ^psql:.*:([0-9]+):\ ERROR:\ \ ([0-9A-Z]{5}):\ (.*)$ ]] || continue
    echo "$1:${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
    failed=$((failed + 1))
  done <<<"$out"
}
if [[ "$profile" == supabase ]]; then
  run "[supabase stand-in]" "$root/tests/peers/supabase_standin.sql"
fi
while IFS=$'\t' read -r role file; do
  src="$work/$name/${file%#down}"
  if grep -qE '^--[[:space:]]*migrate:(up|down)' "$src"; then
    part=up; [[ "$file" == *#down ]] && part=down
    section "$src" "$part" >"$work/section.sql"; chmod a+r "$work/section.sql"
    run "$file" "$work/section.sql"
  else
    run "$file" "$src"
  fi
done <"$work/order.tsv"
echo "$name: $ran files on PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}'), $failed failed statements (profile $profile)"
