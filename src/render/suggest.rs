//! The "Föreslå ett fall" page: a form whose script (`static/suggest.js`) writes the
//! same file `rotsystem new case` writes and opens it, prefilled, in GitHub's
//! new-file editor, so an editor without git can start a pull request from the
//! browser. Nothing of ours runs on a server.
//!
//! The page exists only when `git-repository-url` is a GitHub repository: the
//! prefilled new-file link is GitHub's.

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, Page, PageId, PageKind};
use crate::urls;

use crate::site::Site;

#[derive(Serialize)]
pub struct SuggestView<'a> {
    /// `https://github.com/owner/repo`, without a trailing `/` or `.git`.
    pub repository: String,
    pub branch: &'a str,
    /// The content folder inside the repository, `/`-separated.
    pub src: String,
    pub factors: Vec<Term<'a>>,
    /// In Swedish alphabetical order.
    pub municipalities: Vec<Term<'a>>,
}

#[derive(Serialize)]
pub struct Term<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

fn repository(site: &Site) -> Option<String> {
    let url = site.config.output.html.git_repository_url.as_deref()?;
    let url = url.trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    let path = url.strip_prefix("https://github.com/")?;
    let parts: Vec<&str> = path.split('/').collect();
    (parts.len() == 2 && parts.iter().all(|p| !p.is_empty())).then(|| url.to_string())
}

pub fn enabled(site: &Site) -> bool {
    repository(site).is_some()
}

pub fn view(site: &Site) -> SuggestView<'_> {
    SuggestView {
        repository: repository(site).unwrap_or_default(),
        branch: &site.config.output.html.git_branch,
        src: site.config.book.src.to_string_lossy().replace('\\', "/"),
        factors: site
            .factors()
            .iter()
            .map(|f| Term {
                id: &f.doc.slug,
                name: &f.doc.meta.name,
            })
            .collect(),
        municipalities: site
            .index
            .municipalities
            .iter()
            .map(|&i| Term {
                id: &site.municipalities[i].id,
                name: &site.municipalities[i].name,
            })
            .collect(),
    }
}

pub struct Suggest;
pub static SUGGEST: Suggest = Suggest;

impl PageKind for Suggest {
    fn name(&self) -> &'static str {
        "suggest"
    }

    fn pages(&self, site: &Site) -> Vec<PageId> {
        if enabled(site) {
            PageId::single()
        } else {
            Vec::new()
        }
    }

    fn page<'a>(&self, ctx: &'a Ctx<'a>, _: &PageId) -> Result<Page<'a>> {
        let url = urls::suggest(&ctx.base);
        let (title, description) = (ctx.tr("suggest_title"), ctx.tr("suggest_description"));
        Ok(Page::html(&ctx.base, &url, "suggest.html", title, description).with("suggest", view(ctx.site)))
    }
}
