//! The environment, the shared files (static keys, `AWS_PROFILE`, `credential_process`, role
//! chains, `credential_source`, web identity), STS on a fake loopback server, and the default
//! chain's order. Every test reads a fixed environment with `HOME` in a temporary directory.
#![cfg(all(feature = "hyper", feature = "sigv4"))]

mod credentials_support;

use aws_light_runtime::credentials::{
    CredentialsErrorKind, DefaultChain, EnvironmentProvider, ProfileProvider, ProvideCredentials,
    ProviderKind, WebIdentityProvider,
};
use credentials_support::{TempDir, config, fake_sts};

fn home_str(home: &TempDir) -> String {
    home.path().display().to_string()
}

#[tokio::test]
async fn environment_variables() {
    let c = config(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ("AWS_SESSION_TOKEN", "env-token"),
    ]);
    let creds = EnvironmentProvider::new(&c).provide().await.expect("env");
    assert_eq!(creds.access_key_id(), "AKIDENV");
    assert!(creds.has_session_token());
    assert_eq!(creds.expiry(), None);

    let e = EnvironmentProvider::new(&config(&[("AWS_ACCESS_KEY_ID", "AKIDENV")]))
        .provide()
        .await
        .expect_err("half a key");
    assert!(e.is_not_configured(), "{e}");
    assert!(e.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{e}");
    // Empty counts as unset.
    let e = EnvironmentProvider::new(&config(&[("AWS_ACCESS_KEY_ID", "")]))
        .provide()
        .await
        .expect_err("empty");
    assert_eq!(e.provider(), ProviderKind::Environment);
    assert!(e.is_not_configured());
}

#[tokio::test]
async fn static_keys_and_aws_profile() {
    let home = TempDir::new("profile");
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\
         [work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\naws_session_token = work-token\n",
    );
    home.write(
        ".aws/config",
        "[profile work]\naws_access_key_id = AKIDOVERRIDDEN\nregion = eu-west-1\n",
    );
    let h = home_str(&home);
    let creds = ProfileProvider::new(&config(&[("HOME", &h)]))
        .provide()
        .await
        .expect("default profile");
    assert_eq!(creds.access_key_id(), "AKIDDEFAULT");
    assert!(!creds.has_session_token());

    // AWS_PROFILE picks the profile; the credentials file wins over config.
    let creds = ProfileProvider::new(&config(&[("HOME", &h), ("AWS_PROFILE", "work")]))
        .provide()
        .await
        .expect("work profile");
    assert_eq!(creds.access_key_id(), "AKIDWORK");
    assert!(creds.has_session_token());

    // A profile asked for by name must exist.
    let e = ProfileProvider::new(&config(&[("HOME", &h), ("AWS_PROFILE", "nope")]))
        .provide()
        .await
        .expect_err("missing profile");
    assert_eq!(e.kind(), &CredentialsErrorKind::InvalidConfiguration);
    assert!(e.to_string().contains("`nope`"), "{e}");

    // No files at all: not configured, the chain goes on.
    let empty = TempDir::new("empty");
    let e = ProfileProvider::new(&config(&[("HOME", &home_str(&empty))]))
        .provide()
        .await
        .expect_err("no files");
    assert!(e.is_not_configured(), "{e}");
}

#[tokio::test]
async fn file_locations_from_the_environment() {
    let dir = TempDir::new("files");
    let creds_file = dir.write(
        "elsewhere/creds.ini",
        "[p]\naws_access_key_id = AKIDELSEWHERE\naws_secret_access_key = s\n",
    );
    let config_file = dir.write("elsewhere/config.ini", "[profile p]\nregion = us-east-2\n");
    let c = config(&[
        ("HOME", "/nonexistent-home"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            &creds_file.display().to_string(),
        ),
        ("AWS_CONFIG_FILE", &config_file.display().to_string()),
        ("AWS_PROFILE", "p"),
    ]);
    let creds = ProfileProvider::new(&c).provide().await.expect("creds");
    assert_eq!(creds.access_key_id(), "AKIDELSEWHERE");

    // A syntax error names the file and line, not the content.
    dir.write(
        "elsewhere/config.ini",
        "[profile p]\nthis-line-leaks-nothing\n",
    );
    let e = ProfileProvider::new(&c)
        .provide()
        .await
        .expect_err("syntax");
    assert_eq!(e.kind(), &CredentialsErrorKind::InvalidConfiguration);
    assert!(e.to_string().contains("config.ini line 2"), "{e}");
    assert!(!e.to_string().contains("leaks"), "{e}");
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process() {
    let home = TempDir::new("process");
    let expiration = credentials_support::expires_in(900);
    let ok = home.script(
        "bin/creds-ok",
        &format!(
            r#"printf '{{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "process-token", "Expiration": "{expiration}"}}'"#
        ),
    );
    let fails = home.script("bin/creds-fail", "echo process-secret-on-stdout; exit 3");
    let v2 = home.script(
        "bin/creds-v2",
        r#"printf '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "process-secret"}'"#,
    );
    let garbage = home.script("bin/creds-garbage", "echo process-secret-not-json");
    home.write(
        ".aws/config",
        &format!(
            "[profile ok]\ncredential_process = {} --flag\n[profile fails]\ncredential_process = {}\n\
             [profile v2]\ncredential_process = {}\n[profile garbage]\ncredential_process = {}\n",
            ok.display(),
            fails.display(),
            v2.display(),
            garbage.display()
        ),
    );
    let h = home_str(&home);
    let provider =
        |profile: &str| ProfileProvider::new(&config(&[("HOME", &h), ("AWS_PROFILE", profile)]));
    let creds = provider("ok").provide().await.expect("process");
    assert_eq!(creds.access_key_id(), "AKIDPROCESS");
    assert!(creds.has_session_token());
    let expiry = creds.expiry().expect("expiry");
    let left = expiry
        .duration_since(std::time::SystemTime::now())
        .expect("future");
    assert!(left.as_secs() > 800 && left.as_secs() <= 900, "{left:?}");

    let e = provider("fails").provide().await.expect_err("exit 3");
    assert_eq!(e.provider(), ProviderKind::Process);
    assert_eq!(
        e.kind(),
        &CredentialsErrorKind::ProcessFailed { exit_code: Some(3) }
    );
    let e2 = provider("v2").provide().await.expect_err("version 2");
    assert_eq!(e2.kind(), &CredentialsErrorKind::InvalidResponse);
    assert!(e2.to_string().contains("Version"), "{e2}");
    let e3 = provider("garbage").provide().await.expect_err("not JSON");
    assert_eq!(e3.kind(), &CredentialsErrorKind::InvalidResponse);
    for e in [e, e2, e3] {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("process-secret"), "{shown}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_that_hangs_is_killed_at_its_timeout() {
    let home = TempDir::new("process-hangs");
    // `exec` so that the process killed is the one that sleeps, not a shell above it.
    let hangs = home.script("bin/creds-hang", "exec sleep 30");
    let quick = home.script(
        "bin/creds-quick",
        r#"printf '{"Version": 1, "AccessKeyId": "AKIDQUICK", "SecretAccessKey": "process-secret"}'"#,
    );
    home.write(
        ".aws/config",
        &format!(
            "[profile hangs]\ncredential_process = {}\n[profile quick]\ncredential_process = {}\n",
            hangs.display(),
            quick.display()
        ),
    );
    let h = home_str(&home);
    let provider = |profile: &str| {
        ProfileProvider::new(
            &config(&[("HOME", &h), ("AWS_PROFILE", profile)])
                .with_process_timeout(std::time::Duration::from_millis(300)),
        )
    };
    let started = std::time::Instant::now();
    let e = provider("hangs").provide().await.expect_err("killed");
    let took = started.elapsed();
    assert_eq!(e.provider(), ProviderKind::Process);
    assert_eq!(e.kind(), &CredentialsErrorKind::Timeout, "{e}");
    assert!(e.to_string().contains("300 ms"), "{e}");
    // Well under the script's 30 s: the process was killed, not waited for.
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    let creds = provider("quick")
        .provide()
        .await
        .expect("within the timeout");
    assert_eq!(creds.access_key_id(), "AKIDQUICK");
}

#[tokio::test]
async fn role_chain_through_source_profiles() {
    let sts = fake_sts("unused");
    let home = TempDir::new("chain");
    home.write(
        ".aws/config",
        "[profile top]\nrole_arn = arn:aws:iam::123456789012:role/top\nsource_profile = middle\n\
         region = eu-west-3\nrole_session_name = top-session\nexternal_id = ext-1\n\
         [profile middle]\nrole_arn = arn:aws:iam::123456789012:role/middle\nsource_profile = base\n\
         [profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
    );
    let c = config(&[
        ("HOME", &home_str(&home)),
        ("AWS_PROFILE", "top"),
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
    ]);
    let creds = ProfileProvider::new(&c).provide().await.expect("chain");
    assert_eq!(creds.access_key_id(), "ASIA-top");
    assert!(creds.expiry().is_some());

    let calls = sts.requests();
    assert_eq!(calls.len(), 2, "{calls:?}");
    // Innermost first: base's keys assume `middle`, whose credentials assume `top`.
    assert_eq!(
        calls[0].form("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/middle")
    );
    let auth0 = calls[0].header("authorization").expect("signed");
    assert!(auth0.contains("Credential=AKIDBASE/"), "{auth0}");
    // The profile's region signs and picks the endpoint.
    assert!(auth0.contains("/eu-west-3/sts/aws4_request"), "{auth0}");
    assert_eq!(
        calls[1].form("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/top")
    );
    let auth1 = calls[1].header("authorization").expect("signed");
    assert!(auth1.contains("Credential=ASIA-middle/"), "{auth1}");
    assert_eq!(
        calls[1].header("x-amz-security-token"),
        Some("token-of-middle")
    );
    assert_eq!(
        calls[1].form("RoleSessionName").as_deref(),
        Some("top-session")
    );
    assert_eq!(calls[1].form("ExternalId").as_deref(), Some("ext-1"));
    assert_eq!(calls[1].form("Version").as_deref(), Some("2011-06-15"));
    assert!(
        calls[0]
            .form("RoleSessionName")
            .is_some_and(|n| n.starts_with("aws-light-runtime-"))
    );
}

#[tokio::test]
async fn cycles_are_detected_before_any_call() {
    let sts = fake_sts("unused");
    let home = TempDir::new("cycle");
    home.write(
        ".aws/config",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n\
         [profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n",
    );
    let c = config(&[
        ("HOME", &home_str(&home)),
        ("AWS_PROFILE", "a"),
        ("AWS_ENDPOINT_URL_STS", &sts.url()),
    ]);
    let e = ProfileProvider::new(&c).provide().await.expect_err("cycle");
    assert_eq!(e.kind(), &CredentialsErrorKind::ProfileCycle);
    assert!(e.to_string().contains("a -> b -> c -> a"), "{e}");
    assert!(sts.requests().is_empty());
}

#[tokio::test]
async fn credential_source_environment_and_sts_errors() {
    let sts = fake_sts("unused");
    let home = TempDir::new("source");
    home.write(
        ".aws/config",
        "[profile env-role]\nrole_arn = arn:aws:iam::1:role/from-env\ncredential_source = Environment\n\
         [profile denied]\nrole_arn = arn:aws:iam::1:role/denied\ncredential_source = Environment\n\
         [profile imds-off]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Ec2InstanceMetadata\n",
    );
    let h = home_str(&home);
    let url = sts.url();
    let c = |profile: &str| {
        config(&[
            ("HOME", &h),
            ("AWS_PROFILE", profile),
            ("AWS_ENDPOINT_URL_STS", &url),
            ("AWS_REGION", "ignored-here"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ])
        .with_region(Some("ap-south-1".into()))
    };
    let creds = ProfileProvider::new(&c("env-role"))
        .provide()
        .await
        .expect("role");
    assert_eq!(creds.access_key_id(), "ASIA-from-env");
    let auth = sts.requests()[0]
        .header("authorization")
        .expect("signed")
        .to_string();
    assert!(auth.contains("Credential=AKIDENV/"), "{auth}");
    // No region in the profile: the client's.
    assert!(auth.contains("/ap-south-1/sts/"), "{auth}");

    let e = ProfileProvider::new(&c("denied"))
        .provide()
        .await
        .expect_err("denied");
    assert_eq!(e.provider(), ProviderKind::AssumeRole);
    assert_eq!(
        e.kind(),
        &CredentialsErrorKind::Service {
            code: "AccessDenied".into(),
            status: 403
        }
    );
    assert!(e.to_string().contains("profile `denied`"), "{e}");
    assert!(e.to_string().contains("fake STS says AccessDenied"), "{e}");

    // A named source that is off is an error, not a reason to go on.
    let e = ProfileProvider::new(&c("imds-off"))
        .provide()
        .await
        .expect_err("off");
    assert_eq!(e.provider(), ProviderKind::Imds);
    assert_eq!(e.kind(), &CredentialsErrorKind::InvalidConfiguration);
}

#[tokio::test]
async fn web_identity_from_a_profile_and_from_the_environment() {
    let sts = fake_sts("the-oidc-token");
    let home = TempDir::new("webid");
    let token = home.write("token", "the-oidc-token\n");
    let token = token.display().to_string();
    home.write(
        ".aws/config",
        &format!(
            "[profile web]\nrole_arn = arn:aws:iam::1:role/web-profile\nweb_identity_token_file = {token}\n\
             role_session_name = from-profile\n"
        ),
    );
    let h = home_str(&home);
    let url = sts.url();
    let c = config(&[
        ("HOME", &h),
        ("AWS_PROFILE", "web"),
        ("AWS_ENDPOINT_URL_STS", &url),
    ]);
    let creds = ProfileProvider::new(&c).provide().await.expect("profile");
    assert_eq!(creds.access_key_id(), "ASIA-web-profile");
    let call = &sts.requests()[0];
    assert_eq!(
        call.form("Action").as_deref(),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(
        call.form("RoleSessionName").as_deref(),
        Some("from-profile")
    );
    assert_eq!(call.header("authorization"), None);

    let env = config(&[
        ("HOME", &h),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &token),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/web-env"),
        ("AWS_ROLE_SESSION_NAME", "from-env"),
        ("AWS_ENDPOINT_URL_STS", &url),
    ]);
    let creds = WebIdentityProvider::new(&env).provide().await.expect("env");
    assert_eq!(creds.access_key_id(), "ASIA-web-env");
    assert_eq!(
        sts.requests()[1].form("RoleSessionName").as_deref(),
        Some("from-env")
    );

    // The token file is read at every fetch: a rotated, wrong token is refused by STS.
    home.write("token", "a-rotated-token");
    let e = WebIdentityProvider::new(&env)
        .provide()
        .await
        .expect_err("bad token");
    assert_eq!(
        e.kind(),
        &CredentialsErrorKind::Service {
            code: "InvalidIdentityToken".into(),
            status: 400
        }
    );
    assert!(!format!("{e} {e:?}").contains("a-rotated-token"), "{e:?}");

    let e = WebIdentityProvider::new(&config(&[("AWS_ROLE_ARN", "arn")]))
        .provide()
        .await
        .expect_err("no token file");
    assert!(e.is_not_configured());
    let e = WebIdentityProvider::new(&config(&[("AWS_WEB_IDENTITY_TOKEN_FILE", &token)]))
        .provide()
        .await
        .expect_err("no role");
    assert_eq!(e.kind(), &CredentialsErrorKind::InvalidConfiguration);
}

#[tokio::test]
async fn default_chain_order() {
    let home = TempDir::new("order");
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n",
    );
    let h = home_str(&home);
    let env_keys = [
        ("HOME", h.as_str()),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ];
    let creds = DefaultChain::new(&config(&env_keys))
        .provide()
        .await
        .expect("env");
    assert_eq!(creds.access_key_id(), "AKIDENV");
    let creds = DefaultChain::new(&config(&env_keys[..1]))
        .provide()
        .await
        .expect("profile");
    assert_eq!(creds.access_key_id(), "AKIDPROFILE");

    // Nothing anywhere: one error that lists what every provider said.
    let empty = TempDir::new("nothing");
    let e = DefaultChain::new(&config(&[("HOME", &home_str(&empty))]))
        .provide()
        .await
        .expect_err("nothing");
    assert_eq!(e.provider(), ProviderKind::Chain);
    assert!(e.is_not_configured());
    let tried: Vec<ProviderKind> = e.tried().iter().map(|t| t.provider()).collect();
    assert_eq!(
        tried,
        [
            ProviderKind::Environment,
            ProviderKind::Profile,
            ProviderKind::WebIdentity,
            ProviderKind::Container,
            ProviderKind::Imds
        ]
    );
    assert!(e.to_string().contains("AWS_EC2_METADATA_DISABLED"), "{e}");

    // A broken profile stops the chain: it does not fall through to later sources.
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDNOSECRET\n",
    );
    let e = DefaultChain::new(&config(&[("HOME", &h)]))
        .provide()
        .await
        .expect_err("broken");
    assert_eq!(e.provider(), ProviderKind::Profile);
    assert_eq!(e.kind(), &CredentialsErrorKind::InvalidConfiguration);
    assert_eq!(e.tried().len(), 1);
}
