//! Glue for the HTTP-binding protocols (restJson1 first): how members bound to the URI, the
//! query string and headers are written and read, independent of the body's format.
//! Generated code calls these; they are not meant to be called by hand.
//!
//! Every value that enters a URI goes through [`push_label`] or [`Query::push`], which
//! percent-encode all but RFC 3986's unreserved characters: nothing is spliced in raw.

use crate::error::{DeserializeError, Headers, SerializeError};
use crate::primitives::DateTime;

/// Appends each byte of `text` percent-encoded (uppercase hex) unless it is unreserved
/// (`A-Z a-z 0-9 - . _ ~`), or a `/` that `keep_slash` keeps: RFC 3986's rule, which SigV4's
/// canonical request uses too.
pub(crate) fn push_encoded(out: &mut String, text: &str, keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Appends an `@httpLabel` value to a path. A greedy label (`{key+}`) keeps its `/`s, each
/// segment encoded; an empty value is an error, as Smithy requires (the request would
/// address another resource).
pub fn push_label(
    out: &mut String,
    member: &'static str,
    value: &str,
    greedy: bool,
) -> Result<(), SerializeError> {
    if value.is_empty() {
        return Err(SerializeError::invalid(
            member,
            "an HTTP label must not be empty",
        ));
    }
    push_encoded(out, value, greedy);
    Ok(())
}

/// A query string being written: the URI pattern's literal part first, then the input's
/// `@httpQuery` members and `@httpQueryParams` maps, in the order pushed.
#[derive(Debug, Default)]
pub struct Query {
    out: String,
    /// Names already written by an `@httpQuery` member, which win over a map's entries.
    bound: Vec<&'static str>,
}

impl Query {
    /// Starts from the pattern's literal query (already encoded, as the model writes it:
    /// `?foo=bar&baz` is `"foo=bar&baz"`).
    pub fn new(literal: &'static str) -> Self {
        Query {
            out: literal.to_string(),
            bound: Vec::new(),
        }
    }

    fn separator(&mut self) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
    }

    /// Writes `name=value` for an `@httpQuery` member; for a list, once per item.
    pub fn push(&mut self, name: &'static str, value: &str) {
        if !self.bound.contains(&name) {
            self.bound.push(name);
        }
        self.separator();
        push_encoded(&mut self.out, name, false);
        self.out.push('=');
        push_encoded(&mut self.out, value, false);
    }

    /// Writes an entry of an `@httpQueryParams` map, unless an `@httpQuery` member already
    /// wrote that name (Smithy gives the member precedence). Call after every `push`.
    pub fn push_param(&mut self, name: &str, value: &str) {
        if self.bound.contains(&name) {
            return;
        }
        self.separator();
        push_encoded(&mut self.out, name, false);
        self.out.push('=');
        push_encoded(&mut self.out, value, false);
    }

    /// Appends the query, if any, to `path` (`/path?query`).
    pub fn finish(self, path: &mut String) {
        if !self.out.is_empty() {
            path.push('?');
            path.push_str(&self.out);
        }
    }
}

/// Joins the items of a list bound to a header: `a, "b,c", "\"d\""`. An item holding a comma
/// or a double quote is quoted, its quotes and backslashes escaped, so the list reads back
/// item for item.
pub fn header_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if item.contains([',', '"']) {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// Splits a header list back into items: commas separate them, spaces around an item are
/// dropped, and a quoted item (`"b,c"`) is unquoted and unescaped. `None` for an unclosed
/// quote or text after a closing one.
pub fn split_header_list(value: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => item.push(chars.next()?),
                    c => item.push(c),
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.next() {
                None => {
                    items.push(item);
                    return Some(items);
                }
                Some(',') => items.push(item),
                Some(_) => return None,
            }
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            items.push(item.trim_end_matches([' ', '\t']).to_string());
            if ended {
                return Some(items);
            }
        }
    }
}

/// Splits a header list of HTTP dates, whose items hold a comma of their own
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`): every second comma separates items.
pub fn split_http_date_list(value: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut commas = 0;
    for (i, b) in value.bytes().enumerate() {
        if b == b',' {
            commas += 1;
            if commas % 2 == 0 {
                items.push(value[start..i].trim());
                start = i + 1;
            }
        }
    }
    let last = value[start..].trim();
    if !last.is_empty() || !items.is_empty() {
        items.push(last);
    }
    items
}

/// A float as a label, query value or header: `NaN`, `Infinity` and `-Infinity` as Smithy
/// spells them, other values as Rust prints them (the shortest text that reads back).
pub fn float(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        value.to_string()
    }
}

/// An `f32` as [`float`] writes an `f64`: `1.1`, not the `1.100000023841858` of its widening.
pub fn float32(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        float(f64::from(value))
    }
}

/// A timestamp as epoch seconds (`1576540098`, or with the fraction the value has).
pub fn epoch_seconds(value: &DateTime) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = value.write_epoch_seconds(&mut out);
    out
}

/// A timestamp in RFC 3339 (`date-time`); years outside 0000-9999 have no such form.
pub fn date_time(member: &'static str, value: &DateTime) -> Result<String, SerializeError> {
    if !value.has_four_digit_year() {
        return Err(SerializeError::invalid(
            member,
            "a timestamp outside years 0000-9999 has no RFC 3339 form",
        ));
    }
    Ok(value.to_string())
}

/// A timestamp as an HTTP date (`http-date`); years outside 0000-9999 have no such form.
pub fn http_date(member: &'static str, value: &DateTime) -> Result<String, SerializeError> {
    if !value.has_four_digit_year() {
        return Err(SerializeError::invalid(
            member,
            "a timestamp outside years 0000-9999 has no HTTP date form",
        ));
    }
    Ok(value.to_http_date())
}

/// Adds a request header, refusing a value that would end the header early (CR, LF or NUL):
/// a member's value must not be able to add headers of its own.
pub fn push_header(
    headers: &mut Vec<(String, String)>,
    member: &'static str,
    name: String,
    value: String,
) -> Result<(), SerializeError> {
    if value.contains(['\r', '\n', '\0']) || name.contains(['\r', '\n', '\0', ':']) {
        return Err(SerializeError::invalid(
            member,
            "a header must not hold CR, LF or NUL",
        ));
    }
    headers.push((name, value));
    Ok(())
}

/// The headers whose names start with `prefix` (ignoring case), with the prefix cut off
/// the name, for an `@httpPrefixHeaders` map.
pub fn prefixed(headers: &dyn Headers, prefix: &str) -> Vec<(String, String)> {
    headers
        .entries()
        .into_iter()
        .filter(|(name, _)| {
            name.len() >= prefix.len()
                && name.is_char_boundary(prefix.len())
                && name[..prefix.len()].eq_ignore_ascii_case(prefix)
        })
        .map(|(name, value)| (name[prefix.len()..].to_string(), value.to_string()))
        .collect()
}

/// The value of a list-typed header: every line of that name joined with `, ` (HTTP lets a
/// list arrive as several header lines, which transports keep apart), or the one
/// [`Headers::header`] gives where the headers cannot be listed.
pub fn header_list_value(headers: &dyn Headers, name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .entries()
        .into_iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .collect();
    if values.is_empty() {
        headers.header(name).map(str::to_string)
    } else {
        Some(values.join(", "))
    }
}

/// Reads a boolean header (`true` or `false`).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Reads a float header: a number, `NaN`, `Infinity` or `-Infinity`.
pub fn parse_float(text: &str) -> Option<f64> {
    match text.trim() {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        t => t.parse().ok(),
    }
}

/// Reads a timestamp header in any of the three formats (reading leniently costs nothing:
/// the member's format says how to write it).
pub fn parse_timestamp(text: &str) -> Option<DateTime> {
    let text = text.trim();
    DateTime::parse_http_date(text)
        .or_else(|| DateTime::parse_rfc3339(text))
        .or_else(|| crate::primitives::parse_epoch_seconds(text))
}

/// A header whose value is not of its member's type.
pub fn bad_header(context: &'static str, header: &'static str) -> DeserializeError {
    DeserializeError::invalid(context, header)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Inputs and expected encodings from Smithy's restJson1 compliance cases
    // (RestJsonHttpRequestLabelEscaping, RestJsonQueryStringEscaping, ...).
    const RESERVED: &str = " %:/?#[]@!$&'()*+,;=\u{1F639}";
    const RESERVED_ENCODED: &str =
        "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9";

    #[test]
    fn labels_encode_everything_but_unreserved_characters() {
        let mut path = "/HttpRequestWithLabels/".to_string();
        push_label(&mut path, "string", RESERVED, false).expect("label");
        assert_eq!(path, format!("/HttpRequestWithLabels/{RESERVED_ENCODED}"));
        let mut greedy = "/HttpRequestWithGreedyLabelInPath/foo/hello/baz/".to_string();
        push_label(&mut greedy, "baz", "there/guy", true).expect("label");
        assert_eq!(
            greedy,
            "/HttpRequestWithGreedyLabelInPath/foo/hello/baz/there/guy"
        );
        let mut unreserved = String::new();
        push_label(&mut unreserved, "u", "AZaz09-._~", false).expect("label");
        assert_eq!(unreserved, "AZaz09-._~");
    }

    #[test]
    fn an_empty_label_is_refused() {
        let error = push_label(&mut String::new(), "Bucket", "", false).expect_err("empty");
        assert!(error.to_string().contains("Bucket"), "{error}");
    }

    #[test]
    fn query_values_are_encoded_and_members_win_over_maps() {
        let mut query = Query::new("");
        query.push("String", RESERVED);
        let mut path = "/AllQueryStringTypesInput".to_string();
        query.finish(&mut path);
        assert_eq!(
            path,
            format!("/AllQueryStringTypesInput?String={RESERVED_ENCODED}")
        );

        // RestJsonQueryPrecedence: the member's `bar` wins; the map's other keys follow.
        let mut query = Query::new("");
        query.push("bar", "named");
        query.push_param("bar", "fromMap");
        query.push_param("qux", "alsoFromMap");
        let mut path = "/Precedence".to_string();
        query.finish(&mut path);
        assert_eq!(path, "/Precedence?bar=named&qux=alsoFromMap");

        // A literal query in the pattern comes first (RestJsonConstantQueryString).
        let mut query = Query::new("foo=bar&hello");
        query.push("x", "1");
        let mut path = "/ConstantQueryString/hi".to_string();
        query.finish(&mut path);
        assert_eq!(path, "/ConstantQueryString/hi?foo=bar&hello&x=1");
        let mut path = "/p".to_string();
        Query::new("").finish(&mut path);
        assert_eq!(path, "/p");
    }

    #[test]
    fn header_lists_quote_items_with_commas_and_quotes_and_read_back() {
        // RestJsonInputAndOutputWithQuotedStringHeaders.
        let items = ["b,c", "\"def\"", "a"];
        let header = header_list(items);
        assert_eq!(header, r#""b,c", "\"def\"", a"#);
        assert_eq!(split_header_list(&header).expect("list"), items);
        assert_eq!(split_header_list("a, b,c").expect("list"), ["a", "b", "c"]);
        assert_eq!(split_header_list("").expect("list"), [""]);
        assert_eq!(
            split_header_list(r#"a, "b\\c""#).expect("list"),
            ["a", r"b\c"]
        );
        assert!(split_header_list(r#""unclosed"#).is_none());
        assert!(split_header_list(r#""a"b"#).is_none());
    }

    #[test]
    fn scalars_read_and_write_as_smithy_spells_them() {
        assert_eq!(float(1.1), "1.1");
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(float32(1.1), "1.1");
        assert_eq!(float32(f32::INFINITY), "Infinity");
        assert_eq!(float(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_bool("false"), Some(false));
        assert_eq!(parse_bool("no"), None);
        let t = DateTime::from_secs(1576540098);
        assert_eq!(epoch_seconds(&t), "1576540098");
        assert_eq!(date_time("t", &t).expect("date"), "2019-12-16T23:48:18Z");
        assert_eq!(
            http_date("t", &t).expect("date"),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );
        for text in [
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "2019-12-16T23:48:18Z",
            "1576540098",
        ] {
            assert_eq!(parse_timestamp(text), Some(t), "{text}");
        }
    }

    #[test]
    fn headers_refuse_line_breaks_and_prefixes_match_ignoring_case() {
        let mut headers = Vec::new();
        assert!(push_header(&mut headers, "m", "X-A".into(), "a\r\nX-B: b".into()).is_err());
        push_header(&mut headers, "m", "X-A".into(), "a".into()).expect("plain value");
        let response = [("x-foo-abc", "1"), ("X-Foo-Def", "2"), ("other", "3")];
        assert_eq!(
            prefixed(&response, "X-Foo-"),
            [
                ("abc".to_string(), "1".to_string()),
                ("Def".to_string(), "2".to_string())
            ]
        );
    }

    #[test]
    fn list_headers_on_several_lines_are_one_list() {
        let response = [("X-L", "a, b"), ("x-l", "c"), ("X-Other", "d")];
        assert_eq!(
            header_list_value(&response, "x-l").as_deref(),
            Some("a, b, c")
        );
        assert_eq!(header_list_value(&response, "X-None"), None);
    }

    #[test]
    fn http_date_lists_split_on_every_second_comma() {
        // RestJsonInputAndOutputWithTimestampHeaders.
        let value = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
        assert_eq!(
            split_http_date_list(value),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Mon, 16 Dec 2019 23:48:18 GMT"
            ]
        );
        assert_eq!(split_http_date_list(""), Vec::<&str>::new());
        assert_eq!(
            split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT"),
            ["Mon, 16 Dec 2019 23:48:18 GMT"]
        );
    }
}
