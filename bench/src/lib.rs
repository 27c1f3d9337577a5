//! Shared inputs for the benchmarks: a ListDevices response of 60 devices with attributes.

/// The JSON body of a ListDevices response holding `n` devices, each with two attributes
/// and three millisecond-precision timestamps, as Cognito sends them.
pub fn list_devices_body(n: usize) -> Vec<u8> {
    let devices: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "DeviceKey": format!("us-east-1_{i:08x}-1a2b-4c3d-8e9f-0123456789ab"),
                "DeviceAttributes": [
                    {"Name": "device_name", "Value": format!("Device number {i}")},
                    {"Name": "last_ip_used", "Value": format!("192.0.2.{}", i % 250)}
                ],
                "DeviceCreateDate": 1_700_000_000.123 + i as f64,
                "DeviceLastModifiedDate": 1_700_100_000.456 + i as f64,
                "DeviceLastAuthenticatedDate": 1_700_200_000.789 + i as f64
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"Devices": devices, "PaginationToken": "next-page-token"}))
        .unwrap_or_default()
}
