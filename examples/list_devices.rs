//! Lists the signed-in user's devices as a table.
//!
//! ```sh
//! COGNITO_ACCESS_TOKEN=... AWS_REGION=eu-west-1 cargo run -p cognito-examples --example list_devices
//! COGNITO_ACCESS_TOKEN=... COGNITO_ENDPOINT=http://127.0.0.1:4566 cargo run -p cognito-examples --example list_devices
//! ```
//!
//! ListDevices is authorized by the access token alone, so no AWS credentials are needed.

use cognito_identity_provider::Client;
use cognito_identity_provider::client::SdkError;
use cognito_identity_provider::types::DeviceType;
use futures::TryStreamExt;

fn attribute<'a>(device: &'a DeviceType, name: &str) -> &'a str {
    device
        .device_attributes
        .iter()
        .flatten()
        .find(|a| a.name == name)
        .and_then(|a| a.value.as_deref())
        .unwrap_or("-")
}

fn date(value: Option<cognito_identity_provider::DateTime>) -> String {
    value.map_or_else(|| "-".to_string(), |d| d.to_string())
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("COGNITO_ACCESS_TOKEN").map_err(|_| {
        "set COGNITO_ACCESS_TOKEN to a signed-in user's access token \
         (`scripts/quick-start` runs this example against a local emulator that provides one)"
    })?;
    let mut builder = Client::builder();
    if let Ok(endpoint) = std::env::var("COGNITO_ENDPOINT") {
        builder = builder.endpoint_url(endpoint);
    }
    let client = builder.build()?;

    let devices: Vec<DeviceType> = client
        .list_devices()
        .access_token(token)
        .into_paginator()
        .page_size(20)
        .items()
        .try_collect()
        .await
        .map_err(|e| match e {
            // Name the real cause: nothing answers at the endpoint (an emulator not started yet,
            // a wrong port), not a problem with the token.
            SdkError::Transport(t) => format!(
                "cannot reach {}: {t} (is the emulator running? `scripts/quick-start` starts it)",
                client.endpoint()
            ),
            other => other.to_string(),
        })?;

    let rows: Vec<[String; 4]> = devices
        .iter()
        .map(|d| {
            [
                d.device_key.clone().unwrap_or_else(|| "-".into()),
                attribute(d, "device_name").to_string(),
                date(d.device_create_date),
                date(d.device_last_authenticated_date),
            ]
        })
        .collect();
    let header = ["DEVICE KEY", "NAME", "CREATED", "LAST SIGN-IN"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    println!("{} device(s)", rows.len());
    Ok(())
}
