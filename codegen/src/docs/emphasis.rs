//! Emphasis markers (`*`, `**`) and CommonMark's rules for reading them.
//!
//! CommonMark decides whether a run of asterisks can open or close emphasis from the
//! characters on either side of it ("flanking"): `x**(y)**z` has no emphasis, nor
//! `**\u{a0}x**`, a no-break space being whitespace. It then pairs runs by its own
//! algorithm, so `***a*b*c***` does not read as `<b><i>a</i>b<i>c</i></b>`. The renderer
//! records every marker it writes; once a paragraph or link text is complete, it applies
//! CommonMark's rules to them and removes the markers of each emphasis that would not read
//! as written, which would otherwise show as asterisks, escaping what the text on both
//! sides of removed markers becomes once joined. Adjacent emphasis of one kind
//! (`<b>a</b><b>b</b>`) is merged as it is written: `**a****b**` reads as text.

use super::escape::{block_syntax_escape, find_url};
use super::inline::Inline;

/// An active `<b>` or `<i>`. Markers are written lazily, right before the first content,
/// so empty elements leave nothing behind, and are closed and reopened around block
/// boundaries because CommonMark emphasis cannot span blocks.
pub(super) struct Emph {
    pub(super) strong: bool,
    /// Started inside a link, so its markers belong to the link text.
    pub(super) in_link: bool,
    /// Index of the opening marker in its buffer's marks, once written.
    pub(super) opened: Option<usize>,
}

/// A marker written into an inline buffer.
#[derive(Clone, Copy, Debug)]
pub(super) struct Mark {
    pos: usize,
    strong: bool,
    /// For an opening marker, the index of its closing marker once written; for a closing
    /// marker, that of its opening marker.
    pair: Option<usize>,
}

impl Mark {
    /// Whether the mark at `index` (this one) opens its emphasis.
    fn opens(&self, index: usize) -> bool {
        self.pair.is_none_or(|pair| pair > index)
    }

    fn len(&self) -> usize {
        marker(self.strong).len()
    }

    fn end(&self) -> usize {
        self.pos + self.len()
    }
}

fn marker(strong: bool) -> &'static str {
    if strong { "**" } else { "*" }
}

/// Writes the opening marker of `strong` (or plain) emphasis, or, when the buffer ends
/// with the closing marker of emphasis of the same kind, reopens that emphasis instead.
/// Returns the index of the opening marker.
pub(super) fn open_emphasis(inline: &mut Inline, strong: bool) -> usize {
    if let Some(last) = inline.marks.last().copied()
        && last.strong == strong
        && last.end() == inline.buf.len()
        && let Some(open) = last.pair
    {
        inline.buf.truncate(last.pos);
        inline.marks.pop();
        inline.marks[open].pair = None;
        return open;
    }
    inline.marks.push(Mark {
        pos: inline.buf.len(),
        strong,
        pair: None,
    });
    inline.buf.push_str(marker(strong));
    inline.marks.len() - 1
}

/// Writes the closing marker of the emphasis opened by mark `open`, or removes the opening
/// marker when nothing followed it: `****` would show as text.
pub(super) fn close_emphasis(inline: &mut Inline, open: usize) {
    let Some(mark) = inline.marks.get(open).copied() else {
        return;
    };
    if mark.end() == inline.buf.len() {
        inline.buf.truncate(mark.pos);
        inline.marks.truncate(open);
        return;
    }
    inline.marks.push(Mark {
        pos: inline.buf.len(),
        strong: mark.strong,
        pair: Some(open),
    });
    inline.buf.push_str(marker(mark.strong));
    let close = inline.marks.len() - 1;
    inline.marks[open].pair = Some(close);
}

/// How a character next to a run of markers counts for CommonMark's flanking rules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Side {
    Space,
    Punct,
    Other,
    /// A character outside ASCII that is neither alphanumeric nor whitespace, nor in a
    /// block known to hold only punctuation and symbols: CommonMark counts it as
    /// punctuation when it is one, which only Unicode's tables tell.
    Unsure,
}

pub(super) fn side(ch: Option<char>, edge: Side) -> Side {
    match ch {
        None => edge,
        Some(c) if c.is_whitespace() => Side::Space,
        Some(c) if c.is_ascii_punctuation() => Side::Punct,
        Some(c) if c.is_ascii() || c.is_alphanumeric() => Side::Other,
        Some(c) if is_unicode_punctuation(c) => Side::Punct,
        Some(_) => Side::Unsure,
    }
}

/// Blocks of Unicode whose characters, other than the alphanumeric ones, are all
/// punctuation or symbols: quotes, dashes, bullets, currency, arrows, mathematical and
/// technical signs, box drawing, shapes, dingbats, CJK brackets and the replacement
/// character.
fn is_unicode_punctuation(c: char) -> bool {
    matches!(c,
        '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{20A0}'..='\u{20C0}'
        | '\u{2190}'..='\u{23FF}' | '\u{2500}'..='\u{27BF}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FFFD}')
}

/// Whether a run of markers between `before` and `after` can open and can close emphasis;
/// `None` when that depends on how an unsure side reads.
fn flanking(before: Side, after: Side) -> Option<(bool, bool)> {
    let readings = |side: Side| match side {
        Side::Unsure => [Side::Punct, Side::Other],
        side => [side, side],
    };
    let mut result = None;
    for before in readings(before) {
        for after in readings(after) {
            let open = after != Side::Space
                && (after != Side::Punct || matches!(before, Side::Space | Side::Punct));
            let close = before != Side::Space
                && (before != Side::Punct || matches!(after, Side::Space | Side::Punct));
            match result {
                None => result = Some((open, close)),
                Some(seen) if seen != (open, close) => return None,
                Some(_) => {}
            }
        }
    }
    result
}

/// Removes the markers of every emphasis that CommonMark would not read as written, once
/// the buffer is complete: a marker run that cannot open or close, or emphasis that
/// CommonMark pairs otherwise (it matches a run that can both open and close with the
/// nearest open run, within its "multiple of 3" rule). `edge` is what surrounds the
/// buffer: line ends for a paragraph, the brackets of a link text. Every emphasis is
/// closed by then.
pub(super) fn repair_emphasis(inline: &mut Inline, edge: Side) {
    let marks = std::mem::take(&mut inline.marks);
    if marks.is_empty() {
        return;
    }
    let buf = &inline.buf;
    let runs = runs(&marks);
    let mut dropped = vec![false; marks.len()];
    let mut flanks = Vec::with_capacity(runs.len());
    for run in &runs {
        let before = side(buf[..marks[run.start].pos].chars().next_back(), edge);
        let after = side(buf[marks[run.end - 1].end()..].chars().next(), edge);
        let flank = flanking(before, after);
        flanks.push(flank.unwrap_or((false, false)));
        for index in run.clone() {
            let (open, close) = flank.unwrap_or((false, false));
            let works = if marks[index].opens(index) {
                open
            } else {
                close
            };
            if !works || marks[index].pair.is_none() {
                drop_span(&marks, &mut dropped, index);
            }
        }
    }
    // Each pass drops what CommonMark pairs otherwise, which may change how the rest
    // pairs; a few passes settle any real text, and the bound keeps the work linear.
    for pass in 0..4 {
        let misread = misread(&marks, &runs, &flanks, &dropped);
        if misread.is_empty() {
            break;
        }
        for index in misread {
            drop_span(&marks, &mut dropped, index);
        }
        if pass == 3 {
            dropped.fill(true);
        }
    }
    if !dropped.contains(&true) {
        return;
    }
    let mut repaired = String::with_capacity(buf.len() + 8);
    let mut from = 0;
    for (n, run) in runs.iter().enumerate() {
        repaired.push_str(&buf[from..marks[run.start].pos]);
        from = marks[run.end - 1].end();
        // The text up to the next run of markers.
        let until = runs
            .get(n + 1)
            .map_or(buf.len(), |next| marks[next.start].pos);
        let mut kept = false;
        for index in run.clone().filter(|&index| !dropped[index]) {
            repaired.push_str(marker(marks[index].strong));
            kept = true;
        }
        if !kept {
            let line_start =
                repaired.ends_with('\n') || (repaired.is_empty() && edge == Side::Space);
            from += join(&mut repaired, &buf[from..until], line_start);
        }
    }
    repaired.push_str(&buf[from..]);
    inline.buf = repaired;
}

fn drop_span(marks: &[Mark], dropped: &mut [bool], index: usize) {
    dropped[index] = true;
    if let Some(pair) = marks[index].pair {
        dropped[pair] = true;
    }
}

/// An open run in CommonMark's delimiter stack.
struct Opener {
    run: usize,
    /// Run length, for the "multiple of 3" rule.
    len: usize,
    both: bool,
    /// The opening mark of the emphasis each unmatched asterisk belongs to, outermost first.
    chars: Vec<usize>,
}

/// Runs CommonMark's emphasis algorithm over the kept markers and returns (the opening
/// marks of) emphasis to drop for it to read the rest as written. An asterisk may pair
/// with any asterisk of emphasis that opens in the same run and closes in the same run as
/// its own: such emphasis covers the same text. When two asterisks pair otherwise, the
/// emphasis opened later is the one to drop: its run closed an older one, or could not
/// close its own under the "multiple of 3" rule.
fn misread(
    marks: &[Mark],
    runs: &[std::ops::Range<usize>],
    flanks: &[(bool, bool)],
    dropped: &[bool],
) -> Vec<usize> {
    let mut run_of = vec![0; marks.len()];
    for (r, run) in runs.iter().enumerate() {
        for index in run.clone() {
            run_of[index] = r;
        }
    }
    let opening = |index: usize| -> usize {
        match marks[index].pair {
            Some(pair) if !marks[index].opens(index) => pair,
            _ => index,
        }
    };
    let closes_in = |span: usize| marks[span].pair.map_or(usize::MAX, |pair| run_of[pair]);
    let mut culprits = Vec::new();
    // Emphasis left unclosed or turned into text by a wrong pairing.
    let mut misread = Vec::new();
    let mut stack: Vec<Opener> = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        let mut chars: std::collections::VecDeque<usize> = run
            .clone()
            .filter(|&index| !dropped[index])
            .flat_map(|index| std::iter::repeat_n(opening(index), marks[index].len()))
            .collect();
        if chars.is_empty() {
            continue;
        }
        let (can_open, can_close) = flanks[r];
        let len = chars.len();
        let both = can_open && can_close;
        while can_close && !chars.is_empty() {
            let found = stack.iter().rposition(|el| {
                !(both || el.both) || !(len + el.len).is_multiple_of(3) || len.is_multiple_of(3)
            });
            let Some(at) = found else {
                break;
            };
            for el in stack.drain(at + 1..) {
                misread.extend(el.chars);
            }
            let Some(el) = stack.last_mut() else {
                break;
            };
            let used = if chars.len() >= 2 && el.chars.len() >= 2 {
                2
            } else {
                1
            };
            for _ in 0..used {
                let (Some(open), Some(close)) = (el.chars.pop(), chars.pop_front()) else {
                    break;
                };
                let consistent = [open, close]
                    .iter()
                    .all(|&span| run_of[span] == el.run && closes_in(span) == r);
                if !consistent {
                    culprits.push(open.max(close));
                }
            }
            if el.chars.is_empty() {
                stack.pop();
            }
        }
        if !chars.is_empty() {
            if can_open {
                stack.push(Opener {
                    run: r,
                    len,
                    both,
                    chars: chars.into(),
                });
            } else {
                misread.extend(chars);
            }
        }
    }
    for el in stack {
        misread.extend(el.chars);
    }
    let mut drop = if culprits.is_empty() {
        misread
    } else {
        culprits
    };
    drop.sort_unstable();
    drop.dedup();
    drop
}

/// Runs of adjacent markers, as ranges of mark indices.
fn runs(marks: &[Mark]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < marks.len() {
        let mut end = start + 1;
        while end < marks.len() && marks[end].pos == marks[end - 1].end() {
            end += 1;
        }
        runs.push(start..end);
        start = end;
    }
    runs
}

/// Escapes what the text on both sides of a removed run of markers becomes once joined, as
/// each side was escaped without the other: block syntax at a line start, an image, a
/// character reference, a bare URL. Writes the word of `after` next to the join and
/// returns its length.
fn join(out: &mut String, after: &str, line_start: bool) -> usize {
    let len = after.find(char::is_whitespace).unwrap_or(after.len());
    let mut word = after[..len].to_string();
    if line_start && let Some(at) = block_syntax_escape(&word) {
        word.insert(at, '\\');
    }
    if word.starts_with('[') && out.ends_with('!') && !is_escaped(out, out.len() - 1) {
        out.insert(out.len() - 1, '\\');
    }
    let reference_body = out.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '#');
    if reference_body.ends_with('&')
        && !is_escaped(out, reference_body.len() - 1)
        && word.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '#' || c == ';')
    {
        out.insert(reference_body.len() - 1, '\\');
    }
    let tail_start = out
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '<' || c == '>')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let tail_len = out.len() - tail_start;
    let joined = format!("{}{word}", &out[tail_start..]);
    if let Some((start, end)) = find_url(&joined)
        && start < tail_len
        && end > tail_len
    {
        // The scheme's colon, escaped, splits the text rustdoc looks for URLs in.
        let colon = start + joined[start..].find(':').unwrap_or(0);
        if colon < tail_len {
            out.insert(tail_start + colon, '\\');
        } else {
            word.insert(colon - tail_len, '\\');
        }
    }
    out.push_str(&word);
    len
}

/// Whether the character at byte `at` follows an odd number of backslashes.
fn is_escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Event, Parser, Tag};

    use super::super::tests::{Emphasis, assert_cases, assert_cases_with};

    /// `(input, expected)` pairs for bold and italics.
    const CASES: &[(&str, &str)] = &[
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
        ("<b>x</b>\u{2014}y", "**x**\u{2014}y"),
        // Adjacent emphasis of one kind merges: `**a****b**` reads as text.
        ("<b>a</b><b>b</b>", "**ab**"),
        ("<i>a</i><i>b</i>", "*ab*"),
    ];

    /// Emphasis CommonMark cannot read as written, which the renderer drops rather than
    /// show asterisks: next to a no-break space, or glued to a word on one side and to
    /// punctuation on the other.
    const DROPPED: &[(&str, &str)] = &[
        ("<b>&nbsp;x</b>", "\u{a0}x"),
        ("x<b>(y)</b>z", "x(y)z"),
        ("<p><b>Note:</b>If</p>", "Note:If"),
        ("a<b>\u{2014}</b>b", "a\u{2014}b"),
        // The second `*` would close the `**` run: CommonMark reads `***a*b*c***` otherwise.
        ("<b><i>a</i>b<i>c</i></b>", "***a*bc**"),
        // Text joined where markers were dropped is escaped as a whole.
        ("<p><b># x&nbsp;</b></p>", "\\# x\u{a0}"),
        (
            "!<b><a href=\"https://e.com\">y</a>&nbsp;</b>",
            "\\![y](https://e.com)\u{a0}",
        ),
        ("&<b>amp;&nbsp;</b>", "\\&amp;\u{a0}"),
        ("https://<b>e.com&nbsp;</b>", "https\\://e.com\u{a0}"),
    ];

    #[test]
    fn cases() {
        assert_cases(CASES);
        assert_cases_with(DROPPED, Emphasis::MayDrop);
    }

    /// What the renderer takes for punctuation is punctuation to CommonMark (to
    /// pulldown-cmark's Unicode tables): `a**cb**` has no emphasis when `c` is.
    #[test]
    fn unicode_punctuation_agrees_with_commonmark() {
        let chars = (0xA0..=0xFFFD)
            .filter_map(char::from_u32)
            .filter(|&c| super::side(Some(c), super::Side::Other) == super::Side::Punct);
        let mut checked = 0;
        for c in chars {
            let markdown = format!("a**{c}b**");
            let strong = Parser::new(&markdown).any(|e| matches!(e, Event::Start(Tag::Strong)));
            assert!(!strong, "U+{:04X} is not punctuation", u32::from(c));
            checked += 1;
        }
        assert!(checked > 1000, "checked only {checked}");
    }
}
