// Required members of shared types are enforced the same way.
use cognito_identity_provider::types::AttributeType;

fn main() {
    let _attribute = AttributeType::builder().value("phone").build();
}
