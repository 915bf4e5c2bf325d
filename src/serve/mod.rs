//! `rotsystem serve`: a live preview for editors.
//!
//! The site is built into memory and served from there on 127.0.0.1 only, so the
//! server can never hand out a file that is not part of the built site. A watcher
//! (notify; a burst of events is gathered until the disk is quiet) hands the changed
//! paths to the incremental engine (`crate::incremental`), which rebuilds only what
//! they affect; the page reloads itself through a long poll. A broken edit keeps the
//! last good site served and shows the errors in an overlay until they are fixed.
//!
//! The pages are published first. The search index and handout PDFs (the engine's
//! derived step) are then built on a pool thread of their own from a snapshot, one
//! job at a time: saves meanwhile only ask for one more job, made from the newest
//! pages when this one is done, and a result made from older pages is discarded.
//!
//! The long poll is page-aware: the script sends its page's path, and the server
//! answers when that page's bytes changed since the version it was served in, or the
//! error state changed. Each publish records, per output, the version its bytes last
//! changed in, so a save reloads only the pages it changed, and the derived step's
//! publish only the search page.

mod paths;
mod watch;

pub use crate::incremental::{classify, ChangeKind};
pub use paths::{resolve, Target};
pub use watch::changed_paths;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use notify::{RecursiveMode, Watcher};

use crate::config::Config;
use crate::diagnostic::render_human;
use crate::incremental::{DerivedDone, Files, Incremental};
use crate::site::LoadError;

const LIVERELOAD: &str = include_str!("livereload.js");
const LIVERELOAD_PATH: &str = "/__rotsystem/livereload.js";
const POLL_WAIT: Duration = Duration::from_secs(25);
/// A save is a burst of events (truncate and write, or write a temporary file and
/// rename it over the original); the burst ends when the disk has been quiet this long.
const QUIET: Duration = Duration::from_millis(15);
/// A burst that never goes quiet is cut off here, so a long copy still shows progress.
const MAX_BURST: Duration = Duration::from_millis(300);

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub open: bool,
}

#[derive(Default)]
struct Snapshot {
    version: u64,
    files: Arc<Files>,
    errors: Vec<String>,
    /// By output path: the version in which its bytes last changed, or it came or went.
    changed: HashMap<String, u64>,
    /// The version in which `errors` last changed.
    errors_changed: u64,
    /// A derived step is running or waiting to.
    busy: bool,
}

impl Snapshot {
    /// A new version: `files` and `errors` when given, the rest as it was.
    fn publish(&mut self, files: Option<Arc<Files>>, errors: Option<Vec<String>>) {
        self.version += 1;
        let version = self.version;
        if let Some(files) = files.filter(|f| !Arc::ptr_eq(f, &self.files)) {
            for (path, bytes) in files.iter() {
                let same = self
                    .files
                    .get(path)
                    .is_some_and(|old| Arc::ptr_eq(old, bytes) || old[..] == bytes[..]);
                if !same {
                    self.changed.insert(path.clone(), version);
                }
            }
            for path in self.files.keys().filter(|p| !files.contains_key(*p)) {
                self.changed.insert(path.clone(), version);
            }
            self.files = files;
        }
        if let Some(errors) = errors.filter(|e| *e != self.errors) {
            self.errors = errors;
            self.errors_changed = version;
        }
    }

    /// The version in which what is served for `key` last changed: the file, or the
    /// 404 page while there is no such file.
    fn last_change(&self, key: &str) -> u64 {
        let own = self.changed.get(key).copied().unwrap_or(0);
        if self.files.contains_key(key) {
            own
        } else {
            own.max(self.changed.get("404.html").copied().unwrap_or(0))
        }
    }
}

enum Event {
    Watch(notify::Result<notify::Event>),
    Derived(DerivedDone),
}

#[derive(Default)]
struct State {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

pub fn run(opts: &Options) -> Result<()> {
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("no site at {}", opts.root.display()))?;
    let config = Config::load(&root).unwrap_or_default();
    let state = Arc::new(State::default());
    let mut engine = Incremental::new(&root);

    // Watch before the first build, so that a save during it is not missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let watch_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = watch_tx.send(Event::Watch(e));
    })?;
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in [root.join(&config.book.src), root.join(&config.output.html.theme)] {
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    // The derived step's own pool, so that its long parallel work never holds the
    // threads the next page rebuild runs on.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "rotsystem-derived".into())
        .start_handler(|_| background_priority())
        .build()?;
    let mut worker = Worker {
        pool,
        tx,
        running: false,
        wanted: false,
    };
    // The first build waits for its search index and PDFs: nobody is looking yet, and
    // the search page should never name an index that is not there.
    if rebuild(&mut engine, &[], &state) {
        if let Some(job) = engine.derived_job() {
            publish_derived(&mut engine, job.run(), &state);
        }
    }
    let server =
        tiny_http::Server::http(("127.0.0.1", opts.port)).map_err(|e| anyhow!("cannot listen: {e}"))?;
    let addr = server.server_addr().to_ip().context("not an IP listener")?;
    let base = config.base_path();
    println!("Serving {} on http://{addr}{base} (Ctrl-C stops)", root.display());

    let (content, theme) = (config.book.src.clone(), config.output.html.theme.clone());
    {
        let (root, state) = (root.clone(), state.clone());
        std::thread::spawn(move || {
            let _watcher = watcher;
            while let Ok(event) = rx.recv() {
                let first = match event {
                    Event::Derived(done) => {
                        worker.running = false;
                        publish_derived(&mut engine, done, &state);
                        worker.next(&engine, &state);
                        continue;
                    }
                    Event::Watch(first) => first,
                };
                let start = Instant::now();
                let mut events = vec![first];
                let mut done = None;
                while start.elapsed() < MAX_BURST {
                    match rx.recv_timeout(QUIET) {
                        Ok(Event::Watch(event)) => events.push(event),
                        Ok(Event::Derived(d)) => done = Some(d),
                        Err(_) => break,
                    }
                }
                let changed = changed_paths(&events, &root, &content, &theme);
                if !changed.is_empty() && rebuild(&mut engine, &changed, &state) {
                    worker.wanted = true;
                }
                if let Some(done) = done {
                    worker.running = false;
                    publish_derived(&mut engine, done, &state);
                }
                worker.next(&engine, &state);
            }
        });
    }
    if opts.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("http://{addr}{base}"))
            .spawn();
    }
    for request in server.incoming_requests() {
        let (state, base) = (state.clone(), base.clone());
        std::thread::spawn(move || handle(request, &state, &base));
    }
    Ok(())
}

/// Runs the derived step: one job at a time, the next made from the newest pages.
struct Worker {
    pool: rayon::ThreadPool,
    tx: std::sync::mpsc::Sender<Event>,
    running: bool,
    /// The pages changed since the running job (if any) was made.
    wanted: bool,
}

/// Lowers the calling thread's priority to the least, so that a save's page rebuild
/// gets the cores while the previous save's derived step (several seconds at 10,000
/// cases, soon stale) runs. Threads it starts, such as tantivy's indexer, inherit it.
fn background_priority() {
    #[cfg(target_os = "linux")]
    {
        // On Linux a nice value belongs to one thread, named by its thread id.
        let me = rustix::thread::gettid();
        if let Err(e) = rustix::process::setpriority_process(Some(me), 19) {
            eprintln!("warning: the background thread keeps its priority: {e}");
        }
    }
}

impl Worker {
    fn next(&mut self, engine: &Incremental, state: &State) {
        if self.wanted && !self.running {
            self.wanted = false;
            if let Some(job) = engine.derived_job() {
                self.running = true;
                let tx = self.tx.clone();
                self.pool.spawn(move || {
                    let _ = tx.send(Event::Derived(job.run()));
                });
            }
        }
        let mut snap = state.snapshot.lock().expect("lock");
        if snap.busy != (self.running || self.wanted) {
            snap.busy = self.running || self.wanted;
            state.changed.notify_all();
        }
    }
}

/// Publishes a finished derived job, unless it was made from older pages.
fn publish_derived(engine: &mut Incremental, done: DerivedDone, state: &State) {
    let start = Instant::now();
    let result = engine.apply(done);
    let mut snap = state.snapshot.lock().expect("lock");
    match result {
        Ok(None) => {
            eprintln!("search and handouts of older pages discarded; a newer job follows");
            return;
        }
        Ok(Some(stats)) => {
            snap.publish(Some(engine.files()), None);
            let job = stats.stages.last().map_or(0.0, |(_, d)| d.as_secs_f64() * 1000.0);
            eprintln!(
                "search and handouts updated (version {}) in {job:.0} ms, applied in {:.0} ms: {} PDFs rendered, {} kept",
                snap.version,
                start.elapsed().as_secs_f64() * 1000.0,
                stats.pdfs_rendered,
                stats.pdfs_kept,
            );
            if std::env::var_os("ROTSYSTEM_TIMINGS").is_some() {
                for (name, d) in &stats.stages {
                    eprintln!("  {name:<16} {:>7.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
        }
        Err(e) => {
            let errors = error_lines(e);
            eprintln!(
                "search index or handouts failed; serving the last good ones:\n{}",
                errors.join("\n")
            );
            snap.publish(None, Some(errors));
        }
    }
    state.changed.notify_all();
}

fn error_lines(e: LoadError) -> Vec<String> {
    match e {
        LoadError::Content(diags) => diags.iter().map(render_human).collect(),
        LoadError::Internal(e) => vec![format!("error: {e:#}")],
    }
}

/// Rebuilds and publishes the pages; true when they changed.
fn rebuild(engine: &mut Incremental, changed: &[PathBuf], state: &State) -> bool {
    let start = Instant::now();
    let result = engine.update(changed);
    let mut snap = state.snapshot.lock().expect("lock");
    let ok = result.is_ok();
    match result {
        Ok(stats) => {
            snap.publish(Some(engine.files()), Some(Vec::new()));
            eprintln!(
                "rebuilt (version {}) in {:.0} ms: {} pages rendered, {} kept",
                snap.version,
                start.elapsed().as_secs_f64() * 1000.0,
                stats.pages_rendered,
                stats.pages_kept
            );
            if std::env::var_os("ROTSYSTEM_TIMINGS").is_some() {
                for (name, d) in &stats.stages {
                    eprintln!("  {name:<16} {:>7.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
        }
        Err(e) => {
            let errors = error_lines(e);
            eprintln!("build failed; serving the last good site:\n{}", errors.join("\n"));
            snap.publish(None, Some(errors));
        }
    }
    state.changed.notify_all();
    ok
}

fn handle(request: tiny_http::Request, state: &State, base: &str) {
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or(&url);
    let response = if path == LIVERELOAD_PATH {
        respond(
            200,
            "text/javascript; charset=utf-8",
            LIVERELOAD.as_bytes().to_vec(),
        )
    } else if let Some(query) = url.strip_prefix("/__rotsystem/poll") {
        poll(state, base, query)
    } else {
        page(state, base, &url)
    };
    let _ = request.respond(response);
}

/// Answers when the page named in `query` changed since version `v`, or the errors
/// did; at once without `v`. Without a page, any new version answers.
fn poll(state: &State, base: &str, query: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut seen: Option<u64> = None;
    let mut key: Option<String> = None;
    for (name, value) in query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|p| p.split_once('='))
    {
        match name {
            "v" => seen = value.parse().ok(),
            "page" => {
                let page = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                key = file_key(base, &page);
            }
            _ => {}
        }
    }
    let changed = |s: &Snapshot| key.as_deref().map_or(s.version, |k| s.last_change(k));
    let snap = state.snapshot.lock().expect("lock");
    let (snap, _) = state
        .changed
        .wait_timeout_while(snap, POLL_WAIT, |s| {
            seen.is_some_and(|seen| changed(s) <= seen && s.errors_changed <= seen)
        })
        .expect("lock");
    let body = serde_json::json!({
        "version": snap.version,
        "page": changed(&snap),
        "errors": snap.errors,
        "busy": snap.busy,
    });
    respond(200, "application/json", body.to_string().into_bytes())
}

/// The output a request path names, below the site's base path; `None` when refused.
fn file_key(base: &str, url: &str) -> Option<String> {
    let key = match resolve(url) {
        Target::File(key) => key,
        Target::Refused => return None,
    };
    let prefix = base.trim_start_matches('/');
    Some(match key.strip_prefix(prefix) {
        Some(rest) if !prefix.is_empty() => rest.to_string(),
        _ if prefix.is_empty() => key,
        _ => String::new(),
    })
}

fn page(state: &State, base: &str, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let (files, version) = {
        let snap = state.snapshot.lock().expect("lock");
        (snap.files.clone(), snap.version)
    };
    let Some(key) = file_key(base, url) else {
        return respond(400, "text/plain; charset=utf-8", b"Bad request path\n".to_vec());
    };
    if let Some(bytes) = files.get(&key) {
        return respond(200, paths::content_type(&key), inject(&key, bytes, version));
    }
    if files.contains_key(&format!("{key}/index.html")) {
        let location = format!("{}/", url.split('?').next().unwrap_or(url));
        let header = tiny_http::Header::from_bytes("Location", location).expect("valid header");
        return respond(301, "text/plain; charset=utf-8", Vec::new()).with_header(header);
    }
    let body = files
        .get("404.html")
        .map(|b| inject("404.html", b, version))
        .unwrap_or_else(|| b"Not found\n".to_vec());
    respond(404, "text/html; charset=utf-8", body)
}

/// Adds the live-reload script to HTML pages, with the version the page is served
/// from; other files pass through unchanged.
fn inject(key: &str, bytes: &[u8], version: u64) -> Vec<u8> {
    if !key.ends_with(".html") {
        return bytes.to_vec();
    }
    let html = String::from_utf8_lossy(bytes);
    let tag = format!("<script src=\"{LIVERELOAD_PATH}?v={version}\" defer></script></body>");
    html.replacen("</body>", &tag, 1).into_bytes()
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let header = tiny_http::Header::from_bytes("Content-Type", content_type).expect("valid header");
    let no_store = tiny_http::Header::from_bytes("Cache-Control", "no-store").expect("valid header");
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header)
        .with_header(no_store)
}
