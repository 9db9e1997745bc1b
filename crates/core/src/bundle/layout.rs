//! Where each file goes in the bundle: `files/` in run order (optionally prefixed with its
//! position), or the Supabase CLI's layout (`supabase/migrations/<timestamp>_<name>.sql`).

use super::Options;
use crate::files::Role;
use crate::project::Project;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Plain,
    Supabase,
}

/// File index → path inside the bundle. Folder paths of loaded folders are kept under `files/`
/// (flattened with `__` when prefixed, so the files list in run order); the down part of a dbmate
/// file (`x.sql#down`) becomes `x.migrate-down.sql`.
pub fn file_paths(project: &Project, opts: &Options) -> BTreeMap<usize, String> {
    let order = project.order();
    let run_order: Vec<usize> = order.apply.iter().chain(order.rollback.iter()).copied().collect();
    let width = run_order.len().to_string().len().max(2);
    let prefixed = |k: usize, name: &str| {
        if opts.order_prefix {
            format!("{:0width$}_{}", k + 1, name.replace('/', "__"))
        } else {
            name.to_string()
        }
    };
    // One flat name per file for the Supabase layout: its base name, or its whole path when
    // two files share a base name.
    let bases: Vec<String> = project.files.iter().map(|f| export_base(&f.name)).collect();
    let flat = |i: usize| {
        if bases.iter().filter(|b| **b == bases[i]).count() > 1 {
            sectionless(&project.files[i].name).replace('/', "__")
        } else {
            bases[i].clone()
        }
    };
    let mut out = BTreeMap::new();
    match opts.layout {
        Layout::Plain => {
            for (k, &i) in run_order.iter().enumerate() {
                out.insert(
                    i,
                    format!("files/{}", prefixed(k, &sectionless(&project.files[i].name))),
                );
            }
        }
        Layout::Supabase => {
            let seeds =
                run_order.iter().filter(|&&i| project.files[i].role() == Role::Seed).count();
            let mut last: u64 = 0;
            for (k, &i) in run_order.iter().enumerate() {
                let f = &project.files[i];
                let path = match f.role() {
                    Role::Up => {
                        let (ts, rest) = timestamp(&flat(i), &opts.date, last);
                        last = ts;
                        format!("supabase/migrations/{ts}_{rest}")
                    }
                    Role::Seed if seeds == 1 => "supabase/seed.sql".into(),
                    Role::Seed => format!("supabase/seeds/{}", prefixed(k, &flat(i))),
                    Role::Validate => format!("supabase/tests/{}", prefixed(k, &flat(i))),
                    Role::Rollback => format!("rollback/{}", prefixed(k, &flat(i))),
                    Role::Baseline => format!("baseline/{}", prefixed(k, &flat(i))),
                };
                out.insert(i, path);
            }
        }
    }
    out
}

/// A project file's name as a relative path inside the bundle: `x.sql#down` →
/// `x.migrate-down.sql`; no empty, `.` or `..` component (a name from a link cannot point
/// outside the folder the bundle is unzipped into).
fn sectionless(name: &str) -> String {
    let name = name.replace('\\', "/");
    let safe: Vec<&str> =
        name.split('/').filter(|c| !c.is_empty() && *c != "." && *c != "..").collect();
    let name = safe.join("/");
    match name.strip_suffix("#down") {
        Some(file) => format!("{}.migrate-down.sql", file.strip_suffix(".sql").unwrap_or(file)),
        None => name,
    }
}

/// The base name a file is exported under: `…/<ts>_name/migration.sql` (Prisma) →
/// `<ts>_name.sql`, else the last path component.
fn export_base(name: &str) -> String {
    let name = sectionless(name);
    let mut parts = name.rsplit('/');
    let base = parts.next().unwrap_or(&name).to_string();
    match parts.next() {
        Some(dir) if base.eq_ignore_ascii_case("migration.sql") => format!("{dir}.sql"),
        _ => base,
    }
}

/// A Supabase migration timestamp (14 digits, strictly after `last`) and the rest of the name.
/// A name that starts with a 14-digit timestamp keeps it; a shorter leading number (a date such
/// as `20250102`, or `001`) is padded when it reads as a date, else a timestamp on `date` is made.
fn timestamp(name: &str, date: &str, last: u64) -> (u64, String) {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    let mut rest = name[digits.len()..].trim_start_matches(['_', '-']).to_string();
    if rest.is_empty() || rest.eq_ignore_ascii_case(".sql") {
        rest = "migration.sql".into();
    }
    if !rest.ends_with(".sql") {
        rest.push_str(".sql");
    }
    let wanted = match digits.len() {
        14 => digits.parse().ok(),
        8 if digits.starts_with("19") || digits.starts_with("20") => {
            digits.parse::<u64>().ok().map(|d| d * 1_000_000)
        }
        12 if digits.starts_with("19") || digits.starts_with("20") => {
            digits.parse::<u64>().ok().map(|d| d * 100)
        }
        _ => None,
    };
    let base: u64 = date.parse::<u64>().unwrap_or(20000101) * 1_000_000;
    let ts = match wanted {
        Some(t) if t > last => t,
        Some(_) => last + 1,
        None => (last + 1).max(base + 1),
    };
    (ts, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supabase_timestamps_keep_padded_and_made_up() {
        assert_eq!(
            timestamp("20250102120000_orgs.sql", "20261126", 0),
            (20250102120000, "orgs.sql".into())
        );
        assert_eq!(
            timestamp("20250102_orgs.sql", "20261126", 0),
            (20250102000000, "orgs.sql".into())
        );
        // Same date twice: strictly increasing.
        assert_eq!(
            timestamp("20250102_more.sql", "20261126", 20250102000000),
            (20250102000001, "more.sql".into())
        );
        // No date: one made on the given date, after the last.
        assert_eq!(
            timestamp("001_add_orgs.sql", "20261126", 0),
            (20261126000001, "add_orgs.sql".into())
        );
        assert_eq!(
            timestamp("add_orgs.sql", "20261126", 20261126000001),
            (20261126000002, "add_orgs.sql".into())
        );
        assert_eq!(timestamp("002.sql", "20261126", 0).1, "migration.sql");
    }

    #[test]
    fn folder_paths_and_dbmate_parts_become_file_names() {
        assert_eq!(
            export_base("prisma/migrations/20240110083000_init/migration.sql"),
            "20240110083000_init.sql"
        );
        assert_eq!(
            export_base("supabase/migrations/20240101000000_orgs.sql"),
            "20240101000000_orgs.sql"
        );
        assert_eq!(export_base("db/migrations/1_x.sql#down"), "1_x.migrate-down.sql");
        assert_eq!(sectionless("../../etc/x.sql"), "etc/x.sql");
        let p = Project {
            files: vec![
                crate::files::SqlFile::new(
                    "prisma/migrations/20240110083000_init/migration.sql",
                    "create table a (id int);",
                ),
                crate::files::SqlFile::new(
                    "prisma/migrations/20240117141500_more/migration.sql",
                    "create table b (id int);",
                ),
                crate::files::SqlFile::new("tests/a/check.sql", "select 1;"),
                crate::files::SqlFile::new("tests/b/check.sql", "select 1;"),
            ],
            ..Default::default()
        };
        let plain = file_paths(
            &p,
            &super::super::Options {
                order_prefix: true,
                layout: Layout::Plain,
                date: "20261126".into(),
            },
        );
        assert_eq!(plain[&0], "files/01_prisma__migrations__20240110083000_init__migration.sql");
        let sb = file_paths(
            &p,
            &super::super::Options {
                order_prefix: false,
                layout: Layout::Supabase,
                date: "20261126".into(),
            },
        );
        assert_eq!(sb[&0], "supabase/migrations/20240110083000_init.sql");
        assert_eq!(sb[&1], "supabase/migrations/20240117141500_more.sql");
        assert_eq!(sb[&2], "supabase/tests/tests__a__check.sql");
        assert_eq!(sb[&3], "supabase/tests/tests__b__check.sql");
    }
}
