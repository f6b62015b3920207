//! Finds the line and column of a JSON pointer in the YAML text of a spec.
//!
//! `serde_yaml::Value` keeps no positions, but serde_yaml's deserializer attaches the position of
//! the node being read to an error that a visitor returns. The locator reads the document along
//! the pointer, skipping every other node, and returns a marker error at the target. That error's
//! position is the target's: the key for a mapping entry, the node itself for a sequence item.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Message of the error that marks the target node; serde_yaml prefixes it with the path.
const FOUND: &str = "pointer target found";

/// Adds a line and column to every diagnostic that has none, from its pointer.
///
/// A pointer to an element that the text lacks, such as a missing `responses`, gets the
/// position of its nearest ancestor that exists.
pub fn add_locations(diagnostics: &mut Diagnostics, text: &str) {
    for item in &mut diagnostics.items {
        fill(item, text);
    }
}

fn fill(diagnostic: &mut Diagnostic, text: &str) {
    if diagnostic.location.is_some() {
        return;
    }
    diagnostic.location = locate_nearest(text, &diagnostic.pointer);
}

/// Finds the one-based line and column of the pointer's target, or of its nearest existing
/// ancestor. Returns `None` for the root and for text that is not YAML.
pub fn locate_nearest(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let mut tokens = parse_pointer(pointer)?;
    while !tokens.is_empty() {
        if let Some(location) = locate_tokens(text, &tokens) {
            return Some(location);
        }
        tokens.pop();
    }
    None
}

/// Finds the one-based line and column of the pointer's exact target.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens = parse_pointer(pointer)?;
    locate_tokens(text, &tokens)
}

fn locate_tokens(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
    if tokens.is_empty() {
        return None;
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Walk { tokens }).deserialize(deserializer) {
        Err(error) if error.to_string().contains(FOUND) => {
            let location = error.location()?;
            Some((location.line(), location.column()))
        }
        _ => None,
    }
}

/// Splits a JSON pointer into unescaped reference tokens; `None` when it does not start with `/`
/// and is not empty.
fn parse_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    let tokens = rest
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    Some(tokens)
}

/// Reads one node, descending into the entry or item that the first token names.
struct Walk<'t> {
    tokens: &'t [String],
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Ok(());
        };
        let key = KeySeed {
            token: first,
            is_target: rest.is_empty(),
        };
        while let Some(matches) = map.next_key_seed(key)? {
            if matches {
                return map.next_value_seed(Walk { tokens: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.tokens.split_first() else {
            return Ok(());
        };
        let Ok(index) = first.parse::<usize>() else {
            return Ok(());
        };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        if rest.is_empty() {
            seq.next_element_seed(Target)?;
        } else {
            seq.next_element_seed(Walk { tokens: rest })?;
        }
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Ok(())
    }
}

/// Reads a mapping key and returns whether it equals the token. For the last token a match is
/// the target, so it returns the marker error at the key's position.
#[derive(Clone, Copy)]
struct KeySeed<'t> {
    token: &'t str,
    is_target: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl KeySeed<'_> {
    fn compare<E: de::Error>(self, key: &str) -> Result<bool, E> {
        match (key == self.token, self.is_target) {
            (true, true) => Err(E::custom(FOUND)),
            (matches, _) => Ok(matches),
        }
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        self.compare(key)
    }

    fn visit_bool<E: de::Error>(self, key: bool) -> Result<bool, E> {
        self.compare(&key.to_string())
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
        self.compare(&key.to_string())
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
        self.compare(&key.to_string())
    }

    fn visit_f64<E: de::Error>(self, key: f64) -> Result<bool, E> {
        self.compare(&key.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.compare("null")
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        self.compare("null")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

/// Returns the marker error from whatever node it is given, so the error carries its position.
struct Target;

impl<'de> DeserializeSeed<'de> for Target {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Target)
    }
}

impl<'de> Visitor<'de> for Target {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      responses:
        200:
          description: ok
      parameters:
        - name: a
        - {name: b, in: query}
flow: {x: [1, 2]}
";

    #[test]
    fn locate_table() {
        let cases = [
            ("/openapi", Some((1, 1))),
            ("/paths", Some((2, 1))),
            ("/paths/~1pets~1{id}/get", Some((4, 5))),
            ("/paths/~1pets~1{id}/get/responses/200", Some((6, 9))),
            ("/paths/~1pets~1{id}/get/parameters/1", Some((10, 11))),
            ("/paths/~1pets~1{id}/get/parameters/1/in", Some((10, 21))),
            ("/flow/x/1", Some((11, 15))),
            ("/paths/~1pets~1{id}/post", None),
            ("/flow/x/7", None),
            ("", None),
        ];
        for (pointer, expected) in cases {
            assert_eq!(locate(TEXT, pointer), expected, "locate({pointer:?})");
        }
    }

    #[test]
    fn nearest_falls_back_to_ancestor() {
        let location = locate_nearest(TEXT, "/paths/~1pets~1{id}/get/requestBody/content");
        assert_eq!(location, Some((4, 5)));
    }

    #[test]
    fn locate_in_text_that_is_not_yaml() {
        assert_eq!(locate("{{{\n", "/a"), None);
    }
}
