//! Step through the up migrations one statement at a time on a fresh database, watching the
//! schema change: after each statement a catalog snapshot, the changes it made, and the ERD.
//! Interactive, so a snapshot per step costs nothing noticeable.

use crate::bridge::BrowserEngine;
use std::cell::RefCell;
use std::rc::Rc;
use tenant_planner_core::catalog::Snapshot;
use tenant_planner_core::diff::{diff, Change};
use tenant_planner_core::engine::Engine;
use tenant_planner_core::erd;
use tenant_planner_core::files::Role;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::run::{take_snapshot, Plan};
use tenant_planner_core::tenancy::classify;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub project: crate::ptr::Ptr<Project>,
    pub profile: Profile,
}

/// One up statement, ready to run.
#[derive(Clone, PartialEq)]
struct Step {
    file: String,
    line: usize,
    sql: String,
}

#[derive(Clone, PartialEq)]
struct Done {
    snapshot: Rc<Snapshot>,
    error: Option<String>,
    notices: Vec<String>,
}

#[derive(Clone, PartialEq, Default)]
struct Session {
    steps: Vec<Step>,
    base: Option<Rc<Snapshot>>,
    /// Snapshot before any up statement, then one per executed step.
    start: Option<Rc<Snapshot>>,
    done: Vec<Done>,
    /// How many steps are shown as executed (≤ done.len(): Previous moves back without the database).
    cursor: usize,
    busy: bool,
    error: Option<String>,
}

#[function_component]
pub fn Stepper(p: &Props) -> Html {
    let session = use_state(Session::default);
    let engine: Rc<RefCell<Option<BrowserEngine>>> = use_mut_ref(|| None);
    // The stepping database lives as long as the panel: closing it ends its worker.
    {
        let engine = engine.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(e) = engine.borrow_mut().take() {
                    e.close();
                }
            }
        });
    }

    let start = {
        let (session, engine, project, profile) =
            (session.clone(), engine.clone(), p.project.clone(), p.profile);
        Callback::from(move |_: MouseEvent| {
            let (session, engine, project) = (session.clone(), engine.clone(), project.clone());
            if let Some(e) = engine.borrow_mut().take() {
                e.close();
            }
            session.set(Session { busy: true, ..Default::default() });
            wasm_bindgen_futures::spawn_local(async move {
                let fail = |why: String| Session { error: Some(why), ..Default::default() };
                let (mut e, _cancel) =
                    match BrowserEngine::open(&crate::bridge::needed_extensions(&project, profile))
                        .await
                    {
                        Ok(x) => x,
                        Err(why) => return session.set(fail(why)),
                    };
                let _ = e.exec(profile.shim()).await;
                let base = take_snapshot(&mut e).await.ok().map(Rc::new);
                let plan = Plan::new(&project);
                let mut steps = Vec::new();
                for &i in &plan.order {
                    let f = &project.files[i];
                    for st in plan.pieces[i].iter().filter(|s| s.is_sql()) {
                        match f.role() {
                            Role::Baseline | Role::Seed => {
                                if let Ok(out) = e.exec(&st.sql).await {
                                    if let Some(err) = out.error {
                                        return session.set(fail(format!(
                                            "{}:{}: {} ({}) — fix the baseline/seed first",
                                            f.name, st.line, err.message, err.sqlstate
                                        )));
                                    }
                                }
                            }
                            Role::Up => steps.push(Step {
                                file: f.name.clone(),
                                line: st.line,
                                sql: st.sql.clone(),
                            }),
                            _ => {}
                        }
                    }
                }
                let start = take_snapshot(&mut e).await.ok().map(Rc::new);
                *engine.borrow_mut() = Some(e);
                session.set(Session { steps, base, start, ..Default::default() });
            });
        })
    };
    let next = {
        let (session, engine) = (session.clone(), engine.clone());
        Callback::from(move |_: MouseEvent| {
            let s = (*session).clone();
            if s.busy || s.cursor >= s.steps.len() {
                return;
            }
            if s.cursor < s.done.len() {
                return session.set(Session { cursor: s.cursor + 1, ..s });
            }
            let (session, engine) = (session.clone(), engine.clone());
            session.set(Session { busy: true, ..s.clone() });
            wasm_bindgen_futures::spawn_local(async move {
                let step = s.steps[s.cursor].clone();
                let Some(mut e) = engine.borrow_mut().take() else { return };
                let out = e.exec(&step.sql).await;
                let snap = take_snapshot(&mut e).await;
                *engine.borrow_mut() = Some(e);
                let mut s = s;
                match (out, snap) {
                    (Ok(out), Ok(snap)) => {
                        s.done.push(Done {
                            snapshot: Rc::new(snap),
                            error: out.error.map(|e| format!("{} ({})", e.message, e.sqlstate)),
                            notices: out.notices.into_iter().map(|n| n.message).collect(),
                        });
                        s.cursor += 1;
                    }
                    (Err(f), _) => s.error = Some(f.to_string()),
                    (_, Err(why)) => s.error = Some(why),
                }
                s.busy = false;
                session.set(s);
            });
        })
    };
    let prev = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            let s = (*session).clone();
            if s.cursor > 0 && !s.busy {
                session.set(Session { cursor: s.cursor - 1, ..s });
            }
        })
    };

    // The ERD after the current step, drawn once per step (not again on the busy re-render).
    let erd_svg = {
        let s = (*session).clone();
        let (profile, tenancy) = (p.profile, p.project.tenancy.clone());
        let key = (s.cursor, s.done.len().min(s.cursor), s.start.as_ref().map(Rc::as_ptr));
        use_memo(key, move |_| {
            let current = if s.cursor == 0 {
                s.start.clone()
            } else {
                s.done.get(s.cursor - 1).map(|d| d.snapshot.clone())
            };
            current.map(|c| {
                let shown = erd::drawable(&c, s.base.as_deref());
                let t = classify(&c, profile, &tenancy);
                let tables = erd::select_tables(&shown, &t, &Default::default());
                let l = erd::layout(&shown, &t, &tables);
                erd::svg(&shown, &t, &l, &Default::default())
            })
        })
    };
    let s = &*session;
    if s.start.is_none() {
        return html! {
            <div class="stepper" data-testid="stepper">
                <h3>{"Step through the up migrations"}</h3>
                <p class="muted">{"Runs baseline and seed on a fresh database, then each up statement when you press Next, showing what it changed and the tenant ERD after it."}</p>
                if let Some(e) = &s.error { <div class="error-box" role="alert">{ e }</div> }
                <button class="btn primary small" data-testid="step-start" onclick={start} disabled={s.busy}>{ if s.busy { "Preparing…" } else { "Start stepping" } }</button>
            </div>
        };
    }
    let before =
        if s.cursor <= 1 { s.start.clone() } else { Some(s.done[s.cursor - 2].snapshot.clone()) };
    let current =
        if s.cursor == 0 { s.start.clone() } else { Some(s.done[s.cursor - 1].snapshot.clone()) };
    let changes = match (&before, &current, s.cursor) {
        (Some(b), Some(c), n) if n > 0 => diff(b, c),
        _ => vec![],
    };
    let step = (s.cursor > 0).then(|| &s.steps[s.cursor - 1]);
    let done = (s.cursor > 0).then(|| &s.done[s.cursor - 1]);
    html! {
        <div class="stepper" data-testid="stepper" data-cursor={s.cursor.to_string()} data-steps={s.steps.len().to_string()}>
            <div class="step-controls">
                <button class="btn small" data-testid="step-prev" onclick={prev} disabled={s.cursor == 0 || s.busy}>{"◀ Previous"}</button>
                <button class="btn small primary" data-testid="step-next" onclick={next} disabled={s.cursor >= s.steps.len() || s.busy}>{"Next ▶"}</button>
                <span class="muted">{ format!("statement {} of {}", s.cursor, s.steps.len()) }</span>
                if let Some(e) = &s.error { <span class="badge bad">{ e }</span> }
            </div>
            if let Some(step) = step {
                <div class="step-sql"><div class="muted">{ format!("{}:{}", step.file, step.line) }</div><pre class="code" data-testid="step-sql" tabindex="0" role="region" aria-label="This step's statement">{ &step.sql }</pre></div>
            }
            if let Some(d) = done {
                if let Some(e) = &d.error { <div class="error-box" role="alert">{ e }</div> }
                { for d.notices.iter().map(|n| html!{ <div class="notice"><span class="sev">{"NOTICE"}</span>{" "}{ n }</div> }) }
            }
            <ul class="chg-list" data-testid="step-changes">
                { for changes.iter().map(|c| {
                    let class = match c.change { Change::Extra => "add", Change::Missing => "del", Change::Changed => "chg" };
                    html!{ <li class={classes!("chg-line", class)} data-testid="step-change"><code>{ &c.summary }</code></li> }
                }) }
                if s.cursor > 0 && changes.is_empty() { <li class="muted">{"no schema change (data only, or nothing)"}</li> }
            </ul>
            if let Some(svg) = (*erd_svg).clone() {
                <div class="step-erd" data-testid="step-erd" tabindex="0" role="group" aria-label="ERD after this statement (scroll with the arrow keys)">
                    // A picture here: its boxes are not Tab stops (the ERD tab is where they are picked).
                    <div inert=true>{ Html::from_html_unchecked(AttrValue::from(svg)) }</div>
                </div>
            }
        </div>
    }
}
