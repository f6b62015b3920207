//! Project automation, run as `cargo xtask <command>`.

mod bench;
mod generate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Project automation for the TOAST Compute Instance client.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate generated/src/api/ from the spec.
    Generate {
        /// Compare instead of writing, and fail when any generated file is stale.
        #[arg(long)]
        check: bool,
        /// Spec to read, relative to the repository root.
        #[arg(long, default_value = generate::DEFAULT_SPEC)]
        spec: PathBuf,
        /// Directory to write, relative to the repository root.
        #[arg(long, default_value = generate::DEFAULT_OUTPUT)]
        out: PathBuf,
    },
    /// Measure generation, decoding, call overhead and build cost, and print Markdown tables.
    Bench {
        /// Run fewer rounds on smaller inputs and skip the cold build, as a smoke test.
        #[arg(long)]
        quick: bool,
        /// Run only this group; repeat the option for several groups. Default: every group.
        #[arg(long = "group", value_enum)]
        groups: Vec<bench::Group>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { check, spec, out } => generate::run(&spec, &out, check),
        Command::Bench { quick, groups } => bench::run(&groups, quick),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: the parent of this crate's directory.
fn repository_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}
