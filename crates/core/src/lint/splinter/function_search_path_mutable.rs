//! splinter 0011: a function whose search_path is whatever the caller's is.

use super::is_system_schema;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct FunctionSearchPathMutable;
pub static RULE: FunctionSearchPathMutable = FunctionSearchPathMutable;

static DOC: RuleDoc = RuleDoc {
    id: "function_search_path_mutable",
    title: "Function search path mutable",
    level: Level::Warn,
    categories: &[Category::Security],
    description: "A function (or procedure) with no `search_path` setting of its own: unqualified names in its body resolve through the caller's search_path.",
    remediation: "Pin it with `set search_path = ''` and qualify every name in the body (public.projects, \
                  pg_catalog.now()), or list trusted schemas only. A caller who can create objects in a schema \
                  earlier on their search_path can otherwise make the function call their code, which runs with \
                  the owner's rights when the function is SECURITY DEFINER. C and internal functions are left out. \
                  Every such function is reported, as splinter does; SECURITY DEFINER ones are listed first, the \
                  SECURITY INVOKER ones (trigger functions apart) collapsed after them: their unqualified names \
                  resolve with the caller's rights only.",
    example: "create or replace function public.set_updated_at() returns trigger\nlanguage plpgsql\nset search_path = ''\nas $$\nbegin\n  new.updated_at := pg_catalog.now();\n  return new;\nend;\n$$;",
    example_postgres: "",
    differences: &[],
};

impl Rule for FunctionSearchPathMutable {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.user
            .functions
            .iter()
            .filter(|f| !is_system_schema(&f.schema) && matches!(f.kind.as_str(), "function" | "procedure"))
            .filter(|f| !matches!(f.language.as_str(), "c" | "internal"))
            .filter(|f| !f.config.iter().any(|c| c.trim_start().to_ascii_lowercase().starts_with("search_path=")))
            .map(|f| {
                let definer = if f.security_definer { ", and it is SECURITY DEFINER: a caller's objects could run with the rights of its owner ".to_string() + &f.owner } else { String::new() };
                let found = Finding::new(f.signature(), Level::Warn, format!("{} {} has no search_path of its own: its unqualified names resolve through the caller's search_path{definer}", f.kind, f.signature()));
                // SECURITY DEFINER ones matter most and come first; the many SECURITY INVOKER ones,
                // trigger functions above all, are listed collapsed after them.
                match (f.security_definer, f.result.as_deref() == Some("trigger")) {
                    (true, _) => found,
                    (false, true) => found.in_group("trigger functions (SECURITY INVOKER)"),
                    (false, false) => found.in_group("SECURITY INVOKER functions"),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn flags_the_function_without_search_path() {
        let s = Fixture::new()
            .function("public.is_member", "org uuid", "boolean", "select true")
            .security_definer("public.is_member")
            .function("public.pinned", "", "integer", "select 1")
            .function_config("public.pinned", &["search_path=\"\""])
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "public.is_member(org uuid)");
        assert_eq!(found[0].level, Level::Warn);
        assert!(found[0].detail.contains("SECURITY DEFINER"));
        assert_eq!(found[0].group, None, "SECURITY DEFINER ones are not collapsed");
    }

    #[test]
    fn invoker_and_trigger_functions_are_grouped_after_the_definer_ones() {
        let s = Fixture::new()
            .function(
                "public.touch",
                "",
                "trigger",
                "begin new.updated_at := now(); return new; end",
            )
            .function("public.helper", "", "integer", "select 1")
            .function("public.is_member", "org uuid", "boolean", "select true")
            .security_definer("public.is_member")
            .build();
        let h = Harness::new(s, Profile::Postgres);
        let lint = crate::lint::run_all(&h.cx(), &[]);
        let got: Vec<(&str, Option<&str>)> = lint["function_search_path_mutable"]
            .iter()
            .map(|f| (f.object.as_str(), f.group.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("public.is_member(org uuid)", None),
                ("public.helper()", Some("SECURITY INVOKER functions")),
                ("public.touch()", Some("trigger functions (SECURITY INVOKER)"))
            ]
        );
    }

    #[test]
    fn pinned_functions_are_fine() {
        let s = Fixture::new()
            .function("public.pinned", "", "integer", "select 1")
            .function_config("public.pinned", &["search_path=public, pg_temp"])
            .build();
        assert!(Harness::new(s, Profile::Postgres).check(&RULE).is_empty());
    }
}
