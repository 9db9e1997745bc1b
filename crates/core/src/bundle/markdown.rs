//! report.md: the report for people — files and results, tenancy, the ERD as Mermaid, lint
//! findings, leaks and the rollback verdict.

use crate::report::Report;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn report_md(r: &Report, mermaid: &str) -> String {
    let v = &r.verdict;
    let mut s = String::from("# Tenant Planner report\n\n");
    match super::banner(r) {
        None => {
            s += &format!("**Validated**: {}\n\n", v.headline.trim_start_matches("Validated: "))
        }
        Some(b) => {
            s += &format!(
                "**{}**: {}\n\n",
                v.title(),
                b.split_once(": ").map_or(b.as_str(), |x| x.1)
            )
        }
    }
    s += &super::checks_md(r);
    s += "\n";
    s += &format!(
        "Simulated on PostgreSQL {} ({}) with the {} profile by {} {}. {} statements: {} ok, {} failed, {} skipped, {} not run.\n\n",
        r.engine.postgres_version, r.engine.name, r.profile, r.tool.name, r.tool.version, r.statements.total, r.statements.ok, r.statements.failed, r.statements.skipped, r.statements.not_run
    );

    s += "## Files\n\n| # | File | Role | Statements | Failed | Not run |\n|---|---|---|---|---|---|\n";
    for (k, f) in r.files.iter().enumerate() {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            k + 1,
            cell(&f.file),
            f.role,
            f.statements,
            f.failed,
            f.not_run
        );
    }
    if !r.errors.is_empty() {
        s += "\n## Errors\n\n";
        for e in &r.errors {
            s += &format!(
                "- `{}:{}:{}` SQLSTATE {}: {}\n",
                e.file, e.line, e.column, e.sqlstate, e.message
            );
        }
    }
    if !r.validation.is_empty() {
        s += "\n## Validation\n\n";
        for (file, v) in &r.validation {
            s += &format!("- {file}: {} passed, {} failed\n", v.passed, v.failed);
            for c in v.checks.iter().filter(|c| !c.passed) {
                s += &format!("  - FAILED (line {}): {}\n", c.line, c.name);
            }
        }
    }

    s += "\n## Tenancy\n\n";
    s += &format!(
        "Tenant roots: {}. User tables: {}.\n\n",
        list(&r.tenant_roots),
        list(&r.user_identity_tables)
    );
    if let Some(c) = r.catalog.after_up.as_ref().or(r.catalog.at_stop.as_ref()) {
        s += "| Table | Class | RLS | Policies | Path to the root |\n|---|---|---|---|---|\n";
        for (t, x) in &c.tables {
            s += &format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(t),
                x.tenancy,
                if x.rls_enabled { "on" } else { "off" },
                x.policies.len(),
                cell(&x.tenancy_path.join(" → "))
            );
        }
    }
    if !mermaid.trim().is_empty() {
        s += &format!("\n### ERD\n\n```mermaid\n{}\n```\n", mermaid.trim_end());
    }

    s += "\n## Lint findings\n\n";
    s += &format!("Table sizes: {}.\n\n", r.table_sizes.describe());
    let docs = crate::lint::docs();
    let mut any = false;
    for d in &docs {
        let found = r.lint.get(d.id).map(Vec::as_slice).unwrap_or(&[]);
        for f in found {
            if !any {
                s += "| Level | Rule | Object | Where | Detail |\n|---|---|---|---|---|\n";
                any = true;
            }
            let at = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                _ => String::new(),
            };
            let detail = match &f.suppressed {
                Some(why) => format!("{} (suppressed: {why})", f.detail),
                None => f.detail.clone(),
            };
            s += &format!(
                "| {} | {} | {} | {} | {} |\n",
                f.level.as_str(),
                d.id,
                cell(&f.object),
                cell(&at),
                cell(&detail)
            );
        }
    }
    if !any {
        s += &format!("No findings from the {} rules that ran.\n", r.lint.len());
    }

    s += "\n## Cross-tenant leaks\n\n";
    match &r.isolation {
        None => s += "The leak probes did not run.\n",
        Some(iso) => {
            // The probes' own verdict: "no cross-tenant access" only when every tenant table was probed.
            let text = iso.verdict_text();
            s += &format!("{}{}.\n", text[..1].to_uppercase(), &text[1..]);
            if !iso.leaks.is_empty() {
                s += "\n| Persona | Table | Command | Rows | Cause | Kind |\n|---|---|---|---|---|---|\n";
                for l in &iso.leaks {
                    s += &format!(
                        "| {} | {} | {} | {} | {} | {} {} |\n",
                        cell(&l.persona),
                        cell(&l.table),
                        l.command,
                        l.rows,
                        cell(&l.cause),
                        cell(&l.kind),
                        cell(&l.severity)
                    );
                }
            }
            let gaps: Vec<&crate::isolation::TableCoverage> =
                iso.coverage.tables.iter().filter(|t| !t.probed).collect();
            if !gaps.is_empty() {
                s += "\nNot fully probed:\n\n";
                for t in gaps {
                    let what: Vec<&str> =
                        t.not_probed.iter().chain(&t.errors).map(String::as_str).take(6).collect();
                    s += &format!("- {}: {}\n", t.table, cell(&what.join("; ")));
                }
            }
        }
    }
    s += &shared_md(&r.shared_tables);

    s += "\n## Rollback\n\n";
    s += &format!("{}\n", r.rollback.verdict);
    for d in r.rollback.differences.iter().take(50) {
        s += &format!("- {}\n", d.summary);
    }
    s
}

/// The tables the user marked shared, with their reasons: the leak count above leaves them out
/// on the user's word, so the reader sees which and why.
fn shared_md(shared: &[crate::report::SharedTable]) -> String {
    if shared.is_empty() {
        return String::new();
    }
    let n = shared.len();
    let mut s = format!(
        "\n{n} table{} marked shared by the user (every tenant may read {}): the probes there are not counted as leaks.\n\n| Table | Reason | Probes that reached tenant A's rows, not counted |\n|---|---|---|\n",
        if n == 1 { "" } else { "s" },
        if n == 1 { "it" } else { "them" }
    );
    for t in shared {
        let reason = t.reason.as_deref().unwrap_or("no reason given");
        s += &format!("| {} | {} | {} |\n", cell(&t.table), cell(reason), t.uncounted);
    }
    s
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none found".into()
    } else {
        v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
    }
}
