//! Slugs: the URL-safe names of files and terms, and the segments the site keeps for
//! itself. A leaf, so that configuration and loading can both check names.

/// URL segments the site uses itself; a page slug may not take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "fall",
    "faktorer",
    "steg",
    "kommuner",
    "sok",
    "foresla",
    "static",
    "utskrift",
    "404",
    "sitemap",
    "atom",
    "sjalvskattning",
    "data",
    // compare: the comparison and the reader's selection
    "jamfor",
    "urval",
    // Workshop collections.
    "samlingar",
];

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| !part.is_empty())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What a name would be as a slug: lowercase ASCII, å/ä→a, ö→o, other runs → `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
