//! Hand-made catalogs for tests: `Fixture::new().table("public.orgs", &["id", "name?"]) …`.
//! A column ending in `?` is nullable; `id` columns are uuid, others text.

use super::*;

#[derive(Default)]
pub struct Fixture(pub Snapshot);

fn split_q(q: &str) -> (String, String) {
    let (s, n) = q.split_once('.').unwrap_or(("public", q));
    (s.to_string(), n.to_string())
}

impl Fixture {
    pub fn new() -> Self {
        Fixture::default()
    }

    /// A table with a primary key on its first column.
    pub fn table(mut self, qualified: &str, columns: &[&str]) -> Self {
        let (schema, name) = split_q(qualified);
        let cols: Vec<Column> = columns
            .iter()
            .map(|c| {
                let (n, nullable) = c.strip_suffix('?').map(|n| (n, true)).unwrap_or((c, false));
                Column {
                    name: n.to_string(),
                    type_: if n == "id" || n.ends_with("_id") { "uuid".into() } else { "text".into() },
                    not_null: !nullable,
                    default: None,
                    identity: None,
                    generated: None,
                    comment: None,
                }
            })
            .collect();
        let first = cols.first().map(|c| c.name.clone());
        self.0.tables.push(Table {
            schema: schema.clone(),
            name: name.clone(),
            kind: "table".into(),
            rls_enabled: false,
            rls_forced: false,
            owner: "postgres".into(),
            acl: vec![],
            comment: None,
            columns: cols,
            row_count: 0,
        });
        if let Some(first) = first {
            self = self.constraint(qualified, &format!("{name}_pkey"), "primary_key", &[&first], None);
        }
        self
    }

    /// A table whose primary key is the given columns.
    pub fn pk(mut self, qualified: &str, columns: &[&str]) -> Self {
        let (schema, name) = split_q(qualified);
        self.0.constraints.retain(|c| !(c.kind == "primary_key" && c.schema == schema && c.table == name));
        self.constraint(qualified, &format!("{name}_pkey"), "primary_key", columns, None)
    }

    pub fn fk(self, qualified: &str, columns: &[&str], target: &str, ref_columns: &[&str]) -> Self {
        let (_, name) = split_q(qualified);
        let cname = format!("{name}_{}_fkey", columns.join("_"));
        self.constraint(qualified, &cname, "foreign_key", columns, Some((target, ref_columns)))
    }

    fn constraint(mut self, qualified: &str, cname: &str, kind: &str, columns: &[&str], target: Option<(&str, &[&str])>) -> Self {
        let (schema, name) = split_q(qualified);
        let (ref_schema, ref_table) = target.map(|(t, _)| split_q(t)).map(|(a, b)| (Some(a), Some(b))).unwrap_or((None, None));
        self.0.constraints.push(Constraint {
            schema,
            table: name,
            name: cname.to_string(),
            kind: kind.to_string(),
            definition: String::new(),
            validated: true,
            columns: columns.iter().map(|s| s.to_string()).collect(),
            ref_schema,
            ref_table,
            ref_columns: target.map(|(_, c)| c.iter().map(|s| s.to_string()).collect()),
            on_delete: None,
        });
        self
    }

    pub fn rls(mut self, qualified: &str, enabled: bool, forced: bool) -> Self {
        let t = self.0.tables.iter_mut().find(|t| t.qualified() == qualified).expect("table");
        t.rls_enabled = enabled;
        t.rls_forced = forced;
        self
    }

    pub fn acl(mut self, qualified: &str, items: &[&str]) -> Self {
        let t = self.0.tables.iter_mut().find(|t| t.qualified() == qualified).expect("table");
        t.acl = items.iter().map(|s| s.to_string()).collect();
        self
    }

    pub fn owner(mut self, qualified: &str, owner: &str) -> Self {
        self.0.tables.iter_mut().find(|t| t.qualified() == qualified).expect("table").owner = owner.into();
        self
    }

    pub fn policy(mut self, qualified: &str, name: &str, command: &str, permissive: bool, roles: &[&str], using: Option<&str>, with_check: Option<&str>) -> Self {
        let (schema, table) = split_q(qualified);
        self.0.policies.push(Policy {
            schema,
            table,
            name: name.into(),
            command: command.into(),
            permissive,
            roles: roles.iter().map(|s| s.to_string()).collect(),
            using: using.map(Into::into),
            with_check: with_check.map(Into::into),
        });
        self
    }

    pub fn role(mut self, name: &str, superuser: bool, bypassrls: bool, member_of: &[&str]) -> Self {
        self.0.roles.push(DbRole {
            name: name.into(),
            superuser,
            bypassrls,
            login: false,
            inherit: true,
            member_of: member_of.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    pub fn build(self) -> Snapshot {
        self.0
    }
}
