//! Strings that must never appear in logs or `Debug` output: tokens, passwords, private keys.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string, such as an access token, an API password or a private key.
///
/// ```
/// use toast_compute_instance::runtime::Secret;
///
/// let token = Secret::from("gAAAAABk-example");
/// assert_eq!(format!("{token:?}"), "Secret([REDACTED])");
/// assert_eq!(token.expose_secret(), "gAAAAABk-example");
/// ```
///
/// `Debug` prints `Secret([REDACTED])`, there is no `Display`, and the memory is zeroed on
/// drop. [`Secret::expose_secret`] is the only way to read the value. `Serialize` writes the
/// plain value because request bodies must carry it, for example the password of `issueToken`.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// Returns the plain value. Keep the result out of logs and error messages.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::from("hunter2");
        let printed = format!("{secret:?} {secret:#?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("Secret([REDACTED])"), "{printed}");
    }

    #[test]
    fn serde_round_trip_exposes_value() {
        let secret: Secret = serde_json::from_str("\"p@ss\"").expect("a JSON string decodes");
        assert_eq!(secret.expose_secret(), "p@ss");
        let json = serde_json::to_string(&secret).expect("a secret encodes");
        assert_eq!(json, "\"p@ss\"");
    }

    #[test]
    fn rejects_non_string() {
        assert!(serde_json::from_str::<Secret>("5").is_err());
    }
}
