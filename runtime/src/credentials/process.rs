//! A profile's `credential_process`: a command whose standard output is a JSON document
//! (`Version` 1, `AccessKeyId`, `SecretAccessKey`, optionally `SessionToken` and
//! `Expiration`).
//!
//! The command runs through the shell (`sh -c`, `cmd.exe /C` on Windows) on a thread of its
//! own, so waiting for it blocks no executor and needs none. Its standard error goes where
//! ours goes (a prompt or a diagnostic reaches the user); its output is never quoted in an
//! error, nor is the command line (it may carry a secret).

use std::future::{Future, poll_fn};
use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::time::{Duration, Instant};

use super::http::{PROCESS_FIELDS, credentials_from_json, parse_json_object};
use super::{Credentials, CredentialsError, CredentialsErrorKind, ProviderKind};

const P: ProviderKind = ProviderKind::Process;

/// Runs `command` (from profile `profile`) and reads its credentials; kills it if it has not
/// finished within `timeout`.
pub(crate) async fn run(
    command: &str,
    profile: &str,
    timeout: Duration,
) -> Result<Credentials, CredentialsError> {
    let what = format!("credential_process of profile `{profile}`");
    let mut shell = if cfg!(windows) {
        let mut c = Command::new("cmd.exe");
        c.arg("/C");
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c");
        c
    };
    shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let (status, stdout) = blocking(move || run_with_deadline(shell, timeout))
        .await
        .ok_or_else(|| {
            CredentialsError::new(
                P,
                CredentialsErrorKind::ProcessFailed { exit_code: None },
                format!("{what}: the thread waiting for it failed"),
            )
        })?
        .map_err(|e| match e {
            Waited::TimedOut => CredentialsError::new(
                P,
                CredentialsErrorKind::Timeout,
                format!(
                    "{what}: did not finish within {} ms and was killed",
                    timeout.as_millis()
                ),
            ),
            Waited::Io(kind) => CredentialsError::new(
                P,
                CredentialsErrorKind::ProcessFailed { exit_code: None },
                format!("{what}: could not be run: {kind}"),
            ),
        })?;
    if !status.success() {
        return Err(CredentialsError::new(
            P,
            CredentialsErrorKind::ProcessFailed {
                exit_code: status.code(),
            },
            format!("{what}: exited with {status}"),
        ));
    }
    let map = parse_json_object(P, &what, &stdout)?;
    match map.get("Version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(_) | None => {
            return Err(CredentialsError::invalid_response(
                P,
                format!("{what}: the output's `Version` must be 1"),
            ));
        }
    }
    credentials_from_json(P, &what, &map, &PROCESS_FIELDS)
}

/// Why a process gave no output.
enum Waited {
    TimedOut,
    Io(std::io::ErrorKind),
}

/// How often the waiting thread looks whether the process has ended: std has no wait with a
/// deadline, and a helper that answers in milliseconds should not wait much longer.
const POLL: Duration = Duration::from_millis(5);

/// Runs `command` to its end or until `timeout`, whichever is first, and gives its exit status
/// and standard output. Standard output is read
/// on a thread of its own, so a process that writes more than a pipe holds is not stalled
/// while we wait for it to exit.
fn run_with_deadline(
    mut command: Command,
    timeout: Duration,
) -> Result<(ExitStatus, Vec<u8>), Waited> {
    let deadline = Instant::now().checked_add(timeout);
    let mut child = command.spawn().map_err(|e| Waited::Io(e.kind()))?;
    let reader = child.stdout.take().map(|mut out| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            // A read error leaves what was read; the JSON check then refuses it.
            let _ = out.read_to_end(&mut buf);
            buf
        })
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(Waited::Io(e.kind())),
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            // The shell is killed; a grandchild it started may live on holding the pipe,
            // so the reader is not joined.
            let _ = child.kill();
            let _ = child.wait();
            return Err(Waited::TimedOut);
        }
        std::thread::sleep(POLL);
    };
    let stdout = reader
        .map(|r| r.join().unwrap_or_default())
        .unwrap_or_default();
    Ok((status, stdout))
}

/// What a thread hands back: its value, and whether it is done (even by panicking).
struct Slot<T> {
    value: Option<T>,
    done: bool,
    waker: Option<Waker>,
}

/// Marks the slot done when the thread ends, however it ends, so the future never hangs.
struct Finish<T>(Arc<Mutex<Slot<T>>>);

impl<T> Drop for Finish<T> {
    fn drop(&mut self) {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        slot.done = true;
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    }
}

/// Runs `work` on a new thread; the future gives its result, or `None` if the thread could
/// not start or panicked.
pub(crate) fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Option<T>> + Send {
    let slot = Arc::new(Mutex::new(Slot {
        value: None,
        done: false,
        waker: None,
    }));
    let finish = Finish(slot.clone());
    let started = std::thread::Builder::new()
        .name("aws-credentials".into())
        .spawn(move || {
            let value = work();
            finish.0.lock().unwrap_or_else(|e| e.into_inner()).value = Some(value);
            drop(finish);
        })
        .is_ok();
    poll_fn(move |cx| {
        if !started {
            return Poll::Ready(None);
        }
        let mut state = slot.lock().unwrap_or_else(|e| e.into_inner());
        if state.done {
            return Poll::Ready(state.value.take());
        }
        state.waker = Some(cx.waker().clone());
        Poll::Pending
    })
}
