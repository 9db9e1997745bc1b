//! `--format sarif`: SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif) and
//! editors. One rule per lint id (its docs: title, description, remediation as help), plus
//! `sql_error`, `validation_check_failed`, `cross_tenant_leak`, `rollback_not_clean` and
//! `run_not_completed`. A result's location is `DIR/file` as given on the command line, with the
//! line (and column) when the finding has them; a finding without a file is placed on the first
//! up file (GitHub wants a location), or has none when there is no up file.

use super::{first_file_of_role, issues, outcome_str, path_in, rules, Context, Issue, RuleInfo};
use serde_json::{json, Map, Value};
use tenant_planner_core::lint::Level;
use tenant_planner_core::report::Report;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warn => "warning",
        Level::Info => "note",
    }
}

/// A relative path as a URI reference: unreserved characters and `/` stay, the rest is
/// percent-encoded (UTF-8).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule(r: &RuleInfo) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), r.id.clone().into());
    o.insert("shortDescription".into(), json!({ "text": r.title }));
    o.insert("fullDescription".into(), json!({ "text": r.description }));
    if !r.remediation.is_empty() {
        let mut text = r.remediation.clone();
        let mut markdown = r.remediation.clone();
        if !r.example.is_empty() {
            text.push_str(&format!("\n\nExample:\n{}", r.example));
            markdown.push_str(&format!("\n\n```sql\n{}\n```", r.example.trim_end()));
        }
        o.insert("help".into(), json!({ "text": text, "markdown": markdown }));
    }
    o.insert("defaultConfiguration".into(), json!({ "level": level(r.level) }));
    if !r.categories.is_empty() {
        let tags: Vec<String> = r.categories.iter().map(|c| c.to_lowercase()).collect();
        o.insert("properties".into(), json!({ "tags": tags }));
    }
    Value::Object(o)
}

fn location(cx: &Context, i: &Issue, fallback: Option<&str>) -> Option<Value> {
    let (file, placed) = match &i.file {
        Some(f) if !f.is_empty() => (f.as_str(), true),
        _ => (fallback?, false),
    };
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), json!({ "uri": uri(&path_in(&cx.dir, file)) }));
    if let (true, Some(line)) = (placed, i.line.filter(|&l| l > 0)) {
        let mut region = Map::new();
        region.insert("startLine".into(), line.into());
        if let Some(col) = i.column.filter(|&c| c > 0) {
            region.insert("startColumn".into(), col.into());
        }
        physical.insert("region".into(), Value::Object(region));
    }
    Some(json!({ "physicalLocation": physical }))
}

fn result(cx: &Context, i: &Issue, index: usize, fallback: Option<&str>) -> Value {
    let mut o = Map::new();
    o.insert("ruleId".into(), i.rule.clone().into());
    o.insert("ruleIndex".into(), index.into());
    o.insert("level".into(), level(i.level).into());
    o.insert("message".into(), json!({ "text": i.message }));
    if let Some(loc) = location(cx, i, fallback) {
        o.insert("locations".into(), json!([loc]));
    }
    if let Some(reason) = &i.suppressed {
        o.insert("suppressions".into(), json!([{ "kind": "external", "justification": reason }]));
    }
    let mut props = Map::new();
    if let Some(object) = &i.object {
        props.insert("object".into(), object.clone().into());
    }
    if let Some(sql) = &i.reproduction {
        props.insert("reproduction".into(), sql.clone().into());
    }
    if !props.is_empty() {
        o.insert("properties".into(), Value::Object(props));
    }
    Value::Object(o)
}

pub fn render(report: &Report, cx: &Context) -> Value {
    let rules = rules(report);
    let fallback = first_file_of_role(report, "up");
    let results: Vec<Value> = issues(report)
        .iter()
        .map(|i| {
            let index =
                rules.iter().position(|r| r.id == i.rule).expect("every issue's rule is listed");
            result(cx, i, index, fallback)
        })
        .collect();
    let version = report.tool.version.as_str();
    let mut driver = Map::new();
    driver.insert("name".into(), "tenant-planner".into());
    if !version.is_empty() {
        driver.insert("version".into(), version.into());
        driver.insert("semanticVersion".into(), version.into());
    }
    driver.insert("rules".into(), rules.iter().map(rule).collect::<Vec<_>>().into());
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [{ "executionSuccessful": true }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "profile": report.profile,
                "outcome": outcome_str(report.outcome),
                "engine": report.engine.name,
                "postgresVersion": report.engine.postgres_version,
                "failOn": cx.verdict.conditions(),
                "failed": cx.verdict.failed(),
                "reasons": cx.verdict.reasons,
            }
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::fail_on::decide;
    use crate::format::{sample, LEAK, ROLLBACK_NOT_CLEAN, SQL_ERROR};
    use tenant_planner_core::lint::Finding;

    fn cx(report: &Report) -> Context {
        Context { dir: "db/migrations".into(), link: None, verdict: decide(report, &[]) }
    }

    fn results(s: &Value) -> &Vec<Value> {
        s["runs"][0]["results"].as_array().unwrap()
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("db/migrations/001_add, tenant.sql"),
            "db/migrations/001_add%2C%20tenant.sql"
        );
        assert_eq!(uri("a/é.sql"), "a/%C3%A9.sql");
    }

    #[test]
    fn results_point_at_their_rule_and_place() {
        let r = sample::report();
        let s = render(&r, &cx(&r));
        assert_eq!(s["version"], "2.1.0");
        let rules = s["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let res = results(&s);
        assert_eq!(res.len(), 8);
        for x in res {
            let i = x["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], x["ruleId"]);
            assert!(x["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        }
        let err = &res[0];
        assert_eq!(err["ruleId"], SQL_ERROR);
        assert_eq!(err["level"], "error");
        let loc = &err["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "db/migrations/001_add%2C%20tenant.sql");
        assert_eq!(loc["region"], json!({ "startLine": 5, "startColumn": 37 }));
        // Levels map ERROR → error, WARN → warning, INFO → note.
        let by_rule = |id: &str| res.iter().filter(|x| x["ruleId"] == id).collect::<Vec<_>>();
        assert_eq!(by_rule("rls_disabled_in_public")[0]["level"], "error");
        assert_eq!(by_rule("missing_tenant_index")[0]["level"], "warning");
        assert_eq!(by_rule("nullable_tenant_key")[0]["level"], "note");
        // A finding without a file sits on the first up file, without a region.
        let unplaced = &by_rule("missing_tenant_index")[0];
        assert_eq!(
            unplaced["locations"][0]["physicalLocation"],
            json!({ "artifactLocation": { "uri": "db/migrations/001_add%2C%20tenant.sql" } })
        );
        // Suppressed findings say so.
        let suppressed = &by_rule("missing_tenant_index")[1];
        assert_eq!(
            suppressed["suppressions"],
            json!([{ "kind": "external", "justification": "small table, 10 rows" }])
        );
        assert!(by_rule("rls_disabled_in_public")[0].get("suppressions").is_none());
        assert_eq!(by_rule(LEAK)[0]["level"], "error");
        assert_eq!(by_rule(LEAK)[0]["properties"]["reproduction"], "select * from public.accounts");
        let rb = &by_rule(ROLLBACK_NOT_CLEAN)[0];
        assert_eq!(rb["level"], "warning");
        assert_eq!(
            rb["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "db/migrations/001_down.sql"
        );
        assert_eq!(s["runs"][0]["properties"]["failed"], true);
    }

    #[test]
    fn rules_carry_their_docs() {
        let r = sample::report();
        let s = render(&r, &cx(&r));
        let rules = s["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let sql = rules.iter().find(|x| x["id"] == SQL_ERROR).unwrap();
        assert_eq!(sql["shortDescription"]["text"], "A statement failed");
        assert!(sql["help"]["text"].as_str().unwrap().starts_with("Fix the statement"));
        assert_eq!(sql["defaultConfiguration"]["level"], "error");
        let unknown = rules.iter().find(|x| x["id"] == "quiet_rule").unwrap();
        assert!(unknown.get("help").is_none());
    }

    #[test]
    fn no_up_file_means_no_location() {
        let mut r = sample::clean();
        r.files.clear();
        r.lint.insert("r".into(), vec![Finding::new("x", Level::Info, "x is bad")]);
        let s = render(&r, &cx(&r));
        let res = results(&s);
        assert_eq!(res.len(), 1);
        assert!(res[0].get("locations").is_none());
        let clean = sample::clean();
        assert!(results(&render(&clean, &cx(&clean))).is_empty());
    }
}
