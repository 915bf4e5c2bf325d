//! Bounds on front matter that serde_norway does not give on its own.
//!
//! serde_norway stops deserializing at 128 levels of nesting and after 100 alias
//! jumps per event, but only after libyaml has read the whole document into events:
//! 100,000 levels took 27 s to refuse, and an alias bomb within the jump budget
//! still expands to gigabytes in `extra`. So before serde_norway sees a document:
//!
//! - a cheap upper bound on its nesting (indentation, plus block indicators on the
//!   line, plus open flow brackets) must stay under `MAX_DEPTH`; it overestimates,
//!   never underestimates, so a document it passes cannot be deeper;
//! - a document that could hold an anchor, an alias or an escape (it has a `&`, `*`
//!   or `\`) is parsed once more with marked-yaml, which refuses anchors (and with
//!   them every alias) and gives the decoded scalars with their places, so an escape
//!   like `"\e"` or `"\0"` is refused where it was written.
//!
//! Anchors would also defeat `locate`, which places diagnostics with marked-yaml.

use marked_yaml::{LoadError, Node};

use crate::diagnostic::Span;

/// More than the schema ever needs (a case is four levels deep) and less than
/// serde_norway's own limit of 128.
pub const MAX_DEPTH: usize = 100;

/// A refused document: why, as an interface string (`<key>_help` is its help), and
/// where (line and column in the file).
pub struct Refused {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub span: Span,
}

/// Checks `yaml`, which starts at file line `first_line`.
pub fn check(yaml: &str, first_line: usize) -> Result<(), Refused> {
    if let Some(at) = too_deep(yaml) {
        return Err(Refused {
            key: "diag_yaml_deep",
            args: vec![("max", MAX_DEPTH.to_string())],
            span: Span::from_bytes(yaml, at, at + 1, first_line),
        });
    }
    if !yaml.contains(['&', '*', '\\']) {
        return Ok(());
    }
    match parse(yaml, false) {
        Err(LoadError::UnexpectedAnchor(m)) => Err(Refused {
            key: "diag_yaml_anchor",
            args: vec![],
            span: anchor_span(yaml, m.line(), m.column(), first_line),
        }),
        // Other errors are serde_norway's to report, with its own words.
        Err(_) => Ok(()),
        Ok(root) => match control_in_values(&root) {
            Some((span, c)) => Err(Refused {
                key: "diag_yaml_control",
                args: vec![("code", format!("{:04X}", c as u32))],
                span: Span::new(span.line + first_line - 1, span.col, span.len),
            }),
            None => Ok(()),
        },
    }
}

/// marked-yaml marks the anchored node; the editor wants the `&name` before it.
fn anchor_span(yaml: &str, line: usize, col: usize, first_line: usize) -> Span {
    let text = yaml.lines().nth(line - 1).unwrap_or("");
    let before: Vec<char> = text.chars().take(col - 1).collect();
    let col = match before.iter().rposition(|&c| c == '&') {
        Some(i) => i + 1,
        None => col,
    };
    let len = text.chars().skip(col).take_while(|c| !c.is_whitespace()).count() + 1;
    Span::new(line + first_line - 1, col, len)
}

/// Where the second of two equal keys in one mapping is, if there are such keys.
pub fn duplicate_key(yaml: &str, first_line: usize) -> Option<(String, Span, usize)> {
    match parse(yaml, true) {
        Err(LoadError::DuplicateKey(inner)) => {
            let key = inner.key.as_str().to_string();
            let at = inner.key.span().start()?;
            let first = inner.prev_key.span().start()?.line() + first_line - 1;
            let span = Span::new(at.line() + first_line - 1, at.column(), key.chars().count());
            Some((key, span, first))
        }
        _ => None,
    }
}

/// marked-yaml's tree of a front matter (a mapping) or of the municipalities file (a
/// sequence).
fn parse(yaml: &str, duplicates: bool) -> Result<Node, LoadError> {
    let options = || marked_yaml::LoaderOptions::default().error_on_duplicate_keys(duplicates);
    match marked_yaml::parse_yaml_with_options(0, yaml, options()) {
        Err(LoadError::TopLevelMustBeMapping(_)) => {
            marked_yaml::parse_yaml_with_options(0, yaml, options().toplevel_sequence())
        }
        other => other,
    }
}

/// The byte offset at which the nesting bound first passes `MAX_DEPTH`.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut flow = 0usize;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut block = indent;
        let mut prev = b' ';
        for (i, &b) in line.as_bytes().iter().enumerate().skip(indent) {
            match b {
                b'[' | b'{' => flow += 1,
                b']' | b'}' => flow = flow.saturating_sub(1),
                // `- `, `? ` and `: ` each open a level on the same line.
                b' ' if matches!(prev, b'-' | b'?' | b':') => block += 1,
                _ => {}
            }
            prev = b;
            if block + flow > MAX_DEPTH {
                return Some(offset + i);
            }
        }
        offset += line.len();
    }
    None
}

/// The first scalar (key or value) whose decoded text holds a control character
/// other than tab and line breaks, with its place in the YAML (1-based).
fn control_in_values(root: &Node) -> Option<(Span, char)> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node {
            Node::Scalar(s) => {
                let bad = s
                    .as_str()
                    .chars()
                    .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
                if let (Some(c), Some(m)) = (bad, s.span().start()) {
                    return Some((Span::new(m.line(), m.column(), 1), c));
                }
            }
            Node::Sequence(seq) => stack.extend(seq.iter().rev()),
            Node::Mapping(map) => {
                for (k, v) in map.iter().rev() {
                    stack.push(v);
                    // A key is a scalar too; checked through a node of its own.
                    let bad = k
                        .as_str()
                        .chars()
                        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
                    if let (Some(c), Some(m)) = (bad, k.span().start()) {
                        return Some((Span::new(m.line(), m.column(), 1), c));
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_cheaply_and_normal_front_matter_is_not() {
        let normal =
            "title: X\nfactors:\n  - id: kultur\n    note: \"a [b] {c}\"\nextra:\n  a: {b: [1, [2]]}\n";
        assert!(check(normal, 2).is_ok());
        let flow = format!("x: {}", "[".repeat(100_000));
        let e = check(&flow, 2).err().unwrap();
        assert_eq!((e.span.line, e.span.col), (2, 4 + MAX_DEPTH - 1));
        let block = format!("x:\n{}y\n", "- ".repeat(1_000));
        assert!(check(&block, 2).is_err());
    }

    #[test]
    fn anchors_and_escapes_are_refused_at_their_place() {
        let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
        let e = check(bomb, 2).err().unwrap();
        assert_eq!(e.key, "diag_yaml_anchor");
        assert_eq!(e.span.line, 2);
        let e = check("title: ok\nsummary: \"a\\eb\"\n", 2).err().unwrap();
        assert_eq!(
            (e.key, e.args),
            ("diag_yaml_control", vec![("code", "001B".to_string())])
        );
        assert_eq!(e.span.line, 3);
        assert!(check("title: \"Forskning & utveckling\\t*\"\n", 2).is_ok());
    }

    #[test]
    fn the_second_of_two_keys_is_the_duplicate() {
        let (key, span, first) = duplicate_key("title: A\nsummary: S\ntitle: B\n", 2).unwrap();
        assert_eq!((key.as_str(), span.line, span.col, first), ("title", 4, 1, 2));
    }
}
