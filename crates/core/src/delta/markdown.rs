//! The comparison as GitHub-flavoured Markdown, made to be posted as a pull-request comment: the
//! headline first, the warnings, a base/head table of the verdict, then one table per part that
//! changed (tables, policy cells, lints, leaks with their repro SQL folded, failed statements and
//! validation checks), a line naming the parts that did not change, and the preview link.

use super::headline::count;
use super::{Changes, Delta, TableChange};
use crate::verdict::State;
use std::fmt::Write;

/// At most this many rows per table (the rest is in the JSON); GitHub caps a comment at 65536
/// characters.
const MAX_ROWS: usize = 40;
/// At most this many leaks get a repro fold.
const MAX_REPROS: usize = 8;

/// Text for a table cell: pipes escaped, one line, no HTML.
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// An inline code span (the fence longer than any backtick run inside), escaped for a table.
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|").replace(['\n', '\r'], " "))
}

fn state(s: State) -> String {
    match s {
        State::Passed => "✅ passed".into(),
        State::Failed => "❌ failed".into(),
        other => format!("⚠️ {}", other.as_str().replace('_', " ")),
    }
}

/// A table with a header, at most [`MAX_ROWS`] rows, and a line for the rest.
fn table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    let total = rows.len();
    for r in rows.into_iter().take(MAX_ROWS) {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    if total > MAX_ROWS {
        let _ = writeln!(out, "\n… and {} more (see the report JSON's `delta`).", total - MAX_ROWS);
    }
    out.push('\n');
}

fn verdict(out: &mut String, d: &Delta) {
    let v = &d.verdict;
    let mut rows = vec![vec!["**Verdict**".into(), state(v.before), state(v.after)]];
    for c in &v.checks {
        rows.push(vec![c.id.label().to_string(), state(c.before), state(c.after)]);
    }
    let r = &d.rollback;
    rows.push(vec![
        "rollback level".into(),
        r.before.as_str().replace('_', " "),
        format!("{} ({})", r.after.as_str().replace('_', " "), r.change.as_str()),
    ]);
    rows.push(vec!["files".into(), d.base.files.to_string(), d.head.files.to_string()]);
    table(out, &["", "Base", "Head"], rows);
}

fn opt_bool(b: Option<bool>, yes: &str, no: &str) -> String {
    b.map_or("—".into(), |b| if b { yes.into() } else { no.into() })
}

/// "before → after", or the one value when it did not change.
fn moved(before: String, after: String) -> String {
    if before == after || before == "—" {
        after
    } else if after == "—" {
        before
    } else {
        format!("{before} → {after}")
    }
}

fn table_row(t: &TableChange) -> Vec<String> {
    let class = moved(
        t.class_before.clone().unwrap_or("—".into()),
        t.class_after.clone().unwrap_or("—".into()),
    );
    let mut rls =
        moved(opt_bool(t.rls_before, "on", "**off**"), opt_bool(t.rls_after, "on", "**off**"));
    if t.forced_after == Some(true) && t.forced_before != Some(true) {
        rls.push_str(", forced");
    }
    let list = |added: &[String], removed: &[String]| {
        let mut v: Vec<String> = added.iter().map(|x| format!("+{}", esc(x))).collect();
        v.extend(removed.iter().map(|x| format!("−{}", esc(x))));
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    vec![
        code(&t.table),
        t.change.as_str().into(),
        esc(&class),
        rls,
        list(&t.policies_added, &t.policies_removed),
        list(&t.columns_added, &t.columns_removed),
    ]
}

fn tables(out: &mut String, d: &Delta) {
    let _ = writeln!(out, "### Tables\n");
    let rows = d.tables.iter().map(table_row).collect();
    table(out, &["Table", "Change", "Tenancy", "RLS", "Policies", "Columns"], rows);
}

fn cells(out: &mut String, d: &Delta) {
    let _ = writeln!(out, "### Policy cells\n");
    let side = |s: &Option<super::CellSide>| match s {
        None => "—".to_string(),
        Some(s) if s.policies.is_empty() => s.decision.as_str().to_string(),
        Some(s) => format!("{}: {}", s.decision.as_str(), esc(&s.policies.join(", "))),
    };
    let rows = d
        .policy_cells
        .iter()
        .map(|c| {
            vec![
                code(&c.table),
                c.command.clone(),
                esc(&c.role),
                side(&c.before),
                side(&c.after),
                format!("**{}**", c.change.as_str()),
            ]
        })
        .collect();
    table(out, &["Table", "Command", "Role", "Base", "Head", "Access"], rows);
}

fn lints(out: &mut String, d: &Delta) {
    let _ = writeln!(out, "### Lints\n");
    let row = |tag: &str, f: &super::LintChange| {
        let mut tag = tag.to_string();
        if let Some(why) = &f.suppressed {
            tag.push_str(&format!(" (suppressed: {})", esc(why)));
        } else if let Some(other) = &f.same_as {
            tag.push_str(&format!(" (counted as {})", esc(other)));
        }
        let place = match (&f.file, f.line) {
            (Some(file), Some(line)) => format!("{}:{line}", esc(file)),
            (Some(file), None) => esc(file),
            _ => String::new(),
        };
        vec![tag, f.level.as_str().into(), code(&f.rule), code(&f.object), place, esc(&f.detail)]
    };
    let rows = pairs(&d.lints, row);
    table(out, &["", "Level", "Rule", "Object", "Where", "Detail"], rows);
}

/// Rows of the new items, then of the fixed ones.
fn pairs<T>(c: &Changes<T>, row: impl Fn(&str, &T) -> Vec<String>) -> Vec<Vec<String>> {
    let new = c.new.iter().map(|x| row("**new**", x));
    new.chain(c.fixed.iter().map(|x| row("fixed", x))).collect()
}

fn fence(sql: &str) -> String {
    let longest = sql.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

fn leaks(out: &mut String, d: &Delta) {
    let _ = writeln!(out, "### Cross-tenant leaks\n");
    let row = |tag: &str, l: &crate::isolation::Leak| {
        vec![
            tag.to_string(),
            esc(&l.kind),
            code(&l.table),
            esc(&l.persona),
            l.command.clone(),
            l.rows.to_string(),
            esc(&l.cause),
        ]
    };
    let rows = pairs(&d.leaks, row);
    table(out, &["", "Kind", "Table", "Persona", "Command", "Rows", "Cause"], rows);
    for l in d.leaks.new.iter().take(MAX_REPROS) {
        let f = fence(&l.sql);
        let _ = writeln!(
            out,
            "<details><summary>Reproduce in psql: {} on {} as {}</summary>\n\n{f}sql\n{}\n{f}\n\n</details>\n",
            esc(&l.command),
            esc(&l.table),
            esc(&l.persona),
            l.sql.trim_end()
        );
    }
    if d.leaks.new.len() > MAX_REPROS {
        let _ = writeln!(out, "The other leaks' repro SQL is in the report JSON.\n");
    }
}

fn errors(out: &mut String, d: &Delta) {
    let _ = writeln!(out, "### Failed statements and validation checks\n");
    let mut rows = pairs(&d.errors, |tag, e| {
        let what = format!("{} ({})", esc(&e.message), esc(&e.sqlstate));
        vec![tag.to_string(), format!("{}:{}:{}", esc(&e.file), e.line, e.column), what]
    });
    rows.extend(pairs(&d.validation, |tag, c| {
        let what = format!("check failed: {}", esc(&c.check));
        vec![tag.to_string(), format!("{}:{}", esc(&c.file), c.line), what]
    }));
    table(out, &["", "Where", "What"], rows);
}

fn footer(
    out: &mut String,
    d: &Delta,
    unchanged: &[&str],
    preview: Option<&Result<String, String>>,
) {
    if !unchanged.is_empty() {
        let _ = writeln!(out, "No change to: {}.\n", unchanged.join(", "));
    }
    match preview {
        Some(Ok(url)) => {
            let _ = writeln!(out, "[Open the head in Tenant Planner]({url})\n");
        }
        Some(Err(why)) => {
            let _ = writeln!(out, "No preview link: {}\n", esc(why));
        }
        None => {}
    }
    let h = &d.head;
    let _ = writeln!(
        out,
        "<sub>tenant-planner {} · {} · PostgreSQL {} · profile {} · base {} → head {}</sub>",
        esc(&h.tool_version),
        esc(&h.engine.name),
        esc(&h.engine.postgres_version),
        esc(&h.profile),
        count(d.base.files, "file", "files"),
        count(d.head.files, "file", "files"),
    );
}

/// The comparison as Markdown for a pull-request comment; `preview`: the head's share link
/// (or why there is none), when asked for.
pub fn markdown(d: &Delta, preview: Option<&Result<String, String>>) -> String {
    let mut out = String::from("## Tenant Planner: base → head\n\n");
    let _ = writeln!(out, "**{}.**\n", esc(&d.headline));
    for w in &d.warnings {
        let _ = writeln!(out, "> [!WARNING]\n> {}\n", esc(&capitalized(w)));
    }
    verdict(&mut out, d);
    let mut unchanged = Vec::new();
    let parts: [(&str, bool, fn(&mut String, &Delta)); 5] = [
        ("tables", d.tables.is_empty(), tables),
        ("policy cells", d.policy_cells.is_empty(), cells),
        ("lints", d.lints.is_empty(), lints),
        ("leaks", d.leaks.is_empty(), leaks),
        ("failed statements or checks", d.errors.is_empty() && d.validation.is_empty(), errors),
    ];
    for (name, empty, render) in parts {
        if empty {
            unchanged.push(name);
        } else {
            render(&mut out, d);
        }
    }
    footer(&mut out, d, &unchanged, preview);
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
