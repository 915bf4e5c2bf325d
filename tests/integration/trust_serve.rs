//! The preview server against hostile and careless clients, over loopback: another
//! site's `Host` (DNS rebinding), redirects off the origin, foreign file bytes in the
//! overlay's errors, methods other than GET and HEAD, slow and half-open clients, and
//! hundreds of waiting long polls. Each is checked as the status, headers and body a
//! client sees.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::{start, Server};
use crate::support::TestSite;

/// A response as a client reads it.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn parse(raw: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Answer {
        status: head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Sends `request` as given and reads the answer to the end (30 s at most).
fn send(addr: &str, request: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn get_as(server: &Server, host: &str, path: &str) -> Answer {
    send(
        &server.addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn get(server: &Server, path: &str) -> Answer {
    get_as(server, &server.addr, path)
}

fn port(server: &Server) -> &str {
    server.addr.rsplit(':').next().unwrap()
}

/// The state once no derived step runs or waits (60 s at most).
fn settled(server: &Server) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let state: serde_json::Value = serde_json::from_str(&get(server, "/__rotsystem/poll").body).unwrap();
        if state["busy"] == false {
            return state;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "never settled: {state}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_request_naming_another_host_is_refused_the_poll_included() {
    let site = TestSite::basic();
    let server = start(&site);
    let port = port(&server);
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1".to_string(),
        "localhost:1".to_string(),
        format!("127.0.0.2:{port}"),
        format!("0.0.0.0:{port}"),
    ] {
        for path in ["/fall/vara/", "/__rotsystem/poll", "/__rotsystem/livereload.js"] {
            let answer = get_as(&server, &host, path);
            assert_eq!(answer.status, 421, "Host: {host} {path}\n{}", answer.head);
            assert!(!answer.body.contains("Vara"), "{}", answer.body);
            assert!(!answer.body.contains("version"), "{}", answer.body);
            assert!(
                answer.body.contains(&format!("http://127.0.0.1:{port}/")),
                "{}",
                answer.body
            );
        }
    }
    // No Host at all (HTTP/1.0), and two of them.
    let none = send(&server.addr, "GET /__rotsystem/poll HTTP/1.0\r\n\r\n");
    assert_eq!(none.status, 400, "{}", none.head);
    let two = send(
        &server.addr,
        &format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nHost: evil.example\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(two.status, 400, "{}", two.head);
    // Its own names are answered.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = get_as(&server, &host, "/fall/vara/");
        assert_eq!(answer.status, 200, "Host: {host}\n{}", answer.head);
        assert!(answer.body.contains("<h1>Vara – kultur som motor</h1>"));
        assert_eq!(get_as(&server, &host, "/__rotsystem/poll").status, 200);
    }
}

#[test]
fn a_folder_redirect_never_leaves_the_origin() {
    let site = TestSite::basic();
    let server = start(&site);
    for (path, location) in [
        ("/fall/vara", "/fall/vara/"),
        ("//fall/vara", "/fall/vara/"),
        ("///fall//vara", "/fall/vara/"),
        ("/./fall/vara?x=1", "/fall/vara/?x=1"),
        ("/%2F/fall/vara", "/fall/vara/"),
    ] {
        let answer = get(&server, path);
        assert_eq!(answer.status, 301, "{path}\n{}", answer.head);
        assert_eq!(
            answer.header("Location"),
            Some(location),
            "{path}\n{}",
            answer.head
        );
    }
    // `//host/…` and `/\host` name another host to a browser: neither is sent.
    for path in [
        "//evil.example",
        "//evil.example/",
        "/\\evil.example",
        "/%5cevil.example",
    ] {
        let answer = get(&server, path);
        let location = answer.header("Location").unwrap_or("");
        assert!(
            !location.starts_with("//") && !location.starts_with("/\\"),
            "{path} → {location}"
        );
        assert_ne!(answer.status, 200, "{path}");
    }
}

#[test]
fn only_get_and_head_are_served() {
    let site = TestSite::basic();
    let server = start(&site);
    let addr = &server.addr;
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"] {
        for path in ["/fall/vara/", "/__rotsystem/poll"] {
            let answer = send(
                addr,
                &format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 5\r\n\r\nhello"),
            );
            assert_eq!(answer.status, 405, "{method} {path}\n{}", answer.head);
            assert_eq!(answer.header("Allow"), Some("GET, HEAD"), "{}", answer.head);
            assert!(!answer.body.contains("Vara"), "{}", answer.body);
        }
    }
    let full = get(&server, "/fall/vara/");
    let head = send(
        addr,
        &format!("HEAD /fall/vara/ HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    assert_eq!(head.status, 200, "{}", head.head);
    assert_eq!(head.body, "", "a HEAD answer has no body");
    assert_eq!(
        head.header("Content-Length"),
        Some(full.body.len().to_string().as_str()),
        "{}",
        head.head
    );
    assert_eq!(head.header("Content-Type"), full.header("Content-Type"));
}

/// Files outside the site, linked into content/ while the server runs: the errors
/// the overlay's poll hands to any client name the links, and show nothing of what
/// they point at.
#[test]
#[cfg(unix)]
fn a_symlink_out_of_the_site_shows_none_of_its_bytes_in_the_errors() {
    let site = TestSite::basic();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemlig.md");
    std::fs::write(
        &secret,
        "---\ntitel: HEMLIGT-4711\nsummary: HEMLIGT-4712\n---\nHEMLIGT-4713\n",
    )
    .unwrap();
    let server = start(&site);
    let v0 = settled(&server)["version"].as_u64().unwrap();
    let cases = site.root().join("content/cases");
    std::os::unix::fs::symlink(&secret, cases.join("hemlig.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", cases.join("passwd.md")).unwrap();
    let start = Instant::now();
    let state = loop {
        let body = get(&server, "/__rotsystem/poll").body;
        let state: serde_json::Value = serde_json::from_str(&body).unwrap();
        let errors = state["errors"].to_string();
        if state["version"].as_u64().unwrap() > v0
            && errors.contains("content/cases/hemlig.md")
            && errors.contains("content/cases/passwd.md")
        {
            break body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no such errors: {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!state.contains("HEMLIGT"), "{state}");
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    for line in passwd.lines().filter(|l| l.len() >= 8) {
        assert!(
            !state.contains(line),
            "a line of /etc/passwd in the poll: {line}\n{state}"
        );
    }
    for field in passwd.lines().flat_map(|l| l.split(':')).filter(|f| f.len() >= 6) {
        assert!(!state.contains(&format!("{field}:")), "{field}\n{state}");
    }
    // The same through the long poll a page makes, and on the pages themselves.
    let page = get(&server, "/__rotsystem/poll?page=/fall/vara/").body;
    assert!(!page.contains("HEMLIGT") && !page.contains("root:x:"), "{page}");
    for path in ["/fall/hemlig/", "/fall/passwd/", "/fall/vara/", "/"] {
        let body = get(&server, path).body;
        assert!(
            !body.contains("HEMLIGT") && !body.contains("root:x:"),
            "{path}: {body}"
        );
    }
}

#[test]
fn a_slow_or_half_open_client_holds_nothing_and_is_cut_off() {
    let site = TestSite::basic();
    let server = start(&site);
    settled(&server);
    let mut idle = Vec::new();
    for i in 0..20 {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        if i % 2 == 0 {
            // Half a head, and then nothing.
            write!(stream, "GET /fall/vara/ HTTP/1.1\r\nHost: {}\r\n", server.addr).unwrap();
        }
        idle.push(stream);
    }
    let start = Instant::now();
    for _ in 0..10 {
        assert_eq!(get(&server, "/fall/vara/").status, 200);
    }
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "ten requests beside 20 idle clients took {:?}",
        start.elapsed()
    );
    // The idle clients are closed by the server: 408 for half a head, nothing for none.
    let cut = Instant::now();
    for (i, mut stream) in idle.into_iter().enumerate() {
        stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .expect("closed by the server, not by the timeout");
        let answer = parse(&raw);
        if i % 2 == 0 {
            assert_eq!(answer.status, 408, "{}", answer.head);
        } else {
            assert!(raw.is_empty(), "{}", answer.head);
        }
    }
    assert!(
        cut.elapsed() < Duration::from_secs(10),
        "cut off after {:?}",
        cut.elapsed()
    );
}

/// The threads of process `pid`, from the kernel's own list.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).unwrap().count()
}

#[test]
#[cfg(target_os = "linux")]
fn three_hundred_waiting_long_polls_hold_no_threads() {
    let site = TestSite::basic();
    let server = start(&site);
    let v0 = settled(&server)["version"].as_u64().unwrap();
    let before = threads(server.pid());
    let mut polls: Vec<(TcpStream, Vec<u8>, bool)> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.addr).unwrap();
            write!(
                stream,
                "GET /__rotsystem/poll?page=/fall/vara/&v={v0} HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.addr
            )
            .unwrap();
            stream.set_nonblocking(true).unwrap();
            (stream, Vec::new(), false)
        })
        .collect();
    let read_all = |polls: &mut Vec<(TcpStream, Vec<u8>, bool)>, within: Duration| {
        let start = Instant::now();
        while start.elapsed() < within && polls.iter().any(|p| !p.2) {
            for (stream, raw, done) in polls.iter_mut().filter(|p| !p.2) {
                let mut buf = [0u8; 4096];
                match stream.read(&mut buf) {
                    Ok(0) => *done = true,
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) => panic!("{e}"),
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        polls.iter().filter(|p| p.2).count()
    };
    // Past the number the server parks, polls are answered at once, with nothing new.
    let early = read_all(&mut polls, Duration::from_secs(3));
    assert!((150..300).contains(&early), "{early} of 300 polls answered early");
    for (_, raw, _) in polls.iter().filter(|p| p.2) {
        let answer = parse(raw);
        assert_eq!(answer.status, 200, "{}", answer.head);
        let state: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        assert!(state["page"].as_u64().unwrap() <= v0, "{state}");
    }
    let during = threads(server.pid());
    assert!(
        during <= before + 4,
        "{before} threads before the polls, {during} with them"
    );
    // The server still answers while they wait, and a save answers every one.
    assert_eq!(get(&server, "/fall/vara/").status, 200);
    site.edit("content/cases/vara.md", "Genom kultur.", "Genom musik.");
    let answered = read_all(&mut polls, Duration::from_secs(20));
    assert_eq!(answered, 300, "polls left waiting after a save");
    let late: Vec<serde_json::Value> = polls[..]
        .iter()
        .map(|p| serde_json::from_str(&parse(&p.1).body).unwrap())
        .filter(|s: &serde_json::Value| s["page"].as_u64().unwrap() > v0)
        .collect();
    assert_eq!(late.len(), 300 - early, "the parked polls were told of the save");
}

#[test]
fn the_overlay_and_the_servers_answers_follow_the_books_language() {
    let site = TestSite::basic();
    let server = start(&site);
    let script = get(&server, "/__rotsystem/livereload.js");
    assert_eq!(script.status, 200);
    assert!(
        script.body.contains(
            r#"const TITLE = "Bygget misslyckades. Sidan visar den senaste fungerande versionen.";"#
        ),
        "{}",
        script.body
    );
    let refused = get_as(&server, "evil.example", "/");
    assert!(
        refused.body.starts_with("Förhandsvisningen svarar bara"),
        "{}",
        refused.body
    );
    drop(server);

    site.edit("book.toml", "[book]\n", "[book]\nlanguage = \"en\"\n");
    let server = start(&site);
    let script = get(&server, "/__rotsystem/livereload.js");
    assert!(
        script
            .body
            .contains(r#"const TITLE = "The build failed. The page shows the last version that worked.";"#),
        "{}",
        script.body
    );
    assert!(!script.body.contains("Bygget"), "{}", script.body);
    let refused = get_as(&server, "evil.example", "/");
    assert!(
        refused.body.starts_with("The preview answers only"),
        "{}",
        refused.body
    );
    let put = send(
        &server.addr,
        &format!("PUT / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr),
    );
    assert_eq!(put.body.trim(), "The preview answers only GET and HEAD.");
}

/// Only `cmd` prints: the server hands its events over as `Report`s.
#[test]
fn the_server_prints_nothing_itself() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            for printer in [
                "println!",
                "eprintln!",
                "print!(",
                "eprint!(",
                "std::io::stdout",
                "std::io::stderr",
                "dbg!(",
            ] {
                assert!(!line.contains(printer), "{}:{}: {line}", path.display(), i + 1);
            }
        }
    }
}
