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
//!
//! Requests are read and answered in `http.rs` (deadlines, a bounded number of
//! connections), checked and routed in `routes.rs` (only this server's own `Host`,
//! only GET and HEAD), and long polls wait in `poll.rs` without a thread each. Nothing
//! here prints: every event is a `Report` handed to the caller.

mod http;
mod paths;
mod poll;
mod report;
mod routes;
mod state;
mod watch;

pub use crate::incremental::{classify, ChangeKind};
pub use paths::{resolve, Target};
pub use report::Report;
pub use watch::changed_paths;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};

use crate::config::Config;
use crate::incremental::{DerivedDone, Incremental};
use crate::render::theme::Theme;
use report::error_lines;
use state::State;

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

/// Where the server's events go: `cmd` prints them.
pub type Reporter = Arc<dyn Fn(Report) + Send + Sync>;

enum Event {
    Watch(notify::Result<notify::Event>),
    Derived(DerivedDone),
}

pub fn run(opts: &Options, report: Reporter) -> Result<()> {
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
    let warn = report.clone();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "rotsystem-derived".into())
        .start_handler(move |_| background_priority(&warn))
        .build()?;
    let mut worker = Worker {
        pool,
        tx,
        running: false,
        wanted: false,
    };
    let mut steps = Steps {
        root: root.clone(),
        state: state.clone(),
        report: report.clone(),
    };
    // The first build waits for its search index and PDFs: nobody is looking yet, and
    // the search page should never name an index that is not there.
    if steps.rebuild(&mut engine, &[]) {
        if let Some(job) = engine.derived_job() {
            steps.publish_derived(&mut engine, job.run());
        }
    }
    let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port)).context("cannot listen")?;
    let addr = listener.local_addr()?;
    let base = config.base_path();
    let url = format!("http://{addr}{base}");
    report(Report::Serving {
        root: root.clone(),
        url: url.clone(),
    });

    let (content, theme) = (config.book.src.clone(), config.output.html.theme.clone());
    std::thread::spawn(move || {
        let _watcher = watcher;
        while let Ok(event) = rx.recv() {
            let first = match event {
                Event::Derived(done) => {
                    worker.running = false;
                    steps.publish_derived(&mut engine, done);
                    worker.next(&engine, &steps.state);
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
            let changed = changed_paths(&events, &steps.root, &content, &theme);
            if !changed.is_empty() && steps.rebuild(&mut engine, &changed) {
                worker.wanted = true;
            }
            if let Some(done) = done {
                worker.running = false;
                steps.publish_derived(&mut engine, done);
            }
            worker.next(&engine, &steps.state);
        }
    });
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let hub = Arc::new(poll::Hub::default());
    {
        let (hub, state) = (hub.clone(), state.clone());
        std::thread::Builder::new()
            .name("rotsystem-polls".into())
            .spawn(move || hub.run(&state))?;
    }
    let strings = interface_strings(&root, &config);
    let routes = routes::Routes::new(state, hub, base, addr.port(), strings);
    http::serve(listener, Arc::new(routes)).context("the server stopped")
}

/// The overlay's and the server's own texts in the book's language; the built-in
/// theme's when the site's own strings do not load (the first build reports why).
fn interface_strings(root: &Path, config: &Config) -> crate::render::theme::Strings {
    let theme = Theme::load(&root.join(&config.output.html.theme)).or_else(|_| Theme::load(Path::new("")));
    theme
        .map(|t| t.strings(&config.book.language).clone())
        .unwrap_or_default()
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
fn background_priority(report: &Reporter) {
    #[cfg(target_os = "linux")]
    {
        // On Linux a nice value belongs to one thread, named by its thread id.
        let me = rustix::thread::gettid();
        if let Err(e) = rustix::process::setpriority_process(Some(me), 19) {
            let error = e.to_string();
            report(Report::Warning(crate::i18n::encode(
                "serve_priority",
                &[("error", &error)],
            )));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = report;
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

/// The two publishing steps, with what they need to publish and report.
struct Steps {
    root: PathBuf,
    state: Arc<State>,
    report: Reporter,
}

impl Steps {
    /// Publishes a finished derived job, unless it was made from older pages.
    fn publish_derived(&mut self, engine: &mut Incremental, done: DerivedDone) {
        let start = Instant::now();
        let result = engine.apply(done);
        let mut snap = self.state.snapshot.lock().expect("lock");
        let report = match result {
            Ok(None) => Report::DerivedDiscarded,
            Ok(Some(stats)) => {
                snap.publish(Some(engine.files()), None);
                Report::Derived {
                    version: snap.version,
                    job: stats.stages.last().map_or(Duration::ZERO, |(_, d)| *d),
                    applied: start.elapsed(),
                    pdfs_rendered: stats.pdfs_rendered,
                    pdfs_kept: stats.pdfs_kept,
                    stages: stats.stages,
                }
            }
            Err(e) => {
                let errors = error_lines(&self.root, e);
                snap.publish(None, Some(errors.clone()));
                Report::Failed {
                    derived: true,
                    errors,
                }
            }
        };
        if !matches!(report, Report::DerivedDiscarded) {
            self.state.changed.notify_all();
        }
        drop(snap);
        (self.report)(report);
    }

    /// Rebuilds and publishes the pages; true when they changed.
    fn rebuild(&mut self, engine: &mut Incremental, changed: &[PathBuf]) -> bool {
        let start = Instant::now();
        let result = engine.update(changed);
        let mut snap = self.state.snapshot.lock().expect("lock");
        let ok = result.is_ok();
        let report = match result {
            Ok(stats) => {
                snap.publish(Some(engine.files()), Some(Vec::new()));
                // The derived step for these pages follows (`Worker::next`); published in
                // the same lock, so no poll sees the new pages as settled before it runs.
                snap.busy = true;
                Report::Rebuilt {
                    version: snap.version,
                    elapsed: start.elapsed(),
                    pages_rendered: stats.pages_rendered,
                    pages_kept: stats.pages_kept,
                    stages: stats.stages,
                }
            }
            Err(e) => {
                let errors = error_lines(&self.root, e);
                snap.publish(None, Some(errors.clone()));
                Report::Failed {
                    derived: false,
                    errors,
                }
            }
        };
        self.state.changed.notify_all();
        drop(snap);
        (self.report)(report);
        ok
    }
}
