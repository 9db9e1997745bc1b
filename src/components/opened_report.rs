//! The banner over a run opened from a report file: which engine and PostgreSQL version made it
//! and where (the command line on a server, pglite-oxide, or this app), that it is shown as
//! recorded and was not run here, and one button to run the project here on PGlite instead
//! (which replaces it). The browser cannot reach a server, so a server's result is only ever
//! shown this way.

use crate::ptr::Ptr;
use tenant_planner_core::report::Report;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The report file's name.
    pub file: String,
    pub report: Ptr<Report>,
    pub on_rerun: Callback<()>,
}

/// "Report from PostgreSQL 16.4 (server), made by tenant-planner 0.1.0 on the command line", from
/// the report's engine and tool fields.
pub fn made_by(r: &Report) -> String {
    let v = r.engine.postgres_version.trim();
    let pg = if v.is_empty() {
        "PostgreSQL (version not recorded)".to_string()
    } else {
        format!("PostgreSQL {v}")
    };
    let tool = format!("{} {}", r.tool.name, r.tool.version);
    match r.engine.name.as_str() {
        "postgresql (server)" => {
            format!("Report from {pg} (server), made by {tool} on the command line")
        }
        "pglite-oxide (native)" => {
            format!(
                "Report from {pg} (pglite-oxide, in-process), made by {tool} on the command line"
            )
        }
        "pglite (browser)" => format!(
            "Report from {pg} (PGlite in a browser), made by the Tenant Planner app {}",
            r.tool.version
        ),
        other => format!("Report from {pg} ({other}), made by {tool}"),
    }
}

#[function_component]
pub fn OpenedReport(p: &Props) -> Html {
    let rerun = p.on_rerun.reform(|_: MouseEvent| ());
    html! {
        <section class="opened-report" data-testid="opened-report" data-engine={p.report.engine.name.clone()}
            data-version={p.report.engine.postgres_version.clone()} aria-label="Opened report">
            <p class="opened-report-title">
                <strong data-testid="opened-report-source">{ made_by(&p.report) }</strong>
                {" — shown as recorded, not re-run here."}
            </p>
            <p class="muted">
                { format!("Opened from {}. Every tab shows that run. Running the project here uses this browser's PGlite instead and replaces it.", p.file) }
            </p>
            <button class="btn" type="button" data-testid="rerun-here" onclick={rerun}>{"Re-run here on PGlite"}</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::made_by;
    use tenant_planner_core::profile::Profile;
    use tenant_planner_core::report::{build, Report};
    use tenant_planner_core::run::RunResult;

    fn report(engine: &str, version: &str) -> Report {
        let run = RunResult::empty(Profile::Postgres);
        let mut r = build(&Default::default(), &run, engine);
        r.engine.postgres_version = version.into();
        r
    }

    #[test]
    fn the_banner_names_engine_version_and_maker() {
        let v = tenant_planner_core::report::TOOL_VERSION;
        assert_eq!(
            made_by(&report("postgresql (server)", "16.4")),
            format!("Report from PostgreSQL 16.4 (server), made by tenant-planner {v} on the command line")
        );
        assert_eq!(
            made_by(&report("pglite-oxide (native)", "17.5")),
            format!("Report from PostgreSQL 17.5 (pglite-oxide, in-process), made by tenant-planner {v} on the command line")
        );
        assert_eq!(
            made_by(&report("pglite (browser)", "")),
            format!("Report from PostgreSQL (version not recorded) (PGlite in a browser), made by the Tenant Planner app {v}")
        );
    }
}
