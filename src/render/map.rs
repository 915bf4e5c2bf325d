//! The map of Sweden: an inline SVG drawn at build time from SCB's municipality and
//! county boundaries (`crate::places`), so the site needs no tile server and makes
//! no third-party request.
//!
//! The geometry is `convert.py`'s: SWEREF 99 TM, simplified to about a kilometre,
//! borders shared by neighbours drawn once. Three faint-to-firm layers (land, the
//! borders between municipalities, between counties) carry no meaning of their own,
//! so they are hidden from assistive technology; the points are links with names.
//! Output is deterministic: fixed decimals, points in the order given.

use std::fmt::Write as _;

use crate::places;

/// A point on the map: a municipality and the link to its page.
pub struct Point<'a> {
    /// The municipality's point in map units (`places::Place::x`, `y`).
    pub x: f64,
    pub y: f64,
    pub url: &'a str,
    /// The link's accessible name, e.g. "Umeå: 3 fall".
    pub label: String,
    pub count: usize,
}

/// The map as inline SVG. `title` and `desc` name and describe it for assistive
/// technology; `points` are drawn in the order given, so later points sit on top.
pub fn svg(title: &str, desc: &str, points: &[Point]) -> String {
    let map = places::map();
    let mut out = String::with_capacity(map.land.len() + map.county.len() + map.municipality.len() + 4096);
    let _ = write!(
        out,
        r#"<svg class="map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="karta-titel" aria-describedby="karta-beskrivning"><title id="karta-titel">{t}</title><desc id="karta-beskrivning">{d}</desc>"#,
        w = map.width,
        h = map.height,
        t = escape(title),
        d = escape(desc),
    );
    for (class, d) in [
        ("land", map.land),
        ("border-municipality", map.municipality),
        ("border-county", map.county),
    ] {
        let _ = write!(out, r#"<path class="{class}" aria-hidden="true" d="{d}"/>"#);
    }
    for p in points {
        // Area grows with the number of cases; every point stays an easy target
        // (about 7 px across at the map's narrowest).
        let r = 16.0 + 6.0 * (p.count as f64).sqrt();
        let _ = write!(
            out,
            r#"<a href="{url}"><title>{label}</title><circle class="pt" cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/></a>"#,
            url = escape(p.url),
            label = escape(&p.label),
            x = p.x,
            y = p.y,
        );
    }
    out.push_str("</svg>");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_links_with_names_and_output_is_stable() {
        let umea = places::all()[places::find("umea").unwrap()];
        let points = [Point {
            x: umea.x,
            y: umea.y,
            url: "/kommuner/umea/",
            label: "Umeå: 3 fall".into(),
            count: 3,
        }];
        let a = svg("Karta", "Sveriges kommuner", &points);
        assert_eq!(a, svg("Karta", "Sveriges kommuner", &points));
        assert!(a.contains(r#"<a href="/kommuner/umea/"><title>Umeå: 3 fall</title><circle"#));
        assert!(a.contains(r#"<desc id="karta-beskrivning">Sveriges kommuner</desc>"#));
        assert!(!a.contains("style="));
    }
}
