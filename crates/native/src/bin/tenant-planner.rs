//! `tenant-planner check DIR …`: runs a migration folder on the native engine and reports, for a
//! person (text) or for CI (json, sarif, github); `tenant-planner plan DIR` prints what it would
//! run; `tenant-planner diff BASE HEAD` (or `check HEAD --base BASE`) compares two versions;
//! `tenant-planner versions DIR` compares PGlite with PostgreSQL 15, 16 and 17.
//! Argument parsing and exit codes only: the formatters are in `tenant_planner_native::format`
//! and `tenant_planner_native::compare`.
//! See `--help` and docs/ci.md.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::volume::{parse_scale, Scale};
use tenant_planner_native::args::Args;
use tenant_planner_native::format::{self, fail_on, Context, Format};
use tenant_planner_native::server::{self, Server};
use tenant_planner_native::{load::load_dir, simulate};

const HELP: &str = "\
tenant-planner check DIR [options]

Runs the .sql files in DIR and its sub-folders on a fresh PostgreSQL (PGlite, in-process through
pglite-oxide) the way the Tenant Planner app does: roles and order from the migration tool's layout
(Supabase CLI, golang-migrate, Flyway, dbmate, sqitch with sqitch.plan, Prisma, graphile-migrate,
drizzle, pg_dump) or else from the file names, validation files, the rollback check, tenancy, lints.
Then prints a report and sets the exit code.

Options:
  --profile supabase|postgres     the platform to simulate (default: detected from the files)
  --format text|json|sarif|github output (default: text)
                                    text    a summary; colours on a terminal unless NO_COLOR is set
                                    json    the report JSON, as scripts/report prints it (docs/report.md)
                                    sarif   SARIF 2.1.0, for code scanning
                                    github  GitHub Actions annotations and a summary line
  --fail-on error|warn|leak|rollback
                                  what makes the exit code 1 (default: error); repeat the option or
                                  separate with commas, e.g. --fail-on error,leak
                                    error     a failed statement, a failed validation check, a run
                                              that did not complete, an unsuppressed ERROR lint
                                    warn      all of error, and any unsuppressed WARN lint
                                    leak      a cross-tenant leak (isolation.leaks)
                                    rollback  a rollback file is provided and does not restore the database
  --link-base URL                 also print the app's share link for this project, URL#p=…
                                  (text: a Preview: line; github: a ::notice::; json/sarif: on stderr)
  --continue                      run past failing statements (the app's \"Continue past failures\")
  --stand-in-extensions           stand in for extensions this engine cannot load (an empty schema,
                                  no-op functions; the app's \"Stand in unavailable extensions\")
  --postgres URL                  run on a real PostgreSQL server instead of PGlite: in a throwaway
                                  database tp_<random> made from template0 and dropped afterwards
                                  (with the roles the run created); nothing else on the server is
                                  touched. The user must be a superuser (the run creates roles and
                                  event triggers); no TLS. e.g. postgres://postgres:pw@localhost:5432/postgres
  --postgres-version 15|16|17     run on a throwaway local cluster of that version (initdb and
                                  pg_ctl from /usr/lib/postgresql/N/bin or target/postgres/N/bin,
                                  installed by scripts/setup; a Unix socket in a temporary folder,
                                  trust authentication), stopped and deleted afterwards
  --scale TABLE=ROWS              a volume run (with --postgres or --postgres-version only): after the
                                  baseline and seed files, fill TABLE (schema.table; unqualified:
                                  public) with ROWS synthetic rows, then measure every up statement:
                                  time, table locks held (mode, ms; pg_locks sampled by a second
                                  connection), rewrites and scans. Repeatable. In the report's
                                  `volume` (json) and as a per-statement table (text)
  -h, --help                      this help
  -V, --version                   the version

Exit codes:
  0  ran, and nothing matched --fail-on
  1  ran, and something matched --fail-on
  2  could not run: unknown option, unreadable folder, no .sql files, undecodable file,
     the engine did not start (PGlite, the server, or the local cluster)

Known gap of the native engine: pglite-oxide 0.5.1 does not catch errors raised inside PL/pgSQL
blocks with an EXCEPTION handler (BEGIN … EXCEPTION WHEN … END): the error escapes the handler
and the statement fails here while it succeeds in the browser app (whose PGlite catches it). Such
an error carries a hint saying so.

tenant-planner plan DIR [--format json|sql] [--profile supabase|postgres]
                                  what check would run, without running it: the profile, every
                                  file in run order with its role and why, its statements as the
                                  app splits them at file:line:column. json (default) for scripts;
                                  sql a psql script of the whole run in that order (meta-commands,
                                  which the app skips, stay comments)

tenant-planner diff BASE_DIR HEAD_DIR [options]
tenant-planner check HEAD_DIR --base BASE_DIR [options]
                                  review a change: both versions run on this engine with one
                                  profile (--profile, else the head's), and what the change did is
                                  printed: tables added, removed or reclassified, policy cells
                                  gained or lost, lints, leaks, failed statements and checks new
                                  or fixed, the rollback and the verdict before and after
  --format text|json|markdown       text (default); json: the head's report JSON with a \"delta\"
                                    key (docs/report.md); markdown: a pull-request comment
  --fail-on new-leak|new-error|new-warn|rollback-regressed
                                    what the change introduced that makes the exit code 1
                                    (default new-error; new-warn includes new-error). error,
                                    warn, leak, rollback may be added: they judge the head whole
  --link-base URL, --profile, --continue, --stand-in-extensions   as for check
                                  Exit codes as for check.

tenant-planner versions DIR [--postgres-version 15,16,17] [--format text|json] [--profile …]
                                  the version matrix: DIR on PGlite (the reference, what the app
                                  shows) and on a throwaway local cluster of each version (default
                                  15, 16 and 17), each compared with PGlite as diff compares two
                                  runs: statements that fail only on one side, validation checks,
                                  lints, leaks, tables, policy cells, the rollback and the verdict
  --continue, --stand-in-extensions   as for check
                                  Exit codes: 0 every version gives PGlite's result, 1 some version
                                  differs, 2 could not run (bad option, unreadable folder, a
                                  version's cluster did not start: it is never called the same)

tenant-planner link-stats DIR…   each folder's share-link size and encode/decode time (scripts/bench)

More: docs/ci.md
";

fn bad_usage(msg: &str) -> ExitCode {
    eprintln!("tenant-planner: {msg}");
    eprintln!("usage: tenant-planner check DIR [--profile supabase|postgres] [--format text|json|sarif|github] [--fail-on error|warn|leak|rollback] [--link-base URL] [--continue] [--stand-in-extensions] [--postgres URL | --postgres-version 15|16|17] [--scale TABLE=ROWS]");
    eprintln!("       tenant-planner plan DIR [--format json|sql] [--profile supabase|postgres]");
    eprintln!("       tenant-planner diff BASE_DIR HEAD_DIR [--format text|json|markdown] [--fail-on new-leak|new-error|new-warn|rollback-regressed] [--link-base URL]");
    eprintln!("       tenant-planner check HEAD_DIR --base BASE_DIR [same options as diff]");
    eprintln!("       tenant-planner versions DIR [--postgres-version 15,16,17] [--format text|json] [--profile supabase|postgres] [--continue] [--stand-in-extensions]");
    eprintln!("       tenant-planner --help");
    ExitCode::from(2)
}

/// `tenant-planner plan DIR [--format json|sql] [--profile …]`: the run order, roles and
/// statements `check` would use, printed without running anything.
fn plan(args: &[String]) -> ExitCode {
    use tenant_planner_native::format::plan::{plan, to_json, to_sql, PlanFormat};
    let (mut dir, mut fmt, mut profile) = (None, PlanFormat::Json, None);
    let mut it = Args::new(args);
    while let Some(arg) = it.next() {
        let mut value = || it.value(&arg).ok();
        let a = arg.text;
        match arg.name {
            "--format" => match value().as_deref().and_then(PlanFormat::parse) {
                Some(f) => fmt = f,
                None => return bad_usage("plan --format needs json or sql"),
            },
            "--profile" => match value().as_deref().and_then(Profile::parse) {
                Some(p) => profile = Some(p),
                None => return bad_usage("plan --profile needs supabase or postgres"),
            },
            _ if arg.is_option() => return bad_usage(&format!("unknown option {a:?}")),
            _ if dir.is_none() => dir = Some(a.to_string()),
            _ => {
                return bad_usage(&format!(
                    "one folder only (got {:?} and {a:?})",
                    dir.unwrap_or_default()
                ))
            }
        }
    }
    let Some(dir) = dir else { return bad_usage("which folder? (tenant-planner plan DIR)") };
    let project = match load_dir(Path::new(&dir)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            return ExitCode::from(2);
        }
    };
    let p = plan(&project, &dir, profile);
    let out = match fmt {
        PlanFormat::Json => to_json(&p),
        PlanFormat::Sql => to_sql(&p),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("tenant-planner: cannot write the output: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// `tenant-planner link-stats DIR…`: for scripts/bench, each folder's share-link size and the
/// encode/decode time, as JSON lines.
fn link_stats(dirs: &[String]) -> ExitCode {
    use tenant_planner_core::share::{decode, encode, Shared, View};
    for d in dirs {
        let project = match load_dir(Path::new(d)) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("tenant-planner: {e}");
                return ExitCode::from(2);
            }
        };
        let sql: usize = project.files.iter().map(|f| f.text.len()).sum();
        let shared = Shared { project, view: View::default() };
        let t = std::time::Instant::now();
        let link = match encode(&shared) {
            Ok(l) => l,
            Err(e) => {
                println!(
                    "{{\"dir\": {d:?}, \"sql_bytes\": {sql}, \"error\": {:?}}}",
                    e.to_string()
                );
                continue;
            }
        };
        let enc = t.elapsed().as_secs_f64() * 1000.0;
        let t = std::time::Instant::now();
        let back = decode(&link).expect("own link decodes");
        let dec = t.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(back, shared);
        println!("{{\"dir\": {d:?}, \"sql_bytes\": {sql}, \"link_chars\": {}, \"encode_ms\": {enc:.2}, \"decode_ms\": {dec:.2}}}", link.len());
    }
    ExitCode::SUCCESS
}

struct Options {
    dir: String,
    profile: Option<Profile>,
    format: Format,
    fail_on: Vec<fail_on::FailOn>,
    link_base: Option<String>,
    continue_on_error: bool,
    stand_in_extensions: bool,
    server: Option<Server>,
    scale: Vec<Scale>,
}

/// `check`'s arguments (`--opt value` or `--opt=value`).
fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        dir: String::new(),
        profile: None,
        format: Format::Text,
        fail_on: Vec::new(),
        link_base: None,
        continue_on_error: false,
        stand_in_extensions: false,
        server: None,
        scale: Vec::new(),
    };
    let mut dir = None;
    let mut it = Args::new(args);
    while let Some(arg) = it.next() {
        let mut value = |_: &str| it.value(&arg);
        let (name, a) = (arg.name, arg.text);
        match name {
            "--profile" => {
                let v = value(name)?;
                o.profile = Some(Profile::parse(&v).ok_or_else(|| {
                    format!("unknown profile {v:?} (expected supabase or postgres)")
                })?);
            }
            "--format" => {
                let v = value(name)?;
                o.format = Format::parse(&v).ok_or_else(|| {
                    format!("unknown format {v:?} (expected text, json, sarif or github)")
                })?;
            }
            "--fail-on" => o.fail_on.extend(fail_on::parse(&value(name)?)?),
            "--link-base" => o.link_base = Some(value(name)?).filter(|v| !v.is_empty()),
            "--continue" if arg.bare() => o.continue_on_error = true,
            "--stand-in-extensions" if arg.bare() => o.stand_in_extensions = true,
            "--postgres" | "--postgres-version" if o.server.is_some() => {
                return Err("one server: --postgres URL or --postgres-version N".into())
            }
            "--postgres" => {
                let v = value(name)?;
                server::parse_url(&v)?;
                o.server = Some(Server::Url(v));
            }
            "--postgres-version" => {
                let v = value(name)?;
                match v.parse::<u32>().ok().filter(|n| server::VERSIONS.contains(n)) {
                    Some(n) => o.server = Some(Server::Version(n)),
                    None => {
                        return Err(format!(
                            "unknown --postgres-version {v:?} (expected 15, 16 or 17)"
                        ))
                    }
                }
            }
            "--scale" => o.scale.push(parse_scale(&value(name)?)?),
            _ if arg.is_option() => return Err(format!("unknown option {a:?}")),
            _ if dir.is_none() => dir = Some(a.to_string()),
            _ => {
                return Err(format!(
                    "one folder only (got {:?} and {a:?})",
                    dir.unwrap_or_default()
                ))
            }
        }
    }
    if !o.scale.is_empty() && o.server.is_none() {
        return Err("--scale needs a real server (--postgres URL or --postgres-version 15|16|17): PGlite runs on one connection, and one connection cannot watch its own statement's locks".into());
    }
    o.dir = dir.ok_or("which folder? (tenant-planner check DIR)")?;
    Ok(o)
}

/// Write the output; 2 when stdout fails (a closed pipe is not a failure).
fn write_out(out: &str) -> Result<(), ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("tenant-planner: cannot write the output: {e}");
            Err(ExitCode::from(2))
        }
        _ => Ok(()),
    }
}

/// `diff BASE HEAD …`, or `check HEAD --base BASE …` (`check_mode`): both versions run, compared.
fn diff(args: &[String], check_mode: bool) -> ExitCode {
    use tenant_planner_native::compare::{self, gate, DiffFormat};
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let o = match compare::parse(args, check_mode) {
        Ok(o) => o,
        Err(e) => return bad_usage(&e),
    };
    let c = match compare::compare_dirs(&o) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            return ExitCode::from(2);
        }
    };
    let link = compare::link(&o, &c);
    let g = gate::judge(&c.delta, &c.base, &c.head, &o.fail_on);
    let color = o.format == DiffFormat::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let out = compare::render(&o, &c, link.as_ref(), &g, color);
    if o.format != DiffFormat::Text {
        for r in &g.reasons {
            eprintln!("fail-on {r}");
        }
    }
    if let Err(code) = write_out(&out) {
        return code;
    }
    ExitCode::from(g.exit_code())
}

fn check(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--base" || a.starts_with("--base=")) {
        return diff(args, true);
    }
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return bad_usage(&e),
    };
    let mut project = match load_dir(Path::new(&o.dir)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            return ExitCode::from(2);
        }
    };
    project.stand_in_extensions |= o.stand_in_extensions;
    let ran = match &o.server {
        None => simulate(&project, o.profile, o.continue_on_error, &mut ()),
        Some(s) => {
            server::simulate_scaled(s, &project, o.profile, o.continue_on_error, &o.scale, &mut ())
        }
    };
    let (run, report) = match ran {
        Ok(ran) => ran,
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            return ExitCode::from(2);
        }
    };
    // The link reopens the project as run: with the profile chosen here, if any.
    project.profile = o.profile.or(project.profile);
    // The JSON carries the project and the run, so the app can open it and show this run
    // (on this engine) exactly as it was, without running it again.
    let report = if o.format == Format::Json { report.with_run(&project, &run) } else { report };
    let cx = Context {
        dir: o.dir.clone(),
        link: o.link_base.as_deref().map(|base| format::share_link(&project, base)),
        verdict: fail_on::decide(&report, &o.fail_on),
    };
    let color = o.format == Format::Text
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let out = format::render(o.format, &report, &cx, color);
    if matches!(o.format, Format::Json | Format::Sarif) {
        match &cx.link {
            Some(Ok(url)) => eprintln!("Preview: {url}"),
            Some(Err(why)) => eprintln!("Preview: no link ({why})"),
            None => {}
        }
    }
    if let Err(code) = write_out(&out) {
        return code;
    }
    ExitCode::from(cx.verdict.exit_code())
}

/// `versions DIR …`: the project on PGlite and on each PostgreSQL version, compared.
fn versions(args: &[String]) -> ExitCode {
    use tenant_planner_native::versions::{self, text, MatrixFormat};
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let o = match versions::parse(args) {
        Ok(o) => o,
        Err(e) => return bad_usage(&e),
    };
    let m = match versions::run(&o) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            return ExitCode::from(2);
        }
    };
    let out = match o.format {
        MatrixFormat::Text => text::render(&m),
        MatrixFormat::Json => text::json(&m),
    };
    if let Err(code) = write_out(&out) {
        return code;
    }
    ExitCode::from(m.exit_code())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("plan") => plan(&args[1..]),
        Some("diff") => diff(&args[1..], false),
        Some("versions") => versions(&args[1..]),
        Some("link-stats") => link_stats(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Some("-V" | "--version") => {
            println!("tenant-planner {}", tenant_planner_core::report::TOOL_VERSION);
            ExitCode::SUCCESS
        }
        Some(other) => bad_usage(&format!("unknown command {other:?}")),
        None => bad_usage("no command"),
    }
}
