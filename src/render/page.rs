//! A page kind and what one of its pages shows, the one description of a page that
//! the full build, `rotsystem handouts` and the live preview all read.
//!
//! A kind (`kinds/`) says which pages a site has of it and builds each page's `Page`:
//! its output path, its template and every value the template receives. The build
//! renders that; the live preview hashes it first (`Page::fingerprint`) and renders
//! only the pages whose hash changed. Since the hash is taken over the very values
//! the template gets, a page's fingerprint covers its inputs by construction: there
//! is no second list of inputs to forget to update.

use std::hash::Hasher;
use std::io::Write;
use std::sync::Arc;

use anyhow::{anyhow, Result};
use serde::{Serialize, Serializer};

use super::{Ctx, Make};
use crate::hash::{self, Fx};
use crate::site::Site;

/// A kind of page: a case, a term, the listing, the sitemap…
pub trait PageKind: Sync {
    /// The kind's name, part of each page's identity; stable across builds.
    fn name(&self) -> &'static str;
    /// The site's pages of this kind, in a fixed order.
    fn pages(&self, site: &Site) -> Vec<PageId>;
    /// What one page shows.
    fn page<'a>(&self, ctx: &'a Ctx<'a>, id: &PageId) -> Result<Page<'a>>;
    /// Whether the page names the search index, and so is rendered once it exists.
    fn names_search_index(&self) -> bool {
        false
    }
}

/// One page of a kind: `key` names it across edits (a content path, an id, a
/// number), `at` and `sub` locate it in the site as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageId {
    pub key: String,
    pub at: usize,
    pub sub: usize,
}

impl PageId {
    pub fn new(key: impl Into<String>, at: usize) -> PageId {
        PageId {
            key: key.into(),
            at,
            sub: 0,
        }
    }

    /// The only page of a kind that has one.
    pub fn single() -> Vec<PageId> {
        vec![PageId::new("", 0)]
    }
}

/// A page ready to render.
pub struct Page<'a> {
    /// The output file, relative to the site's root.
    pub path: String,
    body: Body<'a>,
}

enum Body<'a> {
    Html {
        template: &'static str,
        url: String,
        title: String,
        description: String,
        vars: Vec<(&'static str, Box<dyn erased_serde::Serialize + 'a>)>,
    },
    /// Output made without a template (the sitemap, the feed).
    Text(String),
    /// Output made without a template only when it is written. `inputs` is a hash
    /// of everything it is made from, so the live preview can tell a data file
    /// unchanged without serializing it.
    Deferred { inputs: u64, make: Make<'a> },
}

impl<'a> Page<'a> {
    /// An HTML page at `url` rendered with `template`; `title` and `description`
    /// are its `<title>` and meta description.
    pub fn html(base: &str, url: &str, template: &'static str, title: &str, description: &str) -> Page<'a> {
        Page {
            path: crate::urls::output_file(base, url),
            body: Body::Html {
                template,
                url: url.to_string(),
                title: title.to_string(),
                description: description.to_string(),
                vars: Vec::new(),
            },
        }
    }

    /// The same at an output path of its own (the home page, 404).
    pub fn at(mut self, path: &str) -> Page<'a> {
        self.path = path.to_string();
        self
    }

    pub fn text(path: &str, text: String) -> Page<'a> {
        Page {
            path: path.to_string(),
            body: Body::Text(text),
        }
    }

    /// Output at `path` that `make` writes when it is written; `inputs` must change
    /// whenever `make`'s output would.
    pub fn deferred(
        path: &str,
        inputs: u64,
        make: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + 'a,
    ) -> Page<'a> {
        Page {
            path: path.to_string(),
            body: Body::Deferred {
                inputs,
                make: Box::new(make),
            },
        }
    }

    /// Gives the template `value` as `key`.
    pub fn with(mut self, key: &'static str, value: impl Serialize + 'a) -> Page<'a> {
        if let Body::Html { vars, .. } = &mut self.body {
            vars.push((key, Box::new(value)));
        }
        self
    }

    /// Gives the page its linked data, as the `<script type="application/ld+json">`
    /// element's text.
    pub fn with_jsonld(self, value: &serde_json::Value) -> Page<'a> {
        self.with("jsonld", crate::opendata::jsonld::script_text(value))
    }

    pub fn is_html(&self) -> bool {
        matches!(self.body, Body::Html { .. })
    }

    /// The hash of everything the render receives besides what every page gets
    /// (`Ctx::global`, which the caller adds).
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fx::new();
        h.write(self.path.as_bytes());
        match &self.body {
            Body::Html {
                template,
                url,
                title,
                description,
                vars,
            } => {
                for s in [*template, url, title, description] {
                    h.write(s.as_bytes());
                }
                for (key, value) in vars {
                    h.write(key.as_bytes());
                    hash::add_json(&mut h, value);
                }
            }
            Body::Text(text) => h.write(text.as_bytes()),
            Body::Deferred { inputs, .. } => h.write(&inputs.to_le_bytes()),
        }
        h.finish()
    }

    /// Renders the page into `out`, a deferred one as it is made.
    pub fn emit(self, ctx: &Ctx, out: &dyn super::Emit) -> Result<()> {
        match self.body {
            Body::Deferred { make, .. } => out.stream(&self.path, make),
            _ => {
                let (path, bytes) = self.render(ctx)?;
                out.bytes(&path, bytes.as_bytes())
            }
        }
    }

    /// The page's bytes.
    pub fn render(self, ctx: &Ctx) -> Result<(String, String)> {
        match self.body {
            Body::Text(text) => Ok((self.path, text)),
            Body::Deferred { make, .. } => {
                let mut bytes = Vec::new();
                make(&mut bytes)?;
                let text = String::from_utf8(bytes).map_err(|_| anyhow!("{} is not UTF-8", self.path))?;
                Ok((self.path, text))
            }
            Body::Html {
                template,
                url,
                title,
                description,
                vars,
            } => {
                // Every page carries linked data; a kind that says more about its
                // page gives its own `jsonld`.
                // The home page's `url` is empty; 404 has a file name for one, and no
                // address of its own to describe.
                let at = if url.is_empty() {
                    ctx.base.as_str()
                } else {
                    url.as_str()
                };
                let jsonld =
                    (at.starts_with('/') && !vars.iter().any(|(key, _)| *key == "jsonld")).then(|| {
                        let value = crate::opendata::jsonld::web_page(
                            ctx.site,
                            &ctx.origin(),
                            at,
                            &title,
                            &description,
                        );
                        crate::opendata::jsonld::script_text(&value)
                    });
                let html = ctx
                    .contexts
                    .render(&ctx.theme.tera, template, |c| {
                        c.insert("path", &url);
                        c.insert("page_title", &title);
                        c.insert("description", &description);
                        if let Some(jsonld) = &jsonld {
                            c.insert("jsonld", jsonld);
                        }
                        for (key, value) in &vars {
                            c.insert(key, value);
                        }
                    })
                    .map_err(|e| {
                        anyhow!(
                            "rendering {} with {template}: {}",
                            self.path,
                            super::theme::tera_chain(&e)
                        )
                    })?;
                Ok((self.path, html))
            }
        }
    }
}

/// Rendered case cards, which a template receives as a list of HTML strings.
pub struct Cards(pub Vec<Arc<str>>);

impl Serialize for Cards {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|h| &**h))
    }
}
