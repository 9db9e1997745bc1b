//! `tenant-planner diff BASE_DIR HEAD_DIR` and `tenant-planner check HEAD_DIR --base BASE_DIR`:
//! both versions of a project run on this engine with one profile, and the core compares their
//! reports (`tenant_planner_core::delta`). Printed as text, as the head's report JSON with a
//! `delta` key, or as Markdown for a pull-request comment; `--fail-on new-…` sets the exit code
//! from what the change introduced ([`gate`]).

use crate::args::Args;
use crate::format::share_link;
use crate::load::load_dir;
use std::path::Path;
use tenant_planner_core::delta::{self, Delta};
use tenant_planner_core::profile::{detect_profile, Profile};
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;

pub mod gate;
pub mod text;

/// `--format` of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

impl DiffFormat {
    pub fn parse(s: &str) -> Option<DiffFormat> {
        match s.to_ascii_lowercase().as_str() {
            "text" => Some(DiffFormat::Text),
            "json" => Some(DiffFormat::Json),
            "markdown" | "md" => Some(DiffFormat::Markdown),
            _ => None,
        }
    }
}

/// A comparison's options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub base: String,
    pub head: String,
    pub profile: Option<Profile>,
    pub format: DiffFormat,
    pub fail_on: Vec<gate::Condition>,
    pub link_base: Option<String>,
    pub continue_on_error: bool,
    pub stand_in_extensions: bool,
}

impl Options {
    pub fn new(base: &str, head: &str) -> Options {
        Options {
            base: base.into(),
            head: head.into(),
            profile: None,
            format: DiffFormat::Text,
            fail_on: Vec::new(),
            link_base: None,
            continue_on_error: false,
            stand_in_extensions: false,
        }
    }
}

/// `diff BASE HEAD …` (`check_mode`: `check HEAD --base BASE …`), as `--opt value` or
/// `--opt=value`.
pub fn parse(args: &[String], check_mode: bool) -> Result<Options, String> {
    let mut o = Options::new("", "");
    let (mut dirs, mut base) = (Vec::new(), None);
    let mut it = Args::new(args);
    while let Some(arg) = it.next() {
        let mut value = |_: &str| it.value(&arg);
        let (name, a) = (arg.name, arg.text);
        match name {
            "--base" if check_mode => base = Some(value(name)?),
            "--profile" => {
                let v = value(name)?;
                o.profile = Some(Profile::parse(&v).ok_or_else(|| {
                    format!("unknown profile {v:?} (expected supabase or postgres)")
                })?);
            }
            "--format" => {
                let v = value(name)?;
                o.format = DiffFormat::parse(&v).ok_or_else(|| {
                    format!(
                        "unknown format {v:?} for a comparison (expected text, json or markdown)"
                    )
                })?;
            }
            "--fail-on" => o.fail_on.extend(gate::parse(&value(name)?)?),
            "--link-base" => o.link_base = Some(value(name)?).filter(|v| !v.is_empty()),
            "--continue" if arg.bare() => o.continue_on_error = true,
            "--stand-in-extensions" if arg.bare() => o.stand_in_extensions = true,
            _ if arg.is_option() => return Err(format!("unknown option {a:?}")),
            _ => dirs.push(a.to_string()),
        }
    }
    match (check_mode, base, dirs.as_slice()) {
        (true, Some(b), [h]) => (o.base, o.head) = (b, h.clone()),
        (true, _, []) => {
            return Err("which folder? (tenant-planner check HEAD_DIR --base BASE_DIR)".into())
        }
        (true, _, [_, second, ..]) => {
            return Err(format!("one head folder only (got also {second:?})"))
        }
        (true, None, _) => return Err("--base needs the base folder".into()),
        (false, _, [b, h]) => (o.base, o.head) = (b.clone(), h.clone()),
        (false, _, [_, _, third, ..]) => {
            return Err(format!("two folders only, base then head (got also {third:?})"))
        }
        (false, _, _) => {
            return Err("which folders? (tenant-planner diff BASE_DIR HEAD_DIR)".into())
        }
    }
    Ok(o)
}

/// Both versions run, and compared.
#[derive(Debug, Clone)]
pub struct Compared {
    pub base: Report,
    pub head: Report,
    pub delta: Delta,
    /// The head as run (its profile set): what the preview link opens.
    pub head_project: Project,
}

/// The profile both versions run with: the one asked for, else the head's own setting, else the
/// one the head's files suggest.
pub fn shared_profile(asked: Option<Profile>, head: &Project) -> Profile {
    asked.or(head.profile).unwrap_or_else(|| detect_profile(&head.files).profile)
}

/// Load and run both folders on this engine with one profile and one extensions setting, and
/// compare their reports. The error names the folder that could not be read or run.
pub fn compare_dirs(o: &Options) -> Result<Compared, String> {
    let mut base = load_dir(Path::new(&o.base)).map_err(|e| format!("base: {e}"))?;
    let mut head = load_dir(Path::new(&o.head)).map_err(|e| format!("head: {e}"))?;
    let profile = shared_profile(o.profile, &head);
    let stand_in = o.stand_in_extensions || head.stand_in_extensions;
    for p in [&mut base, &mut head] {
        p.profile = Some(profile);
        p.stand_in_extensions = stand_in;
    }
    let run = |p: &Project, which: &str| {
        crate::simulate(p, Some(profile), o.continue_on_error, &mut ())
            .map(|(_, r)| r)
            .map_err(|e| format!("{which}: {e}"))
    };
    let (base_report, head_report) = (run(&base, "base")?, run(&head, "head")?);
    let delta = delta::compare(&base_report, &head_report);
    Ok(Compared { base: base_report, head: head_report, delta, head_project: head })
}

/// The output in `o.format` (`link`: the head's share link, when `--link-base` was given).
pub fn render(
    o: &Options,
    c: &Compared,
    link: Option<&Result<String, String>>,
    g: &gate::Gate,
    color: bool,
) -> String {
    match o.format {
        DiffFormat::Json => delta::report_json(&c.head, &c.delta) + "\n",
        DiffFormat::Markdown => delta::markdown(&c.delta, link),
        DiffFormat::Text => text::render(o, &c.delta, link, g, color),
    }
}

/// `--link-base URL`: the head's share link, or why there is none.
pub fn link(o: &Options, c: &Compared) -> Option<Result<String, String>> {
    o.link_base.as_deref().map(|base| share_link(&c.head_project, base))
}
