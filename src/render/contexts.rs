//! Tera contexts that already hold what every template gets: the site's view and
//! the interface strings. The strings are some 700 entries, and copying them into a
//! fresh context for each page and each noted card was a quarter of a 10,000-case
//! build; a context is built once per render thread instead, lent to one render at
//! a time, and handed back with the render's own values removed.

use std::sync::Mutex;

use serde::Serialize;
use tera::{Context, Tera};

use super::theme::Strings;
use super::views::SiteView;

pub struct Contexts {
    base: Context,
    free: Mutex<Vec<Context>>,
}

/// The values one render adds to a lent context.
pub struct Vars<'c> {
    c: &'c mut Context,
    keys: Vec<String>,
}

impl Vars<'_> {
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        assert!(
            !matches!(key, "site" | "t"),
            "`{key}` is what every template gets"
        );
        self.c.insert(key, value);
        self.keys.push(key.to_string());
    }
}

impl Contexts {
    pub fn new(view: &SiteView, t: &Strings) -> Contexts {
        let mut base = Context::new();
        base.insert("site", view);
        base.insert("t", t);
        Contexts {
            base,
            free: Mutex::default(),
        }
    }

    /// Renders `template` with the shared values and those `fill` adds.
    pub fn render(&self, tera: &Tera, template: &str, fill: impl FnOnce(&mut Vars)) -> tera::Result<String> {
        let lent = self.free.lock().expect("no panics while held").pop();
        let mut c = lent.unwrap_or_else(|| self.base.clone());
        let mut vars = Vars {
            c: &mut c,
            keys: Vec::new(),
        };
        fill(&mut vars);
        let keys = vars.keys;
        let html = tera.render(template, &c);
        // Nothing of this render may reach the next one that borrows the context.
        for key in &keys {
            c.remove(key);
        }
        self.free.lock().expect("no panics while held").push(c);
        html
    }
}
