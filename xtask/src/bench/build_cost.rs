//! Build cost group: the client's dependency tree, its TLS stack, and a cold release build
//! in a fresh target directory.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{Report, command_output, duration, table, verdict};

const PACKAGE: &str = "toast-compute-instance";

/// Crates that mean OpenSSL or the platform TLS stack is linked in place of rustls.
const FORBIDDEN_CRATES: [&str; 5] = [
    "openssl",
    "openssl-sys",
    "native-tls",
    "hyper-tls",
    "tokio-native-tls",
];

/// GNU time, from Debian's `time` package; it reports the peak memory of the build.
const GNU_TIME: &str = "/usr/bin/time";

/// Number of compiled libraries listed by size.
const LISTED_LIBRARIES: usize = 10;

pub(super) fn run(quick: bool) -> Result<Report, String> {
    let mut text = String::from("## Build cost\n\n");
    let mut missed = Vec::new();

    let crates = dependency_tree()?;
    let names: BTreeSet<&str> = crates.iter().map(|(name, _)| name.as_str()).collect();
    let forbidden: Vec<&str> = FORBIDDEN_CRATES
        .iter()
        .copied()
        .filter(|name| names.contains(name))
        .collect();
    let crypto = ["ring", "aws-lc-rs"]
        .into_iter()
        .filter(|name| names.contains(name))
        .collect::<Vec<_>>()
        .join(" and ");
    let features = reqwest_features()?;

    text.push_str(&format!(
        "- Dependency tree (`cargo tree -p {PACKAGE} -e normal`, deduplicated): {} crates, the client included.\n",
        crates.len()
    ));
    text.push_str(&format!("- reqwest features: {}.\n", features.join(", ")));
    text.push_str(&format!(
        "- TLS: rustls {}, crypto provider {}.\n",
        if names.contains("rustls") { "present" } else { "absent" },
        if crypto.is_empty() { "none found" } else { &crypto }
    ));
    let met = forbidden.is_empty();
    text.push_str(&format!(
        "- Goal: no OpenSSL or native-tls crate in the tree: {} ({}).\n",
        if met { "none found".to_owned() } else { forbidden.join(", ") },
        verdict(met)
    ));
    if !met {
        missed.push(format!("the client's tree contains {}", forbidden.join(", ")));
    }

    if quick {
        text.push_str("- Cold build: skipped in quick mode.\n");
    } else {
        let build = cold_build()?;
        text.push('\n');
        text.push_str(&table(
            &["cold `cargo build --release -p toast-compute-instance`", "value"],
            &[
                vec!["wall time".to_owned(), duration(build.wall_ns)],
                vec!["peak memory of one process".to_owned(), build.peak_memory],
                vec!["compiled libraries (.rlib)".to_owned(), build.libraries.len().to_string()],
            ],
        ));
        text.push_str("\nLargest compiled libraries of that build:\n\n");
        let rows: Vec<Vec<String>> = build
            .libraries
            .iter()
            .take(LISTED_LIBRARIES)
            .map(|(name, bytes)| vec![name.clone(), format!("{:.1} MiB", *bytes as f64 / 1024.0 / 1024.0)])
            .collect();
        text.push_str(&table(&["crate", ".rlib size"], &rows));
    }
    Ok(Report { text, missed })
}

/// Returns the deduplicated `(name, version)` pairs of the client's normal dependency tree.
fn dependency_tree() -> Result<BTreeSet<(String, String)>, String> {
    let stdout = command_output(
        cargo()
            .args(["tree", "-p", PACKAGE, "-e", "normal", "--prefix", "none"])
            .current_dir(crate::repository_root()),
    )?;
    let crates: BTreeSet<(String, String)> = stdout
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect();
    if crates.is_empty() {
        return Err(format!("`cargo tree -p {PACKAGE}` listed no crates"));
    }
    Ok(crates)
}

/// Returns the enabled features of reqwest, as `cargo tree -e features` lists them.
fn reqwest_features() -> Result<Vec<String>, String> {
    let stdout = command_output(
        cargo()
            .args(["tree", "-p", PACKAGE, "-e", "features", "-i", "reqwest", "--prefix", "none"])
            .current_dir(crate::repository_root()),
    )?;
    let features: BTreeSet<String> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("reqwest feature \""))
        .filter_map(|rest| rest.split_once('"'))
        .map(|(feature, _)| feature.to_owned())
        .collect();
    Ok(features.into_iter().collect())
}

/// Measurements of one cold build.
struct ColdBuild {
    wall_ns: f64,
    peak_memory: String,
    /// Compiled libraries by name, largest first, in bytes.
    libraries: Vec<(String, u64)>,
}

/// Deletes the cold build's target directory when dropped, whatever the outcome.
struct TemporaryDirectory(PathBuf);

impl Drop for TemporaryDirectory {
    fn drop(&mut self) {
        if let Err(error) = fs::remove_dir_all(&self.0) {
            eprintln!("failed to delete {}: {error}; delete it by hand", self.0.display());
        }
    }
}

/// Builds the client in release mode in a fresh target directory, with the registry sources
/// already downloaded, and deletes the directory afterwards.
fn cold_build() -> Result<ColdBuild, String> {
    let directory = std::env::temp_dir().join(format!("{PACKAGE}-cold-build-{}", std::process::id()));
    fs::create_dir_all(&directory)
        .map_err(|error| format!("failed to create {}: {error}", directory.display()))?;
    let directory = TemporaryDirectory(directory);
    let target = directory.0.join("target");
    let time_report = directory.0.join("time-report.txt");

    let gnu_time = Path::new(GNU_TIME).exists();
    let mut command = if gnu_time {
        let mut command = Command::new(GNU_TIME);
        command.arg("-v").arg("-o").arg(&time_report).arg(cargo_path());
        command
    } else {
        cargo()
    };
    command
        .args(["build", "--release", "--quiet", "-p", PACKAGE])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(crate::repository_root())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());

    eprintln!("build cost: cold release build in {}", target.display());
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|error| format!("failed to start {command:?}: {error}"))?;
    let wall_ns = started.elapsed().as_nanos() as f64;
    if !status.success() {
        return Err(format!("the cold build failed with {status}"));
    }

    let peak_memory = if gnu_time {
        peak_memory(&time_report)?
    } else {
        format!("unavailable: {GNU_TIME} is missing; install Debian's `time` package (apt-get install time)")
    };
    let libraries = libraries_by_size(&target.join("release").join("deps"))?;
    Ok(ColdBuild {
        wall_ns,
        peak_memory,
        libraries,
    })
}

/// Reads the maximum resident set size from a GNU `time -v` report.
fn peak_memory(report: &Path) -> Result<String, String> {
    let text = fs::read_to_string(report)
        .map_err(|error| format!("failed to read {}: {error}", report.display()))?;
    let kibibytes: f64 = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("{} has no maximum resident set size", report.display()))?;
    Ok(format!("{:.0} MiB", kibibytes / 1024.0))
}

/// Lists the `.rlib` files of `deps`, named by crate, largest first.
fn libraries_by_size(deps: &Path) -> Result<Vec<(String, u64)>, String> {
    let entries = fs::read_dir(deps).map_err(|error| format!("failed to list {}: {error}", deps.display()))?;
    let mut libraries = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = file_name.strip_prefix("lib").and_then(|rest| rest.strip_suffix(".rlib")) else {
            continue;
        };
        // `libNAME-HASH.rlib`, where NAME has `-` replaced by `_`.
        let name = stem.rsplit_once('-').map_or(stem, |(name, _)| name).to_owned();
        let bytes = entry.metadata().map(|metadata| metadata.len()).unwrap_or(0);
        libraries.push((name, bytes));
    }
    libraries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(libraries)
}

fn cargo_path() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn cargo() -> Command {
    Command::new(cargo_path())
}
