// `InstanceAction::Reboot` carries its `RebootParameters`; it is not a unit variant.
use toast_compute_instance::InstanceAction;

fn main() {
    let action: InstanceAction = InstanceAction::Reboot;
    drop(action);
}
