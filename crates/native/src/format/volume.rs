//! The text output of a volume run (`check --scale`): what was filled, then one line per up
//! statement in run order — file:line, ms, the statement's head, the table locks it held (mode,
//! held ms), what it rewrote and scanned — with the longest-held lock marked and named last.

use super::path_in;
use std::fmt::Write;
use tenant_planner_core::volume::{HeldLock, TableScan, VolumeReport};

/// `public.x` → `x` (other schemas keep their name).
fn short(table: &str) -> &str {
    table.strip_prefix("public.").unwrap_or(table)
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn head(summary: &str, width: usize) -> String {
    let s = summary.trim_end_matches(" …");
    if s.chars().count() > width {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

/// `AccessExclusiveLock users 410 ms`, `… ≤0.6 ms (DDL log)`, `… 3 ms until commit`.
fn lock(l: &HeldLock, stmt_ms: f64, interval: f64) -> String {
    let mode = l.mode.strip_suffix("Lock").unwrap_or(&l.mode);
    let held = match l.held_ms {
        None => format!("≤{stmt_ms:.1} ms (DDL log, not sampled)"),
        Some(_) if l.samples <= 1 => format!("<{:.0} ms (1 sample)", interval.max(1.0) * 2.0),
        Some(ms) => format!("{ms:.1} ms"),
    };
    let until = if l.past_statement { " until commit" } else { "" };
    format!("{mode} {} {held}{until}", short(&l.table))
}

fn scan(s: &TableScan) -> String {
    let mut parts = Vec::new();
    if s.seq_scan > 0 {
        parts.push(format!(
            "seq scan {}×{} ({} rows)",
            short(&s.table),
            s.seq_scan,
            thousands(s.seq_tup_read.max(0) as u64)
        ));
    }
    if s.idx_scan > 0 {
        parts.push(format!("index scan {}×{}", short(&s.table), s.idx_scan));
    }
    parts.join(", ")
}

pub fn render(o: &mut String, v: &VolumeReport, dir: &str, color: bool) {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let asked: Vec<String> =
        v.scale.iter().map(|s| format!("{}={}", s.table, thousands(s.rows))).collect();
    let _ = writeln!(o, "\n{} --scale {}", paint("1", "Volume run:"), asked.join(" "));
    for f in &v.filled {
        let _ = writeln!(
            o,
            "  filled {}: {} rows inserted of {} asked ({} before), {:.1} s with vacuum analyze",
            f.table,
            thousands(f.inserted),
            thousands(f.asked),
            thousands(f.rows_before),
            f.ms / 1000.0
        );
    }
    let _ = writeln!(
        o,
        "  locks: pg_locks sampled every {:.1} ms by a second connection (held: at least the sampled span; \"-\": no sample saw one, a statement shorter than that may still have held locks)",
        v.sample_interval_ms
    );
    let longest = v.longest_lock();
    let rows: Vec<(String, String, String, String, String)> = v
        .statements
        .iter()
        .map(|s| {
            let at = format!("{}:{}", path_in(dir, &s.file), s.line);
            let locks: Vec<String> =
                s.locks.iter().map(|l| lock(l, s.ms, v.sample_interval_ms)).collect();
            let mut effects: Vec<String> =
                s.rewrites.iter().map(|t| format!("REWRITE {}", short(t))).collect();
            effects.extend(s.scans.iter().map(scan));
            (at, format!("{:.1}", s.ms), head(&s.summary, 48), locks.join("; "), effects.join("; "))
        })
        .collect();
    let w_at = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0).max(9);
    let w_ms = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(2);
    let w_head = rows.iter().map(|r| r.2.chars().count()).max().unwrap_or(0).max(9);
    let _ = writeln!(
        o,
        "  {}",
        paint(
            "2",
            &format!(
                "  {:<w_at$}  {:>w_ms$}  {:<w_head$}  locks (mode table held) | rewrite / scans",
                "file:line", "ms", "statement"
            )
        )
    );
    for (i, r) in rows.iter().enumerate() {
        let mark = if longest.is_some_and(|(s, _)| s == i) { "▶ " } else { "  " };
        let effects = if r.4.is_empty() { String::new() } else { format!(" | {}", r.4) };
        let line = format!(
            "{mark}{:<w_at$}  {:>w_ms$}  {:<w_head$}  {}{effects}",
            r.0,
            r.1,
            r.2,
            if r.3.is_empty() { "-" } else { &r.3 }
        );
        let failed = v.statements[i].status != tenant_planner_core::run::Status::Ok;
        let line = if longest.is_some_and(|(s, _)| s == i) {
            paint("1;33", &line)
        } else if failed {
            paint("31", &line)
        } else {
            line
        };
        let _ = writeln!(o, "  {line}");
    }
    let exclusive = v.longest_lock_in("AccessExclusiveLock");
    for (label, found) in [("Longest lock:", longest), ("Longest ACCESS EXCLUSIVE:", exclusive)] {
        let Some((s, l)) = found else { continue };
        if label != "Longest lock:" && found == longest {
            continue;
        }
        let st = &v.statements[s];
        let lk = &st.locks[l];
        let _ = writeln!(
            o,
            "  {} {} on {} for {:.1} ms{}, at {}:{} ({})",
            paint("1;33", label),
            lk.mode,
            lk.table,
            lk.held_ms.unwrap_or(0.0),
            if lk.past_statement { " (until its transaction ended)" } else { "" },
            path_in(dir, &st.file),
            st.line,
            head(&st.summary, 60)
        );
    }
    for n in &v.notes {
        let _ = writeln!(o, "  note: {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenant_planner_core::run::Status;
    use tenant_planner_core::volume::{FilledTable, Scale, VolumeStatement};

    #[test]
    fn the_table_marks_the_longest_lock() {
        let lk = |mode: &str, held: Option<f64>, samples, source: &str| HeldLock {
            table: "public.sales_entries".into(),
            mode: mode.into(),
            held_ms: held,
            samples,
            past_statement: false,
            source: source.into(),
        };
        let st = |line, ms, summary: &str, locks, scans| VolumeStatement {
            file: "002.sql".into(),
            line,
            summary: summary.into(),
            status: Status::Ok,
            ms,
            locks,
            rewrites: vec![],
            scans,
        };
        let v = VolumeReport {
            scale: vec![Scale { table: "public.sales_entries".into(), rows: 1_000_000 }],
            filled: vec![FilledTable {
                table: "public.sales_entries".into(),
                asked: 1_000_000,
                inserted: 1_000_000,
                rows_before: 550,
                ms: 4200.0,
            }],
            sample_interval_ms: 2.5,
            statements: vec![
                st(
                    19,
                    0.6,
                    "alter table public.sales_entries add column client_id uuid;",
                    vec![lk("AccessExclusiveLock", None, 0, "ddl_log")],
                    vec![],
                ),
                st(
                    150,
                    410.0,
                    "alter table public.sales_entries alter column client_id set not null;",
                    vec![lk("AccessExclusiveLock", Some(409.5), 160, "sampled")],
                    vec![TableScan {
                        table: "public.sales_entries".into(),
                        seq_scan: 1,
                        seq_tup_read: 1_000_550,
                        idx_scan: 0,
                    }],
                ),
            ],
            notes: vec![],
        };
        let mut o = String::new();
        render(&mut o, &v, "examples/x", false);
        assert!(o.contains("1,000,000 rows inserted of 1,000,000 asked (550 before)"), "{o}");
        assert!(o.contains("AccessExclusive sales_entries ≤0.6 ms (DDL log, not sampled)"), "{o}");
        let marked = o.lines().find(|l| l.contains("▶")).unwrap();
        assert!(marked.contains("002.sql:150") && marked.contains("409.5 ms"), "{o}");
        assert!(marked.contains("seq scan sales_entries×1 (1,000,550 rows)"), "{o}");
        assert!(o.contains("Longest lock: AccessExclusiveLock on public.sales_entries for 409.5 ms, at examples/x/002.sql:150"), "{o}");
    }
}
