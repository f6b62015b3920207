//! The result-code table of an enveloped API (`x-result-codes`).

/// How the API's result codes are classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultCodes {
    /// Codes with a fixed meaning.
    pub codes: Vec<NamedResultCode>,
    /// Services whose codes are `prefix * 1000 + HTTP status`.
    pub services: Vec<ServicePrefix>,
}

/// A result code with a fixed meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedResultCode {
    /// The code.
    pub code: i64,
    /// Rust variant name (PascalCase).
    pub name: String,
    /// What the code means.
    pub description: Option<String>,
    /// The HTTP status the code corresponds to.
    pub http_status: Option<u16>,
}

/// A service whose result codes embed an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePrefix {
    /// The code divided by 1000.
    pub prefix: i64,
    /// Rust variant name (PascalCase).
    pub name: String,
    /// What the service covers.
    pub description: Option<String>,
}
