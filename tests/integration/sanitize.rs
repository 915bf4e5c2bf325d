//! Content from a pull request must never run script in a reader's browser.

use crate::support::{main_of, TestSite};

// Script URLs and off-site resources in raw HTML are errors since issue 18 (see
// trust_content.rs); what the sanitizer does with them when the errors are ignored
// is a unit test in src/markdown.rs. These build, and must come out harmless.
const HOSTILE: &str = r#"
<script>alert(1)</script>
<style>body { display: none }</style>
<iframe srcdoc="<script>alert(0)</script>"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<p onclick="alert(2)" onmouseover='alert(3)'>Klicka</p>
<svg><script>alert(8)</script></svg>
<form><button formaction="x">e</button></form>
<p>Vanlig <strong>text</strong> och <a href="https://example.org/">en länk</a> får stå kvar.</p>
"#;

#[test]
fn raw_html_is_sanitized() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "Umeå växer.",
        &format!("Umeå växer.\n{HOSTILE}"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = main_of(&site.read_out("fall/umea/index.html")).to_lowercase();
    for bad in [
        "<script",
        "<style",
        "<iframe",
        "<object",
        "<embed",
        "<svg",
        "<form",
        "onclick",
        "onmouseover",
        "javascript:",
        "vbscript:",
        "data:",
        "alert(",
    ] {
        assert!(!html.contains(bad), "`{bad}` survived:\n{html}");
    }
    assert!(
        html.contains(r#"<a href="https://example.org/" rel="noopener noreferrer">en länk</a>"#),
        "{html}"
    );
    assert!(html.contains("<strong>text</strong>"));
}

#[test]
fn markdown_links_with_script_urls_are_errors() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "Umeå växer.",
        "Umeå växer: [a](javascript:alert(1)) [b](<java\tscript:alert(1)>) ![c](data:image/png;base64,AAAA)",
    );
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let messages: Vec<&str> = diags.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "länken `javascript:alert(1)` är inte säker",
            "länken `java\tscript:alert(1)` är inte säker",
            "bilden `data:image/png;base64,AAAA` ligger inte på webbplatsen"
        ]
    );
}

#[test]
fn front_matter_text_is_escaped() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "title: Umeå – kulturhuvudstad",
        "title: \"<script>alert(1)</script>\"",
    );
    site.edit(
        "content/cases/umea.md",
        "factors: [kultur]",
        "factors:\n  - id: kultur\n    note: \"<img src=x onerror=alert(1)>\"",
    );
    assert_eq!(site.build().code, 0);
    let html = site.read_out("fall/umea/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
