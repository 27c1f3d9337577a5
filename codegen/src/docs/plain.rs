//! Plain-text mode: documentation without HTML tags keeps its lines and paragraphs, its
//! CommonMark lists and code fences.

use std::mem;

use super::render::Renderer;
use super::tokenize::{Token, push_text};

pub(super) fn render_plain(tokens: &[Token<'_>]) -> String {
    let mut text = String::new();
    for token in tokens {
        match token {
            Token::Text(t) => text.push_str(t),
            Token::Unknown(raw) => push_text(&mut text, raw),
            Token::Start(_) | Token::End(_) => {}
        }
    }
    // A bare carriage return left inside a code block would end up in a `///` comment,
    // where rustc rejects it.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut r = Renderer::new(true);
    let lines: Vec<&str> = text.lines().collect();
    let mut para = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_ascii();
        if let Some((fence_char, fence_len, info)) = code_fence(trimmed) {
            r.plain_paragraph(&mem::take(&mut para));
            let indent = line.len() - line.trim_ascii_start().len();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() {
                let candidate = lines[i].trim_ascii();
                if candidate.len() >= fence_len && candidate.bytes().all(|b| b == fence_char) {
                    break;
                }
                let content = lines[i];
                let strip = content.len() - content.trim_ascii_start().len();
                body.push(content[strip.min(indent)..].trim_ascii_end());
                i += 1;
            }
            i += 1;
            r.code_block(&body, fence_language(info));
            continue;
        }
        if trimmed.is_empty() {
            r.plain_paragraph(&mem::take(&mut para));
        } else {
            if !para.is_empty() {
                para.push('\n');
            }
            para.push_str(trimmed);
        }
        i += 1;
    }
    r.plain_paragraph(&para);
    r.finish()
}

/// Recognises a CommonMark code fence opening line, returning its character, length and
/// info string.
fn code_fence(line: &str) -> Option<(u8, usize, &str)> {
    let fence_char = *line.as_bytes().first()?;
    if fence_char != b'`' && fence_char != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == fence_char).count();
    let info = line[len..].trim_ascii();
    // A backtick in the info string means the line is an inline code span instead.
    (len >= 3 && !(fence_char == b'`' && info.contains('`'))).then_some((fence_char, len, info))
}

/// Keeps a fence's language when rustdoc can parse it and will not run the block as a
/// doctest: code in a service model is not Rust meant to compile against the generated crate.
fn fence_language(info: &str) -> &str {
    let language = info.split([' ', ',', '\t']).next().unwrap_or_default();
    let parsable = language.starts_with(|c: char| c.is_ascii_alphanumeric())
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.' | '#'));
    let lower = language.to_ascii_lowercase();
    let doctest = matches!(
        lower.as_str(),
        "rust"
            | "ignore"
            | "should_panic"
            | "no_run"
            | "compile_fail"
            | "test_harness"
            | "standalone_crate"
            | "allow_fail"
    ) || lower.starts_with("edition")
        || lower.starts_with("ignore-");
    if parsable && !doctest {
        language
    } else {
        "text"
    }
}

impl Renderer {
    fn plain_paragraph(&mut self, text: &str) {
        if !text.is_empty() {
            self.inline_text(text);
            self.flush_para();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_cases;

    /// `(input, expected)` pairs for documentation without HTML.
    const CASES: &[(&str, &str)] = &[
        // Plain text keeps its lines and paragraphs.
        (
            "Plain *text* with [x].\n\n   Second   paragraph\n   continues.",
            "Plain \\*text\\* with \\[x\\].\n\nSecond paragraph\ncontinues.",
        ),
        (
            "# Title\n- a\n* b\n1. c\n--\n===",
            "\\# Title\n- a\n- b\n1. c\n\\--\n\\===",
        ),
        ("Replace <region> with a_b", "Replace \\<region\\> with a_b"),
        ("Use `x < y` please", "Use `x < y` please"),
        ("a < b && c > d | e", "a \\< b && c \\> d \\| e"),
        ("Go to https://e.com.", "Go to <https://e.com>."),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        (
            "Example:\n```\n  a < b\n```\nafter",
            "Example:\n\n```text\n  a < b\n```\n\nafter",
        ),
        ("~~~json\n{}\n~~~", "```json\n{}\n```"),
        ("```rust,no_run\nfn f() {}\n```", "```text\nfn f() {}\n```"),
        ("```<!--[\nx\n```", "```text\nx\n```"),
        ("``` c++ {.x}\nx\n```", "```c++\nx\n```"),
        ("```\nnever closed", "```text\nnever closed\n```"),
        ("```\na\rb\r\n```\r\nc\rd", "```text\na\nb\n```\n\nc\nd"),
        ("one\n\n\n\ntwo", "one\n\ntwo"),
        // A list marker needs text after it on its line: a lone `-` under a line would
        // make that line a heading.
        ("word\n* ", "word\n\\*"),
        ("a\n-", "a\n\\-"),
        ("*https://e.com", "\\*<https://e.com>"),
        ("1. `\n  `* word", "1. \\* word"),
        // What follows a marker starts a block too.
        ("* ---", "- \\---"),
        ("2) ## x", "2) \\## x"),
        ("- * 2)", "- - 2\\)"),
        // No tables.
        ("| a |\n|---|", "\\| a \\|\n\\|---\\|"),
    ];

    #[test]
    fn cases() {
        assert_cases(CASES);
    }
}
