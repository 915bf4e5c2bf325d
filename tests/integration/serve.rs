//! `rotsystem serve` end to end: a real server on loopback, real edits on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    /// What the server printed first: where it serves, in the site's language.
    pub(crate) first_line: String,
}

impl Server {
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(site: &TestSite) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("{line}"));
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    Server {
        addr: addr.to_string(),
        first_line: line,
        child,
    }
}

/// (status, body) of a GET, over a raw socket so the path is sent exactly as given.
fn get(server: &Server, path: &str) -> (u16, String) {
    try_get(&server.addr, path).unwrap()
}

fn try_get(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

fn version(server: &Server) -> (u64, serde_json::Value) {
    let (_, body) = get(server, "/__rotsystem/poll");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    (v["version"].as_u64().unwrap(), v)
}

/// Waits (up to 20 s) for a rebuild past `after` whose state satisfies `ok`: a
/// rebuild may see a file half-written, and the next one then sees it whole.
fn wait_for(server: &Server, after: u64, ok: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let (v, state) = version(server);
        if v > after && ok(&state) {
            return state;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no such rebuild; last: {state}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits (up to 60 s) for a version past `after` with no derived step running or
/// waiting: the search index and the PDFs are built after the pages are published.
fn settled(server: &Server, after: u64) -> u64 {
    let start = Instant::now();
    loop {
        let (v, state) = version(server);
        if v > after && state["busy"] == false {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "never settled; last: {state}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A long poll for `page`, as the page's script makes it; its answer arrives on the
/// receiver.
fn poll_page(server: &Server, page: &str, seen: u64) -> std::sync::mpsc::Receiver<serde_json::Value> {
    let (addr, path) = (
        server.addr.clone(),
        format!("/__rotsystem/poll?page={page}&v={seen}"),
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The server is killed at the end of the test: a poll still waiting ends then.
        if let Ok((200, body)) = try_get(&addr, &path) {
            let _ = tx.send(serde_json::from_str(&body).unwrap());
        }
    });
    rx
}

#[test]
fn a_save_wakes_only_the_pages_whose_bytes_changed() {
    let site = TestSite::basic();
    let server = start(&site);
    let v0 = settled(&server, 0);
    assert_eq!(get(&server, "/om/").0, 200);
    let vara = poll_page(&server, "/fall/vara/", v0);
    let om = poll_page(&server, "/om/", v0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(vara.try_recv().is_err(), "a poll answered with nothing changed");

    site.edit(
        "content/cases/vara.md",
        "Vara är en jordbrukskommun.",
        "Vara är en kommun i Skaraborg.",
    );
    let answer = vara
        .recv_timeout(Duration::from_secs(20))
        .expect("the edited page's poll was answered");
    assert!(answer["page"].as_u64().unwrap() > v0, "{answer}");
    assert_eq!(answer["errors"], serde_json::json!([]), "{answer}");
    assert!(get(&server, "/fall/vara/").1.contains("i Skaraborg"));
    // The pages, then the search index: both published, neither changed /om/.
    let v1 = settled(&server, v0);
    assert!(v1 >= v0 + 2, "the derived step was not published: {v0} → {v1}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        om.try_recv().is_err(),
        "a page whose bytes did not change was told to reload"
    );
    // Asked without a version, the server answers at once with when /om/ last changed.
    let (_, state) = get(&server, "/__rotsystem/poll?page=/om/");
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert!(state["page"].as_u64().unwrap() <= v0, "{state}");
    let (_, state) = get(&server, "/__rotsystem/poll?page=/fall/vara/");
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert!(state["page"].as_u64().unwrap() > v0, "{state}");
}

#[test]
fn serves_the_site_and_reloads_after_an_edit() {
    let site = TestSite::basic();
    let server = start(&site);
    let (status, body) = get(&server, "/fall/vara/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Vara – kultur som motor</h1>"));
    assert!(
        body.contains(r#"<script src="/__rotsystem/livereload.js?v="#),
        "{body}"
    );
    assert!(body.contains(r#"" defer></script></body>"#), "{body}");
    assert_eq!(get(&server, "/fall/vara").0, 301);
    assert_eq!(get(&server, "/finns-inte/").0, 404);

    let (v0, _) = version(&server);
    site.edit(
        "content/cases/vara.md",
        "title: Vara – kultur som motor",
        "title: Vara – musik som motor",
    );
    wait_for(&server, v0, |s| s["errors"] == serde_json::json!([]));
    assert!(get(&server, "/fall/vara/")
        .1
        .contains("<h1>Vara – musik som motor</h1>"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_reports_the_error() {
    let site = TestSite::basic();
    let server = start(&site);
    let (v0, _) = version(&server);
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    let state = wait_for(&server, v0, |s| s["errors"].to_string().contains("ledarksap"));
    let errors = state["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{state}");
    let text = errors[0].as_str().unwrap();
    assert!(
        text.contains("fel: `ledarksap` finns inte i content/factors/"),
        "{text}"
    );
    assert!(text.contains("--> content/cases/vara.md:9:5"), "{text}");
    // The last good page is still served.
    assert!(get(&server, "/fall/vara/").1.contains("ledarskap"));

    let (v1, _) = version(&server);
    site.edit("content/cases/vara.md", "  - ledarksap", "  - ledarskap");
    wait_for(&server, v1, |s| s["errors"] == serde_json::json!([]));
}

/// serde_norway puts its own positions in a YAML error's text, counted from the
/// front matter ("… at line 10 column 11"); the overlay shows the file's position
/// once, and nothing else that looks like one.
#[test]
fn a_yaml_error_in_the_overlay_has_one_position_in_swedish() {
    let site = TestSite::basic();
    let server = start(&site);
    let (v0, _) = version(&server);
    site.edit(
        "content/cases/vara.md",
        "keywords: [konserthus, kultur]",
        "keywords: [konserthus, kultur",
    );
    let state = wait_for(&server, v0, |s| {
        s["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    let errors = state["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{state}");
    let text = errors[0].as_str().unwrap();
    assert!(
        text.starts_with("fel: listan inom `[ ]` eller tabellen inom `{ }` är inte rätt avslutad\n"),
        "{text}"
    );
    assert_eq!(text.matches("content/cases/vara.md:").count(), 1, "{text}");
    for position in ["line", "column", "rad ", "kolumn"] {
        assert!(!text.contains(position), "`{position}` in {text}");
    }
}

#[test]
fn path_traversal_is_refused() {
    let site = TestSite::basic();
    let server = start(&site);
    for path in [
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/fall/%2E%2E/%2E%2E/content/cases/vara.md",
        "/..%5cbook.toml",
        "/%00",
    ] {
        let (status, body) = get(&server, path);
        assert_eq!(status, 400, "{path}");
        assert!(!body.contains("[book]"), "{path}");
    }
    // A symlink in the content folder is not followed out of the site either: only
    // built pages are served, and no page is built from it.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", site.root().join("content/etc")).unwrap();
    assert_eq!(get(&server, "/content/etc/passwd").0, 404);
}

#[test]
fn serve_does_not_rebuild_on_its_own_reads() {
    // A rebuild reads the content folder; if reads counted as changes, each rebuild
    // would set off the next. After one edit the version must settle.
    // A save publishes twice: the pages, then the search index and the PDFs.
    let site = TestSite::basic();
    let server = start(&site);
    let v0 = settled(&server, 0);
    site.edit("content/cases/umea.md", "Umeå växer.", "Umeå växer snabbt.");
    let v1 = settled(&server, v0);
    std::thread::sleep(Duration::from_millis(600));
    let v2 = settled(&server, 0);
    assert!(v2 <= v1 + 2, "kept rebuilding: version {v1} became {v2}");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(version(&server).0, v2, "still rebuilding with no edits");
}

#[test]
fn a_save_by_rename_is_served() {
    let site = TestSite::basic();
    let server = start(&site);
    let (v0, _) = version(&server);
    let vara = site.root().join("content/cases/vara.md");
    let text = std::fs::read_to_string(&vara).unwrap();
    let tmp = site.root().join("content/cases/.vara.md.swx");
    std::fs::write(&tmp, text.replace("Genom kultur.", "Genom sång.")).unwrap();
    std::fs::rename(&tmp, &vara).unwrap();
    wait_for(&server, v0, |s| s["errors"] == serde_json::json!([]));
    assert!(get(&server, "/fall/vara/").1.contains("Genom sång."));
}

#[test]
fn a_broken_edit_shows_the_overlay_in_a_browser_and_its_fix_reloads_the_page() {
    let site = TestSite::basic();
    let server = start(&site);
    let mut browser = crate::devtools::Browser::start();
    browser.navigate(&format!("http://{}/fall/vara/", server.addr));
    browser.wait_for("document.querySelector('h1').textContent === 'Vara – kultur som motor'");
    // The live-reload script is connected once it has asked for the version.
    browser
        .wait_for("performance.getEntriesByType('resource').some(e => e.name.includes('/__rotsystem/poll'))");
    browser.eval("window.sameDocument = true");

    let (v0, _) = version(&server);
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    wait_for(&server, v0, |s| s["errors"].to_string().contains("ledarksap"));
    browser.wait_for("document.getElementById('rotsystem-overlay')");
    let overlay = browser.eval("document.getElementById('rotsystem-overlay').innerText");
    let overlay = overlay.as_str().unwrap();
    // The overlay speaks the book's language (Swedish), title and error alike.
    assert!(overlay.contains("Bygget misslyckades"), "{overlay}");
    assert!(
        overlay.contains("fel: `ledarksap` finns inte i content/factors/"),
        "{overlay}"
    );
    assert!(overlay.contains("--> content/cases/vara.md:9:5"), "{overlay}");
    assert!(overlay.contains("menar du `ledarskap`?"), "{overlay}");
    assert!(
        overlay.contains("= hjälp: filerna i content/factors/ är: kultur, ledarskap"),
        "{overlay}"
    );
    for english in ["error", "help", "unknown", "did you mean"] {
        assert!(!overlay.contains(english), "`{english}` in {overlay}");
    }
    assert_eq!(
        browser.eval("document.getElementById('rotsystem-overlay').getAttribute('role')"),
        "alert"
    );
    // The page under the overlay is still the last good one, not reloaded.
    assert_eq!(browser.eval("window.sameDocument === true"), true);
    assert_eq!(
        browser.eval("document.querySelector('h1').textContent"),
        "Vara – kultur som motor"
    );

    let (v1, _) = version(&server);
    site.edit("content/cases/vara.md", "  - ledarksap", "  - ledarskap");
    site.edit(
        "content/cases/vara.md",
        "title: Vara – kultur som motor",
        "title: Vara – musik som motor",
    );
    wait_for(&server, v1, |s| s["errors"] == serde_json::json!([]));
    // The page reloads by itself, with the fix and without the overlay.
    browser.wait_for("document.querySelector('h1') && document.querySelector('h1').textContent === 'Vara – musik som motor'");
    assert_eq!(browser.eval("window.sameDocument === undefined"), true);
    assert_eq!(
        browser.eval("document.getElementById('rotsystem-overlay') === null"),
        true
    );
}

/// The derived step (the search index, seconds at scale) runs on a thread of the
/// lowest priority, so the next save's page rebuild is not slowed by a job that
/// save makes stale. Read from the kernel's own record of each thread.
#[test]
#[cfg(target_os = "linux")]
fn the_derived_step_runs_at_the_lowest_thread_priority() {
    let site = TestSite::basic();
    let server = start(&site);
    settled(&server, 0);
    let tasks = format!("/proc/{}/task", server.child.id());
    let mut niceness = std::collections::BTreeMap::new();
    for task in std::fs::read_dir(&tasks).unwrap() {
        let stat = std::fs::read_to_string(task.unwrap().path().join("stat")).unwrap_or_default();
        // pid (comm) state ...: the fields after the name, counted from 3, have the nice
        // value at 19.
        let Some((name, rest)) = stat.split_once(" (").and_then(|(_, r)| r.rsplit_once(") ")) else {
            continue;
        };
        let nice: i32 = rest.split(' ').nth(16).unwrap().parse().unwrap();
        niceness.insert(name.to_string(), nice);
    }
    assert_eq!(niceness.get("rotsystem-deriv"), Some(&19), "{niceness:?}");
    assert_eq!(
        niceness.get("rotsystem"),
        Some(&0),
        "the rest keep theirs: {niceness:?}"
    );
}
