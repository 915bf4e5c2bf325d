//! Links to a heading (`../factors/kultur.md#slutsatser`, `#resultat`) resolved like
//! links to files: the target's body must have a heading with that id, as the site
//! writes it (`markdown::render`'s anchors), or be one of the ids every page's
//! template writes (`markdown::TEMPLATE_IDS`). A link whose file is missing is
//! already an error of the render; here only the heading is looked for.

use std::collections::HashMap;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::i18n::{self, Strings};
use crate::markdown::{Rendered, TEMPLATE_IDS};

/// One document as this check needs it: its file and its rendered body.
pub struct Body<'a> {
    pub content_path: &'a str,
    pub rel: &'a str,
    pub text: &'a str,
    pub rendered: &'a Rendered,
}

/// A warning for each link to a heading that its target does not have.
pub fn check(bodies: &[Body], t: &Strings, out: &mut Vec<Diagnostic>) {
    let by_path: HashMap<&str, &Rendered> = bodies.iter().map(|b| (b.content_path, b.rendered)).collect();
    for body in bodies {
        for link in &body.rendered.fragments {
            let Some(target) = by_path.get(link.target.as_str()) else {
                continue;
            };
            let known = |id: &str| target.anchors.iter().any(|a| a == id) || TEMPLATE_IDS.contains(&id);
            if known(&link.id) {
                continue;
            }
            let anchors: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
            let label = match did_you_mean(&link.id, anchors.iter().copied()) {
                Some(s) => i18n::text(t, "quality_anchor_suggest", &[("id", s)]),
                None => i18n::text(t, "quality_anchor_none", &[("path", &link.target)]),
            };
            let help = if anchors.is_empty() {
                i18n::text(t, "quality_anchor_help_none", &[("path", &link.target)])
            } else {
                let list: Vec<String> = anchors.iter().map(|a| format!("#{a}")).collect();
                i18n::text(
                    t,
                    "quality_anchor_help",
                    &[("path", &link.target), ("ids", &list.join(", "))],
                )
            };
            out.push(
                Diagnostic::warning(
                    body.rel,
                    i18n::text(t, "quality_anchor", &[("id", &link.id), ("path", &link.target)]),
                )
                .at(body.text, link.span)
                .label(label)
                .help(help),
            );
        }
    }
}
