//! Migration-tool conventions: the role and the order of each file from its relative path (as
//! dropped or read from disk) and, where the tool marks it there, its content.
//!
//! Each convention has its own file. A file's role depends on the file alone
//! ([`detect_file`]: the same answer wherever it is asked); its place in the run depends on the
//! project ([`detect`]: sqitch's plan, Supabase's seed after the migrations). Every detection
//! carries a reason a person can check ("Flyway: V1_2__x.sql is version 1.2"). The user's
//! overrides of role and order still win (`SqlFile::role_override`, `Project::manual_order`).

pub mod content;
pub mod dbmate;
mod drizzle;
mod flyway;
mod golang_migrate;
pub mod graphile_migrate;
mod numbered;
pub mod path;
mod pg_dump;
mod prisma;
mod role;
pub mod sqitch;
mod supabase;
#[cfg(test)]
mod tests;

use crate::files::{Order, Role, SqlFile};
use path::FilePath;
pub use role::{default_order, detect_role};
use serde::{Deserialize, Serialize};

/// The tools (and plain layouts) recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    Supabase,
    Sqitch,
    Prisma,
    GolangMigrate,
    Flyway,
    Dbmate,
    GraphileMigrate,
    Drizzle,
    PgDump,
    Numbered,
    Plain,
}

impl Convention {
    pub const ALL: [Convention; 11] = [
        Convention::Supabase,
        Convention::Sqitch,
        Convention::Prisma,
        Convention::GolangMigrate,
        Convention::Flyway,
        Convention::Dbmate,
        Convention::GraphileMigrate,
        Convention::Drizzle,
        Convention::PgDump,
        Convention::Numbered,
        Convention::Plain,
    ];

    /// The id used in the report and in fixtures' expected.json.
    pub fn id(self) -> &'static str {
        match self {
            Convention::Supabase => "supabase",
            Convention::Sqitch => "sqitch",
            Convention::Prisma => "prisma",
            Convention::GolangMigrate => "golang-migrate",
            Convention::Flyway => "flyway",
            Convention::Dbmate => "dbmate",
            Convention::GraphileMigrate => "graphile-migrate",
            Convention::Drizzle => "drizzle",
            Convention::PgDump => "pg_dump",
            Convention::Numbered => "numbered",
            Convention::Plain => "plain",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Convention::Supabase => "Supabase CLI",
            Convention::Sqitch => "sqitch",
            Convention::Prisma => "Prisma Migrate",
            Convention::GolangMigrate => "golang-migrate",
            Convention::Flyway => "Flyway",
            Convention::Dbmate => "dbmate",
            Convention::GraphileMigrate => "graphile-migrate",
            Convention::Drizzle => "drizzle-kit",
            Convention::PgDump => "pg_dump",
            Convention::Numbered => "Numbered files",
            Convention::Plain => "Plain files",
        }
    }

    /// How the tool orders and casts its files, in one sentence.
    pub fn rule(self) -> &'static str {
        match self {
            Convention::Supabase => "supabase/migrations/<timestamp>_name.sql in timestamp order, then seed.sql, then the pgTAP tests in supabase/tests",
            Convention::Sqitch => "deploy/ in sqitch.plan order (reworked changes from deploy/<change>@<tag>.sql), verify/ as validation, revert/ in reverse plan order",
            Convention::Prisma => "migrations/<timestamp>_name/migration.sql in timestamp order",
            Convention::GolangMigrate => "N_name.up.sql in numeric version order (10 after 9); N_name.down.sql roll back, newest first",
            Convention::Flyway => "V<version>__name.sql by version, compared number by number (1.10 after 1.9), then R__name.sql repeatables by name; U<version>__name.sql undo, newest first",
            Convention::Dbmate => "one file per migration: its -- migrate:up section runs as an up migration, its -- migrate:down section as the rollback (newest first)",
            Convention::GraphileMigrate => "afterReset.sql first, then committed/ by number, then the work in progress (current.sql or current/)",
            Convention::Drizzle => "NNNN_name.sql by number (statements separated by --> statement-breakpoint)",
            Convention::PgDump => "a pg_dump file is the existing schema: it runs as the baseline",
            Convention::Numbered => "files by their leading number, then by name; words in a name give its role (seed, rollback, test …)",
            Convention::Plain => "no tool's layout: roles from the words in file names (seed, rollback, test …), files by name",
        }
    }
}

/// Where a file goes among the files of its stage: `group` (0 first, 1 versioned, 2 by name,
/// 3 last), then the version compared number by number, then the path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct SortKey {
    pub group: u8,
    pub version: Vec<u128>,
    pub name: String,
}

pub const GROUP_FIRST: u8 = 0;
pub const GROUP_VERSIONED: u8 = 1;
pub const GROUP_BY_NAME: u8 = 2;
pub const GROUP_LAST: u8 = 3;

impl SortKey {
    pub fn versioned(version: Vec<u128>, name: &str) -> Self {
        SortKey { group: GROUP_VERSIONED, version, name: name.to_string() }
    }
    pub fn by_name(name: &str) -> Self {
        SortKey { group: GROUP_BY_NAME, version: Vec::new(), name: name.to_string() }
    }
    pub fn in_group(group: u8, version: Vec<u128>, name: &str) -> Self {
        SortKey { group, version, name: name.to_string() }
    }
}

/// What a convention says about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileConvention {
    pub convention: Convention,
    pub role: Role,
    pub key: SortKey,
    /// A seed that runs after the up migrations, as Supabase's `seed.sql` does
    /// (`supabase db reset`: migrations, then seed).
    pub after_up: bool,
    pub reason: String,
}

impl FileConvention {
    pub fn new(
        convention: Convention,
        role: Role,
        key: SortKey,
        reason: impl Into<String>,
    ) -> Self {
        FileConvention { convention, role, key, after_up: false, reason: reason.into() }
    }
}

/// The role and order key of one file, from its path and content alone.
pub fn detect_file(name: &str, text: &str) -> FileConvention {
    let p = FilePath::new(name);
    dbmate::detect(&p, text)
        .or_else(|| sqitch::detect(&p))
        .or_else(|| supabase::detect(&p))
        .or_else(|| prisma::detect(&p))
        .or_else(|| golang_migrate::detect(&p))
        .or_else(|| flyway::detect(&p))
        .or_else(|| graphile_migrate::detect(&p))
        .or_else(|| drizzle::detect(&p, text))
        .or_else(|| pg_dump::detect(&p, text))
        .unwrap_or_else(|| numbered::detect(&p, text))
}

/// The whole project's detection: each file's (with what only the project tells: sqitch's plan,
/// a Supabase folder's seed), and the convention that describes the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub files: Vec<FileConvention>,
    pub convention: Convention,
    /// One line: the convention, its rule, and how many files follow it.
    pub summary: String,
}

/// Detect every file of a project. `plans` are the loaded non-SQL files that set an order
/// (`sqitch.plan`).
pub fn detect(files: &[SqlFile], plans: &[SqlFile]) -> Detection {
    let mut det: Vec<FileConvention> =
        files.iter().map(|f| detect_file(&f.name, &f.text)).collect();
    sqitch::apply_plans(files, plans, &mut det);
    supabase::apply_folder(files, &mut det);
    let (convention, summary) = summarize(&det, plans);
    Detection { files: det, convention, summary }
}

fn summarize(det: &[FileConvention], plans: &[SqlFile]) -> (Convention, String) {
    let total = det.len();
    if total == 0 {
        return (Convention::Plain, "No files yet.".into());
    }
    let count = |c: Convention| det.iter().filter(|d| d.convention == c).count();
    // The most common tool; numbered and plain files only when no tool's layout is there.
    let main = Convention::ALL
        .into_iter()
        .filter(|&c| count(c) > 0)
        .max_by_key(|&c| {
            (!matches!(c, Convention::Numbered | Convention::Plain), count(c), std::cmp::Reverse(c))
        })
        .unwrap_or(Convention::Plain);
    let n = count(main);
    let mut s = format!(
        "{}: {} ({n} of {total} file{})",
        main.label(),
        main.rule(),
        if total == 1 { "" } else { "s" }
    );
    if main == Convention::Sqitch {
        match plans.iter().find(|p| FilePath::new(&p.name).base == "sqitch.plan") {
            Some(p) => s += &format!("; order from {}", p.name),
            None => s += "; no sqitch.plan loaded, so deploy/ runs by name (add sqitch.plan for the plan's order)",
        }
    }
    let others: Vec<String> = Convention::ALL
        .into_iter()
        .filter(|&c| c != main && count(c) > 0)
        .map(|c| format!("{} {}", count(c), c.label().to_lowercase()))
        .collect();
    if !others.is_empty() {
        s += &format!("; also {}", others.join(", "));
    }
    (main, s)
}

/// The run order: baseline, seed, up, (Supabase seed), validation, each by its sort key; then
/// the rollback files, newest first (the reverse of their keys).
pub fn order(files: &[SqlFile], plans: &[SqlFile]) -> Order {
    let det = detect(files, plans);
    order_with(files, &det)
}

/// [`order`] with a detection already made.
pub fn order_with(files: &[SqlFile], det: &Detection) -> Order {
    let role = |i: usize| files[i].role_override.unwrap_or(det.files[i].role);
    let phase = |i: usize| -> u8 {
        let r = role(i);
        if files[i].role_override.is_none() && det.files[i].after_up && r == Role::Seed {
            Role::Up as u8 * 2 + 1
        } else {
            r as u8 * 2
        }
    };
    let mut apply: Vec<usize> = (0..files.len()).filter(|&i| role(i) != Role::Rollback).collect();
    apply.sort_by(|&a, &b| (phase(a), &det.files[a].key).cmp(&(phase(b), &det.files[b].key)));
    let mut rollback: Vec<usize> =
        (0..files.len()).filter(|&i| role(i) == Role::Rollback).collect();
    rollback.sort_by(|&a, &b| det.files[b].key.cmp(&det.files[a].key));
    Order { apply, rollback }
}

/// What to do with a loaded file, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// SQL to run.
    Sql,
    /// Not run, but sets the order (`sqitch.plan`).
    Plan,
    /// Neither: ignored (with a message).
    Other,
}

pub fn kind_of(name: &str) -> FileKind {
    let p = FilePath::new(name);
    if path::strip_suffix_ci(p.base, ".sql").is_some() {
        FileKind::Sql
    } else if p.base == "sqitch.plan" {
        FileKind::Plan
    } else {
        FileKind::Other
    }
}

/// Loaded files made ready for the project: each dbmate file with both sections becomes its up
/// part (same name) and its down part (`name#down`), line numbers unchanged.
pub fn prepare(files: Vec<SqlFile>) -> Vec<SqlFile> {
    files.into_iter().flat_map(dbmate::split_sections).collect()
}

/// The file on disk a project file comes from (`x.sql#down` → `x.sql`), for tools that open it.
pub fn source_path(name: &str) -> &str {
    FilePath::new(name).file()
}

/// The report's view of the detection: the project's convention and each file's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConventionReport {
    pub id: String,
    pub label: String,
    pub summary: String,
    pub files: Vec<FileReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReason {
    pub file: String,
    pub convention: String,
    /// The role the file runs as (the user's choice when they made one).
    pub role: String,
    pub reason: String,
}

impl Detection {
    /// Why a file has its role and place, in words; the user's choice comes first when made.
    pub fn reason(&self, files: &[SqlFile], i: usize) -> String {
        let d = &self.files[i];
        match files[i].role_override {
            Some(r) if r != d.role => format!(
                "{} by your choice (detected: {} — {})",
                r.as_str(),
                d.role.as_str(),
                d.reason
            ),
            _ => d.reason.clone(),
        }
    }

    pub fn report(&self, files: &[SqlFile]) -> ConventionReport {
        ConventionReport {
            id: self.convention.id().into(),
            label: self.convention.label().into(),
            summary: self.summary.clone(),
            files: files
                .iter()
                .enumerate()
                .map(|(i, f)| FileReason {
                    file: f.name.clone(),
                    convention: self.files[i].convention.id().into(),
                    role: f.role_override.unwrap_or(self.files[i].role).as_str().into(),
                    reason: self.reason(files, i),
                })
                .collect(),
        }
    }
}
