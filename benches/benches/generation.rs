//! Times load, lower, emit and render for the real spec and for synthetic specs of growing
//! size, so that the cost per operation can be compared across sizes.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use benchmarks::synthetic_spec::{REAL_SPEC, REAL_SPEC_PATH, synthetic_spec};
use benchmarks::{Options, median, record};

/// One spec under test and the times of its rounds.
struct Case {
    label: String,
    path: &'static Path,
    text: String,
    operations: usize,
    output_bytes: usize,
    runs: usize,
    phases: Vec<Phases>,
}

/// Mean time of one run of each step within a round, in nanoseconds.
#[derive(Debug, Clone, Copy, Default)]
struct Phases {
    load: f64,
    lower: f64,
    emit: f64,
    render: f64,
}

impl Phases {
    fn total(&self) -> f64 {
        self.load + self.lower + self.emit + self.render
    }
}

fn main() {
    let options = Options::from_args();
    let sizes: &[usize] = options.pick(&[10, 100, 1000], &[10, 100, 1000, 5000]);
    let rounds = options.pick(3, 7);
    let target = options.pick(Duration::from_millis(40), Duration::from_millis(250));

    let mut cases = vec![new_case("real".to_owned(), Path::new(REAL_SPEC_PATH), REAL_SPEC.to_owned())];
    for &size in sizes {
        let text = synthetic_spec(size);
        cases.push(new_case(format!("synthetic-{size}"), Path::new("synthetic.yaml"), text));
    }

    // Warm-up run, which also sizes each case's batch to about `target`.
    for case in &mut cases {
        let started = Instant::now();
        let (_, bytes) = generate_once(case.path, &case.text);
        case.output_bytes = bytes;
        let once = started.elapsed().max(Duration::from_micros(1));
        case.runs = usize::try_from(target.as_nanos() / once.as_nanos()).unwrap_or(1).max(1);
        eprintln!("generation: {} takes {once:.1?} per run", case.label);
    }

    // The cases are interleaved, in reverse order every other round, so that load from other
    // processes spreads over all sizes.
    for round in 0..rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..cases.len()).collect()
        } else {
            (0..cases.len()).rev().collect()
        };
        for index in order {
            let case = &mut cases[index];
            let mut sum = Phases::default();
            for _ in 0..case.runs {
                let (phases, _) = generate_once(case.path, &case.text);
                sum.load += phases.load;
                sum.lower += phases.lower;
                sum.emit += phases.emit;
                sum.render += phases.render;
            }
            let runs = case.runs as f64;
            case.phases.push(Phases {
                load: sum.load / runs,
                lower: sum.lower / runs,
                emit: sum.emit / runs,
                render: sum.render / runs,
            });
        }
    }

    for case in &cases {
        let pick = |step: fn(&Phases) -> f64| median(&case.phases.iter().map(step).collect::<Vec<_>>());
        record(&[
            ("group", "generation".to_owned()),
            ("spec", case.label.clone()),
            ("operations", case.operations.to_string()),
            ("rounds", case.phases.len().to_string()),
            ("runs_per_round", case.runs.to_string()),
            ("output_bytes", case.output_bytes.to_string()),
            ("total_ns", format!("{:.0}", pick(Phases::total))),
            ("load_ns", format!("{:.0}", pick(|p| p.load))),
            ("lower_ns", format!("{:.0}", pick(|p| p.lower))),
            ("emit_ns", format!("{:.0}", pick(|p| p.emit))),
            ("render_ns", format!("{:.0}", pick(|p| p.render))),
        ]);
    }
}

fn new_case(label: String, path: &'static Path, text: String) -> Case {
    let model = codegen::model_from_str(path, &text)
        .unwrap_or_else(|errors| panic!("{label} does not lower: {errors}"));
    Case {
        label,
        path,
        text,
        operations: model.operations.len(),
        output_bytes: 0,
        runs: 1,
        phases: Vec::new(),
    }
}

/// Runs the four steps once, as `codegen::generate_from_str` does, and returns their times and
/// the size of the rendered files.
fn generate_once(path: &Path, text: &str) -> (Phases, usize) {
    let config = codegen::Config::default();

    let started = Instant::now();
    let document = codegen::load::parse(path, black_box(text)).expect("the spec parses");
    let load = started.elapsed();

    let started = Instant::now();
    let lowered = codegen::lower::lower(&document);
    let api = lowered.api.expect("the spec lowers");
    let lower = started.elapsed();

    let started = Instant::now();
    let modules = codegen::emit::emit(&api, &config);
    let emit = started.elapsed();

    let started = Instant::now();
    let mut bytes = 0;
    for module in &modules {
        let contents = codegen::render::render(&module.tokens).expect("the generated code renders");
        bytes += black_box(contents).len();
    }
    let render = started.elapsed();

    let phases = Phases {
        load: load.as_nanos() as f64,
        lower: lower.as_nanos() as f64,
        emit: emit.as_nanos() as f64,
        render: render.as_nanos() as f64,
    };
    (phases, bytes)
}
