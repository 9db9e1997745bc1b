//! The only module that touches `JsValue`: the PGlite worker bridge (js/bridge.js), file
//! reading, downloads and the clock. Everything else in the app sees plain Rust types.

use js_sys::{Array, Reflect, Uint8Array};
use tenant_planner_core::engine::{DbError, Engine, EngineFailure, ExecOutcome};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = DbHandle)]
    pub type DbHandle;
    /// `needed`: a JSON array of the PGlite contrib modules the run needs.
    #[wasm_bindgen(constructor, js_class = "DbHandle")]
    fn new(needed: &str) -> DbHandle;
    #[wasm_bindgen(method, catch, js_class = "DbHandle")]
    async fn open(this: &DbHandle) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_class = "DbHandle")]
    async fn exec(this: &DbHandle, sql: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_class = "DbHandle", js_name = queryText)]
    async fn query_text(this: &DbHandle, sql: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_class = "DbHandle")]
    fn cancel(this: &DbHandle);
    #[wasm_bindgen(method, js_class = "DbHandle", js_name = isCancelled)]
    fn is_cancelled(this: &DbHandle) -> bool;
    #[wasm_bindgen(method, js_class = "DbHandle")]
    fn close(this: &DbHandle);

    /// Start the next run's database now; `needed` as for `DbHandle::new`.
    #[wasm_bindgen(js_name = prewarm)]
    pub fn prewarm(needed: &str);
    #[wasm_bindgen(catch, js_name = filesFromDrop)]
    async fn files_from_drop_js(dt: &web_sys::DataTransfer) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = filesFromInput)]
    async fn files_from_input_js(input: &web_sys::HtmlInputElement) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = download)]
    pub fn download(name: &str, text: &str, mime: &str);
    #[wasm_bindgen(js_name = downloadBytes)]
    pub fn download_bytes(name: &str, bytes: &[u8], mime: &str);
    #[wasm_bindgen(catch, js_name = idbPut)]
    async fn idb_put_js(key: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = idbGet)]
    async fn idb_get_js(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = idbAll)]
    async fn idb_all_js() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = idbDelete)]
    async fn idb_delete_js(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms() -> f64;
    /// Put `fragment` (without `#`) in the address bar in place of the current one; "" drops it.
    #[wasm_bindgen(js_name = replaceHash)]
    pub fn replace_hash(fragment: &str);
    #[wasm_bindgen(js_name = copyText)]
    pub fn copy_text(text: &str);
    #[wasm_bindgen(js_name = svgToPng)]
    pub fn svg_to_png(svg: &str, width: f64, height: f64, name: &str);
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The PGlite contrib modules a run of `project` needs (what its files create, the profile's
/// defaults): a database opens with those only (see js/bridge.js).
pub fn needed_extensions(
    project: &tenant_planner_core::Project,
    profile: tenant_planner_core::Profile,
) -> Vec<String> {
    let texts: Vec<&str> = project.files.iter().map(|f| f.text.as_str()).collect();
    tenant_planner_core::extensions::pglite_modules(&texts, profile)
}

/// A fresh PGlite database in a Web Worker.
pub struct BrowserEngine {
    handle: DbHandle,
    limit: Option<Limit>,
}

/// The statement timeout: PGlite runs a statement to its end inside wasm (no timer signal
/// interrupts it), so the page arms a timer per call and, when it fires, terminates the worker
/// as Cancel does, marking the run cancelled and the timeout as the reason.
struct Limit {
    ms: u32,
    cancelled: std::rc::Rc<std::cell::Cell<bool>>,
    timed_out: std::rc::Rc<std::cell::Cell<bool>>,
    handle: std::rc::Rc<DbHandle>,
}

impl Limit {
    /// A timer for one call; dropping it (the call answered in time) disarms it.
    fn arm(&self) -> gloo::timers::callback::Timeout {
        let (cancelled, timed_out, handle) =
            (self.cancelled.clone(), self.timed_out.clone(), self.handle.clone());
        gloo::timers::callback::Timeout::new(self.ms, move || {
            timed_out.set(true);
            cancelled.set(true);
            handle.cancel();
        })
    }
}

/// What a cancel button keeps: a way to stop the database the run is using.
#[derive(Clone)]
pub struct CancelHandle(std::rc::Rc<DbHandle>);

impl CancelHandle {
    pub fn cancel(&self) {
        self.0.cancel();
    }
}

impl BrowserEngine {
    /// A fresh database that loads the PGlite contrib modules `needed`
    /// (`tenant_planner_core::extensions::pglite_modules`).
    pub async fn open(needed: &[String]) -> Result<(BrowserEngine, CancelHandle), String> {
        let handle = DbHandle::new(&serde_json::to_string(needed).unwrap_or_default());
        handle.open().await.map_err(|e| format!("could not start PGlite: {}", js_message(&e)))?;
        // The handle is shared with the cancel button; the engine keeps its own clone of the JS object.
        let shared = std::rc::Rc::new(handle.clone().unchecked_into::<DbHandle>());
        Ok((BrowserEngine { handle, limit: None }, CancelHandle(shared)))
    }

    /// Stop any call that runs longer than `seconds`: the worker is terminated, `cancelled`
    /// (the run's cancel flag) set, and the flag returned set too, so the runner can say why.
    pub fn limit_statements(
        &mut self,
        seconds: u32,
        cancelled: std::rc::Rc<std::cell::Cell<bool>>,
        cancel: &CancelHandle,
    ) -> std::rc::Rc<std::cell::Cell<bool>> {
        let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
        self.limit = Some(Limit {
            ms: seconds.saturating_mul(1000),
            cancelled,
            timed_out: timed_out.clone(),
            handle: cancel.0.clone(),
        });
        timed_out
    }

    pub fn close(&self) {
        self.handle.close();
    }

    fn failure(&self, e: JsValue) -> EngineFailure {
        if self.handle.is_cancelled() {
            EngineFailure::Cancelled
        } else {
            EngineFailure::Crashed(js_message(&e))
        }
    }
}

impl Engine for BrowserEngine {
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let timer = self.limit.as_ref().map(Limit::arm);
        let v = self.handle.exec(sql).await;
        drop(timer);
        let v = v.map_err(|e| self.failure(e))?;
        serde_json::from_str(&v.as_string().unwrap_or_default())
            .map_err(|e| EngineFailure::Crashed(format!("bad reply from the database worker: {e}")))
    }

    async fn query_text(&mut self, sql: &str) -> Result<Result<String, DbError>, EngineFailure> {
        let timer = self.limit.as_ref().map(Limit::arm);
        let v = self.handle.query_text(sql).await;
        drop(timer);
        let v = v.map_err(|e| self.failure(e))?;
        let reply: serde_json::Value = serde_json::from_str(&v.as_string().unwrap_or_default())
            .map_err(|e| EngineFailure::Crashed(e.to_string()))?;
        if let Some(text) = reply.get("ok").and_then(|t| t.as_str()) {
            return Ok(Ok(text.to_string()));
        }
        let err: DbError = serde_json::from_value(reply["error"].clone())
            .map_err(|e| EngineFailure::Crashed(e.to_string()))?;
        Ok(Err(err))
    }
}

/// One file as read from the user's disk: bytes, or only its size when it is too big to read.
pub struct PickedFile {
    pub name: String,
    pub size: f64,
    pub bytes: Option<Vec<u8>>,
}

fn picked(list: JsValue) -> Vec<PickedFile> {
    Array::from(&list)
        .iter()
        .map(|item| {
            let name = Reflect::get(&item, &"name".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let size =
                Reflect::get(&item, &"size".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            let bytes = Reflect::get(&item, &"bytes".into())
                .ok()
                .filter(|v| !v.is_null())
                .map(|v| Uint8Array::new(&v).to_vec());
            PickedFile { name, size, bytes }
        })
        .collect()
}

pub async fn files_from_drop(dt: &web_sys::DataTransfer) -> Result<Vec<PickedFile>, String> {
    files_from_drop_js(dt).await.map(picked).map_err(|e| js_message(&e))
}

pub async fn files_from_input(
    input: &web_sys::HtmlInputElement,
) -> Result<Vec<PickedFile>, String> {
    files_from_input_js(input).await.map(picked).map_err(|e| js_message(&e))
}

/// IndexedDB: saved projects as JSON text under a key.
pub async fn idb_put(key: &str, text: &str) -> Result<(), String> {
    idb_put_js(key, text).await.map(|_| ()).map_err(|e| js_message(&e))
}

pub async fn idb_get(key: &str) -> Result<Option<String>, String> {
    idb_get_js(key).await.map(|v| v.as_string()).map_err(|e| js_message(&e))
}

pub async fn idb_all() -> Result<Vec<String>, String> {
    let v = idb_all_js().await.map_err(|e| js_message(&e))?;
    Ok(Array::from(&v).iter().filter_map(|x| x.as_string()).collect())
}

pub async fn idb_delete(key: &str) -> Result<(), String> {
    idb_delete_js(key).await.map(|_| ()).map_err(|e| js_message(&e))
}

/// Milliseconds since the epoch (for "saved 5 min ago").
pub fn wall_ms() -> f64 {
    js_sys::Date::now()
}
