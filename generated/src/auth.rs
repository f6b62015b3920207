//! Tokens issued from the account e-mail and API password through `issueToken`.

use std::fmt;
use std::time::Duration;

use crate::runtime::{
    CachedToken, ClientBuilder, Core, Error, FreshToken, FromCore, Secret, TokenFuture,
    TokenProvider,
};
use crate::{Client, TokenCredentials};

/// A [`TokenProvider`] that issues access tokens with `issueToken` from the account e-mail and
/// API password, and caches each token until shortly before it expires.
///
/// - A token is reused until [`PasswordTokenProvider::DEFAULT_MARGIN`] (5 minutes) before its
///   `expires` time, or the margin set with [`PasswordTokenProvider::with_margin`]. The next
///   call after that issues a new token.
/// - When the service rejects a token (result code -3 or HTTP 401), the client drops it,
///   issues a new one and repeats the request once, unless the service issued the rejected
///   token again. A second rejection is returned to the caller.
/// - Concurrent calls that need a new token wait for one `issueToken` request and share its
///   result.
///
/// The token request goes to the base URL and appkey of the client that needs the token, and
/// uses that client's retry settings. The expiry is compared with the local clock, so a clock
/// that runs behind by more than the margin leads to rejected tokens, which the refresh above
/// then replaces. `Debug` shows the e-mail but never the password or a token.
///
/// Set it with [`ClientBuilder::token_provider`], or use the shortcut
/// [`ClientBuilder::credentials`]:
///
/// ```no_run
/// use toast_compute_instance::{Client, PasswordTokenProvider};
///
/// # async fn run() -> Result<(), toast_compute_instance::runtime::Error> {
/// let client = Client::builder()
///     .appkey("my-appkey")
///     .token_provider(PasswordTokenProvider::new("me@example.com", "api-password"))
///     .build()?;
/// // The first secured call issues a token; later calls reuse it.
/// let zones = client.list_availability_zones().await?;
/// println!("{} zones", zones.len());
/// # Ok(())
/// # }
/// ```
pub struct PasswordTokenProvider {
    credentials: TokenCredentials,
    cache: CachedToken,
}

impl PasswordTokenProvider {
    /// Default time before `expires` at which a cached token is replaced: 5 minutes.
    pub const DEFAULT_MARGIN: Duration = CachedToken::DEFAULT_MARGIN;

    /// Creates a provider for the account `username` (its e-mail address) with its API
    /// password, the one set in the console for API access rather than the login password.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        PasswordTokenProvider {
            credentials: TokenCredentials {
                username: username.into(),
                password: password.into(),
            },
            cache: CachedToken::with_margin(Self::DEFAULT_MARGIN),
        }
    }

    /// Replaces a cached token `margin` before it expires instead of
    /// [`PasswordTokenProvider::DEFAULT_MARGIN`]. A token issued with less lifetime left than
    /// the margin is still used for the call that issued it, so every call then issues a new
    /// token.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.cache = CachedToken::with_margin(margin);
        self
    }

    /// Returns the account e-mail that tokens are issued for.
    pub fn username(&self) -> &str {
        &self.credentials.username
    }

    /// Forgets the cached token, so that the next secured call issues a new one.
    pub fn clear(&self) {
        self.cache.clear();
    }

    async fn issue(&self, core: &Core) -> Result<FreshToken, Error> {
        check_credentials(&self.credentials)?;
        let client = Client::from_core(core.clone());
        let access = client.issue_token(&self.credentials).await?;
        tracing::debug!(
            expires = access.token.expires.as_str(),
            "issued an access token"
        );
        Ok(FreshToken {
            expires_at: access.token.expires.to_system_time(),
            token: access.token.id,
        })
    }
}

impl TokenProvider for PasswordTokenProvider {
    fn token<'a>(&'a self, core: &'a Core) -> TokenFuture<'a> {
        Box::pin(self.cache.get_or_refresh(move || self.issue(core)))
    }

    fn invalidate(&self, rejected: &Secret) {
        self.cache.invalidate(rejected);
    }
}

impl fmt::Debug for PasswordTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordTokenProvider")
            .field("username", &self.credentials.username)
            .field("password", &self.credentials.password)
            .field("cache", &self.cache)
            .finish()
    }
}

/// Rejects blank credentials before a request, because the service's answer to them does not
/// say which value is wrong.
fn check_credentials(credentials: &TokenCredentials) -> Result<(), Error> {
    if credentials.username.trim().is_empty() {
        return Err(Error::Config {
            message: "the account e-mail for issuing tokens is empty; pass the e-mail address \
                      of the account to PasswordTokenProvider::new"
                .to_owned(),
        });
    }
    if credentials.password.expose_secret().is_empty() {
        return Err(Error::Config {
            message: "the API password for issuing tokens is empty; pass the API password set \
                      in the console to PasswordTokenProvider::new"
                .to_owned(),
        });
    }
    Ok(())
}

impl ClientBuilder<Client> {
    /// Issues tokens from the account e-mail and API password, replacing any token or token
    /// provider set before. It is short for
    /// `.token_provider(PasswordTokenProvider::new(username, password))`; use that form to
    /// change the expiry margin.
    ///
    /// ```no_run
    /// use toast_compute_instance::Client;
    ///
    /// # fn run() -> Result<(), toast_compute_instance::runtime::Error> {
    /// let client = Client::builder()
    ///     .appkey("my-appkey")
    ///     .credentials("me@example.com", "api-password")
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn credentials(self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.token_provider(PasswordTokenProvider::new(username, password))
    }
}
