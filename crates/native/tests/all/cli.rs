//! The `tenant-planner` binary as CI runs it: the bundled examples and the fixtures, every output
//! format, the SARIF schema, and the exit codes.
//!
//! Most checks render in-process ([`run`]): the library's `format::render` and `fail_on::decide`
//! on the shared run of each folder (`support::simulate`), as the binary's `check` wires them. The
//! binary itself ([`run_bin`], a subprocess) is checked where its own wiring is the subject: the
//! JSON against the library, colours on a pipe, `--opt=value`, exit 2, `--help`, link-stats.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tenant_planner_core::profile::Profile;
use tenant_planner_native::args::Args;
use tenant_planner_native::format::{self, fail_on, Context, Format};
use tenant_planner_native::load::load_dir;

const BIN: &str = env!("CARGO_BIN_EXE_tenant-planner");

/// The repository root: paths are given relative to it, as CI would.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The binary in a subprocess.
fn run_bin(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

/// `check DIR [--format F] [--fail-on C]… [--link-base URL] [--profile P]` in-process, as the
/// binary's `check` does it (stdout never a terminal, so no colours), on the shared run.
fn run(args: &[&str]) -> Output {
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(args[0], "check", "in-process: check only ({args:?})");
    let (mut dir, mut fmt, mut fails, mut link_base, mut profile) =
        (None, Format::Text, Vec::new(), None, None);
    let owned: Vec<String> = args[1..].iter().map(|a| a.to_string()).collect();
    let mut it = Args::new(&owned);
    while let Some(arg) = it.next() {
        let mut value = || it.value(&arg).unwrap();
        match arg.name {
            "--format" => fmt = Format::parse(&value()).unwrap(),
            "--fail-on" => fails.extend(fail_on::parse(&value()).unwrap()),
            "--link-base" => link_base = Some(value()),
            "--profile" => profile = Profile::parse(&value()),
            _ => dir = Some(arg.text.to_string()),
        }
    }
    let dir = dir.expect("a folder");
    let mut project = load_dir(&root().join(&dir)).unwrap();
    let (ran, report) = crate::support::simulate(&project, profile, false, &mut ()).unwrap();
    project.profile = profile.or(project.profile);
    let report = if fmt == Format::Json { report.with_run(&project, &ran) } else { report };
    let cx = Context {
        dir: dir.clone(),
        link: link_base.as_deref().map(|base| format::share_link(&project, base)),
        verdict: fail_on::decide(&report, &fails),
    };
    let stdout = format::render(fmt, &report, &cx, false);
    let mut stderr = String::new();
    if matches!(fmt, Format::Json | Format::Sarif) {
        match &cx.link {
            Some(Ok(url)) => stderr = format!("Preview: {url}\n"),
            Some(Err(why)) => stderr = format!("Preview: no link ({why})\n"),
            None => {}
        }
    }
    Output {
        status: std::process::ExitStatus::from_raw(i32::from(cx.verdict.exit_code()) << 8),
        stdout: stdout.into_bytes(),
        stderr: stderr.into_bytes(),
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn examples() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "{v:?}");
    v
}

fn expected(dir: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(dir).join("expected.json")).unwrap())
        .unwrap()
}

fn json_report(dir: &str) -> Value {
    let o = run(&["check", dir, "--format", "json"]);
    assert!(matches!(code(&o), 0 | 1), "{dir}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{dir}: stdout is not JSON ({e})"))
}

/// Every key of `want` has the same value in `got` (objects recursively, the rest exactly).
fn assert_subset(got: &Value, want: &Value, path: &str) {
    match want {
        Value::Object(w) => {
            for (k, v) in w {
                let g = got.get(k).unwrap_or_else(|| panic!("{path}.{k} missing"));
                assert_subset(g, v, &format!("{path}.{k}"));
            }
        }
        Value::Array(w)
            if w.iter().all(Value::is_object)
                && got.as_array().is_some_and(|g| g.len() == w.len()) =>
        {
            for (i, (g, v)) in got.as_array().unwrap().iter().zip(w).enumerate() {
                assert_subset(g, v, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(got, want, "at {path}"),
    }
}

/// The report without what changes from run to run: the clock, and the random UUIDs a seed's
/// `gen_random_uuid()` makes (they show up in the isolation fixtures and reproductions).
fn without_timings(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != "timings" && *k != "ms" && !k.ends_with("_ms"))
                .map(|(k, v)| (k.clone(), without_timings(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_timings).collect()),
        Value::String(s) => Value::String(mask_uuids(s)),
        other => other.clone(),
    }
}

fn mask_uuids(s: &str) -> String {
    let b = s.as_bytes();
    let is_uuid = |w: &[u8]| {
        w.len() == 36
            && w.iter().enumerate().all(|(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    *c == b'-'
                } else {
                    c.is_ascii_hexdigit()
                }
            })
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if i + 36 <= b.len()
            && s.is_char_boundary(i)
            && s.is_char_boundary(i + 36)
            && is_uuid(&b[i..i + 36])
        {
            out.push_str("<uuid>");
            i += 36;
        } else {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Where two values differ, one line per path.
fn diff_paths(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                diff_paths(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff_paths(p, q, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {} | {}", cut(a), cut(b))),
        _ => {}
    }
}

fn cut(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 200 {
        format!("{}…", &s[..s.char_indices().nth(200).map_or(s.len(), |(i, _)| i)])
    } else {
        s
    }
}

/// `--fail-on COND`'s exit code read straight from the report, as the issue words it.
fn expected_exit(r: &Value, cond: &str) -> i32 {
    let lints = |level: &str| {
        r["lint"]
            .as_object()
            .map(|m| {
                m.values()
                    .flat_map(|f| f.as_array().unwrap().iter())
                    .filter(|f| f["level"] == level && f.get("suppressed").is_none())
                    .count()
            })
            .unwrap_or(0)
    };
    let validation_failed =
        r["validation"].as_object().unwrap().values().any(|v| v["failed"].as_u64().unwrap() > 0);
    let error = lints("ERROR") > 0
        || r["statements"]["failed"].as_u64().unwrap() > 0
        || validation_failed
        || r["outcome"] != "completed";
    let fail = match cond {
        "error" => error,
        "warn" => error || lints("WARN") > 0,
        // A leak, or probes that ran and could not decide (stopped, tables without fixture rows).
        "leak" => r.get("isolation").filter(|i| !i.is_null()).is_some_and(|i| {
            i["leaks"].as_array().is_some_and(|l| !l.is_empty())
                || (i.get("skipped").is_none()
                    && (i.get("error").is_some_and(|e| !e.is_null())
                        || i["fixtures"]["unfilled"].as_array().is_some_and(|u| !u.is_empty())))
        }),
        "rollback" => r["rollback"]["provided"] == true && r["rollback"]["clean"] == false,
        _ => unreachable!(),
    };
    fail as i32
}

#[test]
fn uuids_are_masked() {
    assert_eq!(
        mask_uuids("a 8364be3e-7f19-4182-ba28-2b1354cc592c é 9072FA42-00d0-45bd-8c96-a0690feba60b"),
        "a <uuid> é <uuid>"
    );
    assert_eq!(mask_uuids("8364be3e-7f19-4182-ba28"), "8364be3e-7f19-4182-ba28");
}

#[test]
fn json_is_the_report() {
    for dir in examples()
        .iter()
        .map(String::as_str)
        .chain(["tests/fixtures/broken", "tests/fixtures/bad-rollback"])
    {
        // The binary's own JSON (a subprocess), against the library's run.
        let o = run_bin(&["check", dir, "--format", "json"]);
        let got: Value = serde_json::from_str(&stdout(&o))
            .unwrap_or_else(|e| panic!("{dir}: stdout is not JSON ({e}): {}", stderr(&o)));
        assert_eq!(code(&o), expected_exit(&got, "error"), "{dir}: the exit code");
        assert_subset(&got, &expected(dir), dir);
        // scripts/test hands these to the browser's cli-agreement test (the app's report against
        // the command line's), so the examples are not run natively a second time there.
        if let (Some(out), Some(name)) =
            (std::env::var_os("TP_NATIVE_REPORTS"), dir.strip_prefix("examples/"))
        {
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(Path::new(&out).join(format!("{name}.json")), stdout(&o)).unwrap();
        }
        assert_eq!(got["tool"]["name"], "tenant-planner");
        assert_eq!(got["engine"]["name"], tenant_planner_native::ENGINE_NAME);
        // The same document the library builds (scripts/report's contract), clock aside, plus
        // the recorded run: it reopens as the folder's project and the run's statements.
        let project = load_dir(&root().join(dir)).unwrap();
        let (run, report) = crate::support::simulate(&project, None, false, &mut ()).unwrap();
        let opened = tenant_planner_core::reopen::open(&stdout(&o))
            .unwrap_or_else(|e| panic!("{}", e.describe(dir)));
        assert_eq!(opened.project, project, "{dir}: the recorded project");
        let places = |r: &tenant_planner_core::run::RunResult| {
            r.statements().map(|s| (s.file, s.line, s.status)).collect::<Vec<_>>()
        };
        assert_eq!(places(&opened.result), places(&run), "{dir}: the recorded statements");
        let mut got = got;
        got.as_object_mut().unwrap().remove("run");
        let mut diffs = Vec::new();
        diff_paths(
            &without_timings(&got),
            &without_timings(&serde_json::to_value(&report).unwrap()),
            "",
            &mut diffs,
        );
        assert!(diffs.is_empty(), "{dir}: cli | library\n{}", diffs.join("\n"));
    }
}

#[test]
fn text_summarizes_each_example() {
    for dir in examples() {
        let o = run(&["check", &dir]);
        let out = stdout(&o);
        let want = expected(&dir);
        assert!(!out.contains('\x1b'), "no colours when stdout is not a terminal");
        assert!(
            out.starts_with(&format!(
                "tenant-planner check {dir} — profile {}, pglite-oxide (native), PostgreSQL ",
                want["profile"].as_str().unwrap()
            )),
            "{out}"
        );
        let total = want["statements"]["total"].as_u64().unwrap();
        assert!(
            out.contains(&format!("Statements: {total} — {total} ok, 0 failed")),
            "{dir}:\n{out}"
        );
        assert!(out.contains("run completed"), "{dir}:\n{out}");
        for (file, v) in want["validation"].as_object().into_iter().flatten() {
            let line = format!("  {file}: {} passed, {} failed", v["passed"], v["failed"]);
            assert!(out.contains(&line), "{dir}: {line:?} in\n{out}");
        }
        if let Some(roots) = want["tenant_roots"].as_array() {
            let names: Vec<&str> = roots.iter().map(|r| r.as_str().unwrap()).collect();
            assert!(
                out.contains(&format!("\nTenant roots: {}\n", names.join(", "))),
                "{dir}:\n{out}"
            );
        }
        for line in
            ["\nFiles\n", "\nValidation", "\nLints: ", "\nRollback: ", "\nUser-identity tables: "]
        {
            assert!(out.contains(line), "{dir}: {line:?} in\n{out}");
        }
        assert!(!out.contains("Preview"));
        let r = json_report(&dir);
        let verdict = if expected_exit(&r, "error") == 0 {
            "\nResult: OK (--fail-on error)\n"
        } else {
            "\nResult: FAIL (--fail-on error)\n"
        };
        assert!(out.contains(verdict), "{dir}:\n{out}");
        assert_eq!(code(&o), expected_exit(&r, "error"));
        // Leaks (leaky-tenants has some): annotated, and --fail-on leak fails exactly then.
        let o = run(&["check", &dir, "--format", "github", "--fail-on", "leak"]);
        let leaks = r["isolation"]["leaks"].as_array().map_or(0, Vec::len);
        assert_eq!(stdout(&o).matches("title=cross_tenant_leak::").count(), leaks, "{dir}");
        assert_eq!(code(&o), expected_exit(&r, "leak"), "{dir}");
    }
}

#[test]
fn text_places_errors_and_rollback_differences() {
    let o = run(&["check", "tests/fixtures/broken"]);
    let out = stdout(&o);
    for want in [
        "  ✗ 001_add_tenant.sql  up        1 ok, 1 failed, 1 not run",
        "Statements: 5 — 3 ok, 1 failed, 1 not run; run stopped at the first failure",
        "Errors (1)\n  tests/fixtures/broken/001_add_tenant.sql:5:37 42601 syntax error at or near \"referencs\"",
        "Rollback: no rollback file",
        "Result: FAIL (--fail-on error)\n  error: the run: 1 statement failed\n  error: the run: 1 statement did not run\n",
    ] {
        assert!(out.contains(want), "{want:?} in\n{out}");
    }
    assert_eq!(code(&o), 1);

    let o = run(&["check", "tests/fixtures/bad-rollback/", "--fail-on", "rollback"]);
    let out = stdout(&o);
    for want in [
        "Rollback: not clean: 2 schema differences, data lost in 1 table",
        "  - column public.accounts.notes text",
        "  - index accounts_name_idx on public.accounts (name)",
        "  data of public.accounts: columns lost (data lost)",
        "Result: FAIL (--fail-on rollback)\n  rollback: the rollback: it does not restore the database (not clean",
    ] {
        assert!(out.contains(want), "{want:?} in\n{out}");
    }
    assert_eq!(code(&o), 1);
}

#[test]
fn no_color_is_respected_and_pipes_get_none() {
    // A pipe never gets colours, NO_COLOR or not; a terminal is not available to a test.
    let o = Command::new(BIN)
        .args(["check", "tests/fixtures/broken"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, sarif: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: SARIF invalid:\n{}", errors.join("\n"));
}

#[test]
fn sarif_follows_the_2_1_0_schema() {
    let validator = sarif_validator();
    // The validator does reject what the schema forbids.
    let bad = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [{ "message": { "text": "m" }, "level": "fatal" }] }] });
    assert!(!validator.is_valid(&bad));

    for dir in examples().iter().map(String::as_str).chain([
        "tests/fixtures/broken",
        "tests/fixtures/bad-rollback",
        "tests/fixtures/nasty",
    ]) {
        let o =
            run(&["check", dir, "--format", "sarif", "--link-base", "https://planner.example/"]);
        assert!(matches!(code(&o), 0 | 1), "{dir}: {}", stderr(&o));
        let sarif: Value = serde_json::from_str(&stdout(&o))
            .unwrap_or_else(|e| panic!("{dir}: stdout is not JSON ({e})"));
        assert_valid(&validator, &sarif, dir);
        // The link goes to stderr, stdout stays pure JSON.
        assert!(
            stderr(&o).starts_with("Preview: https://planner.example/#p=1."),
            "{dir}: {}",
            stderr(&o)
        );
        let run = &sarif["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for d in tenant_planner_core::lint::docs() {
            let r = rules
                .iter()
                .find(|r| r["id"] == d.id)
                .unwrap_or_else(|| panic!("rule {} missing", d.id));
            assert_eq!(r["shortDescription"]["text"], d.title);
        }
        for r in run["results"].as_array().unwrap() {
            assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], r["ruleId"]);
            for loc in r["locations"].as_array().into_iter().flatten() {
                let uri = loc["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
                assert!(uri.starts_with(&format!("{dir}/")), "{uri}");
                assert!(root().join(uri).is_file(), "{uri} names a file of the folder");
            }
        }
    }
}

#[test]
fn sarif_places_statement_errors_and_the_rollback() {
    let validator = sarif_validator();
    let o = run(&["check", "tests/fixtures/broken", "--format=sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_valid(&validator, &sarif, "broken");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let err = results.iter().find(|r| r["ruleId"] == "sql_error").expect("a sql_error result");
    assert_eq!(err["level"], "error");
    assert_eq!(err["message"]["text"], "syntax error at or near \"referencs\" (SQLSTATE 42601)");
    assert_eq!(
        err["locations"][0]["physicalLocation"],
        serde_json::json!({ "artifactLocation": { "uri": "tests/fixtures/broken/001_add_tenant.sql" }, "region": { "startLine": 5, "startColumn": 37 } })
    );
    assert_eq!(code(&o), 1);

    let o = run(&["check", "tests/fixtures/bad-rollback", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rb = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "rollback_not_clean")
        .cloned()
        .expect("a rollback result");
    assert_eq!(rb["level"], "warning");
    assert_eq!(
        rb["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/bad-rollback/002_tenants_rollback.sql"
    );
    assert!(rb["message"]["text"]
        .as_str()
        .unwrap()
        .contains("- column public.accounts.notes text"));
}

#[test]
fn github_annotates_the_failing_line() {
    let o = run(&[
        "check",
        "tests/fixtures/broken",
        "--format",
        "github",
        "--link-base",
        "https://planner.example/app/",
    ]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(
            &"::error file=tests/fixtures/broken/001_add_tenant.sql,line=5,col=37,title=sql_error::syntax error at or near \"referencs\" (SQLSTATE 42601)"
        ),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("::notice::Preview: https://planner.example/app/#p=1.")),
        "{out}"
    );
    let last = lines.last().unwrap();
    assert!(last.starts_with("tenant-planner: 5 statements (1 failed) · run stopped · "), "{last}");
    assert!(last.ends_with("--fail-on error: FAIL (error: the run: 1 statement failed; error: the run: 1 statement did not run)"), "{last}");
    assert_eq!(code(&o), 1);

    let o = run(&["check", "tests/fixtures/bad-rollback", "--format", "github"]);
    let out = stdout(&o);
    assert!(out.contains("::warning file=tests/fixtures/bad-rollback/002_tenants_rollback.sql,title=rollback_not_clean::the rollback does not restore the database: not clean: 2 schema differences, data lost in 1 table%0A- column public.accounts.notes text"), "{out}");
    assert!(out.lines().last().unwrap().contains("rollback NOT clean"));
}

#[test]
fn link_base_gives_the_apps_share_link() {
    let o = run(&["check", "tests/fixtures/broken", "--link-base", "https://planner.example/"]);
    let out = stdout(&o);
    let line = out.lines().find(|l| l.starts_with("Preview: ")).expect("a Preview: line");
    let url = line.trim_start_matches("Preview: ");
    let (base, fragment) = url.split_once('#').unwrap();
    assert_eq!(base, "https://planner.example/");
    let shared = tenant_planner_core::share::decode(fragment).unwrap();
    assert_eq!(shared.project, load_dir(&root().join("tests/fixtures/broken")).unwrap());
    assert_eq!(shared.view, Default::default());
    // With --profile, the link reopens with that profile; json keeps stdout pure.
    let o = run(&[
        "check",
        "tests/fixtures/broken",
        "--profile",
        "supabase",
        "--format",
        "json",
        "--link-base",
        "https://planner.example/",
    ]);
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["profile"], "supabase");
    let url = stderr(&o)
        .lines()
        .find_map(|l| l.strip_prefix("Preview: ").map(str::to_string))
        .expect("the link on stderr");
    let shared = tenant_planner_core::share::decode(url.split_once('#').unwrap().1).unwrap();
    assert_eq!(shared.project.profile, Some(tenant_planner_core::Profile::Supabase));
}

#[test]
fn a_project_too_large_for_a_link_says_so_and_still_runs() {
    let dir = std::env::temp_dir().join(format!("tp-cli-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Incompressible comments: far above the link limit once compressed.
    let mut noise = String::new();
    let mut x: u64 = 7;
    while noise.len() < 400_000 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        noise.push_str(&format!("{x:016x}"));
    }
    std::fs::write(
        dir.join("001_up.sql"),
        format!("-- {noise}\ncreate table t (id int primary key);\n"),
    )
    .unwrap();
    let o = Command::new(BIN)
        .args([
            "check",
            dir.to_str().unwrap(),
            "--format",
            "github",
            "--link-base",
            "https://planner.example/",
        ])
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(
        out.contains("::notice::Preview: no link (the project is too large for a link ("),
        "{out}"
    );
    assert_eq!(code(&o), 0, "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exit_codes_follow_fail_on() {
    let clean = "examples/supabase-orgs";
    let r = json_report(clean);
    assert_eq!(r["statements"]["failed"], 0);
    assert_eq!(r["rollback"]["clean"], true);
    for cond in ["error", "warn", "leak", "rollback"] {
        assert_eq!(
            code(&run(&["check", clean, "--format", "json", "--fail-on", cond])),
            expected_exit(&r, cond),
            "{clean} --fail-on {cond}"
        );
    }
    // A clean example fails on nothing but what its lints (if any) say.
    assert_eq!(expected_exit(&r, "rollback"), 0);

    let broken = "tests/fixtures/broken";
    let r = json_report(broken);
    for (cond, want) in
        [("error", 1), ("warn", 1), ("leak", expected_exit(&r, "leak")), ("rollback", 0)]
    {
        assert_eq!(
            code(&run(&["check", broken, "--format", "json", "--fail-on", cond])),
            want,
            "{broken} --fail-on {cond}"
        );
    }
    // No --fail-on is --fail-on error.
    assert_eq!(code(&run(&["check", broken, "--format", "json"])), 1);

    let bad = "tests/fixtures/bad-rollback";
    let r = json_report(bad);
    for (cond, want) in [
        ("error", expected_exit(&r, "error")),
        ("warn", expected_exit(&r, "warn")),
        ("leak", expected_exit(&r, "leak")),
        ("rollback", 1),
    ] {
        assert_eq!(
            code(&run(&["check", bad, "--format", "json", "--fail-on", cond])),
            want,
            "{bad} --fail-on {cond}"
        );
    }
    // Repeated or comma-separated.
    assert_eq!(code(&run(&["check", bad, "--format", "json", "--fail-on", "leak,rollback"])), 1);
    assert_eq!(
        code(&run(&[
            "check",
            bad,
            "--format",
            "json",
            "--fail-on",
            "leak",
            "--fail-on",
            "rollback"
        ])),
        1
    );
    assert_eq!(
        code(&run_bin(&["check", broken, "--format", "json", "--fail-on=rollback,leak"])),
        expected_exit(&json_report(broken), "leak")
    );
}

#[test]
fn exit_2_when_it_cannot_run() {
    let empty = std::env::temp_dir().join(format!("tp-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "not sql").unwrap();
    let empty = empty.to_str().unwrap().to_string();
    for (args, says) in [
        (vec!["check", "no/such/folder"], "cannot read folder no/such/folder"),
        (
            vec!["check", "examples/supabase-orgs", "--frobnicate"],
            "unknown option \"--frobnicate\"",
        ),
        (vec!["check", "examples/supabase-orgs", "--format", "xml"], "unknown format \"xml\""),
        (
            vec!["check", "examples/supabase-orgs", "--fail-on", "error,fatal"],
            "unknown --fail-on value \"fatal\"",
        ),
        (
            vec!["check", "examples/supabase-orgs", "--profile", "oracle"],
            "unknown profile \"oracle\"",
        ),
        (vec!["check", "examples/supabase-orgs", "--link-base"], "--link-base needs a value"),
        (vec!["check"], "which folder?"),
        (vec!["check", "examples/supabase-orgs", "examples/settings-to-orgs"], "one folder only"),
        (vec!["check", empty.as_str()], "holds no .sql files"),
        (vec!["frobnicate"], "unknown command"),
        (vec![], "no command"),
    ] {
        let o = run_bin(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn help_names_the_options_and_the_engine_gap() {
    let o = run_bin(&["--help"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    for want in [
        "--profile supabase|postgres",
        "--format text|json|sarif|github",
        "--fail-on error|warn|leak|rollback",
        "--link-base URL",
        "--postgres URL",
        "--postgres-version 15|16|17",
        "EXCEPTION",
        "pglite-oxide 0.5.1",
        "docs/ci.md",
    ] {
        assert!(out.contains(want), "{want} in\n{out}");
    }
    assert_eq!(stdout(&run_bin(&["check", "--help"])), out);
}

#[test]
fn link_stats_still_works_for_the_bench() {
    let o = run_bin(&["link-stats", "examples/supabase-orgs", "tests/fixtures/broken"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["dir"], "examples/supabase-orgs");
    assert!(lines[0]["link_chars"].as_u64().unwrap() > 100);
}
