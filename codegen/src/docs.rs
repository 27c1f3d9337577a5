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

use std::collections::HashMap;
use std::mem;

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

/// Bounds how far a single tag may extend so that a stray `<` can never make the tokenizer
/// rescan large parts of the input, which keeps tokenizing linear.
const MAX_TAG_LEN: usize = 8192;

/// Beyond this depth nested lists stop adding indentation, which bounds the output size:
/// every line repeats the indentation of its list items.
const MAX_LIST_DEPTH: usize = 8;

/// CommonMark only recognises ordered list numbers of at most nine digits; a longer one
/// would turn the item's indented continuation lines into an indented code block.
const MAX_LIST_NUMBER: u64 = 999_999_999;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
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

const TAG_COUNT: usize = Tag::Cell as usize + 1;

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
    fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Code | Tag::A | Tag::B | Tag::I | Tag::Br | Tag::Cell
        )
    }

    fn heading_level(self) -> Option<usize> {
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

struct StartTag {
    tag: Tag,
    self_closing: bool,
    href: Option<String>,
    start: Option<u64>,
}

enum Token<'a> {
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

fn tokenize(src: &str) -> Vec<Token<'_>> {
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
fn push_text(out: &mut String, text: &str) {
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

/// What separates the next inline content from what is already on the line; the strongest
/// separator seen since the last content wins.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Debug)]
enum Sep {
    #[default]
    None,
    Space,
    SoftBreak,
    HardBreak,
}

/// Inline Markdown being assembled: the current paragraph, or the text of an open link.
#[derive(Default)]
struct Inline {
    buf: String,
    sep: Sep,
    /// Whitespace came before any content; a link moves it in front of its `[`.
    lead: bool,
    /// Inline code collected so far. It stays here after `</code>` until something else is
    /// emitted, so adjacent code spans merge instead of fusing their backtick fences.
    code: Option<String>,
    code_open: bool,
    /// Whitespace came before the code's first character; it belongs outside the span.
    code_lead: bool,
    /// Raw text of the word being written. Words are escaped whole, once complete, so that
    /// a URL split by an ignored tag is still recognised (and wrapped) as one.
    word: String,
}

impl Inline {
    fn is_line_start(&self) -> bool {
        self.buf.is_empty() || self.buf.ends_with('\n')
    }
}

/// Writes the pending word and any collected inline code into the buffer, once nothing
/// more can join them.
fn flush_pending(inline: &mut Inline, in_link: bool, plain: bool) {
    if !inline.word.is_empty() {
        let word = mem::take(&mut inline.word);
        let line_start = !in_link && inline.is_line_start();
        escape_word(&mut inline.buf, &word, line_start, !in_link, plain);
    }
    if inline.code_open {
        return;
    }
    let Some(code) = inline.code.take() else {
        return;
    };
    let content = code.trim_end_matches(' ');
    if content.is_empty() {
        if inline.code_lead {
            inline.sep = inline.sep.max(Sep::Space);
        }
        return;
    }
    push_code_span(&mut inline.buf, content);
    if content.len() != code.len() {
        inline.sep = inline.sep.max(Sep::Space);
    }
}

fn push_code_span(out: &mut String, content: &str) {
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

fn longest_backtick_run(s: &str) -> usize {
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

/// An active `<b>` or `<i>`. Markers are written lazily, right before the first content,
/// so empty elements leave nothing behind, and are closed and reopened around block
/// boundaries because CommonMark emphasis cannot span blocks.
struct Emph {
    strong: bool,
    /// Started inside a link, so its markers belong to the link text.
    in_link: bool,
    /// Byte range of the opening marker in its buffer, once written.
    opened: Option<(usize, usize)>,
}

impl Emph {
    fn marker(&self) -> &'static str {
        if self.strong { "**" } else { "*" }
    }
}

/// Writes the closing marker of emphasis whose opening marker sits at `start..end`, or
/// removes the opening marker when nothing followed it: `****` would show as text.
fn close_emphasis(buf: &mut String, emph: &Emph, start: usize, end: usize) {
    if buf.len() == end && buf.get(start..end) == Some(emph.marker()) {
        buf.truncate(start);
    } else {
        buf.push_str(emph.marker());
    }
}

struct Link {
    /// Stack position of the `<a>` element.
    pos: usize,
    dest: String,
    text: Inline,
    /// Emphasis markers were written in front of the link when it opened.
    wrapped: bool,
}

struct List {
    ordered: bool,
    next: u64,
    /// Index of the item this list is nested in.
    parent: Option<usize>,
    /// Stack position of the list's open item.
    open_item: Option<usize>,
    emitted: bool,
    /// Length of the output after the last block written inside this list.
    last_end: usize,
}

struct Item {
    list: usize,
    marker_done: bool,
    width: usize,
    /// Blocks written inside the item so far.
    blocks: usize,
}

enum Role {
    Block,
    Note,
    Heading(Option<usize>),
    List,
    Item,
    /// A `<dt>`: a paragraph in bold; whether it started the bold itself.
    Term(bool),
    /// Whether this element started the emphasis (an inner duplicate does not).
    Emphasis(bool),
    Link,
    Code,
    Pre,
    /// Kept only so that its end tag matches it.
    Inert,
}

struct Open {
    tag: Tag,
    role: Role,
}

#[derive(PartialEq, Eq)]
enum Gap {
    Line,
    Blank,
}

struct Renderer {
    /// Plain-text mode: newlines in text are line breaks and line-start list markers are
    /// kept, since such documentation may be written in CommonMark.
    plain: bool,
    out: String,
    gap: Gap,
    stack: Vec<Open>,
    /// How many elements of each tag are open, so that an end tag nobody opened is
    /// dismissed without searching the stack.
    counts: [usize; TAG_COUNT],
    lists: Vec<List>,
    items: Vec<Item>,
    emph: Vec<Emph>,
    para: Inline,
    link: Option<Link>,
    code_pos: Option<usize>,
    pre: Option<String>,
    heading: Option<usize>,
    /// `**Note:**`-style label waiting for the first content of its element.
    label: Option<&'static str>,
}

fn render_html(tokens: &[Token<'_>]) -> String {
    let mut r = Renderer::new(false);
    for token in tokens {
        match token {
            Token::Text(text) => r.text(text),
            Token::Start(start) => r.start(start),
            Token::End(tag) => r.end(*tag),
            Token::Unknown(_) => {}
        }
    }
    r.finish()
}

fn render_plain(tokens: &[Token<'_>]) -> String {
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
    fn new(plain: bool) -> Renderer {
        Renderer {
            plain,
            out: String::new(),
            gap: Gap::Blank,
            stack: Vec::new(),
            counts: [0; TAG_COUNT],
            lists: Vec::new(),
            items: Vec::new(),
            emph: Vec::new(),
            para: Inline::default(),
            link: None,
            code_pos: None,
            pre: None,
            heading: None,
            label: None,
        }
    }

    fn finish(mut self) -> String {
        self.pop_to(0);
        self.flush_para();
        self.out
    }

    fn cur(&mut self) -> &mut Inline {
        match &mut self.link {
            Some(link) => &mut link.text,
            None => &mut self.para,
        }
    }

    fn start(&mut self, start: &StartTag) {
        let tag = start.tag;
        if let Some(pre) = &mut self.pre {
            if tag == Tag::Br {
                pre.push('\n');
            }
            return;
        }
        if self.code_pos.is_some() && !tag.is_block() {
            match tag {
                Tag::Br | Tag::Cell => self.code_text(" "),
                _ if !start.self_closing => self.push(tag, Role::Inert),
                _ => {}
            }
            return;
        }
        if start.self_closing && !matches!(tag, Tag::Br | Tag::Hr) {
            if tag.is_block() {
                self.block_start();
            }
            return;
        }
        match tag {
            Tag::Br => self.line_break(),
            Tag::Cell => self.space(false),
            Tag::Hr => {
                self.block_start();
                // Not `---`: after a `- ` item marker that would read as one thematic break
                // and leave the item's indented lines to form a code block.
                self.push_block("***");
            }
            Tag::P | Tag::Div | Tag::Blockquote | Tag::Table | Tag::Tr => {
                self.block_start();
                self.push(tag, Role::Block);
            }
            Tag::Note | Tag::Important | Tag::Warning => {
                self.block_start();
                self.label = Some(match tag {
                    Tag::Note => "**Note:**",
                    Tag::Important => "**Important:**",
                    _ => "**Warning:**",
                });
                self.push(tag, Role::Note);
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => {
                self.block_start();
                self.label_paragraph();
                let previous = self.heading;
                self.heading = tag.heading_level();
                self.push(tag, Role::Heading(previous));
            }
            Tag::Ul | Tag::Ol | Tag::Dl => {
                self.block_start();
                self.label_paragraph();
                if self.lists.len() >= MAX_LIST_DEPTH {
                    self.push(tag, Role::Inert);
                } else {
                    let first = start.start.unwrap_or(1).min(MAX_LIST_NUMBER);
                    self.open_list(tag, tag == Tag::Ol, first);
                }
            }
            Tag::Li => {
                self.block_start();
                self.open_item();
            }
            Tag::Dt => {
                self.block_start();
                if !self.lists.is_empty() {
                    self.open_item();
                }
                let started = self.activate(true);
                self.push(tag, Role::Term(started));
            }
            Tag::Dd => {
                self.block_start();
                if let Some(list) = self.lists.last() {
                    match list.open_item {
                        Some(pos) => self.pop_to(pos + 1),
                        None => self.open_item(),
                    }
                }
                self.push(tag, Role::Block);
            }
            Tag::Pre => {
                self.block_start();
                self.label_paragraph();
                self.pre = Some(String::new());
                self.push(tag, Role::Pre);
            }
            Tag::Code => {
                let inline = self.cur();
                if inline.code.is_none() {
                    inline.code = Some(String::new());
                    inline.code_lead = false;
                }
                inline.code_open = true;
                self.code_pos = Some(self.stack.len());
                self.push(tag, Role::Code);
            }
            Tag::A => {
                let dest = start.href.as_deref().and_then(link_destination);
                match dest {
                    Some(dest) if self.link.is_none() => {
                        let wrap = self.emph.iter().any(|e| e.opened.is_none());
                        if wrap {
                            self.begin_content();
                        }
                        self.link = Some(Link {
                            pos: self.stack.len(),
                            dest,
                            text: Inline::default(),
                            wrapped: wrap,
                        });
                        self.push(tag, Role::Link);
                    }
                    _ => self.push(tag, Role::Inert),
                }
            }
            Tag::B | Tag::I => {
                let started = self.activate(tag == Tag::B);
                self.push(tag, Role::Emphasis(started));
            }
        }
    }

    fn end(&mut self, tag: Tag) {
        match tag {
            // Browsers read `</br>` as a line break too.
            Tag::Br => {
                let br = StartTag {
                    tag,
                    self_closing: true,
                    href: None,
                    start: None,
                };
                self.start(&br);
                return;
            }
            Tag::Cell if self.pre.is_none() => {
                if self.code_pos.is_some() {
                    self.code_text(" ");
                } else {
                    self.space(false);
                }
                return;
            }
            _ => {}
        }
        if self.counts[tag as usize] == 0 {
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|open| open.tag == tag) {
            self.pop_to(pos);
        }
    }

    fn push(&mut self, tag: Tag, role: Role) {
        self.counts[tag as usize] += 1;
        self.stack.push(Open { tag, role });
    }

    /// Closes every element at stack position `len` or above, innermost first.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some(open) = self.stack.pop() else {
                break;
            };
            self.counts[open.tag as usize] -= 1;
            self.close(open.role);
        }
    }

    fn close(&mut self, role: Role) {
        match role {
            Role::Block => self.flush_para(),
            Role::Note => {
                self.flush_para();
                self.label = None;
            }
            Role::Heading(previous) => {
                self.flush_para();
                self.heading = previous;
            }
            Role::List => {
                self.flush_para();
                self.lists.pop();
                self.gap = Gap::Blank;
            }
            Role::Item => {
                self.flush_para();
                if let Some(item) = self.items.pop()
                    && let Some(list) = self.lists.get_mut(item.list)
                {
                    list.open_item = None;
                }
                self.gap = Gap::Blank;
            }
            Role::Term(started) => {
                if started {
                    self.deactivate();
                }
                self.flush_para();
            }
            Role::Emphasis(started) => {
                if started {
                    self.deactivate();
                }
            }
            Role::Link => self.finish_link(),
            Role::Code => {
                self.cur().code_open = false;
                self.code_pos = None;
            }
            Role::Pre => self.finish_pre(),
            Role::Inert => {}
        }
    }

    /// Ends the current paragraph along with any link or inline code it has open.
    fn block_start(&mut self) {
        if let Some(pos) = self.link.as_ref().map(|link| link.pos) {
            self.pop_to(pos);
        }
        if let Some(pos) = self.code_pos {
            self.pop_to(pos);
        }
        self.flush_para();
    }

    /// Writes a pending label as a paragraph of its own, for notes that open with a block
    /// that cannot carry it inline.
    fn label_paragraph(&mut self) {
        if let Some(label) = self.label.take() {
            self.push_block(label);
        }
    }

    fn open_list(&mut self, tag: Tag, ordered: bool, first: u64) {
        self.lists.push(List {
            ordered,
            next: first,
            parent: self.items.len().checked_sub(1),
            open_item: None,
            emitted: false,
            last_end: 0,
        });
        self.push(tag, Role::List);
    }

    fn open_item(&mut self) {
        if self.lists.is_empty() {
            // A stray `<li>` still reads best as a bullet.
            self.open_list(Tag::Ul, false, 1);
        }
        let index = self.lists.len() - 1;
        if let Some(pos) = self.lists[index].open_item {
            self.pop_to(pos);
        }
        let list = &self.lists[index];
        // Items follow each other without a blank line when nothing else came in between,
        // and a nested list hugs the first line of its parent item, except where CommonMark
        // would read the marker as paragraph text (an ordered list not starting at 1).
        let tight = if list.emitted {
            self.out.len() == list.last_end
        } else {
            let parent_blocks = list
                .parent
                .and_then(|i| self.items.get(i))
                .map(|i| i.blocks);
            parent_blocks == Some(1) && (!list.ordered || list.next == 1)
        };
        if tight {
            self.gap = Gap::Line;
        }
        self.lists[index].open_item = Some(self.stack.len());
        self.items.push(Item {
            list: index,
            marker_done: false,
            width: 0,
            blocks: 0,
        });
        self.push(Tag::Li, Role::Item);
    }

    fn activate(&mut self, strong: bool) -> bool {
        if self.emph.iter().any(|e| e.strong == strong) {
            return false;
        }
        self.emph.push(Emph {
            strong,
            in_link: self.link.is_some(),
            opened: None,
        });
        true
    }

    fn deactivate(&mut self) {
        let Some(emph) = self.emph.pop() else {
            return;
        };
        let Some((start, end)) = emph.opened else {
            return;
        };
        let plain = self.plain;
        let (inline, in_link) = match (&mut self.link, emph.in_link) {
            (Some(link), true) => (&mut link.text, true),
            _ => (&mut self.para, false),
        };
        flush_pending(inline, in_link, plain);
        close_emphasis(&mut inline.buf, &emph, start, end);
    }

    fn finish_link(&mut self) {
        let Some(mut link) = self.link.take() else {
            return;
        };
        flush_pending(&mut link.text, true, self.plain);
        let text = link.text.buf.trim_end_matches(' ');
        let markdown = if text.is_empty() {
            empty_link(&link.dest)
        } else {
            format!("[{text}]({})", link.dest)
        };
        if link.text.lead && !link.wrapped {
            self.para.sep = self.para.sep.max(Sep::Space);
        }
        self.begin_content();
        self.para.buf.push_str(&markdown);
        if link.text.sep != Sep::None {
            self.para.sep = self.para.sep.max(Sep::Space);
        }
    }

    fn finish_pre(&mut self) {
        let content = self.pre.take().unwrap_or_default();
        let content = content.replace("\r\n", "\n").replace('\r', "\n");
        let mut lines: Vec<&str> = content.split('\n').map(str::trim_ascii_end).collect();
        while lines.last().is_some_and(|line| line.is_empty()) {
            lines.pop();
        }
        let first = lines.iter().position(|line| !line.is_empty());
        let Some(first) = first else {
            return;
        };
        let lines = &lines[first..];
        let indent = lines
            .iter()
            .filter(|line| !line.is_empty())
            .map(|line| line.len() - line.trim_ascii_start().len())
            .min()
            .unwrap_or(0);
        let body: Vec<&str> = lines
            .iter()
            .map(|line| {
                if line.is_empty() {
                    line
                } else {
                    &line[indent..]
                }
            })
            .collect();
        self.code_block(&body, "text");
    }

    /// Prepares the current buffer for new content by writing what must precede it: a
    /// pending label, the separator, and the opening markers of active emphasis.
    fn begin_content(&mut self) {
        let in_link = self.link.is_some();
        if !in_link
            && self.para.buf.is_empty()
            && let Some(label) = self.label.take()
        {
            self.para.buf.push_str(label);
            self.para.buf.push(' ');
            self.para.sep = Sep::None;
        }
        let plain = self.plain;
        let inline = match &mut self.link {
            Some(link) => &mut link.text,
            None => &mut self.para,
        };
        flush_pending(inline, in_link, plain);
        if !inline.is_line_start() {
            match inline.sep {
                Sep::None => {}
                Sep::Space => inline.buf.push(' '),
                Sep::SoftBreak => inline.buf.push('\n'),
                Sep::HardBreak => inline.buf.push_str("\\\n"),
            }
        }
        inline.sep = Sep::None;
        for emph in self.emph.iter_mut() {
            if emph.in_link == in_link && emph.opened.is_none() {
                let start = inline.buf.len();
                inline.buf.push_str(emph.marker());
                emph.opened = Some((start, inline.buf.len()));
            }
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
        } else if self.cur().code_open {
            self.code_text(text);
        } else {
            self.inline_text(text);
        }
    }

    /// Emits running text, keeping backtick code spans written into it as code.
    fn inline_text(&mut self, text: &str) {
        for piece in split_code_spans(text) {
            match piece {
                Piece::Text(s) => {
                    let mut rest = s;
                    while let Some(ch) = rest.chars().next() {
                        let is_space = ch.is_ascii_whitespace();
                        let len = rest
                            .find(|c: char| c.is_ascii_whitespace() != is_space)
                            .unwrap_or(rest.len());
                        let (chunk, tail) = rest.split_at(len);
                        if is_space {
                            self.space(chunk.contains('\n'));
                        } else {
                            self.word(chunk);
                        }
                        rest = tail;
                    }
                }
                Piece::Code(content) => {
                    let inline = self.cur();
                    if inline.code.is_none() {
                        inline.code = Some(String::new());
                        inline.code_lead = false;
                    }
                    inline.code_open = true;
                    self.code_text(&normalize_code_span(content));
                    self.cur().code_open = false;
                }
                Piece::Backticks(run) => self.word(run),
            }
        }
    }

    /// Appends text to the open inline code, collapsing whitespace.
    fn code_text(&mut self, text: &str) {
        for ch in text.chars() {
            if ch.is_ascii_whitespace() {
                let inline = self.cur();
                let code = inline.code.get_or_insert_with(String::new);
                if code.is_empty() {
                    inline.code_lead = true;
                } else if !code.ends_with(' ') {
                    code.push(' ');
                }
                continue;
            }
            let inline = self.cur();
            if inline.code.as_ref().is_none_or(String::is_empty) {
                if inline.code_lead {
                    inline.sep = inline.sep.max(Sep::Space);
                }
                self.begin_content();
            }
            self.cur().code.get_or_insert_with(String::new).push(ch);
        }
    }

    fn space(&mut self, newline: bool) {
        let plain = self.plain;
        let in_link = self.link.is_some();
        let inline = self.cur();
        flush_pending(inline, in_link, plain);
        if inline.buf.is_empty() {
            inline.lead = true;
        }
        let sep = if newline && plain {
            Sep::SoftBreak
        } else {
            Sep::Space
        };
        inline.sep = inline.sep.max(sep);
    }

    fn line_break(&mut self) {
        if self.heading.is_some() || self.link.is_some() {
            self.space(false);
            return;
        }
        flush_pending(&mut self.para, false, self.plain);
        if self.para.sep == Sep::HardBreak {
            // Two breaks in a row separate paragraphs in the HTML's rendering.
            self.flush_para();
        } else if !self.para.buf.is_empty() {
            self.para.sep = Sep::HardBreak;
        }
    }

    fn word(&mut self, word: &str) {
        let in_link = self.link.is_some();
        let continues = !self.cur().word.is_empty()
            && !self
                .emph
                .iter()
                .any(|e| e.in_link == in_link && e.opened.is_none());
        if !continues {
            self.begin_content();
        }
        self.cur().word.push_str(word);
    }

    fn plain_paragraph(&mut self, text: &str) {
        if !text.is_empty() {
            self.inline_text(text);
            self.flush_para();
        }
    }

    fn flush_para(&mut self) {
        flush_pending(&mut self.para, false, self.plain);
        for emph in self.emph.iter_mut().rev() {
            if emph.in_link {
                continue;
            }
            if let Some((start, end)) = emph.opened.take() {
                close_emphasis(&mut self.para.buf, emph, start, end);
            }
        }
        let inline = mem::take(&mut self.para);
        let text = inline.buf.trim_end_matches(' ');
        if text.is_empty() {
            return;
        }
        match self.heading {
            Some(level) => {
                let mut text = text.to_string();
                // CommonMark would drop a trailing ` #` run as the heading's closing sequence.
                let body = text.trim_end_matches('#');
                if body.len() < text.len() && (body.is_empty() || body.ends_with(' ')) {
                    text.insert(body.len(), '\\');
                }
                let heading = format!("{} {text}", "#".repeat(level));
                self.push_block(&heading);
            }
            None => self.push_block(text),
        }
    }

    fn code_block(&mut self, lines: &[&str], info: &str) {
        let run = lines
            .iter()
            .map(|line| longest_backtick_run(line))
            .max()
            .unwrap_or(0);
        let fence = "`".repeat((run + 1).max(3));
        let mut block = format!("{fence}{info}\n");
        for line in lines {
            block.push_str(line);
            block.push('\n');
        }
        block.push_str(&fence);
        self.push_block(&block);
    }

    /// Appends a finished block, indented for the open list items.
    fn push_block(&mut self, block: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
            if self.gap == Gap::Blank {
                self.out.push('\n');
            }
        }
        for (n, line) in block.split('\n').enumerate() {
            if n > 0 {
                self.out.push('\n');
            }
            if !line.is_empty() || self.items.iter().any(|item| !item.marker_done) {
                self.push_line_prefix();
            }
            self.out.push_str(line);
        }
        self.gap = Gap::Blank;
        let end = self.out.len();
        for item in &mut self.items {
            item.blocks += 1;
            if let Some(list) = self.lists.get_mut(item.list) {
                list.last_end = end;
            }
        }
    }

    fn push_line_prefix(&mut self) {
        for item in self.items.iter_mut() {
            if item.marker_done {
                self.out.extend(std::iter::repeat_n(' ', item.width));
                continue;
            }
            let marker = match self.lists.get_mut(item.list) {
                Some(list) => {
                    list.emitted = true;
                    if list.ordered {
                        let marker = format!("{}. ", list.next);
                        list.next = (list.next + 1).min(MAX_LIST_NUMBER);
                        marker
                    } else {
                        "- ".to_string()
                    }
                }
                None => "- ".to_string(),
            };
            item.marker_done = true;
            item.width = marker.len();
            self.out.push_str(&marker);
        }
    }
}

enum Piece<'a> {
    Text(&'a str),
    /// Content of a backtick code span written in the text.
    Code(&'a str),
    /// Backticks that open no code span.
    Backticks(&'a str),
}

/// Splits text into CommonMark code spans and the rest, in linear time: each backtick run
/// is paired with the next run of the same length, found through a table built backwards.
fn split_code_spans(text: &str) -> Vec<Piece<'_>> {
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
fn normalize_code_span(content: &str) -> String {
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
fn escape_word(out: &mut String, word: &str, line_start: bool, autolink: bool, plain: bool) {
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
fn link_destination(href: &str) -> Option<String> {
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
fn rustdoc_ignores(dest: &str) -> bool {
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
fn empty_link(dest: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::html_to_markdown;

    /// `(input, expected)` pairs covering each construct and the malformed inputs.
    const CASES: &[(&str, &str)] = &[
        // Empty input and whitespace.
        ("", ""),
        ("  \n\t  ", ""),
        ("<p>Hello world.</p>", "Hello world."),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        (
            "<p>\n        Spread\n          over   lines.\n      </p>",
            "Spread over lines.",
        ),
        ("<p>a\r\nb\tc</p>", "a b c"),
        ("<p>naïve café — ok</p>", "naïve café — ok"),
        // Line breaks.
        (
            "<p>First<br>second<br/>third<br />fourth</p>",
            "First\\\nsecond\\\nthird\\\nfourth",
        ),
        ("<p>a<br>\n   <br>b</p>", "a\n\nb"),
        ("<p><br>a<br></p>", "a"),
        ("<p>a</br>b</p>", "a\\\nb"),
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
        // Emphasis.
        (
            "<b>bold</b> and <strong>strong</strong>",
            "**bold** and **strong**",
        ),
        ("<i>it</i> and <em>em</em>", "*it* and *em*"),
        ("a<b> bold </b>b", "a **bold** b"),
        ("a <b></b> b <i> </i>c", "a b c"),
        ("<b>a <strong>b</strong> c</b>", "**a b c**"),
        ("<b>a <i>b</i></b>", "**a *b***"),
        ("<b><p>a</p><p>b</p></b>", "**a**\n\n**b**"),
        (
            "<b><a href=\"https://e.com\">x</a></b>",
            "**[x](https://e.com)**",
        ),
        (
            "<a href=\"https://e.com\"><b>x</b></a>",
            "[**x**](https://e.com)",
        ),
        ("<b><code>x</code></b>", "**`x`**"),
        ("<b>a<i>b</b>c</i>", "**a*b***c"),
        // Lists.
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
        (
            "<ul>\n  <li>\n    <p>one</p>\n  </li>\n  <li><p>two</p><p>more</p></li>\n</ul>",
            "- one\n- two\n\n  more",
        ),
        (
            "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
            "- a\n  - b\n    - c\n- d",
        ),
        ("<ol><li>a<ul><li>b</li></ul></li></ol>", "1. a\n   - b"),
        ("<ul><li><ul><li>inner</li></ul></li></ul>", "- - inner"),
        (
            "<p>Intro:</p><ul><li>x</li></ul><p>Outro.</p>",
            "Intro:\n\n- x\n\nOutro.",
        ),
        ("<ul><li>a<li>b</ul>", "- a\n- b"),
        ("<ol start=\"3\"><li>c</li><li>d</li></ol>", "3. c\n4. d"),
        ("<ul><li>a</li><li></li><li>b</li></ul>", "- a\n- b"),
        ("<li>a</li><li>b</li>", "- a\n- b"),
        ("<ul><li># x</li><li>1. y</li></ul>", "- \\# x\n- 1\\. y"),
        ("<ul><li>a</li></ul><ol><li>b</li></ol>", "- a\n\n1. b"),
        // Notes and other blocks.
        ("<note><p>Be careful.</p></note>", "**Note:** Be careful."),
        ("<important>Really.</important>", "**Important:** Really."),
        ("<note><p>A</p><p>B</p></note>", "**Note:** A\n\nB"),
        ("<note><ul><li>x</li></ul></note>", "**Note:**\n\n- x"),
        ("<note>  </note><p>x</p>", "x"),
        ("<note>- x</note>", "**Note:** - x"),
        (
            "<note><a href=\"https://e.com\">x</a></note>",
            "**Note:** [x](https://e.com)",
        ),
        (
            "<div class=\"x\"><p>in div</p></div>after",
            "in div\n\nafter",
        ),
        (
            "<p class=\"title\">\n  <b>Learn more</b>\n</p>",
            "**Learn more**",
        ),
        ("<p>a</p><hr/><p>b</p>", "a\n\n***\n\nb"),
        (
            "<ul><li><ul><li><hr>text</li></ul></li></ul>",
            "- - ***\n\n    text",
        ),
        ("a<p/>b", "a\n\nb"),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
            "A B\n\n1 2",
        ),
        // Definition lists.
        (
            "<dl><dt>Name</dt><dd><p>The name.</p></dd><dt>Age</dt><dd>Years.</dd></dl>",
            "- **Name**\n\n  The name.\n- **Age**\n\n  Years.",
        ),
        (
            "<dl><dt>A</dt><dt>B</dt><dd>both</dd></dl>",
            "- **A**\n- **B**\n\n  both",
        ),
        ("<dl><dd>no term</dd></dl>", "- no term"),
        (
            "<dl><dt>T</dt><dd><ul><li>x</li></ul></dd></dl>",
            "- **T**\n  - x",
        ),
        (
            "<ul><li><p>a</p><p>b</p><ul><li>c</li></ul></li></ul>",
            "- a\n\n  b\n\n  - c",
        ),
        ("<dt>T</dt><dd>D</dd>", "**T**\n\nD"),
        // Preformatted text.
        (
            "<pre>\n    line 1\n      line 2\n</pre>",
            "```text\nline 1\n  line 2\n```",
        ),
        (
            "<pre><code>let x = a &lt; b;\n\nok</code></pre>",
            "```text\nlet x = a < b;\n\nok\n```",
        ),
        ("<pre>```\nx\n```</pre>", "````text\n```\nx\n```\n````"),
        (
            "<ul><li>Run:<pre>cmd</pre></li></ul>",
            "- Run:\n\n  ```text\n  cmd\n  ```",
        ),
        ("<pre>a<br>b</pre>", "```text\na\nb\n```"),
        ("<pre>  \n </pre>x", "x"),
        ("<p>x</p><pre>unclosed", "x\n\n```text\nunclosed\n```"),
        // Headings.
        (
            "<h1>Top</h1><h3>Three <code>x</code></h3><p>body</p>",
            "# Top\n\n### Three `x`\n\nbody",
        ),
        ("<h2>a<br>b</h2>", "## a b"),
        ("<h6>#6</h6>", "###### \\#6"),
        ("<h2>Use C #</h2><h2>C#</h2>", "## Use C \\#\n\n## C#"),
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
        ("a < b && c > d | e", "a \\< b && c \\> d | e"),
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
    ];

    #[test]
    fn table_cases() {
        let mut failures = Vec::new();
        for (input, expected) in CASES {
            let actual = html_to_markdown(input);
            if actual != *expected {
                failures.push(format!(
                    "input:    {input:?}\nexpected: {expected:?}\nactual:   {actual:?}"
                ));
            }
            if let Err(problem) = check_markdown(&actual) {
                failures.push(format!("input: {input:?}\nunsafe output: {problem}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    #[test]
    fn aws_sample() {
        let input = "<p>Lists the devices that Amazon Cognito has registered to the currently signed-in user. For more\n            information about device authentication, see <a href=\"https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html\">Working with user devices in your user pool</a>.</p>\n         <p>Authorize this action with a signed-in user's access token. It must include the scope <code>aws.cognito.signin.user.admin</code>.</p>\n         <note>\n            <p>Amazon Cognito doesn't evaluate IAM policies.</p>\n         </note>";
        let expected = "Lists the devices that Amazon Cognito has registered to the currently signed-in user. For more information about device authentication, see [Working with user devices in your user pool](https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html).\n\nAuthorize this action with a signed-in user's access token. It must include the scope `aws.cognito.signin.user.admin`.\n\n**Note:** Amazon Cognito doesn't evaluate IAM policies.";
        assert_eq!(html_to_markdown(input), expected);
    }

    #[test]
    fn aws_challenge_responses_sample() {
        let input = "<dl>\n<dt>SELECT_CHALLENGE</dt>\n<dd>\n<p>\n<code>\"ChallengeName\": \"SELECT_CHALLENGE\", \"ChallengeResponses\": {\n            \"USERNAME\": \"[username]\",\n            \"ANSWER\": \"[Challenge name]\"}</code>\n</p>\n<ul>\n<li>\n<p>See <a href=\"https://www.w3.org/TR/WebAuthn-3/#dictdef-authenticationresponsejson\">\n                  AuthenticationResponseJSON</a>.</p>\n</li>\n</ul>\n</dd>\n</dl>";
        let expected = "- **SELECT_CHALLENGE**\n\n  `\"ChallengeName\": \"SELECT_CHALLENGE\", \"ChallengeResponses\": { \"USERNAME\": \"[username]\", \"ANSWER\": \"[Challenge name]\"}`\n\n  - See [AuthenticationResponseJSON](https://www.w3.org/TR/WebAuthn-3/#dictdef-authenticationresponsejson).";
        assert_eq!(html_to_markdown(input), expected);
    }

    #[test]
    fn deep_lists_stop_indenting() {
        let depth = super::MAX_LIST_DEPTH + 3;
        let mut input = String::new();
        for level in 0..depth {
            input.push_str(&format!("<ul><li>l{level}"));
        }
        let output = html_to_markdown(&input);
        let indents: Vec<usize> = output
            .lines()
            .map(|line| line.len() - line.trim_start_matches(' ').len())
            .collect();
        let max = 2 * (super::MAX_LIST_DEPTH - 1);
        assert_eq!(indents.len(), depth, "{output}");
        assert!(indents.iter().all(|&indent| indent <= max), "{output}");
        assert_eq!(indents[depth - 1], max, "{output}");
        check_markdown(&output).unwrap();
    }

    /// Inputs that would take hours with a quadratic algorithm finish in moments.
    #[test]
    fn pathological_inputs_are_linear() {
        let n = 100_000;
        let inputs = [
            "<b>".repeat(n) + "x",
            "<ul>".repeat(n) + "<li>x",
            "<li>".repeat(n),
            "<ul><li>".repeat(n),
            "<!--".repeat(n),
            "<a x=\"".repeat(n),
            "<a x='<b y=\"".repeat(n),
            "</b>".repeat(n),
            "<code>".repeat(n) + "x",
            "<p>".to_string() + &"x<br>".repeat(n),
            "&#".repeat(n),
            "`a".repeat(n),
            "` `` ```".repeat(n / 4),
            "https://e.com/".to_string() + &")".repeat(n),
            "https://".repeat(n),
            "<p>".to_string() + &"_*[<".repeat(n),
            "<dl>".to_string() + &"<dt>t<dd>d".repeat(n),
            "<a href=\"https://e.com\">".repeat(n),
            "<b><i>".repeat(n) + "x" + &"<p>y".repeat(n),
        ];
        let start = std::time::Instant::now();
        for input in &inputs {
            let output = html_to_markdown(input);
            assert!(output.len() < 64 * input.len() + 64);
        }
        // Generous enough for slow debug builds; a quadratic pass would need hours.
        assert!(
            start.elapsed().as_secs() < 120,
            "took {:?}",
            start.elapsed()
        );
    }

    /// Random tag soup and random plain text never panic, are deterministic and always
    /// yield safe Markdown.
    #[test]
    fn random_inputs_are_safe() {
        let inputs = random_inputs(3000, TAG_SOUP, 1)
            .into_iter()
            .chain(random_inputs(3000, PLAIN_TEXT, 2));
        for (index, input) in inputs.enumerate() {
            let input = &input;
            let output = html_to_markdown(input);
            assert_eq!(
                output,
                html_to_markdown(input),
                "not deterministic: {input:?}"
            );
            if let Err(problem) = check_markdown(&output) {
                panic!("input #{index} {input:?}\noutput {output:?}\n{problem}");
            }
        }
    }

    #[test]
    fn cognito_model_documentation() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/models/aws/cognito-identity-provider.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("SKIPPED cognito_model_documentation: {path} not found");
            return;
        };
        let model: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
        let mut docs = Vec::new();
        collect_documentation(&model, &mut docs);
        assert!(
            docs.len() > 100,
            "found only {} documentation strings",
            docs.len()
        );
        for doc in &docs {
            let output = html_to_markdown(doc);
            assert!(!output.is_empty(), "empty output for {doc:?}");
            if let Err(problem) = check_markdown(&output) {
                panic!("input {doc:?}\noutput {output:?}\n{problem}");
            }
        }
    }

    fn collect_documentation(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("smithy.api#documentation", serde_json::Value::String(doc)) => {
                            out.push(doc.clone());
                        }
                        _ => collect_documentation(value, out),
                    }
                }
            }
            serde_json::Value::Array(values) => {
                for value in values {
                    collect_documentation(value, out);
                }
            }
            _ => {}
        }
    }

    /// Fragments of tag soup that exercise every code path of the HTML mode.
    #[rustfmt::skip]
    const TAG_SOUP: &[&str] = &[
        "<p>", "</p>", "<br>", "<br/>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>",
        "<dl>", "</dl>", "<dt>", "</dt>", "<dd>", "</dd>", "<b>", "</b>", "<i>", "</i>",
        "<strong>", "</em>", "<code>", "</code>", "<pre>", "</pre>", "<note>", "</note>",
        "<important>", "</important>", "<h2>", "</h2>", "<div class=\"x\">", "</div>",
        "<a href=\"https://e.com/a_b\">", "<a href='#x'>", "<a href=\"Foo\">", "<a>", "</a>",
        "<hr>", "<table>", "<td>", "</tr>", "<span>", "</span>", "<!-- c -->", "<!--", "-->",
        "<p/>", "<x@y.z>", "<", ">", "</", "&amp;", "&lt;", "&gt;", "&nbsp;", "&#60;",
        "&#x3C;", "&bogus;", "&", "&#", "`", "``", "```", "[", "]", "(", ")", "*", "_",
        "\\", "#", "-", "+", "=", "~", "|", "!", "1.", "2)", "---", "===", "https://e.com/x",
        "http://a.b/(c)", "https://", " ", "  ", "\n", "\n\n", "\t", "word", "snake_case",
        "\r", "\r\n", "\u{7}", "é", "—", "\"", "'", ":", ";",
    ];

    /// Fragments of text without known tags, which take the plain-text mode.
    #[rustfmt::skip]
    const PLAIN_TEXT: &[&str] = &[
        "\n", "\n\n", "\n  ", " ", "  ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "# ", "## ", "```",
        "```rust", "```json\n", "~~~", "~~~ x y\n", "`", "``", "code", "<region>", "<", ">",
        "</x>", "<x@y.z>", "<!-- c -->", "<!--", "&amp;", "&lt;p&gt;", "&", "&#", "[", "]", "(",
        ")", "[x](y)", "*", "_", "__", "\\", "|", "|---|", "---", "===", "> ",
        "https://e.com/x_y", "http://a.b/(c)", "https://", "word", "snake_case", "\r", "\r\n",
        "\u{7}", "é", "\u{a0}", "1.5", "-x",
    ];

    /// Deterministic random strings built from `fragments`.
    fn random_inputs(count: usize, fragments: &[&str], seed: u64) -> Vec<String> {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D ^ seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = (next() % 40) as usize;
                (0..len)
                    .map(|_| fragments[(next() % fragments.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    /// Checks what rustdoc would complain about: raw `<` or `>` outside code spans and
    /// autolinks, `[` or `]` that are not part of a link, unmatched backticks, bare URLs and
    /// indented code blocks; and what the generated `///` comments must not contain:
    /// carriage returns, trailing whitespace and runs of blank lines.
    fn check_markdown(markdown: &str) -> Result<(), String> {
        if markdown.starts_with('\n') || markdown.ends_with('\n') {
            return Err("leading or trailing blank line".into());
        }
        if markdown.contains('\r') {
            return Err("carriage return".into());
        }
        let mut fence: Option<String> = None;
        let mut list_indent = 0;
        let mut previous_blank = false;
        for line in markdown.split('\n') {
            if line.ends_with([' ', '\t']) {
                return Err(format!("trailing whitespace in {line:?}"));
            }
            // Only spaces indent; a leading no-break space is text to CommonMark.
            let trimmed = line.trim_start_matches(' ');
            let indent = line.len() - trimmed.len();
            if let Some(open) = &fence {
                if trimmed.starts_with(open.as_str()) && trimmed.trim_start_matches('`').is_empty()
                {
                    fence = None;
                }
                continue;
            }
            if line.is_empty() {
                if previous_blank {
                    return Err("two blank lines in a row".into());
                }
                previous_blank = true;
                continue;
            }
            previous_blank = false;
            // Indentation must come from list items, or it would start a code block.
            if indent >= list_indent + 4 {
                return Err(format!("indented code block at {line:?}"));
            }
            // A line of one repeated `-`, `*` or `_` (spaces allowed) is a thematic break even
            // when it looks like list markers, so it opens no list item and closes those it
            // is not indented into.
            let rule: Vec<char> = trimmed.chars().filter(|&c| c != ' ').collect();
            if rule.len() >= 3
                && ['-', '*', '_']
                    .iter()
                    .any(|&m| rule.iter().all(|&c| c == m))
            {
                list_indent = list_indent.min(indent);
                continue;
            }
            let mut content = trimmed;
            let mut width = indent;
            loop {
                let digits = content.bytes().take_while(u8::is_ascii_digit).count();
                let marker = if content.starts_with("- ") {
                    2
                } else if digits > 0 && content[digits..].starts_with(". ") {
                    digits + 2
                } else {
                    break;
                };
                content = &content[marker..];
                width += marker;
            }
            list_indent = width;
            // A backtick in the info string makes the line an inline code span instead.
            let after_ticks = content.trim_start_matches('`');
            if content.starts_with("```") && !after_ticks.contains('`') {
                let ticks = content.len() - after_ticks.len();
                fence = Some("`".repeat(ticks));
                continue;
            }
            check_inline(content).map_err(|problem| format!("{problem} in {line:?}"))?;
        }
        if fence.is_some() {
            return Err("unclosed code fence".into());
        }
        Ok(())
    }

    fn check_inline(line: &str) -> Result<(), String> {
        let chars: Vec<char> = line.chars().collect();
        let mut link_depth = 0;
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 1,
                '`' => {
                    let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                    let mut j = i + run;
                    loop {
                        if j >= chars.len() {
                            return Err("unmatched backtick".into());
                        }
                        let close = chars[j..].iter().take_while(|&&c| c == '`').count();
                        if close == run {
                            break;
                        }
                        j += close.max(1);
                    }
                    i = j + run - 1;
                }
                '<' => {
                    let rest: String = chars[i + 1..].iter().collect();
                    let end = rest.find('>').ok_or("raw `<`")?;
                    let inside = &rest[..end];
                    let scheme = inside.split(':').next().unwrap_or_default();
                    let autolink = inside.contains(':')
                        && scheme.len() >= 2
                        && scheme.chars().all(|c| c.is_ascii_alphanumeric())
                        && !inside.contains([' ', '<']);
                    if !autolink {
                        return Err("raw `<`".into());
                    }
                    i += inside.chars().count() + 1;
                }
                '>' => return Err("raw `>`".into()),
                '[' => link_depth += 1,
                ']' => {
                    if link_depth == 0 || chars.get(i + 1) != Some(&'(') {
                        return Err("`]` outside a link".into());
                    }
                    link_depth -= 1;
                    let close = chars[i..]
                        .iter()
                        .position(|&c| c == ')')
                        .ok_or("unclosed link destination")?;
                    let dest: String = chars[i + 2..i + close].iter().collect();
                    if dest.is_empty() || dest.contains([' ', '<', '>', '(']) {
                        return Err(format!("bad link destination {dest:?}"));
                    }
                    i += close;
                }
                // Like rustdoc, only a scheme followed by a host counts as a URL.
                'h' | 'H' if link_depth == 0 => {
                    let rest: String = chars[i..].iter().take(9).collect::<String>();
                    let lower = rest.to_ascii_lowercase();
                    let host = lower
                        .strip_prefix("http://")
                        .or_else(|| lower.strip_prefix("https://"))
                        .and_then(|host| host.chars().next());
                    if host.is_some_and(|c| c.is_ascii_alphanumeric()) {
                        return Err("bare URL".into());
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if link_depth != 0 {
            return Err("unclosed `[`".into());
        }
        Ok(())
    }
}
