//! The signer against two oracles written by AWS: the SigV4 signing test suite (the
//! `aws-signing-test-suite` directory of the `aws-sigv4` package, a dev-dependency) and
//! `aws-sigv4` itself, on generated requests.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::{Scope, Settings, UrlParts, canonical_request, hex, sign, sign_with};
use crate::credentials::Credentials;
use crate::primitives::DateTime;

/// Where Cargo unpacked `aws-sigv4`: the version the workspace's `Cargo.lock` pins, under
/// `$CARGO_HOME/registry/src/<index>/`.
fn aws_sigv4_package() -> Result<PathBuf, String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("the runtime has no parent directory")?;
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let version = lock
        .split("[[package]]")
        .find(|entry| entry.contains("name = \"aws-sigv4\""))
        .and_then(|entry| entry.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string())
        .ok_or("aws-sigv4 is not in Cargo.lock")?;
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let registry = cargo_home.join("registry/src");
    let indexes =
        std::fs::read_dir(&registry).map_err(|e| format!("{}: {e}", registry.display()))?;
    indexes
        .filter_map(Result::ok)
        .map(|index| index.path().join(format!("aws-sigv4-{version}")))
        .find(|dir| dir.is_dir())
        .ok_or_else(|| {
            format!(
                "aws-sigv4-{version} is not unpacked under {}",
                registry.display()
            )
        })
}

/// One request of the suite: `METHOD PATH HTTP/1.1`, `Name:value` lines, a blank line, a body.
struct SuiteRequest {
    method: String,
    /// As a client sends it: the suite writes some paths raw (a space, UTF-8), which are
    /// percent-encoded on the wire.
    path_and_query: String,
    host: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse_request(text: &str) -> Result<SuiteRequest, String> {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().ok_or("empty request")?;
    let (method, rest) = request_line.split_once(' ').ok_or("no method")?;
    let target = rest.strip_suffix(" HTTP/1.1").ok_or("no HTTP/1.1")?;
    let mut path_and_query = String::new();
    for &b in target.as_bytes() {
        if b.is_ascii_graphic() {
            path_and_query.push(char::from(b));
        } else {
            path_and_query.push_str(&format!("%{b:02X}"));
        }
    }
    let mut host = None;
    let mut headers = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            return Err(
                "obsolete line folding (a header continued on the next line), which \
                        HTTP/1.1 forbids (RFC 9112 5.2) and no transport sends"
                    .to_string(),
            );
        }
        let (name, value) = line.split_once(':').ok_or("header without `:`")?;
        if name.eq_ignore_ascii_case("host") {
            host = Some(value.to_string());
        }
        headers.push((name.to_string(), value.to_string()));
    }
    Ok(SuiteRequest {
        method: method.to_string(),
        path_and_query,
        host: host.ok_or("no Host header")?,
        headers,
        body: body.as_bytes().to_vec(),
    })
}

fn read(dir: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"))
}

fn system_time(rfc3339: &str) -> SystemTime {
    let time = DateTime::parse_rfc3339(rfc3339).expect("suite timestamp");
    SystemTime::try_from(time).expect("in range")
}

/// Runs one case; `Ok(None)` when it passed, `Ok(Some(reason))` when it cannot apply here.
fn run_case(dir: &Path) -> Result<Option<String>, String> {
    let request = match parse_request(&read(dir, "request.txt")?) {
        Ok(request) => request,
        Err(reason) if reason.starts_with("obsolete") => return Ok(Some(reason)),
        Err(e) => return Err(e),
    };
    let url = format!("https://{}{}", request.host, request.path_and_query);
    let parts = UrlParts::of(&url).ok_or("no host")?;
    let expected_creq = read(dir, "header-canonical-request.txt")?;

    let Ok(context) = read(dir, "context.json") else {
        // The two cases without a context (added by aws-sigv4's authors) check only the
        // canonical request, under the settings every service but S3 uses (double
        // encoding), signed at the time their expected `x-amz-date` gives.
        let date = expected_creq
            .lines()
            .find_map(|line| line.strip_prefix("x-amz-date:"))
            .ok_or("no x-amz-date in the expected canonical request")?;
        let rfc3339 = format!(
            "{}-{}-{}T{}:{}:{}Z",
            &date[..4],
            &date[4..6],
            &date[6..8],
            &date[9..11],
            &date[11..13],
            &date[13..15]
        );
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", None);
        let scope = Scope {
            region: "us-east-1",
            service: "service",
        };
        let mut headers = request.headers.clone();
        sign_with(
            &request.method,
            &url,
            &mut headers,
            &request.body,
            scope,
            &credentials,
            system_time(&rfc3339),
            Settings::default(),
        )?;
        headers.retain(|(n, _)| n != "authorization");
        let payload_hash = hex(&Sha256::digest(&request.body));
        let (creq, _) = canonical_request(
            &request.method,
            &parts,
            &headers,
            &payload_hash,
            Settings::default(),
        );
        return compare("canonical request", &creq, &expected_creq).map(|()| None);
    };
    let context: serde_json::Value = serde_json::from_str(&context).map_err(|e| e.to_string())?;
    if context["omit_session_token"] == true {
        return Ok(Some(
            "the session token is left out of the signature, which no AWS service this \
             signer serves asks for"
                .to_string(),
        ));
    }
    let creds = &context["credentials"];
    let credentials = Credentials::new(
        creds["access_key_id"].as_str().ok_or("no key")?,
        creds["secret_access_key"].as_str().ok_or("no secret")?,
        creds["token"].as_str().map(str::to_string),
    );
    let settings = Settings {
        normalize_path: context["normalize"] != false,
        // The suite's paths are signed as written (its raw ones as the client encodes
        // them): single encoding. The two double-encoding cases above check the other.
        double_encode: false,
        content_sha256_header: context["sign_body"] == true,
    };
    let scope = Scope {
        region: context["region"].as_str().ok_or("no region")?,
        service: context["service"].as_str().ok_or("no service")?,
    };
    let time = system_time(context["timestamp"].as_str().ok_or("no timestamp")?);

    let mut headers = request.headers.clone();
    sign_with(
        &request.method,
        &url,
        &mut headers,
        &request.body,
        scope,
        &credentials,
        time,
        settings,
    )?;
    let (authorization, signed): (Vec<_>, Vec<_>) =
        headers.into_iter().partition(|(n, _)| n == "authorization");
    let payload_hash = hex(&Sha256::digest(&request.body));
    let (creq, _) = canonical_request(&request.method, &parts, &signed, &payload_hash, settings);
    compare("canonical request", &creq, &expected_creq)?;

    let expected_signed = read(dir, "header-signed-request.txt")?;
    let expected_auth = expected_signed
        .lines()
        .find_map(|line| line.strip_prefix("Authorization:"))
        .ok_or("no Authorization in the signed request")?;
    let ours = &authorization.first().ok_or("no authorization header")?.1;
    compare("authorization", ours, expected_auth)?;
    let expected_signature = read(dir, "header-signature.txt")?;
    compare(
        "signature",
        ours.rsplit("Signature=").next().unwrap_or_default(),
        expected_signature.trim(),
    )?;
    Ok(None)
}

fn compare(what: &str, ours: &str, expected: &str) -> Result<(), String> {
    if ours == expected {
        Ok(())
    } else {
        Err(format!(
            "{what} differs:\n--- ours\n{ours}\n--- expected\n{expected}"
        ))
    }
}

#[test]
fn aws_signing_test_suite() {
    let suite = match aws_sigv4_package() {
        Ok(dir) => dir.join("aws-signing-test-suite/v4"),
        Err(e) => {
            println!("SKIPPED: AWS's signing test suite not found ({e})");
            return;
        }
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&suite)
        .unwrap_or_else(|e| panic!("{}: {e}", suite.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let (mut passed, mut failures, mut skipped) = (0, Vec::new(), Vec::new());
    for case in &cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        match run_case(case) {
            Ok(None) => passed += 1,
            Ok(Some(reason)) => skipped.push(format!("{name}: {reason}")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    println!(
        "SigV4 signing test suite: {passed} passed, {} failed, {} skipped (of {})",
        failures.len(),
        skipped.len(),
        cases.len()
    );
    for skip in &skipped {
        println!("  skipped {skip}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(passed >= 35, "only {passed} cases ran");
}

/// A small deterministic generator, so a failing case can be replayed from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn random_request(rng: &mut Rng) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    const SEGMENT: &[&str] = &[
        "a",
        "Z",
        "09",
        "-",
        "_",
        "~",
        ".",
        "..",
        "%3D",
        "%20",
        "%2F",
        "%25",
        "@",
        ":",
        "!",
        "$",
        "'",
        "(",
        ")",
        "*",
        "+",
        ",",
        ";",
        "=",
        "%E1%88%B4",
        "arn%3Aaws%3Alambda",
    ];
    const QUERY: &[&str] = &[
        "a",
        "B",
        "1",
        "%20",
        "+",
        "%2B",
        "-",
        "_",
        ".",
        "~",
        "%26",
        "%3D",
        "%E2%82%AC",
        "%7E",
        "*",
        "%2A",
        "/",
        "%2F",
        ":",
    ];
    const HEADERS: &[&str] = &[
        "Content-Type",
        "X-Amz-Target",
        "x-amz-meta-thing",
        "My-Header",
        "USER-AGENT",
        "X-Amzn-Trace-Id",
        "transfer-encoding",
        "Content-Length",
        "x-amz-user-agent",
    ];
    const VALUES: &[&str] = &["v", " lead", "trail ", "in  side", "a,b", "ÄÖ", "x;y=z", ""];
    let method = ["GET", "POST", "PUT", "DELETE", "HEAD"][rng.below(5)].to_string();
    let host = ["example.amazonaws.com", "h.example:443", "h.example:8443"][rng.below(3)];
    let mut url = format!("https://{host}");
    for _ in 0..rng.below(5) {
        url.push('/');
        for _ in 0..=rng.below(3) {
            url.push_str(rng.pick(SEGMENT));
        }
    }
    if rng.below(3) == 0 {
        url.push('/');
    }
    if rng.below(2) == 0 {
        url.push('?');
        for i in 0..=rng.below(4) {
            if i > 0 {
                url.push('&');
            }
            for _ in 0..=rng.below(3) {
                url.push_str(rng.pick(QUERY));
            }
            if rng.below(4) > 0 {
                url.push('=');
                for _ in 0..rng.below(3) {
                    url.push_str(rng.pick(QUERY));
                }
            }
        }
    }
    let mut headers = Vec::new();
    for _ in 0..rng.below(6) {
        let mut value = String::new();
        for _ in 0..=rng.below(3) {
            value.push_str(rng.pick(VALUES));
        }
        headers.push((rng.pick(HEADERS).to_string(), value));
    }
    let body: Vec<u8> = (0..rng.below(64))
        .map(|_| u8::try_from(rng.next() & 0xff).expect("byte"))
        .collect();
    (method, url, headers, body)
}

fn sign_with_aws_sigv4(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    scope: Scope<'_>,
    credentials: &Credentials,
    time: SystemTime,
) -> Vec<(String, String)> {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
    let (key, secret, token) = credentials.parts();
    let identity =
        aws_credential_types::Credentials::new(key, secret, token.map(str::to_string), None, "t")
            .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .expect("params")
        .into();
    let request = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .expect("signable");
    let (instructions, _) = aws_sigv4::http_request::sign(request, &params)
        .expect("aws-sigv4 signs")
        .into_parts();
    instructions
        .headers()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn signatures_match_aws_sigv4_on_generated_requests() {
    let mut rng = Rng(0x5eed_0f51_6400);
    let regions = ["us-east-1", "cn-north-1", "eu-central-1"];
    let services = ["cognito-idp", "execute-api", "sts", "lambda"];
    for case in 0..2000 {
        let (method, url, headers, body) = random_request(&mut rng);
        let token = (rng.below(2) == 0).then(|| format!("token/{}+=", rng.next()));
        let credentials = Credentials::new(
            format!("AKID{}", rng.below(1000)),
            format!("secret/{}+Key", rng.next()),
            token,
        );
        let scope = Scope {
            region: regions[rng.below(regions.len())],
            service: services[rng.below(services.len())],
        };
        // 2000-01-01 to 2040-01-01.
        let time = UNIX_EPOCH
            + Duration::from_secs(946_684_800 + rng.next() % 1_262_304_000)
            + Duration::from_nanos(rng.next() % 1_000_000_000);
        let expected =
            sign_with_aws_sigv4(&method, &url, &headers, &body, scope, &credentials, time);
        let mut ours = headers.clone();
        sign(&method, &url, &mut ours, &body, scope, &credentials, time).expect("signs");
        let mut ours: Vec<_> = ours.split_off(headers.len());
        let mut expected = expected;
        ours.sort();
        expected.sort();
        assert_eq!(
            ours, expected,
            "case {case}: {method} {url}\nheaders {headers:?}\nbody {body:?}"
        );
    }
}

#[test]
fn signer_headers_of_the_caller_are_replaced_not_signed_twice() {
    let credentials = Credentials::new("AKID", "secret", None);
    let scope = Scope {
        region: "us-east-1",
        service: "svc",
    };
    let time = system_time("2015-08-30T12:36:00Z");
    let mut stale = vec![
        ("X-Amz-Date".to_string(), "19990101T000000Z".to_string()),
        ("Authorization".to_string(), "old".to_string()),
    ];
    sign(
        "GET",
        "https://h.example/",
        &mut stale,
        b"",
        scope,
        &credentials,
        time,
    )
    .expect("signs");
    let mut fresh = Vec::new();
    sign(
        "GET",
        "https://h.example/",
        &mut fresh,
        b"",
        scope,
        &credentials,
        time,
    )
    .expect("signs");
    assert_eq!(stale, fresh);
}

#[test]
fn a_url_without_a_host_is_an_error() {
    let credentials = Credentials::new("AKID", "secret", None);
    let scope = Scope {
        region: "us-east-1",
        service: "svc",
    };
    let mut headers = Vec::new();
    let error = sign(
        "GET",
        "no-scheme",
        &mut headers,
        b"",
        scope,
        &credentials,
        SystemTime::now(),
    )
    .expect_err("no host");
    assert!(error.contains("no host"), "{error}");
    assert!(!error.contains("secret"), "{error}");
}
