pub mod config;
pub mod diagnostic;
pub mod load;
pub mod markdown;
