//! Facts about the API that the generator takes from the spec.

/// Facts about one API, built by the generated code as a `static`.
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// Title of the API, from `info.title`.
    pub title: &'static str,
    /// Base URL used when the builder gets none, without a trailing slash.
    pub default_base_url: &'static str,
    /// Names of the `x-client-parameter` values that every client must set, such as `appkey`.
    pub client_parameters: &'static [&'static str],
    /// Header that carries the access token, such as `X-Auth-Token`, or `None` when the API
    /// has no token.
    pub auth_header: Option<&'static str>,
    /// Maps a `resultCode` to its equivalent HTTP status, such as 10404 to 404, or to `None`
    /// when the code has no equivalent.
    pub classify_result: fn(i64) -> Option<u16>,
}

impl ApiInfo {
    /// Returns the HTTP status that `result_code` stands for, if the spec gives one.
    pub fn equivalent_status(&self, result_code: i64) -> Option<u16> {
        (self.classify_result)(result_code)
    }
}
