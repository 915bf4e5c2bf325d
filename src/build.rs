//! `load` then `build`: the whole pipeline, readable top to bottom.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::output::{self, Staging};
use crate::render::{self, theme::Theme};
use crate::site::{LoadError, Site};
use crate::{search, urls};

pub struct Summary {
    pub pages: usize,
    pub cases: usize,
    pub dest: PathBuf,
    pub elapsed: Duration,
    /// Each stage's name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Loads and validates the site at `root`; the same step `check` runs.
pub fn check(root: &Path) -> Result<Site, LoadError> {
    Site::load(root)
}

/// Every output file of the site at `root`, by path, without touching the disk:
/// what `serve` serves, and what tests compare.
pub fn build_in_memory(root: &Path) -> Result<std::collections::BTreeMap<String, Vec<u8>>, LoadError> {
    let site = Site::load(root)?;
    let theme = Theme::load(&root.join(&site.config.output.html.theme)).map_err(LoadError::Internal)?;
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    render_all(&site, &theme, &mut |_| {}, &|path, bytes| {
        files
            .lock()
            .expect("no panics while holding")
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    })
    .map_err(LoadError::Internal)?;
    Ok(files.into_inner().expect("no panics while holding"))
}

/// Everything a build writes. The search index is built beside the pages, since it
/// needs nothing they make; the search page, which names the index's manifest, comes
/// last.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    stage: &mut dyn FnMut(&'static str),
    emit: &(dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync),
) -> anyhow::Result<(usize, Duration)> {
    let (export, pages) = rayon::join(
        || {
            let start = Instant::now();
            let export = search::SearchIndex::build(site).and_then(|index| search::export(&index));
            (export, start.elapsed())
        },
        || render::render(site, theme, emit),
    );
    let ((export, search_time), pages) = (export, pages?);
    let export = export?;
    let data = urls::search_data(&site.base());
    let prefix = urls::output_file(&site.base(), &data);
    let prefix = prefix
        .strip_suffix("index.html")
        .expect("output files end in index.html");
    for (path, bytes) in &export.files {
        emit(&format!("{prefix}{path}"), bytes)?;
    }
    render::render_search_page(site, theme, &format!("{data}{}", export.manifest), emit)?;
    stage("render and write");
    Ok((pages + 1, search_time))
}

/// Builds the site at `root` into `dest` (default: the config's build folder).
pub fn build(root: &Path, dest: Option<&Path>) -> Result<Summary, LoadError> {
    let start = Instant::now();
    let mut stages = Vec::new();
    let mut lap = Instant::now();
    let mut stage = |name: &'static str| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    // 1. Read and validate everything; stop before writing if anything is wrong.
    let site = Site::load(root)?;
    let dest = dest.map_or_else(|| root.join(&site.config.build.build_dir), Path::to_path_buf);
    let protected = [
        root.join(&site.config.book.src),
        root.join(&site.config.output.html.theme),
        root.join("book.toml"),
    ];
    output::check_destination(&dest, &protected).map_err(LoadError::Internal)?;
    stage("load");
    // 2. The theme: built-in templates with the site's overrides.
    let theme = Theme::load(&root.join(&site.config.output.html.theme)).map_err(LoadError::Internal)?;
    // 3. Render every page into a staging folder; any error drops it unseen.
    let staging = Staging::new(&dest).map_err(LoadError::Internal)?;
    let (pages, search_time) = render_all(&site, &theme, &mut stage, &|path, bytes| {
        staging.write(path, bytes)
    })
    .map_err(LoadError::Internal)?;
    // 4. Swap the finished site in.
    staging.commit().map_err(LoadError::Internal)?;
    stage("swap in");
    // Not a stage of its own: it ran beside rendering.
    stages.push(("(search index)", search_time));
    Ok(Summary {
        stages,
        pages,
        cases: site.cases.len(),
        dest,
        elapsed: start.elapsed(),
    })
}
