//! Against moto, a second Cognito implementation no one here wrote (Python, from PyPI): user
//! pagination, an error sent with `X-Amzn-ErrorType`, and an operation moto does not
//! implement, which it answers with an HTML 500 page.
//!
//! `scripts/install-moto` puts moto in a virtualenv in the target directory (under Cargo's
//! `CARGO_TARGET_TMPDIR`, wherever `CARGO_TARGET_DIR` puts it); these tests run it (the
//! first run installs it) and start `moto_server` on a free loopback port. They are ignored, with
//! the reason, only where Python is missing (`build.rs` probes for it).

use std::time::Duration;

use cognito_users::client::{Credentials, SdkError};
use cognito_users::operation::get_user::GetUserError;
use futures::TryStreamExt;

#[path = "moto_support.rs"]
mod moto_support;

use moto_support::{Moto, start};

fn users_client(moto: &Moto) -> cognito_users::Client {
    cognito_users::Client::builder()
        .endpoint_url(moto.endpoint.clone())
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "example-secret", None))
        .build()
        .expect("client")
}

#[tokio::test]
#[cfg_attr(
    no_python,
    ignore = "python3 not found on PATH: install Python 3 (moto is then installed by scripts/install-moto), then touch tests/build.rs"
)]
async fn list_users_paginates_over_several_pages() {
    let moto = start();
    let client = users_client(&moto);
    let pool = client
        .create_user_pool()
        .pool_name("paging")
        .send()
        .await
        .expect("CreateUserPool")
        .user_pool
        .and_then(|p| p.id)
        .expect("pool id");
    let names: Vec<String> = (1..=5).map(|i| format!("user-{i}")).collect();
    for name in &names {
        client
            .admin_create_user()
            .user_pool_id(pool.clone())
            .username(name.clone())
            .send()
            .await
            .expect("AdminCreateUser");
    }
    let pages: Vec<_> = client
        .list_users()
        .user_pool_id(pool.clone())
        .into_paginator()
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 3, "five users at two per page");
    let mut listed: Vec<String> = pages
        .iter()
        .flat_map(|p| p.users.iter().flatten())
        .filter_map(|u| u.username.clone())
        .collect();
    listed.sort();
    assert_eq!(listed, names);

    let items: Vec<_> = client
        .list_users()
        .user_pool_id(pool)
        .into_paginator()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("every user");
    assert_eq!(items.len(), 5);
}

#[tokio::test]
#[cfg_attr(
    no_python,
    ignore = "python3 not found on PATH: install Python 3 (moto is then installed by scripts/install-moto), then touch tests/build.rs"
)]
async fn bad_token_error_comes_from_the_error_type_header() {
    let moto = start();
    let err = users_client(&moto)
        .get_user()
        .access_token("not-a-real-token")
        .send()
        .await
        .expect_err("bad token");
    match &err {
        SdkError::Service {
            error: GetUserError::NotAuthorizedException(e),
            status: 400,
        } => {
            assert_eq!(e.message(), Some("Invalid token"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(!format!("{err:?}{err}").contains("not-a-real-token"));
}

#[tokio::test]
#[cfg_attr(
    no_python,
    ignore = "python3 not found on PATH: install Python 3 (moto is then installed by scripts/install-moto), then touch tests/build.rs"
)]
async fn unimplemented_operation_is_a_clear_error() {
    use cognito_identity_provider::client::{RetryConfig, SdkError as DevicesError};
    use cognito_identity_provider::operation::list_devices::ListDevicesError;

    let moto = start();
    let client = cognito_identity_provider::Client::builder()
        .endpoint_url(moto.endpoint.clone())
        .retry_config(RetryConfig {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(10),
        })
        .build()
        .expect("client");
    let err = client
        .list_devices()
        .access_token("token")
        .send()
        .await
        .expect_err("moto does not implement ListDevices");
    match &err {
        DevicesError::Service {
            error: ListDevicesError::Unhandled(u),
            status: 500,
        } => {
            assert_eq!(u.code(), None);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "service error: HTTP status 500 with a body that is not JSON (text/html; charset=utf-8)"
    );
}
