//! Waiting for an instance to reach a status or to be deleted, by polling its details.

use std::fmt;
use std::time::Duration;

use tokio::time::Instant;

use crate::runtime::{Error, Violation};
use crate::{Client, Instance, InstanceStatus};

/// Shortest wait between two polls, so that a zero interval cannot flood the service.
const MIN_INTERVAL: Duration = Duration::from_millis(1);

/// How often and how long [`Client::wait_for_status`] and [`Client::wait_until_deleted`]
/// poll.
///
/// The first wait between polls is about `initial_interval`, and each later wait doubles up to
/// `max_interval`. Each wait is a random duration between half the current interval and the
/// whole of it, so that many waiters do not poll in step. After `timeout` the wait fails with
/// [`WaitError::TimedOut`].
///
/// ```
/// use std::time::Duration;
/// use toast_compute_instance::WaitOptions;
///
/// let options = WaitOptions::default()
///     .initial_interval(Duration::from_secs(5))
///     .timeout(Duration::from_secs(30 * 60));
/// assert_eq!(options.max_interval, Duration::from_secs(15));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// Wait after the first poll, before jitter (default 2 s). Values below 1 ms count as 1 ms.
    pub initial_interval: Duration,
    /// Longest wait between two polls, before jitter (default 15 s). A value below
    /// `initial_interval` counts as `initial_interval`.
    pub max_interval: Duration,
    /// Total time to wait (default 10 minutes). The deadline is checked between polls, so a
    /// request in flight at the deadline finishes first and the wait can run over by up to one
    /// request, retries included.
    pub timeout: Duration,
}

impl WaitOptions {
    /// Default wait after the first poll: 2 seconds.
    pub const DEFAULT_INITIAL_INTERVAL: Duration = Duration::from_secs(2);
    /// Default longest wait between two polls: 15 seconds.
    pub const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(15);
    /// Default total time to wait: 10 minutes.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10 * 60);

    /// Sets the wait after the first poll.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// Sets the longest wait between two polls.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// Sets the total time to wait.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            initial_interval: Self::DEFAULT_INITIAL_INTERVAL,
            max_interval: Self::DEFAULT_MAX_INTERVAL,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }
}

/// What a waiter waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitTarget {
    /// The instance has this status.
    Status(InstanceStatus),
    /// The instance no longer exists.
    Deleted,
}

impl fmt::Display for WaitTarget {
    /// Writes the goal as it ends a sentence such as "waiting for instance X to …".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitTarget::Status(status) => write!(f, "reach status {status}"),
            WaitTarget::Deleted => f.write_str("be deleted"),
        }
    }
}

/// Why [`Client::wait_for_status`] or [`Client::wait_until_deleted`] stopped without reaching
/// its target. Every message names the instance ID, the target and the last status seen.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError {
    /// The instance entered ERROR status, which it does not leave by itself.
    #[error("instance {id} entered status ERROR while waiting for it to {target}")]
    Failed {
        /// ID of the instance.
        id: String,
        /// What the waiter waited for.
        target: WaitTarget,
        /// The instance as last polled, in ERROR status.
        instance: Box<Instance>,
    },

    /// The instance does not exist, or no longer does: the service returned an empty list or
    /// a not-found result code such as 10404.
    #[error(
        "instance {id} {} while waiting for it to {target}",
        describe_disappearance(last_status.as_ref())
    )]
    Disappeared {
        /// ID of the instance.
        id: String,
        /// What the waiter waited for.
        target: WaitTarget,
        /// Status of the last poll that found the instance, or `None` when no poll found it.
        last_status: Option<InstanceStatus>,
    },

    /// The target was not reached within [`WaitOptions::timeout`].
    #[error(
        "timed out after {} waiting for instance {id} to {target}; {}; raise \
         WaitOptions::timeout if the instance needs more time",
        describe_duration(*waited),
        describe_last_status(last_status.as_ref())
    )]
    TimedOut {
        /// ID of the instance.
        id: String,
        /// What the waiter waited for.
        target: WaitTarget,
        /// Status of the last poll that found the instance.
        last_status: Option<InstanceStatus>,
        /// Time from the first poll to the end of the last one.
        waited: Duration,
    },

    /// A poll failed, after the retries that the client's retry settings allow.
    #[error(
        "polling instance {id} while waiting for it to {target} failed ({}): {source}",
        describe_last_status(last_status.as_ref())
    )]
    Request {
        /// ID of the instance.
        id: String,
        /// What the waiter waited for.
        target: WaitTarget,
        /// Status of the last poll that found the instance.
        last_status: Option<InstanceStatus>,
        /// The failure of the poll.
        source: Box<Error>,
    },
}

impl WaitError {
    /// Returns the ID of the instance.
    pub fn id(&self) -> &str {
        match self {
            WaitError::Failed { id, .. }
            | WaitError::Disappeared { id, .. }
            | WaitError::TimedOut { id, .. }
            | WaitError::Request { id, .. } => id,
        }
    }

    /// Returns what the waiter waited for.
    pub fn target(&self) -> &WaitTarget {
        match self {
            WaitError::Failed { target, .. }
            | WaitError::Disappeared { target, .. }
            | WaitError::TimedOut { target, .. }
            | WaitError::Request { target, .. } => target,
        }
    }

    /// Returns the status of the last poll that found the instance.
    pub fn last_status(&self) -> Option<&InstanceStatus> {
        match self {
            WaitError::Failed { instance, .. } => Some(&instance.status),
            WaitError::Disappeared { last_status, .. }
            | WaitError::TimedOut { last_status, .. }
            | WaitError::Request { last_status, .. } => last_status.as_ref(),
        }
    }
}

fn describe_disappearance(last_status: Option<&InstanceStatus>) -> String {
    match last_status {
        Some(status) => format!("disappeared (last status seen: {status})"),
        None => "was not found".to_owned(),
    }
}

fn describe_last_status(last_status: Option<&InstanceStatus>) -> String {
    match last_status {
        Some(status) => format!("last status seen: {status}"),
        None => "no status seen yet".to_owned(),
    }
}

fn describe_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

/// What a waiter makes of one poll.
enum Step<T> {
    Reached(T),
    Pending(InstanceStatus),
    EnteredError(Box<Instance>),
    Missing,
}

impl Client {
    /// Polls the instance `id` until it has `status`, and returns its details then.
    ///
    /// It polls `listInstanceDetails` filtered by `id`, with the intervals and deadline of
    /// `options`. ERROR status ends the wait early unless `status` is ERROR, and so does a poll
    /// that does not find the instance.
    ///
    /// ```no_run
    /// use toast_compute_instance::{Client, InstanceStatus, WaitOptions};
    ///
    /// # async fn run(client: Client, new_instance: toast_compute_instance::NewInstance)
    /// # -> Result<(), Box<dyn std::error::Error>> {
    /// let created = client.create_instance(&new_instance).await?;
    /// let instance = client
    ///     .wait_for_status(&created.id, InstanceStatus::Active, WaitOptions::default())
    ///     .await?;
    /// println!("{} is active", instance.name);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`WaitError::Failed`] when the instance enters ERROR status and `status` is not ERROR;
    /// [`WaitError::Disappeared`] when a poll returns an empty list or a not-found result
    /// code; [`WaitError::TimedOut`] after `options.timeout`; [`WaitError::Request`] when a
    /// poll fails otherwise, or when `id` is empty.
    pub async fn wait_for_status(
        &self,
        id: &str,
        status: InstanceStatus,
        options: WaitOptions,
    ) -> Result<Instance, WaitError> {
        let target = WaitTarget::Status(status.clone());
        self.poll_until(id, target, options, |found| match found {
            Some(instance) if instance.status == status => Step::Reached(instance),
            Some(instance) if instance.status == InstanceStatus::Error => {
                Step::EnteredError(Box::new(instance))
            }
            Some(instance) => Step::Pending(instance.status),
            None => Step::Missing,
        })
        .await
    }

    /// Polls the instance `id` until the service no longer lists it.
    ///
    /// It polls `listInstanceDetails` filtered by `id`, with the intervals and deadline of
    /// `options`. The instance counts as deleted when a poll returns an empty list or a
    /// not-found result code such as 10404. ERROR status does not end this wait, because an
    /// instance that was in ERROR status when its deletion began may still show ERROR for a
    /// while. A deletion that fails and leaves the instance in ERROR therefore ends with
    /// [`WaitError::TimedOut`].
    ///
    /// ```no_run
    /// use toast_compute_instance::{Client, WaitOptions};
    ///
    /// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    /// client.delete_instance("instance-id").await?;
    /// client
    ///     .wait_until_deleted("instance-id", WaitOptions::default())
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`WaitError::TimedOut`] after `options.timeout`, with the last status seen;
    /// [`WaitError::Request`] when a poll fails, or when `id` is empty.
    pub async fn wait_until_deleted(
        &self,
        id: &str,
        options: WaitOptions,
    ) -> Result<(), WaitError> {
        self.poll_until(id, WaitTarget::Deleted, options, |found| match found {
            Some(instance) => Step::Pending(instance.status),
            None => Step::Reached(()),
        })
        .await
    }

    /// Polls the instance `id` and passes what each poll finds (`None` when the instance is
    /// gone) to `decide`, until it returns a step other than [`Step::Pending`] or the deadline
    /// passes.
    async fn poll_until<T>(
        &self,
        id: &str,
        target: WaitTarget,
        options: WaitOptions,
        mut decide: impl FnMut(Option<Instance>) -> Step<T>,
    ) -> Result<T, WaitError> {
        let started = Instant::now();
        let deadline = started + options.timeout;
        let mut interval = options.initial_interval.max(MIN_INTERVAL);
        let max_interval = options.max_interval.max(interval);
        let mut last_status = None;

        loop {
            let found = match self.find_instance(id).await {
                Ok(found) => found,
                Err(source) => {
                    return Err(WaitError::Request {
                        id: id.to_owned(),
                        target,
                        last_status,
                        source: Box::new(source),
                    });
                }
            };
            match decide(found) {
                Step::Reached(value) => return Ok(value),
                Step::Pending(status) => {
                    tracing::debug!(
                        instance_id = id,
                        status = status.as_str(),
                        %target,
                        "instance has not reached the target yet"
                    );
                    last_status = Some(status);
                }
                Step::EnteredError(instance) => {
                    return Err(WaitError::Failed {
                        id: id.to_owned(),
                        target,
                        instance,
                    });
                }
                Step::Missing => {
                    return Err(WaitError::Disappeared {
                        id: id.to_owned(),
                        target,
                        last_status,
                    });
                }
            }

            let now = Instant::now();
            if now >= deadline {
                return Err(WaitError::TimedOut {
                    id: id.to_owned(),
                    target,
                    last_status,
                    waited: now - started,
                });
            }
            tokio::time::sleep(jittered(interval).min(deadline - now)).await;
            interval = interval.saturating_mul(2).min(max_interval);
        }
    }

    /// Polls the details of instance `id` once. Returns `None` when the service returns an
    /// empty list or a not-found result code.
    async fn find_instance(&self, id: &str) -> Result<Option<Instance>, Error> {
        if id.is_empty() {
            return Err(empty_id_error());
        }
        match self.list_instance_details(Some(id)).await {
            // The filter should leave only this instance; matching the ID also guards
            // against a service that ignores the filter and lists every instance.
            Ok(instances) => Ok(instances.into_iter().find(|instance| instance.id == id)),
            // Only a result code counts: a bare HTTP 404 without a result header more likely
            // comes from a wrong base URL than from a deleted instance.
            Err(error) if error.result_code().is_some() && error.is_not_found() => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// Returns a random duration between half of `interval` and all of it.
fn jittered(interval: Duration) -> Duration {
    let half = interval / 2;
    let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
    half + Duration::from_nanos(fastrand::u64(0..=spread))
}

/// The error for an empty instance ID, which the service would read as "no filter".
fn empty_id_error() -> Error {
    Error::Validation {
        operation: "listInstanceDetails",
        violations: vec![Violation {
            field: "id".to_owned(),
            constraint: "minLength 1".to_owned(),
            problem: "is empty".to_owned(),
            fix: "pass the ID of the instance to wait for".to_owned(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_upper_half() {
        let interval = Duration::from_millis(100);
        for _ in 0..500 {
            let wait = jittered(interval);
            assert!(wait >= Duration::from_millis(50), "{wait:?}");
            assert!(wait <= interval, "{wait:?}");
        }
    }

    #[test]
    fn jitter_of_zero_is_zero() {
        assert_eq!(jittered(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn duration_formats() {
        assert_eq!(describe_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(describe_duration(Duration::from_millis(600_040)), "600.0 s");
    }

    #[test]
    fn default_options() {
        let options = WaitOptions::default();
        assert_eq!(options.initial_interval, Duration::from_secs(2));
        assert_eq!(options.max_interval, Duration::from_secs(15));
        assert_eq!(options.timeout, Duration::from_secs(600));
    }

    #[test]
    fn target_display() {
        let active = WaitTarget::Status(InstanceStatus::Active);
        assert_eq!(active.to_string(), "reach status ACTIVE");
        assert_eq!(WaitTarget::Deleted.to_string(), "be deleted");
    }
}
