//! The theme: the built-in templates and assets, compiled into the binary, with a
//! site's own theme folder overriding any file by name (as mdBook does).

use std::path::Path;

use anyhow::{Context as _, Result};
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "macros.html",
    "index.html",
    "case.html",
    "cases.html",
    "term.html",
    "terms.html",
    "municipality.html",
    "municipalities.html",
    "page.html",
    "404.html",
    "suggest.html",
);

const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "suggest.css",
        include_bytes!("../../themes/default/static/suggest.css"),
    ),
    (
        "suggest.js",
        include_bytes!("../../themes/default/static/suggest.js"),
    ),
];

pub struct Theme {
    pub tera: Tera,
    /// Files copied to `static/`, sorted by name.
    pub assets: Vec<(String, Vec<u8>)>,
}

impl Theme {
    pub fn load(theme_dir: &Path) -> Result<Theme> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut assets: Vec<(String, Vec<u8>)> =
            STATIC.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        override_from(&theme_dir.join("templates"), &mut templates, |p| {
            std::fs::read_to_string(p).with_context(|| format!("cannot read template {}", p.display()))
        })?;
        override_from(&theme_dir.join("static"), &mut assets, |p| {
            std::fs::read(p).with_context(|| format!("cannot read theme file {}", p.display()))
        })?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates)
            .map_err(|e| anyhow::anyhow!(tera_chain(&e)))
            .context("in the theme's templates")?;
        Ok(Theme { tera, assets })
    }
}

fn override_from<T>(
    dir: &Path,
    files: &mut Vec<(String, T)>,
    read: impl Fn(&Path) -> Result<T>,
) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let value = read(entry.path())?;
        match files.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => files.push((name, value)),
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(())
}

/// Escapes what HTML text and quoted attributes need, and no more: Tera's default
/// also escapes `/`, which makes every URL three times longer for no safety gain.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Tera hides the useful part of an error in its source chain.
pub fn tera_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
