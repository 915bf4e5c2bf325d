//! A real headless Chromium, driven over the DevTools protocol, for what only a
//! browser shows: the live-reload overlay, the "Föreslå ett fall" form.
//!
//! The protocol runs over a WebSocket; the few lines of client here (text frames,
//! no extensions) keep the tests free of a browser-automation dependency. Chromium
//! is Debian's `/usr/bin/chromium` (`.ci/run` installs it); a missing browser fails
//! the test with the install command, it never skips it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Browser {
    child: Child,
    socket: TcpStream,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The flags every headless Chromium here runs with; the machine has no network.
pub(crate) const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
];

/// Debian's Chromium (or `ROTSYSTEM_CHROMIUM`); a test fails, never skips, without it.
pub(crate) fn chromium() -> PathBuf {
    let path = std::env::var_os("ROTSYSTEM_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "{} not found: browser tests need Chromium (apt-get install -y chromium)",
        path.display()
    );
    path
}

impl Browser {
    /// A fresh headless Chromium with one blank page.
    pub fn start() -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(chromium())
            .args(HEADLESS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes its port to this file once it listens.
        let port_file = profile.path().join("DevToolsActivePort");
        let start = Instant::now();
        let port = loop {
            if let Some(port) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.parse::<u16>().ok()))
            {
                break port;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromium did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let list = http_get(port, "/json/list");
        let targets: Value = serde_json::from_str(&list).expect("target list");
        let ws = targets
            .as_array()
            .and_then(|t| t.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .unwrap_or_else(|| panic!("no page target in {list}"))
            .to_string();
        let path = ws.splitn(4, '/').nth(3).expect("ws path");
        let socket = handshake(port, &format!("/{path}"));
        Browser {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Sends a protocol command and returns its reply, events skipped.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        send(
            &mut self.socket,
            &json!({"id": id, "method": method, "params": params}).to_string(),
        );
        loop {
            let message: Value = serde_json::from_str(&receive(&mut self.socket)).expect("protocol JSON");
            if message["id"] == id {
                return message;
            }
        }
    }

    /// Sends a protocol command and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let message = self.request(method, params);
        assert!(message.get("error").is_none(), "{method}: {message}");
        message["result"].clone()
    }

    pub fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        // Parsed and scripts run is enough: the dev server's long poll (or a slow
        // stylesheet on a loaded machine) can hold back `complete` for long.
        self.wait_for("document.readyState !== 'loading' && location.href !== 'about:blank'");
    }

    /// The value of a JavaScript expression in the page.
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits (up to 60 s, for loaded CI machines) until `expression` is true in the page.
    pub fn wait_for(&mut self, expression: &str) {
        let start = Instant::now();
        loop {
            // A reload destroys the page's context; an error then means "ask again".
            let r = self.request(
                "Runtime.evaluate",
                json!({ "expression": format!("Boolean({expression})"), "returnByValue": true }),
            );
            if r["result"]["result"]["value"] == true {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for `{expression}`; page: {}",
                self.eval("document.body ? document.body.innerText.slice(0, 2000) : ''")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A GET to Chromium's DevTools server, which keeps the connection open: the body
/// is read by its Content-Length.
fn http_get(port: u16, path: &str) -> String {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromium");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(&s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().expect("a length");
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).expect("UTF-8")
}

fn handshake(port: u16, path: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromium");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.contains(" 101 "), "websocket refused: {status}");
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
    }
    s
}

/// One masked text frame (clients must mask; a zero key is a valid key).
fn send(s: &mut TcpStream, text: &str) {
    let bytes = text.as_bytes();
    let mut frame = vec![0x81u8];
    match bytes.len() {
        n if n < 126 => frame.push(0x80 | n as u8),
        n if n <= 0xFFFF => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&[0, 0, 0, 0]);
    frame.extend_from_slice(bytes);
    s.write_all(&frame).unwrap();
}

/// One whole message, its fragments joined.
fn receive(s: &mut TcpStream) -> String {
    let mut message = Vec::new();
    loop {
        let mut head = [0u8; 2];
        s.read_exact(&mut head).expect("read a frame");
        let len = match head[1] & 0x7F {
            126 => {
                let mut b = [0u8; 2];
                s.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                s.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut payload = vec![0u8; len];
        s.read_exact(&mut payload).unwrap();
        let opcode = head[0] & 0x0F;
        assert!(opcode != 0x8, "chromium closed the connection");
        if opcode == 0x9 || opcode == 0xA {
            continue; // ping, pong
        }
        message.extend_from_slice(&payload);
        if head[0] & 0x80 != 0 {
            return String::from_utf8(message).expect("text frame");
        }
    }
}
