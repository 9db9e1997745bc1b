//! A tenant key column that allows NULL.

use super::{key_columns, scoped_tables};
use crate::lint::splinter::{identifiers, tokens, Token};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct TenantKeyNullable;
pub static RULE: TenantKeyNullable = TenantKeyNullable;

static DOC: RuleDoc = RuleDoc {
    id: "tenant_key_nullable",
    title: "Nullable tenant key",
    level: Level::Info,
    categories: &[Category::Tenancy],
    description: "A tenant key column of a tenant-scoped table (its foreign key toward the tenant root) allows NULL: such a row belongs to no tenant.",
    remediation: "Backfill the column and set it NOT NULL (after a NOT VALID check constraint has been validated, on \
                  a large table). What a NULL row means depends on the policies: one comparing the key to the user's \
                  tenants never matches NULL, so the row is invisible to every client but still counted, exported \
                  and reachable by the owner; one with `… is null` makes it visible to everyone.",
    example: "alter table public.projects alter column organization_id set not null;",
    example_postgres: "",
    differences: &[],
};

/// Whether `expr` tests `column IS NULL`.
fn tests_null(expr: &str, column: &str) -> bool {
    let t = tokens(expr);
    t.windows(3).any(|w| {
        w[0].1 == Token::Ident(column.to_string())
            && w[1].1 == Token::Ident("is".into())
            && w[2].1 == Token::Ident("null".into())
    })
}

impl Rule for TenantKeyNullable {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for (t, tt) in scoped_tables(cx) {
            for k in key_columns(tt) {
                if !t.columns.iter().any(|c| c.name == k && !c.not_null) {
                    continue;
                }
                let q = format!("{}.{k}", t.qualified());
                let null_policies: Vec<String> = cx
                    .catalog
                    .policies_on(t)
                    .filter(|p| {
                        [&p.using, &p.with_check]
                            .iter()
                            .any(|e| e.as_deref().is_some_and(|e| tests_null(e, &k)))
                    })
                    .map(|p| format!("\"{}\"", p.name))
                    .collect();
                let meaning = if !t.rls_enabled {
                    "row level security is off, so only the application's queries decide who sees them".to_string()
                } else if null_policies.is_empty() {
                    "no policy matches a NULL key, so no client sees those rows (the owner and BYPASSRLS roles still do)".to_string()
                } else {
                    format!("polic{} {} test{} {k} IS NULL: check who they let see those rows (often everyone)", if null_policies.len() == 1 { "y" } else { "ies" }, null_policies.join(", "), if null_policies.len() == 1 { "s" } else { "" })
                };
                // A check constraint naming the column usually says when NULL is meant (an exclusive arc:
                // the row belongs to a user instead).
                let checks: Vec<String> = cx
                    .catalog
                    .constraints
                    .iter()
                    .filter(|c| {
                        c.schema == t.schema
                            && c.table == t.name
                            && c.kind == "check"
                            && identifiers(&c.definition).contains(&k)
                    })
                    .map(|c| format!("{} {}", c.name, c.definition))
                    .collect();
                let constrained = if checks.is_empty() {
                    String::new()
                } else {
                    format!(" (check constraint {} says when it may be NULL)", checks.join(", "))
                };
                out.push(Finding::new(q.clone(), Level::Info, format!("{q} is nullable{constrained}: a row with NULL belongs to no tenant; {meaning}")));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Column;
    use crate::lint::splinter::fixtures::supabase;
    use crate::lint::tenant::fixtures::orgs;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    fn nullable(
        f: crate::catalog::fixture::Fixture,
        table: &str,
        column: &str,
    ) -> crate::catalog::fixture::Fixture {
        f.with(|s| {
            let c: &mut Column = s
                .tables
                .iter_mut()
                .find(|t| t.qualified() == table)
                .unwrap()
                .columns
                .iter_mut()
                .find(|c| c.name == column)
                .unwrap();
            c.not_null = false;
        })
    }

    #[test]
    fn flags_the_nullable_key_and_says_what_null_means() {
        let s = nullable(
            nullable(orgs(), "public.projects", "organization_id"),
            "public.tasks",
            "project_id",
        )
        .policy(
            "public.projects",
            "shared",
            "SELECT",
            true,
            &["authenticated"],
            Some("((organization_id IS NULL) OR is_org_member(organization_id))"),
            None,
        )
        .build();
        let mut found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        found.sort_by(|a, b| a.object.cmp(&b.object));
        let got: Vec<(&str, Level)> = found.iter().map(|f| (f.object.as_str(), f.level)).collect();
        assert_eq!(
            got,
            [
                ("public.projects.organization_id", Level::Info),
                ("public.tasks.project_id", Level::Info)
            ]
        );
        assert!(
            found[0].detail.contains("policy \"shared\" tests organization_id IS NULL"),
            "{}",
            found[0].detail
        );
        assert!(found[1].detail.contains("no client sees"), "{}", found[1].detail);
    }

    #[test]
    fn not_null_keys_are_fine() {
        let s = nullable(orgs(), "public.projects", "name").build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
