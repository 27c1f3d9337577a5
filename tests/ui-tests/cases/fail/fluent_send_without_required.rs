// The client's fluent builder has the same rule as the input builder: no `send()` without
// the access token.
use cognito_identity_provider::Client;

async fn list(client: &Client) {
    let _ = client.list_devices().limit(5).send().await;
}

fn main() {
    let _ = list;
}
