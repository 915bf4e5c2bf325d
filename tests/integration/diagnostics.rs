//! One test per kind of content problem, asserting file, line, column and message,
//! plus the rendered text an editor sees.

use serde_json::Value;

use crate::support::TestSite;

fn only(diags: &[Value]) -> &Value {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    &diags[0]
}

fn place(d: &Value) -> (String, u64, u64, String) {
    (
        d["file"].as_str().unwrap().to_string(),
        d["span"]["line"].as_u64().unwrap_or(0),
        d["span"]["col"].as_u64().unwrap_or(0),
        d["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_fixture_site_is_valid() {
    let (code, diags) = TestSite::basic().check_json();
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn unknown_front_matter_key() {
    let site = TestSite::basic();
    site.edit("content/cases/umea.md", "keywords:", "nyckelord: [x]\nkeywords:");
    let (code, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(code, 1);
    assert_eq!(
        place(d),
        (
            "content/cases/umea.md".into(),
            7,
            1,
            "okänd nyckel `nyckelord`".into()
        )
    );
    assert!(d["help"].as_str().unwrap().contains("keywords"));
}

#[test]
fn unknown_factor_suggests_the_closest_id() {
    let site = TestSite::basic();
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    let (code, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(code, 1);
    assert_eq!(
        place(d),
        (
            "content/cases/vara.md".into(),
            9,
            5,
            "`ledarksap` finns inte i content/factors/".into()
        )
    );
    assert_eq!(d["label"], "menar du `ledarskap`?");
}

#[test]
fn unknown_factor_in_a_noted_item_points_at_the_id() {
    let site = TestSite::basic();
    site.edit("content/cases/vara.md", "  - id: kultur", "  - id: kulturr");
    let (_, diags) = site.check_json();
    assert_eq!(
        place(only(&diags)),
        (
            "content/cases/vara.md".into(),
            7,
            9,
            "`kulturr` finns inte i content/factors/".into()
        )
    );
}

#[test]
fn unknown_step() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/vara.md",
        "steps: [myllstimulans]",
        "steps: [myllstimulan]",
    );
    let (_, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(
        place(d),
        (
            "content/cases/vara.md".into(),
            10,
            9,
            "`myllstimulan` finns inte i content/steps/".into()
        )
    );
    assert_eq!(d["label"], "menar du `myllstimulans`?");
}

#[test]
fn unknown_municipality() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "municipalities: [umea]",
        "municipalities: [umeå]",
    );
    let (_, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(
        place(d),
        (
            "content/cases/umea.md".into(),
            5,
            18,
            "okänd kommun `umeå`".into()
        )
    );
    assert_eq!(d["label"], "menar du `umea`?");
}

#[test]
fn duplicate_slug() {
    let site = TestSite::basic();
    site.edit("content/cases/umea.md", "year: 2013", "year: 2013\nslug: vara");
    let (_, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(
        place(d),
        (
            "content/cases/vara.md".into(),
            1,
            1,
            "två filer har slugen `vara`".into()
        )
    );
    assert_eq!(d["label"], "används också av content/cases/umea.md");
}

#[test]
fn duplicate_slug_from_a_slug_key_points_at_the_key() {
    let site = TestSite::basic();
    site.edit("content/cases/vara.md", "year: 2013", "year: 2013\nslug: umea");
    let (_, diags) = site.check_json();
    assert_eq!(
        place(only(&diags)),
        (
            "content/cases/vara.md".into(),
            5,
            7,
            "två filer har slugen `umea`".into()
        )
    );
}

#[test]
fn missing_required_field() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "summary: Umeå blev kulturhuvudstad 2014.\n",
        "",
    );
    let (_, diags) = site.check_json();
    let (file, line, _, message) = place(only(&diags));
    assert_eq!(
        (file.as_str(), line, message.as_str()),
        ("content/cases/umea.md", 2, "nyckeln `summary` saknas men krävs")
    );
}

#[test]
fn malformed_value() {
    let site = TestSite::basic();
    site.edit("content/cases/umea.md", "year: 2013", "year: tjugotretton");
    let (_, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(
        place(d),
        (
            "content/cases/umea.md".into(),
            4,
            7,
            "här ska det stå ett heltal, inte texten \"tjugotretton\" (i `year`)".into()
        )
    );
}

#[test]
fn file_that_is_not_utf8() {
    let site = TestSite::basic();
    site.write_bytes("content/cases/latin1.md", b"---\ntitle: V\xe4ster\xe5s\n---\n");
    let (_, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(
        place(d),
        (
            "content/cases/latin1.md".into(),
            2,
            9,
            "filen är inte sparad som UTF-8".into()
        )
    );
    assert_eq!(d["label"], "byten 0xE4 hör inte till något tecken");
}

#[test]
fn broken_link() {
    let site = TestSite::basic();
    site.edit(
        "content/cases/umea.md",
        "Umeå växer.",
        "Umeå växer, se [Vara](vra.md).",
    );
    let (_, diags) = site.check_json();
    let d = only(&diags);
    assert_eq!(
        place(d),
        (
            "content/cases/umea.md".into(),
            14,
            16,
            "länken `vra.md` leder ingenstans".into()
        )
    );
    assert_eq!(d["label"], "menar du `cases/vara.md`?");
}

#[test]
fn unknown_config_key() {
    let site = TestSite::basic();
    site.edit("book.toml", "[book]", "[book]\ntitel = \"x\"");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let d = only(&diags);
    assert_eq!(
        place(d),
        ("book.toml".into(), 2, 1, "okänd nyckel `titel`".into())
    );
    assert_eq!(d["label"], "menar du `title`?");
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let site = TestSite::basic();
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    site.edit("content/cases/umea.md", "year: 2013", "year: 2013\nsteps: [nope]");
    site.write("content/cases/trasig.md", "ingen front matter\n");
    let (_, diags) = site.check_json();
    let files: Vec<&str> = diags.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "content/cases/trasig.md",
            "content/cases/umea.md",
            "content/cases/vara.md"
        ]
    );
}

#[test]
fn human_output_looks_like_cargo() {
    let site = TestSite::basic();
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr, @r"
    fel: `ledarksap` finns inte i content/factors/
     --> content/cases/vara.md:9:5
      |
    9 |   - ledarksap
      |     ^^^^^^^^^ menar du `ledarskap`?
      |
      = hjälp: filerna i content/factors/ är: kultur, ledarskap

    fel: hittade 1 problem i innehållet
    ");
}

#[test]
fn github_annotations_are_escaped() {
    let site = TestSite::basic();
    site.edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/cases/vara.md,line=9,col=5::`ledarksap` finns inte i content/factors/ (menar du `ledarskap`?)%0Ahjälp: filerna i content/factors/ är: kultur, ledarskap\n"
    );
}
