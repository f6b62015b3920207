//! The shared transport state of a client and the send loop: token, retries, decoding.

use std::fmt;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use reqwest::header::{
    ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::api_info::ApiInfo;
use super::auth::TokenProvider;
use super::envelope::Envelope;
use super::error::Error;
use super::request::{OperationInfo, Request};
use super::response::{RawResponse, decode_envelope, decode_plain};
use super::retry::{RetryConfig, is_transient_error, is_transient_status, parse_retry_after};
use super::secret::Secret;
use super::telemetry;
use super::validate::Violation;

/// The transport state that a generated `Client` holds: HTTP client, base URL, client
/// parameters, token provider and retry settings.
///
/// Cloning is cheap because the state is shared behind an [`Arc`]. `Debug` prints no token
/// and no client parameter values.
#[derive(Clone)]
pub struct Core {
    shared: Arc<Shared>,
    retry: RetryConfig,
}

/// The part of [`Core`] that clones share.
pub(crate) struct Shared {
    pub(crate) api: &'static ApiInfo,
    pub(crate) base_url: String,
    pub(crate) client_parameters: Vec<(&'static str, String)>,
    pub(crate) token: Option<Arc<dyn TokenProvider>>,
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: std::time::Duration,
    pub(crate) user_agent: HeaderValue,
}

impl Core {
    pub(crate) fn new(shared: Shared, retry: RetryConfig) -> Self {
        Core {
            shared: Arc::new(shared),
            retry,
        }
    }

    /// Returns the facts about the API that this core talks to.
    pub fn api(&self) -> &'static ApiInfo {
        self.shared.api
    }

    /// Returns the base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// Returns the raw value of the client parameter `name`. The builder ensures that every
    /// name in [`ApiInfo::client_parameters`] has a non-empty value, so the empty string comes
    /// back only for a name that the API does not declare.
    pub fn client_parameter(&self, name: &'static str) -> &str {
        self.shared
            .client_parameters
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Returns a core that shares this one's state but retries with `retry`, for one call or a
    /// group of calls.
    pub fn with_retry(&self, retry: RetryConfig) -> Core {
        Core {
            shared: Arc::clone(&self.shared),
            retry,
        }
    }

    /// Returns the retry settings of this core.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// Sends `request` and returns the payload of its enveloped response.
    ///
    /// Secured operations get the token header. Transient failures are retried as
    /// [`RetryConfig`] allows. When the service rejects the token (HTTP 401 or a result code
    /// that stands for 401), the token provider is told and the request is repeated once if
    /// the provider then supplies a different token.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the header reports failure, whatever the HTTP status;
    /// [`Error::Http`] for an HTTP error status without a usable header; [`Error::Decode`] for
    /// a success status whose body does not decode; [`Error::Transport`], [`Error::Token`],
    /// [`Error::Config`] and [`Error::Validation`] (for invalid header values) before or
    /// while sending.
    pub async fn send<E: Envelope>(&self, request: Request) -> Result<E::Payload, Error> {
        let api = self.shared.api;
        let operation = request.operation();
        self.call(&request, |response| {
            decode_envelope::<E>(api, operation.id, response)
        })
        .await
    }

    /// Sends `request` and decodes the JSON response as `T`, for APIs without envelope.
    /// An empty body decodes as JSON `null`, which `()` and `Option<T>` accept.
    ///
    /// # Errors
    ///
    /// As [`Core::send`], except that there is no [`Error::Api`]: any HTTP error status gives
    /// [`Error::Http`].
    pub async fn send_plain<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let operation = request.operation();
        self.call(&request, |response| {
            decode_plain::<T>(operation.id, response)
        })
        .await
    }

    async fn call<T>(
        &self,
        request: &Request,
        decode: impl Fn(&RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let operation = request.operation();
        let span = telemetry::request_span(operation);
        let started = Instant::now();
        let result = self
            .call_in_span(request, decode)
            .instrument(span.clone())
            .await;
        telemetry::record_duration(&span, started.elapsed());
        result
    }

    async fn call_in_span<T>(
        &self,
        request: &Request,
        decode: impl Fn(&RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let operation = request.operation();
        request.check_path()?;
        let headers = request_headers(request, &self.shared.user_agent)?;
        let provider = self.token_provider(operation)?;

        let token = match provider {
            Some(provider) => Some(self.fetch_token(provider, operation, 0).await?),
            None => None,
        };
        let (response, attempts) = self
            .send_with_retries(request, &headers, token.as_ref(), 0)
            .await?;
        let error = match decode(&response) {
            Ok(value) => return Ok(value),
            Err(error) => error.with_attempts(attempts),
        };

        // A rejected token is refreshed once. A provider that returns the same token again,
        // such as a static token, gets the error back without a repeat.
        let (Some(provider), Some(rejected)) = (provider, token) else {
            return Err(error);
        };
        if !error.is_unauthorized() {
            return Err(error);
        }
        provider.invalidate(&rejected);
        let fresh = self.fetch_token(provider, operation, attempts).await?;
        if fresh.expose_secret() == rejected.expose_secret() {
            return Err(error);
        }
        telemetry::repeating_with_new_token(operation.id);
        let (response, attempts) = self
            .send_with_retries(request, &headers, Some(&fresh), attempts)
            .await?;
        decode(&response).map_err(|error| error.with_attempts(attempts))
    }

    /// Returns the provider to ask for a token, or `None` when `operation` sends none.
    fn token_provider(
        &self,
        operation: &'static OperationInfo,
    ) -> Result<Option<&dyn TokenProvider>, Error> {
        if !operation.secured || self.shared.api.auth_header.is_none() {
            return Ok(None);
        }
        match &self.shared.token {
            Some(provider) => Ok(Some(provider.as_ref())),
            None => Err(Error::Config {
                message: format!(
                    "{} needs an access token, but the client has none; set one with \
                     ClientBuilder::token or ClientBuilder::token_provider",
                    operation.id
                ),
            }),
        }
    }

    async fn fetch_token(
        &self,
        provider: &dyn TokenProvider,
        operation: &'static OperationInfo,
        attempts: u32,
    ) -> Result<Secret, Error> {
        provider.token(self).await.map_err(|source| Error::Token {
            operation: operation.id,
            attempts,
            source: Box::new(source),
        })
    }

    /// Sends `request` until it succeeds, fails for good, or runs out of attempts. Returns the
    /// last response and the number of requests sent, `previous_attempts` included.
    async fn send_with_retries(
        &self,
        request: &Request,
        headers: &HeaderMap,
        token: Option<&Secret>,
        previous_attempts: u32,
    ) -> Result<(RawResponse, u32), Error> {
        let operation = request.operation();
        let token_header = match token {
            Some(token) => Some(self.token_header(token)?),
            None => None,
        };
        let max_attempts = self.retry.max_attempts.max(1);
        let retry_allowed = self.retry.allows(operation.retry);

        let mut attempt = 0;
        loop {
            attempt += 1;
            let total = previous_attempts + attempt;
            telemetry::record_attempt(total);

            let outcome = self
                .send_once(request, headers, token_header.as_ref())
                .await;
            let retry_after = match &outcome {
                Ok(response) if is_transient_status(response.status) => Some(response.retry_after),
                Err(error) if is_transient_error(error) => Some(None),
                _ => None,
            };
            let can_retry = retry_allowed && attempt < max_attempts;
            match (retry_after, can_retry) {
                (Some(retry_after), true) => {
                    let delay = self.retry.delay(attempt, retry_after);
                    let cause = match &outcome {
                        Ok(response) => format!("HTTP status {}", response.status.as_u16()),
                        Err(error) => error.to_string(),
                    };
                    telemetry::retrying(operation.id, total, delay, &cause);
                    tokio::time::sleep(delay).await;
                }
                _ => {
                    return match outcome {
                        Ok(response) => Ok((response, total)),
                        Err(source) => Err(Error::Transport {
                            operation: operation.id,
                            attempts: total,
                            source,
                        }),
                    };
                }
            }
        }
    }

    fn token_header(&self, token: &Secret) -> Result<(HeaderName, HeaderValue), Error> {
        // `token_provider` returns a provider only when the API declares a token header.
        let Some(name) = self.shared.api.auth_header else {
            return Err(Error::Config {
                message: format!("{} declares no token header", self.shared.api.title),
            });
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Config {
            message: format!(
                "the API's token header name {name:?} is not a valid HTTP header name"
            ),
        })?;
        let mut value =
            HeaderValue::from_str(token.expose_secret()).map_err(|_| Error::Config {
                message: "the access token contains characters that an HTTP header cannot carry, \
                      such as line breaks; check the token"
                    .to_owned(),
            })?;
        value.set_sensitive(true);
        Ok((name, value))
    }

    async fn send_once(
        &self,
        request: &Request,
        headers: &HeaderMap,
        token_header: Option<&(HeaderName, HeaderValue)>,
    ) -> Result<RawResponse, reqwest::Error> {
        let operation = request.operation();
        let url = format!("{}{}", self.shared.base_url, request.path_and_query());
        let mut headers = headers.clone();
        if let Some((name, value)) = token_header {
            headers.insert(name.clone(), value.clone());
        }
        let mut builder = self
            .shared
            .http
            .request(operation.method.to_reqwest(), url)
            .timeout(self.shared.timeout)
            .headers(headers);
        if let Some(body) = request.body() {
            builder = builder.body(body.to_vec());
        }

        let response = builder.send().await.map_err(reqwest::Error::without_url)?;
        let status = response.status();
        telemetry::record_status(status.as_u16());
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let body = response
            .bytes()
            .await
            .map_err(reqwest::Error::without_url)?;

        Ok(RawResponse {
            status,
            content_type,
            retry_after,
            body: Vec::from(body),
        })
    }
}

/// Builds the headers that every attempt sends: `Accept`, `User-Agent`, `Content-Type` for a
/// body, and the operation's own headers.
fn request_headers(request: &Request, user_agent: &HeaderValue) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(USER_AGENT, user_agent.clone());
    if request.body().is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }

    let mut violations = Vec::new();
    for (name, value) in request.headers() {
        let parsed_name = HeaderName::from_bytes(name.as_bytes());
        let parsed_value = HeaderValue::from_str(value);
        match (parsed_name, parsed_value) {
            (Ok(parsed_name), Ok(parsed_value)) => {
                headers.insert(parsed_name, parsed_value);
            }
            _ => violations.push(Violation {
                field: (*name).to_owned(),
                constraint: "a valid HTTP header value".to_owned(),
                problem: "contains a line break or another control character".to_owned(),
                fix: "remove those characters".to_owned(),
            }),
        }
    }
    if violations.is_empty() {
        Ok(headers)
    } else {
        Err(Error::Validation {
            operation: request.operation().id,
            violations,
        })
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parameter_names: Vec<&str> = self
            .shared
            .client_parameters
            .iter()
            .map(|(name, _)| *name)
            .collect();
        f.debug_struct("Core")
            .field("api", &self.shared.api.title)
            .field("base_url", &self.shared.base_url)
            .field("client_parameters", &parameter_names)
            .field("token", &self.shared.token.as_ref().map(|_| "[REDACTED]"))
            .field("timeout", &self.shared.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
