//! Validation results as a test table.

use tenant_planner_core::run::RunResult;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub result: crate::ptr::Ptr<RunResult>,
}

#[function_component]
pub fn Validation(p: &Props) -> Html {
    if p.result.validation.is_empty() {
        return html! { <p class="muted pad">{"No validation files in this project. Files named with “validate” or “test” run after the up migrations; their PASS: / FAIL: notices, or pgTAP's ok / not ok rows, are counted here."}</p> };
    }
    html! {
        <section class="validation" data-testid="validation">
            { for p.result.validation.iter().map(|(file, v)| html! {
                <div class="val-file" data-testid="validation-file" data-file={file.clone()} data-passed={v.passed.to_string()} data-failed={v.failed.to_string()}>
                    <h3>{ file }<span class={classes!("badge", if v.failed > 0 { "bad" } else { "ok" })}>{ format!("{} passed, {} failed", v.passed, v.failed) }</span></h3>
                    if let Some(t) = &v.tap {
                        <p class={classes!("result-line", (t.planned.is_some_and(|n| n != t.ran)).then_some("warn"))} data-testid="tap-summary">
                            { match t.planned { Some(n) => format!("pgTAP: planned {n}, ran {}", t.ran), None => format!("pgTAP: no plan, ran {}", t.ran) } }
                            { for t.summary.iter().map(|l| html! { <span>{ format!(" — {l}") }</span> }) }
                        </p>
                    } else if let Some(line) = &v.result_line {
                        <p class={classes!("result-line", v.mismatch().then_some("warn"))}>{ line }
                            if v.mismatch() { <span>{ format!(" — but {} PASS and {} FAIL notices were counted", v.passed, v.failed) }</span> }
                        </p>
                    } else {
                        <p class="muted">{"No closing “RESULT: N passed, M failed” line."}</p>
                    }
                    <table class="grid">
                        <thead><tr><th>{"Result"}</th><th>{"Check"}</th><th>{"Line"}</th></tr></thead>
                        <tbody>
                            { for v.checks.iter().map(|c| html! {
                                <tr class={if c.passed { "pass" } else { "fail" }} data-testid="check">
                                    <td>{ if c.passed { "PASS" } else { "FAIL" } }</td>
                                    <td>{ &c.name }
                                        if !c.diagnostics.is_empty() { <pre class="diag" data-testid="check-diagnostics">{ c.diagnostics.join("\n") }</pre> }
                                    </td>
                                    <td>{ c.line }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }) }
        </section>
    }
}
