#!/usr/bin/env bash
# =============================================================================
# check-examples-pg.sh — run the example projects against a real PostgreSQL
#
# What it checks, for every examples/<name>/ (or the folders given as args):
#   * the files, their roles (baseline, seed, up, validation, rollback) and
#     their run order are Tenant Planner's own: `tenant-planner plan DIR
#     --format json` (the CLI, built first) says them, and the statements
#     each file is split into (the app's splitter, with file:line);
#   * pass A — a fresh database; for profile "supabase" first the shim
#     crates/core/src/shim/supabase.sql; baseline + seed; a snapshot (schema
#     dump + sorted data dump); then up, validation and rollback files in ONE
#     psql session (as the app uses one PGlite session), ON_ERROR_STOP;
#   * every validation file prints no FAIL, ends with "RESULT: N passed,
#     0 failed", and N is the number in examples/<name>/expected.json;
#   * after the rollbacks, schema and data equal the after-seed snapshot;
#   * pass B — another fresh database where every statement of the shim and of
#     the baseline, seed, up and rollback files runs on its own connection
#     (split by the app's own splitter, from the plan; psql meta-commands,
#     which the app skips, are skipped);
#     validation files run as one session again (they keep their counts in a
#     temp table); same validation result and the same final snapshot as
#     pass A's after-seed one (which also shows that the seed is deterministic);
#   * the shim runs in one go (a single query string) and twice in a row;
#   * "postgres" profile examples never mention auth. / storage. / anon /
#     authenticated.
#
# How to run (Debian 12 — any PostgreSQL >= 13 will do):
#     apt-get install -y postgresql
#     pg_ctlcluster 15 main start
#     scripts/lib/check-examples-pg.sh                      # all examples
#     scripts/lib/check-examples-pg.sh examples/supabase-orgs
#     pg_ctlcluster 15 main stop
#   Run as root it re-runs itself as the `postgres` OS user (peer auth); the
#   repository must then be readable by that user. Otherwise it uses whatever
#   psql would use (PGHOST, PGPORT, PGUSER...), which must be a superuser.
#   It creates and drops databases named tp_check_*. Needs psql, pg_dump,
#   createdb, dropdb, python3 and cargo (it builds the tenant-planner binary
#   before anything else; TENANT_PLANNER=path uses that binary instead).
#   KEEP=1 keeps the databases and the work folder.
#   Exit status 0 when everything passed, 1 otherwise.
# =============================================================================
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

# The CLI gives the plan: roles, run order, split statements (built as the calling user, before
# switching to the postgres user).
if [[ -z ${TENANT_PLANNER:-} ]]; then
  (cd "$repo" && cargo build -q -p tenant-planner-native --bin tenant-planner) || { echo "cannot build tenant-planner"; exit 1; }
  TENANT_PLANNER="$repo/target/debug/tenant-planner"
fi
export TENANT_PLANNER

if [[ $(id -u) == 0 && -z ${PGUSER:-} && -z ${TP_NO_SU:-} ]]; then
  exec runuser -u postgres -- env TP_NO_SU=1 PATH="$PATH" KEEP="${KEEP:-}" TENANT_PLANNER="$TENANT_PLANNER" bash "$here/$(basename "$0")" "$@"
fi

shim="$repo/crates/core/src/shim/supabase.sql"
work=$(mktemp -d "${TMPDIR:-/tmp}/tp-check.XXXXXX")
failures=0
psql_run=(psql -X -q -v ON_ERROR_STOP=1)

fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "  ok:   $*"; }

# The plan of a folder (`tenant-planner plan DIR --format json`) into $work/<name>.plan.json.
plan_of() { # dir name
  "$TENANT_PLANNER" plan "$1" --format json >"$work/$2.plan.json"
}

# From a saved plan: one line per file in run order, "role<TAB>file<TAB>path". The path is the
# file on disk, or, when the app runs other text than the whole file (a dbmate file's up section,
# its down section as `x.sql#down`, line numbers kept), that text written under sections/.
plan_files() { # plan.json dir sections-dir
  python3 -c 'import json,os,sys
plan, folder, sections = sys.argv[1:4]
for f in json.load(open(plan))["files"]:
    path = os.path.join(folder, f["source"])
    on_disk = open(path, encoding="utf-8").read() if os.path.isfile(path) else None
    if f["file"] != f["source"] or on_disk != f["text"]:
        path = os.path.join(sections, f["file"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w", encoding="utf-8").write(f["text"])
    print(f["role"], f["file"], path, sep="\t")' "$1" "$2" "$3"
}

# From a saved plan: the statements the app sends for one file (or for "shim", the profile's
# shim), NUL-separated; meta-commands are left out as the app skips them.
plan_statements() { # plan.json file|shim
  python3 -c 'import json,sys
p = json.load(open(sys.argv[1]))
sts = p["shim"] if sys.argv[2] == "shim" else next(f for f in p["files"] if f["file"] == sys.argv[2])["statements"]
sys.stdout.write("".join(s["sql"] + "\0" for s in sts if s["piece"]["kind"] == "sql"))' "$1" "$2"
}

# Run every statement of a file (as the plan splits it) on its own connection; sets stmt_count.
stmt_count=0
run_per_statement() { # db plan.json file|shim
  local db=$1 plan=$2 file=$3 stmt
  stmt_count=0
  while IFS= read -r -d '' stmt; do
    stmt_count=$((stmt_count + 1))
    if ! "${psql_run[@]}" -d "$db" -c "$stmt" >>"$work/per-statement.log" 2>&1; then
      fail "$file: statement $stmt_count failed on its own connection:"
      printf '%s\n' "$stmt" | head -5 | sed 's/^/        /'
      tail -3 "$work/per-statement.log" | sed 's/^/        /'
      return 1
    fi
  done < <(plan_statements "$plan" "$file")
}

snapshot() {
  local db=$1 out=$2
  pg_dump -d "$db" --schema-only | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' | cat -s >"$out.schema"
  pg_dump -d "$db" --data-only --column-inserts | grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' -e '^$' |
    LC_ALL=C sort >"$out.data"
}

same_snapshot() {
  local a=$1 b=$2 what=$3 kind
  for kind in schema data; do
    if diff -u "$a.$kind" "$b.$kind" >"$work/diff.$kind" 2>&1; then
      ok "$what: $kind identical to the after-seed snapshot"
    else
      fail "$what: $kind differs from the after-seed snapshot (first lines of the diff):"
      head -40 "$work/diff.$kind" | sed 's/^/        /'
    fi
  done
}

fresh_db() {
  dropdb --if-exists "$1" >/dev/null 2>&1
  createdb "$1"
}

expected_passed() { # expected.json validation file -> passed count
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["validation"].get(sys.argv[2], {}).get("passed", ""))' "$1" "$2"
}

check_validation_log() { # log file validation-file expected.json pass-name
  local log=$1 file=$2 expected=$3 pass=$4 base passes fails result want
  base=${source_of[$file]}
  passes=$(grep -F "psql:$file:" "$log" | grep -c 'NOTICE:  PASS: ')
  fails=$(grep -F "psql:$file:" "$log" | grep -c 'NOTICE:  FAIL: ')
  result=$(grep -F "psql:$file:" "$log" | grep -o 'RESULT: [0-9]* passed, [0-9]* failed' | tail -1)
  want=$(expected_passed "$expected" "$base")
  if [[ $fails -ne 0 ]]; then
    fail "$pass $base: $fails FAIL lines:"
    grep -F "psql:$file:" "$log" | grep 'NOTICE:  FAIL: ' | sed 's/^.*NOTICE:  /        /'
  fi
  if [[ $result != "RESULT: $passes passed, 0 failed" ]]; then
    fail "$pass $base: RESULT line is '${result:-missing}', expected 'RESULT: $passes passed, 0 failed'"
  elif [[ -z $want ]]; then
    fail "$pass $base: no entry in expected.json"
  elif [[ $want != "$passes" ]]; then
    fail "$pass $base: $passes PASS lines, expected.json says $want"
  else
    ok "$pass $base: $result"
  fi
}

# --- the shim on its own ----------------------------------------------------
echo "== shim: $shim"
fresh_db tp_check_shim
if "${psql_run[@]}" -d tp_check_shim -c "$(cat "$shim")" >"$work/shim.log" 2>&1; then
  ok "shim runs in one go (single query string)"
else
  fail "shim in one go:"; sed 's/^/        /' "$work/shim.log"
fi
if "${psql_run[@]}" -d tp_check_shim -f "$shim" >"$work/shim.log" 2>&1; then
  ok "shim runs a second time (idempotent)"
else
  fail "shim applied twice:"; sed 's/^/        /' "$work/shim.log"
fi
[[ -n ${KEEP:-} ]] || dropdb tp_check_shim

# --- the examples -----------------------------------------------------------
if [[ $# -eq 0 ]]; then
  set -- "$repo"/examples/*/
fi

for dir in "$@"; do
  dir=$(cd "$dir" && pwd)
  name=$(basename "$dir")
  echo "== example: $name"
  expected="$dir/expected.json"
  if [[ ! -f $expected ]]; then fail "$name: no expected.json"; continue; fi
  profile=$(sed -n 's/.*"profile" *: *"\([a-z]*\)".*/\1/p' "$expected" | head -1)
  if ! plan_of "$dir" "$name"; then fail "$name: tenant-planner plan failed"; continue; fi
  plan="$work/$name.plan.json"
  planned=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["profile"])' "$plan")
  [[ $planned == "$profile" ]] || fail "$name: the CLI detects profile $planned, expected.json says $profile"
  # Files by role, in the run order of the plan.
  baseline=() seed=() up=() validation=() rollback=()
  declare -A source_of=()
  while IFS=$'\t' read -r role file path; do
    source_of[$path]=$file
    case $role in
      baseline) baseline+=("$path") ;; seed) seed+=("$path") ;; up) up+=("$path") ;;
      validate) validation+=("$path") ;; rollback) rollback+=("$path") ;;
    esac
  done < <(plan_files "$plan" "$dir" "$work/$name.sections")
  echo "  profile: $profile"
  show() { local r=$1 f; shift; printf '  %-10s' "$r:"; for f in "$@"; do printf ' %s' "${source_of[$f]}"; done; echo; }
  show baseline "${baseline[@]}"; show seed "${seed[@]}"; show up "${up[@]}"
  show validation "${validation[@]}"; show rollback "${rollback[@]}"

  if [[ $profile == postgres ]]; then
    if grep -n -i -E '(^|[^a-z_])(auth|storage)\.|(^|[^a-z_])(authenticated|anon)([^a-z_]|$)' "$dir"/*.sql >"$work/mentions" 2>&1; then
      fail "$name: a plain-postgres example mentions Supabase objects:"; head -5 "$work/mentions" | sed 's/^/        /'
    else
      ok "no mention of auth. / storage. / anon / authenticated"
    fi
  fi

  db="tp_check_${name//[^a-zA-Z0-9]/_}"

  # pass A: files as psql scripts, one session after the snapshot
  fresh_db "${db}_a"
  if [[ $profile == supabase ]]; then "${psql_run[@]}" -d "${db}_a" -f "$shim" >/dev/null 2>&1 || fail "shim"; fi
  args=(); for f in "${baseline[@]}" "${seed[@]}"; do args+=(-f "$f"); done
  if ! "${psql_run[@]}" -d "${db}_a" "${args[@]}" >"$work/$name.a1.log" 2>&1; then
    fail "$name: baseline/seed failed:"; grep -i error "$work/$name.a1.log" | head -5 | sed 's/^/        /'; continue
  fi
  snapshot "${db}_a" "$work/$name.seeded"
  args=(); for f in "${up[@]}" "${validation[@]}" "${rollback[@]}"; do args+=(-f "$f"); done
  if "${psql_run[@]}" -d "${db}_a" "${args[@]}" >"$work/$name.a2.log" 2>&1; then
    ok "pass A: up, validation and rollback files ran without error in one session"
  else
    fail "$name: pass A stopped on an error:"; grep -B2 -i 'error' "$work/$name.a2.log" | head -10 | sed 's/^/        /'
  fi
  for f in "${validation[@]}"; do check_validation_log "$work/$name.a2.log" "$f" "$expected" "pass A"; done
  snapshot "${db}_a" "$work/$name.a.final"
  same_snapshot "$work/$name.seeded" "$work/$name.a.final" "pass A after rollback"

  # pass B: every statement on its own connection
  fresh_db "${db}_b"
  summary=""
  bad=0
  if [[ $profile == supabase ]]; then
    run_per_statement "${db}_b" "$plan" shim || bad=1
    summary+="shim:$stmt_count "
  fi
  for f in "${baseline[@]}" "${seed[@]}" "${up[@]}"; do
    [[ $bad == 0 ]] || break
    run_per_statement "${db}_b" "$plan" "${source_of[$f]}" || { bad=1; break; }
    summary+="${source_of[$f]}:$stmt_count "
  done
  if [[ $bad == 0 ]]; then
    args=(); for f in "${validation[@]}"; do args+=(-f "$f"); done
    "${psql_run[@]}" -d "${db}_b" "${args[@]}" >"$work/$name.b.log" 2>&1 || fail "$name: pass B validation stopped on an error"
    for f in "${validation[@]}"; do check_validation_log "$work/$name.b.log" "$f" "$expected" "pass B"; done
    for f in "${rollback[@]}"; do
      run_per_statement "${db}_b" "$plan" "${source_of[$f]}" || { bad=1; break; }
      summary+="${source_of[$f]}:$stmt_count "
    done
  fi
  if [[ $bad == 0 ]]; then
    ok "pass B: every statement ran on its own connection (statements: $summary)"
    snapshot "${db}_b" "$work/$name.b.final"
    same_snapshot "$work/$name.seeded" "$work/$name.b.final" "pass B after rollback"
  fi
  if [[ -z ${KEEP:-} ]]; then dropdb "${db}_a"; dropdb "${db}_b"; fi
done

if [[ -z ${KEEP:-} ]]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
if [[ $failures -eq 0 ]]; then
  echo "ALL CHECKS PASSED"
  exit 0
fi
echo "$failures CHECK(S) FAILED"
exit 1
