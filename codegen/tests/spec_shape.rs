//! Checks the shape of spec/toast-compute-instance.yaml that the generator relies on: the
//! operations and their paths, the fields every operation needs, the instance action union and
//! which operation skips the token.

use std::collections::BTreeSet;
use std::error::Error;

use openapiv3::{OpenAPI, Operation, ReferenceOr, SchemaKind, StatusCode};

type TestResult = Result<(), Box<dyn Error>>;

/// Operation ID, HTTP method and path of every operation that the spec must define.
const EXPECTED_OPERATIONS: [(&str, &str, &str); 13] = [
    ("issueToken", "POST", "/v1.0/appkeys/{appkey}/tokens"),
    (
        "listAvailabilityZones",
        "GET",
        "/v1.0/appkeys/{appkey}/availability-zones",
    ),
    ("listInstances", "GET", "/v1.0/appkeys/{appkey}/instances"),
    ("createInstance", "POST", "/v1.0/appkeys/{appkey}/instances"),
    (
        "deleteInstance",
        "DELETE",
        "/v1.0/appkeys/{appkey}/instances",
    ),
    (
        "listInstanceDetails",
        "GET",
        "/v1.0/appkeys/{appkey}/instances-detail",
    ),
    (
        "attachVolume",
        "POST",
        "/v1.0/appkeys/{appkey}/instances/{instanceId}/attachments",
    ),
    (
        "detachVolume",
        "DELETE",
        "/v1.0/appkeys/{appkey}/instances/{instanceId}/attachments",
    ),
    (
        "performInstanceAction",
        "POST",
        "/v1.0/appkeys/{appkey}/instances/{instanceId}/action",
    ),
    ("listFlavors", "GET", "/v1.0/appkeys/{appkey}/flavors"),
    ("listKeypairs", "GET", "/v1.0/appkeys/{appkey}/keypairs"),
    ("createKeypair", "POST", "/v1.0/appkeys/{appkey}/keypairs"),
    ("deleteKeypair", "DELETE", "/v1.0/appkeys/{appkey}/keypairs"),
];

/// Values of `action` in the instance action union, one per action of the guide.
const EXPECTED_ACTIONS: [&str; 9] = [
    "start",
    "stop",
    "reboot",
    "resize",
    "uploadImage",
    "addFloatingIp",
    "removeFloatingIp",
    "addSecurityGroup",
    "removeSecurityGroup",
];

/// One operation of the spec with the method and path it is declared under.
struct SpecOperation<'a> {
    method: String,
    path: &'a str,
    operation: &'a Operation,
}

impl SpecOperation<'_> {
    /// Returns the operation ID, or the method and path when the ID is missing, for messages.
    fn label(&self) -> String {
        match &self.operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

fn load_spec() -> Result<OpenAPI, Box<dyn Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/toast-compute-instance.yaml"
    );
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("failed to read the spec at {path}: {error}"))?;
    let spec = serde_yaml::from_str::<OpenAPI>(&text)
        .map_err(|error| format!("failed to parse the spec at {path} as OpenAPI 3.0: {error}"))?;
    Ok(spec)
}

/// Lists every operation of the spec, with its method in upper case.
fn operations(spec: &OpenAPI) -> Result<Vec<SpecOperation<'_>>, Box<dyn Error>> {
    let mut found = Vec::new();
    for (path, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            return Err(
                format!("path {path} is a $ref; the spec declares every path inline").into(),
            );
        };
        for (method, operation) in item.iter() {
            found.push(SpecOperation {
                method: method.to_uppercase(),
                path,
                operation,
            });
        }
    }
    Ok(found)
}

#[test]
fn operations_match_guide() -> TestResult {
    let spec = load_spec()?;
    let operations = operations(&spec)?;

    let actual: BTreeSet<(String, String)> = operations
        .iter()
        .map(|op| (op.method.clone(), op.path.to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> = EXPECTED_OPERATIONS
        .iter()
        .map(|(_, method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(
        actual, expected,
        "the spec's (method, path) pairs differ from the expected 13"
    );
    assert_eq!(
        operations.len(),
        13,
        "the spec declares {} operations, expected 13",
        operations.len()
    );

    for (id, method, path) in EXPECTED_OPERATIONS {
        let declared = operations
            .iter()
            .find(|op| op.method == method && op.path == path);
        let declared_id = declared.and_then(|op| op.operation.operation_id.as_deref());
        assert_eq!(
            declared_id,
            Some(id),
            "{method} {path} should have operationId {id}"
        );
    }
    Ok(())
}

#[test]
fn operations_have_required_fields() -> TestResult {
    let spec = load_spec()?;

    for op in operations(&spec)? {
        let label = op.label();
        let operation = op.operation;

        let has_id = operation
            .operation_id
            .as_deref()
            .is_some_and(|id| !id.is_empty());
        assert!(has_id, "{label} has no operationId");

        assert!(!operation.tags.is_empty(), "{label} has no tag");

        let has_summary = operation
            .summary
            .as_deref()
            .is_some_and(|summary| !summary.trim().is_empty());
        assert!(has_summary, "{label} has no summary");

        let has_200 = operation
            .responses
            .responses
            .contains_key(&StatusCode::Code(200));
        assert!(has_200, "{label} has no 200 response");
    }
    Ok(())
}

#[test]
fn instance_action_is_discriminated_union() -> TestResult {
    let spec = load_spec()?;
    let schemas = &spec
        .components
        .as_ref()
        .ok_or("the spec has no components")?
        .schemas;
    let action = schemas
        .get("InstanceAction")
        .and_then(ReferenceOr::as_item)
        .ok_or("components.schemas.InstanceAction is missing or is a $ref")?;

    let SchemaKind::OneOf { one_of } = &action.schema_kind else {
        return Err("InstanceAction (body of performInstanceAction) is not a oneOf".into());
    };
    assert_eq!(
        one_of.len(),
        9,
        "InstanceAction (body of performInstanceAction) should have nine oneOf variants"
    );

    let discriminator = action
        .schema_data
        .discriminator
        .as_ref()
        .ok_or("InstanceAction (body of performInstanceAction) has no discriminator")?;
    assert_eq!(
        discriminator.property_name, "action",
        "InstanceAction (body of performInstanceAction) should be discriminated by `action`"
    );

    let mapped: BTreeSet<&str> = discriminator.mapping.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = EXPECTED_ACTIONS.into_iter().collect();
    assert_eq!(
        mapped, expected,
        "InstanceAction's discriminator mapping should name the nine actions"
    );

    // Every mapping target must be one of the variants, or a generator would emit an action
    // with no body type.
    let variants: BTreeSet<&str> = one_of
        .iter()
        .filter_map(|variant| match variant {
            ReferenceOr::Reference { reference } => Some(reference.as_str()),
            ReferenceOr::Item(_) => None,
        })
        .collect();
    for (action_name, target) in &discriminator.mapping {
        assert!(
            variants.contains(target.as_str()),
            "InstanceAction maps `{action_name}` to {target}, which is not one of its oneOf variants"
        );
    }
    Ok(())
}

#[test]
fn only_issue_token_skips_token() -> TestResult {
    let spec = load_spec()?;

    let global_requires_token = spec.security.as_ref().is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| requirement.contains_key("XAuthToken"))
    });
    assert!(
        global_requires_token,
        "the spec's top-level security should require XAuthToken"
    );

    for op in operations(&spec)? {
        let label = op.label();
        let skips_token = op.operation.security.as_ref().is_some_and(Vec::is_empty);
        if label == "issueToken" {
            assert!(skips_token, "issueToken should declare `security: []`");
        } else {
            assert!(
                !skips_token,
                "{label} declares `security: []`, but only issueToken may skip the token"
            );
        }
    }
    Ok(())
}
