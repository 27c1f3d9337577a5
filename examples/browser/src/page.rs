//! The page: query in, sign-in, device list, DOM out.

use std::fmt::Display;

use cognito_auth::{Authenticator, Secret, SignIn, UserPool};
use cognito_identity_provider::Client;
use wasm_bindgen::prelude::*;
use web_sys::{Document, UrlSearchParams};

/// Runs when the module is instantiated (`init()` in `index.js`).
#[wasm_bindgen(start)]
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let outcome = sign_in_and_list(&document).await;
        match outcome {
            Ok(text) => show(&document, "status", "done", &text),
            Err(text) => show(&document, "status", "error", &text),
        }
        // After the sign-in, so that the timing does not delay it.
        match crate::timing::measure() {
            Ok(timing) => {
                show(&document, "srp-ms", "done", &timing.to_string());
                if let Some(element) = document.get_element_by_id("srp-ms") {
                    let _ = element.set_attribute("data-ms", &format!("{:.3}", timing.ms));
                }
            }
            Err(text) => show(&document, "srp-ms", "error", &text),
        }
    });
}

/// Writes `text` into the element `id` and sets its `data-state`.
fn show(document: &Document, id: &str, state: &str, text: &str) {
    if let Some(element) = document.get_element_by_id(id) {
        element.set_text_content(Some(text));
        let _ = element.set_attribute("data-state", state);
    }
}

/// An error for the page: what failed, and the error's `Display` (which never holds a token
/// or the password).
fn failed(what: &str, error: impl Display) -> String {
    format!("{what}: {error}")
}

struct Query {
    endpoint: String,
    pool: String,
    client: String,
    user: String,
    password: Secret,
}

fn query(document: &Document) -> Result<Query, String> {
    let search = document
        .location()
        .ok_or("the page has no location")?
        .search()
        .map_err(|_| "the page's query cannot be read")?;
    let params =
        UrlSearchParams::new_with_str(&search).map_err(|_| "the page's query is not a query")?;
    let get = |name: &str| {
        params
            .get(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("the query has no {name}= (see the page's text)"))
    };
    Ok(Query {
        endpoint: get("endpoint")?,
        pool: get("pool")?,
        client: get("client")?,
        user: get("user")?,
        password: Secret::new(get("password")?),
    })
}

async fn sign_in_and_list(document: &Document) -> Result<String, String> {
    let query = query(document)?;
    show(document, "status", "signing-in", "signing in with SRP...");
    // A pool id is `<region>_<name>`; `UserPool::new` refuses any other.
    let region = query.pool.split('_').next().unwrap_or_default().to_owned();
    let pool = UserPool::new(&query.pool, &query.client).map_err(|e| failed("pool", e))?;
    let client = Client::builder()
        .region(region)
        .endpoint_url(&query.endpoint)
        .build()
        .map_err(|e| failed("client", e))?;
    let auth = Authenticator::new(client.clone(), pool);
    let tokens = match auth.sign_in_srp(&query.user, &query.password, None).await {
        Ok(SignIn::SignedIn(tokens)) => tokens,
        Ok(SignIn::Challenge(pending)) => {
            return Err(format!(
                "sign-in stopped at a challenge this page does not answer: {:?}",
                pending.challenge()
            ));
        }
        Ok(other) => return Err(format!("sign-in ended in {other:?}")),
        Err(e) => return Err(failed("SRP sign-in", e)),
    };
    let mut text = format!("signed in as {}", query.user);
    if let Some(new_device) = &tokens.new_device {
        let device = auth
            .remember_device(&tokens, new_device, Some("chromium"))
            .await
            .map_err(|e| failed("remembering this browser", e))?;
        text.push_str(&format!(
            "; remembered this browser as {}",
            device.device_key()
        ));
    }
    let listed = client
        .list_devices()
        .access_token(tokens.access_token.expose())
        .send()
        .await
        .map_err(|e| failed("ListDevices", e))?;
    let devices = listed.devices.unwrap_or_default();
    text.push_str(&format!("; {} device(s):", devices.len()));
    for device in &devices {
        let name = device
            .device_attributes
            .iter()
            .flatten()
            .find(|attribute| attribute.name == "device_name")
            .and_then(|attribute| attribute.value.as_deref())
            .unwrap_or("unnamed");
        let key = device.device_key.as_deref().unwrap_or("(no key)");
        text.push_str(&format!(" {key} ({name})"));
    }
    Ok(text)
}
