//! Inputs and timing helpers for the bench targets that `cargo xtask bench` runs.
//!
//! Each bench target prints its results on stdout as `@bench key=value key=value ...` records,
//! one per line, with no whitespace inside a value. xtask reads them and prints the tables.
//! Progress goes to stderr.

pub mod instances;
pub mod synthetic_spec;

use std::time::{Duration, Instant};

/// Command-line options of a bench target.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Fewer rounds, shorter batches and smaller inputs, for a smoke run.
    pub quick: bool,
}

impl Options {
    /// Reads the options from the command line. `cargo bench` adds `--bench`, which is
    /// ignored; any other unknown argument stops the program with a message.
    pub fn from_args() -> Self {
        let mut options = Options { quick: false };
        for argument in std::env::args().skip(1) {
            match argument.as_str() {
                "--quick" => options.quick = true,
                "--bench" => {}
                other => {
                    eprintln!("unknown argument {other:?}; the only option is --quick");
                    std::process::exit(2);
                }
            }
        }
        options
    }

    /// Picks `quick` or `full` by mode.
    pub fn pick<T>(&self, quick: T, full: T) -> T {
        if self.quick { quick } else { full }
    }
}

/// Prints one `@bench` record. Values must not contain whitespace.
pub fn record(fields: &[(&str, String)]) {
    let mut line = String::from("@bench");
    for (key, value) in fields {
        debug_assert!(!value.contains(char::is_whitespace), "{key}={value:?}");
        line.push(' ');
        line.push_str(key);
        line.push('=');
        line.push_str(value);
    }
    println!("{line}");
}

/// Returns the median of `values`, or 0 for an empty slice.
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    }
}

/// Returns how many runs of `run` fill about `target`, at least 1, after one warm-up run
/// that also serves as the estimate.
pub fn runs_per_batch(target: Duration, mut run: impl FnMut()) -> usize {
    let started = Instant::now();
    run();
    let once = started.elapsed().max(Duration::from_nanos(1));
    let runs = target.as_nanos() / once.as_nanos();
    usize::try_from(runs).unwrap_or(usize::MAX).max(1)
}

/// Runs `run` `runs` times and returns the mean time of one run in nanoseconds.
pub fn time_batch(runs: usize, mut run: impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..runs {
        run();
    }
    started.elapsed().as_nanos() as f64 / runs as f64
}

/// Measures two cases in alternating order: case A then B in even rounds, B then A in odd
/// rounds, so that load from other processes falls on both. Returns the per-run times of
/// each round in nanoseconds, for A and for B.
pub fn interleave_pair(
    rounds: usize,
    target: Duration,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Vec<f64>, Vec<f64>) {
    let runs_a = runs_per_batch(target, &mut a);
    let runs_b = runs_per_batch(target, &mut b);
    let mut times_a = Vec::with_capacity(rounds);
    let mut times_b = Vec::with_capacity(rounds);
    for round in 0..rounds {
        if round % 2 == 0 {
            times_a.push(time_batch(runs_a, &mut a));
            times_b.push(time_batch(runs_b, &mut b));
        } else {
            times_b.push(time_batch(runs_b, &mut b));
            times_a.push(time_batch(runs_a, &mut a));
        }
    }
    (times_a, times_b)
}

/// Returns the median of the per-round ratios `numerator[i] / denominator[i]`. Pairing the
/// rounds cancels slow phases that hit both cases alike.
pub fn paired_ratio(numerator: &[f64], denominator: &[f64]) -> f64 {
    let ratios: Vec<f64> = numerator
        .iter()
        .zip(denominator)
        .map(|(top, bottom)| top / bottom)
        .collect();
    median(&ratios)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn paired_ratio_takes_median() {
        let ratio = paired_ratio(&[2.0, 3.0, 10.0], &[1.0, 1.0, 1.0]);
        assert_eq!(ratio, 3.0);
    }
}
