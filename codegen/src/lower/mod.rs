//! Lowers an `openapiv3::OpenAPI` document into the model (`crate::model::Api`).
//!
//! This is the only module that reads `openapiv3` types. It checks the supported subset,
//! resolves references, names every type, and collects every problem instead of stopping at
//! the first one.

mod api_info;
mod body;
mod directions;
mod extensions;
mod operation;
mod parameters;
mod refs;
mod response;
mod scalar;
mod schema;
mod union;

use crate::diagnostics::Diagnostic;
use crate::model::{Api, TypeDef};
use crate::names::{self, Scope};
use openapiv3::OpenAPI;
use refs::ComponentPointers;
use std::collections::BTreeMap;

/// Type names the generated code defines itself, so schemas cannot take them.
const RESERVED_TYPE_NAMES: &[&str] = &["Client", "ResultCode", "ResultService"];

/// The outcome of lowering: the model, or every problem found, plus warnings either way.
#[derive(Debug)]
pub struct Lowered {
    /// The model; `None` when there were errors.
    pub api: Option<Api>,
    /// Problems that prevent generation.
    pub errors: Vec<Diagnostic>,
    /// Things worth knowing that do not prevent generation, such as derived operation names.
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a parsed document.
pub fn lower(document: &OpenAPI) -> Lowered {
    let pointers = ComponentPointers::new(document);
    let mut lowerer = Lowerer::new(document, &pointers);

    let info = lowerer.api_info();
    let envelope = lowerer.envelope();
    let result_codes = lowerer.result_codes();
    let operations = lowerer.operations(envelope.as_ref());
    let types = lowerer.finish_types();

    let Lowerer {
        errors, warnings, ..
    } = lowerer;
    let errors = without_repeats(errors);
    let warnings = without_repeats(warnings);
    if !errors.is_empty() {
        return Lowered {
            api: None,
            errors,
            warnings,
        };
    }

    let api = Api {
        title: info.title,
        description: info.description,
        default_base_url: info.default_base_url,
        client_parameters: client_parameters(&operations),
        auth_header: info.auth_header,
        envelope,
        types,
        operations,
        result_codes,
    };
    Lowered {
        api: Some(api),
        errors,
        warnings,
    }
}

/// State shared by the lowering steps.
struct Lowerer<'a> {
    document: &'a OpenAPI,
    pointers: &'a ComponentPointers,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Rust names of component schemas, assigned up front so references can name them.
    component_names: BTreeMap<String, String>,
    /// Every Rust type name handed out, for inline types and reserved names.
    type_scope: Scope,
    /// Named types lowered so far, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Component schemas being lowered, to box recursive fields.
    in_progress: Vec<String>,
    /// Types that requests and responses use directly.
    request_roots: Vec<crate::model::TypeRef>,
    response_roots: Vec<crate::model::TypeRef>,
    /// Names of the private envelope structs.
    envelope_scope: Scope,
    /// Envelope struct name of each response component.
    envelope_names: BTreeMap<String, String>,
}

/// Name of the envelope struct for responses that carry only the header.
pub(crate) const HEADER_ONLY_ENVELOPE: &str = "HeaderOnly";

impl<'a> Lowerer<'a> {
    fn new(document: &'a OpenAPI, pointers: &'a ComponentPointers) -> Self {
        let mut lowerer = Self {
            document,
            pointers,
            errors: Vec::new(),
            warnings: Vec::new(),
            component_names: BTreeMap::new(),
            type_scope: Scope::with_reserved(RESERVED_TYPE_NAMES),
            types: BTreeMap::new(),
            in_progress: Vec::new(),
            request_roots: Vec::new(),
            response_roots: Vec::new(),
            envelope_scope: Scope::with_reserved(&[HEADER_ONLY_ENVELOPE]),
            envelope_names: BTreeMap::new(),
        };
        lowerer.name_components();
        lowerer
    }

    /// Gives every component schema its Rust name, reporting names that collide after case
    /// conversion.
    fn name_components(&mut self) {
        let Some(components) = &self.document.components else {
            return;
        };
        let mut first_owner: BTreeMap<String, &str> = BTreeMap::new();
        for key in components.schemas.keys() {
            let name = names::pascal_case(key);
            if let Some(owner) = first_owner.get(&name) {
                let at = crate::diagnostics::pointer(["components", "schemas", key.as_str()]);
                self.errors.push(
                    Diagnostic::new(
                        at,
                        format!("schema names `{owner}` and `{key}` both become the Rust type `{name}`"),
                    )
                    .with_help("rename one of the schemas so that their PascalCase forms differ"),
                );
                continue;
            }
            first_owner.insert(name.clone(), key);
            let claimed = self.type_scope.claim(name);
            self.component_names.insert(key.clone(), claimed);
        }
    }

    /// Claims `converted`, the Rust form of `spec_name`, in `scope`, and warns when the name had
    /// to be suffixed because another name of the scope already took it.
    fn claim_name(
        &mut self,
        scope: &mut Scope,
        converted: String,
        spec_name: &str,
        kind: &str,
        at: &str,
    ) -> String {
        let claimed = scope.claim(converted.clone());
        if claimed != converted {
            self.warnings.push(
                Diagnostic::new(
                    at,
                    format!("{kind} `{spec_name}` is named `{claimed}` in Rust, because `{converted}` is already taken"),
                )
                .with_help(format!("rename the {kind} so that its Rust form `{converted}` is unique, or keep the suffixed name")),
            );
        }
        claimed
    }

    /// Marks request and response use on every type and returns the types sorted by name.
    fn finish_types(&mut self) -> Vec<TypeDef> {
        directions::mark(&mut self.types, &self.request_roots, &self.response_roots);
        std::mem::take(&mut self.types).into_values().collect()
    }
}

/// Drops diagnostics that repeat an earlier one, which happens when a component that is not a
/// named type is lowered again at every reference.
fn without_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    diagnostics
        .into_iter()
        .filter(|diagnostic| seen.insert((diagnostic.pointer.clone(), diagnostic.message.clone())))
        .collect()
}

/// Wire names of client-supplied parameters, in first-seen order.
fn client_parameters(operations: &[crate::model::Operation]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let client_supplied = operations
        .iter()
        .flat_map(|operation| &operation.parameters)
        .filter(|parameter| parameter.from_client);
    for parameter in client_supplied {
        if !names.contains(&parameter.wire_name) {
            names.push(parameter.wire_name.clone());
        }
    }
    names
}
