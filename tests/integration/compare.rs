//! The comparison (`/jamfor/`) and the reader's selection (`/urval/`): the pages as
//! built (they say what they do without JavaScript and name where the browser finds a
//! case's record), the record holding every field `static/urval/page.js` reads, the
//! controls' script on every page, and the rule that turns a URL's `fall` into case
//! ids (`static/urval/store.js`, run here in QuickJS). The browser side is
//! `tests/browser/compare.mjs`, run from `browser.rs`.

use std::path::Path;

use rquickjs::loader::{BuiltinLoader, BuiltinResolver};
use rquickjs::{CatchResultExt, Context, Function, Module, Runtime};

use crate::support::{main_of, TestSite};

/// The start tag of the element with `id="…"`, without its `>`.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let tag = &html[html[..at].rfind('<').unwrap()..];
    &tag[..tag.find('>').unwrap()]
}

/// The value of `attr="…"` on the element with `id="…"`.
fn attribute<'a>(html: &'a str, id: &str, attr: &str) -> &'a str {
    let tag = tag(html, id);
    let key = format!(" {attr}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("#{id} has no {attr}: {tag}"))
        + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
}

#[test]
fn the_comparison_and_the_selection_say_what_they_do_without_javascript() {
    let site = TestSite::basic();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (page, how, nojs) in [
        (
            "jamfor/index.html",
            "Markera fallen med rutan ”Jämför”",
            "Jämförelsen behöver JavaScript",
        ),
        (
            "urval/index.html",
            "Lägg till fall med rutan ”Mitt urval”",
            "Urvalet behöver JavaScript",
        ),
    ] {
        let html = site.read_out(page);
        let main = main_of(&html);
        // The explanation is plain text on the page; only the JavaScript note hides
        // where scripts run, and the drawn part waits, hidden, for the script.
        assert!(main.contains(how), "{page}: {main}");
        let noscript = &main[main.find("<noscript>").expect("a noscript note")..];
        assert!(
            noscript[..noscript.find("</noscript>").unwrap()].contains(nojs),
            "{page}: {main}"
        );
        assert!(tag(&html, "urval-sida").ends_with(" hidden"), "{page}");
        // Every script is a file (the CSP refuses inline ones), and the page's own is there.
        for tag in html.split("<script").skip(1) {
            let tag = &tag[..tag.find('>').unwrap()];
            assert!(
                tag.contains(" src=") || tag.contains("application/ld+json"),
                "{page}: <script{tag}>"
            );
        }
        assert!(html.contains("static/urval/page.js"), "{page}");
        assert_eq!(
            attribute(&html, "urval-sida", "data-data"),
            "/data/fall/",
            "{page}"
        );
    }
    assert!(site.out().join("static/urval/page.js").is_file());
}

#[test]
fn a_cases_record_holds_what_the_comparison_and_the_selection_show() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    let html = site.read_out("jamfor/index.html");
    let folder = attribute(&html, "urval-sida", "data-data").trim_start_matches('/');
    let text = site.read_out(&format!("{folder}vara.json"));
    let record: serde_json::Value = serde_json::from_str(&text).unwrap();
    let c = &record["case"];
    // The fields page.js reads, by the names it reads them.
    for key in ["id", "url", "title", "summary", "key_question", "key_answer"] {
        assert!(c[key].is_string(), "{key}: {c}");
    }
    assert_eq!(c["year"], 2013);
    assert_eq!(c["municipalities"][0]["name"], "Vara");
    assert!(
        c["municipalities"][0]["county"]
            .as_str()
            .is_some_and(|s| s.ends_with("län")),
        "{c}"
    );
    assert!(c["places"].is_array(), "{c}");
    assert_eq!(c["factors"][0]["id"], "kultur");
    assert_eq!(c["factors"][0]["note"], "Konserthuset formade självbilden.");
    assert!(
        c["factors"][0]["order"].is_u64() && c["factors"][0]["url"].is_string(),
        "{c}"
    );
    assert_eq!(c["factors"][1]["note"], serde_json::Value::Null);
    assert_eq!(c["steps"][0]["id"], "myllstimulans");
    assert!(
        c["steps"][0]["name"].is_string() && c["steps"][0]["order"].is_u64(),
        "{c}"
    );
    assert_eq!(c["facts"][0]["label"], "Invånare");
    assert_eq!(c["facts"][0]["value"], "cirka 16 000 (2012)");
}

#[test]
fn every_page_carries_the_controls_script_and_its_words() {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    for page in [
        "index.html",
        "fall/index.html",
        "fall/vara/index.html",
        "sok/index.html",
        "faktorer/kultur/index.html",
    ] {
        let html = site.read_out(page);
        assert!(
            html.contains("<script src=\"/static/urval/pick.js\" type=\"module\">"),
            "{page}"
        );
        assert_eq!(attribute(&html, "val", "data-base"), "/", "{page}");
        assert_eq!(attribute(&html, "val", "data-t-jamfor"), "Jämför", "{page}");
        assert_eq!(attribute(&html, "val", "data-max"), "4", "{page}");
    }
}

/// Runs `expr` (over store.js's exports, imported as `s`) in QuickJS; returns it as JSON.
fn store(expr: &str) -> serde_json::Value {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/urval/store.js");
    let source = std::fs::read_to_string(file).expect("store.js");
    let runtime = Runtime::new().expect("QuickJS runtime");
    runtime.set_loader(
        BuiltinResolver::default().with_module("store.js"),
        BuiltinLoader::default().with_module("store.js", source),
    );
    let context = Context::full(&runtime).expect("QuickJS context");
    let harness = format!("import * as s from 'store.js'; globalThis.run = () => JSON.stringify({expr});");
    let out: String = context.with(|ctx| {
        let run = || {
            let (_, done) = Module::declare(ctx.clone(), "harness.js", harness.as_str())?.eval()?;
            done.finish::<()>()?;
            let run: Function = ctx.globals().get("run")?;
            run.call::<_, String>(())
        };
        run().catch(&ctx).unwrap_or_else(|e| panic!("store.js: {e}"))
    });
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_urls_cases_are_case_ids_only_each_once_in_order() {
    // Whatever a shared address says, only slugs reach a fetch of /data/fall/<id>.json.
    let ids = store(r#"s.parseIds("vara, kalix,vara,../etc,a/b,%2e%2e,Botkyrka,,x-,-y,a--b,arjeplog")"#);
    assert_eq!(ids, serde_json::json!(["vara", "kalix", "arjeplog"]));
    assert_eq!(store(r#"s.parseIds(null)"#), serde_json::json!([]));
    assert_eq!(
        store(r#"[s.pageUrl("/jamfor/", ["vara", "kalix"]), s.pageUrl("/jamfor/", [])]"#),
        serde_json::json!(["/jamfor/?fall=vara,kalix", "/jamfor/"])
    );
}
