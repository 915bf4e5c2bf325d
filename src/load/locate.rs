//! Finding where a value sits in YAML, for diagnostics about valid-looking values
//! (an unknown factor id, a duplicate slug) that serde has no position for.
//!
//! This re-parses with marked-yaml, which keeps a span on every node. It runs only
//! when there is a problem to report, so the happy path parses each file once. A file
//! with many problems (10,000 unknown factors) would be parsed once per problem, so
//! each thread keeps the last document it parsed: the next lookup in the same text
//! costs a comparison, not a parse.

use std::cell::RefCell;
use std::rc::Rc;

use marked_yaml::Node;

use crate::diagnostic::Span;

#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
    /// The key itself rather than its value: for a key that should not be there.
    KeyName(&'a str),
}

/// The span of the node at `path` in `yaml`, which starts at file line `first_line`.
/// Falls back to the start of the YAML when the path cannot be followed.
pub fn locate(yaml: &str, first_line: usize, path: &[Seg]) -> Span {
    let fallback = Span::new(first_line, 1, 1);
    let Some(root) = parsed(yaml) else {
        return fallback;
    };
    let mut node = &*root;
    for seg in path {
        if let (Seg::KeyName(k), Node::Mapping(m)) = (seg, node) {
            if let Some((key, _)) = m.iter().find(|(key, _)| key.as_str() == *k) {
                if let Some(start) = key.span().start() {
                    return Span::new(start.line() + first_line - 1, start.column(), k.chars().count());
                }
            }
            break;
        }
        let next = match (seg, node) {
            (Seg::Key(k), Node::Mapping(m)) => m.get_node(k),
            (Seg::Index(i), Node::Sequence(s)) => s.get_node(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    let Some(start) = node.span().start() else {
        return fallback;
    };
    let len = match node {
        Node::Scalar(s) => s.as_str().chars().count(),
        _ => 1,
    };
    Span::new(start.line() + first_line - 1, start.column(), len)
}

thread_local! {
    static LAST: RefCell<Option<(String, Option<Rc<Node>>)>> = const { RefCell::new(None) };
}

/// `yaml` parsed, from the thread's last parse when it was of the same text. A text
/// marked-yaml cannot read (a tag serde accepted) is remembered as such too.
fn parsed(yaml: &str) -> Option<Rc<Node>> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((text, node)) = last.as_ref() {
            if text == yaml {
                return node.clone();
            }
        }
        // Front matter is a mapping; the municipalities file is a sequence.
        let node = marked_yaml::parse_yaml(0, yaml)
            .or_else(|_| {
                let options = marked_yaml::LoaderOptions::default().toplevel_sequence();
                marked_yaml::parse_yaml_with_options(0, yaml, options)
            })
            .ok()
            .map(Rc::new);
        *last = Some((yaml.to_string(), node.clone()));
        node
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_list_item_inside_a_mapping() {
        let yaml = "title: X\nfactors:\n  - kultur\n  - id: ledarksap\n    note: N\n";
        let span = locate(yaml, 2, &[Seg::Key("factors"), Seg::Index(1), Seg::Key("id")]);
        assert_eq!(span, Span::new(5, 9, 9));
    }
}
