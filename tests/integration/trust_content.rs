//! Hostile and careless content (issue 18): each input is refused with exit code 1,
//! its message and its place, and a failed build leaves the previous output as it was.
//! Links and pipes in content/ are refused without being read.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{read_tree, TestSite};

/// A case file that passes `check` with `extra` YAML lines and `body`.
fn case(extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: Ett fall\nsummary: S.\nmunicipalities: [vara]\nfactors: [kultur]\nkeywords: []\nsources:\n  - title: Källa\n{extra}---\n{body}\n"
    )
}

/// (file, line, col, message) of each diagnostic, in output order.
fn places(diags: &[Value]) -> Vec<(String, u64, u64, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap_or(0),
                d["span"]["col"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn place(file: &str, line: u64, col: u64, message: &str) -> (String, u64, u64, String) {
    (file.to_string(), line, col, message.to_string())
}

/// Builds the fixture, applies `hostile`, and checks that `check` reports exactly
/// `expected` with exit code 1 and that `build` fails leaving the output untouched.
fn refused(hostile: impl FnOnce(&TestSite), expected: &[(String, u64, u64, String)]) -> TestSite {
    let site = TestSite::basic();
    assert_eq!(site.build().code, 0);
    let before = read_tree(&site.out());
    hostile(&site);
    let (code, diags) = site.check_json();
    assert_eq!(places(&diags), expected, "{diags:#?}");
    assert_eq!(code, 1);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        read_tree(&site.out()),
        before,
        "a failed build changed the output"
    );
    site
}

const SOURCES: &str = "    url: \"javascript:alert(1)\"
  - title: b
    url: \"JaVaScRiPt:alert(1)\"
  - title: c
    url: \"java\\tscript:alert(1)\"
  - title: d
    url: \"java\\nscript:alert(1)\"
  - title: e
    url: \" javascript:alert(1)\"
  - title: f
    url: \"data:text/html,<script>alert(1)</script>\"
  - title: g
    url: vbscript:msgbox(1)
  - title: h
    url: //evil.example/
  - title: i
    url: /\\evil.example/
";

#[test]
fn script_and_off_site_source_urls_are_refused_at_their_value() {
    let f = "content/cases/fall.md";
    let why_scheme = |s: &str| format!("adresser som börjar med `{s}:` är inte tillåtna");
    let control = "den innehåller ett osynligt tecken (en tabb, en radbrytning eller ett annat styrtecken)";
    let expected = [
        (
            9,
            format!(
                "källans adress `javascript:alert(1)` går inte att använda: {}",
                why_scheme("javascript")
            ),
        ),
        (
            11,
            format!(
                "källans adress `JaVaScRiPt:alert(1)` går inte att använda: {}",
                why_scheme("javascript")
            ),
        ),
        (
            13,
            format!("källans adress `java\tscript:alert(1)` går inte att använda: {control}"),
        ),
        (
            15,
            format!("källans adress `java\nscript:alert(1)` går inte att använda: {control}"),
        ),
        (
            17,
            "källans adress ` javascript:alert(1)` går inte att använda: den börjar eller slutar med ett mellanslag".to_string(),
        ),
        (
            19,
            format!(
                "källans adress `data:text/html,<script>alert(1)</script>` går inte att använda: {}",
                why_scheme("data")
            ),
        ),
        (
            21,
            format!(
                "källans adress `vbscript:msgbox(1)` går inte att använda: {}",
                why_scheme("vbscript")
            ),
        ),
        (
            23,
            "källans adress `//evil.example/` går inte att använda: `//` i början pekar på en annan webbplats".to_string(),
        ),
        (
            25,
            "källans adress `/\\evil.example/` går inte att använda: den innehåller ett omvänt snedstreck (\\), som webbläsare läser som `/`"
                .to_string(),
        ),
    ];
    let expected: Vec<_> = expected.iter().map(|(line, m)| place(f, *line, 10, m)).collect();
    refused(
        |s| {
            s.write(f, &case(SOURCES, ""));
        },
        &expected,
    );
}

#[test]
fn factor_step_and_page_sources_are_checked_too() {
    let expected = [
        place(
            "content/factors/kultur.md",
            11,
            10,
            "källans adress `javascript:alert(1)` går inte att använda: adresser som börjar med `javascript:` är inte tillåtna",
        ),
        place(
            "content/pages/om.md",
            6,
            10,
            "källans adress `data:text/html,x` går inte att använda: adresser som börjar med `data:` är inte tillåtna",
        ),
        place(
            "content/steps/myllstimulans.md",
            7,
            10,
            "källans adress `vbscript:x` går inte att använda: adresser som börjar med `vbscript:` är inte tillåtna",
        ),
    ];
    refused(
        |s| {
            s.edit(
                "content/factors/kultur.md",
                "    section: \"3.5\"",
                "    section: \"3.5\"\n    url: \"javascript:alert(1)\"",
            );
            s.edit(
                "content/pages/om.md",
                "order: 1",
                "order: 1\nsources:\n  - title: x\n    url: \"data:text/html,x\"",
            );
            s.edit(
                "content/steps/myllstimulans.md",
                "  - title: Testkällan",
                "  - title: Testkällan\n    url: vbscript:x",
            );
        },
        &expected,
    );
}

#[test]
fn script_urls_in_book_toml_are_refused_at_their_value() {
    for (line, expected) in [
        (
            "edit-url-template = \"javascript:alert(1)//{path}\"",
            "`edit-url-template` `javascript:alert(1)//{path}` går inte att använda: adresser som börjar med `javascript:` är inte tillåtna",
        ),
        (
            "git-repository-url = \"JaVaScRiPt:alert(1)\"",
            "`git-repository-url` `JaVaScRiPt:alert(1)` går inte att använda: adresser som börjar med `javascript:` är inte tillåtna",
        ),
        (
            "git-repository-url = \"//evil.example/x\"",
            "`git-repository-url` `//evil.example/x` går inte att använda: `//` i början pekar på en annan webbplats",
        ),
    ] {
        let col = line.find('"').unwrap() as u64 + 1;
        refused(
            |s| {
                s.edit(
                    "book.toml",
                    "edit-url-template = \"https://git.example/rot/edit/main/{path}\"",
                    line,
                );
            },
            &[place("book.toml", 7, col, expected)],
        );
    }
}

#[test]
fn body_links_images_and_raw_html_urls_are_refused_where_written() {
    let f = "content/cases/fall.md";
    let body = "[a](//evil.example/) ![b](https://evil.example/a.png)\n\n\
<img src=\"https://evil.example/b.png\"> <a href=\"JaVaScRiPt:alert(1)\">c</a>\n\n\
<p><img src='//evil.example/c.png'><a href=\"&#106;avascript:alert(1)\">d</a></p>\n\n\
<iframe src=\"https://evil.example/\"></iframe>\n";
    let expected = [
        place(f, 10, 1, "länken `//evil.example/` är inte säker"),
        place(f, 10, 22, "bilden `https://evil.example/a.png` ligger inte på webbplatsen"),
        place(
            f,
            12,
            11,
            "`https://evil.example/b.png` i `<img>` går inte att använda: den hämtar en fil från en annan webbplats",
        ),
        place(
            f,
            12,
            49,
            "`JaVaScRiPt:alert(1)` i `<a>` går inte att använda: adresser som börjar med `javascript:` är inte tillåtna",
        ),
        place(
            f,
            14,
            14,
            "`//evil.example/c.png` i `<img>` går inte att använda: den hämtar en fil från en annan webbplats",
        ),
        place(
            f,
            14,
            45,
            "`javascript:alert(1)` i `<a>` går inte att använda: adresser som börjar med `javascript:` är inte tillåtna",
        ),
        place(
            f,
            16,
            14,
            "`https://evil.example/` i `<iframe>` går inte att använda: den hämtar en fil från en annan webbplats",
        ),
    ];
    refused(
        |s| {
            s.write(f, &case("", body));
        },
        &expected,
    );
}

#[test]
fn links_to_other_sites_are_marked_noopener_noreferrer() {
    let site = TestSite::basic();
    site.write(
        "content/cases/fall.md",
        &case(
            "",
            "Se [källan](https://example.org/a?b=1&c=2 \"Titel\") och <a href=\"https://example.org/r\">rå</a>.\n",
        ),
    );
    site.write(
        "content/cases/fall2.md",
        &case(
            "",
            "Bara [markdown](https://example.org/m) och [ett fall](vara.md).\n",
        ),
    );
    assert_eq!(site.build().code, 0);
    let raw = site.read_out("fall/fall/index.html");
    assert!(
        raw.contains(r#"<a href="https://example.org/r" rel="noopener noreferrer">rå</a>"#),
        "{raw}"
    );
    assert!(
        raw.contains(r#"href="https://example.org/a?b=1&amp;c=2""#) && raw.contains(r#"title="Titel""#),
        "{raw}"
    );
    let md = site.read_out("fall/fall2/index.html");
    assert!(
        md.contains(r#"<a href="https://example.org/m" rel="noopener noreferrer">markdown</a>"#),
        "{md}"
    );
    assert!(md.contains(r#"<a href="/fall/vara/">ett fall</a>"#), "{md}");
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Runs the binary with a secret in its environment; returns (code, stdout + stderr).
fn run_with_secret(site: &TestSite, args: &[&str], secret: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env("ROTSYSTEM_TEST_SECRET", secret)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[cfg(unix)]
#[test]
fn a_link_to_proc_self_environ_is_refused_without_printing_the_environment() {
    let secret = "hemlig-token-4f1c9a";
    let site = refused(
        |s| {
            symlink(
                Path::new("/proc/self/environ"),
                &s.root().join("content/cases/env.md"),
            )
        },
        &[place(
            "content/cases/env.md",
            1,
            1,
            "en symbolisk länk i mappen med innehåll läses inte",
        )],
    );
    for args in [&["check"][..], &["build"], &["check", "--format", "github"]] {
        let (code, text) = run_with_secret(&site, args, secret);
        assert_eq!(code, 1, "{text}");
        assert!(
            !text.contains(secret),
            "{args:?} printed the environment:\n{text}"
        );
        assert!(text.contains("content/cases/env.md"), "{text}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_etc_passwd_or_to_a_case_outside_the_site_is_refused_and_not_published() {
    let outside = tempfile::tempdir().unwrap();
    let foreign = outside.path().join("utanfor.md");
    std::fs::write(&foreign, case("", "## Bakgrund\n\nEtt fall utanför webbplatsen.")).unwrap();
    let site = refused(
        |s| {
            symlink(Path::new("/etc/passwd"), &s.root().join("content/cases/pw.md"));
            symlink(&foreign, &s.root().join("content/cases/utanfor.md"));
            symlink(outside.path(), &s.root().join("content/cases/mapp"));
        },
        &[
            place(
                "content/cases/mapp",
                1,
                1,
                "en symbolisk länk i mappen med innehåll läses inte",
            ),
            place(
                "content/cases/pw.md",
                1,
                1,
                "en symbolisk länk i mappen med innehåll läses inte",
            ),
            place(
                "content/cases/utanfor.md",
                1,
                1,
                "en symbolisk länk i mappen med innehåll läses inte",
            ),
        ],
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("root:"), "{}", run.stderr);
    assert!(!run.stderr.contains("utanför webbplatsen"), "{}", run.stderr);
    assert!(!site.out().join("fall/utanfor").exists());
}

#[cfg(unix)]
#[test]
fn a_symlinked_content_folder_is_refused() {
    let site = TestSite::basic();
    let real = site.root().join("real-content");
    std::fs::rename(site.root().join("content"), &real).unwrap();
    symlink(&real, &site.root().join("content"));
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    assert_eq!(
        places(&diags),
        [place("content", 0, 0, "mappen med innehåll är en symbolisk länk")]
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_hanging() {
    let site = TestSite::basic();
    let fifo = site.root().join("content/cases/ror.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // A reader that opens the pipe would block until a writer comes; none does.
    let mut child = Command::new(env!("CARGO_BIN_EXE_rotsystem"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("check hung on a named pipe");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1));
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    let report: Value = serde_json::from_str(&out).unwrap();
    let diags = report["diagnostics"].as_array().unwrap().clone();
    assert_eq!(
        places(&diags),
        [place(
            "content/cases/ror.md",
            1,
            1,
            "en namngiven pipe i mappen med innehåll läses inte"
        )]
    );
}

#[test]
fn control_characters_in_text_are_refused_and_never_reach_the_terminal_raw() {
    let f = "content/cases/fall.md";
    let site = refused(
        |s| {
            s.write(f, &case("", "Ny rad \u{1b}[31mröd\u{1b}]0;titel\u{7}"));
        },
        &[place(f, 10, 8, "det osynliga tecknet U+001B står i filen")],
    );
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "10 | Ny rad \\u{1b}[31mröd\\u{1b}]0;titel\\u{7}\n   |        ^^^^^^ osynligt tecken här"
        ),
        "{}",
        run.stderr
    );
    let github = site.run(&["check", "--format", "github"]);
    assert!(!github.stdout.contains('\u{1b}'), "{:?}", github.stdout);

    for (text, line, col, c) in [
        (case("", "En NUL \u{0} här"), 10, 8, "0000"),
        (case("", "Ensam \r vagnretur"), 10, 7, "000D"),
        (case("", "C1 \u{9b}31m"), 10, 4, "009B"),
        (
            case("", "").replace("title: Ett fall", "title: Ett \u{8} fall"),
            2,
            12,
            "0008",
        ),
    ] {
        refused(
            |s| {
                s.write(f, &text);
            },
            &[place(
                f,
                line,
                col,
                &format!("det osynliga tecknet U+{c} står i filen"),
            )],
        );
    }
}

#[test]
fn yaml_escapes_that_make_control_characters_are_refused_and_never_reach_the_feed() {
    let f = "content/cases/fall.md";
    for (title, c) in [
        ("\"Ett \\0 fall\"", "0000"),
        ("\"Ett \\e fall\"", "001B"),
        ("\"\\x07\"", "0007"),
    ] {
        let text = case("", "").replace("title: Ett fall", &format!("title: {title}"));
        let site = refused(
            |s| {
                s.write(f, &text);
            },
            &[place(
                f,
                2,
                8,
                &format!("det osynliga tecknet U+{c} står i ett värde"),
            )],
        );
        let feed = site.read_out("atom.xml");
        assert!(!feed.contains(['\u{0}', '\u{1b}', '\u{7}']));
    }
}

#[test]
fn deep_nesting_and_alias_bombs_are_refused_quickly() {
    let f = "content/cases/fall.md";
    let deep = case(&format!("extra:\n  x: {}\n", "[".repeat(30_000)), "");
    let started = Instant::now();
    refused(
        |s| {
            s.write(f, &deep);
        },
        &[place(f, 10, 103, "front matter har fler än 100 nivåer av indrag")],
    );
    let block = case(&format!("extra:\n  x:\n{}y\n", "- ".repeat(15_000)), "");
    refused(
        |s| {
            s.write(f, &block);
        },
        &[place(f, 11, 202, "front matter har fler än 100 nivåer av indrag")],
    );
    let mut bomb = String::from("extra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "  {name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    refused(
        |s| {
            s.write(f, &case(&bomb, ""));
        },
        &[place(
            f,
            10,
            6,
            "ankare och alias (`&namn`, `*namn`) får inte användas i front matter",
        )],
    );
    let huge = case(&format!("extra:\n  x: \"{}\"\n", "a".repeat(40_000)), "");
    refused(
        |s| {
            s.write(f, &huge);
        },
        &[place(f, 1, 1, "front matter är längre än 32 KB")],
    );
    // Each refusal is a scan, not a parse: seconds would mean the bound is gone.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_duplicate_key_is_reported_at_the_second_occurrence() {
    let f = "content/cases/fall.md";
    let text = case("", "").replace("keywords: []", "keywords: []\ntitle: Igen");
    refused(
        |s| {
            s.write(f, &text);
        },
        &[place(f, 7, 1, "nyckeln `title` finns två gånger")],
    );
}

#[test]
fn an_empty_title_or_name_is_refused_at_its_value() {
    let f = "content/cases/fall.md";
    for title in ["\"\"", "\"   \""] {
        let text = case("", "").replace("title: Ett fall", &format!("title: {title}"));
        refused(
            |s| {
                s.write(f, &text);
            },
            &[place(f, 2, 8, "`title` får inte vara tom")],
        );
    }
    refused(
        |s| {
            s.edit("content/factors/kultur.md", "name: Kultur", "name: \" \"");
        },
        &[place(
            "content/factors/kultur.md",
            2,
            7,
            "`name` får inte vara tom",
        )],
    );
}

#[test]
fn reserved_page_slugs_and_file_names_with_newlines_have_a_position() {
    refused(
        |s| {
            s.write("content/pages/sok.md", "---\ntitle: Sök\n---\nx\n");
        },
        &[place(
            "content/pages/sok.md",
            1,
            1,
            "sidans slug `sok` är reserverad för webbplatsens egna sidor",
        )],
    );
    let site = refused(
        |s| {
            s.write("content/cases/ny\nrad.md", &case("", ""));
        },
        &[place(
            "content/cases/ny\nrad.md",
            1,
            1,
            "filnamnet innehåller ett osynligt tecken",
        )],
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains(" --> content/cases/ny\\u{a}rad.md:1:1\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn ten_thousand_bad_factor_entries_are_refused_without_quadratic_work() {
    let f = "content/cases/fall.md";
    // 150 KB of front matter: over the bound, refused before any entry is looked at.
    let entries: String = (0..10_000).map(|i| format!("  - okand-faktor-{i}\n")).collect();
    let text = case("", "").replace("factors: [kultur]", &format!("factors:\n{entries}"));
    refused(
        |s| {
            s.write(f, &text);
        },
        &[place(f, 1, 1, "front matter är längre än 32 KB")],
    );
    // Under the bound, every entry is reported, each placed from one parse of the text.
    let entries: String = (0..2_000).map(|i| format!("  - x{i}\n")).collect();
    let text = case("", "").replace("factors: [kultur]", &format!("factors:\n{entries}"));
    let site = TestSite::basic();
    site.write(f, &text);
    let (code, diags) = site.check_json();
    assert_eq!((code, diags.len()), (1, 2_000));
    assert_eq!(
        places(&diags)[1_999],
        place(f, 2_005, 5, "`x1999` finns inte i content/factors/")
    );
}

#[test]
fn new_case_with_markup_or_a_very_long_title_writes_a_safe_short_file_name() {
    let site = TestSite::basic();
    let run = site.run(&["new", "case", "*Vara*", "--factor", "kultur"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("det finns redan ett fall med det här namnet\n --> content/cases/vara.md\n  = not: titeln `*Vara*` ger filnamnet `vara.md`"),
        "{}",
        run.stderr
    );
    let run = site.run(&[
        "new",
        "case",
        "*Vara* & **Skaraborg**: \"#1\"",
        "--factor",
        "kultur",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "Skapade content/cases/vara-skaraborg-1.md\n");
    let text = std::fs::read_to_string(site.root().join("content/cases/vara-skaraborg-1.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"*Vara* & **Skaraborg**: \\\"#1\\\"\"\n"),
        "{text}"
    );
    // `new` loads the site, which an unfinished draft fails: write this one over first.
    site.write(
        "content/cases/vara-skaraborg-1.md",
        &crate::scaffold::written(&text),
    );

    let long = "Ett mycket långt namn på ett fall ".repeat(300);
    let run = site.run(&["new", "case", &long, "--factor", "kultur"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let name = run
        .stdout
        .trim()
        .strip_prefix("Skapade content/cases/")
        .unwrap()
        .to_string();
    assert_eq!(
        name,
        "ett-mycket-langt-namn-pa-ett-fall-ett-mycket-langt-namn-pa.md"
    );
    assert!(name.len() <= rotsystem::scaffold::MAX_SLUG + 3);
    let rel = format!("content/cases/{name}");
    let draft = std::fs::read_to_string(site.root().join(&rel)).unwrap();
    site.write(&rel, &crate::scaffold::written(&draft));
    let (code, diags) = site.check_json();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");

    let run = site.run(&["new", "case", "Rad\u{1b}[2J", "--factor", "kultur"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("titeln innehåller ett osynligt tecken"),
        "{}",
        run.stderr
    );
}
