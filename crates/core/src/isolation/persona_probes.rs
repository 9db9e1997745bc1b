//! One persona's probes on one table: read, update and delete tenant A's rows, insert a row
//! into tenant A, move one of tenant B's rows into tenant A — skipped when the catalog or the
//! policies' own expressions already say Postgres refuses — each result recorded in the matrix
//! and each leak named with its cause and a reproduction script.

use super::fixtures::{self, fk_target, fks_of, key_columns, Kind, Row, Tag, World};
use super::personas::{PKind, PersonaDef};
use super::Db;
use super::{cause, probes, repro, values};
use super::{IsolationReport, Leak, ProbeResult};
use crate::catalog::Snapshot;
use crate::engine::{DbError, Engine, EngineFailure};
use crate::matrix::Decision;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn is_shared(shared: &[String], name: &str) -> bool {
    let bare = name.rsplit('.').next().unwrap_or(name);
    shared.iter().any(|s| s == name || (!s.contains('.') && s == bare))
}

pub(super) fn parse_count(text: &str) -> Option<u64> {
    text.trim().trim_matches('"').parse().ok()
}

type Passing<'p> = (&'p crate::catalog::Policy, cause::Part, String, u64);

/// One persona's probes.
pub(super) struct Cx<'a, 'b, E: Engine> {
    pub(super) db: &'a mut Db<'b, E>,
    pub(super) s: &'a Snapshot,
    pub(super) w: &'a mut World,
    pub(super) d: &'a PersonaDef,
    pub(super) identity: &'a str,
    pub(super) setup_prefix: &'a [String],
    pub(super) report: &'a mut IsolationReport,
    pub(super) leaks: &'a mut Vec<(usize, Leak)>,
    pub(super) pi: usize,
    pub(super) counted: bool,
    pub(super) shared: &'a [String],
}

impl<E: Engine> Cx<'_, '_, E> {
    /// Record a probe; the row count when it is a leak.
    pub(super) fn record(&mut self, table: &str, command: &str, r: Result<Option<u64>, DbError>) -> Option<u64> {
        let (rows, sqlstate) = match r {
            Ok(n) => (n, None),
            Err(e) => (None, Some(e.sqlstate)),
        };
        self.report.matrix.push(ProbeResult { persona: self.d.id.clone(), table: table.into(), command: command.into(), rows, sqlstate, predicted: false });
        rows.filter(|&n| n > 0 && self.counted && !is_shared(self.shared, table))
    }

    /// The fixture statements a reproduction needs: the persona's rows, tenant A's row of the
    /// table (or every tenant-A row, for views and functions), the tenant-B row moved, and
    /// what those reference.
    fn setup(&self, table: &str, all_a: bool, extra: Option<&Row>) -> Vec<String> {
        let mut needs: BTreeSet<usize> = BTreeSet::new();
        for ((_, tag), row) in &self.w.rows {
            let mine = matches!((tag, self.d.person), (Tag::Person(p), Some(q)) if *p == q);
            if mine || all_a && *tag == Tag::A {
                needs.extend(&row.needs);
            }
        }
        if let Some(a) = self.w.a_row(table) {
            needs.extend(&a.needs);
        }
        if let Some(x) = extra {
            needs.extend(&x.needs);
        }
        // Settings and memberships name tenant B: its root row.
        if self.d.kind == PKind::Member {
            for ((t, tag), row) in &self.w.rows {
                if *tag == Tag::B && self.w.kinds.get(t) == Some(&Kind::Root) {
                    needs.extend(&row.needs);
                }
            }
        }
        self.setup_prefix.iter().cloned().chain(needs.into_iter().map(|i| self.w.stmts[i].sql.clone())).collect()
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn leak(&mut self, table: &str, command: &str, rows: u64, cause: String, statement: &str, extra: Option<&Row>, all_a: bool) {
        let setup = self.setup(table, all_a, extra);
        let setup_refs: Vec<&str> = setup.iter().map(String::as_str).collect();
        let title = match command {
            "SELECT" => format!("Leak: {} reads {rows} of tenant A's rows in {table}", self.d.id),
            "INSERT" => format!("Leak: {} inserts a row into tenant A in {table}", self.d.id),
            "UPDATE" => format!("Leak: {} updates {rows} of tenant A's rows in {table}", self.d.id),
            "DELETE" => format!("Leak: {} deletes {rows} of tenant A's rows in {table}", self.d.id),
            _ => format!("Leak: {} moves one of tenant B's rows into tenant A in {table}", self.d.id),
        };
        let sql = repro::script(&repro::Repro { title: &title, setup: &setup_refs, identity: self.identity, persona: &self.d.id, statement });
        self.leaks.push((self.pi, Leak { table: table.into(), command: command.into(), persona: self.d.id.clone(), rows, cause, sql }));
    }

    /// The candidate policies whose own expression passes (as the persona) on the rows named by
    /// `pred` (USING) or on the new row (WITH CHECK), with how many rows pass.
    async fn passing(
        &mut self,
        table: &str,
        command: &str,
        pred: Option<&str>,
        new_row: Option<&BTreeMap<String, Option<String>>>,
    ) -> Result<Vec<Passing<'_>>, EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let mut out = Vec::new();
        for (p, part, expr) in cause::candidates(s, t, command, &self.d.db_role) {
            let sql = match (part, pred, new_row) {
                (cause::Part::Using, Some(pred), _) => cause::using_test_sql(table, pred, &expr),
                (cause::Part::Check | cause::Part::UsingAsCheck, _, Some(row)) => cause::check_test_sql(t, row, &expr),
                _ => continue,
            };
            if let Ok(text) = self.db.step_query(&sql, false).await? {
                let n = parse_count(&text).unwrap_or(0);
                if n > 0 {
                    out.push((p, part, expr, n));
                }
            }
        }
        Ok(out)
    }

    /// Why the rows got through: RLS off or bypassed, else the policies found passing.
    async fn attribute(
        &mut self,
        table: &str,
        command: &str,
        pred: Option<&str>,
        new_row: Option<&BTreeMap<String, Option<String>>>,
    ) -> Result<String, EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        if let Some(c) = cause::catalog_cause(s, t, command, &self.d.db_role) {
            return Ok(c);
        }
        let role = self.d.db_role.clone();
        let passing: Vec<_> = self.passing(table, command, pred, new_row).await?.into_iter().map(|(p, part, e, _)| (p, part, e)).collect();
        Ok(cause::policy_cause(s, t, command, &role, &passing))
    }

    /// Record a result Postgres would give without running the statement (see [`ProbeResult::predicted`]).
    fn predicted(&mut self, table: &str, command: &str, rows: Option<u64>, sqlstate: Option<&str>) {
        self.report.matrix.push(ProbeResult {
            persona: self.d.id.clone(),
            table: table.into(),
            command: command.into(),
            rows,
            sqlstate: sqlstate.map(String::from),
            predicted: true,
        });
    }

    pub(super) async fn table(&mut self, table: &str, keys: &[Vec<Option<String>>]) -> Result<(), EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let role = self.d.db_role.clone();
        let decision = |command: &str| crate::matrix::cell(s, t, command, &role).decision;
        let kind = self.w.kinds.get(table).copied();
        let cols = probes::key_cols(s, table);
        // What a BEFORE trigger must leave alone for the policies to be judged on the row as written.
        let fk_cols: Vec<String> = fks_of(s, table).flat_map(|c| c.columns.clone()).collect();
        // Read, update, delete tenant A's rows.
        if !keys.is_empty() {
            let pred = probes::keys_pred(&cols, keys);
            let sql = probes::select_sql(table, &pred);
            if decision("SELECT") == Decision::NoPrivilege {
                self.predicted(table, "SELECT", None, Some("42501"));
            } else {
                let r = self.db.step_query(&sql, false).await?;
                if let Some(n) = self.record(table, "SELECT", r.map(|t| parse_count(&t))) {
                    let cause = self.attribute(table, "SELECT", Some(&pred), None).await?;
                    self.leak(table, "SELECT", n, cause, &sql, None, false);
                }
            }
            if let Some(col) = probes::noop_column(s, table) {
                let sql = probes::update_sql(table, &col, &pred);
                if decision("UPDATE") == Decision::NoPrivilege {
                    self.predicted(table, "UPDATE", None, Some("42501"));
                } else {
                    let r = self.db.step_exec(&sql, false).await?;
                    if let Some(n) = self.record(table, "UPDATE", r) {
                        let cause = self.attribute(table, "UPDATE", Some(&pred), None).await?;
                        self.leak(table, "UPDATE", n, cause, &sql, None, false);
                    }
                }
            }
            let sql = probes::delete_sql(table, &pred);
            if decision("DELETE") == Decision::NoPrivilege {
                self.predicted(table, "DELETE", None, Some("42501"));
            } else {
                let r = self.db.step_exec(&sql, false).await?;
                let fk_stopped = matches!(&r, Err(e) if e.sqlstate == "23503");
                if let Some(n) = self.record(table, "DELETE", r) {
                    let cause = self.attribute(table, "DELETE", Some(&pred), None).await?;
                    self.leak(table, "DELETE", n, cause, &sql, None, false);
                } else if fk_stopped && self.counted && !is_shared(self.shared, table) {
                    // A foreign key stopped the delete, after RLS had let the rows through.
                    let through = if cause::catalog_cause(s, t, "DELETE", &role).is_some() {
                        keys.len() as u64
                    } else {
                        self.passing(table, "DELETE", Some(&pred), None).await?.iter().map(|x| x.3).max().unwrap_or(0)
                    };
                    if through > 0 {
                        let cause = self.attribute(table, "DELETE", Some(&pred), None).await?;
                        let cause = format!("{cause} (the DELETE itself was stopped by a foreign key; rows nothing references would go)");
                        self.leak(table, "DELETE", through, cause, &sql, None, false);
                    }
                }
            }
        }
        if kind == Some(Kind::Root) {
            return Ok(());
        }
        // Insert a row into tenant A.
        if let Some((sql, row)) = self.insert_probe(table) {
            let refused = match decision("INSERT") {
                Decision::NoPrivilege | Decision::Denied => true,
                Decision::Policies if !probes::before_trigger(s, table, "INSERT", &fk_cols) => {
                    self.passing(table, "INSERT", None, Some(&row)).await?.is_empty()
                }
                _ => false,
            };
            if refused {
                self.predicted(table, "INSERT", None, Some("42501"));
            } else {
                let r = self.db.step_exec(&sql, false).await?;
                if let Some(n) = self.record(table, "INSERT", r) {
                    let cause = self.attribute(table, "INSERT", None, Some(&row)).await?;
                    let extra = self.insert_person().and_then(|p| self.w.rows.iter().find(|((_, tag), _)| *tag == Tag::Person(p)).map(|(_, r)| r.clone()));
                    self.leak(table, "INSERT", n, cause, &sql, extra.as_ref(), false);
                }
            }
        }
        // Move one of tenant B's rows into tenant A.
        let links = probes::tenant_link_columns(s, table, &self.w.kinds);
        let (Some(a), Some(b)) = (self.w.a_row(table).cloned(), self.w.b_row(table, self.d.person).cloned()) else { return Ok(()) };
        let Some(bkey) = probes::row_key(&cols, &b.values) else { return Ok(()) };
        if bkey.iter().any(Option::is_none) {
            return Ok(());
        }
        let b_pred = probes::keys_pred(&cols, &[bkey]);
        let Some(sql) = probes::move_sql(s, table, &links, &a.values, &b_pred) else { return Ok(()) };
        let mut moved = b.values.clone();
        for c in &links {
            moved.insert(c.clone(), a.values.get(c).cloned().flatten());
        }
        match decision("UPDATE") {
            Decision::NoPrivilege => return Ok(self.predicted(table, "MOVE", None, Some("42501"))),
            Decision::Denied => return Ok(self.predicted(table, "MOVE", Some(0), None)),
            Decision::Policies if !probes::before_trigger(s, table, "UPDATE", &fk_cols) => {
                // The row must be one the persona may update at all, and a policy must accept it moved.
                if let Some(col) = probes::noop_column(s, table) {
                    match self.db.step_exec(&probes::update_sql(table, &col, &b_pred), false).await? {
                        Ok(Some(0)) => return Ok(self.predicted(table, "MOVE", Some(0), None)),
                        Ok(_) if self.passing(table, "MOVE", None, Some(&moved)).await?.is_empty() => {
                            return Ok(self.predicted(table, "MOVE", None, Some("42501")));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let r = self.db.step_exec(&sql, false).await?;
        if let Some(n) = self.record(table, "MOVE", r) {
            let cause = self.attribute(table, "MOVE", None, Some(&moved)).await?;
            self.leak(table, "MOVE", n, cause, &sql, Some(&b), false);
        }
        Ok(())
    }

    /// Whose user an inserted row names: the persona's, else the outsider's (never tenant A's
    /// own, so a unique membership key cannot refuse it for another reason).
    fn insert_person(&self) -> Option<usize> {
        if self.w.persons.is_empty() {
            return None;
        }
        Some(self.d.person.unwrap_or(1.min(self.w.persons.len() - 1)))
    }

    /// A new row for tenant A, like tenant A's fixture row: fresh keys, the persona's user.
    fn insert_probe(&mut self, table: &str) -> Option<(String, BTreeMap<String, Option<String>>)> {
        let s = self.s;
        let a = self.w.a_row(table)?.clone();
        if a.explicit.is_empty() {
            return None;
        }
        let t = s.table(table)?;
        let keys = key_columns(s, table);
        let person = self.insert_person();
        let mut fk_of: BTreeMap<String, (String, String)> = BTreeMap::new();
        for c in fks_of(s, table) {
            for (col, rc) in c.columns.iter().zip(c.ref_columns.clone().unwrap_or_default()) {
                fk_of.insert(col.clone(), (fk_target(c), rc));
            }
        }
        let mut cols = Vec::new();
        let mut vals = Vec::new();
        let mut overriding = false;
        for (col, val) in &a.explicit {
            let Some(c) = t.columns.iter().find(|x| &x.name == col) else { continue };
            let mut v = val.clone();
            if let Some((target, rc)) = fk_of.get(col) {
                if self.w.kinds.get(target) == Some(&Kind::User) {
                    if let Some(row) = person.and_then(|p| self.w.rows.get(&(target.clone(), Tag::Person(p)))) {
                        v = row.values.get(rc).cloned().flatten();
                    }
                }
            } else if keys.contains(col) {
                self.w.seq += 1;
                let candidates: Vec<String> = s
                    .constraints
                    .iter()
                    .filter(|k| k.kind == "check" && format!("{}.{}", k.schema, k.table) == table && k.columns.contains(col))
                    .flat_map(|k| values::check_candidates(&k.definition, col))
                    .collect();
                let g = values::Gen {
                    table,
                    column: col,
                    type_: &c.type_,
                    tag: "a",
                    seq: self.w.seq,
                    alt: 0,
                    key: true,
                    candidates: &candidates,
                    enum_labels: fixtures::enum_labels(s, &c.type_),
                };
                v = Some(values::generate(&g));
            }
            overriding |= c.identity.as_deref() == Some("a");
            cols.push(col.clone());
            vals.push(v);
        }
        // The persona names itself wherever the row names a user (created_by …), as a client would.
        if let Some(p) = person {
            for (col, (target, rc)) in &fk_of {
                if cols.contains(col) || self.w.kinds.get(target) != Some(&Kind::User) {
                    continue;
                }
                if let Some(row) = self.w.rows.get(&(target.clone(), Tag::Person(p))) {
                    cols.push(col.clone());
                    vals.push(row.values.get(rc).cloned().flatten());
                }
            }
        }
        // In table order, like the fixtures.
        let mut pairs: Vec<(String, Option<String>)> = cols.into_iter().zip(vals).collect();
        pairs.sort_by_key(|(c, _)| t.columns.iter().position(|x| &x.name == c));
        let mut row = a.values.clone();
        for (c, v) in &pairs {
            row.insert(c.clone(), v.clone());
        }
        let v = fixtures::Values {
            cols: pairs.iter().map(|p| p.0.clone()).collect(),
            vals: pairs.into_iter().map(|p| p.1).collect(),
            overriding,
            needs: BTreeSet::new(),
            from_fk: BTreeSet::new(),
        };
        Some((v.insert_sql(s, table), row))
    }
}
