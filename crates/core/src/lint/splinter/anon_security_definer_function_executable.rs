//! splinter 0028: a SECURITY DEFINER function in an exposed schema that anon may execute.

use super::definer_functions_callable_by;
use crate::lint::{Category, Context, Finding, Level, PeerDifference, Rule, RuleDoc};

pub struct AnonSecurityDefinerFunctionExecutable;
pub static RULE: AnonSecurityDefinerFunctionExecutable = AnonSecurityDefinerFunctionExecutable;

static DOC: RuleDoc = RuleDoc {
    id: "anon_security_definer_function_executable",
    title: "Security definer function executable by anon",
    level: Level::Warn,
    categories: &[Category::Security],
    description: "A SECURITY DEFINER function in a schema the API exposes that the anon role may execute (signed-out visitors): it runs with its owner's rights, row level security included, whatever the caller may do.",
    remediation: "Revoke EXECUTE from PUBLIC and anon (functions are executable by PUBLIC unless revoked), move the function to a \
                  schema the API does not expose, or make it SECURITY INVOKER. If visitors must call it, check inside it \
                  who is calling and what they may reach, and pin its search_path. security_definer_function_exposed \
                  says when the body also reads tenant data without a tenant check.",
    example: "revoke execute on function public.bump(integer) from public, anon;",
    example_postgres: "",
    differences: &[
        PeerDifference {
            id: "trigger_functions",
            peer: "splinter",
            peer_rule: "anon_security_definer_function_executable",
            text: "Trigger functions are left out; splinter lists them. Postgres refuses to call a trigger function directly (0A000 \"trigger functions can only be called as triggers\"), so anon cannot run one through the API.",
        },
        PeerDifference {
            id: "unexposed_schemas",
            peer: "splinter",
            peer_rule: "anon_security_definer_function_executable",
            text: "Only functions in the schemas the API exposes count (public, as PostgREST's default); splinter lists those of every non-platform schema. A function elsewhere is not reachable through /rest/v1/rpc; calling it also needs USAGE on its schema.",
        },
    ],
};

impl Rule for AnonSecurityDefinerFunctionExecutable {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        definer_functions_callable_by(cx, "anon")
            .into_iter()
            .map(|f| {
                Finding::new(
                    f.signature(),
                    Level::Warn,
                    format!("{} is SECURITY DEFINER (it runs as {}) and anon may execute it through the API", f.signature(), f.owner),
                )
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
    fn flags_the_callable_definer_function() {
        let s = supabase()
            .function("public.bump", "target_id integer", "integer", "select target_id")
            .security_definer("public.bump")
            .function("public.plain", "", "integer", "select 1")
            .function("public.revoked", "", "integer", "select 1")
            .security_definer("public.revoked")
            .function_acl("public.revoked", &["postgres=X/postgres"])
            .function("public.touch", "", "trigger", "begin return new; end")
            .security_definer("public.touch")
            .function("auth.helper", "", "integer", "select 1")
            .security_definer("auth.helper")
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(
            found.iter().map(|f| f.object.as_str()).collect::<Vec<_>>(),
            ["public.bump(target_id integer)"]
        );
        assert!(found[0].detail.contains("anon may execute"), "{}", found[0].detail);
    }

    #[test]
    fn plain_postgres_has_no_anon_role_to_check() {
        let s = supabase()
            .function("public.bump", "", "integer", "select 1")
            .security_definer("public.bump")
            .build();
        assert_eq!(
            Harness::with_base(s, supabase().build(), Profile::Postgres).check(&RULE),
            vec![]
        );
    }
}
