//! `tenant-planner versions` (issue 16's version matrix): the project on PGlite and on local
//! clusters of PostgreSQL 16 and 17, each compared with PGlite.
//!
//! Expected outcome, written before the first run, from tests/fixtures/versions/maintain: the
//! GRANT MAINTAIN at 001_maintainer.sql line 4 runs on PGlite (PostgreSQL 17.5) and on 17, and
//! fails on 16 with 42601 `unrecognized privilege type "maintain"` (MAINTAIN is new in 17). So 17
//! is the same as PGlite, 16 differs — at least by that statement, failing only there, and by the
//! verdict (the run stops there: failed, against PGlite's run that completes) — and the exit code
//! is 1. (Added after the first run: the verdict's checks that differ are named too — here the run
//! check, failed on 16 only. The leaks check is not checked on either side: no tenant tables.) On leaky-tenants (an example) every version is the same: exit 0 (real_postgres.rs checks
//! the facts; this checks that the matrix says so).

use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tenant-planner");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn versions(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(BIN).arg("versions").args(args).current_dir(root()).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_grant_new_in_17_fails_only_on_16() {
    let (code, out, err) = versions(&[
        "tests/fixtures/versions/maintain",
        "--postgres-version",
        "16,17",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "stdout:\n{out}\nstderr:\n{err}");
    let m: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["reference"]["outcome"], "completed", "{out}");
    let v = m["versions"].as_array().unwrap();
    assert_eq!(v.len(), 2);
    let (v16, v17) = (&v[0], &v[1]);
    assert_eq!((v16["postgres"].as_u64(), v17["postgres"].as_u64()), (Some(16), Some(17)));
    assert!(v16["engine"]["postgres_version"].as_str().unwrap().starts_with("16."), "{v16}");

    assert_eq!(v17["same"], true, "17 has MAINTAIN: {v17}");
    assert_eq!(v17["differences"], serde_json::json!([]));

    assert_eq!(v16["same"], false);
    assert_eq!(v16["outcome"], "stopped");
    let diffs: Vec<&str> =
        v16["differences"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert!(
        diffs.iter().any(|d| d.starts_with("statement fails only here: ")
            && d.contains("001_maintainer.sql:4:1 42601")
            && d.contains("unrecognized privilege type")),
        "{diffs:#?}"
    );
    assert!(diffs.iter().any(|d| d.starts_with("verdict: failed here")), "{diffs:#?}");
    assert!(diffs.iter().any(|d| d.starts_with("run check: failed here")), "{diffs:#?}");
    // The whole delta rides along, for tools.
    assert_eq!(v16["delta"]["errors"]["new"][0]["sqlstate"], "42601");

    // The text says the same for a person.
    let (code, text, _) =
        versions(&["tests/fixtures/versions/maintain", "--postgres-version", "16"]);
    assert_eq!(code, 1);
    assert!(text.contains("Differs from PGlite on PostgreSQL 16."), "{text}");
    assert!(text.contains("statement fails only here:"), "{text}");
}

#[test]
fn an_example_is_the_same_on_every_version_asked() {
    let (code, out, err) = versions(&["examples/leaky-tenants", "--postgres-version", "17"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("the same as PGlite"), "{out}");
    assert!(out.contains("Every version gives PGlite's result."), "{out}");
}

#[test]
fn bad_versions_and_options_exit_2_with_a_message() {
    for (args, says) in [
        (
            vec!["examples/leaky-tenants", "--postgres-version", "14"],
            "unknown --postgres-version \"14\"",
        ),
        (
            vec!["examples/leaky-tenants", "--postgres-version", "16,x"],
            "unknown --postgres-version \"x\"",
        ),
        (vec!["examples/leaky-tenants", "--format", "sarif"], "unknown format \"sarif\""),
        (vec!["--postgres-version", "16"], "which folder?"),
        (vec!["examples/leaky-tenants", "--scale", "a=1"], "unknown option \"--scale\""),
    ] {
        let (code, _, err) = versions(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
