// Request enums are closed: only the values of the spec can be sent.
use toast_compute_instance::RebootType;

fn main() {
    let reboot = RebootType::Unknown("MEDIUM".to_owned());
    drop(reboot);
}
