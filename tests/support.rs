//! Helpers shared by the tests of the generated crate: a fake ListDevices service that
//! answers from canned pages and records what it was sent, standing in for a transport.

use std::sync::Mutex;

use cognito_identity_provider::operation::list_devices::{
    ListDevicesError, ListDevicesInput, ListDevicesOutput,
};
use cognito_identity_provider::types::DeviceType;

/// Answers ListDevices requests page by page, in order, whatever token is sent: the tests
/// check the tokens the paginator sends separately, from the record.
pub struct FakeService {
    pages: Vec<(Vec<String>, Option<String>)>,
    fail_after: Option<usize>,
    sent: Mutex<Vec<ListDevicesInput>>,
}

impl FakeService {
    /// Pages holding devices with these keys; page `i` carries token `t{i+1}`, the last none.
    pub fn with_pages(pages: &[&[&str]]) -> Self {
        let n = pages.len();
        let pages = pages
            .iter()
            .enumerate()
            .map(|(i, keys)| {
                let token = (i + 1 < n).then(|| format!("t{}", i + 1));
                (keys.iter().map(|k| k.to_string()).collect(), token)
            })
            .collect();
        FakeService {
            pages,
            fail_after: None,
            sent: Mutex::new(Vec::new()),
        }
    }

    /// Empty pages carrying exactly these tokens.
    pub fn with_tokens(tokens: &[Option<&str>]) -> Self {
        FakeService {
            pages: tokens
                .iter()
                .map(|t| (Vec::new(), t.map(str::to_string)))
                .collect(),
            fail_after: None,
            sent: Mutex::new(Vec::new()),
        }
    }

    /// Endless pages that turn into a NotAuthorizedException after `n` successes.
    pub fn failing_after(n: usize) -> Self {
        FakeService {
            pages: (0..=n)
                .map(|i| (vec![format!("d{i}")], Some(format!("t{}", i + 1))))
                .collect(),
            fail_after: Some(n),
            sent: Mutex::new(Vec::new()),
        }
    }

    /// Everything sent so far.
    pub fn sent(&self) -> Vec<ListDevicesInput> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Sends one request.
    pub async fn send(
        &self,
        input: ListDevicesInput,
    ) -> Result<ListDevicesOutput, ListDevicesError> {
        let index = {
            let mut sent = self.sent.lock().expect("lock");
            sent.push(input);
            sent.len() - 1
        };
        if self.fail_after.is_some_and(|n| index >= n) {
            return Err(ListDevicesError::from_response(
                400,
                &[("x-amzn-errortype", "NotAuthorizedException")],
                br#"{"message": "Access Token has been revoked"}"#,
            ));
        }
        let (keys, token) = self.pages.get(index).cloned().unwrap_or_default();
        let devices = keys
            .into_iter()
            .map(|k| DeviceType::builder().device_key(k).build())
            .collect::<Vec<_>>();
        Ok(ListDevicesOutput::builder()
            .devices(devices)
            .set_pagination_token(token)
            .build())
    }
}
