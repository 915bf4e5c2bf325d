pub mod frontmatter;
pub mod schema;
