//! The advisor: every lint rule that ran, its findings (object, detail, file:line), the rule's
//! own docs (from the same source as its code, with its example for the project's profile and
//! where it differs from splinter or squawk on purpose), per-finding suppression with a reason,
//! the project's table-size setting, and the peers' rules not checked here.

use crate::components::suppress_dialog::SuppressDialog;
use crate::plural::{count, plural};
use crate::ptr::Ptr;
use tenant_planner_core::lint::{
    docs, not_covered, Category, Finding, Level, RuleDoc, Suppression, TableSizes,
};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::RunResult;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Ptr<Report>,
    /// The run the report is of (the table-size setting lists its tables).
    pub result: Ptr<RunResult>,
    /// The project's table-size setting now.
    pub table_sizes: TableSizes,
    pub on_table_sizes: Callback<TableSizes>,
    pub on_suppress: Callback<Suppression>,
    /// Undo a suppression: (rule, object).
    pub on_unsuppress: Callback<(String, String)>,
    /// Show a statement (file, line) in the timeline.
    pub on_jump: Callback<(String, usize)>,
}

fn level_class(l: Level) -> &'static str {
    match l {
        Level::Error => "bad",
        Level::Warn => "warn",
        Level::Info => "info",
    }
}

const CATEGORIES: [Category; 4] =
    [Category::Security, Category::Performance, Category::Tenancy, Category::MigrationSafety];

#[function_component]
pub fn Advisor(p: &Props) -> Html {
    let category = use_state(|| None::<Category>);
    let min_level = use_state(|| Level::Info);
    let open_doc = use_state(|| None::<&'static str>);
    // The finding whose Suppress… dialog is open, with its rule.
    let suppressing = use_state(|| None::<(&'static RuleDoc, Finding)>);
    let r = &p.report;
    let profile = Profile::parse(&r.profile).unwrap_or(Profile::Postgres);
    let all = docs();
    let shown_rule = |d: &RuleDoc| category.is_none_or(|c| d.categories.contains(&c));
    let active = |l: Level| tenant_planner_core::lint::count_active(&r.lint, l);
    let suppressed_n = r.lint.values().flatten().filter(|f| f.suppressed.is_some()).count();

    let suppress = |d: &'static RuleDoc, f: &Finding| {
        let (suppressing, f) = (suppressing.clone(), f.clone());
        Callback::from(move |_: MouseEvent| suppressing.set(Some((d, f.clone()))))
    };
    let unsuppress = |rule: &'static str, f: &Finding| {
        let object = f.object.clone();
        p.on_unsuppress.reform(move |_: MouseEvent| (rule.to_string(), object.clone()))
    };
    let on_category = {
        let category = category.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            category.set(CATEGORIES.into_iter().find(|c| c.as_str() == v));
        })
    };
    let on_level = {
        let min_level = min_level.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            min_level.set(match v.as_str() {
                "ERROR" => Level::Error,
                "WARN" => Level::Warn,
                _ => Level::Info,
            });
        })
    };
    let finding = |d: &'static RuleDoc, f: &Finding| {
        let jump = f.file.clone().zip(f.line).map(|(file, line)| {
            let label = format!("{file}:{line}");
            html! { <button class="linklike" data-testid="finding-jump" onclick={p.on_jump.reform(move |_: MouseEvent| (file.clone(), line))}>{ label }</button> }
        });
        html! {
            <li class={classes!("finding", f.suppressed.is_some().then_some("suppressed"))} data-testid="finding" data-rule={d.id} data-object={f.object.clone()}
                data-level={f.level.as_str()} data-suppressed={f.suppressed.is_some().to_string()}>
                <span class={classes!("badge", level_class(f.level))}>{ f.level.as_str() }</span>
                <code class="obj">{ &f.object }</code>
                { for jump }
                if let Some(other) = &f.same_as {
                    <span class="badge" data-testid="same-as" title="The same object is reported by that rule too; it is counted once, there">{ format!("also {other} — counted there") }</span>
                }
                <div class="detail">{ &f.detail }</div>
                if let Some(why) = &f.suppressed {
                    <div class="muted">{ format!("Suppressed: {why} ") }
                        <button class="linklike" data-testid="unsuppress" onclick={unsuppress(d.id, f)}>{"undo"}</button></div>
                } else {
                    <button class="btn small suppress" data-testid="suppress" onclick={suppress(d, f)} title="Silence this finding for this object, with a reason">{"Suppress…"}</button>
                }
            </li>
        }
    };
    /// The grouped findings, by group, in the order they come.
    fn groups_of<'f>(found: &[&'f Finding]) -> Vec<(String, Vec<&'f Finding>)> {
        let mut out: Vec<(String, Vec<&Finding>)> = Vec::new();
        for f in found {
            let Some(g) = &f.group else { continue };
            match out.iter_mut().find(|(x, _)| x == g) {
                Some((_, v)) => v.push(f),
                None => out.push((g.clone(), vec![f])),
            }
        }
        out
    }
    let mut quiet: Vec<&'static RuleDoc> = Vec::new();
    // Rules with errors first, then warnings, then info; registration order within a level.
    let mut groups: Vec<(Level, Html)> = Vec::new();
    for d in all.iter().copied().filter(|d| shown_rule(d)) {
        let found: Vec<&Finding> = r.lint.get(d.id).map(|v| v.iter().collect()).unwrap_or_default();
        let visible: Vec<&Finding> =
            found.iter().copied().filter(|f| f.level <= *min_level).collect();
        if visible.is_empty() {
            quiet.push(d);
            continue;
        }
        let is_open = *open_doc == Some(d.id);
        let toggle = {
            let open_doc = open_doc.clone();
            let id = d.id;
            Callback::from(move |_: MouseEvent| open_doc.set(if is_open { None } else { Some(id) }))
        };
        let worst = visible.iter().map(|f| f.level).min().unwrap_or(Level::Info);
        groups.push((worst, html! {
            <section class="rule" data-testid="rule" data-rule={d.id}>
                <header>
                    <strong>{ d.title }</strong>
                    <code class="muted">{ d.id }</code>
                    { for d.categories.iter().map(|c| html! { <span class="badge">{ c.as_str() }</span> }) }
                    <span class="muted count">{ count(visible.len(), "finding") }</span>
                    <button class="linklike" data-testid="rule-doc-toggle" onclick={toggle} aria-expanded={is_open.to_string()}>{ if is_open { "hide docs" } else { "how to fix" } }</button>
                </header>
                <p class="muted desc">{ d.description }</p>
                if is_open {
                    <div class="rule-doc" data-testid="rule-doc"><p>{ d.remediation }</p><pre><code>{ d.example_for(profile) }</code></pre>
                        if !d.differences.is_empty() {
                            <div class="differences" data-testid="rule-differences">
                                <strong>{"Where this rule answers differently from its peer, on purpose"}</strong>
                                <ul>{ for d.differences.iter().map(|x| html! {
                                    <li data-difference={x.id}><span class="badge">{ format!("{} {}", x.peer, x.peer_rule) }</span>{" "}{ x.text }</li>
                                }) }</ul>
                            </div>
                        }
                    </div>
                }
                <ul>{ for visible.iter().filter(|f| f.group.is_none()).map(|f| finding(d, f)) }</ul>
                { for groups_of(&visible).into_iter().map(|(g, fs)| html! {
                    <details class="finding-group" data-testid="finding-group" data-group={g.clone()} data-count={fs.len().to_string()}>
                        <summary>{ format!("{} {g}", fs.len()) }</summary>
                        <ul>{ for fs.iter().map(|f| finding(d, f)) }</ul>
                    </details>
                }) }
            </section>
        }));
    }
    groups.sort_by_key(|(l, _)| *l);
    let groups: Vec<Html> = groups.into_iter().map(|(_, h)| h).collect();
    html! {
        <section class="advisor" data-testid="advisor">
            <div class="advisor-head">
                <span class={classes!("badge", "bad")} data-testid="lint-errors">{ count(active(Level::Error), "error") }</span>
                <span class={classes!("badge", "warn")} data-testid="lint-warnings">{ count(active(Level::Warn), "warning") }</span>
                <span class={classes!("badge", "info")} data-testid="lint-info">{ format!("{} info", active(Level::Info)) }</span>
                if suppressed_n > 0 { <span class="badge" data-testid="lint-suppressed">{ format!("{suppressed_n} suppressed") }</span> }
                <span class="spacer" />
                <label class="field"><span>{"Category"}</span>
                    <select data-testid="lint-category" onchange={on_category}>
                        <option value="" selected={category.is_none()}>{"all"}</option>
                        { for CATEGORIES.iter().map(|c| html! { <option value={c.as_str()} selected={*category == Some(*c)}>{ c.as_str().to_lowercase() }</option> }) }
                    </select>
                </label>
                <label class="field"><span>{"Level"}</span>
                    <select data-testid="lint-level" onchange={on_level}>
                        <option value="INFO" selected={*min_level == Level::Info}>{"all"}</option>
                        <option value="WARN" selected={*min_level == Level::Warn}>{"warnings and errors"}</option>
                        <option value="ERROR" selected={*min_level == Level::Error}>{"errors only"}</option>
                    </select>
                </label>
            </div>
            <crate::components::table_sizes::TableSizesSetting sizes={p.table_sizes.clone()} result={p.result.clone()} on_change={p.on_table_sizes.clone()} />
            if groups.is_empty() { <p class="muted pad" data-testid="lint-none">{"No findings for this filter."}</p> }
            { for groups }
            <details class="quiet" data-testid="quiet-rules">
                <summary>{ format!("{} found nothing", plural(quiet.len(), "rule", "rules")) }</summary>
                <ul>{ for quiet.iter().map(|d| html! { <li data-rule={d.id}><code>{ d.id }</code>{" — "}{ d.description }</li> }) }</ul>
            </details>
            <details class="quiet" data-testid="not-covered">
                <summary>{ format!("{} of splinter and squawk {} not checked here", plural(not_covered().len(), "rule", "rules"), if not_covered().len() == 1 { "is" } else { "are" }) }</summary>
                <ul>{ for not_covered().iter().map(|x| html! { <li data-peer-rule={x.peer_rule}><code>{ format!("{} {}", x.peer, x.peer_rule) }</code>{" — "}{ x.text }</li> }) }</ul>
            </details>
            if let Some((d, f)) = &*suppressing {
                <SuppressDialog rule={d.id} title={d.title} finding={f.clone()} on_suppress={p.on_suppress.clone()}
                    on_close={{ let s = suppressing.clone(); Callback::from(move |()| s.set(None)) }} />
            }
        </section>
    }
}
