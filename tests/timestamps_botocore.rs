//! Differential test of timestamp parsing against botocore (`botocore.utils.parse_timestamp`,
//! what boto3 applies to every timestamp of a JSON response), on the same JSON texts.
//!
//! Needs `python3` with botocore importable (`BOTOCORE_PYTHON` names another interpreter); it
//! installs nothing, and is ignored, with the reason, where `build.rs` finds botocore absent.
//!
//! Botocore keeps microseconds, we keep nanoseconds, so the comparison is at the microsecond:
//! - epoch numbers: Python reads them as an f64 and rounds to the microsecond, ties to even;
//!   we read the digits. They must agree except where the f64's own error (half an ulp) could
//!   straddle a half microsecond, which no f64-based reader can settle (near a tie, and for
//!   every value past 2^32 s, whose ulp exceeds a microsecond): there botocore must be within
//!   that error of us;
//! - RFC 3339 and HTTP dates: dateutil truncates the fraction to the microsecond, we round at
//!   the nanosecond; with at most nine fraction digits ours truncated must equal botocore's.

use std::io::Write;
use std::process::{Command, Stdio};

use cognito_identity_provider::DateTime;
use cognito_identity_provider::operation::list_devices::ListDevices;
use cognito_identity_provider::protocol::Operation;

const ORACLE: &str = r#"
import sys, json, datetime
from botocore.utils import parse_timestamp
epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
for line in sys.stdin:
    try:
        dt = parse_timestamp(json.loads(line))
        print((dt - epoch) // datetime.timedelta(microseconds=1))
    except Exception as e:
        print("ERR " + type(e).__name__)
"#;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn from_json(value: &str) -> Option<DateTime> {
    let body = format!(r#"{{"Devices":[{{"DeviceCreateDate":{value}}}]}}"#);
    ListDevices::deserialize_output(body.as_bytes())
        .ok()?
        .devices?
        .first()?
        .device_create_date
}

fn nanos(t: DateTime) -> i128 {
    i128::from(t.secs()) * 1_000_000_000 + i128::from(t.subsec_nanos())
}

/// Botocore's answer for each JSON text: microseconds since the epoch, or `None` for an error.
fn botocore(python: &str, texts: &[String]) -> Option<Vec<Option<i128>>> {
    let mut child = Command::new(python)
        .args(["-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input: String = texts.iter().map(|t| format!("{t}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    let out = String::from_utf8(output.stdout).ok()?;
    let answers: Vec<_> = out.lines().map(|l| l.parse().ok()).collect();
    (output.status.success() && answers.len() == texts.len()).then_some(answers)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn days_in(year: u64, month: u64) -> u64 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Epoch numbers: whole, 1 to 9 fraction digits (ties among them), more than 9, exponents.
fn epoch_texts(rng: &mut Rng) -> Vec<String> {
    let mut texts = Vec::new();
    for i in 0..400 {
        let whole = match i % 4 {
            0 => 1_600_000_000 + rng.next(200_000_000),
            1 => rng.next(253_402_300_000),
            2 => rng.next(100_000),
            _ => rng.next(4_000_000_000),
        };
        let digits = 1 + rng.next(12) as usize;
        let mut fraction = format!("{:012}", rng.next(1_000_000_000_000));
        if i % 5 == 0 {
            // Exactly half a microsecond, or a nanosecond either side of it.
            fraction = format!("{:06}{}", rng.next(1_000_000), ["500", "499", "501"][i % 3]);
        }
        let sign = if i % 11 == 0 && whole < 100_000 {
            "-"
        } else {
            ""
        };
        let text = match i % 7 {
            0 => format!("{sign}{whole}"),
            1 => format!(
                "{sign}{whole}.{}e0",
                &fraction[..digits.min(fraction.len())]
            ),
            _ => format!("{sign}{whole}.{}", &fraction[..digits.min(fraction.len())]),
        };
        texts.push(text);
    }
    texts
}

/// RFC 3339 strings with 0 to 9 fraction digits and offsets, and impossible days.
fn rfc3339_texts(rng: &mut Rng) -> Vec<String> {
    let mut texts = Vec::new();
    for i in 0..300 {
        let (year, month) = (1971 + rng.next(120), 1 + rng.next(12));
        // One in ten a day past the month's end (2023-02-29), which both must reject.
        let day = if i % 10 == 0 {
            days_in(year, month) + 1
        } else {
            1 + rng.next(days_in(year, month))
        };
        let digits = rng.next(10) as usize;
        let fraction = format!("{:09}", rng.next(1_000_000_000));
        let fraction = if digits == 0 {
            String::new()
        } else {
            format!(".{}", &fraction[..digits])
        };
        let offset = match rng.next(3) {
            0 => "Z".to_string(),
            1 => format!("+{:02}:{:02}", rng.next(15), rng.next(60)),
            _ => format!("-{:02}:{:02}", rng.next(13), rng.next(60)),
        };
        let (h, m, s) = (rng.next(24), rng.next(60), rng.next(60));
        texts.push(format!(
            "\"{year}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{fraction}{offset}\""
        ));
    }
    texts
}

/// HTTP dates of every month, whole and fractional seconds.
fn http_date_texts(rng: &mut Rng) -> Vec<String> {
    let mut texts = Vec::new();
    for (i, name) in MONTHS.iter().enumerate() {
        for j in 0..10 {
            let year = 1971 + rng.next(120);
            let day = 1 + rng.next(days_in(year, i as u64 + 1));
            let (h, m, s) = (rng.next(24), rng.next(60), rng.next(60));
            let fraction = if j % 3 == 0 {
                format!(".{:03}", rng.next(1000))
            } else {
                String::new()
            };
            // Day names are not checked by either parser.
            texts.push(format!(
                "\"Mon, {day:02} {name} {year} {h:02}:{m:02}:{s:02}{fraction} GMT\""
            ));
        }
    }
    texts
}

#[test]
#[cfg_attr(
    no_botocore,
    ignore = "botocore not importable by python3 (or BOTOCORE_PYTHON): pip install botocore, or set BOTOCORE_PYTHON to an interpreter that has it; then touch tests/build.rs"
)]
fn parsing_agrees_with_botocore() {
    let python = std::env::var("BOTOCORE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    // Found at build time (the test is ignored otherwise): gone since is a failure, not a pass.
    let available = Command::new(&python)
        .args(["-c", "import botocore.utils"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(available, "`{python}` cannot import botocore");
    let mut rng = Rng(0x853c_49e6_748f_ea9b);
    let epochs = epoch_texts(&mut rng);
    let strings: Vec<String> = rfc3339_texts(&mut rng)
        .into_iter()
        .chain(http_date_texts(&mut rng))
        .collect();
    let all: Vec<String> = epochs.iter().chain(&strings).cloned().collect();
    let answers = botocore(&python, &all).expect("the botocore oracle runs");
    let (epoch_answers, string_answers) = answers.split_at(epochs.len());

    let (mut agreed, mut ambiguous) = (0, 0);
    for (text, theirs) in epochs.iter().zip(epoch_answers) {
        let ours = from_json(text).map(nanos).expect(text);
        let theirs = theirs.unwrap_or_else(|| panic!("botocore rejects {text}"));
        // How far the f64 botocore reads can be from the text, in nanoseconds, plus one for
        // our own rounding at the nanosecond.
        let f: f64 = text.parse().expect("number");
        let ulp = f64::from_bits(f.abs().to_bits() + 1) - f.abs();
        let slack = (ulp * 1e9 / 2.0).ceil() as i128 + 1;
        let from_tie = (ours.rem_euclid(1000) - 500).abs();
        if from_tie <= slack {
            // Past 2^32 s the f64's ulp alone exceeds a microsecond.
            ambiguous += 1;
            let apart = (theirs * 1000 - ours).abs();
            assert!(
                apart <= slack + 500,
                "{text}: ours {ours} ns, botocore {theirs} us"
            );
            continue;
        }
        // Round ours to the microsecond (away from the tie, so no tie rule is involved).
        let micros = ours.div_euclid(1000) + i128::from(ours.rem_euclid(1000) > 500);
        assert_eq!(micros, theirs, "{text}: ours {ours} ns");
        agreed += 1;
    }

    let (mut strings_agreed, mut both_rejected) = (0, 0);
    for (text, theirs) in strings.iter().zip(string_answers) {
        let ours = from_json(text).map(nanos);
        match (ours, theirs) {
            (Some(ours), Some(theirs)) => {
                assert_eq!(ours.div_euclid(1000), *theirs, "{text}");
                strings_agreed += 1;
            }
            (None, None) => both_rejected += 1,
            (ours, theirs) => panic!("{text}: ours {ours:?} ns, botocore {theirs:?} us"),
        }
    }
    eprintln!(
        "botocore differential: {} epoch numbers, {agreed} equal to the microsecond, {ambiguous} \
         where botocore's f64 cannot settle the microsecond (botocore within its error of ours); \
         {} RFC 3339 and HTTP dates, {strings_agreed} equal, {both_rejected} rejected by both",
        epochs.len(),
        strings.len()
    );
    assert!(agreed > epochs.len() / 2 && strings_agreed > strings.len() / 2);
}
