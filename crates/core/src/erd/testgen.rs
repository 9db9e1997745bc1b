//! Catalogs for the ERD tests: a hand-made 12-table schema and a generated 300-table one.

use crate::catalog::fixture::Fixture;
use crate::catalog::Snapshot;

/// 12 tables, every class: a root with a membership table, direct and indirect tables, user
/// tables, a global lookup and a self-referencing global.
pub fn small() -> Fixture {
    Fixture::new()
        .table("auth.users", &["id", "email"])
        .table("public.profiles", &["id", "organization_id?", "name"])
        .pk("public.profiles", &["id"])
        .fk("public.profiles", &["id"], "auth.users", &["id"])
        .table("public.organizations", &["id", "name"])
        .table("public.organization_members", &["id", "organization_id", "user_id", "role"])
        .fk("public.organization_members", &["organization_id"], "public.organizations", &["id"])
        .fk("public.organization_members", &["user_id"], "auth.users", &["id"])
        .fk("public.profiles", &["organization_id"], "public.organizations", &["id"])
        .table("public.courses", &["id", "organization_id", "title"])
        .fk("public.courses", &["organization_id"], "public.organizations", &["id"])
        .table("public.modules", &["id", "course_id"])
        .fk("public.modules", &["course_id"], "public.courses", &["id"])
        .table("public.lessons", &["id", "module_id", "body?"])
        .fk("public.lessons", &["module_id"], "public.modules", &["id"])
        .table("public.categories", &["id", "parent_id?", "label"])
        .fk("public.categories", &["parent_id"], "public.categories", &["id"])
        .table("public.course_tags", &["id", "course_id", "category_id?"])
        .fk("public.course_tags", &["course_id"], "public.courses", &["id"])
        .fk("public.course_tags", &["category_id"], "public.categories", &["id"])
        .table("public.journal", &["id", "user_id", "body"])
        .fk("public.journal", &["user_id"], "auth.users", &["id"])
        .table("public.countries", &["id", "name"])
        .table("public.invoices", &["id", "organization_id", "country_id?", "total"])
        .fk("public.invoices", &["organization_id"], "public.organizations", &["id"])
        .fk("public.invoices", &["country_id"], "public.countries", &["id"])
        .rls("public.courses", true, false)
        .rls("public.invoices", true, true)
        .policy(
            "public.invoices",
            "tenant read",
            "SELECT",
            true,
            &["authenticated"],
            Some("organization_id = auth.org()"),
            None,
        )
}

/// Numbers from a fixed seed (a 64-bit LCG): the same schema on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// 300 tables and exactly 600 foreign keys: 3 roots, a users table, 20 global lookups (some
/// chained), and 276 tables: direct (a root's key), chains (a parent table), user-owned, and
/// extra foreign keys to earlier tables or lookups.
pub fn big() -> Snapshot {
    const FKS: usize = 600;
    let roots = [
        ("public.organizations", "organization_id"),
        ("public.tenants", "tenant_id"),
        ("public.workspaces", "workspace_id"),
    ];
    let mut rng = Lcg(0x5eed_7ab1e5);
    // (name, columns, fks: (column, target))
    type TablePlan = (String, Vec<String>, Vec<(String, String)>);
    let mut plan: Vec<TablePlan> = Vec::new();
    for (r, _) in roots {
        plan.push((r.into(), vec!["id".into(), "name".into()], vec![]));
    }
    plan.push(("public.users".into(), vec!["id".into(), "email".into()], vec![]));
    for g in 0..20 {
        let mut fks = vec![];
        if g % 4 == 3 {
            fks.push(("parent_id".into(), format!("ref.lookup_{:02}", g - 1)));
        }
        plan.push((
            format!("ref.lookup_{g:02}"),
            vec!["id".into(), "code".into(), "label".into()],
            fks,
        ));
    }
    let first_app = plan.len();
    for i in 0..276 {
        let name = format!("app.t{i:03}");
        let fks: Vec<(String, String)> = match i % 6 {
            0..=2 => vec![(roots[i % 3].1.into(), roots[i % 3].0.into())],
            3 if i > 6 => vec![("parent_id".into(), plan[first_app + rng.next(i)].0.clone())],
            4 => vec![("user_id".into(), "public.users".into())],
            _ => vec![("lookup_id".into(), format!("ref.lookup_{:02}", rng.next(20)))],
        };
        let mut cols = vec!["id".to_string()];
        cols.extend(fks.iter().map(|(c, _)| c.clone()));
        cols.extend(["title".to_string(), "created_at".to_string()]);
        if i == 5 {
            cols.extend((0..30).map(|k| format!("extra_{k}")));
        }
        plan.push((name, cols, fks));
    }
    let mut total: usize = plan.iter().map(|p| p.2.len()).sum();
    let mut k = 0;
    while total < FKS {
        let i = first_app + (k * 7) % 276;
        let target = if k % 3 == 0 {
            format!("ref.lookup_{:02}", rng.next(20))
        } else {
            plan[first_app + rng.next(i - first_app + 1)].0.clone()
        };
        let col = format!("x{k}_id?");
        plan[i].1.push(col.clone());
        plan[i].2.push((col.trim_end_matches('?').into(), target));
        total += 1;
        k += 1;
    }
    let mut f = Fixture::new();
    for (name, cols, _) in &plan {
        let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
        f = f.table(name, &cols);
    }
    for (name, _, fks) in &plan {
        for (col, target) in fks {
            f = f.fk(name, &[col], target, &["id"]);
        }
    }
    let mut s = f.build();
    for t in s.tables.iter_mut().filter(|t| t.name.ends_with('3')) {
        t.rls_enabled = true;
        if let Some(c) = t.columns.iter_mut().find(|c| c.name == "created_at") {
            c.type_ = "timestamp with time zone".into();
        }
    }
    s
}

#[test]
fn erd_generated_schema_has_300_tables_and_600_fks() {
    let s = big();
    assert_eq!(s.tables.len(), 300);
    assert_eq!(s.constraints.iter().filter(|c| c.kind == "foreign_key").count(), 600);
}
