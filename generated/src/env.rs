//! Client configuration from environment variables.

use crate::Client;
use crate::auth::PasswordTokenProvider;
use crate::runtime::{ClientBuilder, Error};

/// Variable with the project's appkey. Required.
const APPKEY: &str = "TOAST_APPKEY";
/// Variable with a fixed access token.
const TOKEN: &str = "TOAST_TOKEN";
/// Variable with the account e-mail for issuing tokens.
const USERNAME: &str = "TOAST_USERNAME";
/// Variable with the API password for issuing tokens.
const API_PASSWORD: &str = "TOAST_API_PASSWORD";
/// Variable with a base URL that replaces the spec's default server.
const ENDPOINT: &str = "TOAST_COMPUTE_ENDPOINT";

impl Client {
    /// Builds a client from environment variables.
    ///
    /// | variable | meaning |
    /// | --- | --- |
    /// | `TOAST_APPKEY` | appkey of the project, shown in the console (required) |
    /// | `TOAST_TOKEN` | a fixed access token |
    /// | `TOAST_USERNAME` | e-mail address of the account, for issuing tokens |
    /// | `TOAST_API_PASSWORD` | API password of the account, for issuing tokens |
    /// | `TOAST_COMPUTE_ENDPOINT` | base URL in place of `https://api-compute.cloud.toast.com/compute` (optional) |
    ///
    /// Set either `TOAST_TOKEN` or both `TOAST_USERNAME` and `TOAST_API_PASSWORD`. When
    /// `TOAST_TOKEN` is set, it wins and the other two are ignored. Otherwise the client issues
    /// and refreshes tokens with a [`PasswordTokenProvider`]. A variable that is empty, only
    /// whitespace or not valid Unicode counts as unset. Whitespace around every value except
    /// the password is removed.
    ///
    /// ```no_run
    /// use toast_compute_instance::Client;
    ///
    /// # async fn run() -> Result<(), toast_compute_instance::runtime::Error> {
    /// let client = Client::from_env()?;
    /// let flavors = client.list_flavors().await?;
    /// println!("{} flavors", flavors.len());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] that names the missing variable and what to set, or that
    /// [`ClientBuilder::build`] returns, for example for an invalid `TOAST_COMPUTE_ENDPOINT`.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder_from_env()?.build()
    }

    /// Returns a builder configured from environment variables as [`Client::from_env`]
    /// describes, so that more settings such as timeouts can be added before building.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use toast_compute_instance::Client;
    ///
    /// # fn run() -> Result<(), toast_compute_instance::runtime::Error> {
    /// let client = Client::builder_from_env()?
    ///     .timeout(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] that names the missing variable and what to set.
    pub fn builder_from_env() -> Result<ClientBuilder<Client>, Error> {
        Client::builder_from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds a client as [`Client::from_env`] does, but reads each variable through `lookup`
    /// instead of the process environment, for example from a map in a test or a
    /// configuration file.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use toast_compute_instance::Client;
    ///
    /// let variables = HashMap::from([
    ///     ("TOAST_APPKEY", "my-appkey"),
    ///     ("TOAST_TOKEN", "my-token"),
    /// ]);
    /// let client = Client::from_lookup(|name| variables.get(name).map(|v| v.to_string()));
    /// assert!(client.is_ok());
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Client::from_env`].
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        Client::builder_from_lookup(lookup)?.build()
    }

    /// Returns a builder configured as [`Client::builder_from_env`] does, reading each
    /// variable through `lookup`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] that names the missing variable and what to set.
    pub fn builder_from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder<Client>, Error> {
        // Whitespace around a password may be part of it, so only the password is kept as is.
        let read = |name: &str| {
            let value = lookup(name)?;
            let value = if name == API_PASSWORD {
                value
            } else {
                value.trim().to_owned()
            };
            (!value.trim().is_empty()).then_some(value)
        };

        let Some(appkey) = read(APPKEY) else {
            return Err(config(format!(
                "missing environment variable {APPKEY}; set it to the appkey of the project, \
                 shown in the console"
            )));
        };
        let mut builder = Client::builder().appkey(appkey);
        if let Some(endpoint) = read(ENDPOINT) {
            builder = builder.base_url(endpoint);
        }

        if let Some(token) = read(TOKEN) {
            return Ok(builder.token(token));
        }
        match (read(USERNAME), read(API_PASSWORD)) {
            (Some(username), Some(password)) => {
                Ok(builder.token_provider(PasswordTokenProvider::new(username, password)))
            }
            (Some(_), None) => Err(config(format!(
                "missing environment variable {API_PASSWORD}: {USERNAME} is set, so set \
                 {API_PASSWORD} to the account's API password, or set {TOKEN} instead"
            ))),
            (None, Some(_)) => Err(config(format!(
                "missing environment variable {USERNAME}: {API_PASSWORD} is set, so set \
                 {USERNAME} to the account's e-mail address, or set {TOKEN} instead"
            ))),
            (None, None) => Err(config(format!(
                "missing credentials: set {TOKEN} to an access token, or set both {USERNAME} \
                 (the account's e-mail address) and {API_PASSWORD} (its API password)"
            ))),
        }
    }
}

fn config(message: String) -> Error {
    Error::Config { message }
}
