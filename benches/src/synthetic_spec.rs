//! Synthetic specs of any number of operations, in the style of the real spec.
//!
//! A synthetic spec keeps the real spec's top part (info, servers, security, tags,
//! `x-result-codes` and `x-envelope`) and its envelope schemas. Its operations are copies of
//! four templates modelled on real operations: a detail list (`listInstanceDetails`), a create
//! with a validated body (`createInstance`), a delete with a required query parameter
//! (`deleteInstance`) and a summary list (`listKeypairs`). Copy `n` gets its own path and its
//! own schemas, all named with the suffix `n`, so the generator does as much work per
//! operation as for the real ones.

use std::fmt::Write as _;

/// The real spec, whose top part every synthetic spec reuses.
pub const REAL_SPEC: &str = include_str!("../../spec/toast-compute-instance.yaml");

/// The path that generation messages name for the real spec.
pub const REAL_SPEC_PATH: &str = "spec/toast-compute-instance.yaml";

/// Number of operation templates; operation `n` uses template `n % TEMPLATE_COUNT`.
pub const TEMPLATE_COUNT: usize = 4;

/// Components shared by every operation: the token scheme, the appkey parameter and the
/// envelope schemas, copied from the real spec without their descriptions' history notes.
const SHARED_COMPONENTS: &str = r##"components:
  securitySchemes:
    XAuthToken:
      type: apiKey
      in: header
      name: X-Auth-Token
      description: Access token from `issueToken`.

  parameters:
    Appkey:
      name: appkey
      in: path
      required: true
      description: Appkey of the project, shown in the console.
      x-client-parameter: true
      schema:
        type: string

  responses:
    EmptyResponse:
      description: The request succeeded; the response carries only the result header.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/EmptyResponse"

  schemas:
    ResponseHeader:
      type: object
      description: Result of a request, present in every response.
      required: [isSuccessful, resultCode, resultMessage]
      properties:
        isSuccessful:
          type: boolean
          description: Whether the request succeeded. Failures usually still use HTTP 200.
        resultCode:
          type: integer
          format: int32
          description: Result code, 0 on success.
        resultMessage:
          type: string
          description: Human-readable result, such as `SUCCESS`.

    EmptyResponse:
      type: object
      description: A response without payload.
      required: [header]
      properties:
        header:
          $ref: "#/components/schemas/ResponseHeader"
"##;

/// Returns the text of a spec with exactly `operations` operations.
pub fn synthetic_spec(operations: usize) -> String {
    let top = real_spec_top();
    let mut paths = String::from("paths:\n");
    let mut schemas = String::new();
    for index in 0..operations {
        match index % TEMPLATE_COUNT {
            0 => detail_list(index, &mut paths, &mut schemas),
            1 => create(index, &mut paths, &mut schemas),
            2 => delete(index, &mut paths),
            _ => summary_list(index, &mut paths, &mut schemas),
        }
    }
    format!("{top}{paths}\n{SHARED_COMPONENTS}{schemas}")
}

/// Returns the real spec up to, but not including, its `paths:` line.
fn real_spec_top() -> &'static str {
    let end = REAL_SPEC
        .find("\npaths:\n")
        .expect("the real spec has a top-level `paths:` section");
    &REAL_SPEC[..=end]
}

/// Appends a GET that lists detailed objects, like `listInstanceDetails`.
fn detail_list(n: usize, paths: &mut String, schemas: &mut String) {
    let _ = write!(
        paths,
        r##"  /v1.0/appkeys/{{appkey}}/widgets{n}-detail:
    parameters:
      - $ref: "#/components/parameters/Appkey"
    get:
      operationId: listWidget{n}Details
      tags: [Instances]
      summary: List widgets {n} in detail
      description: |
        Lists every widget of kind {n} with its addresses, flavor and timestamps, or only the
        one widget given by `id`.
      parameters:
        - name: id
          in: query
          required: false
          description: ID of the one widget to return; without it every widget is listed.
          schema:
            type: string
      responses:
        "200":
          description: The widgets, in detail.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ListWidget{n}DetailsResponse"

"##
    );
    let _ = write!(
        schemas,
        r##"
    ListWidget{n}DetailsResponse:
      type: object
      description: Response of `listWidget{n}Details`.
      required: [header, widgets]
      properties:
        header:
          $ref: "#/components/schemas/ResponseHeader"
        widgets:
          type: array
          items:
            $ref: "#/components/schemas/Widget{n}"

    Widget{n}Status:
      type: string
      description: Status of a widget of kind {n}.
      enum: [BUILD, ACTIVE, STOP, ERROR]

    Widget{n}:
      type: object
      description: Details of a widget of kind {n}.
      required: [id, name, status, flavor]
      properties:
        id:
          type: string
          description: ID of the widget.
        name:
          type: string
          maxLength: 255
          description: Name of the widget, at most 255 characters.
        status:
          $ref: "#/components/schemas/Widget{n}Status"
        addresses:
          type: array
          nullable: true
          description: Network interfaces of the widget.
          items:
            $ref: "#/components/schemas/Widget{n}Address"
        flavor:
          $ref: "#/components/schemas/Widget{n}Flavor"
        metadata:
          type: object
          nullable: true
          description: User metadata of the widget, as string keys and values.
          additionalProperties:
            type: string
        createdAt:
          type: string
          nullable: true
          description: When the widget was created, in UTC, such as `2017-05-16T02:17:50.166563`.
          x-timestamp: true

    Widget{n}Address:
      type: object
      description: A network interface of a widget of kind {n}.
      required: [ipAddress]
      properties:
        ipAddress:
          type: string
          description: Fixed IP address of the interface.
        version:
          type: integer
          format: int32
          nullable: true
          description: IP version of the address.

    Widget{n}Flavor:
      type: object
      description: The flavor of a widget of kind {n}.
      required: [id]
      properties:
        id:
          type: string
          description: ID of the flavor.
        ram:
          type: integer
          format: int32
          nullable: true
          description: Memory size in MB.
"##
    );
}

/// Appends a POST with a validated body, like `createInstance`.
fn create(n: usize, paths: &mut String, schemas: &mut String) {
    let _ = write!(
        paths,
        r##"  /v1.0/appkeys/{{appkey}}/widgets{n}:
    parameters:
      - $ref: "#/components/parameters/Appkey"
    post:
      operationId: createWidget{n}
      tags: [Instances]
      summary: Create widgets {n}
      description: Creates one or more widgets of kind {n}.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/CreateWidget{n}Request"
      responses:
        "200":
          description: The created widget.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/CreateWidget{n}Response"

"##
    );
    let _ = write!(
        schemas,
        r##"
    CreateWidget{n}Request:
      type: object
      description: Body of `createWidget{n}`.
      required: [widget]
      properties:
        widget:
          $ref: "#/components/schemas/NewWidget{n}"

    NewWidget{n}:
      type: object
      description: Settings of the widgets of kind {n} to create.
      required: [name, image, count, volumes]
      properties:
        name:
          type: string
          maxLength: 255
          description: Name of the widget, at most 255 characters.
        image:
          type: string
          description: ID of the image to install.
        count:
          type: integer
          format: int32
          minimum: 1
          maximum: 10
          description: Number of widgets to create at once, from 1 to 10.
        volumes:
          type: array
          minItems: 1
          maxItems: 1
          description: Root disk of the widget, as a one-item array.
          items:
            $ref: "#/components/schemas/NewWidget{n}Volume"

    NewWidget{n}Volume:
      type: object
      description: Root disk of a new widget of kind {n}.
      required: [size]
      properties:
        size:
          type: integer
          format: int32
          minimum: 20
          maximum: 1000
          description: Size of the root disk in GB, from 20 to 1000.

    CreateWidget{n}Response:
      type: object
      description: Response of `createWidget{n}`.
      required: [header, widget]
      properties:
        header:
          $ref: "#/components/schemas/ResponseHeader"
        widget:
          $ref: "#/components/schemas/CreatedWidget{n}"

    CreatedWidget{n}:
      type: object
      description: ID and name of a created widget of kind {n}.
      required: [id, name]
      properties:
        id:
          type: string
          description: ID of the widget.
        name:
          type: string
          description: Name of the widget.
"##
    );
}

/// Appends a DELETE with a required query parameter and an empty response, like
/// `deleteInstance`.
fn delete(n: usize, paths: &mut String) {
    let _ = write!(
        paths,
        r##"  /v1.0/appkeys/{{appkey}}/widgets{n}:
    parameters:
      - $ref: "#/components/parameters/Appkey"
    delete:
      operationId: deleteWidget{n}
      tags: [Instances]
      summary: Delete a widget {n}
      description: Deletes a widget of kind {n}.
      parameters:
        - name: id
          in: query
          required: true
          description: ID of the widget to delete.
          schema:
            type: string
      responses:
        "200":
          $ref: "#/components/responses/EmptyResponse"

"##
    );
}

/// Appends a GET that lists small objects with an optional filter, like `listKeypairs`.
fn summary_list(n: usize, paths: &mut String, schemas: &mut String) {
    let _ = write!(
        paths,
        r##"  /v1.0/appkeys/{{appkey}}/gadgets{n}:
    parameters:
      - $ref: "#/components/parameters/Appkey"
    get:
      operationId: listGadgets{n}
      tags: [Keypairs]
      summary: List gadgets {n}
      description: Lists every gadget of kind {n}, or only the gadget given by `name`.
      parameters:
        - name: name
          in: query
          required: false
          description: Name of the gadget to return; without it every gadget is listed.
          schema:
            type: string
      responses:
        "200":
          description: The gadgets.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/ListGadgets{n}Response"

"##
    );
    let _ = write!(
        schemas,
        r##"
    ListGadgets{n}Response:
      type: object
      description: Response of `listGadgets{n}`.
      required: [header, gadgets]
      properties:
        header:
          $ref: "#/components/schemas/ResponseHeader"
        gadgets:
          type: array
          items:
            $ref: "#/components/schemas/Gadget{n}"

    Gadget{n}:
      type: object
      description: A gadget of kind {n}.
      required: [name, publicKey, fingerprint]
      properties:
        name:
          type: string
          description: Name of the gadget.
        publicKey:
          type: string
          description: Public key of the gadget.
        fingerprint:
          type: string
          description: Fingerprint of the public key.
        createdAt:
          type: string
          nullable: true
          description: When the gadget was created, such as `2017-05-16T02:17:50.166563`.
          x-timestamp: true
"##
    );
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn synthetic_spec_generates() {
        let config = codegen::Config::default();
        for operations in [1, 4, 10] {
            let text = synthetic_spec(operations);
            let model = codegen::model_from_str(Path::new("synthetic.yaml"), &text)
                .unwrap_or_else(|errors| panic!("{operations} operations: {errors}"));
            assert_eq!(model.operations.len(), operations, "{operations} operations");
            let output = codegen::generate_from_str(Path::new("synthetic.yaml"), &text, &config);
            assert!(output.is_ok(), "{operations} operations do not generate");
        }
    }
}
