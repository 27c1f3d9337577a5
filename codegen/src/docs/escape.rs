//! Markdown escaping: plain text, code spans, bare URLs (as autolinks) and link
//! destinations, written so that CommonMark shows them as meant and rustdoc finds nothing to lint.

use std::collections::HashMap;

pub(super) fn push_code_span(out: &mut String, content: &str) {
    let fence = "`".repeat(longest_backtick_run(content) + 1);
    let pad = content.starts_with('`') || content.ends_with('`');
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    out.push_str(content);
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

pub(super) fn longest_backtick_run(s: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for b in s.bytes() {
        if b == b'`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

pub(super) enum Piece<'a> {
    Text(&'a str),
    /// Content of a backtick code span written in the text.
    Code(&'a str),
    /// Backticks that open no code span.
    Backticks(&'a str),
}

/// Splits text into CommonMark code spans and the rest, in linear time: each backtick run
/// is paired with the next run of the same length, found through a table built backwards.
pub(super) fn split_code_spans(text: &str) -> Vec<Piece<'_>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    let mut next_same = vec![None; runs.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (index, &(_, len)) in runs.iter().enumerate().rev() {
        next_same[index] = seen.insert(len, index);
    }
    let mut pieces = Vec::new();
    let mut pos = 0;
    let mut index = 0;
    while index < runs.len() {
        let (start, len) = runs[index];
        if start > pos {
            pieces.push(Piece::Text(&text[pos..start]));
        }
        match next_same[index] {
            Some(close) => {
                let (close_start, close_len) = runs[close];
                pieces.push(Piece::Code(&text[start + len..close_start]));
                pos = close_start + close_len;
                index = close + 1;
            }
            None => {
                pieces.push(Piece::Backticks(&text[start..start + len]));
                pos = start + len;
                index += 1;
            }
        }
    }
    if pos < text.len() {
        pieces.push(Piece::Text(&text[pos..]));
    }
    pieces
}

/// Applies CommonMark's code span whitespace rules, with runs collapsed like other text.
pub(super) fn normalize_code_span(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for ch in content.chars() {
        if ch.is_ascii_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(ch);
        }
    }
    if out.len() > 2 && out.starts_with(' ') && out.ends_with(' ') {
        out = out[1..out.len() - 1].to_string();
    }
    out
}

/// Writes a whitespace-free word, wrapping URLs in angle brackets (rustdoc warns about bare
/// ones) and escaping everything else.
pub(super) fn escape_word(
    out: &mut String,
    word: &str,
    line_start: bool,
    autolink: bool,
    plain: bool,
) {
    let mut rest = word;
    let mut at_line_start = line_start;
    while !rest.is_empty() {
        let url = if autolink { find_url(rest) } else { None };
        match url {
            Some((start, end)) => {
                escape_text(out, &rest[..start], at_line_start, plain);
                out.push('<');
                out.push_str(&rest[start..end]);
                out.push('>');
                rest = &rest[end..];
            }
            None => {
                escape_text(out, rest, at_line_start, plain);
                rest = "";
            }
        }
        at_line_start = false;
    }
}

/// Finds the first `http://` or `https://` URL in a word, without trailing punctuation.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let bytes = word.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b'h' || b == b'H') {
        let start = from + offset;
        from = start + 1;
        let rest = &bytes[start..];
        let scheme_len = if starts_with_ignore_case(rest, b"https://") {
            8
        } else if starts_with_ignore_case(rest, b"http://") {
            7
        } else {
            continue;
        };
        let mut end = start
            + rest
                .iter()
                .position(|&b| {
                    b.is_ascii_control() || matches!(b, b' ' | b'<' | b'>' | b'"' | b'`')
                })
                .unwrap_or(rest.len());
        let url = &word[start..end];
        let mut parens = url.matches('(').count() as isize - url.matches(')').count() as isize;
        let mut brackets = url.matches('[').count() as isize - url.matches(']').count() as isize;
        while let Some(last) = word[start..end].chars().next_back() {
            let trim = match last {
                ')' if parens < 0 => {
                    parens += 1;
                    true
                }
                ']' if brackets < 0 => {
                    brackets += 1;
                    true
                }
                _ => ".,:;!?'\"*_~".contains(last),
            };
            if !trim {
                break;
            }
            end -= last.len_utf8();
        }
        if end > start + scheme_len {
            return Some((start, end));
        }
    }
    None
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Escapes literal text so CommonMark shows it as written and rustdoc finds nothing to lint.
fn escape_text(out: &mut String, text: &str, line_start: bool, plain: bool) {
    let mut text = text;
    if line_start {
        if plain && is_list_marker(text) {
            // Plain-text documentation may be CommonMark: keep its lists working.
            out.push_str(if text == "*" { "-" } else { text });
            return;
        }
        if let Some(number) = text.strip_suffix(['.', ')'])
            && !number.is_empty()
            && number.len() <= 9
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            out.push_str(number);
            out.push('\\');
            out.push_str(&text[number.len()..]);
            return;
        }
        let block_marker = text.starts_with('#')
            || text == "-"
            || text == "+"
            || text == ":"
            || text.starts_with("--")
            || (text.starts_with('=') && text.bytes().all(|b| b == b'='));
        if block_marker {
            out.push('\\');
            out.push_str(&text[..1]);
            text = &text[1..];
        }
    }
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        match ch {
            '\\' | '[' | ']' | '<' | '>' | '*' | '`' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '_' => {
                // An underscore inside a word cannot start or end emphasis.
                let prev = out.chars().next_back().is_some_and(char::is_alphanumeric);
                let next = chars.peek().is_some_and(|&(_, c)| c.is_alphanumeric());
                if !(prev && next) {
                    out.push('\\');
                }
                out.push('_');
            }
            '&' if looks_like_reference(&text[index..]) => out.push_str("\\&"),
            // HTML text has no tables; a `<br>` could otherwise line up a delimiter row.
            '|' if !plain => out.push_str("\\|"),
            _ => out.push(ch),
        }
    }
}

fn is_list_marker(word: &str) -> bool {
    matches!(word, "-" | "+" | "*")
        || word.strip_suffix(['.', ')']).is_some_and(|number| {
            !number.is_empty() && number.len() <= 9 && number.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Whether CommonMark would decode `text` (starting with `&`) as a character reference.
fn looks_like_reference(text: &str) -> bool {
    let bytes = &text.as_bytes()[1..];
    let body = match bytes.first() {
        Some(b'#') => match bytes.get(1) {
            Some(b'x' | b'X') => &bytes[2..],
            _ => &bytes[1..],
        },
        _ => bytes,
    };
    let len = body
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    len > 0 && body.get(len) == Some(&b';')
}

/// Turns an `href` into a link destination, or `None` when it should not become a link:
/// when it is empty, or when rustdoc would take it for an intra-doc path and fail to
/// resolve it.
pub(super) fn link_destination(href: &str) -> Option<String> {
    let href = href.trim_ascii();
    if href.is_empty() {
        return None;
    }
    let mut dest = String::with_capacity(href.len());
    for ch in href.chars() {
        match ch {
            c if c.is_ascii_control() || c == ' ' => dest.push_str(&format!("%{:02X}", c as u32)),
            '<' => dest.push_str("%3C"),
            '>' => dest.push_str("%3E"),
            '(' => dest.push_str("%28"),
            ')' => dest.push_str("%29"),
            '\\' => dest.push_str("%5C"),
            '`' => dest.push_str("%60"),
            _ => dest.push(ch),
        }
    }
    rustdoc_ignores(&dest).then_some(dest)
}

/// Mirrors the test rustdoc applies before resolving a link destination as an item path:
/// it skips anything with a `/`, pure anchors, and anything with a character no path (with
/// its disambiguator) can contain, but rejects a second `#`.
pub(super) fn rustdoc_ignores(dest: &str) -> bool {
    if dest.contains('/') {
        return true;
    }
    let mut parts = dest.split('#');
    let path = parts.next().unwrap_or_default();
    if path.trim().is_empty() {
        return true;
    }
    parts.nth(1).is_none()
        && path.contains(|c: char| !(c.is_alphanumeric() || ":_<>, !*&;@()".contains(c)))
}

/// Renders a link without text: as an autolink when CommonMark accepts one, else with the
/// destination as its text.
pub(super) fn empty_link(dest: &str) -> String {
    let scheme_len = dest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        .count();
    let absolute = (2..=32).contains(&scheme_len)
        && dest.as_bytes()[0].is_ascii_alphabetic()
        && dest.as_bytes().get(scheme_len) == Some(&b':');
    if absolute {
        format!("<{dest}>")
    } else {
        let mut text = String::new();
        escape_text(&mut text, dest, false, false);
        format!("[{text}]({dest})")
    }
}
