//! Mutates the real spec at random and checks that the generator returns `Ok` or `Err` but
//! never panics.
//!
//! Each case applies a few mutations to the parsed spec. A mutation deletes a key, replaces a
//! value with a random scalar, sequence or mapping, or renames a key (often to non-ASCII text).
//! It may also point a node at a missing component or at itself, copy a `$ref` elsewhere, or cut
//! the text short. `PROPTEST_CASES` sets the number of cases (64 by default, about four seconds in a debug
//! build on two cores).

use proptest::prelude::*;
use serde_yaml::{Mapping, Value};
use std::panic::AssertUnwindSafe;
use std::path::Path;

const SPEC: &str = include_str!("../../spec/toast-compute-instance.yaml");

/// One step from a node to a child: a mapping key or a sequence index.
#[derive(Debug, Clone)]
enum Step {
    Key(Value),
    Index(usize),
}

/// A random change to the document; `selector` picks the node, modulo the number of nodes.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteKey { selector: usize },
    Replace { selector: usize, value: RandomValue },
    RenameKey { selector: usize, name: String },
    DanglingRef { selector: usize, name: String },
    SelfRef { selector: usize },
    CopyRef { from: usize, to: usize },
    Truncate { selector: usize },
}

/// A small YAML value to put in place of a node.
#[derive(Debug, Clone)]
enum RandomValue {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
    Sequence(Vec<String>),
    Mapping(Vec<(String, String)>),
}

impl RandomValue {
    fn to_yaml(&self) -> Value {
        match self {
            RandomValue::Null => Value::Null,
            RandomValue::Bool(flag) => Value::Bool(*flag),
            RandomValue::Integer(number) => Value::from(*number),
            RandomValue::Float(number) => Value::from(*number),
            RandomValue::Text(text) => Value::String(text.clone()),
            RandomValue::Sequence(items) => {
                Value::Sequence(items.iter().cloned().map(Value::String).collect())
            }
            RandomValue::Mapping(entries) => Value::Mapping(
                entries
                    .iter()
                    .map(|(key, value)| (Value::String(key.clone()), Value::String(value.clone())))
                    .collect(),
            ),
        }
    }
}

/// Names that exercise case conversion, keywords, digits and non-ASCII text.
fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_owned()),
        Just("self".to_owned()),
        Just("Self".to_owned()),
        Just("gen".to_owned()),
        Just("2fa".to_owned()),
        Just("$ref".to_owned()),
        Just("x-secret".to_owned()),
        Just("{id}".to_owned()),
        Just(String::new()),
        "[a-zA-Z_-]{1,12}",
        "\\PC{0,8}",
        "[가-힣é߷😀~/{}]{1,6}",
    ]
}

fn value_strategy() -> impl Strategy<Value = RandomValue> {
    prop_oneof![
        Just(RandomValue::Null),
        any::<bool>().prop_map(RandomValue::Bool),
        any::<i64>().prop_map(RandomValue::Integer),
        any::<f64>().prop_map(RandomValue::Float),
        name_strategy().prop_map(RandomValue::Text),
        prop::collection::vec(name_strategy(), 0..4).prop_map(RandomValue::Sequence),
        prop::collection::vec((name_strategy(), name_strategy()), 0..4).prop_map(RandomValue::Mapping),
    ]
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(|selector| Mutation::DeleteKey { selector }),
        (any::<usize>(), value_strategy()).prop_map(|(selector, value)| Mutation::Replace { selector, value }),
        (any::<usize>(), name_strategy()).prop_map(|(selector, name)| Mutation::RenameKey { selector, name }),
        (any::<usize>(), name_strategy()).prop_map(|(selector, name)| Mutation::DanglingRef { selector, name }),
        any::<usize>().prop_map(|selector| Mutation::SelfRef { selector }),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Mutation::CopyRef { from, to }),
        any::<usize>().prop_map(|selector| Mutation::Truncate { selector }),
    ]
}

/// The path of every node below the root, in document order.
fn node_paths(value: &Value) -> Vec<Vec<Step>> {
    let mut paths = Vec::new();
    collect_paths(value, &mut Vec::new(), &mut paths);
    paths
}

fn collect_paths(value: &Value, prefix: &mut Vec<Step>, paths: &mut Vec<Vec<Step>>) {
    let children: Vec<(Step, &Value)> = match value {
        Value::Mapping(mapping) => mapping.iter().map(|(key, child)| (Step::Key(key.clone()), child)).collect(),
        Value::Sequence(items) => items.iter().enumerate().map(|(index, child)| (Step::Index(index), child)).collect(),
        _ => Vec::new(),
    };
    for (step, child) in children {
        prefix.push(step);
        paths.push(prefix.clone());
        collect_paths(child, prefix, paths);
        prefix.pop();
    }
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut current = value;
    for step in path {
        current = match (step, current) {
            (Step::Key(key), Value::Mapping(mapping)) => mapping.get_mut(key)?,
            (Step::Index(index), Value::Sequence(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(current)
}

fn node<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    let mut current = value;
    for step in path {
        current = match (step, current) {
            (Step::Key(key), Value::Mapping(mapping)) => mapping.get(key)?,
            (Step::Index(index), Value::Sequence(items)) => items.get(*index)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The JSON pointer of a path, for self-references.
fn pointer(path: &[Step]) -> String {
    let mut out = String::from("#");
    for step in path {
        let token = match step {
            Step::Key(Value::String(key)) => key.clone(),
            Step::Key(other) => serde_yaml::to_string(other).unwrap_or_default().trim_end().to_owned(),
            Step::Index(index) => index.to_string(),
        };
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

fn reference(target: String) -> Value {
    let mut mapping = Mapping::new();
    mapping.insert(Value::String("$ref".to_owned()), Value::String(target));
    Value::Mapping(mapping)
}

fn pick(paths: &[Vec<Step>], selector: usize) -> Option<&Vec<Step>> {
    if paths.is_empty() {
        return None;
    }
    paths.get(selector % paths.len())
}

/// Applies a mutation to the document; `Truncate` instead returns a cut length for the text.
fn apply(document: &mut Value, mutation: &Mutation) -> Option<usize> {
    let paths = node_paths(document);
    match mutation {
        Mutation::DeleteKey { selector } => {
            let path = pick(&paths, *selector)?;
            let (last, parent) = path.split_last()?;
            match (last, node_mut(document, parent)?) {
                (Step::Key(key), Value::Mapping(mapping)) => {
                    mapping.remove(key);
                }
                (Step::Index(index), Value::Sequence(items)) if *index < items.len() => {
                    items.remove(*index);
                }
                _ => {}
            }
        }
        Mutation::Replace { selector, value } => {
            let path = pick(&paths, *selector)?;
            *node_mut(document, path)? = value.to_yaml();
        }
        Mutation::RenameKey { selector, name } => {
            let path = pick(&paths, *selector)?;
            let (Step::Key(key), parent) = path.split_last()? else {
                return None;
            };
            if let Value::Mapping(mapping) = node_mut(document, parent)? {
                let value = mapping.remove(key)?;
                mapping.insert(Value::String(name.clone()), value);
            }
        }
        Mutation::DanglingRef { selector, name } => {
            let path = pick(&paths, *selector)?;
            *node_mut(document, path)? = reference(format!("#/components/schemas/{name}"));
        }
        Mutation::SelfRef { selector } => {
            let path = pick(&paths, *selector)?;
            let target = pointer(path);
            *node_mut(document, path)? = reference(target);
        }
        Mutation::CopyRef { from, to } => {
            let references: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|path| matches!(path.last(), Some(Step::Key(Value::String(key))) if key == "$ref"))
                .collect();
            if references.is_empty() {
                return None;
            }
            let source = references.get(from % references.len())?;
            let target = node(document, source)?.clone();
            let destination = pick(&paths, *to)?;
            if let Value::String(target) = target {
                *node_mut(document, destination)? = reference(target);
            }
        }
        Mutation::Truncate { selector } => return Some(*selector),
    }
    None
}

/// Cuts `text` to at most `selector % len` bytes, backing off to a character boundary.
fn truncate(text: &mut String, selector: usize) {
    if text.is_empty() {
        return;
    }
    let mut length = selector % text.len();
    while !text.is_char_boundary(length) {
        length -= 1;
    }
    text.truncate(length);
}

fn mutated_spec(mutations: &[Mutation]) -> String {
    let Ok(mut document) = serde_yaml::from_str::<Value>(SPEC) else {
        return SPEC.to_owned();
    };
    let mut cut = None;
    for mutation in mutations {
        if let Some(selector) = apply(&mut document, mutation) {
            cut = Some(selector);
        }
    }
    let mut text = serde_yaml::to_string(&document).unwrap_or_default();
    if let Some(selector) = cut {
        truncate(&mut text, selector);
    }
    text
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_spec_never_panics(mutations in prop::collection::vec(mutation_strategy(), 1..4)) {
        let text = mutated_spec(&mutations);
        let config = codegen::Config::default();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            codegen::generate_from_str(Path::new("mutated.yaml"), &text, &config).map(|_| ())
        }));
        prop_assert!(outcome.is_ok(), "the generator panicked on this spec:\n{text}");
    }
}

#[test]
fn unmutated_spec_generates() {
    let result = codegen::generate_from_str(Path::new("spec.yaml"), SPEC, &codegen::Config::default());
    assert!(result.is_ok(), "{:?}", result.err());
}
