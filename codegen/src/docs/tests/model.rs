//! What a documentation string means, independently of the renderer: the sequence of its
//! visible characters, each with the formatting the HTML (or plain text) gives it.
//!
//! The model shares with the converter only its tokenizer and two decisions: how deep lists
//! nest and which destinations rustdoc would resolve as item paths. It follows the
//! documented rules of the conversion: an end tag closes the elements opened inside it, a
//! block tag ends open links and inline code, `<li>`/`<dt>`/`<dd>` end the previous item of
//! their list, text in `<pre>` is a code block, tags inside `<code>` are ignored, backtick
//! spans in text are code, links need an `href` rustdoc will not resolve as an item path,
//! and a link without text shows its destination. Whitespace is not part of the model: the
//! renderer reflows text, so only the order of the other characters is fixed.

use std::rc::Rc;

use super::super::escape::rustdoc_ignores;
use super::super::render::MAX_LIST_DEPTH;
use super::super::tokenize::{StartTag, Tag, Token, push_text, tokenize};

/// How one visible character is formatted.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub(super) struct Format {
    /// Inline code.
    pub(super) code: bool,
    /// A code block.
    pub(super) block: bool,
    pub(super) strong: bool,
    pub(super) emphasis: bool,
    pub(super) heading: Option<u8>,
    /// The destination of the link the character is part of.
    pub(super) link: Option<Rc<str>>,
}

#[derive(Clone, Debug)]
pub(super) struct Glyph {
    pub(super) ch: char,
    pub(super) format: Format,
}

/// The meaning of a documentation string.
pub(super) struct Expected {
    /// Whether the string is HTML (it has a known tag) rather than plain text.
    pub(super) html: bool,
    pub(super) glyphs: Vec<Glyph>,
    /// Where a `<note>`, `<important>` or `<warning>` starts (as an index into `glyphs`),
    /// with the label the renderer may put there.
    pub(super) labels: Vec<(usize, &'static str)>,
}

pub(super) fn expected(doc: &str) -> Expected {
    let tokens = tokenize(doc);
    let html = tokens
        .iter()
        .any(|token| matches!(token, Token::Start(_) | Token::End(_)));
    let mut out = Expected {
        html,
        glyphs: Vec::new(),
        labels: Vec::new(),
    };
    if html {
        let mut model = HtmlModel::new(&mut out);
        for token in &tokens {
            match token {
                Token::Text(text) => model.text(text),
                Token::Start(start) => model.start(start),
                Token::End(tag) => model.end(*tag),
                Token::Unknown(_) => {}
            }
        }
        model.pop_to(0);
    } else {
        plain(&tokens, &mut out.glyphs);
    }
    out
}

fn push(glyphs: &mut Vec<Glyph>, text: &str, format: &Format) {
    for ch in text.chars().filter(|c| !c.is_ascii_whitespace()) {
        glyphs.push(Glyph {
            ch,
            format: format.clone(),
        });
    }
}

/// Pushes text in which backtick code spans are code, pairing each run of backticks with
/// the next run of the same length as CommonMark does. In plain text (`plain`) the text
/// is a paragraph, whose lines may start with bullets.
fn push_inline(glyphs: &mut Vec<Glyph>, text: &str, format: &Format, plain: bool) {
    let runs = backtick_runs(text);
    let mut pos = 0;
    let mut index = 0;
    let mut line_start = true;
    loop {
        let next = runs.get(index).copied();
        let (start, len) = next.unwrap_or((text.len(), 0));
        let between = &text[pos..start];
        if plain {
            push_plain_lines(glyphs, between, format, line_start);
        } else {
            push(glyphs, between, format);
        }
        if next.is_none() {
            break;
        }
        match runs[index + 1..].iter().position(|&(_, l)| l == len) {
            Some(offset) => {
                let (close, close_len) = runs[index + 1 + offset];
                let code = Format {
                    code: true,
                    ..format.clone()
                };
                push(glyphs, &text[start + len..close], &code);
                pos = close + close_len;
                index += offset + 2;
            }
            None => {
                push(glyphs, &text[start..start + len], format);
                pos = start + len;
                index += 1;
            }
        }
        line_start = false;
    }
}

/// Pushes plain text lines. The list markers starting a line (`-`, `+`, `*`, `1.`, `1)`,
/// each followed by a space on the line) stay, `*` written as `-`.
fn push_plain_lines(glyphs: &mut Vec<Glyph>, text: &str, format: &Format, line_start: bool) {
    for (n, line) in text.split('\n').enumerate() {
        let mut rest = line;
        if n > 0 || line_start {
            loop {
                let word = rest
                    .split(|c: char| c.is_ascii_whitespace())
                    .next()
                    .unwrap_or("");
                if !(rest.len() > word.len() && is_list_marker(word)) {
                    break;
                }
                push(glyphs, if word == "*" { "-" } else { word }, format);
                rest = rest[word.len()..].trim_start_matches(|c: char| c.is_ascii_whitespace());
            }
        }
        push(glyphs, rest, format);
    }
}

fn is_list_marker(word: &str) -> bool {
    matches!(word, "-" | "+" | "*")
        || word.strip_suffix(['.', ')']).is_some_and(|number| {
            !number.is_empty() && number.len() <= 9 && number.bytes().all(|b| b.is_ascii_digit())
        })
}

fn backtick_runs(text: &str) -> Vec<(usize, usize)> {
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
    runs
}

/// Plain text: paragraphs (split at blank lines) of reflowed text, and code fences.
fn plain(tokens: &[Token<'_>], glyphs: &mut Vec<Glyph>) {
    let mut text = String::new();
    for token in tokens {
        match token {
            Token::Text(t) => text.push_str(t),
            Token::Unknown(raw) => push_text(&mut text, raw),
            Token::Start(_) | Token::End(_) => {}
        }
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let block = Format {
        block: true,
        ..Format::default()
    };
    let mut para = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_ascii();
        let fence_char = trimmed.chars().next().filter(|&c| c == '`' || c == '~');
        let fence_len = fence_char.map_or(0, |c| trimmed.chars().take_while(|&x| x == c).count());
        let info = &trimmed[fence_len..];
        if let Some(fence_char) = fence_char
            && fence_len >= 3
            && !(fence_char == '`' && info.contains('`'))
        {
            push_inline(glyphs, &para, &Format::default(), true);
            para.clear();
            for body in lines.by_ref() {
                let body_trimmed = body.trim_ascii();
                if body_trimmed.len() >= fence_len && body_trimmed.chars().all(|c| c == fence_char)
                {
                    break;
                }
                push(glyphs, body, &block);
            }
        } else if trimmed.is_empty() {
            push_inline(glyphs, &para, &Format::default(), true);
            para.clear();
        } else {
            para.push_str(trimmed);
            para.push('\n');
        }
    }
    push_inline(glyphs, &para, &Format::default(), true);
}

enum Kind {
    Inert,
    Block,
    Heading(Option<u8>),
    List,
    Item,
    Strong,
    Emphasis,
    Link,
    Code,
    Pre,
}

struct Open {
    tag: Tag,
    kind: Kind,
}

struct OpenLink {
    pos: usize,
    dest: Rc<str>,
    /// How many glyphs there were when the link opened.
    from: usize,
}

struct HtmlModel<'a> {
    out: &'a mut Expected,
    stack: Vec<Open>,
    /// Stack position of the open item of each open list.
    lists: Vec<Option<usize>>,
    strong: usize,
    emphasis: usize,
    heading: Option<u8>,
    link: Option<OpenLink>,
    code_pos: Option<usize>,
    pre: bool,
}

impl HtmlModel<'_> {
    fn new(out: &mut Expected) -> HtmlModel<'_> {
        HtmlModel {
            out,
            stack: Vec::new(),
            lists: Vec::new(),
            strong: 0,
            emphasis: 0,
            heading: None,
            link: None,
            code_pos: None,
            pre: false,
        }
    }

    fn format(&self) -> Format {
        Format {
            code: self.code_pos.is_some(),
            block: false,
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            heading: self.heading,
            link: self.link.as_ref().map(|link| link.dest.clone()),
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre {
            let block = Format {
                block: true,
                ..Format::default()
            };
            push(&mut self.out.glyphs, text, &block);
        } else if self.code_pos.is_some() {
            let format = self.format();
            push(&mut self.out.glyphs, text, &format);
        } else {
            let format = self.format();
            push_inline(&mut self.out.glyphs, text, &format, false);
        }
    }

    fn push_open(&mut self, tag: Tag, kind: Kind) {
        match kind {
            Kind::Strong => self.strong += 1,
            Kind::Emphasis => self.emphasis += 1,
            Kind::Code => self.code_pos = Some(self.stack.len()),
            Kind::Pre => self.pre = true,
            _ => {}
        }
        self.stack.push(Open { tag, kind });
    }

    fn start(&mut self, start: &StartTag) {
        let tag = start.tag;
        if self.pre {
            return;
        }
        if self.code_pos.is_some() && !tag.is_block() {
            if !start.self_closing && !matches!(tag, Tag::Br | Tag::Cell) {
                self.push_open(tag, Kind::Inert);
            }
            return;
        }
        if start.self_closing && !matches!(tag, Tag::Br | Tag::Hr) {
            if tag.is_block() {
                self.block_start();
            }
            return;
        }
        if tag.is_block() {
            self.block_start();
        }
        match tag {
            Tag::Br | Tag::Cell | Tag::Hr => {}
            Tag::P | Tag::Div | Tag::Blockquote | Tag::Table | Tag::Tr => {
                self.push_open(tag, Kind::Block);
            }
            Tag::Note | Tag::Important | Tag::Warning => {
                let label = match tag {
                    Tag::Note => "Note:",
                    Tag::Important => "Important:",
                    _ => "Warning:",
                };
                self.out.labels.push((self.out.glyphs.len(), label));
                self.push_open(tag, Kind::Block);
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 => {
                let previous = self.heading;
                self.heading = tag.heading_level().and_then(|l| u8::try_from(l).ok());
                self.push_open(tag, Kind::Heading(previous));
            }
            Tag::Ul | Tag::Ol | Tag::Dl => {
                if self.lists.len() >= MAX_LIST_DEPTH {
                    self.push_open(tag, Kind::Inert);
                } else {
                    self.lists.push(None);
                    self.push_open(tag, Kind::List);
                }
            }
            Tag::Li => self.open_item(),
            Tag::Dt => {
                if !self.lists.is_empty() {
                    self.open_item();
                }
                self.push_open(tag, Kind::Strong);
            }
            Tag::Dd => {
                if let Some(&item) = self.lists.last() {
                    match item {
                        Some(pos) => self.pop_to(pos + 1),
                        None => self.open_item(),
                    }
                }
                self.push_open(tag, Kind::Block);
            }
            Tag::Pre => self.push_open(tag, Kind::Pre),
            Tag::Code => self.push_open(tag, Kind::Code),
            Tag::A => match start.href.as_deref().and_then(destination) {
                Some(dest) if self.link.is_none() => {
                    self.link = Some(OpenLink {
                        pos: self.stack.len(),
                        dest,
                        from: self.out.glyphs.len(),
                    });
                    self.push_open(tag, Kind::Link);
                }
                _ => self.push_open(tag, Kind::Inert),
            },
            Tag::B => self.push_open(tag, Kind::Strong),
            Tag::I => self.push_open(tag, Kind::Emphasis),
        }
    }

    fn open_item(&mut self) {
        if self.lists.is_empty() {
            // A stray `<li>` makes a list of its own, which `</ul>` ends.
            self.lists.push(None);
            self.push_open(Tag::Ul, Kind::List);
        }
        if let Some(Some(pos)) = self.lists.last().copied() {
            self.pop_to(pos);
        }
        if let Some(item) = self.lists.last_mut() {
            *item = Some(self.stack.len());
        }
        self.push_open(Tag::Li, Kind::Item);
    }

    fn end(&mut self, tag: Tag) {
        if tag == Tag::Br || (tag == Tag::Cell && !self.pre) {
            return;
        }
        if let Some(pos) = self.stack.iter().rposition(|open| open.tag == tag) {
            self.pop_to(pos);
        }
    }

    fn block_start(&mut self) {
        if let Some(pos) = self.link.as_ref().map(|link| link.pos) {
            self.pop_to(pos);
        }
        if let Some(pos) = self.code_pos {
            self.pop_to(pos);
        }
    }

    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some(open) = self.stack.pop() else {
                break;
            };
            match open.kind {
                Kind::Strong => self.strong -= 1,
                Kind::Emphasis => self.emphasis -= 1,
                Kind::Heading(previous) => self.heading = previous,
                Kind::List => {
                    self.lists.pop();
                }
                Kind::Item => {
                    if let Some(item) = self.lists.last_mut() {
                        *item = None;
                    }
                }
                Kind::Link => {
                    let format = self.format();
                    if let Some(link) = self.link.take()
                        && link.from == self.out.glyphs.len()
                    {
                        push(&mut self.out.glyphs, &link.dest, &format);
                    }
                }
                Kind::Code => self.code_pos = None,
                Kind::Pre => self.pre = false,
                Kind::Inert | Kind::Block => {}
            }
        }
    }
}

/// The destination an `href` should get: trimmed, with the characters a CommonMark link
/// destination cannot hold percent-encoded; none when it is empty or rustdoc would try to
/// resolve it as an item path.
fn destination(href: &str) -> Option<Rc<str>> {
    let mut dest = String::new();
    for ch in href.trim_ascii().chars() {
        if ch.is_ascii_control() || " <>()\\`".contains(ch) {
            dest.push_str(&format!("%{:02X}", u32::from(ch)));
        } else {
            dest.push(ch);
        }
    }
    (!dest.is_empty() && rustdoc_ignores(&dest)).then(|| dest.into())
}
