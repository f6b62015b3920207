//! Access tokens: where [`Core`] gets them, and a cache for providers that fetch them.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::core::Core;
use super::error::Error;
use super::secret::Secret;

/// The future that [`TokenProvider::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, Error>> + Send + 'a>>;

/// A source of access tokens for secured operations.
///
/// [`Core`] calls [`TokenProvider::token`] before each secured call, so a provider that fetches
/// tokens should cache them, for example with [`CachedToken`]. The provider receives the
/// calling `Core` and may send requests through it, such as the spec's unsecured token
/// operation: the core holds no lock while the provider runs.
pub trait TokenProvider: Send + Sync + 'static {
    /// Returns a token to send.
    ///
    /// # Errors
    ///
    /// Any [`Error`]; the call that needed the token fails with [`Error::Token`] wrapping it.
    fn token<'a>(&'a self, core: &'a Core) -> TokenFuture<'a>;

    /// Drops `rejected` from any cache, because the service answered 401 to it. The core
    /// then asks for a token once more and repeats the request if it gets a different one.
    fn invalidate(&self, rejected: &Secret) {
        let _ = rejected;
    }
}

/// A fixed token, as set by [`ClientBuilder::token`](super::ClientBuilder::token). A rejected
/// static token is never replaced, so a 401 is returned to the caller without a repeat.
#[derive(Clone)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// Wraps `token`.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&self.0).finish()
    }
}

impl TokenProvider for StaticToken {
    fn token<'a>(&'a self, _core: &'a Core) -> TokenFuture<'a> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

/// A token and the time it expires, as a fetch function of [`CachedToken`] returns them.
#[derive(Debug, Clone)]
pub struct FreshToken {
    /// The token.
    pub token: Secret,
    /// When the service stops accepting the token.
    pub expires_at: SystemTime,
}

/// A single-flight token cache for [`TokenProvider`] implementations.
///
/// [`CachedToken::get_or_refresh`] returns the cached token until it is within the safety
/// margin of its expiry (5 minutes by default), then calls the fetch function. Concurrent
/// callers that find no usable token wait for one fetch and share its result.
pub struct CachedToken {
    margin: Duration,
    current: Mutex<Option<FreshToken>>,
    refresh: tokio::sync::Mutex<()>,
}

impl CachedToken {
    /// Default time before expiry at which a token is refreshed.
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(5 * 60);

    /// Creates an empty cache with the default margin.
    pub fn new() -> Self {
        CachedToken::with_margin(Self::DEFAULT_MARGIN)
    }

    /// Creates an empty cache that refreshes a token `margin` before it expires.
    pub fn with_margin(margin: Duration) -> Self {
        CachedToken {
            margin,
            current: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Returns the cached token, or calls `fetch` and caches its result when there is no token
    /// or it expires within the margin. A token that `fetch` returns is used for this call even
    /// if its lifetime is shorter than the margin.
    ///
    /// # Errors
    ///
    /// The error of `fetch`. Nothing is cached then, so the next call fetches again.
    pub async fn get_or_refresh<F, Fut>(&self, fetch: F) -> Result<Secret, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<FreshToken, Error>>,
    {
        if let Some(token) = self.usable_token() {
            return Ok(token);
        }

        let _refreshing = self.refresh.lock().await;
        // Another caller may have fetched a token while this one waited for the lock.
        if let Some(token) = self.usable_token() {
            return Ok(token);
        }

        let fresh = fetch().await?;
        let token = fresh.token.clone();
        *self.lock_current() = Some(fresh);
        Ok(token)
    }

    /// Forgets the cached token if it is `rejected`, so that the next call fetches a new one.
    /// A different cached token, already fetched by a concurrent caller, stays.
    pub fn invalidate(&self, rejected: &Secret) {
        let mut current = self.lock_current();
        let is_rejected = current
            .as_ref()
            .is_some_and(|cached| cached.token.expose_secret() == rejected.expose_secret());
        if is_rejected {
            *current = None;
        }
    }

    /// Forgets the cached token.
    pub fn clear(&self) {
        *self.lock_current() = None;
    }

    fn usable_token(&self) -> Option<Secret> {
        let current = self.lock_current();
        let cached = current.as_ref()?;
        let refresh_at = cached.expires_at.checked_sub(self.margin)?;
        (SystemTime::now() < refresh_at).then(|| cached.token.clone())
    }

    fn lock_current(&self) -> std::sync::MutexGuard<'_, Option<FreshToken>> {
        // The guarded value is replaced whole, so a panic elsewhere cannot leave it half
        // written and a poisoned lock is safe to use.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for CachedToken {
    fn default() -> Self {
        CachedToken::new()
    }
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expires_at = self.lock_current().as_ref().map(|cached| cached.expires_at);
        f.debug_struct("CachedToken")
            .field("margin", &self.margin)
            .field("expires_at", &expires_at)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn fresh(token: &str, lifetime: Duration) -> FreshToken {
        FreshToken {
            token: Secret::from(token),
            expires_at: SystemTime::now() + lifetime,
        }
    }

    #[tokio::test]
    async fn caches_until_margin() {
        let cache = CachedToken::new();
        let fetches = AtomicU32::new(0);
        for _ in 0..3 {
            let token = cache
                .get_or_refresh(|| async {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    Ok(fresh("t1", Duration::from_secs(3600)))
                })
                .await
                .expect("fetch succeeds");
            assert_eq!(token.expose_secret(), "t1");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_within_margin() {
        let cache = CachedToken::new();
        let fetches = AtomicU32::new(0);
        for _ in 0..2 {
            cache
                .get_or_refresh(|| async {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    Ok(fresh("short", Duration::from_secs(60)))
                })
                .await
                .expect("fetch succeeds");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn invalidate_only_matching_token() {
        let cache = CachedToken::new();
        let first = cache
            .get_or_refresh(|| async { Ok(fresh("one", Duration::from_secs(3600))) })
            .await
            .expect("fetch succeeds");
        cache.invalidate(&Secret::from("other"));
        let same = cache
            .get_or_refresh(|| async { Ok(fresh("two", Duration::from_secs(3600))) })
            .await
            .expect("cached");
        assert_eq!(same.expose_secret(), "one");
        cache.invalidate(&first);
        let next = cache
            .get_or_refresh(|| async { Ok(fresh("two", Duration::from_secs(3600))) })
            .await
            .expect("fetch succeeds");
        assert_eq!(next.expose_secret(), "two");
    }

    #[tokio::test]
    async fn failed_fetch_is_not_cached() {
        let cache = CachedToken::new();
        let failed = cache
            .get_or_refresh(|| async {
                Err(Error::Config {
                    message: "no credentials".to_owned(),
                })
            })
            .await;
        assert!(failed.is_err());
        let token = cache
            .get_or_refresh(|| async { Ok(fresh("ok", Duration::from_secs(3600))) })
            .await
            .expect("second fetch succeeds");
        assert_eq!(token.expose_secret(), "ok");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(CachedToken::new());
        let fetches = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let cache = Arc::clone(&cache);
            let fetches = Arc::clone(&fetches);
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_refresh(|| async {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok(fresh("shared", Duration::from_secs(3600)))
                    })
                    .await
                    .map(|token| token.expose_secret().to_owned())
            }));
        }
        for task in tasks {
            let token = task.await.expect("task finishes").expect("fetch succeeds");
            assert_eq!(token, "shared");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn debug_hides_token() {
        let cache = CachedToken::new();
        *cache.lock_current() = Some(fresh("s3cr3t", Duration::from_secs(10)));
        let printed = format!("{cache:?} {:?}", StaticToken::new("s3cr3t"));
        assert!(!printed.contains("s3cr3t"), "{printed}");
    }
}
