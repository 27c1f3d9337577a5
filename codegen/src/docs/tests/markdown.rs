//! Reads generated Markdown the way rustdoc does, with pulldown-cmark and rustdoc's
//! extensions, and returns its visible characters with their formatting, or what rustdoc or
//! a `///` comment would object to.

use std::ops::Range;
use std::rc::Rc;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::super::escape::rustdoc_ignores;
use super::model::{Format, Glyph};

/// Where a rendered character comes from, when that matters for the comparison.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Origin {
    Text,
    /// An autolink made of a URL written in the text.
    UrlAutolink,
    /// A bold `Note:`-style label on its own.
    Label(&'static str),
}

pub(super) struct Rendered {
    pub(super) glyph: Glyph,
    pub(super) origin: Origin,
}

const LABELS: [&str; 3] = ["Note:", "Important:", "Warning:"];

/// Characters that must be backslash-escaped wherever they are text: unescaped, they are
/// syntax somewhere (code spans, HTML, links, emphasis, strikethrough, escapes), and text
/// only by the accident of what surrounds them.
const SPECIAL: &[char] = &['\\', '`', '<', '>', '[', ']', '*', '~'];

/// rustdoc's Markdown extensions (without smart punctuation, which changes no structure).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Parses `markdown`; `plain` (Markdown made from plain text) counts the markers of its
/// list items as text, since they were written in that text.
pub(super) fn parse(markdown: &str, plain: bool) -> Result<Vec<Rendered>, String> {
    check_lines(markdown)?;
    let mut broken = Vec::new();
    let mut on_broken = |link: BrokenLink<'_>| {
        broken.push(link.reference.to_string());
        None
    };
    let parser = Parser::new_with_broken_link_callback(markdown, options(), Some(&mut on_broken));
    let mut reader = Reader {
        markdown,
        plain,
        out: Vec::new(),
        format: Format::default(),
        strong: 0,
        emphasis: 0,
        strong_starts: Vec::new(),
        links: Vec::new(),
        code_blocks: Vec::new(),
        covered: 0,
    };
    for (event, range) in parser.into_offset_iter() {
        reader
            .event(event, range.clone())
            .map_err(|problem| format!("{problem} at {:?}", excerpt(markdown, range)))?;
    }
    if let Some(reference) = broken.first() {
        return Err(format!("unresolved link reference [{reference}]"));
    }
    check_blank_lines(markdown, &reader.code_blocks)?;
    Ok(reader.out)
}

fn excerpt(markdown: &str, range: Range<usize>) -> &str {
    let end = markdown[range.start..]
        .char_indices()
        .nth(60)
        .map_or(markdown.len(), |(i, _)| range.start + i)
        .min(range.end.max(range.start + 1).min(markdown.len()));
    markdown.get(range.start..end).unwrap_or_default()
}

/// What a `///` comment must not hold: carriage returns, trailing whitespace, and blank
/// lines at the ends.
fn check_lines(markdown: &str) -> Result<(), String> {
    if markdown.starts_with('\n') || markdown.ends_with('\n') {
        return Err("leading or trailing blank line".into());
    }
    if markdown.contains('\r') {
        return Err("carriage return".into());
    }
    if let Some(line) = markdown.split('\n').find(|l| l.ends_with([' ', '\t'])) {
        return Err(format!("trailing whitespace in {line:?}"));
    }
    Ok(())
}

/// Blocks are separated by one blank line; only code blocks may hold runs of them.
fn check_blank_lines(markdown: &str, code_blocks: &[Range<usize>]) -> Result<(), String> {
    let mut offset = 0;
    let mut previous_blank = false;
    for line in markdown.split('\n') {
        let blank = line.is_empty() && !code_blocks.iter().any(|r| r.contains(&offset));
        if blank && previous_blank {
            return Err(format!("two blank lines in a row at byte {offset}"));
        }
        previous_blank = blank;
        offset += line.len() + 1;
    }
    Ok(())
}

struct OpenLink {
    dest: Rc<str>,
    autolink: bool,
    /// An autolink of a URL (`http://` or `https://`).
    url: bool,
}

struct Reader<'a> {
    markdown: &'a str,
    plain: bool,
    out: Vec<Rendered>,
    format: Format,
    strong: usize,
    emphasis: usize,
    /// Where each open `Strong` started in `out`.
    strong_starts: Vec<usize>,
    links: Vec<OpenLink>,
    code_blocks: Vec<Range<usize>>,
    /// End of the source covered by the last text event: a backslash before it is text.
    covered: usize,
}

impl Reader<'_> {
    fn push(&mut self, text: &str, format: &Format) {
        let origin = match self.links.last() {
            Some(link) if link.url => Origin::UrlAutolink,
            _ => Origin::Text,
        };
        for ch in text.chars().filter(|c| !c.is_ascii_whitespace()) {
            self.out.push(Rendered {
                glyph: Glyph {
                    ch,
                    format: format.clone(),
                },
                origin,
            });
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) -> Result<(), String> {
        match event {
            Event::Start(tag) => self.start(tag, range)?,
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                // Code blocks and autolinks show their text as written.
                let literal = self.format.block || self.links.last().is_some_and(|l| l.autolink);
                if !literal {
                    self.check_text(&text, range.clone())?;
                }
                let format = self.format.clone();
                self.push(&text, &format);
                self.covered = range.end;
            }
            Event::Code(text) => {
                let format = Format {
                    code: true,
                    ..self.format.clone()
                };
                self.push(&text, &format);
                self.covered = range.end;
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => {}
            Event::Html(_) | Event::InlineHtml(_) => return Err("raw HTML".into()),
            Event::FootnoteReference(_) => return Err("footnote reference".into()),
            Event::TaskListMarker(_) => return Err("task list marker".into()),
            Event::InlineMath(_) | Event::DisplayMath(_) => return Err("math".into()),
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) -> Result<(), String> {
        match tag {
            Tag::Paragraph | Tag::List(_) => {}
            Tag::Item => {
                if self.plain {
                    let marker = self.markdown[range.start..]
                        .split(|c: char| c.is_ascii_whitespace())
                        .next()
                        .unwrap_or_default();
                    self.push(marker, &Format::default());
                }
            }
            Tag::Heading { level, .. } => self.format.heading = Some(heading_level(level)),
            Tag::CodeBlock(CodeBlockKind::Indented) => return Err("indented code block".into()),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                check_fence(&self.markdown[range.clone()], &info)?;
                self.code_blocks.push(range);
                self.format.block = true;
            }
            Tag::Strong => {
                self.strong += 1;
                self.strong_starts.push(self.out.len());
                self.format.strong = true;
            }
            Tag::Emphasis => {
                self.emphasis += 1;
                self.format.emphasis = true;
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let autolink = match link_type {
                    LinkType::Inline => {
                        check_destination(&dest_url)?;
                        false
                    }
                    LinkType::Autolink => true,
                    other => return Err(format!("{other:?} link")),
                };
                let lower = dest_url.to_ascii_lowercase();
                let url =
                    autolink && (lower.starts_with("http://") || lower.starts_with("https://"));
                let dest: Rc<str> = dest_url.as_ref().into();
                self.format.link = Some(dest.clone());
                self.links.push(OpenLink {
                    dest,
                    autolink,
                    url,
                });
            }
            other => return Err(format!("unexpected {other:?}")),
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.format.heading = None,
            TagEnd::CodeBlock => self.format.block = false,
            TagEnd::Strong => {
                self.strong -= 1;
                self.format.strong = self.strong > 0;
                let start = self.strong_starts.pop().unwrap_or(self.out.len());
                let text: String = self.out[start..].iter().map(|r| r.glyph.ch).collect();
                if self.strong == 0
                    && self.links.is_empty()
                    && let Some(label) = LABELS.iter().find(|&&l| l == text)
                {
                    for rendered in &mut self.out[start..] {
                        rendered.origin = Origin::Label(label);
                    }
                }
            }
            TagEnd::Emphasis => {
                self.emphasis -= 1;
                self.format.emphasis = self.emphasis > 0;
            }
            TagEnd::Link => {
                self.links.pop();
                self.format.link = self.links.last().map(|link| link.dest.clone());
            }
            _ => {}
        }
    }

    /// Text outside code: special characters must be escaped, and URLs must be links.
    fn check_text(&self, text: &str, range: Range<usize>) -> Result<(), String> {
        let source = &self.markdown[range.clone()];
        if source == text {
            for (offset, ch) in text.char_indices() {
                if !SPECIAL.contains(&ch) {
                    continue;
                }
                // The parser starts a text event at each escaped character.
                let escaped = offset == 0
                    && range.start > self.covered
                    && self.markdown.as_bytes()[range.start - 1] == b'\\';
                if !escaped {
                    return Err(format!("unescaped {ch:?}"));
                }
            }
        } else if !source.starts_with('&') {
            return Err(format!("text {text:?} read from {source:?}"));
        }
        if self.links.is_empty() && has_bare_url(text) {
            return Err("bare URL".into());
        }
        Ok(())
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Like rustdoc's `bare_urls` lint: a scheme followed by a host.
fn has_bare_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["http://", "https://"].iter().any(|scheme| {
        lower.match_indices(scheme).any(|(at, _)| {
            lower[at + scheme.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        })
    })
}

/// A destination must need no angle brackets, and rustdoc must not take it for an item
/// path (which it would fail to resolve).
fn check_destination(dest: &str) -> Result<(), String> {
    let bad = dest.is_empty()
        || dest
            .chars()
            .any(|c| c.is_ascii_control() || " <>()\\`".contains(c));
    if bad || !rustdoc_ignores(dest) {
        return Err(format!("bad link destination {dest:?}"));
    }
    Ok(())
}

/// A code block must be closed, and labelled with a language rustdoc will not run as a
/// doctest.
fn check_fence(block: &str, info: &str) -> Result<(), String> {
    let fence_char = block.chars().next().unwrap_or('`');
    let opening = block.chars().take_while(|&c| c == fence_char).count();
    let closing = block
        .trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or_default();
    let closing = closing.trim_start_matches(' ');
    let closed = block.trim_end_matches('\n').contains('\n')
        && closing.len() >= opening
        && closing.chars().all(|c| c == fence_char);
    if !closed {
        return Err("unclosed code fence".into());
    }
    let language = info.split([',', ' ', '\t']).next().unwrap_or_default();
    let lower = language.to_ascii_lowercase();
    let doctest = language.is_empty()
        || [
            "rust",
            "ignore",
            "should_panic",
            "no_run",
            "compile_fail",
            "test_harness",
            "standalone_crate",
            "allow_fail",
        ]
        .contains(&lower.as_str())
        || lower.starts_with("edition")
        || lower.starts_with("ignore-");
    if doctest {
        return Err(format!("code block {info:?} would be a doctest"));
    }
    Ok(())
}
