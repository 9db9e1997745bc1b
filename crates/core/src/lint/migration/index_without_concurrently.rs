//! index_without_concurrently: an index built without CONCURRENTLY on a table that existed before
//! the up file and may hold rows (the project's table sizes): `CREATE INDEX` holds a SHARE lock (no
//! INSERT/UPDATE/DELETE) for the whole build, and `ADD CONSTRAINT … UNIQUE / PRIMARY KEY`, or a
//! column added with an inline `UNIQUE` / `PRIMARY KEY` (a serial primary key among them), builds
//! its index under the ALTER's ACCESS EXCLUSIVE lock. Tables created in the same file, and
//! partitioned tables (CONCURRENTLY is not possible on their parent), are left out.

use super::{ident, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{AlterTableOperation, ColumnOption, Statement as Ast, TableConstraint};

pub struct IndexWithoutConcurrently;
pub static RULE: IndexWithoutConcurrently = IndexWithoutConcurrently;

static DOC: RuleDoc = RuleDoc {
    id: "index_without_concurrently",
    title: "Index built without CONCURRENTLY",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects CREATE INDEX without CONCURRENTLY, ADD CONSTRAINT … UNIQUE / PRIMARY KEY, and ADD COLUMN … UNIQUE / PRIMARY KEY (a serial primary key too), on a table that existed before the up file: writes to it (for a constraint, reads too) are blocked while the index builds.",
    remediation: "Build the index with CREATE INDEX CONCURRENTLY (outside a transaction block; if it fails, drop the INVALID index and retry). For a unique or primary key constraint, build the unique index concurrently, then attach it with ADD CONSTRAINT … USING INDEX. For a new unique or key column, add the column plain (filled in batches if it needs values), then build its index concurrently and attach it.",
    example: "create index concurrently projects_org_id_idx on public.projects (org_id);\n\ncreate unique index concurrently projects_slug_key on public.projects (slug);\nalter table public.projects add constraint projects_slug_key unique using index projects_slug_key;",
    example_postgres: "",
    differences: &[],
};

impl Rule for IndexWithoutConcurrently {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for up in up_statements(cx, |h| {
            h.starts_with("create index")
                || h.starts_with("create unique index")
                || h.starts_with("alter table")
        }) {
            match &up.ast {
                Some(Ast::CreateIndex(ci)) if !ci.concurrently => {
                    let Some(t) = up
                        .existing(&ci.table_name)
                        .filter(|t| up.size(t).has_rows() && t.kind != "partitioned")
                    else {
                        continue;
                    };
                    let name = ci
                        .name
                        .as_ref()
                        .map(|n| format!("index {n} on {}", t.qualified()))
                        .unwrap_or_else(|| t.qualified());
                    let detail = format!(
                        "CREATE {}INDEX on {} ({}) without CONCURRENTLY: inserts, updates and deletes on it wait until the index is built",
                        if ci.unique { "UNIQUE " } else { "" },
                        t.qualified(),
                        up.size(t).describe()
                    );
                    out.push(Finding::new(name, Level::Warn, detail).at(up.file, up.line()));
                }
                Some(Ast::AlterTable(at)) => {
                    let Some(t) = up
                        .existing(&at.name)
                        .filter(|t| up.size(t).has_rows() && t.kind != "partitioned")
                    else {
                        continue;
                    };
                    let size = up.size(t).describe();
                    for op in &at.operations {
                        let (kind, object) = match op {
                            AlterTableOperation::AddConstraint { constraint, .. } => {
                                let (kind, name) = match constraint {
                                    TableConstraint::Unique(u)
                                        if u.index_name.is_none() && !u.columns.is_empty() =>
                                    {
                                        ("UNIQUE", &u.name)
                                    }
                                    TableConstraint::PrimaryKey(p)
                                        if p.index_name.is_none() && !p.columns.is_empty() =>
                                    {
                                        ("PRIMARY KEY", &p.name)
                                    }
                                    _ => continue,
                                };
                                (
                                    format!("ADD {kind}"),
                                    name.as_ref()
                                        .map(|n| {
                                            format!("constraint {} on {}", ident(n), t.qualified())
                                        })
                                        .unwrap_or_else(|| t.qualified()),
                                )
                            }
                            AlterTableOperation::AddColumn { column_def: c, .. } => {
                                let Some(kind) = c.options.iter().find_map(|o| match o.option {
                                    ColumnOption::PrimaryKey(_) => Some("PRIMARY KEY"),
                                    ColumnOption::Unique(_) => Some("UNIQUE"),
                                    _ => None,
                                }) else {
                                    continue;
                                };
                                (
                                    format!("ADD COLUMN {} … {kind}", ident(&c.name)),
                                    format!("{}.{}", t.qualified(), ident(&c.name)),
                                )
                            }
                            _ => continue,
                        };
                        let detail = format!("{kind} on {} ({size}) builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait until it is built", t.qualified());
                        out.push(Finding::new(object, Level::Warn, detail).at(up.file, up.line()));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{catalog, Sim, FILE};
    use super::*;

    #[test]
    fn create_index_on_a_table_with_rows() {
        let sql = "-- the index\ncreate index projects_name_idx\n  on public.projects (name);";
        let f = Sim::new(catalog(10), sql).check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Warn, "index projects_name_idx on public.projects", Some(FILE), Some(2))
        );
    }

    #[test]
    fn unique_constraint_builds_an_index_under_lock() {
        let f = Sim::new(
            catalog(10),
            "alter table projects add constraint projects_name_key unique (name);",
        )
        .check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].object, "constraint projects_name_key on public.projects");
    }

    #[test]
    fn a_unique_or_key_column_builds_an_index_under_lock() {
        let sql = "alter table projects add column email text unique;\nalter table projects add column seq serial primary key;\nalter table projects add column note text;";
        let f = Sim::new(catalog(10), sql).check(&RULE);
        let got: Vec<(&str, Option<usize>)> =
            f.iter().map(|f| (f.object.as_str(), f.line)).collect();
        assert_eq!(got, [("public.projects.email", Some(1)), ("public.projects.seq", Some(2))]);
        assert!(f[1].detail.contains("ADD COLUMN seq … PRIMARY KEY"), "{}", f[1].detail);
    }

    #[test]
    fn an_empty_baseline_is_production_sized_unless_told_otherwise() {
        let sql = "create index i on projects (name);";
        let f = Sim::new(catalog(0), sql).check(&RULE);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].detail.contains("assumed production-sized; 0 rows in the simulation"),
            "{}",
            f[0].detail
        );
        assert_eq!(Sim::new(catalog(0), sql).simulated().check(&RULE), vec![]);
    }

    #[test]
    fn concurrently_empty_and_new_tables_find_nothing() {
        let good = "create index concurrently projects_name_idx on projects (name);\n\
                    create table t (id int, a int);\n\
                    create index t_a_idx on t (a);\n\
                    alter table t add constraint t_a_key unique (a);\n\
                    create unique index concurrently projects_name_key on projects (name);\n\
                    alter table projects add constraint projects_name_key unique using index projects_name_key;\n\
                    alter table projects add constraint projects_pkey2 primary key using index projects_name_key;";
        assert_eq!(Sim::new(catalog(10), good).check(&RULE), vec![]);
        // orgs is empty in the simulation: nothing when the simulated rows are trusted.
        assert_eq!(
            Sim::new(catalog(10), "create index orgs_id_idx on orgs (id);")
                .simulated()
                .check(&RULE),
            vec![]
        );
    }
}
