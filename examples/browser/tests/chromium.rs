//! The example page in a real browser: Debian's Chromium, headless, driven over WebDriver
//! (chromedriver), against the emulator on loopback.
//!
//! The emulator (with its CORS layer: the page and the API are on two origins) gets a pool
//! that remembers every device and a user, who first signs in natively and remembers one
//! device. The test builds the page for wasm32 (a nested cargo with a target directory of
//! its own: the one running this test is locked), runs wasm-bindgen on it, serves it from a
//! small axum server, and opens it with the endpoint, pool, client and credentials in the
//! query. The page signs in with SRP, remembers the browser as a second device and lists
//! both; the test reads the page's text, checks it against what the emulator holds, saves a
//! screenshot under `CARGO_TARGET_TMPDIR` and prints the page's SRP timing.

mod support;

use std::time::Duration;

use cognito_auth::{Authenticator, Secret, SignIn, UserPool};
use cognito_emulator::{DeviceConfiguration, Emulator};
use cognito_identity_provider::Client;
use support::{ChromeDriver, loud, serve_page, wasm_page};

const PASSWORD: &str = "Passw0rd!23";

/// How long the page may take from opening to both outcomes shown.
const PAGE_TIMEOUT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    no_chromium,
    ignore = "chromium not found: run scripts/install-browser-tools (as root it apt-installs it), then touch examples/browser/build.rs"
)]
// One reason at a time: two `ignore`s on one test are an error (unused attribute).
#[cfg_attr(
    all(no_chromedriver, not(no_chromium)),
    ignore = "chromedriver not found: run scripts/install-browser-tools (Debian's chromium-driver), then touch examples/browser/build.rs"
)]
#[cfg_attr(
    all(no_wasm_target, not(no_chromium), not(no_chromedriver)),
    ignore = "no wasm32-unknown-unknown standard library: rustup target add wasm32-unknown-unknown, then touch examples/browser/build.rs"
)]
async fn the_page_signs_in_with_srp_and_lists_devices_in_chromium() {
    let emu = Emulator::start_with_devices().await.expect("emulator");
    let app = emu
        .create_pool_with_device_tracking(DeviceConfiguration::ALWAYS)
        .await
        .expect("pool");
    let user = emu
        .sign_up_confirmed(&app, "alice", PASSWORD)
        .await
        .expect("sign up");

    // One device remembered natively, so the page has one it did not make to list.
    let client = Client::builder()
        .region("us-east-1")
        .endpoint_url(emu.endpoint())
        .build()
        .expect("client");
    let auth = Authenticator::new(
        client.clone(),
        UserPool::new(&user.pool_id, &user.client_id).expect("pool id"),
    );
    let tokens = match auth
        .sign_in_srp("alice", &Secret::new(PASSWORD), None)
        .await
        .expect("native sign-in")
    {
        SignIn::SignedIn(tokens) => tokens,
        other => panic!("expected tokens, got {other:?}"),
    };
    let new_device = tokens.new_device.clone().expect("NewDeviceMetadata");
    let native = auth
        .remember_device(&tokens, &new_device, Some("native"))
        .await
        .expect("remember the native device");

    let page_dir = wasm_page();
    let server = serve_page(&page_dir).await;
    let url = format!(
        "{server}/?endpoint={}&pool={}&client={}&user={}&password={}",
        query_value(&emu.endpoint()),
        query_value(&user.pool_id),
        query_value(&user.client_id),
        query_value("alice"),
        query_value(PASSWORD),
    );

    let driver = ChromeDriver::start().await;
    let session = driver.new_session().await;
    let outcome = session.open_and_wait(&url, PAGE_TIMEOUT).await;
    let screenshot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-page.png");
    let shot = session.screenshot(&screenshot).await;
    session.close().await;
    drop(driver);
    let page = outcome.unwrap_or_else(|e| panic!("{e}"));
    shot.unwrap_or_else(|e| panic!("screenshot: {e}"));
    loud(&format!("screenshot of the page: {}", screenshot.display()));

    assert_eq!(page.status_state, "done", "the page says: {}", page.status);
    assert_eq!(page.srp_state, "done", "the page's timing: {}", page.srp);

    // What the emulator holds now: the native device and the browser's.
    let listed = client
        .list_devices()
        .access_token(tokens.access_token.expose())
        .send()
        .await
        .expect("ListDevices");
    let keys: Vec<String> = listed
        .devices
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| d.device_key)
        .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let browser_key = keys
        .iter()
        .find(|k| k.as_str() != native.device_key())
        .expect("a device besides the native one");
    assert!(
        page.status.starts_with("signed in as alice; "),
        "{}",
        page.status
    );
    assert!(
        page.status
            .contains(&format!("remembered this browser as {browser_key}")),
        "{}",
        page.status
    );
    assert!(page.status.contains("; 2 device(s):"), "{}", page.status);
    assert!(
        page.status
            .contains(&format!("{} (native)", native.device_key())),
        "{}",
        page.status
    );
    assert!(
        page.status.contains(&format!("{browser_key} (chromium)")),
        "{}",
        page.status
    );
    assert!(
        !page.status.contains(tokens.access_token.expose()) && !page.status.contains(PASSWORD),
        "the page shows a secret"
    );
    let ms: f64 = page.srp_ms.parse().expect("data-ms is a number");
    assert!(ms > 0.0, "{}", page.srp);
    loud(&format!(
        "SRP client math of one sign-in in Chromium (release wasm): {}",
        page.srp
    ));
}

/// `value` percent-encoded for a URL query (everything but unreserved characters).
fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
