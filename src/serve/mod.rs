//! `rotsystem serve`: a live preview for editors.
//!
//! The site is built into memory and served from there on 127.0.0.1 only, so the
//! server can never hand out a file that is not part of the built site. A watcher
//! (notify; a burst of events is gathered until the disk is quiet) hands the changed
//! paths to the incremental engine (`crate::incremental`), which rebuilds only what
//! they affect; the page reloads itself through a long poll. A broken edit keeps the
//! last good site served and shows the errors in an overlay until they are fixed.

mod paths;
mod watch;

pub use crate::incremental::{classify, ChangeKind};
pub use paths::{resolve, Target};
pub use watch::changed_paths;

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use notify::{RecursiveMode, Watcher};

use crate::config::Config;
use crate::diagnostic::render_human;
use crate::incremental::{Files, Incremental};
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
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in [root.join(&config.book.src), root.join(&config.output.html.theme)] {
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    rebuild(&mut engine, &[], &state);
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
            while let Ok(first) = rx.recv() {
                let start = Instant::now();
                let mut events = vec![first];
                while start.elapsed() < MAX_BURST {
                    match rx.recv_timeout(QUIET) {
                        Ok(event) => events.push(event),
                        Err(_) => break,
                    }
                }
                let changed = changed_paths(&events, &root, &content, &theme);
                if !changed.is_empty() {
                    rebuild(&mut engine, &changed, &state);
                }
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

fn rebuild(engine: &mut Incremental, changed: &[PathBuf], state: &State) {
    let start = Instant::now();
    let result = engine.update(changed);
    let mut snap = state.snapshot.lock().expect("lock");
    snap.version += 1;
    match result {
        Ok(stats) => {
            snap.files = engine.files();
            snap.errors.clear();
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
        Err(LoadError::Content(diags)) => {
            snap.errors = diags.iter().map(render_human).collect();
            eprintln!(
                "build failed; serving the last good site:\n{}",
                snap.errors.join("\n")
            );
        }
        Err(LoadError::Internal(e)) => {
            snap.errors = vec![format!("error: {e:#}")];
            eprintln!("build failed; serving the last good site: {e:#}");
        }
    }
    state.changed.notify_all();
}

fn handle(request: tiny_http::Request, state: &State, base: &str) {
    let url = request.url().to_string();
    let response = if url == LIVERELOAD_PATH {
        respond(
            200,
            "text/javascript; charset=utf-8",
            LIVERELOAD.as_bytes().to_vec(),
        )
    } else if let Some(query) = url.strip_prefix("/__rotsystem/poll") {
        poll(state, query)
    } else {
        page(state, base, &url)
    };
    let _ = request.respond(response);
}

fn poll(state: &State, query: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let seen: Option<u64> = query.strip_prefix("?v=").and_then(|v| v.parse().ok());
    let snap = state.snapshot.lock().expect("lock");
    let (snap, _) = state
        .changed
        .wait_timeout_while(snap, POLL_WAIT, |s| Some(s.version) == seen)
        .expect("lock");
    let body = serde_json::json!({ "version": snap.version, "errors": snap.errors });
    respond(200, "application/json", body.to_string().into_bytes())
}

fn page(state: &State, base: &str, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let files = state.snapshot.lock().expect("lock").files.clone();
    let key = match resolve(url) {
        Target::File(key) => key,
        Target::Refused => return respond(400, "text/plain; charset=utf-8", b"Bad request path\n".to_vec()),
    };
    let prefix = base.trim_start_matches('/');
    let key = match key.strip_prefix(prefix) {
        Some(rest) if !prefix.is_empty() => rest.to_string(),
        _ if prefix.is_empty() => key,
        _ => String::new(),
    };
    if let Some(bytes) = files.get(&key) {
        return respond(200, paths::content_type(&key), inject(&key, bytes));
    }
    if files.contains_key(&format!("{key}/index.html")) {
        let location = format!("{}/", url.split('?').next().unwrap_or(url));
        let header = tiny_http::Header::from_bytes("Location", location).expect("valid header");
        return respond(301, "text/plain; charset=utf-8", Vec::new()).with_header(header);
    }
    let body = files
        .get("404.html")
        .map(|b| inject("404.html", b))
        .unwrap_or_else(|| b"Not found\n".to_vec());
    respond(404, "text/html; charset=utf-8", body)
}

/// Adds the live-reload script to HTML pages; other files pass through unchanged.
fn inject(key: &str, bytes: &[u8]) -> Vec<u8> {
    if !key.ends_with(".html") {
        return bytes.to_vec();
    }
    let html = String::from_utf8_lossy(bytes);
    let tag = format!("<script src=\"{LIVERELOAD_PATH}\" defer></script></body>");
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
