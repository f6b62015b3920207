//! Hand-written support code that the generated API calls: configuration, transport, envelope
//! checks, errors, retries, validation and tokens.
