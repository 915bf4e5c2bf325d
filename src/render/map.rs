//! The map of Sweden: an inline SVG drawn at build time from the municipalities'
//! coordinates, so the site needs no tile server and makes no third-party request.
//!
//! The outline is a hand-simplified polygon of the mainland, Öland and Gotland from
//! known coastal and border points (WGS 84), about 5–20 km off the true line: enough
//! to place a point in the right part of the country, not for measuring. The
//! projection is sinusoidal around 16° E, which keeps Sweden's tilt and proportions.
//! Output is deterministic: fixed decimals, points in the order given.

use std::fmt::Write as _;

/// Mainland, clockwise from Treriksröset: the Norwegian border, the west coast,
/// Skåne, the east coast and the Finnish border. (lat, lon).
const MAINLAND: &[(f64, f64)] = &[
    (69.06, 20.55),
    (68.75, 19.34),
    (68.43, 18.10),
    (68.08, 18.05),
    (67.75, 17.20),
    (67.45, 16.40),
    (67.10, 16.30),
    (66.60, 15.40),
    (66.15, 14.60),
    (65.60, 14.45),
    (65.10, 14.30),
    (64.50, 14.05),
    (64.10, 13.90),
    (63.75, 12.60),
    (63.32, 12.10),
    (62.90, 12.10),
    (62.30, 12.25),
    (61.80, 12.40),
    (61.30, 12.70),
    (60.80, 12.65),
    (60.30, 12.50),
    (59.88, 12.18),
    (59.50, 11.75),
    (59.10, 11.27),
    (58.90, 11.12),
    (58.60, 11.18),
    (58.35, 11.22),
    (58.22, 11.40),
    (58.00, 11.55),
    (57.85, 11.62),
    (57.68, 11.72),
    (57.40, 11.92),
    (57.10, 12.20),
    (56.88, 12.46),
    (56.65, 12.78),
    (56.50, 12.92),
    (56.45, 12.65),
    (56.33, 12.85),
    (56.30, 12.45),
    (56.15, 12.55),
    (56.03, 12.68),
    (55.87, 12.80),
    (55.70, 13.02),
    (55.60, 12.95),
    (55.42, 12.82),
    (55.38, 13.15),
    (55.33, 13.36),
    (55.42, 13.82),
    (55.38, 14.20),
    (55.55, 14.37),
    (55.85, 14.25),
    (56.03, 14.55),
    (56.15, 14.85),
    (56.12, 15.30),
    (56.10, 15.62),
    (56.22, 15.88),
    (56.45, 16.08),
    (56.66, 16.40),
    (57.00, 16.48),
    (57.28, 16.52),
    (57.76, 16.68),
    (58.10, 16.82),
    (58.48, 16.96),
    (58.65, 17.25),
    (58.75, 17.88),
    (59.05, 18.10),
    (59.22, 18.55),
    (59.40, 18.95),
    (59.70, 19.05),
    (60.05, 18.85),
    (60.35, 18.55),
    (60.55, 17.70),
    (60.70, 17.22),
    (61.00, 17.25),
    (61.30, 17.18),
    (61.73, 17.18),
    (62.05, 17.42),
    (62.40, 17.45),
    (62.63, 17.98),
    (62.95, 18.35),
    (63.28, 18.78),
    (63.52, 19.40),
    (63.70, 20.35),
    (63.95, 20.85),
    (64.25, 21.12),
    (64.70, 21.28),
    (65.00, 21.55),
    (65.30, 21.60),
    (65.55, 22.22),
    (65.70, 22.75),
    (65.78, 23.25),
    (65.76, 23.75),
    (65.82, 24.16),
    (66.10, 23.90),
    (66.40, 23.65),
    (66.80, 23.85),
    (67.20, 23.45),
    (67.60, 23.55),
    (67.95, 23.50),
    (68.20, 22.95),
    (68.44, 22.45),
    (68.65, 21.70),
    (68.85, 21.00),
];

const OLAND: &[(f64, f64)] = &[
    (56.20, 16.40),
    (56.55, 16.45),
    (56.88, 16.62),
    (57.15, 16.88),
    (57.37, 17.10),
    (57.05, 17.02),
    (56.65, 16.75),
    (56.35, 16.58),
];

const GOTLAND: &[(f64, f64)] = &[
    (56.92, 18.12),
    (57.20, 18.15),
    (57.40, 18.18),
    (57.64, 18.28),
    (57.85, 18.65),
    (57.97, 19.35),
    (57.75, 18.98),
    (57.43, 18.95),
    (57.15, 18.55),
];

const ISLANDS: &[&[(f64, f64)]] = &[MAINLAND, OLAND, GOTLAND];

/// SVG units per degree of latitude.
const SCALE: f64 = 30.0;
const PAD: f64 = 12.0;
const CENTRAL_MERIDIAN: f64 = 16.0;

/// A point on the map: a municipality and the link to its page.
pub struct Point<'a> {
    pub lat: f64,
    pub lon: f64,
    pub url: &'a str,
    /// The link's accessible name, e.g. "Umeå: 3 fall".
    pub label: String,
    pub count: usize,
}

fn project(lat: f64, lon: f64) -> (f64, f64) {
    let x = (lon - CENTRAL_MERIDIAN) * lat.to_radians().cos();
    (x * SCALE, -lat * SCALE)
}

struct Frame {
    min_x: f64,
    min_y: f64,
    width: f64,
    height: f64,
}

impl Frame {
    fn new() -> Frame {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(lat, lon) in ISLANDS.iter().flat_map(|i| i.iter()) {
            let (x, y) = project(lat, lon);
            (min_x, min_y) = (min_x.min(x), min_y.min(y));
            (max_x, max_y) = (max_x.max(x), max_y.max(y));
        }
        Frame {
            min_x: min_x - PAD,
            min_y: min_y - PAD,
            width: (max_x - min_x + 2.0 * PAD).round(),
            height: (max_y - min_y + 2.0 * PAD).round(),
        }
    }

    fn place(&self, lat: f64, lon: f64) -> (f64, f64) {
        let (x, y) = project(lat, lon);
        (x - self.min_x, y - self.min_y)
    }
}

/// The map as inline SVG. `title` names the map for assistive technology; `points`
/// are drawn in the order given, so later points sit on top.
pub fn svg(title: &str, points: &[Point]) -> String {
    let frame = Frame::new();
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<svg class="map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="karta-titel"><title id="karta-titel">{t}</title><path class="land" aria-hidden="true" d=""#,
        w = frame.width,
        h = frame.height,
        t = escape(title),
    );
    for island in ISLANDS {
        for (i, &(lat, lon)) in island.iter().enumerate() {
            let (x, y) = frame.place(lat, lon);
            let _ = write!(out, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        out.push('Z');
    }
    out.push_str(r#""/>"#);
    for p in points {
        let (x, y) = frame.place(p.lat, p.lon);
        // Area grows with the number of cases; every point stays an easy target.
        let r = 5.0 + 2.0 * (p.count as f64).sqrt();
        let _ = write!(
            out,
            r#"<a href="{url}"><title>{label}</title><circle class="pt" cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/></a>"#,
            url = escape(p.url),
            label = escape(&p.label),
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

/// Whether (lat, lon) lies inside the drawn land, by ray casting: the tests check
/// the outline with it.
#[cfg(test)]
pub fn on_land(lat: f64, lon: f64) -> bool {
    ISLANDS.iter().any(|poly| {
        let mut inside = false;
        let mut j = poly.len() - 1;
        for i in 0..poly.len() {
            let ((yi, xi), (yj, xj)) = (poly[i], poly[j]);
            if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_towns_are_on_land_and_the_sea_is_not() {
        for (name, lat, lon) in [
            ("Kiruna", 67.86, 20.23),
            ("Östersund", 63.18, 14.64),
            ("Örebro", 59.27, 15.21),
            ("Jönköping", 57.78, 14.16),
            ("Växjö", 56.88, 14.81),
            ("Visby", 57.63, 18.35),
            ("Borgholm", 56.88, 16.70),
        ] {
            assert!(on_land(lat, lon), "{name}");
        }
        for (name, lat, lon) in [
            ("Bottenviken", 64.5, 22.5),
            ("Kattegatt", 57.0, 11.5),
            ("Östersjön", 57.0, 17.6),
            ("Oslo", 59.91, 10.75),
            ("Trondheim", 63.43, 10.39),
            ("Uleåborg", 65.01, 25.47),
        ] {
            assert!(!on_land(lat, lon), "{name}");
        }
    }

    #[test]
    fn points_are_links_with_names_and_output_is_stable() {
        let points = [Point {
            lat: 63.8256,
            lon: 20.2611,
            url: "/kommuner/umea/",
            label: "Umeå: 3 fall".into(),
            count: 3,
        }];
        let a = svg("Karta", &points);
        assert_eq!(a, svg("Karta", &points));
        assert!(a.contains(r#"<a href="/kommuner/umea/"><title>Umeå: 3 fall</title><circle"#));
        assert!(!a.contains("style="));
    }

    #[test]
    fn every_municipality_of_the_bundled_library_is_on_land() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/municipalities.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        let list: Vec<crate::load::schema::Municipality> = serde_norway::from_str(&text).unwrap();
        assert!(list.len() > 10);
        for m in list {
            assert!(on_land(m.coordinates.lat, m.coordinates.lon), "{}", m.name);
        }
    }
}
