//! Operations: how each one is called and what it returns.

use super::types::{Constraints, TypeRef};

/// One operation of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`, or the name derived for it.
    pub id: String,
    /// Rust method name (snake_case).
    pub method_name: String,
    /// Rust name prefix for the operation's private items (PascalCase).
    pub type_prefix: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template as written in the spec.
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Summary line.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Parameters the caller passes, in call order: path, query, then header.
    pub parameters: Vec<Parameter>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// What a successful response carries.
    pub response: Response,
    /// Whether the operation sends the token header.
    pub secured: bool,
    /// When a failed attempt may be repeated.
    pub retry: RetryClass,
    /// Methods generated for the variants of a union body (`x-action-method`).
    pub actions: Vec<Action>,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// PATCH.
    Patch,
}

impl HttpMethod {
    /// The method in upper case, as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
        }
    }
}

/// When a failed attempt of an operation may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Repeating has no effect on the server: retried by default.
    Safe,
    /// Repeating has the same effect as doing it once: retried when the caller opts in.
    Idempotent,
    /// Repeating can do the work twice: retried only when the caller opts in for such calls.
    Unsafe,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text copied as it is.
    Literal(String),
    /// A parameter, by wire name.
    Parameter(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Rust name (snake_case).
    pub name: String,
    /// JSON pointer of the parameter.
    pub pointer: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where the parameter goes.
    pub location: ParameterLocation,
    /// Documentation.
    pub doc: Option<String>,
    /// Type: a scalar or a named string enum.
    pub ty: TypeRef,
    /// Whether the caller must pass it.
    pub required: bool,
    /// Whether the client configuration supplies it (`x-client-parameter`).
    pub from_client: bool,
    /// Validation constraints.
    pub constraints: Constraints,
}

/// The JSON request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Rust name of the method argument.
    pub argument: String,
    /// Type of the method argument.
    pub ty: TypeRef,
    /// Wire name of the single property the argument is wrapped in, when the body schema is
    /// an object with exactly one required property.
    pub wrapper: Option<String>,
    /// Documentation of the argument.
    pub doc: Option<String>,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// An envelope (`x-envelope`): the header is checked, the payload returned.
    Enveloped(Payload),
    /// A plain JSON body.
    Plain(TypeRef),
    /// No body.
    Empty,
}

/// The part of an enveloped response that a method returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// Rust name of the private envelope struct.
    pub envelope_type: String,
    /// The properties beside the header.
    pub fields: Vec<PayloadField>,
    /// Public struct that collects the payload when it has more than one property.
    pub output_type: Option<String>,
}

/// A property of an envelope beside the header.
#[derive(Debug, Clone, PartialEq)]
pub struct PayloadField {
    /// Rust name (snake_case).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Type.
    pub ty: TypeRef,
    /// Whether a successful response must carry it.
    pub required: bool,
}

/// A method generated for one variant of a union body.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Rust method name.
    pub method_name: String,
    /// Rust name of the variant it builds.
    pub variant: String,
    /// Documentation, from the variant schema.
    pub doc: Option<String>,
    /// Rust name of the struct the variant carries, whose fields become arguments.
    pub data_type: Option<String>,
    /// Payload property that the method returns, with its type.
    pub returns: Option<PayloadField>,
    /// Rust name of the private envelope struct for this action.
    pub envelope_type: String,
}
