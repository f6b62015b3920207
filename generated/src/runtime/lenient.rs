//! Serde `deserialize_with` functions for values that the service sometimes sends as strings.
//!
//! The vendor's examples quote some numbers and booleans (`"count": "1"`,
//! `"available": "true"`) that the tables type as Integer or Boolean. These functions accept
//! both forms. The `optional_*` functions also accept `null`, and absence when the field has
//! `#[serde(default)]`, which the generated code must add next to `deserialize_with`.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Visitor};

/// Deserializes an integer of any width from a JSON number or a string such as `" 5 "`.
/// The target type checks the range, so `300` fails for a `u8`.
pub fn integer<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    deserializer.deserialize_any(NumberVisitor::new("an integer"))
}

/// Like [`integer`], but `null`, absence and an empty string give `None`.
pub fn optional_integer<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    deserializer.deserialize_option(OptionalVisitor(NumberVisitor::new("an integer")))
}

/// Deserializes a floating-point number from a JSON number or a string such as `"2.5"`.
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    deserializer.deserialize_any(NumberVisitor::new("a number"))
}

/// Like [`number`], but `null`, absence and an empty string give `None`.
pub fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    deserializer.deserialize_option(OptionalVisitor(NumberVisitor::new("a number")))
}

/// Deserializes a boolean from `true`/`false` or from the strings `"true"`/`"false"` in any
/// case, with surrounding whitespace ignored.
pub fn boolean<'de, D>(deserializer: D) -> Result<bool, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(BoolVisitor)
}

/// Like [`boolean`], but `null`, absence and an empty string give `None`.
pub fn optional_boolean<'de, D>(deserializer: D) -> Result<Option<bool>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_option(OptionalVisitor(BoolVisitor))
}

struct NumberVisitor<T> {
    expected: &'static str,
    target: PhantomData<fn() -> T>,
}

impl<T> NumberVisitor<T> {
    fn new(expected: &'static str) -> Self {
        NumberVisitor {
            expected,
            target: PhantomData,
        }
    }
}

impl<'de, T> Visitor<'de> for NumberVisitor<T>
where
    T: FromStr + Deserialize<'de>,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or a string that contains one", self.expected)
    }

    // Numbers go through `T`'s own `Deserialize`, which applies its range checks.
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        value.trim().parse::<T>().map_err(|error| {
            E::custom(format_args!(
                "invalid value {value:?}: expected {} ({error})",
                self.expected
            ))
        })
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean or the string \"true\" or \"false\"")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<bool, E> {
        let trimmed = value.trim();
        if trimmed.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if trimmed.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(E::custom(format_args!(
                "invalid value {value:?}: expected true or false"
            )))
        }
    }
}

/// Wraps a visitor so that `null` and an empty or blank string give `None`.
struct OptionalVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionalVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(value).map(Some)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(value).map(Some)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(value).map(Some)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(value).map(Some)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        if value.trim().is_empty() {
            return Ok(None);
        }
        self.0.visit_str(value).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "integer")]
        count: i32,
        #[serde(default, deserialize_with = "optional_integer")]
        size: Option<u8>,
        #[serde(deserialize_with = "number", default)]
        ratio: f64,
        #[serde(default, deserialize_with = "optional_number")]
        weight: Option<f32>,
        #[serde(deserialize_with = "boolean", default)]
        available: bool,
        #[serde(default, deserialize_with = "optional_boolean")]
        public: Option<bool>,
    }

    fn decode(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn integer_from_number_or_string() {
        for json in [
            r#"{"count": 5}"#,
            r#"{"count": "5"}"#,
            r#"{"count": " 5 "}"#,
        ] {
            assert_eq!(decode(json).map(|s| s.count), Ok(5), "{json}");
        }
        assert_eq!(decode(r#"{"count": "-7"}"#).map(|s| s.count), Ok(-7));
    }

    #[test]
    fn integer_rejects_bad_values() {
        let cases = [
            (r#"{"count": "five"}"#, "\"five\""),
            (r#"{"count": "5.5"}"#, "\"5.5\""),
            (r#"{"count": 5.5}"#, "floating point"),
            (r#"{"count": true}"#, "boolean"),
            (r#"{"count": null}"#, "null"),
            (r#"{"count": 3000000000}"#, "3000000000"),
        ];
        for (json, named) in cases {
            let error = decode(json).expect_err(json);
            assert!(error.contains(named), "{json}: {error}");
        }
    }

    #[test]
    fn optional_integer_accepts_null_absent_empty() {
        for json in [
            r#"{"count": 1}"#,
            r#"{"count": 1, "size": null}"#,
            r#"{"count": 1, "size": ""}"#,
            r#"{"count": 1, "size": "  "}"#,
        ] {
            assert_eq!(decode(json).map(|s| s.size), Ok(None), "{json}");
        }
        assert_eq!(
            decode(r#"{"count": 1, "size": "9"}"#).map(|s| s.size),
            Ok(Some(9))
        );
        assert_eq!(
            decode(r#"{"count": 1, "size": 9}"#).map(|s| s.size),
            Ok(Some(9))
        );
    }

    #[test]
    fn optional_integer_checks_range() {
        let error = decode(r#"{"count": 1, "size": 300}"#).expect_err("300 exceeds u8");
        assert!(error.contains("300"), "{error}");
        let error = decode(r#"{"count": 1, "size": "300"}"#).expect_err("300 exceeds u8");
        assert!(error.contains("\"300\""), "{error}");
    }

    #[test]
    fn number_from_number_or_string() {
        let cases = [
            (r#"{"count": 1, "ratio": 2.5}"#, 2.5),
            (r#"{"count": 1, "ratio": "2.5"}"#, 2.5),
            (r#"{"count": 1, "ratio": 3}"#, 3.0),
            (r#"{"count": 1, "ratio": "-1e3"}"#, -1000.0),
        ];
        for (json, expected) in cases {
            assert_eq!(decode(json).map(|s| s.ratio), Ok(expected), "{json}");
        }
        let error = decode(r#"{"count": 1, "ratio": "abc"}"#).expect_err("not a number");
        assert!(error.contains("\"abc\""), "{error}");
    }

    #[test]
    fn optional_number_accepts_null() {
        assert_eq!(
            decode(r#"{"count": 1, "weight": null}"#).map(|s| s.weight),
            Ok(None)
        );
        assert_eq!(
            decode(r#"{"count": 1, "weight": "0.5"}"#).map(|s| s.weight),
            Ok(Some(0.5))
        );
    }

    #[test]
    fn boolean_from_bool_or_string() {
        let cases = [
            ("true", true),
            ("false", false),
            ("\"true\"", true),
            ("\"FALSE\"", false),
            ("\" True \"", true),
        ];
        for (value, expected) in cases {
            let json = format!(r#"{{"count": 1, "available": {value}}}"#);
            assert_eq!(decode(&json).map(|s| s.available), Ok(expected), "{json}");
        }
    }

    #[test]
    fn boolean_rejects_other_values() {
        for value in ["\"yes\"", "1", "null", "\"\""] {
            let json = format!(r#"{{"count": 1, "available": {value}}}"#);
            assert!(decode(&json).is_err(), "{json}");
        }
        let error = decode(r#"{"count": 1, "available": "yes"}"#).expect_err("yes");
        assert!(error.contains("\"yes\""), "{error}");
    }

    #[test]
    fn optional_boolean_cases() {
        let cases = [
            ("null", None),
            ("\"\"", None),
            ("\"false\"", Some(false)),
            ("true", Some(true)),
        ];
        for (value, expected) in cases {
            let json = format!(r#"{{"count": 1, "public": {value}}}"#);
            assert_eq!(decode(&json).map(|s| s.public), Ok(expected), "{json}");
        }
        assert_eq!(decode(r#"{"count": 1}"#).map(|s| s.public), Ok(None));
        assert!(decode(r#"{"count": 1, "public": "maybe"}"#).is_err());
    }
}
