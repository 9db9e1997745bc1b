use super::*;
use crate::catalog::fixture::Fixture;
use crate::catalog::{Column, Table, View};
use serde_json::json;

/// One of every kind, with overloads, same-named policies on two tables and comments.
fn base() -> Snapshot {
    Fixture::new()
        .schema("public")
        .schema("app")
        .role("anon", false, false, &[])
        .role("authenticated", false, false, &[])
        .enum_type("public.mood", &["happy", "sad"])
        .sequence("public.counter", "bigint", None)
        .table("public.orgs", &["id", "name"])
        .table("public.tasks", &["id", "org_id", "title?"])
        .fk("public.tasks", &["org_id"], "public.orgs", &["id"])
        .rls("public.tasks", true, false)
        .index("public.tasks", "tasks_org_idx", &["org_id"], false)
        .trigger("public.tasks", "tasks_touch", "public.touch")
        .policy(
            "public.tasks",
            "Members can view",
            "SELECT",
            true,
            &["authenticated"],
            Some("is_member(org_id)"),
            None,
        )
        .policy(
            "public.orgs",
            "Members can view",
            "SELECT",
            true,
            &["authenticated"],
            Some("is_member(id)"),
            None,
        )
        .view("public.open_tasks", "SELECT id FROM tasks WHERE title IS NULL")
        .matview("public.task_counts", "SELECT org_id, count(*) FROM tasks GROUP BY org_id")
        .index("public.task_counts", "task_counts_org_idx", &["org_id"], true)
        .function("public.f", "integer", "integer", "select 1")
        .function("public.f", "text", "integer", "select 2")
        .function("public.touch", "", "trigger", "begin return new; end")
        .with(|s| {
            table(s, "orgs").comment = Some("Organisations".into());
            column(s, "tasks", "title").comment = Some("What to do".into());
            s.schemas[0].comment = Some("standard public schema".into());
            s.functions[0].comment = Some("the int one".into());
            s.views[0].comment = Some("unfinished".into());
            table(s, "tasks").row_count = 3;
        })
        .build()
}

fn table<'a>(s: &'a mut Snapshot, name: &str) -> &'a mut Table {
    s.tables.iter_mut().find(|t| t.name == name).expect("table")
}

fn column<'a>(s: &'a mut Snapshot, t: &str, c: &str) -> &'a mut Column {
    table(s, t).columns.iter_mut().find(|x| x.name == c).expect("column")
}

fn changed(f: impl FnOnce(&mut Snapshot)) -> Snapshot {
    let mut s = base();
    f(&mut s);
    s
}

fn summaries(d: &[Difference]) -> Vec<&str> {
    d.iter().map(|x| x.summary.as_str()).collect()
}

/// Exactly one difference, of this kind, object and change.
fn one(d: &[Difference], kind: &str, object: &str, change: Change) -> Difference {
    assert_eq!(d.len(), 1, "expected one difference, got {:#?}", summaries(d));
    let x = &d[0];
    assert_eq!((x.kind.as_str(), x.object.as_str(), x.change), (kind, object, change), "{x:#?}");
    x.clone()
}

struct Case {
    kind: &'static str,
    object: &'static str,
    remove: fn(&mut Snapshot),
    change: fn(&mut Snapshot),
    changed_summary: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            kind: "schema",
            object: "app",
            remove: |s| s.schemas.retain(|x| x.name != "app"),
            change: |s| s.schemas[1].owner = "alice".into(),
            changed_summary: "~ schema app: owner changed (postgres → alice)",
        },
        Case {
            kind: "role",
            object: "anon",
            remove: |s| s.roles.retain(|x| x.name != "anon"),
            change: |s| s.roles[0].bypassrls = true,
            changed_summary: "~ role anon: BYPASSRLS changed (false → true)",
        },
        Case {
            kind: "enum",
            object: "public.mood",
            remove: |s| s.enums.clear(),
            change: |s| s.enums[0].labels.push("angry".into()),
            changed_summary: "~ enum public.mood: labels changed ([happy, sad] → [happy, sad, angry])",
        },
        Case {
            kind: "sequence",
            object: "public.counter",
            remove: |s| s.sequences.clear(),
            change: |s| s.sequences[0].owned_by = Some("public.tasks.id".into()),
            changed_summary: "~ sequence public.counter: owned by changed (none → public.tasks.id)",
        },
        Case {
            kind: "table",
            object: "public.tasks",
            remove: |s| drop_table(s, "tasks"),
            change: |s| {
                table(s, "tasks").rls_forced = true;
                table(s, "tasks").acl.push("anon=r/postgres".into());
            },
            changed_summary: "~ table public.tasks: RLS forced changed (false → true), ACL changed (+anon=r/postgres)",
        },
        Case {
            kind: "column",
            object: "public.tasks.title",
            remove: |s| table(s, "tasks").columns.retain(|c| c.name != "title"),
            change: |s| {
                let c = column(s, "tasks", "title");
                c.type_ = "character varying(80)".into();
                c.default = Some("'todo'::character varying".into());
            },
            changed_summary: "~ column public.tasks.title: type changed (text → character varying(80)), \
                              default changed (none → 'todo'::character varying)",
        },
        Case {
            kind: "constraint",
            object: "public.tasks.tasks_org_id_fkey",
            remove: |s| s.constraints.retain(|c| c.name != "tasks_org_id_fkey"),
            change: |s| s.constraints.iter_mut().find(|c| c.name == "tasks_org_id_fkey").unwrap().on_delete = Some("cascade".into()),
            changed_summary: "~ constraint tasks_org_id_fkey on public.tasks: ON DELETE changed (none → cascade)",
        },
        Case {
            kind: "index",
            object: "public.tasks.tasks_org_idx",
            remove: |s| s.indexes.retain(|c| c.name != "tasks_org_idx"),
            change: |s| {
                let i = s.indexes.iter_mut().find(|c| c.name == "tasks_org_idx").unwrap();
                i.unique = true;
                i.definition = i.definition.replace("CREATE INDEX", "CREATE UNIQUE INDEX");
            },
            changed_summary: "~ index tasks_org_idx on public.tasks: definition changed, unique changed (false → true)",
        },
        Case {
            kind: "view",
            object: "public.open_tasks",
            remove: |s| s.views.retain(|v| v.name != "open_tasks"),
            change: |s| s.views[0].definition = "SELECT id FROM tasks".into(),
            changed_summary: "~ view public.open_tasks: definition changed",
        },
        Case {
            kind: "materialized_view",
            object: "public.task_counts",
            remove: |s| {
                s.views.retain(|v| v.name != "task_counts");
                s.indexes.retain(|i| i.table != "task_counts");
            },
            change: |s| s.views[1].acl.push("authenticated=r/postgres".into()),
            changed_summary: "~ materialized view public.task_counts: ACL changed (+authenticated=r/postgres)",
        },
        Case {
            kind: "function",
            object: "public.f(text)",
            remove: |s| s.functions.retain(|f| f.signature() != "public.f(text)"),
            change: |s| {
                let f = s.functions.iter_mut().find(|f| f.signature() == "public.f(text)").unwrap();
                f.source = Some("select 3".into());
                f.source_md5 = "md5:select 3".into();
            },
            changed_summary: "~ function public.f(text): source changed",
        },
        Case {
            kind: "trigger",
            object: "public.tasks.tasks_touch",
            remove: |s| s.triggers.clear(),
            change: |s| s.triggers[0].enabled = false,
            changed_summary: "~ trigger tasks_touch on public.tasks: enabled changed (true → false)",
        },
        Case {
            kind: "policy",
            object: "public.tasks.\"Members can view\"",
            remove: |s| s.policies.retain(|p| p.table != "tasks"),
            change: |s| s.policies.iter_mut().find(|p| p.table == "tasks").unwrap().using = Some("is_admin()".into()),
            changed_summary: "~ policy \"Members can view\" on public.tasks: USING changed",
        },
        Case {
            kind: "comment",
            object: "table public.orgs",
            remove: |s| table(s, "orgs").comment = None,
            change: |s| table(s, "orgs").comment = Some("Tenants".into()),
            changed_summary: "~ comment on table public.orgs: text changed (\"Organisations\" → \"Tenants\")",
        },
    ]
}

/// The table and everything on it.
fn drop_table(s: &mut Snapshot, name: &str) {
    s.tables.retain(|t| t.name != name);
    s.constraints.retain(|c| c.table != name);
    s.indexes.retain(|c| c.table != name);
    s.policies.retain(|c| c.table != name);
    s.triggers.retain(|c| c.table != name);
}

#[test]
fn every_kind_is_covered_by_the_cases() {
    let kinds: Vec<&str> = cases().iter().map(|c| c.kind).collect();
    assert_eq!(kinds.len(), KINDS.len());
    for k in KINDS {
        assert!(kinds.contains(&k), "no case for {k}");
    }
}

#[test]
fn every_kind_removed() {
    for c in cases() {
        let d = diff(&base(), &changed(c.remove));
        let x = one(&d, c.kind, c.object, Change::Missing);
        assert!(x.before.is_some() && x.after.is_none(), "{x:#?}");
        assert!(
            x.summary.starts_with(&format!("- {} ", c.kind.replace('_', " "))),
            "{}",
            x.summary
        );
    }
}

#[test]
fn every_kind_added() {
    for c in cases() {
        let d = diff(&changed(c.remove), &base());
        let x = one(&d, c.kind, c.object, Change::Extra);
        assert!(x.before.is_none() && x.after.is_some(), "{x:#?}");
        assert!(
            x.summary.starts_with(&format!("+ {} ", c.kind.replace('_', " "))),
            "{}",
            x.summary
        );
    }
}

#[test]
fn every_kind_changed() {
    for c in cases() {
        let d = diff(&base(), &changed(c.change));
        let x = one(&d, c.kind, c.object, Change::Changed);
        assert_eq!(x.summary, c.changed_summary);
        // And back: the same object, the values swapped.
        let back = one(&diff(&changed(c.change), &base()), c.kind, c.object, Change::Changed);
        assert_eq!((back.before, back.after), (x.after, x.before));
    }
}

#[test]
fn added_and_removed_summaries() {
    let before = base();
    let after = changed(|s| {
        table(s, "orgs").columns.push(Column {
            name: "organization_id".into(),
            type_: "uuid".into(),
            not_null: true,
            default: None,
            identity: None,
            generated: None,
            comment: None,
        });
        s.indexes.retain(|i| i.name != "tasks_org_idx");
        s.functions[0].security_definer = false;
    });
    let after = Fixture(after)
        .function("public.g", "uuid", "boolean", "select true")
        .with(|s| {
            let g = s.functions.last_mut().unwrap();
            g.volatility = "stable".into();
            g.security_definer = true;
        })
        .policy(
            "public.orgs",
            "Admins manage",
            "ALL",
            false,
            &["authenticated"],
            Some("is_admin()"),
            Some("is_admin()"),
        )
        .enum_type("public.status", &["open", "done"])
        .sequence("public.ticket_no", "integer", Some("public.tasks.id"))
        .build();
    assert_eq!(
        summaries(&diff(&before, &after)),
        vec![
            "+ enum public.status ('open', 'done')",
            "+ sequence public.ticket_no integer owned by public.tasks.id",
            "+ column public.orgs.organization_id uuid not null",
            "- index tasks_org_idx on public.tasks (org_id)",
            "+ function public.g(uuid) returns boolean language sql stable security definer",
            "+ policy \"Admins manage\" on public.orgs as restrictive for ALL to authenticated",
        ]
    );
    let dropped = diff(&before, &changed(|s| drop_table(s, "tasks")));
    assert_eq!(
        summaries(&dropped),
        vec!["- table public.tasks (3 columns, 2 constraints, 1 index, 1 policy, 1 trigger, RLS enabled)"]
    );
}

#[test]
fn column_summaries_name_identity_generated_and_default() {
    let before = base();
    let after = changed(|s| {
        let t = table(s, "orgs");
        let mut c = t.columns[0].clone();
        c.name = "seq".into();
        c.type_ = "bigint".into();
        c.identity = Some("a".into());
        t.columns.push(c.clone());
        c.name = "slug".into();
        c.type_ = "text".into();
        c.identity = None;
        c.generated = Some("s".into());
        c.default = Some("lower(name)".into());
        t.columns.push(c.clone());
        c.name = "created_at".into();
        c.type_ = "timestamp with time zone".into();
        c.generated = None;
        c.default = Some("now()".into());
        t.columns.push(c);
    });
    assert_eq!(
        summaries(&diff(&before, &after)),
        vec![
            "+ column public.orgs.created_at timestamp with time zone not null default now()",
            "+ column public.orgs.seq bigint not null generated always as identity",
            "+ column public.orgs.slug text not null generated always as (lower(name)) stored",
        ]
    );
    let d = diff(
        &after,
        &changed(|s| {
            let t = table(s, "orgs");
            let mut c = t.columns[0].clone();
            c.name = "seq".into();
            c.type_ = "bigint".into();
            c.identity = Some("d".into());
            t.columns.push(c);
        }),
    );
    assert!(
        summaries(&d).contains(&"~ column public.orgs.seq: identity changed (always → by default)"),
        "{:#?}",
        summaries(&d)
    );
}

#[test]
fn changed_json_holds_only_the_changed_fields() {
    let d = diff(&base(), &changed(|s| table(s, "tasks").rls_enabled = false));
    let x = one(&d, "table", "public.tasks", Change::Changed);
    assert_eq!(x.summary, "~ table public.tasks: RLS enabled changed (true → false)");
    assert_eq!(x.before, Some(json!({"rls_enabled": true})));
    assert_eq!(x.after, Some(json!({"rls_enabled": false})));

    let d = diff(
        &base(),
        &changed(|s| {
            let f = s.functions.iter_mut().find(|f| f.signature() == "public.f(text)").unwrap();
            f.source = Some("select 3".into());
            f.source_md5 = "md5:select 3".into();
        }),
    );
    let x = one(&d, "function", "public.f(text)", Change::Changed);
    assert_eq!(x.before, Some(json!({"source_md5": "md5:select 2", "source": "select 2"})));
    assert_eq!(x.after, Some(json!({"source_md5": "md5:select 3", "source": "select 3"})));
}

#[test]
fn overloaded_functions_are_distinct_objects() {
    // Changing f(integer) reports f(integer) only, whatever the order of the list.
    let after = changed(|s| {
        s.functions.reverse();
        let f = s.functions.iter_mut().find(|f| f.signature() == "public.f(integer)").unwrap();
        f.volatility = "immutable".into();
    });
    let x = one(&diff(&base(), &after), "function", "public.f(integer)", Change::Changed);
    assert_eq!(
        x.summary,
        "~ function public.f(integer): volatility changed (volatile → immutable)"
    );

    // Replacing one overload with another: one missing, one extra, the other untouched.
    let after = changed(|s| {
        s.functions.iter_mut().find(|f| f.signature() == "public.f(text)").unwrap().identity_args =
            "uuid".into()
    });
    let d = diff(&base(), &after);
    assert_eq!(
        summaries(&d),
        vec![
            "- function public.f(text) returns integer language sql",
            "+ function public.f(uuid) returns integer language sql"
        ]
    );
    assert_eq!((d[0].object.as_str(), d[0].change), ("public.f(text)", Change::Missing));
    assert_eq!((d[1].object.as_str(), d[1].change), ("public.f(uuid)", Change::Extra));
}

#[test]
fn same_named_policies_on_two_tables_are_two_objects() {
    let after = changed(|s| {
        s.policies.iter_mut().find(|p| p.table == "orgs").unwrap().roles = vec!["anon".into()]
    });
    let x =
        one(&diff(&base(), &after), "policy", "public.orgs.\"Members can view\"", Change::Changed);
    assert_eq!(
        x.summary,
        "~ policy \"Members can view\" on public.orgs: roles changed (+anon, -authenticated)"
    );

    let after = changed(|s| s.policies.retain(|p| p.table != "orgs"));
    let x =
        one(&diff(&base(), &after), "policy", "public.orgs.\"Members can view\"", Change::Missing);
    assert_eq!(
        x.summary,
        "- policy \"Members can view\" on public.orgs for SELECT to authenticated"
    );
    // Moving the policy between tables is not "unchanged".
    let after = changed(|s| s.policies.retain(|p| p.table != "orgs"));
    let before = changed(|s| s.policies.retain(|p| p.table != "tasks"));
    let d = diff(&before, &after);
    assert_eq!(d.len(), 2, "{:#?}", summaries(&d));
}

#[test]
fn a_missing_table_folds_its_sub_objects() {
    let after = changed(|s| drop_table(s, "tasks"));
    let x = one(&diff(&base(), &after), "table", "public.tasks", Change::Missing);
    let v = x.before.unwrap();
    assert_eq!(v["name"], "tasks");
    assert_eq!(v["columns"].as_array().unwrap().len(), 3);
    assert_eq!(v["constraints"].as_array().unwrap().len(), 2);
    assert_eq!(v["indexes"][0]["name"], "tasks_org_idx");
    assert_eq!(v["policies"][0]["name"], "Members can view");
    assert_eq!(v["triggers"][0]["name"], "tasks_touch");
    assert!(v.get("row_count").is_none(), "row counts are data");

    // Extra the other way round, the same single difference.
    let x = one(&diff(&after, &base()), "table", "public.tasks", Change::Extra);
    assert_eq!(x.after.unwrap()["policies"].as_array().unwrap().len(), 1);

    // Folded into a missing materialized view too: its index.
    let after = changed(|s| s.views.retain(|v| v.name != "task_counts"));
    let x = one(&diff(&base(), &after), "materialized_view", "public.task_counts", Change::Missing);
    assert_eq!(x.summary, "- materialized view public.task_counts (1 index)");
}

#[test]
fn a_table_that_becomes_a_view_does_not_fold_into_the_view() {
    // The table goes (with its constraints folded) and a view of the same name comes.
    let after = changed(|s| {
        drop_table(s, "orgs");
        s.views.push(View { name: "orgs".into(), ..s.views[0].clone() });
    });
    let d = diff(&base(), &after);
    assert_eq!(
        d.iter().map(|x| (x.kind.as_str(), x.change)).collect::<Vec<_>>(),
        vec![("table", Change::Missing), ("view", Change::Extra)]
    );
}

#[test]
fn comments_on_every_target() {
    let after = changed(|s| {
        column(s, "tasks", "title").comment = None;
        s.schemas[0].comment = Some("user tables".into());
        s.functions[0].comment = Some("the integer one".into());
        s.views[0].comment = None;
        s.views[1].comment = Some("per org".into());
    });
    let d = diff(&base(), &after);
    assert!(d.iter().all(|x| x.kind == "comment"));
    assert_eq!(
        summaries(&d),
        vec![
            "- comment on column public.tasks.title: \"What to do\"",
            "~ comment on function public.f(integer): text changed (\"the int one\" → \"the integer one\")",
            "+ comment on materialized view public.task_counts: \"per org\"",
            "~ comment on schema public: text changed (\"standard public schema\" → \"user tables\")",
            "- comment on view public.open_tasks: \"unfinished\"",
        ]
    );
    assert_eq!(d[0].object, "column public.tasks.title");
    assert_eq!(d[0].before, Some(json!("What to do")));
    assert_eq!(d[0].after, None);
}

#[test]
fn identical_snapshots_have_no_differences() {
    assert!(diff(&base(), &base()).is_empty());
    assert!(diff(&Snapshot::default(), &Snapshot::default()).is_empty());
}

#[test]
fn order_of_lists_does_not_matter() {
    let after = changed(|s| {
        s.schemas.reverse();
        s.tables.reverse();
        s.constraints.reverse();
        s.indexes.reverse();
        s.policies.reverse();
        s.functions.reverse();
        s.views.reverse();
        s.roles.reverse();
        for t in &mut s.tables {
            t.columns.reverse();
        }
        table(s, "tasks").acl = vec!["b=r/postgres".into(), "a=r/postgres".into()];
    });
    let before =
        changed(|s| table(s, "tasks").acl = vec!["a=r/postgres".into(), "b=r/postgres".into()]);
    assert_eq!(diff(&before, &after), vec![]);
}

#[test]
fn row_counts_alone_are_no_difference() {
    let after = changed(|s| {
        for t in &mut s.tables {
            t.row_count += 100;
        }
    });
    assert!(diff(&base(), &after).is_empty());
}

#[test]
fn content_fingerprints_are_data_too() {
    // Set through JSON so the test does not depend on the fingerprint's Rust shape.
    let with_fingerprints = |s: &Snapshot| {
        let mut v = serde_json::to_value(s).unwrap();
        for t in v["tables"].as_array_mut().unwrap() {
            t["fingerprint"] = json!({"rows": "abc", "columns": {"id": "def"}});
        }
        serde_json::from_value::<Snapshot>(v).unwrap()
    };
    let after = with_fingerprints(&base());
    assert!(diff(&base(), &after).is_empty());
    let gone = changed(|s| drop_table(s, "tasks"));
    let x = one(&diff(&after, &gone), "table", "public.tasks", Change::Missing);
    assert!(x.before.unwrap().get("fingerprint").is_none());
}

#[test]
fn differences_come_in_kind_then_object_order() {
    let mut after = base();
    for c in cases() {
        (c.change)(&mut after);
    }
    let d = diff(&base(), &after);
    assert_eq!(d.len(), cases().len());
    let order: Vec<&str> = d.iter().map(|x| x.kind.as_str()).collect();
    assert_eq!(order, KINDS.to_vec());
    // Same input, same output.
    assert_eq!(d, diff(&base(), &after));

    let after = Fixture(base())
        .table("public.b", &["id"])
        .table("public.a", &["id"])
        .schema("z")
        .schema("b")
        .build();
    let d = diff(&base(), &after);
    let objects: Vec<(&str, &str)> =
        d.iter().map(|x| (x.kind.as_str(), x.object.as_str())).collect();
    assert_eq!(
        objects,
        vec![("schema", "b"), ("schema", "z"), ("table", "public.a"), ("table", "public.b")]
    );
}

#[test]
fn counts_per_kind() {
    let after = changed(|s| {
        drop_table(s, "tasks");
        table(s, "orgs").rls_enabled = true;
        table(s, "orgs").comment = None;
    });
    let after = Fixture(after).role("service_role", false, true, &[]).build();
    let d = diff(&base(), &after);
    let counts = summarize_counts(&d);
    assert_eq!(counts.get("table"), Some(&(1, 0, 1)));
    assert_eq!(counts.get("role"), Some(&(0, 1, 0)));
    assert_eq!(counts.get("comment"), Some(&(1, 0, 0)));
    assert_eq!(counts.len(), 3);
    assert!(summaries(&d).contains(&"+ role service_role (bypassrls)"));
}

#[test]
fn serializes_with_lowercase_changes() {
    let d = diff(&base(), &changed(|s| s.enums.clear()));
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v[0]["change"], "missing");
    assert_eq!(v[0]["kind"], "enum");
    assert_eq!(v[0]["before"]["labels"], json!(["happy", "sad"]));
    let back: Vec<Difference> = serde_json::from_value(v).unwrap();
    assert_eq!(back, d);
    assert_eq!(serde_json::to_value(Change::Changed).unwrap(), "changed");
    assert_eq!(serde_json::to_value(Change::Extra).unwrap(), "extra");
}

#[test]
fn names_are_quoted_when_needed_and_lines_stay_single() {
    assert_eq!(quote_ident("tasks"), "tasks");
    assert_eq!(quote_ident("Tasks"), "\"Tasks\"");
    assert_eq!(quote_ident("a.b"), "\"a.b\"");
    assert_eq!(quote_ident("say \"hi\""), "\"say \"\"hi\"\"\"");
    let after = changed(|s| {
        s.views[0].definition = "SELECT id\n  FROM tasks".into();
        let c = column(s, "orgs", "name");
        c.default =
            Some("'a very long default value that goes on and on and on and on'::text".into());
    });
    for x in diff(&base(), &after) {
        assert!(!x.summary.contains('\n'), "{}", x.summary);
        assert!(x.summary.chars().count() < 200, "{}", x.summary);
    }
}
