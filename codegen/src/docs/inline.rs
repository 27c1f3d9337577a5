//! Inline Markdown: paragraph text assembled word by word, with separators, emphasis
//! markers, inline code and links.

use std::mem;

use super::emphasis::{Emph, Mark, Side, close_emphasis, open_emphasis, repair_emphasis};
use super::escape::{
    Piece, empty_link, escape_word, inline_link, normalize_code_span, push_code_span,
    split_code_spans,
};
use super::render::Renderer;

/// What separates the next inline content from what is already on the line; the strongest
/// separator seen since the last content wins.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Debug)]
pub(super) enum Sep {
    #[default]
    None,
    Space,
    SoftBreak,
    HardBreak,
}

/// Inline Markdown being assembled: the current paragraph, or the text of an open link.
#[derive(Default)]
pub(super) struct Inline {
    pub(super) buf: String,
    pub(super) sep: Sep,
    /// Whitespace came before any content; a link moves it in front of its `[`.
    pub(super) lead: bool,
    /// Inline code collected so far. It stays here after `</code>` until something else is
    /// emitted, so adjacent code spans merge instead of fusing their backtick fences.
    pub(super) code: Option<String>,
    pub(super) code_open: bool,
    /// Whitespace came before the code's first character; it belongs outside the span.
    pub(super) code_lead: bool,
    /// Raw text of the word being written. Words are escaped whole, once complete, so that
    /// a URL split by an ignored tag is still recognised (and wrapped) as one.
    pub(super) word: String,
    /// The emphasis markers written into `buf`, in order.
    pub(super) marks: Vec<Mark>,
    /// End of a list marker kept from plain text: what follows it starts a block too.
    item_marker: Option<usize>,
}

impl Inline {
    /// Whether the next text starts a block, where CommonMark looks for block syntax.
    fn is_line_start(&self) -> bool {
        self.buf.is_empty()
            || self.buf.ends_with('\n')
            || (self
                .item_marker
                .is_some_and(|end| end + 1 == self.buf.len())
                && self.buf.ends_with(' '))
    }
}

/// Writes the pending word and any collected inline code into the buffer, once nothing
/// more can join them. `spaced` says that a space on the same line comes next, which a
/// list marker in plain text needs.
pub(super) fn flush_pending(inline: &mut Inline, in_link: bool, plain: bool, spaced: bool) {
    if !inline.word.is_empty() {
        let word = mem::take(&mut inline.word);
        let line_start = !in_link && inline.is_line_start();
        if escape_word(
            &mut inline.buf,
            &word,
            line_start,
            !in_link,
            plain && spaced,
        ) {
            inline.item_marker = Some(inline.buf.len());
        }
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
        // What follows the vanished span no longer comes right after a list marker.
        inline.item_marker = None;
        return;
    }
    push_code_span(&mut inline.buf, content);
    if content.len() != code.len() {
        inline.sep = inline.sep.max(Sep::Space);
    }
}

pub(super) struct Link {
    /// Stack position of the `<a>` element.
    pub(super) pos: usize,
    pub(super) dest: String,
    pub(super) text: Inline,
    /// Emphasis markers were written in front of the link when it opened.
    pub(super) wrapped: bool,
}

impl Renderer {
    pub(super) fn activate(&mut self, strong: bool) -> bool {
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

    pub(super) fn deactivate(&mut self) {
        let Some(emph) = self.emph.pop() else {
            return;
        };
        let Some(open) = emph.opened else {
            return;
        };
        let plain = self.plain;
        let (inline, in_link) = match (&mut self.link, emph.in_link) {
            (Some(link), true) => (&mut link.text, true),
            _ => (&mut self.para, false),
        };
        flush_pending(inline, in_link, plain, false);
        close_emphasis(inline, open);
    }

    pub(super) fn finish_link(&mut self) {
        let Some(mut link) = self.link.take() else {
            return;
        };
        flush_pending(&mut link.text, true, self.plain, false);
        repair_emphasis(&mut link.text, Side::Punct);
        let text = link.text.buf.trim_end_matches(' ');
        let markdown = if text.is_empty() {
            empty_link(&link.dest)
        } else {
            inline_link(text, &link.dest)
        };
        if link.text.lead && !link.wrapped {
            self.para.sep = self.para.sep.max(Sep::Space);
        }
        self.begin_content();
        if markdown.starts_with('[') && self.para.buf.ends_with('!') {
            // `![` would start an image.
            self.para.buf.insert(self.para.buf.len() - 1, '\\');
        }
        self.para.buf.push_str(&markdown);
        if link.text.sep != Sep::None {
            self.para.sep = self.para.sep.max(Sep::Space);
        }
    }

    /// Prepares the current buffer for new content by writing what must precede it: a
    /// pending label, the separator, and the opening markers of active emphasis.
    pub(super) fn begin_content(&mut self) {
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
        flush_pending(inline, in_link, plain, false);
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
                emph.opened = Some(open_emphasis(inline, emph.strong));
            }
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
        } else if self.cur().code_open {
            self.code_text(text);
        } else {
            self.inline_text(text);
        }
    }

    /// Emits running text, keeping backtick code spans written into it as code.
    pub(super) fn inline_text(&mut self, text: &str) {
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
    pub(super) fn code_text(&mut self, text: &str) {
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

    pub(super) fn space(&mut self, newline: bool) {
        let plain = self.plain;
        let in_link = self.link.is_some();
        let inline = self.cur();
        flush_pending(inline, in_link, plain, !newline);
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

    pub(super) fn line_break(&mut self) {
        if self.heading.is_some() || self.link.is_some() {
            self.space(false);
            return;
        }
        flush_pending(&mut self.para, false, self.plain, false);
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::assert_cases;

    /// `(input, expected)` pairs for line breaks and links in running text.
    const CASES: &[(&str, &str)] = &[
        // Line breaks.
        (
            "<p>First<br>second<br/>third<br />fourth</p>",
            "First\\\nsecond\\\nthird\\\nfourth",
        ),
        ("<p>a<br>\n   <br>b</p>", "a\n\nb"),
        ("<p><br>a<br></p>", "a"),
        ("<p>a</br>b</p>", "a\\\nb"),
    ];

    #[test]
    fn cases() {
        assert_cases(CASES);
    }
}
