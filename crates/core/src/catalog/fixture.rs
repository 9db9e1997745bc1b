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
                    type_: if n == "id" || n.ends_with("_id") {
                        "uuid".into()
                    } else {
                        "text".into()
                    },
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
            fingerprint: None,
        });
        if let Some(first) = first {
            self =
                self.constraint(qualified, &format!("{name}_pkey"), "primary_key", &[&first], None);
        }
        self
    }

    /// A table whose primary key is the given columns.
    pub fn pk(mut self, qualified: &str, columns: &[&str]) -> Self {
        let (schema, name) = split_q(qualified);
        self.0
            .constraints
            .retain(|c| !(c.kind == "primary_key" && c.schema == schema && c.table == name));
        self.constraint(qualified, &format!("{name}_pkey"), "primary_key", columns, None)
    }

    pub fn fk(self, qualified: &str, columns: &[&str], target: &str, ref_columns: &[&str]) -> Self {
        let (_, name) = split_q(qualified);
        let cname = format!("{name}_{}_fkey", columns.join("_"));
        self.constraint(qualified, &cname, "foreign_key", columns, Some((target, ref_columns)))
    }

    fn constraint(
        mut self,
        qualified: &str,
        cname: &str,
        kind: &str,
        columns: &[&str],
        target: Option<(&str, &[&str])>,
    ) -> Self {
        let (schema, name) = split_q(qualified);
        let (ref_schema, ref_table) = target
            .map(|(t, _)| split_q(t))
            .map(|(a, b)| (Some(a), Some(b)))
            .unwrap_or((None, None));
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
        self.0.tables.iter_mut().find(|t| t.qualified() == qualified).expect("table").owner =
            owner.into();
        self
    }

    // One argument per pg_policy column the tests set: a builder call reads like the catalog row.
    #[allow(clippy::too_many_arguments)]
    pub fn policy(
        mut self,
        qualified: &str,
        name: &str,
        command: &str,
        permissive: bool,
        roles: &[&str],
        using: Option<&str>,
        with_check: Option<&str>,
    ) -> Self {
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

    pub fn role(
        mut self,
        name: &str,
        superuser: bool,
        bypassrls: bool,
        member_of: &[&str],
    ) -> Self {
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

/// Builders for the other kinds (schemas, columns, indexes, functions, triggers, views, enums,
/// sequences), used by the diff tests. Defaults: owner `postgres`, no ACL, no comment.
impl Fixture {
    /// Any further tweak of the snapshot being built.
    pub fn with(mut self, f: impl FnOnce(&mut Snapshot)) -> Self {
        f(&mut self.0);
        self
    }

    pub fn schema(mut self, name: &str) -> Self {
        self.0.schemas.push(Schema {
            name: name.into(),
            owner: "postgres".into(),
            acl: vec![],
            comment: None,
        });
        self
    }

    /// Appends a column of the given type to an existing table.
    pub fn column(mut self, table: &str, name: &str, type_: &str, not_null: bool) -> Self {
        let t = self.0.tables.iter_mut().find(|t| t.qualified() == table).expect("table");
        t.columns.push(Column {
            name: name.into(),
            type_: type_.into(),
            not_null,
            default: None,
            identity: None,
            generated: None,
            comment: None,
        });
        self
    }

    pub fn index(mut self, table: &str, name: &str, columns: &[&str], unique: bool) -> Self {
        let (schema, tname) = split_q(table);
        self.0.indexes.push(Index {
            definition: format!(
                "CREATE {}INDEX {name} ON {schema}.{tname} USING btree ({})",
                if unique { "UNIQUE " } else { "" },
                columns.join(", ")
            ),
            schema,
            table: tname,
            name: name.into(),
            unique,
            primary: false,
            valid: true,
            columns: columns.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    /// A `language sql` function returning `result`; the source is hashed the simple way
    /// (`md5:<source>`), enough for comparing.
    pub fn function(
        mut self,
        qualified: &str,
        identity_args: &str,
        result: &str,
        source: &str,
    ) -> Self {
        let (schema, name) = split_q(qualified);
        self.0.functions.push(Function {
            schema,
            name,
            identity_args: identity_args.into(),
            result: Some(result.into()),
            language: "sql".into(),
            kind: "function".into(),
            volatility: "volatile".into(),
            security_definer: false,
            config: vec![],
            source_md5: format!("md5:{source}"),
            source: Some(source.into()),
            owner: "postgres".into(),
            acl: vec![],
            comment: None,
        });
        self
    }

    pub fn trigger(mut self, table: &str, name: &str, function: &str) -> Self {
        let (schema, tname) = split_q(table);
        self.0.triggers.push(Trigger {
            definition: format!(
                "CREATE TRIGGER {name} BEFORE UPDATE ON {schema}.{tname} FOR EACH ROW EXECUTE FUNCTION {function}()"
            ),
            schema,
            table: tname,
            name: name.into(),
            function: function.into(),
            enabled: true,
        });
        self
    }

    pub fn view(self, qualified: &str, definition: &str) -> Self {
        self.view_of(qualified, definition, false)
    }

    pub fn matview(self, qualified: &str, definition: &str) -> Self {
        self.view_of(qualified, definition, true)
    }

    fn view_of(mut self, qualified: &str, definition: &str, materialized: bool) -> Self {
        let (schema, name) = split_q(qualified);
        self.0.views.push(View {
            schema,
            name,
            materialized,
            definition: definition.into(),
            options: vec![],
            owner: "postgres".into(),
            acl: vec![],
            comment: None,
        });
        self
    }

    pub fn enum_type(mut self, qualified: &str, labels: &[&str]) -> Self {
        let (schema, name) = split_q(qualified);
        self.0.enums.push(Enum {
            schema,
            name,
            labels: labels.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    pub fn sequence(mut self, qualified: &str, data_type: &str, owned_by: Option<&str>) -> Self {
        let (schema, name) = split_q(qualified);
        self.0.sequences.push(Sequence {
            schema,
            name,
            data_type: data_type.into(),
            owned_by: owned_by.map(Into::into),
        });
        self
    }
}

/// Builders for the lint tests: ACLs and options of views and functions.
impl Fixture {
    fn view_mut(&mut self, qualified: &str) -> &mut View {
        let (schema, name) = split_q(qualified);
        self.0.views.iter_mut().find(|v| v.schema == schema && v.name == name).expect("view")
    }

    fn function_mut(&mut self, qualified: &str) -> &mut Function {
        let (schema, name) = split_q(qualified);
        self.0
            .functions
            .iter_mut()
            .rev()
            .find(|f| f.schema == schema && f.name == name)
            .expect("function")
    }

    pub fn view_acl(mut self, qualified: &str, items: &[&str]) -> Self {
        self.view_mut(qualified).acl = items.iter().map(|s| s.to_string()).collect();
        self
    }

    pub fn view_options(mut self, qualified: &str, options: &[&str]) -> Self {
        self.view_mut(qualified).options = options.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Marks the (last added) function of that name SECURITY DEFINER.
    pub fn security_definer(mut self, qualified: &str) -> Self {
        self.function_mut(qualified).security_definer = true;
        self
    }

    /// `SET` clauses of the (last added) function of that name, as `search_path=""`.
    pub fn function_config(mut self, qualified: &str, config: &[&str]) -> Self {
        self.function_mut(qualified).config = config.iter().map(|s| s.to_string()).collect();
        self
    }

    pub fn function_acl(mut self, qualified: &str, items: &[&str]) -> Self {
        self.function_mut(qualified).acl = items.iter().map(|s| s.to_string()).collect();
        self
    }
}
