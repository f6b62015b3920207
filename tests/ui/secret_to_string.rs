// A `Secret` has no `Display`, so it cannot be formatted or turned into a `String`.
use toast_compute_instance::runtime::Secret;

fn main() {
    let token = Secret::new("gAAAAABmQ7c2");
    let text: String = token.to_string();
    drop(text);
}
