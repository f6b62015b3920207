//! Named types and the references between them.

/// A named type: a struct, a string enum or a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (PascalCase).
    pub name: String,
    /// Documentation, from the schema's description.
    pub doc: Option<String>,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// The type's shape.
    pub kind: TypeKind,
    /// Whether a request can contain this type, so it needs `Serialize` and `Validate`.
    pub in_request: bool,
    /// Whether a response can contain this type, so it decodes leniently.
    pub in_response: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string with a fixed set of values.
    StringEnum(Vec<EnumVariant>),
    /// A `oneOf`.
    Union(UnionDef),
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Properties in spec order.
    pub fields: Vec<Field>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (snake_case). It may be a keyword; `names::ident` writes it as a raw
    /// identifier when emitting.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Type, without the `Option` that `required` and `nullable` add.
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the property may be `null`.
    pub nullable: bool,
    /// Value used when the property is absent, as JSON.
    pub default: Option<serde_json::Value>,
    /// Whether the property is read-only, so requests never send it.
    pub read_only: bool,
    /// Validation constraints.
    pub constraints: Constraints,
}

impl Field {
    /// Whether the Rust field is wrapped in `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable || self.read_only
    }
}

/// Validation keywords that are checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength` of a string.
    pub min_length: Option<u64>,
    /// `maxLength` of a string.
    pub max_length: Option<u64>,
    /// `minimum` of an integer.
    pub minimum: Option<i64>,
    /// `maximum` of an integer.
    pub maximum: Option<i64>,
    /// `minItems` of an array.
    pub min_items: Option<u64>,
    /// `maxItems` of an array.
    pub max_items: Option<u64>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust name (PascalCase).
    pub name: String,
    /// Value on the wire.
    pub wire_name: String,
}

/// A `oneOf` schema.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// How the variants are distinguished on the wire.
    pub style: UnionStyle,
    /// Variants in spec order.
    pub variants: Vec<UnionVariant>,
}

/// How the variants of a union are distinguished on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionStyle {
    /// `{"tag": "name", "content": {...}}`: each variant has only the tag and at most one
    /// property, and that property has the same name in every variant.
    Adjacent {
        /// Wire name of the discriminator property.
        tag: String,
        /// Wire name of the property that carries the variant's data.
        content: String,
    },
    /// `{"tag": "name", ...fields}`: the variant's own properties sit beside the tag.
    Internal {
        /// Wire name of the discriminator property.
        tag: String,
    },
    /// No discriminator: the first variant that decodes wins.
    Untagged,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust name (PascalCase).
    pub name: String,
    /// Discriminator value, for tagged unions.
    pub tag_value: Option<String>,
    /// Documentation, from the variant schema's description.
    pub doc: Option<String>,
    /// The variant's data: `None` for a variant that carries only the tag.
    pub data: Option<TypeRef>,
    /// The method that performs this variant, from `x-action-method`.
    pub action_method: Option<String>,
    /// Payload property that the action's method returns, from `x-action-returns`.
    pub action_returns: Option<String>,
}

/// A reference to a type, as a field, parameter or payload uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A built-in scalar.
    Scalar(Scalar),
    /// A named type, by Rust name.
    Named(String),
    /// An array.
    Array(Box<TypeRef>),
    /// An object with string keys and values of one type (`additionalProperties`).
    Map(Box<TypeRef>),
    /// Any JSON value.
    Json,
}

/// Scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// A string.
    String,
    /// A string that contains a secret (`x-secret`).
    Secret,
    /// A string that contains a timestamp (`x-timestamp`).
    Timestamp,
    /// An integer.
    Integer(IntegerWidth),
    /// A floating-point number.
    Number,
    /// A boolean.
    Boolean,
}

/// Width of an integer, from its `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerWidth {
    /// `int32`.
    I32,
    /// `int64` or no format.
    I64,
}

impl TypeRef {
    /// Calls `visit` with every named type that this reference mentions.
    pub fn visit_named(&self, visit: &mut impl FnMut(&str)) {
        match self {
            TypeRef::Named(name) => visit(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.visit_named(visit),
            TypeRef::Scalar(_) | TypeRef::Json => {}
        }
    }
}
