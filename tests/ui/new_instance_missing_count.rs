// Every field of `NewInstance` is required, so leaving out `count` does not compile.
use toast_compute_instance::{NetworkRef, NewInstance, NewInstanceVolume, SecurityGroupRef};

fn main() {
    let instance = NewInstance {
        name: "web-01".to_owned(),
        image: "a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d".to_owned(),
        flavor: "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f".to_owned(),
        networks: vec![NetworkRef { id: "5e7a9c1b".to_owned() }],
        availability_zone: "kr-pub-a".to_owned(),
        key_name: "deploy-key".to_owned(),
        volumes: vec![NewInstanceVolume { size: 50 }],
        security_groups: vec![SecurityGroupRef { name: "default".to_owned() }],
    };
    drop(instance);
}
