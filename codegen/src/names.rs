//! Turns spec names into Rust identifiers.
//!
//! Every identifier the generator emits passes through this module: case conversion, characters
//! that Rust does not allow, leading digits, keywords and duplicates are all handled here.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Keywords of Rust 2024 that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
    "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers, so a trailing underscore is added instead.
const UNRAWABLE_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Converts a spec name to a snake_case name for fields, parameters and methods.
pub fn snake_case(raw: &str) -> String {
    let converted = ascii_only(raw).to_snake_case();
    let name = if converted.is_empty() {
        "value".to_owned()
    } else {
        converted
    };
    prefix_leading_digit(name, "_")
}

/// Converts a spec name to a PascalCase name for types and enum variants.
pub fn pascal_case(raw: &str) -> String {
    let converted = ascii_only(raw).to_upper_camel_case();
    let name = if converted.is_empty() {
        "Value".to_owned()
    } else {
        converted
    };
    prefix_leading_digit(name, "V")
}

/// Makes an identifier token, using raw syntax or a trailing underscore for keywords.
pub fn ident(name: &str) -> Ident {
    if UNRAWABLE_KEYWORDS.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if RAW_KEYWORDS.contains(&name) {
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// The name serde derives for a field or variant with this Rust name: the identifier
/// without a raw `r#` prefix, so `self` becomes `self_`.
pub fn serde_name(name: &str) -> String {
    let ident = ident(name).to_string();
    ident.trim_start_matches("r#").to_owned()
}

/// Hands out names that are unique within one scope, such as the fields of one struct.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// Creates a scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Returns `name`, or `name` with the smallest numeric suffix that is still free.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let separator = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut counter = 2;
        loop {
            let candidate = format!("{name}{separator}{counter}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            counter += 1;
        }
    }
}

/// Replaces every character outside ASCII letters and digits with a word break, writing
/// non-ASCII letters as their code point so that distinct names stay distinct.
fn ascii_only(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        }
    }
    out
}

fn prefix_leading_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let cases = [
            ("zoneName", "zone_name"),
            ("isPublic", "is_public"),
            ("issued_at", "issued_at"),
            ("X-Auth-Token", "x_auth_token"),
            ("a.b.c", "a_b_c"),
            ("2fa", "_2fa"),
            ("", "value"),
            ("---", "value"),
            ("이름", "uc774_ub984"),
            ("HTTPStatus", "http_status"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake_case(raw), expected, "snake_case({raw:?})");
        }
    }

    #[test]
    fn pascal_case_table() {
        let cases = [
            ("InstanceStatus", "InstanceStatus"),
            ("POWERING_ON", "PoweringOn"),
            ("uploadImage", "UploadImage"),
            ("general", "General"),
            ("404", "V404"),
            ("-", "Value"),
            ("pet-store.v2", "PetStoreV2"),
        ];
        for (raw, expected) in cases {
            assert_eq!(pascal_case(raw), expected, "pascal_case({raw:?})");
        }
    }

    #[test]
    fn ident_table() {
        let cases = [
            ("type", "r#type"),
            ("gen", "r#gen"),
            ("ref", "r#ref"),
            ("async", "r#async"),
            ("self", "self_"),
            ("Self", "Self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("name", "name"),
        ];
        for (name, expected) in cases {
            assert_eq!(ident(name).to_string(), expected, "ident({name:?})");
        }
    }

    #[test]
    fn serde_name_table() {
        assert_eq!(serde_name("type"), "type");
        assert_eq!(serde_name("self"), "self_");
        assert_eq!(serde_name("name"), "name");
    }

    #[test]
    fn scope_suffixes_duplicates() {
        let mut scope = Scope::with_reserved(&["client"]);
        assert_eq!(scope.claim("name".into()), "name");
        assert_eq!(scope.claim("name".into()), "name2");
        assert_eq!(scope.claim("name".into()), "name3");
        assert_eq!(scope.claim("client".into()), "client2");
        assert_eq!(scope.claim("v1".into()), "v1");
        assert_eq!(scope.claim("v1".into()), "v1_2");
    }
}
