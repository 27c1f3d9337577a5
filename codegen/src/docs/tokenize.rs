//! HTML lexing: splits a documentation string into text (with character references
//! decoded), the start and end tags the renderer knows, and the markup of tags it does not.

use std::mem;

/// Bounds how far a single tag may extend so that a stray `<` can never make the tokenizer
/// rescan large parts of the input, which keeps tokenizing linear.
const MAX_TAG_LEN: usize = 8192;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tag {
    P,
    Div,
    Blockquote,
    Note,
    Important,
    Warning,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Pre,
    Code,
    A,
    B,
    I,
    Br,
    Hr,
    Table,
    Tr,
    Cell,
}

pub(super) const TAG_COUNT: usize = Tag::Cell as usize + 1;

impl Tag {
    fn from_name(name: &str) -> Option<Tag> {
        Some(match name {
            "p" => Tag::P,
            "div" | "section" | "article" | "header" | "footer" => Tag::Div,
            "blockquote" => Tag::Blockquote,
            "note" => Tag::Note,
            "important" => Tag::Important,
            "warning" => Tag::Warning,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "h4" => Tag::H4,
            "h5" => Tag::H5,
            "h6" => Tag::H6,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "pre" => Tag::Pre,
            "code" | "tt" | "kbd" | "samp" => Tag::Code,
            "a" => Tag::A,
            "b" | "strong" => Tag::B,
            "i" | "em" => Tag::I,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "table" | "thead" | "tbody" | "tfoot" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Cell,
            _ => return None,
        })
    }

    /// Block tags end the paragraph being built, and with it any open link or inline code.
    pub(super) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Code | Tag::A | Tag::B | Tag::I | Tag::Br | Tag::Cell
        )
    }

    pub(super) fn heading_level(self) -> Option<usize> {
        Some(match self {
            Tag::H1 => 1,
            Tag::H2 => 2,
            Tag::H3 => 3,
            Tag::H4 => 4,
            Tag::H5 => 5,
            Tag::H6 => 6,
            _ => return None,
        })
    }
}

pub(super) struct StartTag {
    pub(super) tag: Tag,
    pub(super) self_closing: bool,
    pub(super) href: Option<String>,
    pub(super) start: Option<u64>,
}

pub(super) enum Token<'a> {
    /// Text with its character references already decoded.
    Text(String),
    Start(StartTag),
    End(Tag),
    /// Markup of a tag this converter does not know, kept verbatim so that plain-text
    /// documentation can show it (`<region>` placeholders, e-mail addresses).
    Unknown(&'a str),
}

enum Markup {
    Ignored,
    Start(StartTag),
    End(Tag),
    Unknown,
}

pub(super) fn tokenize(src: &str) -> Vec<Token<'_>> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut comment_unterminated = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => match parse_markup(src, i, &mut comment_unterminated) {
                Some((markup, end)) => {
                    // Comments vanish without splitting the text around them.
                    if !matches!(markup, Markup::Ignored) && !text.is_empty() {
                        tokens.push(Token::Text(mem::take(&mut text)));
                    }
                    match markup {
                        Markup::Ignored => {}
                        Markup::Start(start) => tokens.push(Token::Start(start)),
                        Markup::End(tag) => tokens.push(Token::End(tag)),
                        Markup::Unknown => tokens.push(Token::Unknown(&src[i..end])),
                    }
                    i = end;
                }
                None => {
                    text.push('<');
                    i += 1;
                }
            },
            b'&' => {
                let (decoded, len) = decode_reference(&src[i..]);
                match decoded {
                    Some(ch) => text.push(ch),
                    None => text.push('&'),
                }
                i += len;
            }
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'<' || b == b'&')
                    .map_or(bytes.len(), |p| i + p);
                push_text(&mut text, &src[i..end]);
                i = end;
            }
        }
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    tokens
}

/// Parses the markup starting at `src[at] == '<'`, returning it with the offset just past
/// it, or `None` when the `<` has to be read as text.
fn parse_markup(src: &str, at: usize, comment_unterminated: &mut bool) -> Option<(Markup, usize)> {
    let bytes = src.as_bytes();
    let rest = &bytes[at..];
    if rest.starts_with(b"<!--") {
        // Once a search for `-->` has failed no later comment can be closed either; the
        // flag keeps repeated unterminated comments from making the scan quadratic.
        if *comment_unterminated {
            return None;
        }
        return match src[at + 4..].find("-->") {
            Some(p) => Some((Markup::Ignored, at + 4 + p + 3)),
            None => {
                *comment_unterminated = true;
                None
            }
        };
    }
    let limit = bytes.len().min(at.saturating_add(MAX_TAG_LEN));
    match rest.get(1) {
        Some(b'!' | b'?') => {
            let end = bytes[at + 1..limit]
                .iter()
                .position(|&b| b == b'>' || b == b'<')
                .map(|p| at + 1 + p)?;
            (bytes[end] == b'>').then_some((Markup::Ignored, end + 1))
        }
        Some(b'/') => {
            let name_start = at + 2;
            if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            let name_end = scan_name(bytes, name_start, limit);
            let end = bytes[name_end..limit]
                .iter()
                .position(|&b| b == b'>' || b == b'<')
                .map(|p| name_end + p)?;
            if bytes[end] != b'>' {
                return None;
            }
            let name = src[name_start..name_end].to_ascii_lowercase();
            let markup = match Tag::from_name(&name) {
                Some(tag) => Markup::End(tag),
                None => Markup::Unknown,
            };
            Some((markup, end + 1))
        }
        Some(b) if b.is_ascii_alphabetic() => parse_start_tag(src, at, limit),
        _ => None,
    }
}

fn scan_name(bytes: &[u8], from: usize, limit: usize) -> usize {
    let mut i = from;
    while i < limit && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' || bytes[i] == b':') {
        i += 1;
    }
    i
}

fn parse_start_tag(src: &str, at: usize, limit: usize) -> Option<(Markup, usize)> {
    let bytes = src.as_bytes();
    let name_end = scan_name(bytes, at + 1, limit);
    // Something like `<user@example.com>` is text, not a tag.
    if !bytes
        .get(name_end)
        .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
    {
        return None;
    }
    let name = src[at + 1..name_end].to_ascii_lowercase();
    let mut href = None;
    let mut start = None;
    let mut self_closing = false;
    let mut i = name_end;
    loop {
        while i < limit && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= limit {
            return None;
        }
        match bytes[i] {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                i += 1;
                if bytes.get(i) == Some(&b'>') && i < limit {
                    self_closing = true;
                    i += 1;
                    break;
                }
                continue;
            }
            b'<' | b'"' | b'\'' | b'=' => return None,
            _ => {}
        }
        let attr_start = i;
        while i < limit
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/' | b'<' | b'"' | b'\'')
        {
            i += 1;
        }
        let attr = &src[attr_start..i];
        while i < limit && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= limit || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < limit && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= limit {
            return None;
        }
        let value = match bytes[i] {
            quote @ (b'"' | b'\'') => {
                let len = bytes[i + 1..limit].iter().position(|&b| b == quote)?;
                let value = &src[i + 1..i + 1 + len];
                i += len + 2;
                value
            }
            _ => {
                let value_start = i;
                while i < limit && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    if bytes[i] == b'<' {
                        return None;
                    }
                    i += 1;
                }
                &src[value_start..i]
            }
        };
        if attr.eq_ignore_ascii_case("href") {
            href = Some(decode_references(value));
        } else if attr.eq_ignore_ascii_case("start") {
            start = value.trim().parse().ok();
        }
    }
    let markup = match Tag::from_name(&name) {
        Some(tag) => Markup::Start(StartTag {
            tag,
            self_closing,
            href,
            start,
        }),
        None => Markup::Unknown,
    };
    Some((markup, i))
}

fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(p) = s[i..].find('&') {
        out.push_str(&s[i..i + p]);
        let (decoded, len) = decode_reference(&s[i + p..]);
        match decoded {
            Some(ch) => out.push(ch),
            None => out.push('&'),
        }
        i += p + len;
    }
    out.push_str(&s[i..]);
    out
}

/// Decodes the character reference at the start of `s` (which starts with `&`), returning
/// the character and how many bytes it used; `None` with length 1 when `&` is just text.
fn decode_reference(s: &str) -> (Option<char>, usize) {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let (radix, digits_start) = match bytes.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut i = digits_start;
        let mut value: u32 = 0;
        // Eight digits cannot overflow `u32` in either radix.
        while i < bytes.len() && i - digits_start < 8 {
            match (bytes[i] as char).to_digit(radix) {
                Some(d) => value = value * radix + d,
                None => break,
            }
            i += 1;
        }
        if i == digits_start || bytes.get(i) != Some(&b';') {
            return (None, 1);
        }
        return (Some(code_point(value)), i + 1);
    }
    let mut i = 1;
    while i < bytes.len() && i <= 32 && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i > 1
        && bytes.get(i) == Some(&b';')
        && let Some(ch) = named_reference(&s[1..i])
    {
        return (Some(ch), i + 1);
    }
    (None, 1)
}

/// Maps numeric references the way HTML does for values that are not characters, and
/// control characters the same way: they have no meaning in documentation and would only
/// make the generated source harder to read.
fn code_point(value: u32) -> char {
    match char::from_u32(value) {
        Some(ch) if !is_stray_control(ch) => ch,
        _ => '\u{FFFD}',
    }
}

fn is_stray_control(ch: char) -> bool {
    ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\x0C')
}

/// Appends source text, replacing control characters as [`code_point`] does.
pub(super) fn push_text(out: &mut String, text: &str) {
    if text.chars().any(is_stray_control) {
        out.extend(
            text.chars()
                .map(|ch| if is_stray_control(ch) { '\u{FFFD}' } else { ch }),
        );
    } else {
        out.push_str(text);
    }
}

fn named_reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "bull" => '\u{2022}',
        "middot" => '\u{B7}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "deg" => '\u{B0}',
        "times" => '\u{D7}',
        "divide" => '\u{F7}',
        "plusmn" => '\u{B1}',
        "minus" => '\u{2212}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "ne" => '\u{2260}',
        "larr" => '\u{2190}',
        "rarr" => '\u{2192}',
        "harr" => '\u{2194}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "cent" => '\u{A2}',
        "yen" => '\u{A5}',
        "sect" => '\u{A7}',
        "para" => '\u{B6}',
        "shy" => '\u{AD}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_cases;

    /// `(input, expected)` pairs for tags, comments, character references and malformed markup.
    const CASES: &[(&str, &str)] = &[
        // Unknown tags and comments.
        (
            "<p>A <span class=\"x\">span</span> and <fullname>Full</fullname>.</p>",
            "A span and Full.",
        ),
        ("<p>Vec<u8></p>", "Vec"),
        ("<p>a<!-- hidden -->b <!-- x\n y --> c</p>", "ab c"),
        ("<p>x<!DOCTYPE html><?pi ?>y</p>", "xy"),
        ("<p>a <!-- unterminated</p>", "a \\<!-- unterminated"),
        // Character references.
        (
            "<p>&amp; &lt; &gt; &quot; &apos; &#39; &#x27; &#65;&#x42;</p>",
            "& \\< \\> \" ' ' ' AB",
        ),
        ("<p>a&nbsp;b</p>", "a\u{a0}b"),
        (
            "<p>&bogus; &amp &#; &#xZ;</p>",
            "\\&bogus; &amp &#; \\&#xZ;",
        ),
        (
            "<p>&#0;&#xD800;&#x110000;&#99999999999;</p>",
            "\u{FFFD}\u{FFFD}\u{FFFD}\\&#99999999999;",
        ),
        ("<p>&amp;lt;b&amp;gt;</p>", "\\&lt;b\\&gt;"),
        ("<p>AT&amp;T R&D</p>", "AT&T R&D"),
        ("<p>a\u{7}b&#7;c&#13;d</p>", "a\u{FFFD}b\u{FFFD}c d"),
        (
            "<a href=\"https://e.com/?a=1&amp;b=2\">q</a>",
            "[q](https://e.com/?a=1&b=2)",
        ),
        // Malformed markup.
        ("<p>unclosed <b>bold", "unclosed **bold**"),
        ("<p>x</li></ul></p></p>y", "x\n\ny"),
        ("</li>text</ul>", "text"),
        ("<p>1 < 2 and 3 <4 and <</p>", "1 \\< 2 and 3 \\<4 and \\<"),
        ("<p>see <a href=\"https://x", "see \\<a href=\"<https://x>"),
        (
            "<p>Mail <admin@example.com> now</p>",
            "Mail \\<admin@example.com\\> now",
        ),
        ("<p>a <b attr=\"x>y\">b</b></p>", "a **b**"),
        ("<p>a <b =x>b</b></p>", "a \\<b =x\\>b"),
        (
            "<P>Up <B>bold</B> <A HREF=\"https://e.com\">l</A></P>",
            "Up **bold** [l](https://e.com)",
        ),
        ("<p>a</p></p></b></i></a></code></pre>", "a"),
        ("<ul><li>a</ul></li>b", "- a\n\nb"),
    ];

    #[test]
    fn cases() {
        assert_cases(CASES);
    }
}
