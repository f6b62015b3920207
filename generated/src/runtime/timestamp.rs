//! Timestamps as the service writes them: RFC 3339 with `Z` or an offset, or without a zone.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// A timestamp from the API that keeps its original text.
///
/// The service writes some timestamps as RFC 3339 (`2017-05-16T03:17:50Z`) and others without
/// a zone (`2017-05-16T02:17:50.166563`). Both parse, and a zone-less value is taken as UTC.
/// Serializing writes the original text back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    instant: OffsetDateTime,
}

/// Why a string is not a [`Timestamp`].
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "invalid timestamp {text:?}: expected RFC 3339 such as 2017-05-16T03:17:50Z or \
     2017-05-16T12:17:50+09:00, or a zone-less UTC time such as 2017-05-16T02:17:50.166563"
)]
pub struct TimestampError {
    text: String,
}

impl Timestamp {
    /// Parses `text` as RFC 3339 or as a zone-less UTC date and time
    /// (`YYYY-MM-DDTHH:MM:SS` with an optional fraction of up to nine digits).
    ///
    /// # Errors
    ///
    /// [`TimestampError`], which names the text, when neither form matches.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let zone_less = format_description!(
            version = 2,
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        let instant = OffsetDateTime::parse(text, &Rfc3339)
            .or_else(|_| PrimitiveDateTime::parse(text, zone_less).map(|t| t.assume_utc()))
            .map_err(|_| TimestampError {
                text: text.to_owned(),
            })?;
        Ok(Timestamp {
            text: text.to_owned(),
            instant,
        })
    }

    /// Returns the text as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the parsed instant, with the offset of the text or UTC for a zone-less text.
    pub fn to_offset_date_time(&self) -> OffsetDateTime {
        self.instant
    }

    /// Returns the parsed instant as a [`std::time::SystemTime`].
    pub fn to_system_time(&self) -> std::time::SystemTime {
        self.instant.into()
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn parsed(text: &str) -> OffsetDateTime {
        Timestamp::parse(text)
            .unwrap_or_else(|e| panic!("{text} should parse: {e}"))
            .to_offset_date_time()
    }

    #[test]
    fn parses_utc_with_z() {
        assert_eq!(
            parsed("2017-05-16T03:17:50Z"),
            datetime!(2017-05-16 03:17:50 UTC)
        );
    }

    #[test]
    fn parses_offset() {
        let instant = parsed("2017-05-16T12:17:50+09:00");
        assert_eq!(instant, datetime!(2017-05-16 03:17:50 UTC));
        assert_eq!(instant.offset().whole_hours(), 9);
    }

    #[test]
    fn parses_offset_with_fraction() {
        assert_eq!(
            parsed("2017-05-16T03:17:50.5-01:30"),
            datetime!(2017-05-16 04:47:50.5 UTC)
        );
    }

    #[test]
    fn parses_zone_less_as_utc() {
        assert_eq!(
            parsed("2017-05-16T02:17:50"),
            datetime!(2017-05-16 02:17:50 UTC)
        );
    }

    #[test]
    fn parses_zone_less_fraction() {
        assert_eq!(
            parsed("2017-05-16T02:17:50.166563"),
            datetime!(2017-05-16 02:17:50.166563 UTC)
        );
    }

    #[test]
    fn rejects_garbage() {
        let cases = [
            "",
            "yesterday",
            "2017-05-16",
            "2017-05-16 02:17:50",
            "2017-13-16T02:17:50",
            "2017-05-16T02:17:50.",
            "2017-05-16T02:17:50ZZ",
        ];
        for text in cases {
            assert!(
                Timestamp::parse(text).is_err(),
                "{text:?} should be rejected"
            );
        }
    }

    #[test]
    fn error_names_value() {
        let message = Timestamp::parse("soon")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(message.contains("\"soon\""), "{message}");
    }

    #[test]
    fn serde_keeps_original_text() {
        let text = "\"2017-05-16T02:17:50.166563\"";
        let timestamp: Timestamp = serde_json::from_str(text).expect("a zone-less time decodes");
        assert_eq!(timestamp.as_str(), "2017-05-16T02:17:50.166563");
        assert_eq!(serde_json::to_string(&timestamp).expect("encodes"), text);
    }

    #[test]
    fn deserialize_error_names_value() {
        let error = serde_json::from_str::<Timestamp>("\"not a time\"").unwrap_err();
        assert!(error.to_string().contains("\"not a time\""), "{error}");
    }
}
