//! Converts the HTML found in Smithy `smithy.api#documentation` traits into CommonMark that
//! rustdoc renders without warnings, so generated items can carry the service's own docs.
//!
//! AWS models write documentation as loosely formed HTML fragments indented for their
//! authors' editors, while rustdoc reads CommonMark and lints it: it complains about
//! unclosed HTML tags, brackets that look like broken intra-doc links and bare URLs, and it
//! runs unlabelled or indented code blocks as doctests. The converter therefore rebuilds the
//! document from a forgiving tag stream and escapes every character of plain text that
//! CommonMark or rustdoc could read as syntax. Documentation without any known HTML tag is
//! treated as plain text (or CommonMark) and keeps its line and paragraph structure.
//!
//! The conversion never panics, runs in time linear in the input, and is deterministic.
//!
//! `tokenize` splits the input into text and tags; `render` is the state machine that
//! turns them into blocks, `plain` its front end for plain text, `inline` assembles the
//! text of a paragraph and `emphasis` its bold and italics; `escape` writes text, code
//! spans, URLs and link destinations. The tests check every output with a CommonMark parser
//! against what the input means.

mod emphasis;
mod escape;
mod inline;
mod plain;
mod render;
mod tokenize;

#[cfg(test)]
mod tests;

use plain::render_plain;
use render::render_html;
use tokenize::{Token, tokenize};

/// Converts a Smithy documentation string (an HTML fragment, or plain text when it contains
/// no known HTML tag) into CommonMark that rustdoc renders without warnings.
///
/// The result has its lines separated by `\n`, blocks separated by one blank line, and no
/// trailing newline; it is empty when the input holds no text.
pub fn html_to_markdown(html: &str) -> String {
    let tokens = tokenize(html);
    let is_html = tokens
        .iter()
        .any(|token| matches!(token, Token::Start(_) | Token::End(_)));
    if is_html {
        render_html(&tokens)
    } else {
        render_plain(&tokens)
    }
}
