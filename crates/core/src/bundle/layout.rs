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

/// File index → path inside the bundle.
pub fn file_paths(project: &Project, opts: &Options) -> BTreeMap<usize, String> {
    let order = project.order();
    let run_order: Vec<usize> = order.apply.iter().chain(order.rollback.iter()).copied().collect();
    let width = run_order.len().to_string().len().max(2);
    let prefixed = |k: usize, name: &str| if opts.order_prefix { format!("{:0width$}_{name}", k + 1) } else { name.to_string() };
    let mut out = BTreeMap::new();
    match opts.layout {
        Layout::Plain => {
            for (k, &i) in run_order.iter().enumerate() {
                out.insert(i, format!("files/{}", prefixed(k, &project.files[i].name)));
            }
        }
        Layout::Supabase => {
            let seeds = run_order.iter().filter(|&&i| project.files[i].role() == Role::Seed).count();
            let mut last: u64 = 0;
            for (k, &i) in run_order.iter().enumerate() {
                let f = &project.files[i];
                let path = match f.role() {
                    Role::Up => {
                        let (ts, rest) = timestamp(&f.name, &opts.date, last);
                        last = ts;
                        format!("supabase/migrations/{ts}_{rest}")
                    }
                    Role::Seed if seeds == 1 => "supabase/seed.sql".into(),
                    Role::Seed => format!("supabase/seeds/{}", prefixed(k, &f.name)),
                    Role::Validate => format!("supabase/tests/{}", prefixed(k, &f.name)),
                    Role::Rollback => format!("rollback/{}", prefixed(k, &f.name)),
                    Role::Baseline => format!("baseline/{}", prefixed(k, &f.name)),
                };
                out.insert(i, path);
            }
        }
    }
    out
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
        8 if digits.starts_with("19") || digits.starts_with("20") => digits.parse::<u64>().ok().map(|d| d * 1_000_000),
        12 if digits.starts_with("19") || digits.starts_with("20") => digits.parse::<u64>().ok().map(|d| d * 100),
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
        assert_eq!(timestamp("20250102120000_orgs.sql", "20261126", 0), (20250102120000, "orgs.sql".into()));
        assert_eq!(timestamp("20250102_orgs.sql", "20261126", 0), (20250102000000, "orgs.sql".into()));
        // Same date twice: strictly increasing.
        assert_eq!(timestamp("20250102_more.sql", "20261126", 20250102000000), (20250102000001, "more.sql".into()));
        // No date: one made on the given date, after the last.
        assert_eq!(timestamp("001_add_orgs.sql", "20261126", 0), (20261126000001, "add_orgs.sql".into()));
        assert_eq!(timestamp("add_orgs.sql", "20261126", 20261126000001), (20261126000002, "add_orgs.sql".into()));
        assert_eq!(timestamp("002.sql", "20261126", 0).1, "migration.sql");
    }
}
