//! Errors shared by every operation: what the service said when it failed, and failures to
//! read or write a body.

use std::fmt;

/// HTTP response headers, as the error parser reads them (names compare case-insensitively).
///
/// Implemented for arrays, vectors and slices of `(name, value)` pairs, and for `()` (no
/// headers), so any HTTP library's header map can be passed after a cheap conversion.
pub trait Headers {
    /// The first value of the header `name`, if present.
    fn header(&self, name: &str) -> Option<&str>;

    /// Every header, in order, for the members bound to headers by prefix
    /// (`@httpPrefixHeaders`). Types that cannot list theirs have none.
    fn entries(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }
}

fn find<'a, K: AsRef<str> + 'a, V: AsRef<str> + 'a>(
    pairs: impl IntoIterator<Item = &'a (K, V)>,
    name: &str,
) -> Option<&'a str> {
    pairs
        .into_iter()
        .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        find(self, name)
    }

    fn entries(&self) -> Vec<(&str, &str)> {
        self.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect()
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        find(self, name)
    }

    fn entries(&self) -> Vec<(&str, &str)> {
        self.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        find(self, name)
    }

    fn entries(&self) -> Vec<(&str, &str)> {
        self.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect()
    }
}

impl<H: Headers + ?Sized> Headers for &H {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }

    fn entries(&self) -> Vec<(&str, &str)> {
        (**self).entries()
    }
}

impl Headers for () {
    fn header(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// What the body of an error response was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorBody {
    /// No body at all.
    #[default]
    Empty,
    /// A JSON object, as the protocol says.
    Json,
    /// Something else: an HTML error page from a proxy, truncated JSON, plain text.
    NotJson,
}

/// What an error response said: its code, message, HTTP status and request id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
    body: ErrorBody,
    content_type: Option<String>,
    fault: Option<Fault>,
}

/// Whose fault an error is, as an `@awsQueryCompatible` service's `x-amzn-query-error` header
/// says (`Code;Sender` or `Code;Receiver`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The caller's: the request was wrong.
    Sender,
    /// The service's.
    Receiver,
}

impl ErrorMetadata {
    /// The error code (`NotAuthorizedException`), cleaned of namespace and `:` suffix. For
    /// `@awsQueryCompatible` services, the awsQuery code of the `x-amzn-query-error` header
    /// when the response has one (`AWS.SimpleQueueService.NonExistentQueue`).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message, from `message`, `Message` or `errorMessage`.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id the service assigned (`x-amzn-requestid`), for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What the body was.
    pub fn body(&self) -> ErrorBody {
        self.body
    }

    /// The response's `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// For `@awsQueryCompatible` services, whose fault the `x-amzn-query-error` header says
    /// the error is.
    pub fn fault(&self) -> Option<Fault> {
        self.fault
    }
}

/// Cleans an awsJson error code: keep what is before the first `:`, then what is after the
/// first `#` (`aws.protocoltests#FooError:http://...` becomes `FooError`).
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let after_hash = before_colon
        .split_once('#')
        .map_or(before_colon, |(_, name)| name);
    after_hash.trim()
}

/// An error response, parsed once: its metadata and, when the body was a JSON object, the body.
pub struct ParsedError<'a> {
    /// The code, message, request id and fault read from the response.
    pub meta: ErrorMetadata,
    body: Option<&'a [u8]>,
    /// The code the body or `X-Amzn-ErrorType` gave: a shape name.
    shape_code: Option<String>,
    /// The awsQuery code of `x-amzn-query-error` (`@awsQueryCompatible` services only).
    query_code: Option<String>,
}

impl<'a> ParsedError<'a> {
    /// Reads the code from, in order, the `X-Amzn-ErrorType` header, a top-level `code`
    /// member, a top-level `__type` member. A body that is empty or not JSON still gives a
    /// value (with the header's code, if any): parsing never fails. `@awsQueryCompatible`
    /// services (`query_compatible`) may also name an awsQuery code in a header (see
    /// `with_query_error`).
    pub fn parse(
        status: u16,
        headers: &dyn Headers,
        body: &'a [u8],
        query_compatible: bool,
    ) -> Self {
        let top = TopLevel::read(body);
        let member =
            |pick: fn(&TopLevel) -> &Option<String>| top.as_ref().and_then(|t| pick(t).as_deref());
        let code = headers
            .header("x-amzn-errortype")
            .or_else(|| member(|t| &t.code))
            .or_else(|| member(|t| &t.type_))
            .map(sanitize_error_code)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let message = [
            member(|t| &t.message),
            member(|t| &t.message_capitalized),
            member(|t| &t.error_message),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(str::to_string);
        let request_id = headers
            .header("x-amzn-requestid")
            .or_else(|| headers.header("x-amz-request-id"))
            .map(str::to_string);
        let body_kind = if top.is_some() {
            ErrorBody::Json
        } else if body.iter().all(u8::is_ascii_whitespace) {
            ErrorBody::Empty
        } else {
            ErrorBody::NotJson
        };
        ParsedError {
            meta: ErrorMetadata {
                code,
                message,
                status,
                request_id,
                body: body_kind,
                content_type: headers.header("content-type").map(str::to_string),
                fault: None,
            },
            body: top.is_some().then_some(body),
            shape_code: None,
            query_code: None,
        }
        .with_query_error(headers, query_compatible)
    }

    /// Reads `x-amzn-query-error: Code;Fault` for `@awsQueryCompatible` services. Its code is
    /// the one callers of the former awsQuery API know, so it becomes the exposed code; the
    /// shape name stays available for matching modeled errors. A value without `;` or with an
    /// empty code is ignored, as AWS SDKs do.
    fn with_query_error(mut self, headers: &dyn Headers, query_compatible: bool) -> Self {
        self.shape_code = self.meta.code.clone();
        if !query_compatible {
            return self;
        }
        let Some((code, fault)) = headers
            .header("x-amzn-query-error")
            .and_then(|v| v.split_once(';'))
        else {
            return self;
        };
        let code = code.trim();
        if code.is_empty() {
            return self;
        }
        self.query_code = Some(code.to_string());
        self.meta.code = Some(code.to_string());
        self.meta.fault = match fault.trim() {
            "Sender" => Some(Fault::Sender),
            "Receiver" => Some(Fault::Receiver),
            _ => None,
        };
        self
    }

    /// The code from the body or `X-Amzn-ErrorType`: what modeled errors are matched by.
    pub fn code(&self) -> Option<&str> {
        self.shape_code.as_deref()
    }

    /// The awsQuery code of `x-amzn-query-error`, matched against `@awsQueryError` codes.
    pub fn query_code(&self) -> Option<&str> {
        self.query_code.as_deref()
    }

    /// The body as a modeled error structure, with the message filled from the metadata
    /// when the structure's own member was absent (services spell it differently).
    pub fn modeled<T: crate::json::FromJson + ModeledError>(&self) -> Result<T, UnhandledError> {
        let mut de = serde_json::Deserializer::from_slice(self.body.unwrap_or(b"{}"));
        match T::from_json(&mut de).and_then(|value| de.end().map(|()| value)) {
            Ok(mut value) => {
                if let Some(message) = self.meta.message() {
                    value.fill_message(message);
                }
                Ok(value)
            }
            Err(_) => Err(self.unhandled()),
        }
    }

    /// The error as the `Unhandled` variant gets it: code, message, status, request id.
    pub fn unhandled(&self) -> UnhandledError {
        UnhandledError {
            meta: self.meta.clone(),
        }
    }
}

/// The members of an error body the metadata needs, read from the top-level object alone.
///
/// Other members are skipped unbuilt: serde_json skips a value iteratively and without its
/// recursion limit, so however deeply a member nests it can neither hide the code and message
/// (as when the whole body failed to parse past 128 levels) nor exhaust the stack. As with a
/// parsed object, the last of duplicate keys wins.
#[derive(Default)]
struct TopLevel {
    code: Option<String>,
    type_: Option<String>,
    message: Option<String>,
    message_capitalized: Option<String>,
    error_message: Option<String>,
}

impl TopLevel {
    /// `None` unless the whole body is one JSON object.
    fn read(body: &[u8]) -> Option<Self> {
        use serde::Deserializer as _;
        let mut de = serde_json::Deserializer::from_slice(body);
        let top = (&mut de).deserialize_map(TopLevelVisitor).ok()?;
        de.end().ok()?;
        Some(top)
    }
}

struct TopLevelVisitor;

impl<'de> serde::de::Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut top = TopLevel::default();
        while let Some(key) = map.next_key::<crate::json::Key<'de>>()? {
            let slot = match key.as_str() {
                "code" => &mut top.code,
                "__type" => &mut top.type_,
                "message" => &mut top.message,
                "Message" => &mut top.message_capitalized,
                "errorMessage" => &mut top.error_message,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value::<StringOrSkip>()?.0;
        }
        Ok(top)
    }
}

/// A string value, or `None` for any other value, which is skipped without being built.
struct StringOrSkip(Option<String>);

impl<'de> serde::Deserialize<'de> for StringOrSkip {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = StringOrSkip;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(Some(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(Some(v)))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(None))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<StringOrSkip, E> {
                Ok(StringOrSkip(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<StringOrSkip, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(StringOrSkip(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<StringOrSkip, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(StringOrSkip(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// What the client's retry logic and generic code ask of an operation's error enum.
pub trait ProvideErrorKind {
    /// The error code, if known.
    fn code(&self) -> Option<&str>;
    /// The message the service sent, if any.
    fn message(&self) -> Option<&str>;
    /// True when sending the same request again may succeed.
    fn is_retryable(&self) -> bool;
    /// True when the service asked the caller to slow down.
    fn is_throttling(&self) -> bool;
}

/// Implemented by every modeled error structure.
pub trait ModeledError {
    /// The error code the service sends for this error.
    const CODE: &'static str;

    /// Sets the message member from another spelling of it, if the member is unset.
    #[doc(hidden)]
    fn fill_message(&mut self, message: &str);
}

/// An error response whose code is not one the operation models (or whose body did not
/// match the modeled shape). It keeps everything the service said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnhandledError {
    meta: ErrorMetadata,
}

/// Error codes that mean "slow down", whatever the service.
pub(crate) const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient faults worth retrying.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "ServiceUnavailable",
];

impl UnhandledError {
    /// Builds one from its metadata (for tests of code that handles errors).
    pub fn new(code: Option<&str>, message: Option<&str>, status: u16) -> Self {
        UnhandledError {
            meta: ErrorMetadata {
                code: code.map(str::to_string),
                message: message.map(str::to_string),
                status,
                request_id: None,
                body: ErrorBody::Empty,
                content_type: None,
                fault: None,
            },
        }
    }

    /// Everything the service said.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The error code, if the response carried one.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The message, if the response carried one.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.meta.status()
    }

    /// True for throttling: HTTP 429 or a well-known throttling code.
    pub fn is_throttling(&self) -> bool {
        self.status() == 429 || self.code().is_some_and(|c| THROTTLING_CODES.contains(&c))
    }

    /// True when sending the same request again may succeed: throttling, a 5xx status or a
    /// well-known transient code.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling()
            || self.status() >= 500
            || self.code().is_some_and(|c| TRANSIENT_CODES.contains(&c))
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status();
        match (self.code(), self.message()) {
            (Some(code), Some(message)) => write!(f, "{code}: {message} (HTTP status {status})"),
            (Some(code), None) => write!(f, "{code} (HTTP status {status})"),
            (None, Some(message)) => write!(f, "unknown error: {message} (HTTP status {status})"),
            (None, None) => match self.meta.body {
                ErrorBody::Empty => write!(f, "HTTP status {status} with an empty body"),
                ErrorBody::NotJson => {
                    write!(f, "HTTP status {status} with a body that is not JSON")?;
                    match self.meta.content_type() {
                        Some(t) => write!(f, " ({t})"),
                        None => Ok(()),
                    }
                }
                ErrorBody::Json => write!(f, "HTTP status {status} without an error code"),
            },
        }
    }
}

impl std::error::Error for UnhandledError {}

/// A response body that could not be read as the expected output.
///
/// It says where the JSON went wrong but never quotes the body, which may hold secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    context: &'static str,
    kind: &'static str,
    line: usize,
    column: usize,
}

impl DeserializeError {
    /// Where (`context`) and how (`error`, without the text it read) reading failed.
    pub fn new(context: &'static str, error: &serde_json::Error) -> Self {
        let kind = match error.classify() {
            serde_json::error::Category::Io => "I/O",
            serde_json::error::Category::Syntax => "malformed JSON",
            serde_json::error::Category::Data => "unexpected JSON type",
            serde_json::error::Category::Eof => "truncated JSON",
        };
        DeserializeError {
            context,
            kind,
            line: error.line(),
            column: error.column(),
        }
    }

    /// A value outside the body (a header, the status code) that is not of its member's
    /// type; `what` says where it was (`header X-Count`).
    pub fn invalid(context: &'static str, what: &'static str) -> Self {
        DeserializeError {
            context,
            kind: what,
            line: 0,
            column: 0,
        }
    }

    /// What was being read (`ListDevicesOutput`).
    pub fn context(&self) -> &str {
        self.context
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line numbers start at 1: a zero line is an error outside the body.
        if self.line == 0 {
            return write!(
                f,
                "could not read {} from the response: {} is not of the modeled type",
                self.context, self.kind
            );
        }
        write!(
            f,
            "could not read {} from the response body: {} at line {}, column {}",
            self.context, self.kind, self.line, self.column
        )
    }
}

impl std::error::Error for DeserializeError {}

/// An input that could not be written as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SerializeError {
    context: &'static str,
    /// Why, when it is not the JSON writer's failure.
    reason: Option<&'static str>,
}

impl SerializeError {
    /// What (`context`) could not be written.
    pub fn new(context: &'static str) -> Self {
        SerializeError {
            context,
            reason: None,
        }
    }

    /// A value (`context`, the member) that the protocol cannot send, and why.
    pub fn invalid(context: &'static str, reason: &'static str) -> Self {
        SerializeError {
            context,
            reason: Some(reason),
        }
    }
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            Some(reason) => write!(f, "could not serialize {}: {reason}", self.context),
            None => write!(f, "could not serialize {} as JSON", self.context),
        }
    }
}

impl std::error::Error for SerializeError {}
