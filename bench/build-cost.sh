#!/usr/bin/env bash
# Build cost, ours vs the official SDK, in one run on this machine:
#   1. codegen wall time for the whole official Cognito model (release build of codegen)
#   2. clean debug build of a minimal binary calling list_devices: ours (model/) vs SDK
#   3. the same with our crate generated for all 122 operations
#   4. stripped release binary size of that binary, ours vs SDK
#   5. clean debug build of a program using two services (Cognito user pools and identity
#      pools): ours (generated/ and tests/cognito-identity/, one runtime) vs the SDK's two crates
#   6. clean debug build of a binary signing in with SRP: generated/ plus auth/ (cognito-auth)
#   7. clean debug build of a binary calling one Lambda operation (GetFunction, restJson1): ours
#      generated from AWS's Lambda model with `--operations GetFunction` vs aws-sdk-lambda
# With BEFORE=<another checkout of this repository> (an older commit), the same binaries built
# from that checkout's generator are measured in the same run: "before" and "after" side by side.
# Every clean build runs RUNS times (default 3), interleaved ours/SDK; each figure is reported
# as min/median/max, and each ratio as the median of the per-run ratios with their range.
# "Ours" is the crate a user who calls only ListDevices generates (`--operations ListDevices`);
# the checked-in generated/ (nine device operations) and all 122 operations are measured too.
# Usage: [RUNS=3] bench/build-cost.sh [WORK_DIR]   (default: bench-build in Cargo's target
# directory, wherever CARGO_TARGET_DIR puts it; takes ~20 minutes per run)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target_dir=$(cd "$root" && cargo metadata --format-version 1 --no-deps --offline |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
work="${1:-$target_dir/bench-build}"
official="$root/../shared/models/aws/cognito-identity-provider.json"
sdk_version="=1.144.0"
lambda_model="$root/../shared/models/aws/lambda.json"
# The newest aws-sdk-lambda on crates.io when row 7 was added (`cargo info aws-sdk-lambda`).
lambda_sdk_version="=1.156.0"
runs="${RUNS:-3}"
mkdir -p "$work"
cd "$root"

secs() { python3 -c "import sys; print(f'{float(sys.argv[1]):.1f}')" "$1"; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$1" "$2"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(rustc --version)"

# 1. Codegen time, whole official model, formatting included.
cargo build --quiet --release -p codegen
times=()
for i in 1 2 3 4 5; do
  rm -rf "$work/all-ops"
  t0=$(now)
  "$target_dir/release/codegen" --model "$official" --out "$work/all-ops" >/dev/null
  times+=("$(elapsed "$t0" "$(now)")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "1. codegen, whole official model (712 shapes, 122 operations): median of 5 = $(secs "$median") s"
# What a user who calls only ListDevices generates: exactly that operation.
rm -rf "$work/list-devices"
"$target_dir/release/codegen" --model model --operations ListDevices --out "$work/list-devices" >/dev/null
# Row 7's counterpart for a restJson1 service: one Lambda operation.
rm -rf "$work/lambda-get-function"
"$target_dir/release/codegen" --model "$lambda_model" --operations GetFunction \
  --out "$work/lambda-get-function" >/dev/null

# The minimal binary, once per crate. Ours: the checked-in crate and the all-operations one.
make_project() { # name, dependency line, main.rs body
  local dir="$work/$1"
  rm -rf "$dir" && mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2024"

[dependencies]
$2
tokio = { version = "1", features = ["rt", "macros"] }

[profile.release]
strip = true

[workspace]
TOML
  printf '%s\n' "$3" > "$dir/src/main.rs"
}

ours_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = cognito_identity_provider::Client::builder().region("us-east-1").build().expect("client");
    let token = std::env::args().nth(1).unwrap_or_default();
    match client.list_devices().access_token(token).send().await {
        Ok(out) => println!("{} devices", out.devices.map_or(0, |d| d.len())),
        Err(e) => eprintln!("{e}"),
    }
}'
sdk_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .build();
    let client = aws_sdk_cognitoidentityprovider::Client::from_conf(config);
    let token = std::env::args().nth(1).unwrap_or_default();
    match client.list_devices().access_token(token).send().await {
        Ok(out) => println!("{} devices", out.devices().len()),
        Err(e) => eprintln!("{e}"),
    }
}'
two_ours_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    // One config, one transport, for both services.
    let config = cognito_identity_provider::client::Config::builder().region("us-east-1").build().expect("config");
    let pools = cognito_identity_provider::Client::from_config(&config).expect("client");
    let identities = cognito_identity::Client::from_config(&config).expect("client");
    let token = std::env::args().nth(1).unwrap_or_default();
    match pools.list_devices().access_token(token).send().await {
        Ok(out) => println!("{} devices", out.devices.map_or(0, |d| d.len())),
        Err(e) => eprintln!("{e}"),
    }
    match identities.get_id().identity_pool_id("us-east-1:0").send().await {
        Ok(out) => println!("{:?}", out.identity_id),
        Err(e) => eprintln!("{e}"),
    }
}'
two_sdk_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
    let pools = aws_sdk_cognitoidentityprovider::Client::from_conf(
        aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .build(),
    );
    let identities = aws_sdk_cognitoidentity::Client::from_conf(
        aws_sdk_cognitoidentity::Config::builder()
            .behavior_version(aws_sdk_cognitoidentity::config::BehaviorVersion::latest())
            .region(aws_sdk_cognitoidentity::config::Region::new("us-east-1"))
            .build(),
    );
    let token = std::env::args().nth(1).unwrap_or_default();
    match pools.list_devices().access_token(token).send().await {
        Ok(out) => println!("{} devices", out.devices().len()),
        Err(e) => eprintln!("{e}"),
    }
    match identities.get_id().identity_pool_id("us-east-1:0").send().await {
        Ok(out) => println!("{:?}", out.identity_id()),
        Err(e) => eprintln!("{e}"),
    }
}'
auth_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    use cognito_auth::{Authenticator, Secret, UserPool};
    let client = cognito_identity_provider::Client::builder().region("us-east-1").build().expect("client");
    let pool = UserPool::new("us-east-1_AbCdEf123", "client").expect("pool");
    let auth = Authenticator::new(client, pool);
    let password = Secret::new(std::env::args().nth(1).unwrap_or_default());
    match auth.sign_in_srp("alice", &password, None).await {
        Ok(step) => println!("{step:?}"),
        Err(e) => eprintln!("{e}"),
    }
}'
lambda_ours_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = lambda::Client::builder().region("us-east-1").build().expect("client");
    let name = std::env::args().nth(1).unwrap_or_default();
    match client.get_function().function_name(name).send().await {
        Ok(out) => println!("{:?}", out.configuration.and_then(|c| c.function_name)),
        Err(e) => eprintln!("{e}"),
    }
}'
lambda_sdk_main='#[tokio::main(flavor = "current_thread")]
async fn main() {
    use aws_sdk_lambda::config::{BehaviorVersion, Region};
    let config = aws_sdk_lambda::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .build();
    let client = aws_sdk_lambda::Client::from_conf(config);
    let name = std::env::args().nth(1).unwrap_or_default();
    match client.get_function().function_name(name).send().await {
        Ok(out) => println!("{:?}", out.configuration().and_then(|c| c.function_name())),
        Err(e) => eprintln!("{e}"),
    }
}'
make_project ours-min "cognito-identity-provider = { path = \"$work/list-devices\" }" "$ours_main"
make_project ours-dev "cognito-identity-provider = { path = \"$root/generated\" }" "$ours_main"
make_project ours-all "cognito-identity-provider = { path = \"$work/all-ops\" }" "$ours_main"
make_project ours-auth "cognito-identity-provider = { path = \"$root/generated\" }
cognito-auth = { path = \"$root/auth\" }" "$auth_main"
make_project sdk "aws-sdk-cognitoidentityprovider = \"$sdk_version\"" "$sdk_main"
make_project ours-two "cognito-identity-provider = { path = \"$root/generated\" }
cognito-identity = { path = \"$root/tests/cognito-identity\" }" "$two_ours_main"
make_project sdk-two "aws-sdk-cognitoidentityprovider = \"$sdk_version\"
aws-sdk-cognitoidentity = \"1\"" "$two_sdk_main"
make_project ours-lambda "lambda = { path = \"$work/lambda-get-function\" }" "$lambda_ours_main"
make_project sdk-lambda "aws-sdk-lambda = \"$lambda_sdk_version\"" "$lambda_sdk_main"
ours=(ours-min ours-dev ours-all ours-two ours-auth ours-lambda)
all=(ours-min ours-dev ours-all ours-two ours-auth ours-lambda sdk sdk-two sdk-lambda)
for p in "${ours[@]}"; do cp Cargo.lock "$work/$p/"; done
if [ -n "${BEFORE:-}" ]; then
  before_target="$work/before-codegen-target"
  (cd "$BEFORE" && CARGO_TARGET_DIR="$before_target" cargo build --quiet --release -p codegen)
  rm -rf "$work/before-list-devices" "$work/before-identity"
  (cd "$BEFORE" && "$before_target/release/codegen" --model model --operations ListDevices \
    --out "$work/before-list-devices" >/dev/null)
  (cd "$BEFORE" && "$before_target/release/codegen" --out "$work/before-identity" \
    --model "$root/../shared/models/aws/cognito-identity.json" >/dev/null)
  # Before the shared Config, each client was built on its own.
  two_before_main="${two_ours_main//let config = cognito_identity_provider::client::Config::builder().region(\"us-east-1\").build().expect(\"config\");/}"
  two_before_main="${two_before_main//Client::from_config(&config)/Client::builder().region(\"us-east-1\").build()}"
  make_project before-min "cognito-identity-provider = { path = \"$work/before-list-devices\" }" "$ours_main"
  make_project before-dev "cognito-identity-provider = { path = \"$BEFORE/generated\" }" "$ours_main"
  make_project before-two "cognito-identity-provider = { path = \"$BEFORE/generated\" }
cognito-identity = { path = \"$work/before-identity\" }" "$two_before_main"
  for p in before-min before-dev before-two; do cp "$BEFORE/Cargo.lock" "$work/$p/"; done
  all=(before-min before-dev before-two "${all[@]}")
fi
# ONLY="a b ..." limits the clean builds to these projects (the figures of the others are
# then not printed).
if [ -n "${ONLY:-}" ]; then
  read -r -a all <<<"$ONLY"
fi
for p in "${all[@]}"; do (cd "$work/$p" && cargo fetch --quiet); done

build() { # project, profile flag -> seconds
  local dir="$work/$1"
  rm -rf "$dir/target"
  local t0
  t0=$(now)
  # A target directory of each project's own: a CARGO_TARGET_DIR shared with other builds
  # would make the build neither clean nor comparable.
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --quiet --offline $2)
  elapsed "$t0" "$(now)"
}

# min/median/max of the arguments, in seconds (or plain numbers with the "raw" first argument).
spread() { [ $# -gt 0 ] || { echo "-"; return; }; python3 -c "import statistics, sys; v = sorted(map(float, sys.argv[1:])); print(f'{v[0]:.1f} / {statistics.median(v):.1f} / {v[-1]:.1f} s')" "$@"; }
# The per-run ratios a[i]/b[i] as median (min-max).
ratios() { # "a1 a2 ..." "b1 b2 ..."
  [ -n "${1// /}" ] && [ -n "${2// /}" ] || { echo "-"; return; }
  python3 -c "
import statistics, sys
a = list(map(float, sys.argv[1].split())); b = list(map(float, sys.argv[2].split()))
r = sorted(x / y for x, y in zip(a, b))
print(f'{statistics.median(r):.3f} (range {r[0]:.3f}-{r[-1]:.3f})')" "$1" "$2"
}

declare -A debug release size crates
for run in $(seq "$runs"); do
  for p in "${all[@]}"; do
    t=$(build "$p" "")
    debug[$p]="${debug[$p]:-} $t"
    echo "   run $run: clean debug build $p: $(secs "$t") s"
  done
done
for p in "${all[@]}"; do
  crates[$p]=$(cd "$work/$p" && cargo tree --quiet --offline --prefix none -e normal | sort -u | wc -l)
  # shellcheck disable=SC2086
  echo "   clean debug build $p (${crates[$p]} crates), min / median / max of $runs: $(spread ${debug[$p]})"
done
for p in ours-min ours-all sdk; do
  [[ " ${all[*]} " == *" $p "* ]] || continue
  release[$p]=$(build "$p" "--release")
  size[$p]=$(stat -c %s "$work/$p/target/release/$p")
  echo "   clean release build $p: $(secs "${release[$p]}") s, stripped binary ${size[$p]} bytes"
done

ratio() { [ -n "$1" ] && [ -n "$2" ] || { echo "-"; return; }; python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }
# shellcheck disable=SC2086
{
echo "2. clean debug build, list_devices binary: ours $(spread ${debug[ours-min]:-}) vs SDK $(spread ${debug[sdk]:-}); ratio $(ratios "${debug[ours-min]:-}" "${debug[sdk]:-}") (target <= 0.2)"
echo "   with generated/ (the nine device operations, SigV4 included): $(spread ${debug[ours-dev]:-}); ratio $(ratios "${debug[ours-dev]:-}" "${debug[sdk]:-}")"
echo "3. same, ours generated for all 122 operations: $(spread ${debug[ours-all]:-}); ratio $(ratios "${debug[ours-all]:-}" "${debug[sdk]:-}") (target <= 0.333)"
echo "4. stripped release binary: ours ${size[ours-min]:-} B vs SDK ${size[sdk]:-} B = $(ratio "${size[ours-min]:-}" "${size[sdk]:-}") (target <= 0.333); all operations: ${size[ours-all]:-} B = $(ratio "${size[ours-all]:-}" "${size[sdk]:-}")"
echo "5. two services (user pools + identity pools): ours $(spread ${debug[ours-two]:-}) (${crates[ours-two]:-} crates) vs the SDK's two crates $(spread ${debug[sdk-two]:-}) (${crates[sdk-two]:-} crates); ratio $(ratios "${debug[ours-two]:-}" "${debug[sdk-two]:-}")"
echo "6. SRP sign-in (cognito-auth) on top of generated/: $(spread ${debug[ours-auth]:-}) (${crates[ours-auth]:-} crates); generated/ alone $(spread ${debug[ours-dev]:-})"
echo "7. clean debug build, one Lambda operation (get_function): ours $(spread ${debug[ours-lambda]:-}) (${crates[ours-lambda]:-} crates) vs aws-sdk-lambda ${lambda_sdk_version#=} $(spread ${debug[sdk-lambda]:-}) (${crates[sdk-lambda]:-} crates); ratio $(ratios "${debug[ours-lambda]:-}" "${debug[sdk-lambda]:-}")"
if [ -n "${BEFORE:-}" ]; then
  echo "before ($BEFORE, $(git -C "$BEFORE" rev-parse --short HEAD)):"
  echo "   list_devices binary: $(spread ${debug[before-min]:-}); ratio to the SDK $(ratios "${debug[before-min]:-}" "${debug[sdk]:-}")"
  echo "   with generated/: $(spread ${debug[before-dev]:-}); ratio $(ratios "${debug[before-dev]:-}" "${debug[sdk]:-}")"
  echo "   two services: $(spread ${debug[before-two]:-}) (${crates[before-two]:-} crates); ratio $(ratios "${debug[before-two]:-}" "${debug[sdk-two]:-}")"
fi
}
