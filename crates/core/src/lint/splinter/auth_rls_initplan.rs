//! splinter 0003: a policy calling auth.uid() / auth.jwt() / current_setting() … once per row.

use super::{call_offsets, policy_object, tokens, Token};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use std::collections::BTreeSet;

pub struct AuthRlsInitplan;
pub static RULE: AuthRlsInitplan = AuthRlsInitplan;

static DOC: RuleDoc = RuleDoc {
    id: "auth_rls_initplan",
    title: "Auth function re-evaluated for each row",
    level: Level::Warn,
    categories: &[Category::Performance],
    description: "A policy (on a table with RLS on) calls auth.uid(), auth.jwt(), auth.role(), auth.email() or current_setting() where Postgres evaluates it for every row.",
    remediation: "Wrap the call in a sub-select: `(select auth.uid())` on Supabase, `(select current_setting('app.tenant_id', true))` \
                  for a tenant kept in a session setting on plain Postgres (each finding names the exact calls to wrap). Postgres then runs it once per statement \
                  (an InitPlan) instead of once per row, which on large tables is the difference between an index \
                  scan and a slow filter. A call inside a sub-select that refers to the policy's own table (a \
                  correlated EXISTS) still runs per row: wrap the call itself. The check reads the expression as \
                  Postgres stored it, where the wrapped form reads `( SELECT auth.uid() AS uid)`.",
    example: "create policy \"Members read projects\" on public.projects for select to authenticated\n  using (owner_id = (select auth.uid()));",
    example_postgres: "create policy \"Members read projects\" on public.projects for select to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid));",
    differences: &[],
};

/// The functions whose value is the same for every row of a statement.
const AUTH_FUNCTIONS: [&str; 4] = ["uid", "jwt", "role", "email"];

/// The text of the call starting at `offset` (its name through its closing parenthesis), as the
/// policy's expression has it: `auth.uid()`, `current_setting('app.org_id'::text, true)`.
fn call_text(expr: &str, offset: usize) -> String {
    let rest = &expr[offset..];
    let Some(open) = rest.find('(') else { return rest.to_string() };
    let (mut depth, mut quoted) = (0i32, false);
    for (i, c) in rest[open..].char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return rest[..open + i + 1].to_string();
                }
            }
            _ => {}
        }
    }
    rest.to_string()
}

/// The calls in `expr` that Postgres evaluates for each row of `table`: those not inside a
/// sub-select independent of the table's row, each as written in the expression.
pub(crate) fn per_row_calls(expr: &str, table: &str) -> BTreeSet<String> {
    let toks = tokens(expr);
    let mut calls: Vec<(usize, String)> = Vec::new();
    for f in AUTH_FUNCTIONS {
        calls.extend(call_offsets(expr, Some("auth"), f).map(|o| (o, call_text(expr, o))));
    }
    calls.extend(call_offsets(expr, None, "current_setting").map(|o| (o, call_text(expr, o))));
    let mut out = BTreeSet::new();
    for (offset, label) in calls {
        // The parentheses open around the call, innermost last.
        let mut open: Vec<usize> = Vec::new();
        for (k, (o, t)) in toks.iter().enumerate() {
            if *o >= offset {
                break;
            }
            match t {
                Token::Punct('(') => open.push(k),
                Token::Punct(')') => {
                    open.pop();
                }
                _ => {}
            }
        }
        let once = open.iter().any(|&k| {
            if toks.get(k + 1).map(|t| &t.1) != Some(&Token::Ident("select".into())) {
                return false;
            }
            // Does the sub-select refer to the outer row (`table.column`)?
            let mut depth = 0;
            for j in k..toks.len() {
                match &toks[j].1 {
                    Token::Punct('(') => depth += 1,
                    Token::Punct(')') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Ident(name)
                        if name == table
                            && toks.get(j + 1).map(|t| &t.1) == Some(&Token::Punct('.')) =>
                    {
                        return false
                    }
                    _ => {}
                }
            }
            true
        });
        if !once {
            out.insert(label);
        }
    }
    out
}

impl Rule for AuthRlsInitplan {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for p in &cx.user.policies {
            let rls_on = cx
                .catalog
                .tables
                .iter()
                .any(|t| t.schema == p.schema && t.name == p.table && t.rls_enabled);
            if !rls_on {
                continue;
            }
            let mut parts = Vec::new();
            let mut all: BTreeSet<String> = BTreeSet::new();
            for (clause, expr) in [("USING", &p.using), ("WITH CHECK", &p.with_check)] {
                let Some(expr) = expr else { continue };
                let calls = per_row_calls(expr, &p.table);
                if !calls.is_empty() {
                    parts.push(format!(
                        "{} in {clause}",
                        calls.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                    all.extend(calls);
                }
            }
            if parts.is_empty() {
                continue;
            }
            // The advice names what this policy calls, never a function the project may not have.
            let wrapped: Vec<String> = all.iter().map(|c| format!("(select {c})")).collect();
            out.push(Finding::new(
                policy_object(p),
                Level::Warn,
                format!(
                    "policy \"{}\" on {}.{} calls {} for every row: wrap {} as {} so it runs once per statement",
                    p.name,
                    p.schema,
                    p.table,
                    parts.join("; "),
                    if all.len() == 1 { "the call" } else { "each call" },
                    wrapped.join(", ")
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn what_runs_per_row() {
        // As Postgres deparses them.
        assert!(per_row_calls("(( SELECT auth.uid() AS uid) = user_id)", "t").is_empty());
        assert_eq!(
            per_row_calls("(auth.uid() = user_id)", "t"),
            BTreeSet::from(["auth.uid()".to_string()])
        );
        assert_eq!(
            per_row_calls("(org_id = (current_setting('app.org_id'::text, true))::uuid)", "t"),
            BTreeSet::from(["current_setting('app.org_id'::text, true)".to_string()])
        );
        assert!(per_row_calls(
            "(org_id = ( SELECT ((auth.jwt() ->> 'org_id'::text))::uuid AS uuid))",
            "t"
        )
        .is_empty());
        assert_eq!(
            per_row_calls("(org_id = (current_setting('app.org_id'::text))::uuid)", "t").len(),
            1
        );
        assert!(per_row_calls("(org_id = ( SELECT (current_setting('app.org_id'::text, true))::uuid AS current_setting))", "t").is_empty());
        // Correlated: refers to the outer row, so it runs per row.
        assert_eq!(per_row_calls("( SELECT (auth.uid() = t.user_id))", "t").len(), 1);
        assert_eq!(per_row_calls("(EXISTS ( SELECT 1\n   FROM orgs o\n  WHERE ((o.id = t.org_id) AND (o.name = (auth.uid())::text))))", "t").len(), 1);
        // Uncorrelated IN (…): hashed once.
        assert!(per_row_calls(
            "(org_id IN ( SELECT m.org_id FROM members m WHERE (m.user_id = auth.uid())))",
            "t"
        )
        .is_empty());
        // A correlated EXISTS with the call wrapped inside it.
        assert!(per_row_calls("(EXISTS ( SELECT 1 FROM m WHERE ((m.org_id = t.org_id) AND (m.user_id = ( SELECT auth.uid() AS uid)))))", "t").is_empty());
    }

    fn base() -> Fixture {
        Fixture::new().table("public.notes", &["id", "user_id"]).rls("public.notes", true, false)
    }

    #[test]
    fn flags_the_bare_call() {
        let s = base()
            .policy(
                "public.notes",
                "own notes",
                "ALL",
                true,
                &["authenticated"],
                Some("(auth.uid() = user_id)"),
                Some("(( SELECT auth.uid() AS uid) = user_id)"),
            )
            .build();
        let found = Harness::new(s, Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "policy \"own notes\" on public.notes");
        assert_eq!(found[0].level, Level::Warn);
        assert!(found[0].detail.contains("auth.uid() in USING"), "{}", found[0].detail);
        assert!(!found[0].detail.contains("WITH CHECK"), "{}", found[0].detail);
        assert!(
            found[0].detail.contains("wrap the call as (select auth.uid())"),
            "{}",
            found[0].detail
        );
    }

    #[test]
    fn plain_postgres_advice_names_the_setting_not_auth_uid() {
        let s = base()
            .policy(
                "public.notes",
                "own tenant",
                "ALL",
                true,
                &["public"],
                Some("(user_id = (current_setting('app.user_id'::text, true))::uuid)"),
                None,
            )
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        assert_eq!(found.len(), 1);
        let d = &found[0].detail;
        assert!(
            d.contains("wrap the call as (select current_setting('app.user_id'::text, true))"),
            "{d}"
        );
        assert!(!d.contains("auth."), "{d}");
    }

    #[test]
    fn wrapped_calls_and_rls_off_are_fine() {
        let s = base()
            .policy(
                "public.notes",
                "own notes",
                "ALL",
                true,
                &["authenticated"],
                Some("(( SELECT auth.uid() AS uid) = user_id)"),
                None,
            )
            .table("public.off", &["id", "user_id"])
            .policy(
                "public.off",
                "unused",
                "SELECT",
                true,
                &["authenticated"],
                Some("(auth.uid() = user_id)"),
                None,
            )
            .build();
        assert!(Harness::new(s, Profile::Supabase).check(&RULE).is_empty());
    }
}
