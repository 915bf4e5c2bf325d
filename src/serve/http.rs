//! The little HTTP/1.1 the preview needs: one request per connection, GET and HEAD.
//!
//! A connection gets a thread of its own, but at most `MAX_CONNECTIONS` at once (past
//! that it is answered 503 and closed), and every connection has a deadline: the
//! request head must arrive within `HEAD_TIMEOUT` and the response must be taken within
//! `WRITE_TIMEOUT`, the socket's timeout set to what is left before each read and
//! write. A slow or half-open client thus holds one thread for seconds, never the
//! server. Long polls do not hold a thread at all: the handler parks their socket with
//! the poll hub (`poll.rs`).
//!
//! Every response closes its connection. A browser opens a new one for the next
//! request, which on loopback costs a fraction of a millisecond, and the server never
//! has to guess where a request with a body ends.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_CONNECTIONS: usize = 256;
const MAX_HEAD: usize = 16 * 1024;

/// A request head, as far as the preview reads it.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent: `/fall/vara/?x=1`.
    pub target: String,
    /// The `Host` header; `None` when missing or given twice.
    pub host: Option<String>,
}

impl Request {
    pub fn head_only(&self) -> bool {
        self.method == "HEAD"
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// Why a connection's head could not be read: the status to answer, if any.
pub enum HeadError {
    /// The client went away or sent nothing; nothing to answer.
    Gone,
    Status(u16),
}

/// What the server does with a request once its head is read.
pub trait Handler: Send + Sync + 'static {
    /// Answers `request`; `stream` is handed over for a response written later (a long
    /// poll), in which case `None` comes back.
    fn handle(&self, request: &Request, stream: TcpStream) -> Option<(Response, TcpStream)>;
    /// The text for a status the server answers on its own (408, 431, 503, …).
    fn status_text(&self, status: u16) -> String;
}

/// Accepts connections until the listener fails; each is served on a thread of its own,
/// at most `MAX_CONNECTIONS` at once.
pub fn serve(listener: TcpListener, handler: Arc<dyn Handler>) -> std::io::Result<()> {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let (stream, _) = match listener.accept() {
            Ok(accepted) => accepted,
            // A client that reset its connection before it was accepted.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionAborted => continue,
            Err(e) => return Err(e),
        };
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let text = handler.status_text(503);
            write_response(stream, &Response::text(503, &text), false);
            continue;
        }
        let (counter, handler) = (open.clone(), handler.clone());
        let spawned = std::thread::Builder::new()
            .name("rotsystem-http".into())
            .spawn(move || {
                connection(stream, handler.as_ref());
                counter.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            // Out of threads: the connection was dropped with the closure that never ran.
            open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

fn connection(mut stream: TcpStream, handler: &dyn Handler) {
    let request = match read_head(&mut stream, Instant::now() + HEAD_TIMEOUT) {
        Ok(request) => request,
        Err(HeadError::Gone) => return,
        Err(HeadError::Status(status)) => {
            let text = handler.status_text(status);
            write_response(stream, &Response::text(status, &text), false);
            return;
        }
    };
    if let Some((response, stream)) = handler.handle(&request, stream) {
        write_response(stream, &response, request.head_only());
    }
}

/// Reads a request head (up to the empty line) before `deadline`.
pub fn read_head(stream: &mut TcpStream, deadline: Instant) -> Result<Request, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    let end = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(if head.is_empty() {
                HeadError::Gone
            } else {
                HeadError::Status(408)
            });
        }
        let n = match stream.read(&mut buf) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(if head.is_empty() {
                    HeadError::Gone
                } else {
                    HeadError::Status(408)
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Gone),
        };
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(i) = head[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            break from + i;
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::Status(431));
        }
    };
    parse_head(&head[..end]).ok_or(HeadError::Status(400))
}

/// The request line and the `Host` header of a head without its final empty line.
fn parse_head(head: &[u8]) -> Option<Request> {
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if parts.next().is_some()
        || !token(method)
        || target.is_empty()
        || !matches!(version, "HTTP/1.0" | "HTTP/1.1")
    {
        return None;
    }
    if target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return None;
    }
    let mut host = None;
    let mut hosts = 0;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if !token(name) {
            return None;
        }
        if name.eq_ignore_ascii_case("host") {
            hosts += 1;
            host = Some(value.trim_matches([' ', '\t']).to_string());
        }
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        host: host.filter(|_| hosts == 1),
    })
}

/// Writes `response` (only its head for a HEAD request) before the write deadline,
/// then closes the connection gently: the unread rest of the request is drained, so
/// that the client is not reset before it has read the answer.
pub fn write_response(mut stream: TcpStream, response: &Response, head_only: bool) {
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let deadline = Instant::now() + WRITE_TIMEOUT;
    let body: &[u8] = if head_only { &[] } else { &response.body };
    if write_all_before(&mut stream, head.as_bytes(), deadline).is_ok()
        && write_all_before(&mut stream, body, deadline).is_ok()
    {
        // Only what has already arrived: waiting for more would let a client hold the
        // thread (the poll hub's among them) past the deadline.
        let _ = stream.shutdown(Shutdown::Write);
        let _ = stream.set_nonblocking(true);
        let mut sink = [0u8; 4096];
        let mut drained = 0;
        while drained < 64 * 1024 {
            match stream.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    }
}

fn write_all_before(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(bytes) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_gives_its_method_target_and_one_host() {
        let r = parse_head(b"GET /fall/vara/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nAccept: */*").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/fall/vara/?x=1"));
        assert_eq!(r.host.as_deref(), Some("127.0.0.1:3000"));
        let two = parse_head(b"GET / HTTP/1.1\r\nHost: a:1\r\nhost: b:1").unwrap();
        assert_eq!(two.host, None);
        assert_eq!(parse_head(b"GET / HTTP/1.0").unwrap().host, None);
    }

    #[test]
    fn malformed_heads_are_refused() {
        for bad in [
            &b"GET / HTTP/2.0"[..],
            b"GET  / HTTP/1.1",
            b"GET / HTTP/1.1 x",
            b"G(T / HTTP/1.1",
            b"GET /\x01 HTTP/1.1",
            b"GET / HTTP/1.1\r\nno colon",
            b"GET / HTTP/1.1\r\nBad Name: x",
            b"GET /\xff HTTP/1.1",
        ] {
            assert!(parse_head(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
