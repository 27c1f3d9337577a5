// The paginator runs on any async function that sends one page: here, an in-memory fake.
use cognito_identity_provider::operation::list_devices::{
    ListDevicesError, ListDevicesInput, ListDevicesOutput,
};
use cognito_identity_provider::types::DeviceType;
use futures::{StreamExt, TryStreamExt};

async fn send_page(input: ListDevicesInput) -> Result<ListDevicesOutput, ListDevicesError> {
    let page: usize = input.pagination_token.as_deref().map_or(0, |t| t.parse().unwrap_or(0));
    let size = input.limit.unwrap_or(10) as usize;
    let all: Vec<String> = (0..5).map(|i| format!("device-{i}")).collect();
    let devices: Vec<DeviceType> = all
        .iter()
        .skip(page * size)
        .take(size)
        .map(|k| DeviceType::builder().device_key(k.as_str()).build())
        .collect();
    let next = ((page + 1) * size < all.len()).then(|| (page + 1).to_string());
    Ok(ListDevicesOutput::builder()
        .devices(devices)
        .set_pagination_token(next)
        .build())
}

fn main() {
    let input = ListDevicesInput::builder().access_token("token").build();
    let items: Vec<DeviceType> = futures::executor::block_on(
        input.clone().into_paginator().page_size(2).items(send_page).try_collect(),
    )
    .expect("no page fails");
    let keys: Vec<_> = items.iter().filter_map(|d| d.device_key.as_deref()).collect();
    assert_eq!(keys, ["device-0", "device-1", "device-2", "device-3", "device-4"]);

    let pages = futures::executor::block_on(input.into_paginator().page_size(2).pages(send_page).count());
    assert_eq!(pages, 3);
}
