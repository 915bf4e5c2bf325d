//! All cases as one CSV file: UTF-8 without a byte-order mark, one row a case in
//! content-path order, RFC 4180 quoting (a field with a comma, a quote or a line
//! break is quoted, quotes doubled, rows end in CRLF).
//!
//! A field that holds several values joins them with `;` (`JOIN`). A `;` or `\`
//! inside a value is written `\;` or `\\`, so splitting on an unescaped `;` always
//! gives the values back (`docs/open-data.md` says the same to readers).

use super::records::{self, TermRef};
use crate::site::Site;

/// What separates the values of a multi-valued field.
pub const JOIN: char = ';';

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "summary",
    "year",
    "period",
    "organisation",
    "municipalities",
    "kommunkoder",
    "counties",
    "places",
    "factors",
    "factor_notes",
    "steps",
    "keywords",
    "key_question",
    "key_answer",
    "awards",
    "source_titles",
    "source_urls",
    "body",
];

/// One value of a multi-valued field, with the separator and backslash escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace(JOIN, "\\;")
}

fn join<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<String> = values.into_iter().map(escape).collect();
    values.join(&JOIN.to_string())
}

/// A field as RFC 4180 writes it.
fn field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

fn ids<'a>(refs: &'a [TermRef<'a>]) -> String {
    join(refs.iter().map(|t| t.id))
}

/// Writes the file a row at a time, so it is never held whole.
pub fn write_cases(w: &mut dyn std::io::Write, site: &Site, origin: &str) -> std::io::Result<()> {
    let mut out = String::new();
    row(
        &mut out,
        &COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    for i in 0..site.cases.len() {
        let c = records::case(site, origin, i);
        let notes: Vec<String> = c
            .factors
            .iter()
            .filter_map(|f| f.note.map(|n| format!("{}: {n}", f.id)))
            .collect();
        let opt = |v: Option<&str>| v.unwrap_or_default().to_string();
        row(
            &mut out,
            &[
                c.id.to_string(),
                c.url.clone(),
                c.title.to_string(),
                c.summary.to_string(),
                c.year.map(|y| y.to_string()).unwrap_or_default(),
                opt(c.period),
                opt(c.organisation),
                join(c.municipalities.iter().map(|m| m.name)),
                join(c.municipalities.iter().map(|m| m.kommunkod)),
                join(c.municipalities.iter().map(|m| m.county)),
                join(c.places.iter().map(String::as_str)),
                ids(&c.factors),
                join(notes.iter().map(String::as_str)),
                ids(&c.steps),
                join(c.keywords.iter().map(String::as_str)),
                opt(c.key_question),
                opt(c.key_answer),
                join(c.awards.iter().map(String::as_str)),
                join(c.sources.iter().map(|s| s.title.as_str())),
                join(c.sources.iter().map(|s| s.url.as_deref().unwrap_or_default())),
                c.body.to_string(),
            ],
        );
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    w.write_all(out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        let mut out = String::new();
        row(
            &mut out,
            &["a".into(), "b,c".into(), "sa \"hej\"".into(), "rad\nrad".into()],
        );
        assert_eq!(out, "a,\"b,c\",\"sa \"\"hej\"\"\",\"rad\nrad\"\r\n");
    }

    #[test]
    fn joined_values_split_back() {
        assert_eq!(join(["Växjö", "a;b", "c\\d"]), "Växjö;a\\;b;c\\\\d");
    }
}
