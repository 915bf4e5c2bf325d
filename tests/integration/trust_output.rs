//! A build writes only inside its destination and deletes only what it wrote (issue
//! 18): every hostile or careless destination, run through the real binary, with the
//! site and a folder outside it hashed whole before and after.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::{read_tree, Run, TestSite};

/// The basic site and, beside it, a folder of someone's own files.
struct World {
    site: TestSite,
    outside: TempDir,
}

impl World {
    fn new() -> World {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("notes.txt"), "mina anteckningar\n").unwrap();
        std::fs::create_dir(outside.path().join("sub")).unwrap();
        std::fs::write(outside.path().join("sub/data.bin"), [0u8, 1, 2, 255]).unwrap();
        World {
            site: TestSite::basic(),
            outside,
        }
    }

    fn root(&self) -> &Path {
        self.site.root()
    }

    fn outside(&self) -> &Path {
        self.outside.path()
    }

    fn run(&self, args: &[&str]) -> Run {
        self.site.run(args)
    }

    fn build_into(&self, dest: &Path) -> Run {
        self.run(&["build", "--dest", dest.to_str().unwrap()])
    }

    /// Every entry of both trees, links not followed: a hash of each file's bytes, a
    /// link's target, or that it is a folder.
    fn snapshot(&self) -> BTreeMap<String, String> {
        let mut all = tree("site", self.root());
        all.extend(tree("outside", self.outside()));
        all
    }
}

fn tree(label: &str, dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let t = e.file_type();
            let what = if t.is_symlink() {
                format!("link to {}", std::fs::read_link(e.path()).unwrap().display())
            } else if t.is_dir() {
                "folder".to_string()
            } else {
                let mut h = DefaultHasher::new();
                std::fs::read(e.path()).unwrap().hash(&mut h);
                format!("file {:016x}", h.finish())
            };
            (format!("{label}/{rel}"), what)
        })
        .collect()
}

/// Everything except what lies under `prefix` (the destination).
fn without(snapshot: &BTreeMap<String, String>, prefix: &str) -> BTreeMap<String, String> {
    snapshot
        .iter()
        .filter(|(k, _)| *k != prefix && !k.starts_with(&format!("{prefix}/")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A refused run: exit 2, the message with the destination's path in it, and not a
/// byte changed anywhere, no staging folder left behind included.
fn assert_refused(world: &World, run: &Run, before: &BTreeMap<String, String>, message: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "wanted `{message}` in:\n{}",
        run.stderr
    );
    assert_eq!(&world.snapshot(), before);
}

#[test]
fn public_a_symlink_to_content_is_refused_and_content_kept() {
    let world = World::new();
    symlink("content", world.root().join("public")).unwrap();
    let before = world.snapshot();
    assert!(before.len() > 10, "{before:?}");
    let run = world.site.build();
    let public = world.root().join("public");
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "fel: bygget kan inte skrivas till {}: det är en symbolisk länk (till content), och ett bygge skriver aldrig genom en länk",
            public.display()
        ),
    );
    assert!(world.root().join("content/cases/vara.md").is_file());
}

#[test]
fn dest_a_symlink_to_a_folder_outside_the_site_is_refused() {
    let world = World::new();
    let out = world.root().join("out");
    symlink(world.outside(), &out).unwrap();
    let before = world.snapshot();
    // With a trailing slash the operating system would resolve the link itself.
    for dest in [out.clone(), PathBuf::from(format!("{}/", out.display()))] {
        let run = world.build_into(&dest);
        assert_refused(
            &world,
            &run,
            &before,
            &format!(
                "bygget kan inte skrivas till {}: det är en symbolisk länk (till {})",
                dest.display(),
                world.outside().display()
            ),
        );
    }
}

#[test]
fn dest_an_existing_folder_of_other_files_is_refused() {
    let world = World::new();
    let before = world.snapshot();
    let run = world.build_into(world.outside());
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "fel: bygget kan inte skrivas till {}: mappen har filer som rotsystem inte har skrivit (`notes.txt`, `sub`), och ett bygge ersätter hela mappen",
            world.outside().display()
        ),
    );
}

#[test]
fn an_absolute_build_dir_outside_the_site_is_refused_unless_it_is_ours() {
    let world = World::new();
    let toml = format!("[build]\nbuild-dir = \"{}\"\n\n", world.outside().display());
    world
        .site
        .edit("book.toml", "[book]\n", &format!("{toml}[book]\n"));
    let before = world.snapshot();
    let run = world.site.build();
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "bygget kan inte skrivas till {}: mappen har filer som rotsystem inte har skrivit",
            world.outside().display()
        ),
    );
    // A missing folder there is built, marked, and replaced by the next build.
    let site_out = world.outside().join("site");
    let toml2 = format!("build-dir = \"{}\"", site_out.display());
    world.site.edit("book.toml", &toml[8..toml.len() - 2], &toml2);
    assert_eq!(world.site.build().code, 0);
    let first = read_tree(&site_out);
    assert!(first.contains_key(".rotsystem-output"), "{:?}", first.keys());
    let others = without(&world.snapshot(), "outside/site");
    let run = world.site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read_tree(&site_out), first);
    assert_eq!(without(&world.snapshot(), "outside/site"), others);
}

#[test]
fn public_a_file_or_a_link_to_a_file_is_refused_and_left_as_it_was() {
    for link in [false, true] {
        let world = World::new();
        let public = world.root().join("public");
        if link {
            symlink(world.outside().join("notes.txt"), &public).unwrap();
        } else {
            std::fs::write(&public, "inte en mapp\n").unwrap();
        }
        let before = world.snapshot();
        let what = if link {
            "en symbolisk länk"
        } else {
            "en fil, inte en mapp"
        };
        let run = world.site.build();
        assert_refused(
            &world,
            &run,
            &before,
            &format!("bygget kan inte skrivas till {}: det är {what}", public.display()),
        );
        // A build that fails on its content never reaches the destination at all.
        world
            .site
            .edit("content/cases/vara.md", "  - ledarskap", "  - ledarksap");
        let before = world.snapshot();
        let run = world.site.build();
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("`ledarksap` finns inte i content/factors/"),
            "{}",
            run.stderr
        );
        assert_eq!(world.snapshot(), before);
    }
}

#[test]
fn a_parent_link_into_the_sources_is_resolved_and_refused() {
    let world = World::new();
    symlink("content", world.root().join("c")).unwrap();
    let before = world.snapshot();
    let run = world.build_into(&world.root().join("c/out"));
    let content = std::fs::canonicalize(world.root().join("content")).unwrap();
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "mappen överlappar {}, som bygget aldrig får skriva över",
            content.display()
        ),
    );
}

#[test]
fn a_marked_output_with_a_foreign_file_at_its_top_is_refused_and_kept() {
    let world = World::new();
    assert_eq!(world.site.build().code, 0);
    let public = world.root().join("public");
    std::fs::write(public.join("CNAME"), "bibliotek.example\n").unwrap();
    symlink(world.outside(), public.join("extra")).unwrap();
    let before = world.snapshot();
    let run = world.site.build();
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "bygget kan inte skrivas till {}: rotsystem har inte skrivit `CNAME`, `extra` där",
            public.display()
        ),
    );
    std::fs::remove_file(public.join("CNAME")).unwrap();
    std::fs::remove_file(public.join("extra")).unwrap();
    assert_eq!(world.site.build().code, 0);
}

#[test]
fn an_unmarked_old_output_is_refused_with_what_to_do() {
    let world = World::new();
    assert_eq!(world.site.build().code, 0);
    let public = world.root().join("public");
    std::fs::remove_file(public.join(".rotsystem-output")).unwrap();
    let before = world.snapshot();
    let run = world.site.build();
    assert_refused(
        &world,
        &run,
        &before,
        "mappen har filer som rotsystem inte har skrivit (`404.html`, `atom.xml`, `data`, … +",
    );
    assert!(
        run.stderr
            .contains("ta själv bort den här om den är ett gammalt bygge"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_marked_output_is_replaced_and_nothing_else_changes() {
    let world = World::new();
    std::fs::create_dir(world.root().join("public")).unwrap();
    assert_eq!(
        world.site.build().code,
        0,
        "an empty folder is a fine destination"
    );
    world
        .site
        .edit("content/cases/vara.md", "Vara är", "Numera är Vara");
    let before = without(&world.snapshot(), "site/public");
    let run = world.site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(without(&world.snapshot(), "site/public"), before);
    assert!(world
        .site
        .read_out("fall/vara/index.html")
        .contains("Numera är Vara"));
}

/// The marker is the only file a build adds to what the site is: the rest is the
/// in-memory build (what `serve` serves) byte for byte.
#[test]
fn the_marker_is_the_only_file_beyond_the_site() {
    let world = World::new();
    assert_eq!(world.site.build().code, 0);
    let mut built = read_tree(&world.site.out());
    let marker = String::from_utf8(built.remove(".rotsystem-output").expect("the marker")).unwrap();
    let memory = rotsystem::build::build_in_memory(world.root()).unwrap_or_else(|_| panic!("builds"));
    assert_eq!(built, memory);
    let mut top: Vec<&str> = memory.keys().map(|k| k.split('/').next().unwrap()).collect();
    top.sort_unstable();
    top.dedup();
    let listed: Vec<&str> = marker.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(listed, top);
}

#[test]
fn handouts_through_a_symlinked_public_are_refused() {
    let world = World::new();
    let real = world.outside().join("site");
    assert_eq!(world.build_into(&real).code, 0);
    let public = world.root().join("public");
    symlink(&real, &public).unwrap();
    let before = world.snapshot();
    let run = world.run(&["handouts", "--pdf"]);
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "bygget kan inte skrivas till {}: det är en symbolisk länk",
            public.display()
        ),
    );
}

#[test]
fn handouts_never_write_through_a_link_inside_the_output() {
    let world = World::new();
    assert_eq!(world.site.build().code, 0);
    let public = world.root().join("public");
    let inner = public.join("faktorer/kultur/utskrift");
    std::fs::remove_dir_all(&inner).unwrap();
    symlink(world.outside(), &inner).unwrap();
    let before = world.snapshot();
    let run = world.run(&["handouts", "--pdf"]);
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "faktorer/kultur/utskrift/index.html kan inte skrivas till {}: {} är en länk eller en fil som rotsystem inte har skrivit",
            public.display(),
            inner.display()
        ),
    );
}

#[test]
fn handouts_into_a_folder_that_is_not_an_output_are_refused() {
    let world = World::new();
    let before = world.snapshot();
    let run = world.run(&["handouts", "--dest", world.outside().to_str().unwrap()]);
    assert_refused(
        &world,
        &run,
        &before,
        "mappen har filer som rotsystem inte har skrivit (`notes.txt`",
    );
    let missing = world.root().join("public");
    let run = world.run(&["handouts"]);
    assert_refused(
        &world,
        &run,
        &before,
        &format!(
            "det finns ingen byggd webbplats i {}; kör `rotsystem build` först",
            missing.display()
        ),
    );
}

// Every config value has a range, and every config error a position.

/// `check` on the basic site with `book.toml` edited; the error as users see it.
fn check_with(edit: impl FnOnce(&TestSite)) -> Run {
    let site = TestSite::basic();
    edit(&site);
    site.run(&["check"])
}

fn with_library(key_value: &str) -> Run {
    check_with(|site| {
        let toml = std::fs::read_to_string(site.root().join("book.toml")).unwrap();
        site.write("book.toml", &format!("{toml}\n[library]\n{key_value}\n"));
    })
}

fn with_book(key_value: &str) -> Run {
    check_with(|site| {
        site.edit("book.toml", "[book]\n", &format!("[book]\n{key_value}\n"));
    })
}

/// Exit 1, and the message, the place and the source line in the rendered error.
fn assert_config_error(run: &Run, message: &str, place: &str, line: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        format!("fel: {message}\n"),
        format!(" --> book.toml:{place}\n"),
        format!("| {line}\n"),
    ] {
        assert!(run.stderr.contains(&want), "wanted `{want}` in:\n{}", run.stderr);
    }
}

#[test]
fn counts_in_book_toml_are_bounded_at_their_place() {
    // book.toml is 7 lines; `[library]` comes after an empty line, on line 9.
    let run = with_library("related-cases = 4294967295");
    assert_config_error(
        &run,
        "`related-cases` ska vara ett heltal från 0 till 50, inte 4294967295",
        "10:17",
        "related-cases = 4294967295",
    );
    let run = with_library("listing-page-size = 0");
    assert_config_error(
        &run,
        "`listing-page-size` ska vara ett heltal från 1 till 1000, inte 0",
        "10:21",
        "listing-page-size = 0",
    );
    let run = with_library("listing-page-size = -3");
    assert_config_error(
        &run,
        "`listing-page-size` ska vara ett heltal från 1 till 1000, inte -3",
        "10:21",
        "listing-page-size = -3",
    );
    for fine in [
        "related-cases = 0",
        "related-cases = 50",
        "listing-page-size = 1000",
    ] {
        let run = with_library(fine);
        assert_eq!(run.code, 0, "{fine}: {}", run.stderr);
    }
}

#[test]
fn src_and_theme_stay_inside_the_site_at_their_place() {
    let start = std::time::Instant::now();
    let run = with_book("src = \"/\"");
    assert!(
        start.elapsed().as_secs() < 10,
        "it walked something: {:?}",
        start.elapsed()
    );
    assert_config_error(
        &run,
        "`src` ska vara en mapp inne i webbplatsens mapp, inte `/`; sökvägen räknas från mappen där book.toml ligger",
        "2:7",
        "src = \"/\"",
    );
    let run = with_book("src = \"content/../..\"");
    assert_config_error(
        &run,
        "`src` ska vara en mapp inne i webbplatsens mapp, inte `content/../..`; sökvägen räknas från mappen där book.toml ligger",
        "2:7",
        "src = \"content/../..\"",
    );
    let run = check_with(|site| {
        site.edit(
            "book.toml",
            "[output.html]\n",
            "[output.html]\ntheme = \"/etc\"\n",
        );
    });
    assert_config_error(
        &run,
        "`theme` ska vara en mapp inne i webbplatsens mapp, inte `/etc`; sökvägen räknas från mappen där book.toml ligger",
        "6:9",
        "theme = \"/etc\"",
    );
    let run = check_with(|site| {
        site.write("book.toml", "[build]\nbuild-dir = \"../public\"\n");
    });
    assert_config_error(
        &run,
        "`build-dir` ska vara en mapp inne i webbplatsens mapp eller en fullständig sökväg, inte `../public`; sökvägen räknas från mappen där book.toml ligger",
        "2:13",
        "build-dir = \"../public\"",
    );
}

#[test]
fn a_src_link_out_of_the_site_is_refused_at_its_place() {
    let run = check_with(|site| {
        symlink("/", site.root().join("c")).unwrap();
        site.edit("book.toml", "[book]\n", "[book]\nsrc = \"c\"\n");
    });
    assert_config_error(
        &run,
        "`src` leder via en länk ut ur webbplatsens mapp, till /",
        "2:8",
        "src = \"c\"",
    );
    assert!(
        run.stderr
            .contains("= hjälp: ett bygge läser och skriver bara inne i webbplatsens mapp"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_byte_that_is_not_utf8_in_book_toml_has_a_place() {
    let run = check_with(|site| {
        site.write_bytes("book.toml", b"[book]\ntitle = \"Bibliotek \xff\xfe\"\n");
    });
    assert_config_error(
        &run,
        "book.toml är inte sparad som UTF-8: byten 0xFF hör inte till något tecken",
        "2:20",
        "title = \"Bibliotek \u{FFFD}\u{FFFD}\"",
    );
}

#[test]
fn config_texts_are_bounded_and_hold_no_control_characters() {
    let long = "R".repeat(100_000);
    let title = |value: &str| {
        check_with(|site| {
            site.edit(
                "book.toml",
                "title = \"Testbiblioteket\"",
                &format!("title = {value}"),
            );
        })
    };
    let run = title(&format!("\"{long}\""));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fel: `title` får ha högst 200 tecken, inte 100000\n --> book.toml:2:9\n"),
        "{}",
        run.stderr
    );
    // A terminal escape, written as a toml escape: refused, and never echoed raw.
    let run = title("\"Rot\\u001b[2Jsystemet\"");
    assert_config_error(
        &run,
        "`title` innehåller det osynliga tecknet U+001B, som ingen sida kan visa; ta bort det",
        "2:9",
        "title = \"Rot\\u001b[2Jsystemet\"",
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    let run = with_library("version = \"2026.1\\u0000\"");
    assert_config_error(
        &run,
        "`version` innehåller det osynliga tecknet U+0000, som ingen sida kan visa; ta bort det",
        "10:11",
        "version = \"2026.1\\u0000\"",
    );
    let names: Vec<String> = (0..51).map(|i| format!("\"Redaktör {i}\"")).collect();
    let run = with_book(&format!("authors = [{}]", names.join(", ")));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fel: `authors` får ha högst 50 namn, inte 51\n --> book.toml:2:11\n"),
        "{}",
        run.stderr
    );
}
