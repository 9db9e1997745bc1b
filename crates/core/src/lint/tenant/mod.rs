//! The tenant rules, one per file: what isolating tenants asks of the catalog (RLS on every
//! tenant-scoped table, policies and functions that check the tenant, indexed and non-null keys).
//! Tenant-scoped tables, their keys and the roots come from [`crate::tenancy`].

use super::splinter::{calls, identifiers};
use super::{Context, Rule};
use crate::catalog::{Policy, Snapshot, Table};
use crate::tenancy::{TableTenancy, TENANT_COLUMNS};
use std::collections::BTreeSet;

mod policy_not_tenant_scoped;
mod rls_bypass_through_membership;
mod security_definer_function_exposed;
mod tenant_key_nullable;
mod tenant_key_without_index;
mod tenant_table_without_rls;
mod update_policy_without_with_check;

pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &tenant_table_without_rls::RULE,
        &rls_bypass_through_membership::RULE,
        &policy_not_tenant_scoped::RULE,
        &update_policy_without_with_check::RULE,
        &security_definer_function_exposed::RULE,
        &tenant_key_without_index::RULE,
        &tenant_key_nullable::RULE,
    ]
}

/// The user's tenant-scoped tables (direct or indirect), each with its tenancy. A user-identity
/// table (`users`, `profiles`) counts only when its key toward the root is a tenant-named column
/// (`client_id`, `organization_id` …): a user row pointing at a root through `current_org_id` or
/// `default_org_id` records a preference, the user still belongs to several tenants.
pub(crate) fn scoped_tables<'a>(
    cx: &'a Context,
) -> impl Iterator<Item = (&'a Table, &'a TableTenancy)> + 'a {
    cx.user.tables.iter().filter_map(move |t| {
        let q = t.qualified();
        let tt = cx.tenancy.tables.get(&q)?;
        let identity = cx.tenancy.user_tables.iter().any(|e| e.table == q);
        let tenant_named = key_columns(tt).iter().any(|k| TENANT_COLUMNS.contains(&k.as_str()));
        (tt.class.is_tenant_scoped() && (!identity || tenant_named)).then_some((t, tt))
    })
}

/// The tenant key: the columns of the first foreign key of the table's tenancy path (toward its
/// root for a direct table, toward its parent for an indirect one).
pub(crate) fn first_step_key(tt: &TableTenancy) -> Vec<String> {
    tt.path.first().map(|s| s.columns.clone()).unwrap_or_default()
}

/// Every column carrying the table's tenancy: the first step's, and all of a direct table's
/// foreign keys to its root.
pub(crate) fn key_columns(tt: &TableTenancy) -> BTreeSet<String> {
    first_step_key(tt).into_iter().chain(tt.tenant_key.iter().cloned()).collect()
}

/// Table names that scope an expression to a tenant when it reads them: the roots and the
/// membership tables (those linking a root to a user table). Bare names: Postgres deparses
/// `public.x` as `x` when public is on the search path.
pub(crate) fn scope_table_names(cx: &Context) -> BTreeSet<String> {
    let roots: BTreeSet<String> = cx.tenancy.root_names().into_iter().collect();
    let users: BTreeSet<String> = cx.tenancy.user_table_names().into_iter().collect();
    let mut names: BTreeSet<String> = BTreeSet::new();
    for t in &cx.catalog.tables {
        let q = t.qualified();
        let targets: Vec<String> = fk_targets(cx.catalog, t);
        let is_membership =
            targets.iter().any(|x| roots.contains(x)) && targets.iter().any(|x| users.contains(x));
        if roots.contains(&q) || is_membership {
            names.insert(t.name.to_lowercase());
        }
    }
    names
}

/// The tables a table's foreign keys point at.
fn fk_targets(s: &Snapshot, t: &Table) -> Vec<String> {
    s.constraints
        .iter()
        .filter(|c| c.kind == "foreign_key" && c.schema == t.schema && c.table == t.name)
        .map(|c| {
            format!(
                "{}.{}",
                c.ref_schema.as_deref().unwrap_or(&c.schema),
                c.ref_table.as_deref().unwrap_or("")
            )
        })
        .collect()
}

/// The columns of `t` that point at a user table (user_id, owner_id, author_id …).
pub(crate) fn user_columns(cx: &Context, t: &Table) -> BTreeSet<String> {
    let users: BTreeSet<String> = cx.tenancy.user_table_names().into_iter().collect();
    cx.catalog
        .constraints
        .iter()
        .filter(|c| c.kind == "foreign_key" && c.schema == t.schema && c.table == t.name)
        .filter(|c| {
            users.contains(&format!(
                "{}.{}",
                c.ref_schema.as_deref().unwrap_or(&c.schema),
                c.ref_table.as_deref().unwrap_or("")
            ))
        })
        .flat_map(|c| c.columns.clone())
        .collect()
}

/// Whether the text names the signed-in user: auth.uid(), auth.email(), current_user, session_user.
pub(crate) fn names_current_user(text: &str) -> bool {
    let ids = identifiers(text);
    calls(text, Some("auth"), "uid")
        || calls(text, Some("auth"), "email")
        || ids.contains("current_user")
        || ids.contains("session_user")
}

/// Whether every role of the policy skips RLS anyway (superuser or BYPASSRLS, e.g. service_role).
pub(crate) fn only_bypassing_roles(s: &Snapshot, p: &Policy) -> bool {
    !p.roles.is_empty()
        && p.roles
            .iter()
            .all(|r| s.roles.iter().any(|d| &d.name == r && (d.superuser || d.bypassrls)))
}

/// Shared by the tests of the tenant rules: organizations, members, a direct and an indirect
/// table (RLS on, Supabase's grants), under the Supabase shim's roles; and public.users, an identity
/// table whose nullable, unindexed current_org_id is a preference, not a tenant key (no rule may
/// report it).
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::catalog::fixture::Fixture;
    use crate::lint::splinter::fixtures::{supabase, API_GRANTS};

    pub fn orgs() -> Fixture {
        supabase()
            .table("public.organizations", &["id", "name"])
            .table("public.organization_members", &["id", "organization_id", "user_id", "role"])
            .fk(
                "public.organization_members",
                &["organization_id"],
                "public.organizations",
                &["id"],
            )
            .fk("public.organization_members", &["user_id"], "auth.users", &["id"])
            .index(
                "public.organization_members",
                "organization_members_org_idx",
                &["organization_id", "user_id"],
                true,
            )
            .table("public.projects", &["id", "organization_id", "owner_id", "name"])
            .fk("public.projects", &["organization_id"], "public.organizations", &["id"])
            .fk("public.projects", &["owner_id"], "auth.users", &["id"])
            .index("public.projects", "projects_org_idx", &["organization_id"], false)
            .table("public.tasks", &["id", "project_id", "title"])
            .fk("public.tasks", &["project_id"], "public.projects", &["id"])
            .index("public.tasks", "tasks_project_idx", &["project_id"], false)
            .table("public.users", &["id", "current_org_id?"])
            .fk("public.users", &["current_org_id"], "public.organizations", &["id"])
            .with(|s| {
                for t in s.tables.iter_mut().filter(|t| t.schema == "public" && t.name != "users") {
                    t.acl = API_GRANTS.iter().map(|a| a.to_string()).collect();
                    t.rls_enabled = true;
                }
            })
    }
}
