// A `Secret` is not a `&str`; the caller must call `expose_secret` to read it.
use toast_compute_instance::runtime::Secret;

fn log_line(text: &str) -> usize {
    text.len()
}

fn main() {
    let password = Secret::new("api-password-1");
    log_line(&password);
}
