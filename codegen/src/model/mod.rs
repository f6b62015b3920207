//! The intermediate model between the OpenAPI document and the emitted Rust code.
//!
//! Lowering (`crate::lower`) is the only code that reads `openapiv3`; emitting (`crate::emit`)
//! reads only these types. Every name here is collision-free within its scope and becomes a
//! valid identifier through `names::ident`, and every node that came from the spec keeps its
//! JSON pointer.

mod operation;
mod result_codes;
mod types;

pub use operation::{
    Action, Body, HttpMethod, Operation, Parameter, ParameterLocation, PathPart, Payload,
    PayloadField, Response, RetryClass,
};
pub use result_codes::{NamedResultCode, ResultCodes, ServicePrefix};
pub use types::{
    Constraints, EnumVariant, Field, IntegerWidth, Scalar, StructDef, TypeDef, TypeKind, TypeRef,
    UnionDef, UnionStyle, UnionVariant,
};

/// Everything the emitter needs to know about one API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Title of the API, from `info.title`.
    pub title: String,
    /// Description of the API, from `info.description`.
    pub description: Option<String>,
    /// URL of the first server with every variable set to its default.
    pub default_base_url: String,
    /// Wire names of the path parameters marked `x-client-parameter`, in first-seen order.
    pub client_parameters: Vec<String>,
    /// Header that carries the token, from the `apiKey` security scheme in a header.
    pub auth_header: Option<String>,
    /// How responses are wrapped, from `x-envelope`; `None` for plain responses.
    pub envelope: Option<Envelope>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations in spec order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// The result-code table, from `x-result-codes`.
    pub result_codes: Option<ResultCodes>,
}

/// The response envelope declared by `x-envelope`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Property of every response object that contains the result header.
    pub property: String,
    /// Rust name of the header type.
    pub header_type: String,
    /// Rust field of the header type that tells whether the request succeeded.
    pub success_field: String,
    /// Rust field of the header type that contains the result code.
    pub code_field: String,
    /// Rust field of the header type that contains the result message.
    pub message_field: String,
}

impl Api {
    /// Finds a named type by its Rust name.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.name == name)
    }
}
