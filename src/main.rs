//! Tenant Planner in the browser: mounts the app. See app.rs.

mod app;
mod bridge;
mod components;
mod examples;
mod hooks;
mod ingest;
mod plural;
mod ptr;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
