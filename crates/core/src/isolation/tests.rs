use super::cause::{self, Part};
use super::fixtures::{self, Kind, Membership};
use super::personas::{self, IdentityPlan, PKind, PlatformRole, RoleValue, Who};
use super::probes;
use super::repro;
use super::values::{
    check_candidates, det_uuid, generate, ident, literal, qualified, role_rank, Gen,
};
use crate::catalog::fixture::Fixture;
use crate::catalog::{Constraint, Snapshot};
use crate::profile::Profile;
use crate::tenancy::{classify, Overrides};
use std::collections::BTreeMap;

fn gen<'a>(
    type_: &'a str,
    column: &'a str,
    key: bool,
    candidates: &'a [String],
    labels: Option<&'a [String]>,
) -> String {
    generate(&Gen {
        table: "public.org_notes",
        column,
        type_,
        tag: "a",
        seq: 7,
        alt: 0,
        key,
        candidates,
        enum_labels: labels,
    })
}

#[test]
fn values_are_type_correct_and_deterministic() {
    let u = gen("uuid", "id", true, &[], None);
    assert_eq!(u.len(), 36);
    assert_eq!(&u[14..15], "4");
    assert_eq!(u, gen("uuid", "id", true, &[], None), "same seed, same uuid");
    assert_ne!(det_uuid("a"), det_uuid("b"));
    assert_eq!(gen("text", "title", false, &[], None), "tp-a-org-notes-7");
    assert_eq!(gen("character varying(120)", "email", true, &[], None), "tp-a-7@example.test");
    // Too short for the marker: the tail keeps keys apart.
    assert_eq!(gen("character(2)", "code", true, &[], None), "a7");
    assert_eq!(gen("integer", "n", true, &[], None), "900000007");
    assert_eq!(gen("smallint", "n", true, &[], None), "20007");
    assert_eq!(gen("bigint", "n", false, &[], None), "1");
    assert_eq!(gen("boolean", "is_active", false, &[], None), "true");
    assert_eq!(gen("boolean", "archived", false, &[], None), "false");
    assert_eq!(gen("timestamp with time zone", "at", false, &[], None), "2025-01-01 00:00:00+00");
    assert_eq!(gen("date", "on", true, &[], None), "2107-01-01");
    assert_eq!(gen("text[]", "tags", false, &[], None), "{}");
    assert_eq!(gen("jsonb", "meta", false, &[], None), "{}");
    let labels = vec!["draft".to_string(), "sent".to_string()];
    assert_eq!(gen("public.invoice_status", "status", false, &[], Some(&labels)), "draft");
    let allowed = vec!["owner".to_string(), "member".to_string()];
    assert_eq!(gen("text", "role", false, &allowed, None), "owner");
    let next = generate(&Gen {
        table: "t",
        column: "role",
        type_: "text",
        tag: "a",
        seq: 1,
        alt: 1,
        key: false,
        candidates: &allowed,
        enum_labels: None,
    });
    assert_eq!(next, "member", "a retry takes the next allowed value");
}

#[test]
fn literals_and_identifiers() {
    assert_eq!(ident("organization_id"), "organization_id");
    assert_eq!(ident("user"), "\"user\"");
    assert_eq!(ident("Order Lines"), "\"Order Lines\"");
    assert_eq!(qualified("public.user"), "public.\"user\"");
    assert_eq!(literal(Some("O'Brien"), "text"), "'O''Brien'::text");
    assert_eq!(literal(None, "uuid"), "null");
}

#[test]
fn check_constraint_values() {
    // Postgres' deparse of `role in ('owner', 'admin', 'member')`.
    let d = "CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text])))";
    assert_eq!(check_candidates(d, "role"), ["owner", "admin", "member"]);
    let v = "CHECK (((status)::text = ANY ((ARRAY['draft'::character varying, 'it''s sent'::character varying])::text[])))";
    assert_eq!(check_candidates(v, "status"), ["draft", "it's sent"]);
    assert_eq!(
        check_candidates("CHECK (((priority >= 1) AND (priority <= 4)))", "priority"),
        ["1"]
    );
    assert_eq!(check_candidates("CHECK ((amount > (0)::numeric))", "amount"), ["1"]);
    assert_eq!(check_candidates("CHECK ((level < 10))", "level"), ["9"]);
    assert_eq!(check_candidates("CHECK ((kind = 'personal'::text))", "kind"), ["personal"]);
    assert_eq!(check_candidates("CHECK (quantity BETWEEN 2 AND 5)", "quantity"), ["2"]);
    assert_eq!(check_candidates("CHECK (tier IN ('free', 'pro'))", "tier"), ["free", "pro"]);
    // A function of the column says nothing of its value; another column is not this one.
    assert!(check_candidates("CHECK ((char_length(name) >= 3))", "name").is_empty());
    assert!(check_candidates("CHECK ((username <> ''::text))", "name").is_empty());
    assert!(check_candidates("CHECK ((email = lower(email)))", "email").is_empty());
}

#[test]
fn roles_rank_and_personas_order() {
    assert!(role_rank("owner") > role_rank("admin"));
    assert!(role_rank("admin") > role_rank("member"));
    assert!(role_rank("member") > role_rank("viewer"));
    assert!(role_rank("org_admin") > role_rank("member"));
    assert!(role_rank("superadmin") > role_rank("owner"), "platform-wide above any tenant role");
    assert!(role_rank("support") > role_rank("user") && role_rank("lead") > role_rank("member"));
    let roles: Vec<RoleValue> = ["owner", "admin", "member", "viewer"]
        .iter()
        .map(|r| RoleValue { value: r.to_string(), label: r.to_string() })
        .collect();
    let (defs, persons, b_owner) =
        personas::personas(Profile::Supabase, &roles, &[], "authenticated");
    let ids: Vec<&str> = defs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "anon",
            "outsider",
            "member:viewer",
            "member:member",
            "member:admin",
            "member:owner",
            "service_role"
        ]
    );
    assert_eq!(persons[0].role.as_deref(), Some("owner"), "tenant A's owner has the highest role");
    assert_eq!(persons[b_owner].id, "member:owner");
    assert!(persons[1].tenant.is_none(), "the outsider belongs nowhere");
    let (plain, _, _) = personas::personas(Profile::Postgres, &[], &[], "tp_probe");
    assert_eq!(
        plain.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["anon", "outsider", "member"]
    );
    assert!(plain.iter().all(|d| d.db_role == "tp_probe"));
    // Platform-wide roles: personas of their own, after the members, never counted.
    let staff = [
        PlatformRole {
            table: "public.profiles".into(),
            column: "platform_role".into(),
            value: "superadmin".into(),
            label: "superadmin".into(),
        },
        PlatformRole {
            table: "public.profiles".into(),
            column: "platform_role".into(),
            value: "support".into(),
            label: "support".into(),
        },
    ];
    let (defs, persons, _) =
        personas::personas(Profile::Supabase, &roles[2..3], &staff, "authenticated");
    let ids: Vec<&str> = defs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "anon",
            "outsider",
            "member:member",
            "platform:support",
            "platform:superadmin",
            "service_role"
        ]
    );
    assert!(!defs[3].counted() && !defs[4].counted() && defs[2].counted());
    assert_eq!(
        persons[3].fixed,
        [("public.profiles".to_string(), "platform_role".to_string(), "support".to_string())]
    );
    assert!(persons[3].tenant.is_none());
}

#[test]
fn identity_like_the_platform() {
    let roles = vec![RoleValue { value: "member".into(), label: "member".into() }];
    let (defs, _, _) = personas::personas(Profile::Supabase, &roles, &[], "authenticated");
    let member = defs.iter().find(|d| d.kind == PKind::Member).unwrap();
    let who = Who {
        kind: member.kind,
        db_role: &member.db_role,
        user_id: Some("u-1"),
        email: Some("x@example.test"),
        tenant: Some("t-b"),
    };
    let plan = IdentityPlan {
        settings: vec![],
        claims: vec![
            (vec!["app_metadata".into(), "org_id".into()], "tenant"),
            (vec!["tenant_id".into()], "tenant"),
        ],
    };
    let sql = personas::identity_sql(Profile::Supabase, &who, &plan);
    let (role, rest) = sql.split_once('\n').unwrap();
    assert_eq!(role, "set local role authenticated;");
    let json = rest
        .strip_prefix("select set_config('request.jwt.claims', '")
        .unwrap()
        .strip_suffix("', true);")
        .unwrap();
    let claims: serde_json::Value = serde_json::from_str(json).unwrap();
    // What a real Supabase session carries.
    for k in [
        "sub",
        "role",
        "email",
        "aud",
        "exp",
        "iat",
        "iss",
        "app_metadata",
        "user_metadata",
        "session_id",
        "aal",
    ] {
        assert!(claims.get(k).is_some(), "{k} missing: {claims}");
    }
    assert_eq!(claims["sub"], "u-1");
    assert_eq!(claims["role"], "authenticated");
    assert!(claims["exp"].as_u64().unwrap() > 4_000_000_000, "not expired for decades");
    assert_eq!(claims["app_metadata"]["provider"], "email");
    // Custom claims the policies read: the persona's tenant.
    assert_eq!(claims["app_metadata"]["org_id"], "t-b");
    assert_eq!(claims["tenant_id"], "t-b");
    let anon = &defs[0];
    let who =
        Who { kind: anon.kind, db_role: &anon.db_role, user_id: None, email: None, tenant: None };
    let sql = personas::identity_sql(Profile::Supabase, &who, &plan);
    assert!(
        sql.contains("\"role\":\"anon\"")
            && sql.contains("\"exp\":")
            && !sql.contains("sub")
            && !sql.contains("tenant_id"),
        "{sql}"
    );
    // Plain Postgres: the settings the policies read; one a persona has no value for is ''.
    let s = Fixture::new()
        .table("public.notes", &["id", "tenant_id"])
        .policy(
            "public.notes",
            "tenant",
            "ALL",
            true,
            &["public"],
            Some("(tenant_id = (current_setting('app.current_tenant'::text))::uuid)"),
            None,
        )
        .function("public.me", "", "uuid", "select current_setting('app.user_id', true)::uuid")
        .build();
    let settings = personas::settings(&s, Profile::Postgres);
    let kinds: Vec<(&str, &str)> = settings.iter().map(|x| (x.name.as_str(), x.kind)).collect();
    assert_eq!(kinds, [("app.current_tenant", "tenant"), ("app.user_id", "user")]);
    let plan = IdentityPlan { settings, claims: vec![] };
    let (plain, _, _) = personas::personas(Profile::Postgres, &roles, &[], "app_user");
    let member = plain.iter().find(|d| d.kind == PKind::Member).unwrap();
    let who = Who {
        kind: member.kind,
        db_role: &member.db_role,
        user_id: Some("u-1"),
        email: None,
        tenant: Some("t-b"),
    };
    assert_eq!(
        personas::identity_sql(Profile::Postgres, &who, &plan),
        "set local role app_user;\nselect set_config('app.current_tenant', 't-b', true);\nselect set_config('app.user_id', 'u-1', true);"
    );
    let who =
        Who { kind: PKind::Anon, db_role: "app_user", user_id: None, email: None, tenant: None };
    assert_eq!(
        personas::identity_sql(Profile::Postgres, &who, &plan),
        "set local role app_user;\nselect set_config('app.current_tenant', '', true);\nselect set_config('app.user_id', '', true);"
    );
    assert_eq!(crate::tenant_context::kind_of("app.org_id"), "tenant");
    assert_eq!(crate::tenant_context::kind_of("jwt.claims.user_id"), "user");
    assert_eq!(crate::tenant_context::kind_of("app.locale"), "other");
}

fn check(table: &str, name: &str, column: &str, definition: &str) -> Constraint {
    let (schema, t) = table.split_once('.').unwrap();
    Constraint {
        schema: schema.into(),
        table: t.into(),
        name: name.into(),
        kind: "check".into(),
        definition: definition.into(),
        validated: true,
        columns: vec![column.into()],
        ref_schema: None,
        ref_table: None,
        ref_columns: None,
        on_delete: None,
    }
}

fn orgs() -> Fixture {
    Fixture::new()
        .role("postgres", true, true, &[])
        .role("anon", false, false, &[])
        .role("authenticated", false, false, &[])
        .table("auth.users", &["id", "email?"])
        .table("public.organizations", &["id", "name"])
        .table("public.organization_members", &["organization_id", "user_id", "role"])
        .pk("public.organization_members", &["organization_id", "user_id"])
        .fk("public.organization_members", &["organization_id"], "public.organizations", &["id"])
        .fk("public.organization_members", &["user_id"], "auth.users", &["id"])
        .table("public.invoices", &["id", "organization_id", "contact_id"])
        .fk("public.invoices", &["organization_id"], "public.organizations", &["id"])
        .fk("public.invoices", &["contact_id"], "public.contacts", &["id"])
        .table("public.contacts", &["id", "organization_id", "country_id"])
        .fk("public.contacts", &["organization_id"], "public.organizations", &["id"])
        .fk("public.contacts", &["country_id"], "public.countries", &["id"])
        .table("public.invoice_lines", &["id", "invoice_id"])
        .fk("public.invoice_lines", &["invoice_id"], "public.invoices", &["id"])
        .table("public.countries", &["id", "name"])
        .with(|s| {
            s.constraints.push(check(
                "public.organization_members",
                "organization_members_role_check",
                "role",
                "CHECK ((role = ANY (ARRAY['owner'::text, 'member'::text])))",
            ))
        })
}

#[test]
fn fixture_plan_parents_first_with_lookups() {
    let s = orgs().build();
    let tenancy = classify(&s, Profile::Supabase, &Overrides::default());
    let ms = fixtures::find_memberships(&s, &tenancy);
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].table, "public.organization_members");
    assert_eq!(fixtures::role_values_from_catalog(&s, &ms[0]), ["owner", "member"]);
    let (kinds, order) = fixtures::plan(&s, &tenancy, &ms);
    assert_eq!(
        kinds["public.countries"],
        Kind::Support,
        "a NOT NULL reference to a lookup pulls it in"
    );
    assert_eq!(kinds["auth.users"], Kind::User);
    assert_eq!(kinds["public.invoice_lines"], Kind::Scoped);
    let pos = |t: &str| order.iter().position(|x| x == t).unwrap();
    assert!(pos("public.organizations") < pos("public.organization_members"));
    assert!(pos("auth.users") < pos("public.organization_members"));
    assert!(pos("public.countries") < pos("public.contacts"));
    assert!(pos("public.contacts") < pos("public.invoices"));
    assert!(pos("public.invoices") < pos("public.invoice_lines"));
    let m = Membership {
        table: "public.organization_members".into(),
        role_col: None,
        root: "public.organizations".into(),
    };
    assert!(fixtures::role_values_from_catalog(&s, &m).is_empty());
}

#[test]
fn probe_statements_name_rows_by_key() {
    let s = orgs().build();
    let tenancy = classify(&s, Profile::Supabase, &Overrides::default());
    let cols = probes::key_cols(&s, "public.organization_members");
    let keys = vec![
        vec![Some("o1".to_string()), Some("u1".to_string())],
        vec![Some("o1".to_string()), Some("u2".to_string())],
    ];
    assert_eq!(
        probes::keys_pred(&cols, &keys),
        "(organization_id, user_id) in (('o1'::uuid, 'u1'::uuid), ('o1'::uuid, 'u2'::uuid))"
    );
    let one =
        probes::keys_pred(&probes::key_cols(&s, "public.invoices"), &[vec![Some("i1".into())]]);
    assert_eq!(
        probes::select_sql("public.invoices", &one),
        "select count(*)::text from public.invoices where id in ('i1'::uuid)"
    );
    assert_eq!(probes::noop_column(&s, "public.organizations").as_deref(), Some("name"));
    assert_eq!(
        probes::update_sql("public.organizations", "name", "id in ('x'::uuid)"),
        "update public.organizations set name = name where id in ('x'::uuid)"
    );
    // An indirect table reaches its tenant through joins, read as the superuser.
    let sql = probes::target_keys_sql(
        &s,
        &tenancy,
        "public.invoice_lines",
        &["b".to_string()],
        Some("a"),
    )
    .unwrap();
    assert!(
        sql.contains(
            "from public.invoice_lines t0 join public.invoices t1 on t0.invoice_id = t1.id"
        ),
        "{sql}"
    );
    assert!(
        sql.contains(
            "t1.organization_id::text is not null and t1.organization_id::text not in ('b')"
        ),
        "{sql}"
    );
    assert!(sql.contains("order by (t1.organization_id::text = 'a') desc"), "{sql}");
    // A move sets every tenant link to tenant A's row's values.
    let mut kinds = BTreeMap::new();
    kinds.insert("public.organizations".to_string(), Kind::Root);
    kinds.insert("public.contacts".to_string(), Kind::Scoped);
    let links = probes::tenant_link_columns(&s, "public.invoices", &kinds);
    assert_eq!(links, ["organization_id", "contact_id"]);
    let a: BTreeMap<String, Option<String>> = [
        ("organization_id".to_string(), Some("A".to_string())),
        ("contact_id".to_string(), Some("CA".to_string())),
    ]
    .into();
    assert_eq!(
        probes::move_sql(&s, "public.invoices", &links, &a, "id in ('b1'::uuid)").unwrap(),
        "update public.invoices set organization_id = 'A'::uuid, contact_id = 'CA'::uuid where id in ('b1'::uuid)"
    );
    // No key at all: the row's address.
    let nokey =
        Fixture::new().table("public.log", &["msg"]).with(|s| s.constraints.clear()).build();
    assert_eq!(probes::key_cols(&nokey, "public.log"), [("ctid".to_string(), "tid".to_string())]);
}

#[test]
fn set_returning_functions_worth_calling() {
    let s = Fixture::new()
        .function("public.my_invoices", "", "SETOF invoices", "")
        .function("public.org_report", "org uuid", "TABLE(name text, total bigint)", "")
        .function("public.is_member", "org uuid", "boolean", "")
        .function("public.pair", "a uuid, b uuid", "SETOF invoices", "")
        .build();
    let call = |name: &str| {
        probes::function_call(
            s.functions.iter().find(|f| f.name == name).unwrap(),
            Some(("A", "uuid")),
        )
    };
    assert_eq!(call("my_invoices").as_deref(), Some("public.my_invoices()"));
    assert_eq!(call("org_report").as_deref(), Some("public.org_report('A'::uuid)"));
    assert_eq!(call("is_member"), None, "not set-returning");
    assert_eq!(call("pair"), None, "two arguments");
    assert_eq!(
        probes::function_sql("public.my_invoices()", &["A".into()]),
        "select count(*)::text from public.my_invoices() r where r::text like '%tp-a-%' or r::text like '%A%'"
    );
}

fn leaky() -> Snapshot {
    orgs()
        .rls("public.contacts", true, false)
        .rls("public.invoices", true, false)
        .acl("public.contacts", &["authenticated=arwd/postgres"])
        .acl("public.invoices", &["authenticated=arwd/postgres"])
        .acl("public.invoice_lines", &["anon=arwd/postgres", "authenticated=arwd/postgres"])
        .policy(
            "public.contacts",
            "read all",
            "SELECT",
            true,
            &["authenticated"],
            Some("true"),
            None,
        )
        .policy(
            "public.contacts",
            "members read",
            "SELECT",
            true,
            &["authenticated"],
            Some("is_org_member(organization_id)"),
            None,
        )
        .policy(
            "public.invoices",
            "edit",
            "UPDATE",
            true,
            &["authenticated"],
            Some("is_org_member(organization_id)"),
            None,
        )
        .policy(
            "public.invoices",
            "edit by author",
            "UPDATE",
            true,
            &["authenticated"],
            Some("is_org_member(organization_id)"),
            Some("(author_id = auth.uid())"),
        )
        .build()
}

#[test]
fn causes_name_the_hole() {
    let s = leaky();
    let lines = s.table("public.invoice_lines").unwrap();
    assert_eq!(
        cause::catalog_cause(&s, lines, "MOVE", "anon").unwrap(),
        "RLS is disabled on public.invoice_lines: the UPDATE grant alone decides, and anon has it"
    );
    let contacts = s.table("public.contacts").unwrap();
    assert!(cause::catalog_cause(&s, contacts, "SELECT", "authenticated").is_none());
    let cands = cause::candidates(&s, contacts, "SELECT", "authenticated");
    assert_eq!(cands.len(), 2);
    let open: Vec<_> = cands.iter().filter(|c| c.0.name == "read all").cloned().collect();
    assert_eq!(
        cause::policy_cause(&s, contacts, "SELECT", "authenticated", &open),
        "policy \"read all\" (SELECT to authenticated) has USING (true): every row passes"
    );
    // Nothing evaluated: the catalog alone still points at USING (true).
    assert!(cause::policy_cause(&s, contacts, "SELECT", "authenticated", &[])
        .starts_with("policy \"read all\""));
    // A move: a policy without WITH CHECK is checked with its USING; one with, with it.
    let invoices = s.table("public.invoices").unwrap();
    let cands = cause::candidates(&s, invoices, "MOVE", "authenticated");
    let parts: Vec<(&str, Part)> = cands.iter().map(|c| (c.0.name.as_str(), c.1)).collect();
    assert_eq!(parts, [("edit", Part::UsingAsCheck), ("edit by author", Part::Check)]);
    let text = cause::policy_cause(&s, invoices, "MOVE", "authenticated", &cands);
    assert!(text.starts_with("no WITH CHECK on policy \"edit\" (UPDATE to authenticated): its USING (is_org_member(organization_id))"), "{text}");
    assert!(
        text.contains("policy \"edit by author\" (UPDATE to authenticated) lets a row be moved into tenant A: WITH CHECK ((author_id = auth.uid()))"),
        "{text}"
    );
    // The test of a WITH CHECK runs on the would-be row, typed by the table.
    let row: BTreeMap<String, Option<String>> =
        [("id".to_string(), Some("x".to_string())), ("contact_id".to_string(), None)].into();
    assert_eq!(
        cause::check_test_sql(invoices, &row, "true"),
        "select count(*)::text from jsonb_populate_record(null::public.invoices, '{\"contact_id\":null,\"id\":\"x\"}'::jsonb) as invoices where (true)"
    );
}

#[test]
fn views_and_functions_causes() {
    let s = Fixture::new()
        .role("postgres", true, true, &[])
        .view("public.directory", "select 1")
        .function("public.all_rows", "", "SETOF t", "")
        .build();
    assert!(cause::view_cause(&s, &s.views[0])
        .starts_with("view public.directory runs with the rights of its owner"));
    let mut f = s.functions[0].clone();
    assert!(cause::function_cause(&f).contains("policies of the tables it reads"));
    f.security_definer = true;
    assert!(cause::function_cause(&f).contains("SECURITY DEFINER"));
}

#[test]
fn a_reproduction_is_one_rolled_back_script() {
    let setup = ["insert into auth.users (id) values ('u'::uuid)"];
    let sql = repro::script(&repro::Repro {
        title: "Leak: outsider reads 3 of tenant A's rows in public.contacts",
        setup: &setup,
        identity: "set local role authenticated;\nselect set_config('request.jwt.claims', '{\"sub\":\"u\"}', true);",
        persona: "outsider",
        statement: "select count(*)::text from public.contacts where id in ('c'::uuid)",
    });
    let lines: Vec<&str> = sql.lines().collect();
    assert_eq!(lines[0], "-- Leak: outsider reads 3 of tenant A's rows in public.contacts");
    assert_eq!(lines[3], "begin;");
    assert!(lines.contains(&"insert into auth.users (id) values ('u'::uuid);"));
    let role = lines.iter().position(|l| l.starts_with("set local role")).unwrap();
    let stmt = lines.iter().position(|l| l.starts_with("select count(*)")).unwrap();
    assert!(role < stmt);
    assert!(lines[stmt].ends_with(';'));
    assert_eq!(*lines.last().unwrap(), "rollback;");
}

#[test]
fn shared_tables_match_with_or_without_schema() {
    let shared = vec!["countries".to_string(), "public.plans".to_string()];
    assert!(super::persona_probes::is_shared(&shared, "public.countries"));
    assert!(super::persona_probes::is_shared(&shared, "public.plans"));
    assert!(!super::persona_probes::is_shared(&shared, "billing.plans"));
}

#[test]
fn a_before_trigger_counts_only_when_it_may_rewrite_the_row() {
    let base = || {
        Fixture::new().table("public.notes", &["id", "organization_id"]).with(|s| {
            s.triggers.push(crate::catalog::Trigger {
                schema: "public".into(),
                table: "notes".into(),
                name: "t".into(),
                definition: "CREATE TRIGGER t BEFORE INSERT OR UPDATE ON public.notes FOR EACH ROW EXECUTE FUNCTION public.f()".into(),
                function: "public.f".into(),
                enabled: true,
            })
        })
    };
    let cols = vec!["organization_id".to_string()];
    let stamp = base()
        .function("public.f", "", "trigger", "begin new.updated_at := now(); return new; end")
        .build();
    assert!(!probes::before_trigger(&stamp, "public.notes", "UPDATE", &cols));
    let tenant = base()
        .function(
            "public.f",
            "",
            "trigger",
            "begin NEW.organization_id := current_org(); return new; end",
        )
        .build();
    assert!(probes::before_trigger(&tenant, "public.notes", "INSERT", &cols));
    let whole = base()
        .function(
            "public.f",
            "",
            "trigger",
            "begin new := jsonb_populate_record(new, '{}'); return new; end",
        )
        .build();
    assert!(probes::before_trigger(&whole, "public.notes", "UPDATE", &cols));
    let unknown = base().build();
    assert!(
        probes::before_trigger(&unknown, "public.notes", "UPDATE", &cols),
        "a function we cannot read may do anything"
    );
    assert!(!probes::before_trigger(&stamp, "public.other", "UPDATE", &cols));
}

#[test]
fn values_inside_patterns_pairs_and_ranges() {
    use super::values::{check_pattern, column_comparisons, regex_example};
    // Postgres' deparse of the CHECKs real schemas carry.
    let email = "CHECK ((email ~* '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$'::text))";
    let p = check_pattern(email, "email").unwrap();
    assert_eq!(p, "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    let v = regex_example(&p, 5).unwrap();
    assert!(v.contains('@') && v.split('@').nth(1).unwrap().contains('.'), "{v}");
    let sku = check_pattern("CHECK ((sku ~ '^[A-Z]{3}-[0-9]{4}$'::text))", "sku").unwrap();
    let (a, b) = (regex_example(&sku, 1).unwrap(), regex_example(&sku, 2).unwrap());
    assert_eq!(a.len(), 8);
    assert!(
        a.chars().take(3).all(|c| c.is_ascii_uppercase())
            && &a[3..4] == "-"
            && a[4..].chars().all(|c| c.is_ascii_digit()),
        "{a}"
    );
    assert_ne!(a, b, "keys stay distinct");
    let phone = check_pattern("CHECK ((phone ~ '^\\+[1-9][0-9]{7,14}$'::text))", "phone").unwrap();
    let v = regex_example(&phone, 3).unwrap();
    assert!(v.starts_with('+') && v.len() == 9 && !v[1..2].starts_with('0'), "{v}");
    assert_eq!(regex_example("^(?:draft|sent)-[a-z]+$", 0).unwrap(), "draft-a");
    assert_eq!(regex_example("^[^@]+@x$", 0).unwrap(), "a@x");
    assert!(regex_example("^(?=a)b$", 0).is_none(), "lookaround is not guessed");
    // Another column's pattern, a function of the column: not this column's.
    assert!(
        check_pattern("CHECK ((char_length(name) > 1) AND (code ~ '^a$'::text))", "name").is_none()
    );
    let cols: Vec<String> = ["referrer_id", "referred_id", "starts_at", "ends_at", "seats"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        column_comparisons("CHECK ((referrer_id <> referred_id))", &cols),
        [("referrer_id".to_string(), "<>".to_string(), "referred_id".to_string())]
    );
    assert_eq!(
        column_comparisons("CHECK ((ends_at > starts_at))", &cols),
        [("ends_at".to_string(), ">".to_string(), "starts_at".to_string())]
    );
    assert!(column_comparisons("CHECK (((seats >= 1) AND (seats <= 20)))", &cols).is_empty());
    // A retry moves a time later.
    let t = |alt| {
        generate(&Gen {
            table: "t",
            column: "ends_at",
            type_: "timestamp with time zone",
            tag: "a",
            seq: 1,
            alt,
            key: false,
            candidates: &[],
            enum_labels: None,
        })
    };
    assert!(t(1) > t(0));
}

#[test]
fn the_lowest_role_value_for_ordinary_users() {
    let s = Fixture::new()
        .table("public.profiles", &["id", "platform_role"])
        .with(|s| s.constraints.push(check("public.profiles", "profiles_platform_role_check", "platform_role", "CHECK ((platform_role = ANY (ARRAY['superadmin'::text, 'support'::text, 'user'::text])))")))
        .build();
    assert_eq!(
        fixtures::lowest_role(&s, "public.profiles", "platform_role").as_deref(),
        Some("user")
    );
    assert!(
        super::values::platform_wide("superadmin")
            && super::values::platform_wide("platform_admin")
            && !super::values::platform_wide("owner")
    );
}

#[test]
fn the_verdict_says_no_leak_only_when_coverage_is_complete() {
    use super::{Coverage, IsolationReport, Leak, LeakVerdict};
    let mut r = IsolationReport {
        coverage: Coverage { complete: true, ..Default::default() },
        ..Default::default()
    };
    assert_eq!(r.verdict(), LeakVerdict::NoLeak);
    assert!(r.verdict_text().starts_with("no cross-tenant access"));
    r.coverage = Coverage {
        complete: false,
        errored: 2,
        missing: vec!["1 of 3 tenant tables were not fully probed: public.x (2 errored)".into()],
        ..Default::default()
    };
    assert_eq!(
        r.verdict(),
        LeakVerdict::Inconclusive(
            "1 of 3 tenant tables were not fully probed: public.x (2 errored)".into()
        )
    );
    r.coverage = Coverage::default();
    assert!(
        matches!(r.verdict(), LeakVerdict::Inconclusive(_)),
        "no coverage recorded is no answer either"
    );
    // Complete, but tenant A's own member read nothing on a table: no answer there.
    r.coverage.complete = true;
    r.coverage.unconfirmed = vec!["public.x".into()];
    match r.verdict() {
        LeakVerdict::Inconclusive(why) => assert_eq!(why, "tenant A's own member reads none of its rows on public.x: the policy may read an identity the probes do not set, or deny everyone"),
        v => panic!("{v:?}"),
    }
    r.coverage.unconfirmed.clear();
    r.error = Some("cancelled".into());
    assert!(matches!(r.verdict(), LeakVerdict::Inconclusive(w) if w.contains("cancelled")));
    r.leaks.push(Leak {
        table: "public.x".into(),
        command: "SELECT".into(),
        persona: "outsider".into(),
        rows: 1,
        cause: String::new(),
        sql: String::new(),
        kind: "read".into(),
        severity: "high".into(),
    });
    assert_eq!(
        r.verdict(),
        LeakVerdict::Leaks(1),
        "what was found is found, even when the rest is incomplete"
    );
}
