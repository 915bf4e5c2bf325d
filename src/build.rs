//! `load` then `build`: the whole pipeline, readable top to bottom.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, COMMAND_LINE};
use crate::handout;
use crate::i18n::Strings;
use crate::output::{self, Staging};
use crate::render::{self, theme::Theme, Emit};
use crate::search;
use crate::site::{LoadError, Site};
use crate::timing::Laps;

pub struct Summary {
    pub pages: usize,
    pub cases: usize,
    pub dest: PathBuf,
    pub elapsed: Duration,
    /// Each stage's name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Things worth knowing that are not errors.
    pub notes: Vec<String>,
    /// The site's interface strings, for the command's messages.
    pub strings: Strings,
}

pub struct HandoutSummary {
    pub pages: usize,
    pub pdfs: usize,
    pub dest: PathBuf,
    pub elapsed: Duration,
    pub strings: Strings,
}

/// A site that passed every check a build makes, and what `check` warns about.
pub struct Checked {
    pub site: Site,
    pub strings: Strings,
    pub quality: crate::quality::Quality,
    /// Each stage's name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Loads and validates the site's content at `root`: the first step of every
/// command.
pub fn load(root: &Path) -> Result<Site, LoadError> {
    Site::load(root)
}

/// Everything `build` validates, writing nothing: the content, the theme, and that
/// every handout fits its pages (laid out as `build` lays it out, without the PDF).
pub fn check(root: &Path) -> Result<Checked, LoadError> {
    let mut laps = Laps::default();
    let site = Site::load_keeping(root, &mut laps, false)?;
    let theme = Theme::load(&root.join(&site.config.output.html.theme)).map_err(LoadError::Internal)?;
    let strings = theme.strings(&site.config.book.language);
    handout::pdf::check(&site, strings)?;
    laps.lap("handouts fit");
    let quality = crate::quality::check(&site, strings);
    laps.lap("quality");
    Ok(Checked {
        quality,
        strings: strings.clone(),
        site,
        stages: laps.stages,
    })
}

/// Every output file of the site at `root`, by path, without touching the disk:
/// what `serve` serves, and what tests compare.
pub fn build_in_memory(root: &Path) -> Result<std::collections::BTreeMap<String, Vec<u8>>, LoadError> {
    let site = Site::load(root)?;
    let theme = Theme::load(&root.join(&site.config.output.html.theme)).map_err(LoadError::Internal)?;
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    render_all(
        &site,
        &theme,
        &mut Laps::default(),
        &|path: &str, bytes: &[u8]| {
            files
                .lock()
                .expect("no panics while holding")
                .insert(path.to_string(), bytes.to_vec());
            Ok(())
        },
    )
    .map_err(LoadError::Internal)?;
    let mut files = files.into_inner().expect("no panics while holding");
    // The handout PDFs too, so the factor pages' download links work in the preview;
    // all of them take about 0.3 s in a release build.
    let t = theme.strings(&site.config.book.language);
    files.extend(handout::pdf::build(&site, t, &handout::pdf::kinds(&site))?);
    files.extend([whole_pack(&site, t)?]);
    files.extend(handout::booklet::all(&site, t)?);
    Ok(files)
}

/// Everything a build writes. The search index is built beside the pages, since it
/// needs nothing they make; the search page, which names the index's manifest, comes
/// last. Returns how many HTML pages were written.
pub fn render_all(site: &Site, theme: &Theme, laps: &mut Laps, emit: &dyn Emit) -> anyhow::Result<usize> {
    let base = site.base();
    let emit_bytes = |path: &str, bytes: &[u8]| emit.bytes(path, bytes);
    let ((manifest, index_time, export_time), (pages, pages_time)) = rayon::join(
        || {
            let start = Instant::now();
            let index = search::SearchIndex::build(site, theme.strings(&site.config.book.language));
            let index_time = start.elapsed();
            // Written as they are made: some 25,000 files at 10,000 cases, 1.5 GB
            // at 100,000, which the pages' thread and this one write alike.
            let manifest = index.and_then(|index| search::export_into_site(&index, &base, &emit_bytes));
            (manifest, index_time, start.elapsed() - index_time)
        },
        || {
            let start = Instant::now();
            (render::render(site, theme, emit), start.elapsed())
        },
    );
    laps.lap("pages beside search index");
    laps.note("  pages, rendered and written", pages_time);
    laps.note("  search index (tantivy)", index_time);
    laps.note("  search index export", export_time);
    let manifest = manifest?;
    let search_pages = render::render_search_pages(site, theme, &manifest, emit)?;
    laps.lap("search pages");
    Ok(pages? + search_pages)
}

/// Builds the site at `root` into `dest` (default: the config's build folder).
pub fn build(root: &Path, dest: Option<&Path>) -> Result<Summary, LoadError> {
    let start = Instant::now();
    let mut laps = Laps::default();
    // 1. Read and validate everything; stop before writing if anything is wrong.
    let site = Site::load_timed(root, &mut laps)?;
    let dest = dest.map_or_else(|| root.join(&site.config.build.build_dir), Path::to_path_buf);
    let protected = [
        root.join(&site.config.book.src),
        root.join(&site.config.output.html.theme),
        root.join("book.toml"),
    ];
    let target =
        output::check_destination(&dest, &protected, output::Mode::Replace).map_err(LoadError::Internal)?;
    // 2. The theme: built-in templates with the site's overrides.
    let theme = Theme::load(&root.join(&site.config.output.html.theme)).map_err(LoadError::Internal)?;
    // 3. Render every page into a staging folder; any error drops it unseen.
    let staging = Staging::new(&target).map_err(LoadError::Internal)?;
    laps.lap("theme, staging");
    let write = Timed {
        staging: &staging,
        writing: AtomicU64::new(0),
    };
    let pages = render_all(&site, &theme, &mut laps, &write).map_err(LoadError::Internal)?;
    // 4. The handouts' PDFs, which the factor pages link to; a handout that cannot
    //    fit its pages fails the build like any other content problem.
    let t = theme.strings(&site.config.book.language);
    let mut pdfs = handout::pdf::build(&site, t, &handout::pdf::kinds(&site))?;
    pdfs.push(whole_pack(&site, t)?);
    pdfs.extend(handout::booklet::all(&site, t)?);
    laps.lap("handout pdfs");
    for (path, bytes) in pdfs {
        write.bytes(&path, &bytes).map_err(LoadError::Internal)?;
    }
    let writing = Duration::from_nanos(write.writing.into_inner());
    // 5. Swap the finished site in.
    staging.commit().map_err(LoadError::Internal)?;
    laps.lap("pdfs written, swap in");
    laps.note("(writing files, thread time)", writing);
    let notes = local_site_url(&site)
        .map(|url| crate::i18n::text(t, "cli_note_local_site_url", &[("url", url)]))
        .into_iter()
        .collect();
    Ok(Summary {
        notes,
        strings: t.clone(),
        stages: laps.stages,
        pages,
        cases: site.cases.len(),
        dest,
        elapsed: start.elapsed(),
    })
}

/// The staging folder, with the time spent writing whole files added up. A streamed
/// file's time is its making's too, so it counts in its page stage only.
struct Timed<'a> {
    staging: &'a Staging,
    writing: AtomicU64,
}

impl Emit for Timed<'_> {
    fn bytes(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let start = Instant::now();
        let written = self.staging.write(path, bytes);
        self.writing
            .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        written
    }

    fn stream(&self, path: &str, make: render::Make<'_>) -> anyhow::Result<()> {
        self.staging.stream(path, make)
    }
}

/// Rebuilds the handouts (their HTML pages, and with `pdf` their PDFs) into an
/// existing site, for all factors and the two overviews or for one factor.
pub fn handouts(
    root: &Path,
    dest: Option<&Path>,
    factors: &[String],
    pdf: bool,
) -> Result<HandoutSummary, LoadError> {
    let start = Instant::now();
    let site = Site::load(root)?;
    let dest = dest.map_or_else(|| root.join(&site.config.build.build_dir), Path::to_path_buf);
    let mut kinds = Vec::new();
    let mut unknown = Vec::new();
    for id in factors {
        match site.factor_pos(id) {
            Some(i) if !kinds.contains(&handout::Kind::Factor(i)) => kinds.push(handout::Kind::Factor(i)),
            Some(_) => {}
            None => {
                let ids: Vec<&str> = site.factors().iter().map(|f| f.doc.slug.as_str()).collect();
                unknown.push(
                    Diagnostic::error_t(COMMAND_LINE, "diag_cli_unknown_factor", &[("id", id)])
                        .suggest(id, ids.iter().copied())
                        .help_t("diag_cli_factors_help", &[("ids", &ids.join(", "))]),
                );
            }
        }
    }
    if !unknown.is_empty() {
        return Err(LoadError::Content(unknown));
    }
    // Several factors are also one PDF of them all, in the order given.
    let pack = kinds.len() > 1;
    if kinds.is_empty() {
        kinds = handout::pdf::kinds(&site);
    }
    if let (true, Some(url)) = (pdf, local_site_url(&site)) {
        let d = Diagnostic::error_t("book.toml", "diag_handout_site_url_local", &[("url", url)])
            .help_t("diag_handout_site_url_local_help", &[]);
        return Err(LoadError::Content(vec![d]));
    }
    let protected = [
        root.join(&site.config.book.src),
        root.join(&site.config.output.html.theme),
        root.join("book.toml"),
    ];
    let target =
        output::check_destination(&dest, &protected, output::Mode::Merge).map_err(LoadError::Internal)?;
    let theme = Theme::load(&root.join(&site.config.output.html.theme)).map_err(LoadError::Internal)?;
    let staging = Staging::new(&target).map_err(LoadError::Internal)?;
    let pages = render::render_handouts(&site, &theme, &kinds, &|path: &str, bytes: &[u8]| {
        staging.write(path, bytes)
    })
    .map_err(LoadError::Internal)?;
    let t = theme.strings(&site.config.book.language);
    let mut pdfs = 0;
    if pdf {
        for (path, bytes) in handout::pdf::build(&site, t, &kinds)? {
            staging.write(&path, &bytes).map_err(LoadError::Internal)?;
            pdfs += 1;
        }
        // The whole pack holds every handout just rebuilt.
        let mut packs = vec![whole_pack(&site, t)?];
        if pack {
            packs.push(handout::pdf::pack(
                &site,
                t,
                &kinds,
                &handout::pdf::pack_name(&site, &kinds),
            )?);
        }
        // The collections' booklets print the cases' factor notes: rebuilt with all.
        if factors.is_empty() {
            packs.extend(handout::booklet::all(&site, t)?);
        }
        for (path, bytes) in packs {
            staging.write(&path, &bytes).map_err(LoadError::Internal)?;
            pdfs += 1;
        }
    }
    staging.merge().map_err(LoadError::Internal)?;
    Ok(HandoutSummary {
        pages,
        pdfs,
        dest,
        elapsed: start.elapsed(),
        strings: t.clone(),
    })
}

/// Every handout of the site in one PDF, which the factor pages link to.
fn whole_pack(site: &Site, t: &Strings) -> Result<(String, Vec<u8>), LoadError> {
    let kinds = handout::pdf::pack_kinds(site);
    handout::pdf::pack(site, t, &kinds, handout::pdf::WHOLE_PACK)
}

/// The site URL when it is a loopback address (the default), which a printed QR
/// code must not lead to.
fn local_site_url(site: &Site) -> Option<&str> {
    let url = site.config.output.html.site_url.as_str();
    let host = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = host.split(['/', ':']).next().unwrap_or("");
    let local =
        host == "localhost" || host.starts_with("127.") || host.is_empty() || url.contains("://[::1]");
    local.then_some(url)
}
