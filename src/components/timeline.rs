//! The timeline: per file (collapsible), each statement with status, duration, notices, and for
//! a failure the SQLSTATE, message, detail, hint and the source lines around file:line:column.
//! A cancelled run (by the user or the statement timeout) is marked where it stopped: the file
//! says "cancelled at L…" and is open, the statement says why the run stopped there.

use crate::plural::count;
use crate::ptr::Ptr;
use tenant_planner_core::project::Project;
use tenant_planner_core::run::{FileRun, LocatedError, RunResult, StatementRun, Status};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub result: Ptr<RunResult>,
    pub project: Ptr<Project>,
    /// A statement to open, highlight and scroll to (file, line).
    #[prop_or_default]
    pub focus: Option<(String, usize)>,
}

#[function_component]
pub fn Timeline(p: &Props) -> Html {
    {
        let focus = p.focus.clone();
        use_effect_with(focus, |f| {
            if f.is_some() {
                if let Some(el) =
                    gloo::utils::document().query_selector(".stmt.focused").ok().flatten()
                {
                    el.scroll_into_view();
                }
            }
        });
    }
    let stop = crate::state::stop_reason(&p.result);
    html! {
        <section class="timeline" data-testid="timeline">
            if p.result.shim_statements > 0 {
                <div class="shim-line muted">{ format!("{} profile shim: {} applied first", p.result.profile.as_str(), count(p.result.shim_statements, "statement")) }</div>
            }
            { for p.result.files.iter().map(|fr| file_block(fr, &p.project, p.focus.as_ref().filter(|(f, _)| *f == fr.name).map(|(_, l)| *l), stop.as_deref())) }
        </section>
    }
}

fn file_block(fr: &FileRun, project: &Project, focus: Option<usize>, stop: Option<&str>) -> Html {
    let text = project.files.get(fr.file).map(|f| f.text.as_str()).unwrap_or("");
    let failed = fr.count(Status::Failed);
    let ms: f64 = fr.statements.iter().map(|s| s.duration_ms).sum();
    let n = fr.statements.iter().filter(|s| s.status != Status::Skipped).count();
    let cancelled = fr.statements.iter().find(|s| s.status == Status::Cancelled).map(|s| s.line);
    let open = failed > 0
        || cancelled.is_some()
        || focus.is_some()
        || (n <= 40 && fr.statements.iter().any(|s| !s.notices.is_empty()));
    let state = if failed > 0 {
        "bad"
    } else if cancelled.is_some() {
        "warn"
    } else if fr.count(Status::NotRun) + fr.count(Status::Cancelled) > 0 {
        "dim"
    } else {
        "ok"
    };
    html! {
        <details class={classes!("tl-file", state)} open={open} data-testid="timeline-file" data-file={fr.name.clone()} data-failed={failed.to_string()}>
            <summary>
                <span class={classes!("role-tag", fr.role.as_str())}>{ fr.role.as_str() }</span>
                <strong>{ &fr.name }</strong>
                <span class="muted">{ format!(" · {} · {} ok", count(n, "statement"), fr.count(Status::Ok)) }</span>
                if let Some(line) = cancelled { <span class="badge warn" data-testid="cancelled-at" data-line={line.to_string()}>{ format!("cancelled at L{line}") }</span> }
                if failed > 0 { <span class="badge bad">{ format!("{failed} failed") }</span> }
                if fr.count(Status::Skipped) > 0 { <span class="badge dim">{ format!("{} skipped", fr.count(Status::Skipped)) }</span> }
                if fr.count(Status::NotRun) > 0 { <span class="badge dim">{ format!("{} not run", fr.count(Status::NotRun)) }</span> }
                <span class="muted right">{ format!("{ms:.0} ms") }</span>
            </summary>
            <ol class="stmts">
                { for fr.statements.iter().map(|s| statement_row(s, text, focus == Some(s.line), stop)) }
            </ol>
        </details>
    }
}

fn statement_row(s: &StatementRun, text: &str, focused: bool, stop: Option<&str>) -> Html {
    let (icon, class) = match s.status {
        Status::Ok => ("✓", "ok"),
        Status::Failed => ("✗", "bad"),
        Status::Skipped => ("↷", "dim"),
        Status::NotRun => ("·", "dim"),
        Status::Cancelled => ("■", "warn"),
    };
    let status = s.status.as_str();
    html! {
        <li class={classes!("stmt", class, focused.then_some("focused"))} data-testid="statement" data-status={status} data-line={s.line.to_string()}>
            <div class="stmt-head">
                <span class="icon" aria-hidden="true">{ icon }</span>
                <span class="loc">{ format!("L{}", s.line) }</span>
                <code class="sum">{ &s.summary }</code>
                if let Some(rows) = s.rows.filter(|r| *r > 0) { <span class="muted">{ count(rows, "row") }</span> }
                if s.status == Status::Ok || s.status == Status::Failed { <span class="muted right">{ format!("{:.1} ms", s.duration_ms) }</span> }
            </div>
            if let Some(why) = &s.skip_reason { <div class="skip muted">{ why }</div> }
            if s.status == Status::Cancelled {
                <div class="stopped-here" data-testid="stopped-here" role="note">{ format!("The run stopped here: {}.", stop.unwrap_or("cancelled")) }</div>
            }
            if !s.notices.is_empty() {
                <ul class="notices">
                    { for s.notices.iter().map(|n| html! {
                        <li class={classes!("notice", n.severity.to_lowercase())} data-testid="notice"><span class="sev">{ &n.severity }</span>{ " " }{ &n.message }</li>
                    }) }
                </ul>
            }
            if let Some(e) = &s.error { { error_box(e, text) } }
        </li>
    }
}

pub fn error_box(e: &LocatedError, text: &str) -> Html {
    let lines: Vec<&str> = text.lines().collect();
    let from = e.line.saturating_sub(3).max(1);
    let to = (e.line + 2).min(lines.len());
    html! {
        <div class="error-box" data-testid="error" data-sqlstate={e.sqlstate.clone()} data-line={e.line.to_string()} role="alert">
            <div class="err-title">
                <span class="sqlstate" data-testid="error-sqlstate">{ &e.sqlstate }</span>
                <span class="err-msg" data-testid="error-message">{ &e.message }</span>
            </div>
            <div class="err-loc" data-testid="error-location">{ format!("{}:{}:{}", e.file, e.line, e.column) }<span class="muted">{ format!(" ({})", e.located_by) }</span></div>
            if let Some(d) = &e.detail { <div class="err-extra"><b>{"Detail: "}</b>{ d }</div> }
            if let Some(h) = &e.hint { <div class="err-extra"><b>{"Hint: "}</b>{ h }</div> }
            if let Some(n) = &e.splitter_note { <div class="err-extra"><b>{"Splitter: "}</b>{ n }</div> }
            if let Some(w) = &e.where_ { <div class="err-extra muted"><b>{"Context: "}</b>{ w }</div> }
            if from <= to {
                <pre class="source">
                    { for (from..=to).map(|n| {
                        let l = lines.get(n - 1).copied().unwrap_or("");
                        let here = n == e.line;
                        html! {
                            <>
                            <span class={classes!("src-line", here.then_some("here"))}><span class="ln">{ format!("{n:>4} ") }</span>{ l }</span>
                            if here { <span class="caret" role="img" aria-label={format!("column {}", e.column)}>{ format!("     {}^", " ".repeat(e.column.saturating_sub(1))) }</span> }
                            </>
                        }
                    }) }
                </pre>
            }
        </div>
    }
}
