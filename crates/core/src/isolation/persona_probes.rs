//! One persona's probes on one table: read, update and delete tenant A's rows, insert a row
//! into tenant A, move a row the persona holds into tenant A — skipped when the catalog or the
//! policies' own expressions already say Postgres refuses — each result recorded in the matrix
//! (ran, refused, or errored: an error is a refusal only when tenant A's owner runs the same
//! statement without one), each command not probed recorded with why, and each leak named with
//! its kind, its cause and a reproduction script.

use super::fixtures::{self, fk_target, fks_of, key_columns, Kind, Row, Tag, World};
use super::personas::{PKind, PersonaDef};
use super::Db;
use super::{cause, probes, repro};
use super::{IsolationReport, Leak, Outcome, ProbeResult};
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

/// How a skip reason starts when the command does not apply to the table at all (it is then no
/// gap in the coverage).
pub(super) const NOT_APPLICABLE: &str = "does not apply";

/// A table's rows in tenant A, counted as the superuser: the query, and the count before any probe.
pub(super) struct ACount {
    pub sql: String,
    pub before: u64,
}

/// A MOVE probe, planned: the row moved (tenant B's or the persona's), the predicate naming it,
/// the UPDATE that moves it into tenant A, and the row as it would be after.
struct Move {
    b: Row,
    b_pred: String,
    sql: String,
    moved: BTreeMap<String, Option<String>>,
}

/// One persona's probes.
pub(super) struct Cx<'a, 'b, E: Engine> {
    pub(super) db: &'a mut Db<'b, E>,
    pub(super) s: &'a Snapshot,
    pub(super) w: &'a mut World,
    pub(super) d: &'a PersonaDef,
    pub(super) identity: &'a str,
    /// Tenant A's owner's identity: the control an error is judged by.
    pub(super) control: &'a str,
    pub(super) setup_prefix: &'a [String],
    pub(super) report: &'a mut IsolationReport,
    pub(super) leaks: &'a mut Vec<(usize, Leak)>,
    pub(super) pi: usize,
    pub(super) counted: bool,
    pub(super) shared: &'a [String],
    /// (table, command) → why it was not probed.
    pub(super) skips: &'a mut BTreeMap<(String, String), String>,
    pub(super) a_counts: &'a BTreeMap<String, ACount>,
    /// The control's answer per statement (the same statement for several personas runs once).
    pub(super) controls: &'a mut BTreeMap<(String, String), bool>,
}

impl<E: Engine> Cx<'_, '_, E> {
    /// Run a probe statement as the persona (a count query, or a write), record it, and return
    /// the row count when it is a leak.
    pub(super) async fn probe(
        &mut self,
        table: &str,
        command: &str,
        sql: &str,
        query: bool,
    ) -> Result<Option<u64>, EngineFailure> {
        let r = if query {
            self.db.step_query(sql, false).await?.map(|t| parse_count(&t))
        } else {
            self.db.step_exec(sql, false).await?
        };
        self.settle(table, command, sql, query, r).await
    }

    /// Record a probe's result: an error is a refusal when it is a privilege or policy refusal
    /// (42501), or when tenant A's owner runs the same statement without error (the persona's
    /// own request made it fail: a setting it lacks, a check that raises); otherwise it errored.
    pub(super) async fn settle(
        &mut self,
        table: &str,
        command: &str,
        sql: &str,
        query: bool,
        r: Result<Option<u64>, DbError>,
    ) -> Result<Option<u64>, EngineFailure> {
        let (rows, sqlstate, outcome, error) = match r {
            Ok(n) => (n, None, Outcome::Ran, None),
            Err(e) => {
                let msg = format!("{} ({})", e.message, e.sqlstate);
                let outcome =
                    if e.sqlstate == "42501" || self.control_runs(sql, query, &e.sqlstate).await? {
                        Outcome::Refused
                    } else {
                        Outcome::Errored
                    };
                (None, Some(e.sqlstate), outcome, Some(msg))
            }
        };
        self.push(table, command, rows, sqlstate, outcome, error, false);
        Ok(rows.filter(|&n| n > 0 && self.counted && !is_shared(self.shared, table)))
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        table: &str,
        command: &str,
        rows: Option<u64>,
        sqlstate: Option<String>,
        outcome: Outcome,
        error: Option<String>,
        predicted: bool,
    ) {
        self.report.matrix.push(ProbeResult {
            persona: self.d.id.clone(),
            table: table.into(),
            command: command.into(),
            rows,
            sqlstate,
            outcome,
            error,
            predicted,
        });
    }

    /// The same statement as tenant A's owner runs, is refused by a policy (42501), or gets past
    /// row level security to fail on an integrity constraint (class 23, checked after the
    /// policies) with another error than the persona's: the statement itself is sound, and the
    /// persona's error came from its own request.
    async fn control_runs(
        &mut self,
        sql: &str,
        query: bool,
        persona_state: &str,
    ) -> Result<bool, EngineFailure> {
        if self.control.is_empty() {
            return Ok(false);
        }
        let key = (sql.to_string(), persona_state.to_string());
        if let Some(known) = self.controls.get(&key) {
            return Ok(*known);
        }
        let o =
            self.db.exec(&format!("savepoint tp_ctl; {}", self.control.replace('\n', " "))).await?;
        let ok = if o.error.is_some() {
            false
        } else {
            let r = if query {
                self.db.step_query(sql, false).await?.map(|_| None)
            } else {
                self.db.step_exec(sql, false).await?
            };
            match r {
                Ok(_) => true,
                Err(e) => {
                    e.sqlstate == "42501"
                        || e.sqlstate.starts_with("23") && e.sqlstate != persona_state
                }
            }
        };
        if let Some(e) =
            self.db.exec("rollback to savepoint tp_ctl; release savepoint tp_ctl").await?.error
        {
            return Err(EngineFailure::Crashed(format!(
                "leak probes: could not leave the control: {} ({})",
                e.message, e.sqlstate
            )));
        }
        self.controls.insert(key, ok);
        Ok(ok)
    }

    /// A command this table was not probed with, and why (the first reason given is kept).
    fn skip(&mut self, table: &str, command: &str, why: String) {
        self.skips.entry((table.to_string(), command.to_string())).or_insert(why);
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
        self.setup_prefix
            .iter()
            .cloned()
            .chain(needs.into_iter().map(|i| self.w.stmts[i].sql.clone()))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn leak(
        &mut self,
        table: &str,
        command: &str,
        rows: u64,
        cause: String,
        statement: &str,
        extra: Option<&Row>,
        all_a: bool,
    ) {
        let setup = self.setup(table, all_a, extra);
        let setup_refs: Vec<&str> = setup.iter().map(String::as_str).collect();
        let membership = self.w.is_membership(table);
        let kind = match command {
            "SELECT" => "read",
            "INSERT" | "MOVE" if membership => "escalation",
            "MOVE" => "move",
            _ => "write",
        };
        let title = match command {
            "SELECT" => format!("Leak: {} reads {rows} of tenant A's rows in {table}", self.d.id),
            "INSERT" if membership => format!(
                "Leak (escalation): {} writes a membership into tenant A in {table}",
                self.d.id
            ),
            "INSERT" => format!("Leak: {} inserts a row into tenant A in {table}", self.d.id),
            "UPDATE" => format!("Leak: {} updates {rows} of tenant A's rows in {table}", self.d.id),
            "DELETE" => format!("Leak: {} deletes {rows} of tenant A's rows in {table}", self.d.id),
            _ if membership => format!(
                "Leak (escalation): {} moves a membership into tenant A in {table}",
                self.d.id
            ),
            _ => format!("Leak: {} moves a row into tenant A in {table}", self.d.id),
        };
        let severity =
            if kind == "escalation" || self.d.kind == PKind::Anon { "critical" } else { "high" };
        let sql = repro::script(&repro::Repro {
            title: &title,
            setup: &setup_refs,
            identity: self.identity,
            persona: &self.d.id,
            statement,
        });
        self.leaks.push((
            self.pi,
            Leak {
                table: table.into(),
                command: command.into(),
                persona: self.d.id.clone(),
                rows,
                cause,
                sql,
                kind: kind.into(),
                severity: severity.into(),
            },
        ));
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
        Ok(self.evaluate(table, command, pred, new_row).await?.0)
    }

    /// [`Self::passing`], and whether some expression could not be evaluated (it raised): then
    /// nothing can be predicted, the statement must run.
    async fn evaluate(
        &mut self,
        table: &str,
        command: &str,
        pred: Option<&str>,
        new_row: Option<&BTreeMap<String, Option<String>>>,
    ) -> Result<(Vec<Passing<'_>>, bool), EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let mut out = Vec::new();
        let mut failed = false;
        for (p, part, expr) in cause::candidates(s, t, command, &self.d.db_role) {
            let sql = match (part, pred, new_row) {
                (cause::Part::Using, Some(pred), _) => cause::using_test_sql(table, pred, &expr),
                (cause::Part::Check | cause::Part::UsingAsCheck, _, Some(row)) => {
                    cause::check_test_sql(t, row, &expr)
                }
                _ => continue,
            };
            match self.db.step_query(&sql, false).await? {
                Ok(text) => {
                    let n = parse_count(&text).unwrap_or(0);
                    if n > 0 {
                        out.push((p, part, expr, n));
                    }
                }
                Err(_) => failed = true,
            }
        }
        Ok((out, failed))
    }

    /// No permissive policy accepts the new row, as evaluated (and every one could be).
    async fn no_policy_accepts(
        &mut self,
        table: &str,
        command: &str,
        row: &BTreeMap<String, Option<String>>,
    ) -> Result<bool, EngineFailure> {
        let (passing, failed) = self.evaluate(table, command, None, Some(row)).await?;
        Ok(passing.is_empty() && !failed)
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
        let passing: Vec<_> = self
            .passing(table, command, pred, new_row)
            .await?
            .into_iter()
            .map(|(p, part, e, _)| (p, part, e))
            .collect();
        Ok(cause::policy_cause(s, t, command, &role, &passing))
    }

    /// Record a result Postgres would give without running the statement (see [`ProbeResult::predicted`]).
    fn predicted(&mut self, table: &str, command: &str, rows: Option<u64>, sqlstate: Option<&str>) {
        let outcome = if sqlstate.is_some() { Outcome::Refused } else { Outcome::Ran };
        self.push(table, command, rows, sqlstate.map(String::from), outcome, None, true);
    }

    /// The single-value reads this persona's probes of `probed` will ask, for [`Db::prefetch`]:
    /// each table's SELECT probe and the WITH CHECK tests of its INSERT probe, made as
    /// [`Self::table`] makes them. The fixture sequence the INSERT rows draw on is put back, so
    /// the probes themselves make the same rows (a read asked differently is simply not found).
    pub(super) fn reads_ahead(
        &mut self,
        probed: &[String],
        targets: &BTreeMap<String, Vec<Vec<Option<String>>>>,
    ) -> Vec<String> {
        let s = self.s;
        let role = self.d.db_role.clone();
        let seq = self.w.seq;
        let mut out = Vec::new();
        for table in probed {
            let Some(t) = s.table(table) else { continue };
            let decision = |command: &str| crate::matrix::cell(s, t, command, &role).decision;
            let keys = targets.get(table).map(Vec::as_slice).unwrap_or_default();
            if !keys.is_empty() && decision("SELECT") != Decision::NoPrivilege {
                let pred = probes::keys_pred(&probes::key_cols(s, table), keys);
                out.push(probes::select_sql(table, &pred));
            }
            if self.w.kinds.get(table) == Some(&Kind::Root) || self.one_row_per_user(table) {
                continue;
            }
            let fk_cols: Vec<String> = fks_of(s, table).flat_map(|c| c.columns.clone()).collect();
            let checks = |command: &str, row: &BTreeMap<String, Option<String>>| {
                cause::candidates(s, t, command, &role)
                    .into_iter()
                    .filter(|(_, part, _)| {
                        matches!(part, cause::Part::Check | cause::Part::UsingAsCheck)
                    })
                    .map(|(_, _, expr)| cause::check_test_sql(t, row, &expr))
                    .collect::<Vec<_>>()
            };
            if let Some((_, row)) = self.insert_probe(table) {
                if decision("INSERT") == Decision::Policies
                    && !probes::before_trigger(s, table, "INSERT", &fk_cols)
                {
                    out.extend(checks("INSERT", &row));
                }
            }
            if decision("UPDATE") == Decision::Policies
                && !probes::before_trigger(s, table, "UPDATE", &fk_cols)
                && probes::noop_column(s, table).is_some()
            {
                if let Ok(m) = self.move_plan(table, &probes::key_cols(s, table), "") {
                    out.extend(checks("MOVE", &m.moved));
                }
            }
        }
        self.w.seq = seq;
        out
    }

    /// Every column of the primary key references a user table: one row per user, which every
    /// persona has already (no INSERT probe).
    fn one_row_per_user(&self, table: &str) -> bool {
        let s = self.s;
        let pk = fixtures::primary_key(s, table);
        !pk.is_empty()
            && pk.iter().all(|c| {
                fks_of(s, table).any(|f| {
                    f.columns.contains(c) && self.w.kinds.get(&fk_target(f)) == Some(&Kind::User)
                })
            })
    }

    /// Every probe of one table. `keys` name tenant A's rows; `no_rows` says why there are none.
    pub(super) async fn table(
        &mut self,
        table: &str,
        keys: &[Vec<Option<String>>],
        no_rows: &str,
    ) -> Result<(), EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let role = self.d.db_role.clone();
        let decision = |command: &str| crate::matrix::cell(s, t, command, &role).decision;
        let kind = self.w.kinds.get(table).copied();
        let cols = probes::key_cols(s, table);
        // What a BEFORE trigger must leave alone for the policies to be judged on the row as written.
        let fk_cols: Vec<String> = fks_of(s, table).flat_map(|c| c.columns.clone()).collect();
        // Read, update, delete tenant A's rows.
        if keys.is_empty() {
            for c in ["SELECT", "UPDATE", "DELETE"] {
                self.skip(table, c, format!("tenant A has no rows in it: {no_rows}"));
            }
        } else {
            let pred = probes::keys_pred(&cols, keys);
            let sql = probes::select_sql(table, &pred);
            if decision("SELECT") == Decision::NoPrivilege {
                self.predicted(table, "SELECT", None, Some("42501"));
            } else if let Some(n) = self.probe(table, "SELECT", &sql, true).await? {
                let cause = self.attribute(table, "SELECT", Some(&pred), None).await?;
                self.leak(table, "SELECT", n, cause, &sql, None, false);
            }
            match probes::noop_column(s, table) {
                None => {
                    self.skip(table, "UPDATE", "no column the UPDATE could set to itself".into())
                }
                Some(col) => {
                    let sql = probes::update_sql(table, &col, &pred);
                    if decision("UPDATE") == Decision::NoPrivilege {
                        self.predicted(table, "UPDATE", None, Some("42501"));
                    } else if let Some(n) = self.probe(table, "UPDATE", &sql, false).await? {
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
                // 23503, or 23001 where Postgres 17 names an ON DELETE RESTRICT key (the browser's PGlite).
                let fk_state = match &r {
                    Err(e) if matches!(e.sqlstate.as_str(), "23503" | "23001") => {
                        Some(e.sqlstate.clone())
                    }
                    _ => None,
                };
                if let Some(state) = fk_state {
                    // A foreign key stopped the delete, after RLS had let the rows through: how many did.
                    let through = if cause::catalog_cause(s, t, "DELETE", &role).is_some() {
                        keys.len() as u64
                    } else {
                        self.passing(table, "DELETE", Some(&pred), None)
                            .await?
                            .iter()
                            .map(|x| x.3)
                            .max()
                            .unwrap_or(0)
                    };
                    self.push(
                        table,
                        "DELETE",
                        Some(through),
                        Some(state),
                        Outcome::Ran,
                        r.err().map(|e| format!("{} ({})", e.message, e.sqlstate)),
                        false,
                    );
                    if through > 0 && self.counted && !is_shared(self.shared, table) {
                        let cause = self.attribute(table, "DELETE", Some(&pred), None).await?;
                        let cause = format!("{cause} (the DELETE itself was stopped by a foreign key; rows nothing references would go)");
                        self.leak(table, "DELETE", through, cause, &sql, None, false);
                    }
                } else if let Some(n) = self.settle(table, "DELETE", &sql, false, r).await? {
                    let cause = self.attribute(table, "DELETE", Some(&pred), None).await?;
                    self.leak(table, "DELETE", n, cause, &sql, None, false);
                }
            }
        }
        if kind == Some(Kind::Root) {
            return Ok(());
        }
        // Insert a row into tenant A.
        if self.one_row_per_user(table) {
            self.skip(table, "INSERT", format!("{NOT_APPLICABLE}: one row per user (its key is the user's), and every persona has its row already"));
            return self.move_probe(table, &cols, &fk_cols, no_rows).await;
        }
        match self.insert_probe(table) {
            None => self.skip(table, "INSERT", format!("no tenant-A row to copy: {no_rows}")),
            Some((sql, row)) => {
                let refused = match decision("INSERT") {
                    Decision::NoPrivilege | Decision::Denied => true,
                    Decision::Policies if !probes::before_trigger(s, table, "INSERT", &fk_cols) => {
                        self.no_policy_accepts(table, "INSERT", &row).await?
                    }
                    _ => false,
                };
                if refused {
                    self.predicted(table, "INSERT", None, Some("42501"));
                } else if let Some(n) = self.probe(table, "INSERT", &sql, false).await? {
                    let cause = self.attribute(table, "INSERT", None, Some(&row)).await?;
                    let extra = self.insert_person().and_then(|p| {
                        self.w
                            .rows
                            .iter()
                            .find(|((_, tag), _)| *tag == Tag::Person(p))
                            .map(|(_, r)| r.clone())
                    });
                    self.leak(table, "INSERT", n, cause, &sql, extra.as_ref(), false);
                }
            }
        }
        self.move_probe(table, &cols, &fk_cols, no_rows).await
    }

    /// What the MOVE probe of `table` moves and how, or why it cannot (`None`: no statement
    /// could be written, nothing to say); `no_rows` says why tenant A has no rows in it.
    fn move_plan(
        &self,
        table: &str,
        cols: &[(String, String)],
        no_rows: &str,
    ) -> Result<Move, Option<String>> {
        let s = self.s;
        let mut links = probes::tenant_link_columns(s, table, &self.w.kinds);
        if let Some((_, col)) = self.w.keyed.get(table) {
            if !links.contains(col) {
                links.push(col.clone());
            }
        }
        if links.is_empty() {
            return Err(Some("no column ties its rows to a tenant".into()));
        }
        let Some(a) = self.w.a_row(table) else {
            return Err(Some(format!("no tenant-A row to take the tenant from: {no_rows}")));
        };
        let Some(b) = self.w.b_row(table, self.d.person).cloned() else {
            return Err(Some("no row to move: tenant B has none in it".into()));
        };
        let Some(bkey) = probes::row_key(cols, &b.values).filter(|k| k.iter().all(Option::is_some))
        else {
            return Err(Some("the row to move has no key to name it by".into()));
        };
        if links.iter().all(|c| a.values.get(c) == b.values.get(c)) {
            return Err(Some(format!(
                "the row to move already names tenant A's {} (nothing would cross)",
                links.join(", ")
            )));
        }
        let b_pred = probes::keys_pred(cols, &[bkey]);
        let sql = probes::move_sql(s, table, &links, &a.values, &b_pred).ok_or(None)?;
        let mut moved = b.values.clone();
        for c in &links {
            moved.insert(c.clone(), a.values.get(c).cloned().flatten());
        }
        Ok(Move { b, b_pred, sql, moved })
    }

    /// Move a row the persona holds (their own user or membership row, else tenant B's) into
    /// tenant A: its tenant links take tenant A's row's values. Counted only when the row really
    /// crossed: tenant A holds more rows after the UPDATE than before (read as the superuser).
    async fn move_probe(
        &mut self,
        table: &str,
        cols: &[(String, String)],
        fk_cols: &[String],
        no_rows: &str,
    ) -> Result<(), EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let role = self.d.db_role.clone();
        let decision = |command: &str| crate::matrix::cell(s, t, command, &role).decision;
        let Move { b, b_pred, sql, moved } = match self.move_plan(table, cols, no_rows) {
            Ok(m) => m,
            Err(None) => return Ok(()),
            Err(Some(why)) => {
                self.skip(table, "MOVE", why);
                return Ok(());
            }
        };
        match decision("UPDATE") {
            Decision::NoPrivilege => {
                self.predicted(table, "MOVE", None, Some("42501"));
                return Ok(());
            }
            Decision::Denied => {
                self.predicted(table, "MOVE", Some(0), None);
                return Ok(());
            }
            Decision::Policies if !probes::before_trigger(s, table, "UPDATE", fk_cols) => {
                // The row must be one the persona may update at all, and a policy must accept it moved.
                if let Some(col) = probes::noop_column(s, table) {
                    match self
                        .db
                        .step_exec(&probes::update_sql(table, &col, &b_pred), false)
                        .await?
                    {
                        Ok(Some(0)) => {
                            self.predicted(table, "MOVE", Some(0), None);
                            return Ok(());
                        }
                        Ok(_) if self.no_policy_accepts(table, "MOVE", &moved).await? => {
                            self.predicted(table, "MOVE", None, Some("42501"));
                            return Ok(());
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let check = self.a_counts.get(table).map(|c| (c.sql.clone(), c.before));
        let (r, after) = self.db.step_exec_then(&sql, check.as_ref().map(|c| c.0.as_str())).await?;
        let r = match (r, after, &check) {
            // The UPDATE touched rows: count only those that crossed into tenant A.
            (Ok(Some(n)), Some(Ok(text)), Some((_, before))) if n > 0 => {
                Ok(Some(parse_count(&text).unwrap_or(0).saturating_sub(*before)))
            }
            // It could not be checked: not an answer.
            (Ok(Some(n)), Some(Err(e)), _) if n > 0 => Err(DbError {
                message: format!(
                    "the UPDATE touched {n} row(s), but where they went could not be read: {}",
                    e.message
                ),
                ..e
            }),
            (r, _, _) => r,
        };
        if let Some(n) = self.settle(table, "MOVE", &sql, false, r).await? {
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
                    if let Some(row) =
                        person.and_then(|p| self.w.rows.get(&(target.clone(), Tag::Person(p))))
                    {
                        v = row.values.get(rc).cloned().flatten();
                    }
                }
            } else if keys.contains(col) && self.w.keyed.get(table).is_none_or(|(_, k)| k != col) {
                v = Some(fixtures::fresh_value(s, self.w, table, c, "a"));
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
            placement: BTreeSet::new(),
        };
        Some((v.insert_sql(s, table), row))
    }
}
