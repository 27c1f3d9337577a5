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
/// ones) and escaping everything else. With `marker` (plain text, and a space follows on
/// the line), a list marker starting a line is kept, since plain-text documentation may be
/// CommonMark; alone on its line it would be an empty item, or make the line above a
/// heading. Returns whether it kept one.
pub(super) fn escape_word(
    out: &mut String,
    word: &str,
    line_start: bool,
    autolink: bool,
    marker: bool,
) -> bool {
    if line_start && marker && is_list_marker(word) {
        out.push_str(if word == "*" { "-" } else { word });
        return true;
    }
    let mut rest = word;
    let mut at_line_start = line_start;
    while !rest.is_empty() {
        let url = if autolink { find_url(rest) } else { None };
        match url {
            Some((start, end)) => {
                escape_text(out, &rest[..start], at_line_start);
                out.push('<');
                out.push_str(&rest[start..end]);
                out.push('>');
                rest = &rest[end..];
            }
            None => {
                escape_text(out, rest, at_line_start);
                rest = "";
            }
        }
        at_line_start = false;
    }
    false
}

/// Finds the first `http://` or `https://` URL in a word, without trailing punctuation.
pub(super) fn find_url(word: &str) -> Option<(usize, usize)> {
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

/// Where a word starting a line needs a backslash so that CommonMark reads no block syntax
/// (heading, list item, thematic break, setext underline, definition) into it.
pub(super) fn block_syntax_escape(word: &str) -> Option<usize> {
    if let Some(number) = word.strip_suffix(['.', ')'])
        && !number.is_empty()
        && number.len() <= 9
        && number.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(number.len());
    }
    let block_marker = word.starts_with('#')
        || word == "-"
        || word == "+"
        || word == ":"
        || word.starts_with("--")
        || (word.starts_with('=') && word.bytes().all(|b| b == b'='));
    block_marker.then_some(0)
}

/// Escapes literal text so CommonMark shows it as written and rustdoc finds nothing to lint.
fn escape_text(out: &mut String, text: &str, line_start: bool) {
    let mut text = text;
    if line_start && let Some(at) = block_syntax_escape(text) {
        out.push_str(&text[..at]);
        out.push('\\');
        if at > 0 {
            out.push_str(&text[at..]);
            return;
        }
        out.push_str(&text[..1]);
        text = &text[1..];
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
            // Neither HTML nor plain text has tables: a `<br>` or a line of plain text could
            // otherwise line up a delimiter row.
            '|' => out.push_str("\\|"),
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
        escape_text(&mut text, dest, false);
        inline_link(&text, dest)
    }
}

/// Writes a link with Markdown `text` to `dest` (from [`link_destination`]). CommonMark
/// decodes character references in a destination, so an `&` that would start one (the
/// `href` had `&amp;lt;`) is escaped; autolinks decode nothing and take `dest` as it is.
pub(super) fn inline_link(text: &str, dest: &str) -> String {
    let mut out = format!("[{text}](");
    for (index, ch) in dest.char_indices() {
        if ch == '&' && looks_like_reference(&dest[index..]) {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_cases;

    /// `(input, expected)` pairs for escaping, code spans, bare URLs and link destinations.
    const CASES: &[(&str, &str)] = &[
        // Links.
        (
            "<p>See <a href=\"https://example.com/x\">the docs</a>.</p>",
            "See [the docs](https://example.com/x).",
        ),
        (
            "<a href='https://example.com'>single</a>",
            "[single](https://example.com)",
        ),
        (
            "<a href=https://example.com>unquoted</a>",
            "[unquoted](https://example.com)",
        ),
        (
            "<a href=\"https://example.com\"></a>",
            "<https://example.com>",
        ),
        (
            "<a href=\"https://example.com\">  </a>",
            "<https://example.com>",
        ),
        (
            "<a href=\"guide/index.html\"></a>",
            "[guide/index.html](guide/index.html)",
        ),
        ("<a name=\"top\">anchor</a> text", "anchor text"),
        ("<a href=\"\">empty href</a>", "empty href"),
        (
            "<a href=\" https://e.com/a?b=1&amp;c=2 (x)\">q</a>",
            "[q](https://e.com/a?b=1&c=2%20%28x%29)",
        ),
        ("<a href=\"#section\">here</a>", "[here](#section)"),
        ("<a href=\"API_Foo.html\">Foo</a>", "[Foo](API_Foo.html)"),
        // Bare words and `a#b#c` would be resolved (and fail) as intra-doc links.
        ("<a href=\"CreateUser\">CreateUser</a>", "CreateUser"),
        ("<a href=\"urn:x\">urn</a>", "urn"),
        ("<a href=\"a#b#c\">anchors</a>", "anchors"),
        (
            "<a href=\"https://e.com\"><code>Foo</code></a>",
            "[`Foo`](https://e.com)",
        ),
        (
            "see<a href=\"https://e.com\"> spaced </a>now",
            "see [spaced](https://e.com) now",
        ),
        (
            "<a href=\"https://e.com\">https://e.com</a>",
            "[https://e.com](https://e.com)",
        ),
        (
            "<a href=\"https://e.com\">outer <a href=\"https://f.com\">inner</a></a>",
            "[outer inner](https://e.com)",
        ),
        (
            "<a href=\"https://e.com\">a<p>b</p></a>",
            "[a](https://e.com)\n\nb",
        ),
        (
            "<a href=\"https://e.com\">[x] *y*</a>",
            "[\\[x\\] \\*y\\*](https://e.com)",
        ),
        // CommonMark decodes references in a destination, but not in an autolink.
        (
            "<a href=\"https://e.com/?a&amp;lt;b\">q</a>",
            "[q](https://e.com/?a\\&lt;b)",
        ),
        (
            "<a href=\"https://e.com/?a&amp;lt;b\"></a>",
            "<https://e.com/?a&lt;b>",
        ),
        // Inline code.
        ("<p>Use <code>x_y*z[0]</code> now</p>", "Use `x_y*z[0]` now"),
        ("<code>a`b</code>", "``a`b``"),
        ("<code>`a</code>", "`` `a ``"),
        ("<code>{\n   \"a\": 1\n}</code>", "`{ \"a\": 1 }`"),
        ("<code>a</code><code>b</code>", "`ab`"),
        ("<code>a </code>b", "`a` b"),
        ("a<code> b</code>", "a `b`"),
        ("a <code></code> b <code>  </code> c", "a b c"),
        ("<code>&lt;T&gt; &amp; <b>x</b></code>", "`<T> & x`"),
        ("<tt>t</tt> <kbd>k</kbd> <samp>s</samp>", "`t` `k` `s`"),
        ("<code>a<br>b</code>", "`a b`"),
        ("<p><code>x</p>y", "`x`\n\ny"),
        ("<p>Use `a_b[0]` here</p>", "Use `a_b[0]` here"),
        ("<p>`a`<code>b</code></p>", "`ab`"),
        ("<p>it`s</p>", "it\\`s"),
        // Escaping of plain text.
        (
            "<p>[a] *b* _c_ d_e \\ `f &lt;g&gt; ~h | i</p>",
            "\\[a\\] \\*b\\* \\_c\\_ d_e \\\\ \\`f \\<g\\> \\~h \\| i",
        ),
        ("<p>_x a_b _ c__d</p>", "\\_x a_b \\_ c\\_\\_d"),
        (
            "<p># a</p><p>- b</p><p>+ c</p><p>1. d</p><p>2) e</p><p>--- f</p><p>=== g</p><p>&gt; h</p>",
            "\\# a\n\n\\- b\n\n\\+ c\n\n1\\. d\n\n2\\) e\n\n\\--- f\n\n\\=== g\n\n\\> h",
        ),
        (
            "<p>a<br>- b<br>1. c<br>===<br>: d</p>",
            "a\\\n\\- b\\\n1\\. c\\\n\\===\\\n\\: d",
        ),
        ("<p>-x 1.5 #tag a-b</p>", "-x 1.5 #tag a-b"),
        ("<p>![img](x) [^1]</p>", "!\\[img\\](x) \\[^1\\]"),
        // Bare URLs.
        (
            "<p>Visit https://example.com/a_b, or (http://x.org/p).</p>",
            "Visit <https://example.com/a_b>, or (<http://x.org/p>).",
        ),
        (
            "<p>https://e.com/a_(b) \"HTTPS://E.COM\" https:// x</p>",
            "<https://e.com/a_(b)> \"<HTTPS://E.COM>\" https:// x",
        ),
        ("<p>See:https://e.com/x.</p>", "See:<https://e.com/x>."),
        ("<p>`https://e.com`</p>", "`https://e.com`"),
    ];

    #[test]
    fn cases() {
        assert_cases(CASES);
    }
}
