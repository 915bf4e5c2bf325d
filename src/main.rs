//! The `rotsystem` command: parses arguments and hands over to `rotsystem::cmd`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use rotsystem::cmd::{self, Format};

#[derive(Parser)]
#[command(
    name = "rotsystem",
    version,
    about = "Builds the case library of innovative municipalities into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the build folder.
    Build {
        /// The site root, where book.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: `build-dir` from book.toml).
        #[arg(long)]
        dest: Option<PathBuf>,
    },
    /// Load and validate everything, writing nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build { root, dest } => cmd::build(&root, dest.as_deref()),
        Command::Check { root, format } => cmd::check(&root, format),
    };
    ExitCode::from(code)
}
