//! Mapping a request path to a file of the built site, refusing anything that could
//! reach outside it.
//!
//! The site is served from memory, so a request can only ever name a key of the
//! built map: no file-system path is opened, and symlinks do not exist here. The
//! checks below still refuse `..`, encoded dots and backslashes outright, so a
//! traversal attempt gets a clear 400 rather than a lucky miss.

use percent_encoding::percent_decode_str;

#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A key of the built site, such as `fall/vara/index.html`.
    File(String),
    /// A malformed or hostile path.
    Refused,
}

pub fn resolve(raw: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return Target::Refused;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Target::Refused,
            s => parts.push(s),
        }
    }
    let key = parts.join("/");
    if key.is_empty() {
        Target::File("index.html".into())
    } else if decoded.ends_with('/') {
        Target::File(format!("{key}/index.html"))
    } else {
        Target::File(key)
    }
}

pub fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls_map_to_index_files() {
        assert_eq!(resolve("/"), Target::File("index.html".into()));
        assert_eq!(
            resolve("/fall/vara/?x=1"),
            Target::File("fall/vara/index.html".into())
        );
        assert_eq!(
            resolve("/static/style.css"),
            Target::File("static/style.css".into())
        );
        assert_eq!(
            resolve("/fall/%C3%A5r/"),
            Target::File("fall/år/index.html".into())
        );
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/fall/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/fall/%2e%2e/%2e%2e/book.toml",
            "/..%5c..%5cbook.toml",
            "/fall%00/index.html",
            "etc/passwd",
            "/%ff",
        ] {
            assert_eq!(resolve(bad), Target::Refused, "{bad}");
        }
    }
}
