//! What serde says of a value, in the site's words. serde (through toml and
//! serde_norway) hands over a sentence in English, such as "invalid type: string
//! \"x\", expected a sequence"; its few shapes are read back here into interface
//! strings with the names filled in, so `book.toml` and front matter errors print in
//! `[book] language` like every other diagnostic. A sentence of no known shape is
//! the caller's to frame.

use super::Diagnostic;
use crate::i18n;

/// The diagnostic for serde's `detail` (positions and the key path already taken
/// off), or `None` when it has none of serde's shapes.
pub fn serde_detail(file: &str, detail: &str) -> Option<Diagnostic> {
    if i18n::decode(detail).is_some() {
        return Some(Diagnostic::error_encoded(file, detail));
    }
    if let Some((wrong, valid)) = unknown_name(detail, "unknown field `") {
        let d = Diagnostic::error_t(file, "diag_unknown_key", &[("key", &wrong)]);
        return Some(with_valid(d, &wrong, &valid, "diag_unknown_key_help"));
    }
    if let Some((wrong, valid)) = unknown_name(detail, "unknown variant `") {
        let d = Diagnostic::error_t(file, "diag_unknown_value", &[("value", &wrong)]);
        return Some(with_valid(d, &wrong, &valid, "diag_unknown_value_help"));
    }
    if let Some(key) = quoted_after(detail, "missing field `") {
        return Some(
            Diagnostic::error_t(file, "diag_missing_key", &[("key", key)])
                .help_t("diag_missing_key_help", &[("key", key)]),
        );
    }
    for prefix in ["duplicate field `", "duplicate key `"] {
        if let Some(key) = quoted_after(detail, prefix) {
            return Some(
                Diagnostic::error_t(file, "diag_duplicate_key", &[("key", key)])
                    .help_t("diag_duplicate_key_help", &[]),
            );
        }
    }
    for (prefix, key) in [
        ("invalid type: ", "diag_invalid_type"),
        ("invalid value: ", "diag_invalid_value"),
    ] {
        if let Some((found, expected)) = detail
            .strip_prefix(prefix)
            .and_then(|r| r.split_once(", expected "))
        {
            let args = [
                ("found", found_kind(found)),
                ("expected", expected_kind(expected)),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(a, v)| (*a, v.as_str())).collect();
            return Some(Diagnostic::error_t(file, key, &args));
        }
    }
    if let Some((n, expected)) = detail
        .strip_prefix("invalid length ")
        .and_then(|r| r.split_once(", expected "))
    {
        let expected = expected_kind(expected);
        return Some(Diagnostic::error_t(
            file,
            "diag_invalid_length",
            &[("n", n), ("expected", &expected)],
        ));
    }
    None
}

fn with_valid(d: Diagnostic, wrong: &str, valid: &[String], help: &str) -> Diagnostic {
    if valid.is_empty() {
        return d;
    }
    d.suggest(wrong, valid.iter().map(String::as_str))
        .help_t(help, &[("keys", &valid.join(", "))])
}

/// The wrong name and the valid ones out of "unknown field `x`, expected one of `a`,
/// `b`" (or "expected `a`", or "there are no fields"), which is the only place serde
/// gives them.
pub fn unknown_name(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?;
    let (wrong, rest) = rest.split_once('`')?;
    let valid = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((wrong.to_string(), valid))
}

fn quoted_after<'a>(detail: &'a str, prefix: &str) -> Option<&'a str> {
    detail.strip_prefix(prefix)?.split_once('`').map(|(k, _)| k)
}

/// serde's `Unexpected` as the site says it: "string \"x\"", "integer `5`",
/// "sequence" …; another kind stays as serde wrote it.
fn found_kind(found: &str) -> String {
    let value = |prefix: &str| {
        let v = found.strip_prefix(prefix)?;
        Some(v.trim_matches(|c| c == '`' || c == '"').to_string())
    };
    let with = |key: &str, v: String| i18n::encode(key, &[("value", &v)]);
    if let Some(v) = value("string ") {
        return with("kind_found_text", v);
    }
    if let Some(v) = value("integer ").or_else(|| value("floating point ")) {
        return with("kind_found_number", v);
    }
    if let Some(v) = value("boolean ") {
        return with("kind_found_bool", v);
    }
    let key = match found {
        "unit value" | "Option value" => "kind_found_empty",
        "sequence" => "kind_found_list",
        "map" => "kind_found_map",
        _ => return found.to_string(),
    };
    i18n::encode(key, &[])
}

/// What serde expected, as the site says it: "a sequence", "u32", "struct Source" …
fn expected_kind(expected: &str) -> String {
    let key = match expected {
        "a sequence" => "kind_list",
        "a string" | "a character" => "kind_text",
        "a boolean" => "kind_bool",
        "u8" | "u16" | "u32" | "u64" | "usize" => "kind_whole",
        "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "kind_integer",
        "f32" | "f64" | "a float" => "kind_number",
        "a map" => "kind_map",
        e if e.starts_with("struct ") => "kind_map",
        _ => return expected.to_string(),
    };
    i18n::encode(key, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(d: Diagnostic) -> String {
        d.localize(i18n::builtin("en")).message
    }

    #[test]
    fn serde_kinds_become_interface_strings_with_their_names() {
        let d = serde_detail("f", "invalid type: string \"x\", expected a sequence").unwrap();
        assert_eq!(english(d), "this should be a list, not the text \"x\"");
        let d = serde_detail("f", "missing field `title`").unwrap();
        assert_eq!(english(d), "missing required key `title`");
        let d = serde_detail("f", "unknown variant `grön`, expected `gul` or `röd`").unwrap();
        assert_eq!(d.label.as_deref(), None);
        assert!(d.help.unwrap().contains("gul, röd"));
        assert!(serde_detail("f", "did not find expected key").is_none());
    }

    #[test]
    fn a_kind_of_no_known_shape_stays_as_serde_wrote_it() {
        let d = serde_detail("f", "invalid type: newtype struct, expected struct Source").unwrap();
        assert_eq!(english(d), "this should be keys with values, not newtype struct");
    }
}
