//! Hostile content in a real browser (issue 18): a site full of payloads that build,
//! served without its Content-Security-Policy, runs no script when every page is
//! opened and every link clicked (`tests/browser/hostile.mjs`).

use crate::support::TestSite;

/// Raw HTML that builds (the sanitizer removes it silently) and would run script
/// if anything of it survived: every payload calls `__pwned` or `alert`.
const PAYLOADS: &str = r##"<script>alert(1);__pwned('script')</script>
<img src="x.png" onerror="__pwned('onerror')" alt="x">
<svg onload="__pwned('svg')"><script>__pwned('svg-script')</script><a xlink:href="#" href="#"><text>t</text></a></svg>
<iframe srcdoc="<script>parent.__pwned('srcdoc')</script>"></iframe>
<details open ontoggle="__pwned('toggle')"><summary>s</summary>d</details>
<a href="#x" onclick="__pwned('click')" onmouseover="__pwned('hover')" onfocus="__pwned('focus')">klicka</a>
<p style="background:url(javascript:__pwned('css'))">stil</p>
<math><mtext><table><mglyph><style><img src=x onerror="__pwned('mxss')"></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=__pwned('noscript')>"></p></noscript>
<form><button formaction="x" onclick="__pwned('form')">f</button></form>
<object data="x.swf"></object><embed src="x.svg">
<base href="/annan/"><meta http-equiv="refresh" content="0;url=/annan/">
<input autofocus onfocus="__pwned('autofocus')">
<video src="x.mp4" onerror="__pwned('video')"></video><audio src="x.mp3" onerror="__pwned('audio')"></audio>
<a href="https://example.org/" target="_blank" rel="opener">ut</a>
"##;

/// Markdown and front matter that try to break out of their escaping.
fn hostile_site() -> TestSite {
    let site = TestSite::basic();
    site.edit(
        "book.toml",
        "title = \"Testbiblioteket\"",
        "title = \"Test <script>__pwned('book')</script>\"",
    );
    site.edit(
        "book.toml",
        "[output.html]",
        "[output.html]\ngit-repository-url = \"https://github.com/exempel/rotsystem\"",
    );
    let front = r#"---
title: "<img src=x onerror=__pwned('title')> fall"
summary: "\"><script>__pwned('summary')</script>"
year: 2020
municipalities: [vara]
places: ["<svg onload=__pwned('place')>"]
organisation: "</title><script>__pwned('org')</script>"
period: "'-__pwned('period')-'"
factors:
  - id: kultur
    note: "<img src=x onerror=__pwned('note')>"
steps: [myllstimulans]
keywords: ["</script><script>__pwned('kw')</script>", "{{ 7*7 }}"]
key_question: "<a href=javascript:__pwned('kq')>q</a>"
key_answer: "\u2028<script>__pwned('ka')</script>"
awards: ["<iframe src=javascript:__pwned('award')>"]
facts:
  - { label: "<b onmouseover=__pwned('label')>l</b>", value: "<script>__pwned('value')</script>" }
sources:
  - title: "<svg onload=__pwned('source')>"
    url: "https://example.org/?a=\"><script>__pwned('srcurl')</script>"
    section: "<script>__pwned('section')</script>"
---
"#;
    let body = format!(
        "## Bakgrund\n\nText [länk](https://example.org/ \"\\\" onmouseover=\\\"__pwned('mdtitle')\") och \
<https://example.org/?q=\"><script>__pwned('autolink')</script>> och `<script>__pwned('code')</script>`.\n\n\
{PAYLOADS}\n\n## Resultat\n\n[Vara](vara.md)\n"
    );
    site.write("content/cases/fientlig.md", &format!("{front}{body}"));
    site.edit(
        "content/factors/kultur.md",
        "Kultur binder ihop.",
        &format!("Kultur binder ihop.\n\n{PAYLOADS}\n"),
    );
    site.edit(
        "content/steps/myllstimulans.md",
        "Myllan stimuleras.",
        &format!("Myllan stimuleras.\n\n{PAYLOADS}\n"),
    );
    site.edit(
        "content/pages/om.md",
        "title: Om biblioteket",
        "title: \"Om <script>__pwned('page')</script>\"\ndescription: \"\\\"><script>__pwned('desc')</script>\"",
    );
    site.edit(
        "content/pages/om.md",
        "## Vad det är",
        &format!("## Vad det är\n\n{PAYLOADS}\n"),
    );
    site
}

#[test]
fn no_hostile_content_runs_script_in_chromium_even_without_the_csp() {
    let site = hostile_site();
    let out = site.root().join("site");
    let run = site.run(&["build", "--dest", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = crate::browser::node("hostile.mjs", &[&out]);
    println!("{report}");
    assert!(report.contains("links clicked, no script ran"), "{report}");
}
