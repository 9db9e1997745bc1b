//! splinter 0021: a foreign key to a column of an `auth` table other than its primary key.

use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct FkeyToAuthUnique;
pub static RULE: FkeyToAuthUnique = FkeyToAuthUnique;

static DOC: RuleDoc = RuleDoc {
    id: "fkey_to_auth_unique",
    title: "Foreign key to a unique constraint of auth",
    level: Level::Error,
    categories: &[Category::Security],
    description: "A foreign key from the user's tables to a table of the auth schema that references a unique column (auth.users.email …) instead of its primary key.",
    remediation: "Reference the primary key (auth.users.id) and read the other column through it. Supabase \
                  manages the auth schema and may change or drop its unique constraints (email, phone) in an \
                  upgrade; a foreign key that depends on one blocks that upgrade or breaks with it.",
    example: "alter table public.contacts drop constraint contacts_owner_email_fkey;\nalter table public.contacts add column owner_id uuid references auth.users (id);",
    example_postgres: "",
    differences: &[],
};

impl Rule for FkeyToAuthUnique {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let primary_key = |schema: &str, table: &str| {
            cx.catalog
                .constraints
                .iter()
                .find(|c| c.kind == "primary_key" && c.schema == schema && c.table == table)
                .map(|c| c.columns.clone())
        };
        cx.user
            .constraints
            .iter()
            .filter(|c| c.kind == "foreign_key" && c.schema != "auth" && c.ref_schema.as_deref() == Some("auth"))
            .filter_map(|c| {
                let target = c.ref_table.as_deref()?;
                let refs = c.ref_columns.clone().unwrap_or_default();
                if primary_key("auth", target).is_some_and(|pk| pk == refs) {
                    return None;
                }
                Some(Finding::new(
                    format!("constraint {} on {}.{}", c.name, c.schema, c.table),
                    Level::Error,
                    format!(
                        "foreign key {} of {}.{} ({}) references auth.{target} ({}), a unique column rather than its primary key: Supabase may change that constraint in an upgrade",
                        c.name,
                        c.schema,
                        c.table,
                        c.columns.join(", "),
                        refs.join(", ")
                    ),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::splinter::fixtures::supabase;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn flags_the_key_to_auth_users_email_not_to_its_id() {
        let s = supabase()
            .pk("auth.users", &["id"])
            .table("public.contacts", &["id", "owner_email"])
            .fk("public.contacts", &["owner_email"], "auth.users", &["email"])
            .fk("public.contacts", &["id"], "auth.users", &["id"])
            .build();
        let found =
            Harness::with_base(s, supabase().pk("auth.users", &["id"]).build(), Profile::Supabase)
                .check(&RULE);
        assert_eq!(
            found.iter().map(|f| (f.object.as_str(), f.level)).collect::<Vec<_>>(),
            [("constraint contacts_owner_email_fkey on public.contacts", Level::Error)]
        );
        assert!(found[0].detail.contains("auth.users (email)"), "{}", found[0].detail);
    }
}
