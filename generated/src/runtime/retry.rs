//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

use super::request::RetryClass;

/// Retry settings, set on the builder with
/// [`ClientBuilder::retry`](super::ClientBuilder::retry) or per call with
/// [`Core::with_retry`](super::Core::with_retry).
///
/// Only transient failures are retried: failed connections, timeouts and HTTP 429, 502, 503
/// and 504. The wait before attempt `n + 1` is a random duration between zero and
/// `min(max_backoff, initial_backoff * 2^(n - 1))` ("full jitter"), unless the response has a
/// `Retry-After` header, whose value is used instead, capped at `max_backoff`.
///
/// GET requests are retried by default. Deletions and instance actions are retried only with
/// `retry_idempotent`, and creation only with `retry_unsafe`, because a repeated create can
/// make duplicates. A client made by `Client::with_retry` shares the connections and token of
/// the original, so one call can opt in without changing the others:
///
/// ```no_run
/// use toast_compute_instance::runtime::RetryConfig;
/// use toast_compute_instance::{Client, NewKeypair};
///
/// # async fn example(client: Client) -> Result<(), toast_compute_instance::runtime::Error> {
/// let patient = client.with_retry(RetryConfig {
///     retry_unsafe: true,
///     ..RetryConfig::default()
/// });
/// let keypair = NewKeypair { name: "deploy".to_owned(), public_key: None };
/// patient.create_keypair(&keypair).await?;
///
/// match client.list_flavors().await {
///     Err(error) => println!("failed after {} attempts: {error}", error.attempts()),
///     Ok(flavors) => println!("{} flavors", flavors.len()),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Maximum number of HTTP requests per call, the first one included. 0 and 1 both mean
    /// no retries.
    pub max_attempts: u32,
    /// Upper bound of the first wait.
    pub initial_backoff: Duration,
    /// Upper bound of every wait, `Retry-After` included.
    pub max_backoff: Duration,
    /// Whether to retry [`RetryClass::Idempotent`] operations such as deletions.
    pub retry_idempotent: bool,
    /// Whether to retry [`RetryClass::Unsafe`] operations such as instance creation, which
    /// may then act twice.
    pub retry_unsafe: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            retry_idempotent: false,
            retry_unsafe: false,
        }
    }
}

impl RetryConfig {
    /// Returns a configuration that never retries.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// Returns whether an operation of `class` may be sent again after a transient failure.
    pub fn allows(&self, class: RetryClass) -> bool {
        match class {
            RetryClass::Safe => true,
            RetryClass::Idempotent => self.retry_idempotent,
            RetryClass::Unsafe => self.retry_unsafe,
        }
    }

    /// Returns the upper bound of the wait after attempt `attempt` (counted from 1).
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// Returns a random wait between zero and [`RetryConfig::backoff_ceiling`].
    pub fn jittered_backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.backoff_ceiling(attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// Returns the wait after attempt `attempt`: `Retry-After` capped at `max_backoff` when
    /// given, a jittered backoff otherwise.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_backoff),
            None => self.jittered_backoff(attempt),
        }
    }
}

/// Returns whether an HTTP status is worth retrying: 429, 502, 503 or 504.
pub(crate) fn is_transient_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Returns whether a transport error is worth retrying: a failed connection or a timeout.
pub(crate) fn is_transient_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout()
}

/// Parses a `Retry-After` value: a number of seconds or an HTTP date. A date in the past
/// gives zero; anything else unparseable gives `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_values() {
        let config = RetryConfig::default();
        assert_eq!(config.max_attempts, 3);
        assert_eq!(config.initial_backoff, Duration::from_millis(200));
        assert_eq!(config.max_backoff, Duration::from_secs(5));
        assert!(!config.retry_idempotent);
        assert!(!config.retry_unsafe);
    }

    #[test]
    fn ceiling_doubles_and_caps() {
        let config = RetryConfig::default();
        let ceilings: Vec<u128> = (1..=7)
            .map(|a| config.backoff_ceiling(a).as_millis())
            .collect();
        assert_eq!(ceilings, [200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(config.backoff_ceiling(u32::MAX), Duration::from_secs(5));
        assert_eq!(config.backoff_ceiling(0), Duration::from_millis(200));
    }

    #[test]
    fn jitter_stays_within_ceiling() {
        let config = RetryConfig::default();
        for attempt in 1..=8 {
            for _ in 0..200 {
                let wait = config.jittered_backoff(attempt);
                assert!(
                    wait <= config.backoff_ceiling(attempt),
                    "attempt {attempt}: {wait:?}"
                );
            }
        }
    }

    #[test]
    fn jitter_spreads() {
        let config = RetryConfig::default();
        let waits: std::collections::BTreeSet<Duration> =
            (0..50).map(|_| config.jittered_backoff(3)).collect();
        assert!(waits.len() > 10, "only {} distinct waits", waits.len());
    }

    #[test]
    fn retry_after_caps_at_max_backoff() {
        let config = RetryConfig::default();
        assert_eq!(
            config.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            config.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn retry_after_seconds() {
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn retry_after_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("valid date");
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn classes_allowed() {
        let default = RetryConfig::default();
        assert!(default.allows(RetryClass::Safe));
        assert!(!default.allows(RetryClass::Idempotent));
        assert!(!default.allows(RetryClass::Unsafe));
        let everything = RetryConfig {
            retry_idempotent: true,
            retry_unsafe: true,
            ..RetryConfig::default()
        };
        assert!(everything.allows(RetryClass::Idempotent));
        assert!(everything.allows(RetryClass::Unsafe));
    }

    #[test]
    fn transient_statuses() {
        for code in [429, 502, 503, 504] {
            assert!(
                is_transient_status(StatusCode::from_u16(code).expect("valid")),
                "{code}"
            );
        }
        for code in [200, 400, 401, 404, 500, 501] {
            assert!(
                !is_transient_status(StatusCode::from_u16(code).expect("valid")),
                "{code}"
            );
        }
    }
}
