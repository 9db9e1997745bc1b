//! sqitch: `deploy/<change>.sql` (up), `verify/<change>.sql` (validation), `revert/<change>.sql`
//! (rollback), in the order of `sqitch.plan` (reverts in reverse). A change reworked later in
//! the plan keeps its older scripts as `deploy/<change>@<tag>.sql`, `<tag>` being the first tag
//! after the older occurrence for which such a script exists.

use super::path::FilePath;
use super::{Convention, FileConvention, SortKey, GROUP_FIRST, GROUP_LAST};
use crate::files::{Role, SqlFile};
use std::collections::{BTreeMap, BTreeSet};

const KINDS: [(&str, Role); 3] =
    [("deploy", Role::Up), ("verify", Role::Validate), ("revert", Role::Rollback)];

/// The sqitch root (folders before `deploy/`…), the kind, and the change with any `@tag`.
fn parts(p: &FilePath) -> Option<(String, usize, String)> {
    let (at, k) = p.dirs.iter().enumerate().find_map(|(i, d)| {
        KINDS.iter().position(|(kind, _)| d.eq_ignore_ascii_case(kind)).map(|k| (i, k))
    })?;
    let mut change: Vec<&str> = p.dirs[at + 1..].to_vec();
    change.push(p.stem());
    Some((p.dirs[..at].join("/"), k, change.join("/")))
}

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    let (_, k, change) = parts(p)?;
    let (kind, role) = KINDS[k];
    let what = match role {
        Role::Up => "deploys",
        Role::Validate => "verifies",
        _ => "reverts",
    };
    // Until a plan says where: after the planned changes, by name.
    Some(FileConvention::new(
        Convention::Sqitch,
        role,
        SortKey::in_group(GROUP_LAST, Vec::new(), p.full),
        format!("sqitch: {kind}/{change}.sql {what} change {change}; no sqitch.plan loaded, so it runs by name"),
    ))
}

/// One change line of a plan, in plan order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    pub name: String,
    /// Tags that follow this occurrence, nearest first, up to the change's next occurrence.
    pub tags_after: Vec<String>,
    /// The change occurs again later (it was reworked).
    pub reworked: bool,
}

/// The changes of a `sqitch.plan`, in order (pragmas, tags, blank and comment lines skipped).
pub fn parse_plan(text: &str) -> Vec<PlanChange> {
    let mut changes: Vec<PlanChange> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('%') {
            continue;
        }
        let word = t.split_whitespace().next().unwrap_or("");
        if let Some(tag) = word.strip_prefix('@') {
            for c in changes.iter_mut().filter(|c| !c.reworked) {
                c.tags_after.push(tag.to_string());
            }
            continue;
        }
        // `+change` / `-change` (deploy / revert operators) name a change too.
        let name = word.trim_start_matches(['+', '-']).to_string();
        for c in changes.iter_mut().filter(|c| c.name == name) {
            c.reworked = true;
        }
        changes.push(PlanChange { name, tags_after: Vec::new(), reworked: false });
    }
    changes
}

/// Order and reasons from each loaded `sqitch.plan` for the sqitch files under the same root.
pub fn apply_plans(files: &[SqlFile], plans: &[SqlFile], det: &mut [FileConvention]) {
    for plan in plans.iter().filter(|p| FilePath::new(&p.name).base == "sqitch.plan") {
        let root = FilePath::new(&plan.name).dir();
        let changes = parse_plan(&plan.text);
        // The scripts present under this root, by kind.
        let mut scripts: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
        for (i, f) in files.iter().enumerate() {
            if let Some((r, k, change)) = parts(&FilePath::new(&f.name)) {
                if r == root {
                    scripts.entry(k).or_default().push((i, change));
                }
            }
        }
        let present: BTreeSet<&str> = scripts.values().flatten().map(|(_, c)| c.as_str()).collect();
        // The script name of each plan position: `change`, or `change@tag` for an older version.
        let mut position: BTreeMap<String, usize> = BTreeMap::new();
        for (pos, c) in changes.iter().enumerate() {
            let script = if c.reworked {
                let with = |t: &String| format!("{}@{t}", c.name);
                c.tags_after
                    .iter()
                    .map(with)
                    .find(|s| present.contains(s.as_str()))
                    .or_else(|| c.tags_after.first().map(with))
            } else {
                Some(c.name.clone())
            };
            if let Some(s) = script {
                position.entry(s).or_insert(pos);
            }
        }
        let n = changes.len();
        for (k, list) in scripts {
            let (kind, role) = KINDS[k];
            for (i, change) in list {
                let d = &mut det[i];
                match position.get(&change) {
                    Some(&pos) => {
                        d.key = SortKey::versioned(vec![pos as u128], &files[i].name);
                        let base = change.split('@').next().unwrap_or(&change);
                        let rework = if change.contains('@') {
                            format!(" (the version of {base} before it was reworked)")
                        } else {
                            String::new()
                        };
                        let when = match role {
                            Role::Rollback => "reverted in reverse plan order",
                            Role::Validate => "verified after the deploys, in plan order",
                            _ => "deployed in plan order",
                        };
                        d.reason = format!(
                            "sqitch: {kind}/{change}.sql is change {} of {n} in {}{rework}; {when}",
                            pos + 1,
                            plan.name
                        );
                    }
                    None => {
                        // After the planned ones (rollbacks run in reverse: those sort first).
                        if role == Role::Rollback {
                            d.key.group = GROUP_FIRST;
                        }
                        d.reason = format!("sqitch: {kind}/{change}.sql has no change in {}: sqitch never runs it; here it runs after the planned ones", plan.name);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_with_a_reworked_change() {
        let plan = "%syntax-version=1.0.0\n%project=t\n\norgs 2024-01-01T00:00:00Z A <a@x> # orgs\nstats [orgs] 2024-01-02T00:00:00Z A <a@x>\n@v1.0 2024-01-03T00:00:00Z A <a@x> # release\n@v1.1 2024-01-04T00:00:00Z A <a@x>\nstats [stats@v1.0] 2024-01-05T00:00:00Z A <a@x> # reworked\n";
        let c = parse_plan(plan);
        assert_eq!(
            c.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["orgs", "stats", "stats"]
        );
        assert_eq!(
            (c[1].reworked, c[1].tags_after.clone()),
            (true, vec!["v1.0".to_string(), "v1.1".to_string()])
        );
        assert!(!c[2].reworked && c[2].tags_after.is_empty());
    }
}
