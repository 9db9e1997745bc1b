//! `tenant-planner check DIR [--profile supabase|postgres] [--continue]`: runs a migration folder
//! on the native engine and prints the report JSON (the same contract as scripts/report).
//! Exit 0 when it ran (even with failing statements), 2 when it could not run.

use std::path::PathBuf;
use std::process::ExitCode;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::report::to_json;
use tenant_planner_native::{load::load_dir, simulate};

fn usage() -> ExitCode {
    eprintln!("usage: tenant-planner check DIR [--profile supabase|postgres] [--continue]");
    ExitCode::from(2)
}

/// `tenant-planner link-stats DIR…`: for scripts/bench, each folder's share-link size and the
/// encode/decode time, as JSON lines.
fn link_stats(dirs: &[String]) -> ExitCode {
    use tenant_planner_core::share::{decode, encode, Shared, View};
    for d in dirs {
        let project = match load_dir(std::path::Path::new(d)) {
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
                println!("{{\"dir\": {d:?}, \"sql_bytes\": {sql}, \"error\": {:?}}}", e.to_string());
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("link-stats") {
        return link_stats(&args[1..]);
    }
    if args.first().map(String::as_str) != Some("check") {
        return usage();
    }
    let mut dir: Option<PathBuf> = None;
    let mut profile = None;
    let mut continue_on_error = false;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--profile" => match it.next().and_then(|p| Profile::parse(p)) {
                Some(p) => profile = Some(p),
                None => return usage(),
            },
            "--continue" => continue_on_error = true,
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => return usage(),
        }
    }
    let Some(dir) = dir else { return usage() };
    let project = match load_dir(&dir) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            return ExitCode::from(2);
        }
    };
    match simulate(&project, profile, continue_on_error, &mut ()) {
        Ok((_, report)) => {
            println!("{}", to_json(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tenant-planner: {e}");
            ExitCode::from(2)
        }
    }
}
