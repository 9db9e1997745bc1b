//! The catalog lint rules (splinter's and the tenant rules) against a real Postgres: a schema with
//! one mistake per rule must produce exactly the expected finding, and the same schema fixed must
//! produce none. The mistakes do not interfere, so each profile costs one bad and one good run.
//! Also checked here: the Postgres behaviour the rule docs describe (WITH CHECK on UPDATE, INSERT
//! policies without WITH CHECK).

use crate::support::simulate;
use std::collections::BTreeMap;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::lint::{Finding, Level};
use tenant_planner_core::profile::{Profile, SUPABASE_SHIM};
use tenant_planner_core::project::Project;
use tenant_planner_core::run::Status;
use tenant_planner_native::NativeEngine;

/// The catalog rules this file covers (the migration rules are tested elsewhere).
const RULES: [&str; 20] = [
    "unindexed_foreign_keys",
    "auth_rls_initplan",
    "no_primary_key",
    "multiple_permissive_policies",
    "policy_exists_rls_disabled",
    "rls_enabled_no_policy",
    "duplicate_index",
    "security_definer_view",
    "function_search_path_mutable",
    "rls_disabled_in_public",
    "rls_references_user_metadata",
    "materialized_view_in_api",
    "auth_users_exposed",
    "rls_policy_always_true",
    "tenant_table_without_rls",
    "tenant_key_without_index",
    "update_policy_without_with_check",
    "policy_not_tenant_scoped",
    "security_definer_function_exposed",
    "tenant_key_nullable",
];

fn lint(sql: &str, profile: Profile) -> BTreeMap<String, Vec<Finding>> {
    let project =
        Project { files: vec![SqlFile::new("001_schema.sql", sql)], ..Default::default() };
    let (run, report) = simulate(&project, Some(profile), false, &mut ()).unwrap();
    let errors: Vec<String> =
        run.errors().map(|e| format!("line {}: {}", e.line, e.message)).collect();
    assert_eq!(run.count(Status::Failed), 0, "{errors:#?}");
    report.lint
}

fn show(found: &[Finding]) -> String {
    found
        .iter()
        .map(|f| format!("\n  [{}] {} — {}", f.level.as_str(), f.object, f.detail))
        .collect()
}

/// `rule` found exactly `want` (object, level), in any order.
fn expect(lint: &BTreeMap<String, Vec<Finding>>, rule: &str, want: &[(&str, Level)]) {
    let found = lint.get(rule).unwrap_or_else(|| panic!("no key {rule} in the report"));
    let mut got: Vec<(&str, Level)> = found.iter().map(|f| (f.object.as_str(), f.level)).collect();
    let mut want = want.to_vec();
    got.sort();
    want.sort();
    assert_eq!(got, want, "{rule}:{}", show(found));
}

/// Tenants (organizations) and their members, as the bad and the good Supabase schemas share them.
const SUPABASE_TENANTS: &str = r#"
create table public.organizations (
  id   uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id         uuid not null references auth.users (id) on delete cascade,
  role            text not null default 'member',
  primary key (organization_id, user_id)
);

create index organization_members_user_id_idx on public.organization_members (user_id);

alter table public.organizations enable row level security;

alter table public.organization_members enable row level security;

create policy "Members read their organizations" on public.organizations for select to authenticated
  using (id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid())));

create policy "Members see their memberships" on public.organization_members for select to authenticated
  using (user_id = (select auth.uid()));
"#;

/// One mistake per rule.
const SUPABASE_BAD: &str = r#"
-- tenant_key_nullable, tenant_key_without_index and unindexed_foreign_keys: no index, NULL allowed
create table public.projects (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid references public.organizations (id) on delete cascade,
  owner_id        uuid not null references auth.users (id),
  name            text not null
);

alter table public.projects enable row level security;

-- auth_rls_initplan: auth.uid() per row
create policy "Owners read projects" on public.projects for select to authenticated
  using (owner_id = auth.uid());

-- multiple_permissive_policies (with the one above), policy_not_tenant_scoped
create policy "Signed-in users read projects" on public.projects for select to authenticated
  using ((select auth.role()) = 'authenticated');

-- update_policy_without_with_check: the new row may name any organization
create policy "Members update projects" on public.projects for update to authenticated
  using (organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid())))
  with check (owner_id = (select auth.uid()));

-- rls_policy_always_true
create policy "Anyone deletes projects" on public.projects for delete to authenticated
  using (true);

-- rls_references_user_metadata
create policy "Organization from metadata" on public.projects for insert to authenticated
  with check (organization_id = (((select auth.jwt()) -> 'user_metadata') ->> 'org_id')::uuid);

-- tenant_table_without_rls (ERROR: the default privileges grant anon and authenticated), rls_disabled_in_public
create table public.tasks (
  id         uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  title      text not null
);

create index tasks_project_id_idx on public.tasks (project_id);

-- duplicate_index
create index tasks_project_id_idx1 on public.tasks (project_id);

-- policy_exists_rls_disabled (and RLS off on a tenant table)
create table public.comments (
  id      uuid primary key default gen_random_uuid(),
  task_id uuid not null references public.tasks (id) on delete cascade,
  body    text not null
);

create index comments_task_id_idx on public.comments (task_id);

create policy "Members read comments" on public.comments for select to authenticated
  using (task_id in (select id from public.tasks));

-- rls_enabled_no_policy
create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now()
);

alter table public.audit_log enable row level security;

-- no_primary_key, rls_disabled_in_public
create table public.events (
  kind text not null,
  at   timestamptz not null default now()
);

-- auth_users_exposed and security_definer_view
create view public.member_emails as
  select u.id, u.email from auth.users u;

-- security_definer_view
create view public.project_names as
  select id, name from public.projects;

-- materialized_view_in_api
create materialized view public.project_counts as
  select organization_id, count(*) as projects from public.projects group by organization_id;

-- function_search_path_mutable and security_definer_function_exposed
create function public.search_tasks(pattern text) returns setof text
language sql stable security definer
as $$
  select t.title
  from public.tasks t
  where t.title ilike pattern
$$;
"#;

/// The same schema, fixed.
const SUPABASE_GOOD: &str = r#"
create table public.projects (
  id              uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  owner_id        uuid not null references auth.users (id),
  name            text not null
);

create index projects_organization_id_idx on public.projects (organization_id);

create index projects_owner_id_idx on public.projects (owner_id);

alter table public.projects enable row level security;

create policy "Members read projects" on public.projects for select to authenticated
  using (organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid())));

create policy "Members update projects" on public.projects for update to authenticated
  using (organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid())))
  with check (organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid())));

create policy "Owners delete projects" on public.projects for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy "Members create projects" on public.projects for insert to authenticated
  with check (organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid())));

create table public.tasks (
  id         uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  title      text not null
);

create index tasks_project_id_idx on public.tasks (project_id);

alter table public.tasks enable row level security;

create policy "Members read tasks" on public.tasks for select to authenticated
  using (exists (select 1 from public.projects p where p.id = tasks.project_id));

create table public.comments (
  id      uuid primary key default gen_random_uuid(),
  task_id uuid not null references public.tasks (id) on delete cascade,
  body    text not null
);

create index comments_task_id_idx on public.comments (task_id);

alter table public.comments enable row level security;

create policy "Members read comments" on public.comments for select to authenticated
  using (task_id in (select id from public.tasks));

-- only the service role writes it: no RLS needed once the API roles have no privilege
create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now()
);

revoke all on public.audit_log from anon, authenticated;

create table public.events (
  id   bigint generated always as identity primary key,
  kind text not null,
  at   timestamptz not null default now()
);

alter table public.events enable row level security;

create policy "Public events are readable" on public.events for select to anon, authenticated
  using (kind = 'public');

create view public.member_emails as
  select u.id, u.email from auth.users u;

revoke select on public.member_emails from anon, authenticated;

create view public.project_names with (security_invoker = true) as
  select id, name from public.projects;

create materialized view public.project_counts as
  select organization_id, count(*) as projects from public.projects group by organization_id;

revoke select on public.project_counts from anon, authenticated;

create function public.search_tasks(pattern text) returns setof text
language sql stable security definer
set search_path = ''
as $$
  select t.title
  from public.tasks t
  join public.projects p on p.id = t.project_id
  where t.title ilike pattern
    and p.organization_id in (select m.organization_id from public.organization_members m where m.user_id = (select auth.uid()))
$$;
"#;

#[test]
fn supabase_schema_with_one_mistake_per_rule() {
    let bad = lint(&format!("{SUPABASE_TENANTS}\n{SUPABASE_BAD}"), Profile::Supabase);
    use Level::*;
    let projects = "on public.projects";
    expect(
        &bad,
        "unindexed_foreign_keys",
        &[("public.projects.organization_id", Info), ("public.projects.owner_id", Info)],
    );
    expect(
        &bad,
        "auth_rls_initplan",
        &[(&format!("policy \"Owners read projects\" {projects}"), Warn)],
    );
    expect(&bad, "no_primary_key", &[("public.events", Info)]);
    expect(&bad, "multiple_permissive_policies", &[("public.projects", Warn)]);
    expect(&bad, "policy_exists_rls_disabled", &[("public.comments", Error)]);
    expect(&bad, "rls_enabled_no_policy", &[("public.audit_log", Info)]);
    expect(&bad, "duplicate_index", &[("public.tasks_project_id_idx1", Warn)]);
    expect(
        &bad,
        "security_definer_view",
        &[("public.member_emails", Error), ("public.project_names", Error)],
    );
    expect(&bad, "function_search_path_mutable", &[("public.search_tasks(pattern text)", Warn)]);
    expect(
        &bad,
        "rls_disabled_in_public",
        &[("public.comments", Error), ("public.events", Error), ("public.tasks", Error)],
    );
    expect(
        &bad,
        "rls_references_user_metadata",
        &[(&format!("policy \"Organization from metadata\" {projects}"), Error)],
    );
    expect(&bad, "materialized_view_in_api", &[("public.project_counts", Warn)]);
    expect(&bad, "auth_users_exposed", &[("public.member_emails", Error)]);
    expect(
        &bad,
        "rls_policy_always_true",
        &[(&format!("policy \"Anyone deletes projects\" {projects}"), Warn)],
    );
    expect(
        &bad,
        "tenant_table_without_rls",
        &[("public.comments", Error), ("public.tasks", Error)],
    );
    expect(&bad, "tenant_key_without_index", &[("public.projects.organization_id", Warn)]);
    expect(
        &bad,
        "update_policy_without_with_check",
        &[(&format!("policy \"Members update projects\" {projects}"), Warn)],
    );
    expect(
        &bad,
        "policy_not_tenant_scoped",
        &[
            (&format!("policy \"Anyone deletes projects\" {projects}"), Warn),
            (&format!("policy \"Signed-in users read projects\" {projects}"), Warn),
        ],
    );
    expect(
        &bad,
        "security_definer_function_exposed",
        &[("public.search_tasks(pattern text)", Info)],
    );
    expect(&bad, "tenant_key_nullable", &[("public.projects.organization_id", Info)]);

    // Details that name what is wrong.
    let detail =
        |rule: &str| bad[rule].iter().map(|f| f.detail.clone()).collect::<Vec<_>>().join("\n");
    assert!(
        detail("multiple_permissive_policies").contains(
            "SELECT for authenticated: \"Owners read projects\", \"Signed-in users read projects\""
        ),
        "{}",
        detail("multiple_permissive_policies")
    );
    assert!(
        detail("tenant_table_without_rls").contains("anon (SELECT, INSERT, UPDATE, DELETE)"),
        "{}",
        detail("tenant_table_without_rls")
    );
    assert!(
        detail("security_definer_function_exposed").contains("line 3: from public.tasks t"),
        "{}",
        detail("security_definer_function_exposed")
    );
    assert!(
        detail("auth_users_exposed").contains("anon and authenticated"),
        "{}",
        detail("auth_users_exposed")
    );
    assert!(
        detail("update_policy_without_with_check").contains("does not mention organization_id"),
        "{}",
        detail("update_policy_without_with_check")
    );

    let good = lint(&format!("{SUPABASE_TENANTS}\n{SUPABASE_GOOD}"), Profile::Supabase);
    for rule in RULES {
        expect(&good, rule, &[]);
    }
}

const POSTGRES_BAD: &str = r#"
create table public.users (id uuid primary key, email text not null);

create table public.clients (id uuid primary key, name text not null);

create table public.client_users (
  client_id uuid not null references public.clients (id),
  user_id   uuid not null references public.users (id),
  role      text not null,
  primary key (client_id, user_id)
);

create index client_users_user_id_idx on public.client_users (user_id);

create table public.invoices (
  id        uuid primary key,
  client_id uuid not null references public.clients (id),
  total     numeric not null
);

create index invoices_client_id_idx on public.invoices (client_id);

create table public.reports (
  id        uuid primary key,
  client_id uuid not null references public.clients (id),
  body      text not null
);

create index reports_client_id_idx on public.reports (client_id);

create role app_user nologin;

grant select, insert on public.invoices to app_user;
"#;

#[test]
fn postgres_tenant_tables_without_rls() {
    let bad = lint(POSTGRES_BAD, Profile::Postgres);
    use Level::*;
    // app_user may reach invoices: ERROR. Nobody but the owner reaches reports or the membership
    // table: isolation is left to the application, WARN.
    expect(
        &bad,
        "tenant_table_without_rls",
        &[("public.client_users", Warn), ("public.invoices", Error), ("public.reports", Warn)],
    );
    expect(&bad, "rls_disabled_in_public", &[("public.invoices", Error)]);

    let good = format!(
        "{POSTGRES_BAD}\n{}",
        r#"
alter table public.invoices enable row level security;
alter table public.reports enable row level security;
alter table public.client_users enable row level security;
create policy "Client members" on public.invoices for all to app_user
  using (client_id = (select current_setting('app.client_id'))::uuid);
"#
    );
    let good = lint(&good, Profile::Postgres);
    // The policy reads current_setting once per statement (wrapped) and checks client_id, which
    // USING also checks on the updated row (no WITH CHECK).
    for rule in [
        "tenant_table_without_rls",
        "rls_disabled_in_public",
        "policy_not_tenant_scoped",
        "update_policy_without_with_check",
        "auth_rls_initplan",
    ] {
        expect(&good, rule, &[]);
    }
    expect(
        &good,
        "rls_enabled_no_policy",
        &[("public.client_users", Info), ("public.reports", Info)],
    );
}

/// What the docs of update_policy_without_with_check and rls_policy_always_true say about
/// Postgres, checked on Postgres.
#[test]
fn postgres_checks_updated_rows_as_the_rule_docs_say() {
    let mut db = NativeEngine::open().unwrap();
    let mut exec = |sql: &str| pollster::block_on(db.exec(sql)).unwrap();
    assert!(exec(SUPABASE_SHIM).error.is_none());
    let schema = r#"
create table public.orgs (id int primary key);
insert into public.orgs values (1), (2);
create table public.members (org_id int references public.orgs (id), user_id uuid, primary key (org_id, user_id));
insert into public.members values (1, '00000000-0000-0000-0000-000000000001');
create table public.reused (id int primary key, org_id int references public.orgs (id), owner_id uuid);
create table public.explicit (id int primary key, org_id int references public.orgs (id), owner_id uuid);
create table public.reused_all (id int primary key, org_id int references public.orgs (id), owner_id uuid);
create table public.no_check (id int primary key, org_id int references public.orgs (id));
insert into public.reused values (1, 1, '00000000-0000-0000-0000-000000000001');
insert into public.explicit values (1, 1, '00000000-0000-0000-0000-000000000001');
insert into public.reused_all values (1, 1, '00000000-0000-0000-0000-000000000001');
alter table public.reused enable row level security;
alter table public.explicit enable row level security;
alter table public.reused_all enable row level security;
alter table public.no_check enable row level security;
create policy r on public.reused for select to authenticated using (true);
create policy r on public.explicit for select to authenticated using (true);
create policy r on public.reused_all for select to authenticated using (true);
create policy u on public.reused for update to authenticated
  using (org_id in (select org_id from public.members where user_id = (select auth.uid())));
create policy u on public.explicit for update to authenticated
  using (org_id in (select org_id from public.members where user_id = (select auth.uid())))
  with check (owner_id = (select auth.uid()));
create policy u on public.reused_all for all to authenticated
  using (org_id in (select org_id from public.members where user_id = (select auth.uid())));
create policy i on public.no_check for insert to authenticated;
"#;
    assert_eq!(exec(schema).error, None);
    let as_member = |sql: &str| {
        format!(
            "begin; select set_config('request.jwt.claims', '{{\"sub\": \"00000000-0000-0000-0000-000000000001\", \"role\": \"authenticated\"}}', true); set local role authenticated; {sql}; commit;"
        )
    };
    let rls_error = |e: &Option<tenant_planner_core::engine::DbError>| {
        e.as_ref().is_some_and(|e| e.message.contains("new row violates row-level security policy"))
    };
    // No WITH CHECK: USING checks the new row too, so the row cannot move to organization 2.
    let r = exec(&as_member("update public.reused set org_id = 2 where id = 1"));
    assert!(rls_error(&r.error), "{:?}", r.error);
    exec("rollback");
    let r = exec(&as_member("update public.reused_all set org_id = 2 where id = 1"));
    assert!(rls_error(&r.error), "{:?}", r.error);
    exec("rollback");
    // A WITH CHECK without the tenant key: the row moves.
    let r = exec(&as_member("update public.explicit set org_id = 2 where id = 1"));
    assert_eq!(r.error, None);
    // An INSERT policy without WITH CHECK admits no row.
    let r = exec(&as_member("insert into public.no_check values (1, 2)"));
    assert!(rls_error(&r.error), "{:?}", r.error);
    exec("rollback");
    let moved =
        pollster::block_on(db.query_text("select org_id::text from public.explicit where id = 1"))
            .unwrap()
            .unwrap();
    assert_eq!(moved, "2");
}
