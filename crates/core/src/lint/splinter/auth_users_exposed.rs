//! splinter 0002: a view that hands auth.users to the API roles.

use super::{is_system_schema, security_invoker, tokens, view_readers, Token};
use crate::lint::{Category, Context, Finding, Level, PeerDifference, Rule, RuleDoc};
use crate::matrix::{self, Decision};

pub struct AuthUsersExposed;
pub static RULE: AuthUsersExposed = AuthUsersExposed;

static DOC: RuleDoc = RuleDoc {
    id: "auth_users_exposed",
    title: "Exposed auth users",
    level: Level::Error,
    categories: &[Category::Security],
    description: "A view or materialized view in an exposed schema reads auth.users and anon or authenticated may select from it: user e-mails and metadata leak through the API.",
    remediation: "Do not expose auth.users. Keep the public part of each user in a table of your own (a profiles \
                  table filled by a trigger) with its own policies, or revoke SELECT on the view from anon and \
                  authenticated. A security_invoker view only counts when the caller could read auth.users \
                  directly; a security definer view or a materialized view reads it with its owner's rights.",
    example: "revoke select on public.member_emails from anon, authenticated;\n-- or: select from public.profiles (RLS on) instead of auth.users",
    example_postgres: "",
    differences: &[
        PeerDifference {
            id: "invoker_view_needs_the_callers_grant",
            peer: "splinter",
            peer_rule: "auth_users_exposed",
            text: "A security_invoker view over auth.users is reported only when an API role could read auth.users itself; splinter reports it whenever auth.users has RLS off. Such a view reads with the caller's rights: checked on PostgreSQL 15, a role with SELECT on the view but not on the table gets 42501 (permission denied for table users). On Supabase, and in our Supabase profile, anon and authenticated have no SELECT on auth.users.",
        },
    ],
};

/// Whether a view's definition (as Postgres deparsed it) reads auth.users.
pub(crate) fn reads_auth_users(definition: &str) -> bool {
    let t = tokens(definition);
    t.windows(3).any(|w| {
        w[0].1 == Token::Ident("auth".into())
            && w[1].1 == Token::Punct('.')
            && w[2].1 == Token::Ident("users".into())
    })
}

impl Rule for AuthUsersExposed {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let users = cx.catalog.table("auth.users");
        let mut out = Vec::new();
        for v in cx
            .user
            .views
            .iter()
            .filter(|v| !is_system_schema(&v.schema) && reads_auth_users(&v.definition))
        {
            let definer = v.materialized || !security_invoker(v);
            let readers: Vec<String> = view_readers(cx, v)
                .into_iter()
                .filter(|r| {
                    definer
                        || users.is_some_and(|u| {
                            matches!(
                                matrix::cell(cx.catalog, u, "SELECT", r).decision,
                                Decision::NoRls | Decision::Bypass | Decision::Policies
                            )
                        })
                })
                .collect();
            if readers.is_empty() {
                continue;
            }
            let q = format!("{}.{}", v.schema, v.name);
            let kind = if v.materialized { "materialized view" } else { "view" };
            let how = if v.materialized {
                "it stores rows of auth.users".to_string()
            } else if definer {
                format!("it reads auth.users with the rights of its owner {}", v.owner)
            } else {
                "they can read auth.users itself".to_string()
            };
            out.push(Finding::new(
                q.clone(),
                Level::Error,
                format!(
                    "{kind} {q} reads auth.users and {} may select from it: {how}",
                    readers.join(" and ")
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::splinter::fixtures::{supabase, API_GRANTS};
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    const DEF: &str = " SELECT u.id,\n    u.email\n   FROM auth.users u;";

    #[test]
    fn flags_the_view_over_auth_users() {
        let s = supabase()
            .view("public.member_emails", DEF)
            .view_acl("public.member_emails", &API_GRANTS)
            .view("public.profiles_view", " SELECT id\n   FROM profiles;")
            .view_acl("public.profiles_view", &API_GRANTS)
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "public.member_emails");
        assert_eq!(found[0].level, Level::Error);
        assert!(found[0].detail.contains("rights of its owner postgres"), "{}", found[0].detail);
    }

    #[test]
    fn revoked_or_invoker_views_are_fine() {
        let s = supabase()
            .view("public.member_emails", DEF)
            .view_acl(
                "public.member_emails",
                &["postgres=arwdDxtm/postgres", "service_role=r/postgres"],
            )
            .view("public.invoker", DEF)
            .view_acl("public.invoker", &API_GRANTS)
            .view_options("public.invoker", &["security_invoker=true"])
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
