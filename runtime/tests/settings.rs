//! Settings a `Config` takes from the environment and the active profile of the shared config
//! file when the builder leaves them out, in the SDKs' order: builder, environment, profile.

use aws_light_runtime::client::{Config, RetryMode};
use aws_light_runtime::credentials::Env;
use aws_light_runtime::transport::InMemoryTransport;

/// A HOME holding `.aws/config` with `text`, removed on drop.
struct Home(std::path::PathBuf);

impl Home {
    fn new(name: &str, text: &str) -> Home {
        let dir =
            std::env::temp_dir().join(format!("aws-light-settings-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".aws")).expect("home");
        std::fs::write(dir.join(".aws/config"), text).expect("config file");
        Home(dir)
    }

    fn env(&self, vars: &[(&str, &str)]) -> Env {
        let home = self.0.display().to_string();
        Env::from_vars(
            vars.iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .chain([("HOME".to_string(), home)]),
        )
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CONFIG: &str = "\
[default]
region = eu-west-1

[profile dev]
region = cn-north-1
use_fips_endpoint = true
use_dualstack_endpoint = true
retry_mode = adaptive
max_attempts = 5
";

fn config(env: Env) -> Result<Config, String> {
    Config::builder()
        .environment(env)
        .transport(InMemoryTransport::new())
        .build()
        .map_err(|e| e.to_string())
}

#[test]
fn the_active_profile_supplies_what_the_builder_and_environment_leave_out() {
    let home = Home::new("profile", CONFIG);
    let default = config(home.env(&[])).expect("config");
    assert_eq!(default.region(), Some("eu-west-1"));
    assert!(!default.use_fips() && !default.use_dual_stack());
    assert_eq!(default.retry_state().mode(), RetryMode::Standard);

    let dev = config(home.env(&[("AWS_PROFILE", "dev")])).expect("config");
    assert_eq!(dev.region(), Some("cn-north-1"));
    assert!(dev.use_fips() && dev.use_dual_stack());
    assert_eq!(dev.retry_state().mode(), RetryMode::Adaptive);
}

#[test]
fn the_environment_wins_over_the_profile_and_the_builder_over_both() {
    let home = Home::new("order", CONFIG);
    let env = home.env(&[
        ("AWS_PROFILE", "dev"),
        ("AWS_REGION", "us-gov-west-1"),
        ("AWS_USE_FIPS_ENDPOINT", "false"),
        ("AWS_RETRY_MODE", "standard"),
    ]);
    let from_env = config(env.clone()).expect("config");
    assert_eq!(from_env.region(), Some("us-gov-west-1"));
    assert!(!from_env.use_fips());
    assert!(
        from_env.use_dual_stack(),
        "not in the environment: the profile's"
    );
    assert_eq!(from_env.retry_state().mode(), RetryMode::Standard);

    let built = Config::builder()
        .environment(env)
        .transport(InMemoryTransport::new())
        .region("ap-south-1")
        .use_dual_stack(false)
        .retry_mode(RetryMode::Adaptive)
        .build()
        .expect("config");
    assert_eq!(built.region(), Some("ap-south-1"));
    assert!(!built.use_dual_stack());
    assert_eq!(built.retry_state().mode(), RetryMode::Adaptive);
}

#[test]
fn a_bad_setting_names_where_it_came_from() {
    let home = Home::new("bad", "[default]\nuse_fips_endpoint = yes\n");
    let error = config(home.env(&[])).expect_err("refused");
    assert!(
        error.contains("use_fips_endpoint") && error.contains("`yes`"),
        "{error}"
    );
    let home = Home::new("broken", "[default\nregion = x\n");
    let error = config(home.env(&[])).expect_err("refused");
    assert!(error.contains("config"), "{error}");
}
