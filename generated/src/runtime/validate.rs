//! Checks of request values against the spec's constraints before anything is sent.

use std::fmt;

use super::error::Error;
use super::request::OperationInfo;

/// A request type whose values the spec constrains. The generator implements it on request
/// types and calls one [`Validator`] method per constrained property.
pub trait Validate {
    /// Reports every violated constraint of `self` to `validator`.
    fn validate(&self, validator: &mut Validator);
}

/// One violated constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Dotted path of the value, such as `instance.name` or `instance.networks[0].id`.
    pub field: String,
    /// The spec's constraint, such as `maxLength 255`.
    pub constraint: String,
    /// What is wrong with the value, such as `has 300 characters`.
    pub problem: String,
    /// What to change, such as `shorten it`.
    pub fix: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A spec keyword with a number, such as `maxLength 255`, reads as "maxLength is 255";
        // any other constraint reads as a requirement.
        match self.constraint.split_once(' ') {
            Some((keyword, limit)) if limit.parse::<f64>().is_ok() => write!(
                f,
                "{} {} but {keyword} is {limit}; {}",
                self.field, self.problem, self.fix
            ),
            _ => write!(
                f,
                "{} {}, but it must be {}; {}",
                self.field, self.problem, self.constraint, self.fix
            ),
        }
    }
}

/// Collects the violations of one request, tracking the path of the value being checked.
///
/// The generated methods run it before sending, from the spec's `maxLength`, `minimum`,
/// `maximum`, `minItems` and `maxItems`; required fields and enum values are enforced by the
/// Rust types instead. A request with violations is never sent:
///
/// ```no_run
/// use toast_compute_instance::runtime::Error;
/// use toast_compute_instance::{Client, NetworkRef, NewInstance, NewInstanceVolume};
///
/// # async fn example(client: Client) {
/// let too_many = NewInstance {
///     name: "web".to_owned(),
///     image: "image-id".to_owned(),
///     flavor: "flavor-id".to_owned(),
///     networks: vec![NetworkRef { id: "network-id".to_owned() }],
///     availability_zone: "kr-pub-a".to_owned(),
///     key_name: "deploy".to_owned(),
///     count: 11,
///     volumes: vec![NewInstanceVolume { size: 20 }],
///     security_groups: Vec::new(),
/// };
/// if let Err(Error::Validation { violations, .. }) = client.create_instance(&too_many).await {
///     for violation in violations {
///         // "instance.count is 11 but maximum is 10; ..."
///         println!("{violation}");
///     }
/// }
/// # }
/// ```
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<String>,
    violations: Vec<Violation>,
}

impl Validator {
    /// Creates a validator with no violations.
    pub fn new() -> Self {
        Validator::default()
    }

    /// Validates a nested value, prefixing its violations with `name`.
    pub fn field(&mut self, name: &str, value: &(impl Validate + ?Sized)) {
        self.path.push(name.to_owned());
        value.validate(self);
        self.path.pop();
    }

    /// Validates item `index` of a list, prefixing its violations with `[index]`.
    pub fn item(&mut self, index: usize, value: &(impl Validate + ?Sized)) {
        let segment = format!("[{index}]");
        match self.path.last_mut() {
            Some(last) => {
                let previous_length = last.len();
                last.push_str(&segment);
                value.validate(self);
                if let Some(last) = self.path.last_mut() {
                    last.truncate(previous_length);
                }
            }
            None => {
                self.path.push(segment);
                value.validate(self);
                self.path.pop();
            }
        }
    }

    /// Checks that `value` has at most `max` characters (Unicode scalar values, not bytes).
    pub fn max_length(&mut self, name: &str, value: &str, max: u64) {
        let length = char_count(value);
        if length > max {
            self.report(
                name,
                format!("maxLength {max}"),
                format!("has {length} characters"),
                "shorten it",
            );
        }
    }

    /// Checks that `value` has at least `min` characters (Unicode scalar values, not bytes).
    pub fn min_length(&mut self, name: &str, value: &str, min: u64) {
        let length = char_count(value);
        if length < min {
            self.report(
                name,
                format!("minLength {min}"),
                format!("has {length} characters"),
                "lengthen it",
            );
        }
    }

    /// Checks that `value` is at least `min`.
    pub fn minimum(&mut self, name: &str, value: i64, min: i64) {
        if value < min {
            self.report(
                name,
                format!("minimum {min}"),
                format!("is {value}"),
                &format!("use {min} or more"),
            );
        }
    }

    /// Checks that `value` is at most `max`.
    pub fn maximum(&mut self, name: &str, value: i64, max: i64) {
        if value > max {
            self.report(
                name,
                format!("maximum {max}"),
                format!("is {value}"),
                &format!("use {max} or less"),
            );
        }
    }

    /// Checks that a list has at least `min` items.
    pub fn min_items(&mut self, name: &str, count: usize, min: u64) {
        if (count as u64) < min {
            self.report(
                name,
                format!("minItems {min}"),
                format!("has {count} items"),
                "add items",
            );
        }
    }

    /// Checks that a list has at most `max` items.
    pub fn max_items(&mut self, name: &str, count: usize, max: u64) {
        if count as u64 > max {
            self.report(
                name,
                format!("maxItems {max}"),
                format!("has {count} items"),
                "remove items",
            );
        }
    }

    /// Returns the violations collected so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Consumes the validator and returns its violations.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    fn report(&mut self, name: &str, constraint: String, problem: String, fix: &str) {
        let mut field = self.path.join(".");
        if !field.is_empty() && !name.is_empty() {
            field.push('.');
        }
        field.push_str(name);
        self.violations.push(Violation {
            field,
            constraint,
            problem,
            fix: fix.to_owned(),
        });
    }
}

fn char_count(value: &str) -> u64 {
    value.chars().count() as u64
}

/// Validates the request of `operation`.
///
/// # Errors
///
/// [`Error::Validation`] with every violation when any constraint is broken.
pub fn validate(
    operation: &'static OperationInfo,
    value: &(impl Validate + ?Sized),
) -> Result<(), Error> {
    let mut validator = Validator::new();
    value.validate(&mut validator);
    if validator.violations.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation {
            operation: operation.id,
            violations: validator.violations,
        })
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, validator: &mut Validator) {
        if let Some(value) = self {
            value.validate(validator);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, validator: &mut Validator) {
        for (index, value) in self.iter().enumerate() {
            validator.item(index, value);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, validator: &mut Validator) {
        (**self).validate(validator);
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, validator: &mut Validator) {
        (**self).validate(validator);
    }
}

/// Implements [`Validate`] with no checks, so that generated code may call
/// [`Validator::field`] on any property without knowing whether its type has constraints.
macro_rules! unconstrained {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Validate for $ty {
                fn validate(&self, _validator: &mut Validator) {}
            }
        )*
    };
}

unconstrained!(
    String,
    str,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value,
    super::secret::Secret,
    super::timestamp::Timestamp,
);

impl<K, V> Validate for std::collections::BTreeMap<K, V> {
    fn validate(&self, _validator: &mut Validator) {}
}

impl<K, V, S> Validate for std::collections::HashMap<K, V, S> {
    fn validate(&self, _validator: &mut Validator) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::request::{Method, RetryClass};

    static CREATE: OperationInfo = OperationInfo {
        id: "createInstance",
        method: Method::Post,
        path_template: "/instances",
        secured: true,
        retry: RetryClass::Unsafe,
    };

    struct Network {
        id: String,
    }

    impl Validate for Network {
        fn validate(&self, v: &mut Validator) {
            v.min_length("id", &self.id, 1);
        }
    }

    struct NewInstance {
        name: String,
        count: i64,
        networks: Vec<Network>,
        note: Option<String>,
    }

    impl Validate for NewInstance {
        fn validate(&self, v: &mut Validator) {
            v.max_length("name", &self.name, 255);
            v.minimum("count", self.count, 1);
            v.maximum("count", self.count, 10);
            v.min_items("networks", self.networks.len(), 1);
            v.max_items("networks", self.networks.len(), 2);
            v.field("networks", &self.networks);
            if let Some(note) = &self.note {
                v.max_length("note", note, 3);
            }
        }
    }

    struct CreateInstanceRequest {
        instance: Box<NewInstance>,
    }

    impl Validate for CreateInstanceRequest {
        fn validate(&self, v: &mut Validator) {
            v.field("instance", &self.instance);
        }
    }

    fn request(name: &str, count: i64, networks: &[&str]) -> CreateInstanceRequest {
        CreateInstanceRequest {
            instance: Box::new(NewInstance {
                name: name.to_owned(),
                count,
                networks: networks
                    .iter()
                    .map(|id| Network {
                        id: (*id).to_owned(),
                    })
                    .collect(),
                note: None,
            }),
        }
    }

    fn violations(value: &impl Validate) -> Vec<Violation> {
        let mut validator = Validator::new();
        value.validate(&mut validator);
        validator.into_violations()
    }

    #[test]
    fn valid_request_passes() {
        assert!(validate(&CREATE, &request("web-1", 1, &["net"])).is_ok());
    }

    #[test]
    fn max_length_message() {
        let error = validate(&CREATE, &request(&"a".repeat(300), 1, &["net"])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request for createInstance: instance.name has 300 characters but \
             maxLength is 255; shorten it"
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let name = "가".repeat(255);
        assert_eq!(name.len(), 765);
        assert!(violations(&request(&name, 1, &["net"])).is_empty());
        let found = violations(&request(&"가".repeat(256), 1, &["net"]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].problem, "has 256 characters");
    }

    #[test]
    fn numeric_bounds() {
        let low = violations(&request("a", 0, &["net"]));
        assert_eq!(low.len(), 1);
        assert_eq!(
            low[0].to_string(),
            "instance.count is 0 but minimum is 1; use 1 or more"
        );
        let high = violations(&request("a", 11, &["net"]));
        assert_eq!(high.len(), 1);
        assert_eq!(
            high[0].to_string(),
            "instance.count is 11 but maximum is 10; use 10 or less"
        );
    }

    #[test]
    fn item_counts() {
        let none = violations(&request("a", 1, &[]));
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].field, "instance.networks");
        assert_eq!(none[0].constraint, "minItems 1");
        let many = violations(&request("a", 1, &["x", "y", "z"]));
        assert_eq!(many.len(), 1);
        assert_eq!(many[0].problem, "has 3 items");
    }

    #[test]
    fn list_items_get_index_in_path() {
        let found = violations(&request("a", 1, &["ok", ""]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "instance.networks[1].id");
        assert_eq!(found[0].constraint, "minLength 1");
    }

    #[test]
    fn optional_value_checked_when_present() {
        let mut value = request("a", 1, &["n"]);
        assert!(violations(&value).is_empty());
        value.instance.note = Some("long".to_owned());
        let found = violations(&value);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "instance.note");
    }

    #[test]
    fn collects_every_violation() {
        let error = validate(&CREATE, &request(&"a".repeat(256), 20, &[])).unwrap_err();
        let Error::Validation {
            operation,
            violations,
        } = &error
        else {
            panic!("expected a validation error, got {error:?}");
        };
        assert_eq!(*operation, "createInstance");
        let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            ["instance.name", "instance.count", "instance.networks"]
        );
        let message = error.to_string();
        assert!(
            message.starts_with("invalid request for createInstance: 3 problems: "),
            "{message}"
        );
        assert!(
            message.contains("instance.count is 20 but maximum is 10"),
            "{message}"
        );
    }

    #[test]
    fn top_level_vec_paths() {
        let networks = vec![Network { id: String::new() }];
        let found = violations(&networks);
        assert_eq!(found[0].field, "[0].id");
    }
}
