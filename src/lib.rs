pub mod config;
pub mod diagnostic;
pub mod load;
