//! Timestamps as the service writes them: RFC 3339 with `Z` or an offset, or without a zone.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// A timestamp from the API that keeps its original text.
///
/// The service writes some timestamps as RFC 3339 (`2017-05-16T03:17:50Z`) and others without
/// a zone (`2017-05-16T02:17:50.166563`). Both parse, and a zone-less value is taken as UTC.
/// Serializing writes the original text back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    // A boxed `str` rather than a `String`: the text never grows, and the smaller value keeps
    // response structs with several timestamps smaller to move while decoding.
    text: Box<str>,
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
        let instant = parse_instant(text).ok_or_else(|| TimestampError {
            text: text.to_owned(),
        })?;
        Ok(Timestamp {
            text: text.into(),
            instant,
        })
    }

    /// Like [`Timestamp::parse`], but keeps `text` without copying it.
    fn parse_owned(text: String) -> Result<Self, TimestampError> {
        match parse_instant(&text) {
            Some(instant) => Ok(Timestamp {
                text: text.into_boxed_str(),
                instant,
            }),
            None => Err(TimestampError { text }),
        }
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
        deserializer.deserialize_string(TimestampVisitor)
    }
}

/// Takes an owned string when the deserializer has one, so that the text is not copied twice.
struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Timestamp::parse(text).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Timestamp, E> {
        Timestamp::parse_owned(text).map_err(E::custom)
    }
}

/// Parses RFC 3339 or a zone-less UTC date and time.
///
/// The common shapes `YYYY-MM-DDTHH:MM:SS`, with an optional fraction of one to nine digits
/// and an optional `Z`, are read by [`parse_common`]. It accepts a subset of what the `time`
/// parsers accept and gives the same instant, and everything else goes to those parsers. The
/// `time` parsers cost several times more, mostly because the zone-less form was tried only
/// after RFC 3339 had failed.
fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    parse_common(text).or_else(|| parse_with_time(text))
}

/// Parses with the `time` crate: RFC 3339 first, then the zone-less form.
fn parse_with_time(text: &str) -> Option<OffsetDateTime> {
    let zone_less = format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| PrimitiveDateTime::parse(text, zone_less).map(|t| t.assume_utc()))
        .ok()
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.F…][Z]` (one to nine fraction digits), or returns `None` for any
/// other shape or an invalid date or time, which the caller then hands to the `time` parsers.
fn parse_common(text: &str) -> Option<OffsetDateTime> {
    let bytes = text.as_bytes();
    let bytes = bytes.strip_suffix(b"Z").unwrap_or(bytes);
    if bytes.len() < 19 {
        return None;
    }
    let (date_time, fraction) = bytes.split_at(19);
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators
        .iter()
        .any(|&(index, separator)| date_time[index] != separator)
    {
        return None;
    }

    let year = digits(&date_time[0..4])?;
    let month = digits(&date_time[5..7])?;
    let day = digits(&date_time[8..10])?;
    let hour = digits(&date_time[11..13])?;
    let minute = digits(&date_time[14..16])?;
    let second = digits(&date_time[17..19])?;
    let nanosecond = match fraction {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            let scale = 10u32.pow(9 - fraction.len() as u32);
            digits(fraction)? * scale
        }
        _ => return None,
    };

    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanosecond,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// Reads ASCII decimal digits, or returns `None` when a byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
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
    fn common_shapes_match_time_parsers() {
        let mut texts = vec![
            "2017-05-16T02:17:50".to_owned(),
            "2017-05-16T02:17:50Z".to_owned(),
            "2017-05-16T02:17:50.166563".to_owned(),
            "2017-05-16T02:17:50.1Z".to_owned(),
            "2017-05-16T02:17:50.123456789".to_owned(),
            "2017-05-16T02:17:50.1234567891".to_owned(),
            "0000-01-01T00:00:00Z".to_owned(),
            "9999-12-31T23:59:59.999999999Z".to_owned(),
            "2016-02-29T12:00:00".to_owned(),
            "2017-02-29T12:00:00".to_owned(),
            "2017-04-31T12:00:00Z".to_owned(),
            "2017-05-16T24:00:00".to_owned(),
            "2017-05-16T23:60:00".to_owned(),
            "2016-12-31T23:59:60Z".to_owned(),
            "2017-05-16T02:17:50.Z".to_owned(),
            "2017-05-16t02:17:50z".to_owned(),
            "2017-05-16T02:17:50z".to_owned(),
            "2017-05-16T02:17:5".to_owned(),
            "+2017-05-16T02:17:50".to_owned(),
            "2017-5-16T02:17:50".to_owned(),
            "2017-05-16T02:17:50+00:00".to_owned(),
        ];
        for month in 0..=13 {
            for day in [0, 1, 28, 29, 30, 31, 32] {
                texts.push(format!("2020-{month:02}-{day:02}T07:08:09.5"));
                texts.push(format!("2021-{month:02}-{day:02}T07:08:09Z"));
            }
        }
        for text in &texts {
            let fast = parse_common(text);
            let slow = parse_with_time(text);
            if fast.is_some() {
                assert_eq!(fast, slow, "{text}");
                assert_eq!(
                    fast.map(|instant| instant.offset()),
                    slow.map(|instant| instant.offset()),
                    "{text}"
                );
            }
            assert_eq!(parse_instant(text), slow, "{text}");
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
    fn serde_owned_string_decodes() {
        let value = serde_json::Value::from("2017-05-16T03:17:50Z");
        let timestamp: Timestamp = serde_json::from_value(value).expect("an owned string decodes");
        assert_eq!(timestamp.as_str(), "2017-05-16T03:17:50Z");
        let error = serde_json::from_value::<Timestamp>(serde_json::Value::from("later"))
            .expect_err("not a time");
        assert!(error.to_string().contains("\"later\""), "{error}");
    }

    #[test]
    fn deserialize_error_names_value() {
        let error = serde_json::from_str::<Timestamp>("\"not a time\"").unwrap_err();
        assert!(error.to_string().contains("\"not a time\""), "{error}");
    }
}
