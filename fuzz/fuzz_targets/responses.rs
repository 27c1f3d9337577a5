//! Any bytes as a successful response body, for every operation of the generated crate:
//! reading must return an output or a typed error, never panic.
#![no_main]

use cognito_identity_provider::operation::{
    admin_get_device, admin_list_devices, confirm_device, get_device, list_devices,
};
use cognito_identity_provider::protocol::Operation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = list_devices::ListDevices::deserialize_output(data);
    let _ = admin_list_devices::AdminListDevices::deserialize_output(data);
    let _ = get_device::GetDevice::deserialize_output(data);
    let _ = admin_get_device::AdminGetDevice::deserialize_output(data);
    let _ = confirm_device::ConfirmDevice::deserialize_output(data);
});
