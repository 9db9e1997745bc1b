//! The positive control: tenant A's own member — its owner, with the highest membership role,
//! signed in exactly as the personas are but in tenant A — reads tenant A's rows in every probed
//! table. A probe that reads 0 rows says "no leak" only if the probes' identity reaches the
//! policies at all: a policy that reads a setting, a claim or a helper the probes do not set,
//! or one that denies everyone (`using (false)`), shows every persona 0 rows too. Where tenant
//! A's own member reads none of its rows although its role has the privilege and a policy
//! applies, the table is *unconfirmed* and the verdict cannot be "no leak" there.
//!
//! A table the catalog closes to the members' role — no SELECT privilege, or RLS on and no
//! SELECT policy for it (a service-role-only audit table) — is *closed*: Postgres refuses every
//! member before any policy is read, which is an answer, not a gap. A table marked shared is not
//! judged (nothing there is counted). A table without tenant-A rows is already a coverage gap.

use super::fixtures::World;
use super::{probes, Control, ControlState, Db};
use crate::catalog::Snapshot;
use crate::engine::{DbError, Engine};
use crate::matrix::Decision;
use crate::tenancy::Tenancy;
use std::collections::BTreeMap;

/// Why a table is unconfirmed, in the words the verdict shows: the tables, and the read's
/// error when it failed (else it read nothing).
pub(crate) fn unconfirmed_line(tables: &[&str], error: Option<&str>) -> String {
    let on = tables.join(", ");
    match error {
        None => format!(
            "tenant A's own member reads none of its rows on {on}: the polic{} may read an identity the probes do not set, or deny everyone",
            if tables.len() == 1 { "y" } else { "ies" }
        ),
        Some(e) => format!(
            "tenant A's own member could not read its rows on {on} ({e}): the probes could not show they act as a member there"
        ),
    }
}

/// What the control's read of one table says.
pub(crate) struct Read<'a> {
    pub table: &'a str,
    /// Tenant A's rows named in the read.
    pub a_rows: u64,
    /// What the read gave: a row count, or the error.
    pub result: Result<u64, &'a DbError>,
    /// The catalog's decision on SELECT for the control's database role (see `matrix::cell`).
    pub decision: Decision,
    pub role: &'a str,
    pub shared: bool,
}

/// Judge one table's control (pure: the read is done by [`reads`]).
pub(crate) fn judge(r: &Read) -> Control {
    let (rows, error) = match &r.result {
        Ok(n) => (Some(*n), None),
        Err(e) => (None, Some(format!("{} ({})", e.message, e.sqlstate))),
    };
    let mk = |state, detail: String| Control {
        state,
        a_rows: r.a_rows,
        rows,
        error: error.clone(),
        detail,
    };
    let t = r.table;
    if r.a_rows == 0 {
        return mk(ControlState::NoRows, format!("tenant A has no row in {t} to read"));
    }
    if let Ok(n) = r.result {
        if n > 0 {
            return mk(
                ControlState::Confirmed,
                format!("tenant A's own member read {n} of its {} row(s) in {t}", r.a_rows),
            );
        }
    }
    if r.shared {
        return mk(
            ControlState::Shared,
            format!("{t} is marked shared: nothing there is counted, so the control is not judged"),
        );
    }
    let refused = matches!(&r.result, Err(e) if e.sqlstate == "42501");
    match r.decision {
        Decision::NoPrivilege => {
            return mk(
                ControlState::Closed,
                format!("closed: {} has no SELECT privilege on {t}, so no member reads it", r.role),
            )
        }
        Decision::Denied => {
            return mk(
                ControlState::Closed,
                format!(
                    "closed: RLS is on and no SELECT policy applies to {} on {t}, so no member reads it",
                    r.role
                ),
            )
        }
        _ if refused => {
            return mk(
                ControlState::Closed,
                format!(
                    "closed: Postgres refuses {} any read of {t} ({})",
                    r.role,
                    error.clone().unwrap_or_default()
                ),
            )
        }
        _ => {}
    }
    mk(ControlState::Unconfirmed, unconfirmed_line(&[t], error.as_deref()))
}

/// The lines `coverage.missing` gets for the unconfirmed tables: one per distinct reason (the
/// tables that read nothing together, each failed read on its own).
pub(crate) fn missing_lines(controls: &BTreeMap<String, Control>) -> Vec<String> {
    let unconfirmed = || controls.iter().filter(|(_, c)| c.state == ControlState::Unconfirmed);
    let silent: Vec<&str> =
        unconfirmed().filter(|(_, c)| c.error.is_none()).map(|(t, _)| t.as_str()).collect();
    let mut out = Vec::new();
    if !silent.is_empty() {
        out.push(unconfirmed_line(&silent, None));
    }
    for (t, c) in unconfirmed() {
        if let Some(e) = &c.error {
            out.push(unconfirmed_line(&[t.as_str()], Some(e)));
        }
    }
    out
}

/// Who reads, and what: the control's identity and database role, the tables, tenant A's key
/// per root, the tables marked shared.
pub(crate) struct Plan<'a> {
    pub identity: &'a str,
    pub role: &'a str,
    pub probed: &'a [String],
    pub a_keys: &'a BTreeMap<String, String>,
    pub shared: &'a [String],
}

/// Read tenant A's rows of every probed table as tenant A's own member (inside a savepoint
/// rolled back afterwards) and judge each table.
pub(crate) async fn reads<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    tenancy: &Tenancy,
    w: &World,
    plan: &Plan<'_>,
) -> Result<BTreeMap<String, Control>, crate::engine::EngineFailure> {
    // Tenant A's rows by key, as the superuser: its fixture row first, then the others.
    let mut keys: BTreeMap<&str, Vec<Vec<Option<String>>>> = BTreeMap::new();
    let own_keys = |t: &String| {
        let a_key = probes::root_of(tenancy, t).and_then(|r| plan.a_keys.get(&r).cloned());
        a_key.and_then(|a| probes::own_keys_sql(s, tenancy, t, &a))
    };
    let ahead: Vec<String> = plan.probed.iter().filter_map(own_keys).collect();
    db.prefetch(&ahead).await?;
    for t in plan.probed {
        let cols = probes::key_cols(s, t);
        let mut ks: Vec<Vec<Option<String>>> = Vec::new();
        if let Some(k) = w
            .a_row(t)
            .and_then(|a| probes::row_key(&cols, &a.values))
            .filter(|k| k.iter().all(Option::is_some))
        {
            ks.push(k);
        }
        if let Some(q) = own_keys(t) {
            if let Ok(text) = db.step_query(&q, false).await? {
                let found: Vec<Vec<Option<String>>> =
                    serde_json::from_str(&text).unwrap_or_default();
                for k in found {
                    if !ks.contains(&k) {
                        ks.push(k);
                    }
                }
            }
        }
        ks.truncate(probes::MAX_KEYS);
        keys.insert(t.as_str(), ks);
    }
    let mut out = BTreeMap::new();
    let set_up = db
        .exec(&format!("savepoint tp_control; {}", plan.identity.replace('\n', " ")))
        .await?
        .error;
    let read_sql = |t: &str, ks: &[Vec<Option<String>>]| {
        probes::select_sql(t, &probes::keys_pred(&probes::key_cols(s, t), ks))
    };
    if set_up.is_none() {
        let ahead: Vec<String> = plan
            .probed
            .iter()
            .filter(|t| !keys[t.as_str()].is_empty())
            .map(|t| read_sql(t, &keys[t.as_str()]))
            .collect();
        db.prefetch(&ahead).await?;
    }
    for t in plan.probed {
        let ks = &keys[t.as_str()];
        let table = s.table(t);
        let decision = table
            .map(|tt| crate::matrix::cell(s, tt, "SELECT", plan.role).decision)
            .unwrap_or(Decision::NoPrivilege);
        let result: Result<u64, DbError> = match &set_up {
            Some(e) => Err(DbError {
                message: format!("the control could not be set up: {}", e.message),
                ..e.clone()
            }),
            None if ks.is_empty() => Ok(0),
            None => db
                .step_query(&read_sql(t, ks), false)
                .await?
                .map(|text| text.trim().trim_matches('"').parse().unwrap_or(0)),
        };
        let read = Read {
            table: t,
            a_rows: ks.len() as u64,
            result: result.as_ref().map(|n| *n),
            decision,
            role: plan.role,
            shared: super::persona_probes::is_shared(plan.shared, t),
        };
        out.insert(t.clone(), judge(&read));
    }
    if let Some(e) =
        db.exec("rollback to savepoint tp_control; release savepoint tp_control").await?.error
    {
        return Err(crate::engine::EngineFailure::Crashed(format!(
            "leak probes: could not leave the control: {} ({})",
            e.message, e.sqlstate
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(sqlstate: &str, message: &str) -> DbError {
        DbError { sqlstate: sqlstate.into(), message: message.into(), ..Default::default() }
    }

    fn read<'a>(result: Result<u64, &'a DbError>, decision: Decision) -> Read<'a> {
        Read {
            table: "public.x",
            a_rows: 1,
            result,
            decision,
            role: "authenticated",
            shared: false,
        }
    }

    #[test]
    fn a_member_reading_its_rows_confirms_the_table() {
        let c = judge(&read(Ok(1), Decision::Policies));
        assert_eq!(c.state, ControlState::Confirmed);
        assert_eq!(c.detail, "tenant A's own member read 1 of its 1 row(s) in public.x");
        // Even on a shared table a confirmed read is said as such.
        let c = judge(&Read { shared: true, ..read(Ok(1), Decision::Policies) });
        assert_eq!(c.state, ControlState::Confirmed);
    }

    #[test]
    fn reading_nothing_under_a_policy_is_unconfirmed_and_says_why() {
        // `using (false)`, or a policy reading a setting the probes do not set.
        let c = judge(&read(Ok(0), Decision::Policies));
        assert_eq!(c.state, ControlState::Unconfirmed);
        assert_eq!(
            c.detail,
            "tenant A's own member reads none of its rows on public.x: the policy may read an identity the probes do not set, or deny everyone"
        );
        assert_eq!((c.rows, c.error.as_deref()), (Some(0), None));
        // A read that fails for another reason than a refusal: unconfirmed, with the error.
        let e = err("22P02", "invalid input syntax for type uuid: \"\"");
        let c = judge(&read(Err(&e), Decision::Policies));
        assert_eq!(c.state, ControlState::Unconfirmed);
        assert!(c.detail.contains("could not read its rows on public.x (invalid input syntax"));
        assert_eq!(c.rows, None);
    }

    #[test]
    fn a_table_the_catalog_closes_to_members_is_closed_not_a_gap() {
        let c = judge(&read(Ok(0), Decision::Denied));
        assert_eq!(c.state, ControlState::Closed);
        assert!(c
            .detail
            .starts_with("closed: RLS is on and no SELECT policy applies to authenticated"));
        let e = err("42501", "permission denied for table x");
        let c = judge(&read(Err(&e), Decision::NoPrivilege));
        assert_eq!(c.state, ControlState::Closed);
        // A refusal the catalog model did not foresee (no USAGE on the schema) is closed too.
        let e = err("42501", "permission denied for schema private");
        assert_eq!(judge(&read(Err(&e), Decision::Policies)).state, ControlState::Closed);
    }

    #[test]
    fn shared_tables_and_tables_without_rows_are_not_judged() {
        let c = judge(&Read { shared: true, ..read(Ok(0), Decision::Policies) });
        assert_eq!(c.state, ControlState::Shared);
        let c = judge(&Read { a_rows: 0, ..read(Ok(0), Decision::Policies) });
        assert_eq!(c.state, ControlState::NoRows);
    }

    #[test]
    fn the_missing_lines_group_tables_that_read_nothing() {
        let mut m = BTreeMap::new();
        for t in ["public.a", "public.b"] {
            m.insert(t.to_string(), judge(&Read { table: t, ..read(Ok(0), Decision::Policies) }));
        }
        m.insert("public.c".into(), judge(&read(Ok(0), Decision::Denied)));
        m.insert("public.d".into(), judge(&read(Ok(3), Decision::Policies)));
        let e = err("P0001", "no tenant");
        m.insert(
            "public.e".into(),
            judge(&Read { table: "public.e", ..read(Err(&e), Decision::Policies) }),
        );
        assert_eq!(
            missing_lines(&m),
            [
                "tenant A's own member reads none of its rows on public.a, public.b: the policies may read an identity the probes do not set, or deny everyone",
                "tenant A's own member could not read its rows on public.e (no tenant (P0001)): the probes could not show they act as a member there"
            ]
        );
    }
}
