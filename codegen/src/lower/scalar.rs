//! Lowers string, integer, number and boolean schemas, with their constraints and the string
//! extensions `x-secret`, `x-timestamp` and `x-windows-max-length`.

use super::Lowerer;
use super::extensions;
use super::schema::SchemaFacts;
use crate::diagnostics::Diagnostic;
use crate::model::{IntegerWidth, Scalar, TypeRef};
use openapiv3::{
    BooleanType, IntegerFormat, IntegerType, NumberType, SchemaData, StringType,
    VariantOrUnknownOrEmpty,
};

impl Lowerer<'_> {
    pub(super) fn string_facts(&mut self, string: &StringType, data: &SchemaData, at: &str) -> SchemaFacts {
        let StringType {
            format: _,
            pattern,
            enumeration: _,
            min_length,
            max_length,
        } = string;
        if pattern.is_some() {
            self.unchecked(at, "pattern", "`pattern` of a string");
        }
        let scalar = self.string_scalar(data, at);
        let mut facts = SchemaFacts::new(TypeRef::Scalar(scalar), data);
        facts.constraints.min_length = min_length.map(|value| value as u64);
        facts.constraints.max_length = max_length.map(|value| value as u64);
        if let Some(limit) = self.windows_max_length(data, facts.constraints.max_length, at) {
            let note = format!("When the instance runs a Windows image, the maximum length is {limit}.");
            facts.doc = Some(match facts.doc.take() {
                Some(doc) => format!("{}\n\n{note}", doc.trim_end()),
                None => note,
            });
        }
        facts
    }

    /// The scalar that `x-secret` and `x-timestamp` select for a string.
    fn string_scalar(&mut self, data: &SchemaData, at: &str) -> Scalar {
        let secret = extensions::flag(&data.extensions, "x-secret", at, &mut self.errors);
        let timestamp = extensions::flag(&data.extensions, "x-timestamp", at, &mut self.errors);
        match (secret, timestamp) {
            (true, true) => {
                self.errors.push(
                    Diagnostic::new(at, "a string cannot be both `x-secret` and `x-timestamp`")
                        .with_help("remove one of the two extensions"),
                );
                Scalar::Secret
            }
            (true, false) => Scalar::Secret,
            (false, true) => Scalar::Timestamp,
            (false, false) => Scalar::String,
        }
    }

    /// Reads `x-windows-max-length`, which must not exceed the string's `maxLength`.
    fn windows_max_length(&mut self, data: &SchemaData, max_length: Option<u64>, at: &str) -> Option<u64> {
        let limit: u64 = extensions::read(&data.extensions, "x-windows-max-length", at, &mut self.errors)?;
        let pointer = format!("{at}/x-windows-max-length");
        match max_length {
            None => {
                self.errors.push(
                    Diagnostic::new(pointer, "`x-windows-max-length` is set on a string without `maxLength`")
                        .with_help("add `maxLength`, the limit for every image, beside `x-windows-max-length`"),
                );
                None
            }
            Some(max_length) if limit > max_length => {
                self.errors.push(
                    Diagnostic::new(pointer, format!("`x-windows-max-length` {limit} is larger than `maxLength` {max_length}"))
                        .with_help("the Windows limit is a tighter bound; make it at most `maxLength`"),
                );
                None
            }
            Some(_) => Some(limit),
        }
    }

    /// Warns that a validation keyword is kept in the spec but not checked by the client.
    pub(super) fn unchecked(&mut self, at: &str, keyword: &str, subject: &str) {
        self.warnings.push(
            Diagnostic::new(format!("{at}/{keyword}"), format!("{subject} is not checked by the client"))
                .with_help("the server still validates it; the generated type does not"),
        );
    }

    pub(super) fn integer_facts(&mut self, integer: &IntegerType, data: &SchemaData, at: &str) -> SchemaFacts {
        let IntegerType {
            format,
            multiple_of,
            exclusive_minimum,
            exclusive_maximum,
            minimum,
            maximum,
            enumeration,
        } = integer;
        let width = match format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
            _ => IntegerWidth::I64,
        };
        if multiple_of.is_some() {
            self.unchecked(at, "multipleOf", "`multipleOf` of an integer");
        }
        let mut facts = SchemaFacts::new(TypeRef::Scalar(Scalar::Integer(width)), data);
        facts.constraints.minimum = minimum.map(|value| value.saturating_add(i64::from(*exclusive_minimum)));
        facts.constraints.maximum = maximum.map(|value| value.saturating_sub(i64::from(*exclusive_maximum)));
        let values: Vec<String> = enumeration.iter().flatten().map(i64::to_string).collect();
        if !values.is_empty() {
            self.unchecked(at, "enum", "`enum` of an integer");
            let note = format!("One of {}.", values.join(", "));
            facts.doc = Some(match facts.doc.take() {
                Some(doc) => format!("{}\n\n{note}", doc.trim_end()),
                None => note,
            });
        }
        facts
    }

    pub(super) fn number_facts(&mut self, number: &NumberType, data: &SchemaData, at: &str) -> SchemaFacts {
        let NumberType {
            format: _,
            multiple_of,
            exclusive_minimum: _,
            exclusive_maximum: _,
            minimum,
            maximum,
            enumeration,
        } = number;
        let keywords = [
            ("multipleOf", multiple_of.is_some()),
            ("minimum", minimum.is_some()),
            ("maximum", maximum.is_some()),
            ("enum", !enumeration.is_empty()),
        ];
        for (keyword, present) in keywords {
            if present {
                self.unchecked(at, keyword, &format!("`{keyword}` of a number"));
            }
        }
        SchemaFacts::new(TypeRef::Scalar(Scalar::Number), data)
    }

    pub(super) fn boolean_facts(&mut self, boolean: &BooleanType, data: &SchemaData, at: &str) -> SchemaFacts {
        let BooleanType { enumeration } = boolean;
        if !enumeration.is_empty() {
            self.unchecked(at, "enum", "`enum` of a boolean");
        }
        SchemaFacts::new(TypeRef::Scalar(Scalar::Boolean), data)
    }
}
