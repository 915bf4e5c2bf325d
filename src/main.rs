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
    /// Rebuild the trainer handouts into an already built site.
    Handouts {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site (default: `build-dir` from book.toml).
        #[arg(long)]
        dest: Option<PathBuf>,
        /// Also write the A4 PDFs (needs a public `site-url` for the QR codes).
        #[arg(long)]
        pdf: bool,
        /// Only this factor's handout, by id (e.g. `ledarskap`); repeat for several,
        /// which with `--pdf` are also one PDF of them all.
        #[arg(long = "factor")]
        factors: Vec<String>,
    },
    /// Serve a live preview on 127.0.0.1, rebuilding on every change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new content file.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Search the cases the way the site's search does, straight from tantivy.
    Search {
        /// The words to look for; the last one also matches as a prefix.
        query: String,
        /// Only cases with this value of a facet, e.g. `factor=ledarskap`; repeat for
        /// several (values of one facet are alternatives, facets combine).
        #[arg(long = "facet", value_name = "NAME=VALUE")]
        facets: Vec<String>,
        /// Only cases linked to this factor id: `--facet factor=ID`.
        #[arg(long = "factor")]
        factors: Vec<String>,
        /// Only cases tagged with this process step id: `--facet step=ID`.
        #[arg(long = "step")]
        steps: Vec<String>,
        /// Only cases in this municipality (id): `--facet municipality=ID`.
        #[arg(long = "municipality")]
        municipalities: Vec<String>,
        /// Only cases in this county (län), by name: `--facet county=NAME`.
        #[arg(long = "county")]
        counties: Vec<String>,
        /// Only cases from this year: `--facet year=YEAR`.
        #[arg(long = "year")]
        years: Vec<String>,
        /// How many results to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print results as JSON lines.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// List the pages and files that differ between two built sites.
    Diff {
        /// The site before the change: a folder `rotsystem build` wrote.
        old: PathBuf,
        /// The site after it.
        new: PathBuf,
        /// How to print the lists: text, Markdown (for a job summary) or JSON.
        #[arg(long, value_enum, default_value_t = rotsystem::diff::Format::Human)]
        format: rotsystem::diff::Format,
        /// At most this many items per list in text and Markdown (JSON lists all).
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// The site whose book.toml gives the language of the output.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Load and validate everything, writing nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// `--deny warnings`: count the quality warnings as errors (exit 1), as the
        /// pull-request workflow does.
        #[arg(long, value_enum)]
        deny: Vec<Deny>,
    },
}

/// What `check --deny` turns into errors.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Subcommand)]
enum New {
    /// A new case in content/cases/, named after its title.
    Case {
        /// The case's title, e.g. "Piteå – idésluss".
        title: String,
        /// The municipality, by name or id.
        #[arg(long)]
        municipality: Option<String>,
        /// A factor id; repeat for several.
        #[arg(long = "factor")]
        factors: Vec<String>,
        /// The year of the account the case rests on.
        #[arg(long)]
        year: Option<i32>,
        /// One or two sentences about the case.
        #[arg(long)]
        summary: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // A wrong argument is a problem in the user's input, exit 1 like any
            // other (clap's default is 2, which here means an internal failure);
            // `--help` and `--version` are not errors at all.
            let code = u8::from(e.use_stderr());
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Build { root, dest } => cmd::build(&root, dest.as_deref()),
        Command::Check { root, format, deny } => cmd::check(&root, format, deny.contains(&Deny::Warnings)),
        Command::Diff {
            old,
            new,
            format,
            limit,
            root,
        } => cmd::diff(&root, &old, &new, format, limit),
        Command::Search {
            query,
            facets,
            factors,
            steps,
            municipalities,
            counties,
            years,
            limit,
            json,
            root,
        } => {
            let shorthands = [
                ("factor", factors),
                ("step", steps),
                ("municipality", municipalities),
                ("county", counties),
                ("year", years),
            ];
            let filters = shorthands
                .into_iter()
                .flat_map(|(name, values)| values.into_iter().map(move |v| (name.to_string(), v)))
                .collect();
            cmd::search(
                &root,
                rotsystem::search::Query { text: query, filters },
                &facets,
                limit,
                json,
            )
        }
        Command::Handouts {
            root,
            dest,
            pdf,
            factors,
        } => cmd::handouts(&root, dest.as_deref(), &factors, pdf),
        Command::Serve { root, port, open } => cmd::serve(rotsystem::serve::Options { root, port, open }),
        Command::New {
            what:
                New::Case {
                    title,
                    municipality,
                    factors,
                    year,
                    summary,
                    root,
                },
        } => cmd::new_case(
            &root,
            rotsystem::scaffold::NewCase {
                title: &title,
                municipality: municipality.as_deref(),
                factors: &factors,
                year,
                summary: summary.as_deref(),
            },
        ),
    };
    ExitCode::from(code)
}
