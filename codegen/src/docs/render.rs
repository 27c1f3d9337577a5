//! The renderer: a state machine over the tag stream that writes Markdown blocks
//! (paragraphs, headings, lists, notes, code blocks), indented for the list items they sit in.

use std::mem;

use super::emphasis::{Emph, Side, close_emphasis, repair_emphasis};
use super::escape::{link_destination, longest_backtick_run};
use super::inline::{Inline, Link, flush_pending};
use super::tokenize::{StartTag, TAG_COUNT, Tag, Token};

/// Beyond this depth nested lists stop adding indentation, which bounds the output size:
/// every line repeats the indentation of its list items.
pub(super) const MAX_LIST_DEPTH: usize = 8;

/// CommonMark only recognises ordered list numbers of at most nine digits; a longer one
/// would turn the item's indented continuation lines into an indented code block.
const MAX_LIST_NUMBER: u64 = 999_999_999;

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

pub(super) struct Renderer {
    /// Plain-text mode: newlines in text are line breaks and line-start list markers are
    /// kept, since such documentation may be written in CommonMark.
    pub(super) plain: bool,
    out: String,
    gap: Gap,
    stack: Vec<Open>,
    /// How many elements of each tag are open, so that an end tag nobody opened is
    /// dismissed without searching the stack.
    counts: [usize; TAG_COUNT],
    lists: Vec<List>,
    items: Vec<Item>,
    pub(super) emph: Vec<Emph>,
    pub(super) para: Inline,
    pub(super) link: Option<Link>,
    code_pos: Option<usize>,
    pub(super) pre: Option<String>,
    pub(super) heading: Option<usize>,
    /// `**Note:**`-style label waiting for the first content of its element.
    pub(super) label: Option<&'static str>,
}

pub(super) fn render_html(tokens: &[Token<'_>]) -> String {
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

impl Renderer {
    pub(super) fn new(plain: bool) -> Renderer {
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

    pub(super) fn finish(mut self) -> String {
        self.pop_to(0);
        self.flush_para();
        self.out
    }

    pub(super) fn cur(&mut self) -> &mut Inline {
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

    pub(super) fn flush_para(&mut self) {
        flush_pending(&mut self.para, false, self.plain, false);
        for emph in self.emph.iter_mut().rev() {
            if emph.in_link {
                continue;
            }
            if let Some(open) = emph.opened.take() {
                close_emphasis(&mut self.para, open);
            }
        }
        repair_emphasis(&mut self.para, Side::Space);
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

    pub(super) fn code_block(&mut self, lines: &[&str], info: &str) {
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

#[cfg(test)]
mod tests {
    use super::super::html_to_markdown;
    use super::super::tests::{assert_cases, check};

    /// `(input, expected)` pairs for block structure: paragraphs, lists, notes, definition lists, code blocks, headings.
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
    ];

    #[test]
    fn cases() {
        assert_cases(CASES);
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
        check(&input, &output).unwrap();
    }
}
