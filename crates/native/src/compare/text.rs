//! A comparison for a person at a terminal: the headline, then one line per change.

use super::{gate::Gate, Options};
use std::fmt::Write;
use tenant_planner_core::delta::{CellSide, Changes, Delta, TableChange, TableChangeKind};

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn table_line(t: &TableChange) -> String {
    let mut parts = Vec::new();
    match (&t.class_before, &t.class_after) {
        (Some(b), Some(a)) if b != a => parts.push(format!("tenancy {b} → {a}")),
        (None, Some(a)) => parts.push(a.clone()),
        _ => {}
    }
    match (t.rls_before, t.rls_after) {
        (Some(b), Some(a)) if b != a => parts.push(format!("RLS {}", if a { "on" } else { "OFF" })),
        (None, Some(a)) => parts.push(if a { "RLS on".into() } else { "RLS OFF".into() }),
        _ => {}
    }
    let list = |sign: &str, what: &str, v: &[String]| {
        (!v.is_empty()).then(|| format!("{what} {sign}{}", v.join(&format!(", {sign}"))))
    };
    parts.extend(list("+", "policies", &t.policies_added));
    parts.extend(list("+", "columns", &t.columns_added));
    if t.change != TableChangeKind::Removed {
        // A removed table's policies and columns went with it: its line says enough.
        parts.extend(list("−", "policies", &t.policies_removed));
        parts.extend(list("−", "columns", &t.columns_removed));
    }
    format!("  {:<8} {} {}", t.change.as_str(), t.table, parts.join("; "))
}

fn side(s: &Option<CellSide>) -> String {
    match s {
        None => "—".into(),
        Some(s) if s.policies.is_empty() => s.decision.as_str().into(),
        Some(s) => format!("{} ({})", s.decision.as_str(), s.policies.join(", ")),
    }
}

fn pairs<T>(out: &mut String, title: &str, c: &Changes<T>, line: impl Fn(&T) -> String) {
    if c.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:");
    for x in &c.new {
        let _ = writeln!(out, "  new      {}", line(x));
    }
    for x in &c.fixed {
        let _ = writeln!(out, "  fixed    {}", line(x));
    }
}

fn findings(out: &mut String, d: &Delta) {
    pairs(out, "Lints", &d.lints, |f| {
        let place = match (&f.file, f.line) {
            (Some(file), Some(l)) => format!(" ({file}:{l})"),
            _ => String::new(),
        };
        let note = f
            .suppressed
            .as_ref()
            .map(|s| format!(" [suppressed: {s}]"))
            .or_else(|| f.same_as.as_ref().map(|s| format!(" [counted as {s}]")))
            .unwrap_or_default();
        format!("{} {} on {}{place}{note}", f.level.as_str(), f.rule, f.object)
    });
    pairs(out, "Leaks", &d.leaks, crate::format::describe_leak);
    pairs(out, "Failed statements", &d.errors, |e| {
        format!("{}:{}:{}: {} (SQLSTATE {})", e.file, e.line, e.column, e.message, e.sqlstate)
    });
    pairs(out, "Failed validation checks", &d.validation, |c| {
        format!("{}:{}: {}", c.file, c.line, c.check)
    });
}

fn head_lines(out: &mut String, o: &Options, d: &Delta, color: bool) {
    let _ = writeln!(
        out,
        "Base {} ({} files) → head {} ({} files), {} PostgreSQL {}, profile {}",
        o.base,
        d.base.files,
        o.head,
        d.head.files,
        d.head.engine.name,
        d.head.engine.postgres_version,
        d.head.profile
    );
    let bad = d.counts.new_leaks + d.counts.new_errors > 0 || d.counts.rollback_regressed;
    let _ = writeln!(out, "{}", paint(color, if bad { "1;31" } else { "1;32" }, &d.headline));
    for w in &d.warnings {
        let _ = writeln!(out, "{}", paint(color, "33", &format!("warning: {w}")));
    }
    let v = &d.verdict;
    let _ = writeln!(
        out,
        "Verdict: {} → {} ({})",
        v.before.as_str(),
        v.after.as_str(),
        v.change.as_str()
    );
    for c in v.checks.iter().filter(|c| c.before != c.after) {
        let _ = writeln!(out, "  {}: {} → {}", c.id.label(), c.before.as_str(), c.after.as_str());
    }
}

/// The text output (colours when `color`).
pub fn render(
    o: &Options,
    d: &Delta,
    link: Option<&Result<String, String>>,
    g: &Gate,
    color: bool,
) -> String {
    let mut out = String::new();
    head_lines(&mut out, o, d, color);
    if !d.files.added.is_empty() || !d.files.removed.is_empty() {
        let names = |v: &[tenant_planner_core::report::FileEntry]| {
            v.iter().map(|f| format!("{} ({})", f.file, f.role)).collect::<Vec<_>>().join(", ")
        };
        let mut parts = Vec::new();
        if !d.files.added.is_empty() {
            parts.push(format!("added {}", names(&d.files.added)));
        }
        if !d.files.removed.is_empty() {
            parts.push(format!("removed {}", names(&d.files.removed)));
        }
        let _ = writeln!(out, "Files: {}", parts.join("; "));
    }
    if !d.tables.is_empty() {
        let _ = writeln!(out, "Tables:");
        for t in &d.tables {
            let _ = writeln!(out, "{}", table_line(t));
        }
    }
    let k = &d.catalog;
    if k.indexes_before != k.indexes_after {
        let _ = writeln!(out, "Indexes: {} → {}", k.indexes_before, k.indexes_after);
    }
    if !d.policy_cells.is_empty() {
        let _ = writeln!(out, "Policy cells:");
        for c in &d.policy_cells {
            let _ = writeln!(
                out,
                "  {:<8} {} {} as {}: {} → {}",
                c.change.as_str(),
                c.table,
                c.command,
                c.role,
                side(&c.before),
                side(&c.after)
            );
        }
    }
    findings(&mut out, d);
    let r = &d.rollback;
    let _ = writeln!(
        out,
        "Rollback: {} → {} ({})",
        r.before.as_str(),
        r.after.as_str(),
        r.change.as_str()
    );
    match link {
        Some(Ok(url)) => {
            let _ = writeln!(out, "Preview: {url}");
        }
        Some(Err(why)) => {
            let _ = writeln!(out, "Preview: no link ({why})");
        }
        None => {}
    }
    if g.failed() {
        let _ = writeln!(
            out,
            "{}",
            paint(color, "1;31", &format!("Failing (--fail-on {}):", g.conditions()))
        );
        for r in &g.reasons {
            let _ = writeln!(out, "  {r}");
        }
    } else {
        let _ =
            writeln!(out, "Passing (--fail-on {}): {}", g.conditions(), super::gate::summary(d));
    }
    out
}
