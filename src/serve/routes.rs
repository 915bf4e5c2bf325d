//! What the server answers: the request's checks, then the live-reload script, the
//! long poll or a built file.
//!
//! Before anything is looked up, a request must name this server in `Host`
//! (`127.0.0.1`, `localhost` or `[::1]` with its port), so that a page of another site
//! that points its own name at 127.0.0.1 (DNS rebinding) is refused, and it must be a
//! GET or a HEAD. A redirect's `Location` is built from the resolved path's segments,
//! so it always starts with one `/` and stays on this origin.

use std::net::TcpStream;
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::http::{Handler, Request, Response};
use super::paths::{self, resolve, Target};
use super::poll::{Hub, Poll};
use super::state::State;
use crate::render::theme::{fill, Strings};

const LIVERELOAD: &str = include_str!("livereload.js");
pub const LIVERELOAD_PATH: &str = "/__rotsystem/livereload.js";
pub const POLL_PATH: &str = "/__rotsystem/poll";

/// What a path segment may not hold unencoded in a `Location`.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

pub struct Routes {
    pub state: Arc<State>,
    pub hub: Arc<Hub>,
    /// The site's base path, `/` or `/bibliotek/`.
    pub base: String,
    /// The `Host` values this server answers to.
    hosts: [String; 3],
    strings: Strings,
    livereload: String,
}

impl Routes {
    pub fn new(state: Arc<State>, hub: Arc<Hub>, base: String, port: u16, strings: Strings) -> Routes {
        let title = strings.get("serve_overlay_title").cloned().unwrap_or_default();
        let livereload = LIVERELOAD.replace(
            "ROTSYSTEM_OVERLAY_TITLE",
            &serde_json::Value::String(title).to_string(),
        );
        Routes {
            state,
            hub,
            base,
            hosts: [
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ],
            strings,
            livereload,
        }
    }

    fn text(&self, status: u16, key: &str) -> Response {
        let address = format!("http://{}{}", self.hosts[0], self.base);
        let template = self.strings.get(key).map_or(key, String::as_str);
        Response::text(status, &fill(template, &[("address", &address)]))
    }

    fn page(&self, target: &str) -> Response {
        let (files, version) = {
            let snap = self.state.snapshot.lock().expect("lock");
            (snap.files.clone(), snap.version)
        };
        let Some(key) = file_key(&self.base, target) else {
            return self.text(400, "serve_bad_request");
        };
        if let Some(bytes) = files.get(&key) {
            return Response::new(200, paths::content_type(&key), inject(&key, bytes, version));
        }
        if files.contains_key(&format!("{key}/index.html")) {
            if let Some(location) = folder_location(target) {
                return Response::new(301, "text/plain; charset=utf-8", Vec::new())
                    .with_header("Location", location);
            }
        }
        match files.get("404.html") {
            Some(page) => Response::new(404, "text/html; charset=utf-8", inject("404.html", page, version)),
            None => self.text(404, "serve_not_found"),
        }
    }
}

impl Handler for Routes {
    fn handle(&self, request: &Request, stream: TcpStream) -> Option<(Response, TcpStream)> {
        let host_ok = request
            .host
            .as_deref()
            .is_some_and(|h| self.hosts.iter().any(|ours| ours.eq_ignore_ascii_case(h)));
        if !host_ok {
            let status = if request.host.is_some() { 421 } else { 400 };
            return Some((self.text(status, "serve_wrong_host"), stream));
        }
        if !matches!(request.method.as_str(), "GET" | "HEAD") {
            let response = self
                .text(405, "serve_method")
                .with_header("Allow", "GET, HEAD".into());
            return Some((response, stream));
        }
        let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
        let response = if path == LIVERELOAD_PATH {
            Response::new(
                200,
                "text/javascript; charset=utf-8",
                self.livereload.clone().into_bytes(),
            )
        } else if path == POLL_PATH {
            let poll = parse_poll(&self.base, query);
            return self.hub.take(&self.state, poll, stream, request.head_only());
        } else {
            self.page(&request.target)
        };
        Some((response, stream))
    }

    fn status_text(&self, status: u16) -> String {
        let key = match status {
            408 => "serve_timeout",
            431 => "serve_too_large",
            503 => "serve_busy",
            _ => "serve_bad_request",
        };
        self.strings.get(key).cloned().unwrap_or_default()
    }
}

/// `page=` (the page's path, encoded) and `v=` (the version it was served in).
fn parse_poll(base: &str, query: &str) -> Poll {
    let mut poll = Poll {
        key: None,
        seen: None,
    };
    for (name, value) in query.split('&').filter_map(|p| p.split_once('=')) {
        match name {
            "v" => poll.seen = value.parse().ok(),
            "page" => {
                let page = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                poll.key = file_key(base, &page);
            }
            _ => {}
        }
    }
    poll
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

/// `/fall/vara/` for a request of `/fall/vara` (or `//fall//vara`), its query kept:
/// rebuilt from the path's own segments, so never `//…`, which would be another host.
fn folder_location(target: &str) -> Option<String> {
    let Target::File(key) = resolve(target) else {
        return None;
    };
    let mut location = String::new();
    for segment in key.split('/') {
        location.push('/');
        location.extend(utf8_percent_encode(segment, SEGMENT));
    }
    location.push('/');
    if let Some((_, query)) = target.split_once('?') {
        location.push('?');
        location.push_str(query);
    }
    Some(location)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_redirect_stays_on_this_origin() {
        for (target, location) in [
            ("/fall/vara", "/fall/vara/"),
            ("//fall/vara", "/fall/vara/"),
            ("///evil.example/x", "/evil.example/x/"),
            ("/%2F%2Fevil.example", "/evil.example/"),
            ("/sok?q=vara", "/sok/?q=vara"),
            ("/fall/%C3%A5r", "/fall/%C3%A5r/"),
        ] {
            assert_eq!(folder_location(target).as_deref(), Some(location), "{target}");
        }
        assert_eq!(folder_location("/../x"), None);
    }
}
