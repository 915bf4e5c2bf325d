//! The theme: the built-in templates, assets and interface strings, compiled into
//! the binary, with a site's own theme folder overriding any file by name (as mdBook
//! does).
//!
//! Interface strings live in `i18n/<language>.toml`, one table per language, chosen
//! by `[book] language`. Swedish is the reference: every language must have exactly
//! its keys, so a missing translation is a build error rather than a blank.

use std::collections::{BTreeMap, HashMap};
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
    "card.html",
    "index.html",
    "case.html",
    "cases.html",
    "term.html",
    "terms.html",
    "municipality.html",
    "municipalities.html",
    "page.html",
    "404.html",
    "search.html",
    "handout.html",
    "suggest.html",
    "selfassess.html",
    "selfassess_group.html",
    "data.html",
    // compare: the comparison, the selection and the controls every page carries
    "picked.html",
    "compare.html",
    "selection.html",
    "pick.html",
    "collections.html",
    "collection.html",
);

macro_rules! builtin_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)))),*]
    };
}

const STATIC: &[(&str, &[u8])] = builtin_static!(
    "search/analyze.js",
    "search/engine.js",
    "search/search.js",
    "search/marks.js",
    "search/landing.js",
    "style.css",
    "print.css",
    "suggest.css",
    "suggest.js",
    "sjalvskattning/score.js",
    "sjalvskattning/view.js",
    "sjalvskattning/page.js",
    "sjalvskattning/group.js",
    "sjalvskattning/qrcode.js",
    "sjalvskattning/qrcode.LICENSE.txt",
    "sjalvskattning.css",
    // compare
    "urval.css",
    "urval/store.js",
    "urval/pick.js",
    "urval/page.js",
);

const STRINGS: &[(&str, &str)] = crate::i18n::BUILTIN;

/// The reference language, whose keys every other table must have.
const REFERENCE: &str = "sv";

pub use crate::i18n::{fill, Strings};

/// A built-in file as the site serves it. The scripts every case page or the first query
/// downloads whole (`search/`, `urval/`) go without their comment lines, and the built-in
/// stylesheets without comments and runs of blank space: the comments are for readers of
/// the theme's source (and the tests run that source), and were a fifth to a quarter of
/// the bytes, which a case page's 50 KB budget counts. Nothing else is touched: other
/// files, and every file of a site's own theme, are served as written.
fn served(name: &str, bytes: &[u8]) -> Vec<u8> {
    let ours = |dir: &str| name.starts_with(dir) && name.ends_with(".js");
    if name.ends_with(".css") {
        let text = std::str::from_utf8(bytes).expect("the built-in stylesheets are UTF-8");
        return compact_css(text).into_bytes();
    }
    if !(ours("search/") || ours("urval/")) {
        return bytes.to_vec();
    }
    let text = std::str::from_utf8(bytes).expect("the built-in scripts are UTF-8");
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// CSS without comments, each run of blank space one space, none beside `{`, `}` or `;`
/// and none after `:` or `,` (a space before them can be a descendant combinator, as in
/// `.a :focus`, so it stays). Strings are copied as written, so `content: " ("` keeps
/// its space.
fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    let tight = |c: char| matches!(c, '{' | '}' | ';');
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for c in chars.by_ref() {
                if last == '*' && c == '/' {
                    break;
                }
                last = c;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !tight(c) && !out.ends_with(tight) && !out.ends_with([':', ',']) {
            out.push(' ');
        }
        space = false;
        out.push(c);
        if c == '"' || c == '\'' {
            let mut escaped = false;
            for s in chars.by_ref() {
                out.push(s);
                if s == c && !escaped {
                    break;
                }
                escaped = s == '\\' && !escaped;
            }
        }
    }
    out.push('\n');
    out
}

pub struct Theme {
    pub tera: Tera,
    /// Files copied to `static/`, sorted by name.
    pub assets: Vec<(String, Vec<u8>)>,
    /// Interface strings by language code.
    pub strings: BTreeMap<String, Strings>,
}

impl Theme {
    pub fn load(theme_dir: &Path) -> Result<Theme> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut assets: Vec<(String, Vec<u8>)> = STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), served(n, b)))
            .collect();
        override_from(&theme_dir.join("templates"), &mut templates, |p| {
            std::fs::read_to_string(p).with_context(|| format!("cannot read template {}", p.display()))
        })?;
        override_from(&theme_dir.join("static"), &mut assets, |p| {
            std::fs::read(p).with_context(|| format!("cannot read theme file {}", p.display()))
        })?;
        // A site whose theme folder is a copy of the built-in one (the bundled library's
        // is `themes/default` itself) is served the built-in files as the built-in are.
        for (name, bytes) in &mut assets {
            if STATIC.iter().any(|(n, b)| n == name && *b == bytes.as_slice()) {
                *bytes = served(name, bytes);
            }
        }
        let strings = load_strings(theme_dir)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("fill", fill_filter);
        tera.add_raw_templates(templates)
            .map_err(|e| anyhow::anyhow!(tera_chain(&e)))
            .context("in the theme's templates")?;
        Ok(Theme {
            tera,
            assets,
            strings,
        })
    }

    /// The strings of `language`; `book.toml` validation admits only languages the
    /// built-in theme has, so the reference is only a fallback for odd overrides.
    pub fn strings(&self, language: &str) -> &Strings {
        self.strings
            .get(language)
            .or_else(|| self.strings.get(REFERENCE))
            .expect("the reference language is built in")
    }
}

/// The interface strings of the theme at `theme_dir` in `language`, without the
/// templates: for a command that prints words but renders no page.
pub fn strings_of(theme_dir: &Path, language: &str) -> Result<Strings> {
    let mut tables = load_strings(theme_dir)?;
    tables
        .remove(language)
        .or_else(|| tables.remove(REFERENCE))
        .context("the theme has no i18n/sv.toml")
}

/// The strings for what a command says about the site at `root`, diagnostics
/// included: its theme's, in `[book] language`. When book.toml or the theme does
/// not load (which is then what the diagnostics are about), the language is read
/// from book.toml as far as it parses, and the built-in theme's strings are used.
pub fn site_strings(root: &Path) -> Strings {
    let config = crate::config::Config::load(root).ok();
    if let Some(config) = &config {
        if let Ok(t) = strings_of(&root.join(&config.output.html.theme), &config.book.language) {
            return t;
        }
    }
    let language = config.map(|c| c.book.language).unwrap_or_else(|| {
        std::fs::read_to_string(root.join("book.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|t| t.get("book")?.get("language")?.as_str().map(str::to_string))
            .unwrap_or_else(|| REFERENCE.to_string())
    });
    builtin_strings(&language)
}

/// The built-in theme's strings in `language`, or in the reference language.
pub fn builtin_strings(language: &str) -> Strings {
    crate::i18n::builtin(language).clone()
}

fn load_strings(theme_dir: &Path) -> Result<BTreeMap<String, Strings>> {
    let mut strings: Vec<(String, String)> = STRINGS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    override_from(&theme_dir.join("i18n"), &mut strings, |p| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read strings {}", p.display()))
    })?;
    parse_strings(&strings)
}

fn parse_strings(files: &[(String, String)]) -> Result<BTreeMap<String, Strings>> {
    let mut tables = BTreeMap::new();
    for (name, text) in files {
        let Some(lang) = name.strip_suffix(".toml") else {
            continue;
        };
        let table: Strings =
            toml::from_str(text).with_context(|| format!("in the theme's strings i18n/{name}"))?;
        tables.insert(lang.to_string(), table);
    }
    let reference = tables.get(REFERENCE).context("the theme has no i18n/sv.toml")?;
    for (lang, table) in &tables {
        let missing: Vec<&str> = reference
            .keys()
            .filter(|k| !table.contains_key(*k))
            .map(String::as_str)
            .collect();
        let unknown: Vec<&str> = table
            .keys()
            .filter(|k| !reference.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() || !unknown.is_empty() {
            anyhow::bail!(
                "the theme's strings i18n/{lang}.toml do not match i18n/{REFERENCE}.toml: missing {missing:?}, unknown {unknown:?}"
            );
        }
    }
    Ok(tables)
}

/// The same as a Tera filter: `{{ t.case_count | fill(n=3) }}`.
fn fill_filter(value: &tera::Value, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let template = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`fill` applies to a string"))?;
    // Sorted so that the result never depends on hash order.
    let mut pairs: Vec<(&String, String)> = args
        .iter()
        .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
        .collect();
    pairs.sort();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Ok(tera::Value::String(fill(template, &pairs)))
}

fn override_from<T>(
    dir: &Path,
    files: &mut Vec<(String, T)>,
    read: impl Fn(&Path) -> Result<T>,
) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        // Names are relative with `/`, as in URLs: `search/engine.js`.
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays below its root");
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
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
pub(crate) fn escape_html(input: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::served;

    #[test]
    fn search_scripts_are_served_without_comment_lines_and_nothing_else_changes() {
        let js = "// why\nconst a = 1; // kept: code on the line\n  // indented\nconst url = \"//x\";\n";
        assert_eq!(
            String::from_utf8(served("search/engine.js", js.as_bytes())).unwrap(),
            "const a = 1; // kept: code on the line\nconst url = \"//x\";\n"
        );
        assert_eq!(served("suggest.js", js.as_bytes()), js.as_bytes());
        assert_eq!(served("sjalvskattning/qrcode.js", js.as_bytes()), js.as_bytes());
        assert_ne!(served("urval/pick.js", js.as_bytes()), js.as_bytes());
    }

    #[test]
    fn stylesheets_are_served_without_comments_and_blank_runs_but_strings_stay() {
        let css = "/* why */\n.a  .b {\n  color: red; /* note */\n  content: \" (  \\\" /* no */\";\n}\n\n@media print { .c { x: 1 } }\n";
        assert_eq!(
            String::from_utf8(served("style.css", css.as_bytes())).unwrap(),
            ".a .b{color:red;content:\" (  \\\" /* no */\";}@media print{.c{x:1}}\n"
        );
        let combinators = ".a :focus, .b > .c { margin: 0 auto }\n";
        assert_eq!(
            String::from_utf8(served("print.css", combinators.as_bytes())).unwrap(),
            ".a :focus,.b > .c{margin:0 auto}\n"
        );
    }
}
