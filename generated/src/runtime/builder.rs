//! Configuration of a client: base URL, client parameters, token, timeouts and retries.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use url::{Host, Url};

use super::api_info::ApiInfo;
use super::auth::{StaticToken, TokenProvider};
use super::core::{Core, Shared};
use super::error::Error;
use super::retry::RetryConfig;
use super::secret::Secret;

/// A client type that wraps a [`Core`], so that [`ClientBuilder::build`] can return it.
pub trait FromCore {
    /// Wraps `core`.
    fn from_core(core: Core) -> Self;
}

impl FromCore for Core {
    fn from_core(core: Core) -> Self {
        core
    }
}

/// Builder of a client of type `C`, usually the generated `Client`.
///
/// Without [`base_url`](Self::base_url) the client uses the spec's default server. Plain
/// `http://` is rejected unless the host is a loopback address, such as a local test server,
/// or [`allow_insecure_http`](Self::allow_insecure_http) is set.
///
/// ```
/// use std::time::Duration;
/// use toast_compute_instance::Client;
/// use toast_compute_instance::runtime::{Error, RetryConfig};
///
/// # fn main() -> Result<(), Error> {
/// let client = Client::builder()
///     .base_url("http://127.0.0.1:8080")
///     .appkey("my-appkey")
///     .token("my-token")
///     .connect_timeout(Duration::from_secs(3))
///     .timeout(Duration::from_secs(10))
///     .retry(RetryConfig { max_attempts: 5, ..RetryConfig::default() })
///     .build()?;
/// # drop(client);
///
/// let remote_plain_http = Client::builder()
///     .base_url("http://compute.example.com")
///     .appkey("my-appkey")
///     .build();
/// assert!(matches!(remote_plain_http, Err(Error::Config { .. })));
/// # Ok(())
/// # }
/// ```
pub struct ClientBuilder<C> {
    api: &'static ApiInfo,
    base_url: Option<String>,
    allow_insecure_http: bool,
    client_parameters: Vec<(&'static str, String)>,
    token: Option<Arc<dyn TokenProvider>>,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryConfig,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl<C: FromCore> ClientBuilder<C> {
    /// Default time allowed to establish a connection.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// Default time allowed for one HTTP request, from connecting to reading the whole body.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// Starts a builder for the API described by `api`.
    pub fn new(api: &'static ApiInfo) -> Self {
        ClientBuilder {
            api,
            base_url: None,
            allow_insecure_http: false,
            client_parameters: Vec::new(),
            token: None,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            timeout: Self::DEFAULT_TIMEOUT,
            retry: RetryConfig::default(),
            user_agent: None,
            http_client: None,
            client: PhantomData,
        }
    }

    /// Sets the base URL, such as `https://api-compute.cloud.toast.com/compute`, in place of
    /// the spec's default. A trailing slash is removed. Plain `http` is accepted only for a
    /// loopback host (`localhost`, `127.0.0.0/8`, `::1`) unless
    /// [`ClientBuilder::allow_insecure_http`] is set; [`ClientBuilder::build`] checks this.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Allows a plain `http` base URL on a host other than loopback. The token then crosses
    /// the network unencrypted, so use this only on a trusted network.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Sets the project's appkey, the client parameter named `appkey`.
    pub fn appkey(self, appkey: impl Into<String>) -> Self {
        self.client_parameter("appkey", appkey)
    }

    /// Sets a client parameter, a path or query value that the spec marks
    /// `x-client-parameter` and that every operation sends. Setting it again replaces it.
    pub fn client_parameter(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.client_parameters.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.client_parameters.push((name, value)),
        }
        self
    }

    /// Sets a fixed access token for secured operations.
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// Sets the source of access tokens for secured operations, replacing any fixed token.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token = Some(Arc::new(provider));
        self
    }

    /// Sets the time allowed to establish a connection (default 10 s). It has no effect with
    /// [`ClientBuilder::http_client`], whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the time allowed for each HTTP request, from connecting to reading the whole
    /// body (default 30 s). Each retry gets the full time again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets when and how failed requests are retried.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the `User-Agent` header (default `toast-compute-instance/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses `client` for HTTP instead of building one, for example to share a connection pool
    /// or set a proxy. The client built by default follows no redirects, so that the token
    /// never reaches another host; configure `client` the same way
    /// (`redirect(reqwest::redirect::Policy::none())`).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is invalid or insecure, a client parameter that the
    /// API needs is missing or empty, a client parameter is unknown, a timeout is zero, the
    /// user agent is not a valid header value, or the HTTP client cannot be built.
    pub fn build(self) -> Result<C, Error> {
        let base_url = match &self.base_url {
            Some(url) => check_base_url(url, self.allow_insecure_http)?,
            None => check_base_url(self.api.default_base_url, self.allow_insecure_http)?,
        };
        self.check_client_parameters()?;
        check_timeout("timeout", self.timeout)?;
        check_timeout("connect_timeout", self.connect_timeout)?;

        let user_agent = self
            .user_agent
            .unwrap_or_else(|| format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")));
        let user_agent = reqwest::header::HeaderValue::from_str(&user_agent).map_err(|_| {
            config(format!(
                "invalid user agent {user_agent:?}: it contains characters that an HTTP header \
                 cannot carry; remove line breaks and control characters"
            ))
        })?;

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| config(format!("failed to build the HTTP client: {error}")))?,
        };

        let shared = Shared {
            api: self.api,
            base_url,
            client_parameters: self.client_parameters,
            token: self.token,
            http,
            timeout: self.timeout,
            user_agent,
        };
        Ok(C::from_core(Core::new(shared, self.retry)))
    }

    fn check_client_parameters(&self) -> Result<(), Error> {
        for (name, value) in &self.client_parameters {
            if !self.api.client_parameters.contains(name) {
                return Err(config(format!(
                    "unknown client parameter {name:?}; {} takes {}",
                    self.api.title,
                    describe_names(self.api.client_parameters)
                )));
            }
            if value.trim().is_empty() {
                return Err(config(format!(
                    "client parameter {name:?} is empty; set it to the value shown in the \
                     console with {}",
                    setter_for(name)
                )));
            }
        }
        for name in self.api.client_parameters {
            if !self.client_parameters.iter().any(|(n, _)| n == name) {
                return Err(config(format!(
                    "missing client parameter {name:?}; set it with {}",
                    setter_for(name)
                )));
            }
        }
        Ok(())
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parameter_names: Vec<&str> = self.client_parameters.iter().map(|(n, _)| *n).collect();
        f.debug_struct("ClientBuilder")
            .field("api", &self.api.title)
            .field("base_url", &self.base_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("client_parameters", &parameter_names)
            .field("token", &self.token.as_ref().map(|_| "[REDACTED]"))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http_client.is_some())
            .finish()
    }
}

fn config(message: String) -> Error {
    Error::Config { message }
}

fn setter_for(name: &str) -> String {
    if name == "appkey" {
        "ClientBuilder::appkey(..)".to_owned()
    } else {
        format!("ClientBuilder::client_parameter({name:?}, ..)")
    }
}

fn describe_names(names: &[&str]) -> String {
    if names.is_empty() {
        return "no client parameters".to_owned();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    format!("only {}", quoted.join(", "))
}

fn check_timeout(setter: &str, timeout: Duration) -> Result<(), Error> {
    if timeout.is_zero() {
        return Err(config(format!(
            "{setter} is zero, so every request would fail; set ClientBuilder::{setter} to a \
             positive duration"
        )));
    }
    Ok(())
}

/// Checks a base URL and returns it without a trailing slash.
fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, Error> {
    const EXAMPLE: &str = "https://api-compute.cloud.toast.com/compute";

    let url = Url::parse(raw.trim()).map_err(|error| {
        config(format!(
            "invalid base URL {raw:?}: {error}; give an absolute URL such as {EXAMPLE}"
        ))
    })?;

    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&url) => {}
        "http" => {
            return Err(config(format!(
                "base URL {raw:?} uses plain http, which would send the token unencrypted; use \
                 https, or call ClientBuilder::allow_insecure_http(true) on a trusted network"
            )));
        }
        other => {
            return Err(config(format!(
                "base URL {raw:?} has the scheme {other:?}; use an https URL such as {EXAMPLE}"
            )));
        }
    }
    if url.host().is_none() {
        return Err(config(format!(
            "base URL {raw:?} has no host; give an absolute URL such as {EXAMPLE}"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config(format!(
            "base URL {:?} contains a user name or password; remove them and set the token \
             with ClientBuilder::token",
            redact_user_info(&url)
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config(format!(
            "base URL {raw:?} has a query or fragment; give only the scheme, host and base path"
        )));
    }

    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn redact_user_info(url: &Url) -> String {
    let mut shown = url.clone();
    // Setting user info fails only for URLs without a host, which were rejected before.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_equivalent(_code: i64) -> Option<u16> {
        None
    }

    static API: ApiInfo = ApiInfo {
        title: "Test API",
        default_base_url: "https://api.example.com/compute",
        client_parameters: &["appkey"],
        auth_header: Some("X-Auth-Token"),
        classify_result: no_equivalent,
    };

    fn builder() -> ClientBuilder<Core> {
        ClientBuilder::new(&API).appkey("key")
    }

    fn config_message(result: Result<Core, Error>) -> String {
        match result {
            Err(Error::Config { message }) => message,
            Err(other) => panic!("expected a config error, got {other:?}"),
            Ok(core) => panic!("expected a config error, got {core:?}"),
        }
    }

    #[test]
    fn accepted_base_urls() {
        let cases = [
            (
                "https://api.example.com/compute",
                "https://api.example.com/compute",
            ),
            (
                "https://api.example.com/compute/",
                "https://api.example.com/compute",
            ),
            ("https://api.example.com/", "https://api.example.com"),
            ("https://api.example.com", "https://api.example.com"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.1.2.3/x/", "http://127.1.2.3/x"),
            ("http://localhost:3000/api", "http://localhost:3000/api"),
            ("http://LOCALHOST", "http://localhost"),
            ("http://[::1]:9000", "http://[::1]:9000"),
        ];
        for (raw, expected) in cases {
            let core = builder()
                .base_url(raw)
                .build()
                .unwrap_or_else(|e| panic!("{raw} should be accepted: {e}"));
            assert_eq!(core.base_url(), expected, "{raw}");
        }
    }

    #[test]
    fn default_base_url_used() {
        let core = builder().build().expect("default configuration is valid");
        assert_eq!(core.base_url(), "https://api.example.com/compute");
    }

    #[test]
    fn plain_http_rejected_off_loopback() {
        for raw in [
            "http://api.example.com",
            "http://10.0.0.1",
            "http://[::2]",
            "http://localhost.example.com",
        ] {
            let message = config_message(builder().base_url(raw).build());
            assert!(message.contains("plain http"), "{raw}: {message}");
            assert!(message.contains("allow_insecure_http"), "{raw}: {message}");
            assert!(message.contains(raw), "{raw}: {message}");
        }
    }

    #[test]
    fn plain_http_allowed_when_opted_in() {
        let core = builder()
            .base_url("http://api.example.com/")
            .allow_insecure_http(true)
            .build()
            .expect("opted in");
        assert_eq!(core.base_url(), "http://api.example.com");
    }

    #[test]
    fn malformed_base_urls_rejected() {
        let cases = [
            ("api.example.com", "invalid base URL"),
            ("/compute", "invalid base URL"),
            ("", "invalid base URL"),
            ("ftp://api.example.com", "scheme"),
            ("file:///etc/passwd", "scheme"),
            ("https://api.example.com/x?y=1", "query"),
            ("https://api.example.com/#top", "fragment"),
        ];
        for (raw, expected) in cases {
            let message = config_message(builder().base_url(raw).build());
            assert!(message.contains(expected), "{raw}: {message}");
            assert!(message.contains(&format!("{raw:?}")), "{raw}: {message}");
        }
    }

    #[test]
    fn credentials_in_base_url_rejected_and_hidden() {
        let message = config_message(
            builder()
                .base_url("https://user:pa55@api.example.com")
                .build(),
        );
        assert!(message.contains("user name or password"), "{message}");
        assert!(!message.contains("pa55"), "{message}");
    }

    #[test]
    fn missing_client_parameter_named() {
        let message = config_message(ClientBuilder::<Core>::new(&API).build());
        assert_eq!(
            message,
            "missing client parameter \"appkey\"; set it with ClientBuilder::appkey(..)"
        );
    }

    #[test]
    fn empty_and_unknown_client_parameters() {
        let message = config_message(ClientBuilder::<Core>::new(&API).appkey(" ").build());
        assert!(message.contains("\"appkey\" is empty"), "{message}");
        let message = config_message(builder().client_parameter("region", "kr1").build());
        assert!(
            message.contains("unknown client parameter \"region\""),
            "{message}"
        );
        assert!(message.contains("\"appkey\""), "{message}");
    }

    #[test]
    fn client_parameter_kept_raw() {
        let core = ClientBuilder::<Core>::new(&API)
            .appkey("first")
            .client_parameter("appkey", "a/b c")
            .build()
            .expect("valid");
        assert_eq!(core.client_parameter("appkey"), "a/b c");
        assert_eq!(core.client_parameter("unknown"), "");
    }

    #[test]
    fn zero_timeout_rejected() {
        let message = config_message(builder().timeout(Duration::ZERO).build());
        assert!(message.contains("ClientBuilder::timeout"), "{message}");
    }

    #[test]
    fn debug_redacts_token() {
        let builder = builder().token("tok-123-secret");
        let printed = format!("{builder:?}");
        assert!(!printed.contains("tok-123-secret"), "{printed}");
        assert!(printed.contains("[REDACTED]"), "{printed}");
        let core = builder.build().expect("valid");
        let printed = format!("{core:?} {core:#?}");
        assert!(!printed.contains("tok-123-secret"), "{printed}");
        assert!(printed.contains("[REDACTED]"), "{printed}");
    }
}
