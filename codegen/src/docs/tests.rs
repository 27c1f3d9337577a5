//! The converter's properties, checked on table cases, random tag soup and plain text, the
//! documentation of AWS's Cognito model and pathological inputs: whatever the input, the
//! output read as CommonMark (by pulldown-cmark, as rustdoc reads it) shows the same
//! characters with the same formatting as the HTML, and nothing rustdoc would warn about.

mod markdown;
mod model;

use markdown::{Origin, Rendered};
use model::{Expected, Format, Glyph};

use super::html_to_markdown;

/// Checks that `markdown`, the conversion of `doc`, is safe and faithful: see
/// [`markdown::parse`] for what it must not contain, and [`model`] for what it must show.
pub(super) fn check(doc: &str, markdown: &str) -> Result<(), String> {
    check_with(doc, markdown, Emphasis::Exact)
}

/// How emphasis must match.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Emphasis {
    Exact,
    /// Emphasis may be missing, never added: CommonMark cannot express all of it (bold
    /// glued to a word on one side and to punctuation on the other), and the renderer drops
    /// what it cannot write rather than show asterisks.
    MayDrop,
}

pub(super) fn check_with(doc: &str, markdown: &str, emphasis: Emphasis) -> Result<(), String> {
    let expected = model::expected(doc);
    let rendered = markdown::parse(markdown, !expected.html)?;
    compare(&expected, &rendered, emphasis)
}

/// Walks both character sequences together. The renderer may add a label where a note
/// starts and make a URL in the text an autolink; everything else must match.
fn compare(expected: &Expected, rendered: &[Rendered], emphasis: Emphasis) -> Result<(), String> {
    let glyphs = &expected.glyphs;
    // Labels not yet used, in order of position.
    let mut labels: Vec<(usize, &str)> = expected.labels.clone();
    let mut next_label = 0;
    let mut i = 0;
    let mut j = 0;
    while j < rendered.len() {
        while labels.get(next_label).is_some_and(|&(at, _)| at < i) {
            next_label += 1;
        }
        if let Origin::Label(label) = rendered[j].origin {
            // Notes opened at the same place: the label is that of one of them.
            let same_place = labels[next_label..].iter().take_while(|&&(at, _)| at == i);
            if let Some(offset) = same_place.into_iter().position(|&(_, l)| l == label) {
                labels.remove(next_label + offset);
                j += label.chars().count();
                continue;
            }
        }
        let actual = &rendered[j].glyph;
        let Some(wanted) = glyphs.get(i) else {
            return Err(mismatch("unexpected", glyphs, rendered, i, j));
        };
        let mut format = actual.format.clone();
        if rendered[j].origin == Origin::UrlAutolink && wanted.format.link.is_none() {
            format.link = None;
        }
        if emphasis == Emphasis::MayDrop {
            format.strong |= wanted.format.strong && !format.strong;
            format.emphasis |= wanted.format.emphasis && !format.emphasis;
        }
        if actual.ch != wanted.ch || format != wanted.format {
            return Err(mismatch("different", glyphs, rendered, i, j));
        }
        i += 1;
        j += 1;
    }
    if i < glyphs.len() {
        return Err(mismatch("missing", glyphs, rendered, i, j));
    }
    Ok(())
}

fn mismatch(what: &str, glyphs: &[Glyph], rendered: &[Rendered], i: usize, j: usize) -> String {
    let show = |g: Option<&Glyph>| match g {
        Some(g) => format!("{:?} {}", g.ch, describe(&g.format)),
        None => "end".to_string(),
    };
    let context = |chars: &mut dyn Iterator<Item = char>| chars.take(40).collect::<String>();
    format!(
        "{what} text: the HTML has {} at {:?}, the Markdown {} at {:?}",
        show(glyphs.get(i)),
        context(
            &mut glyphs[i.saturating_sub(10).min(glyphs.len())..]
                .iter()
                .map(|g| g.ch)
        ),
        show(rendered.get(j).map(|r| &r.glyph)),
        context(
            &mut rendered[j.saturating_sub(10).min(rendered.len())..]
                .iter()
                .map(|r| r.glyph.ch)
        ),
    )
}

fn describe(format: &Format) -> String {
    let mut parts = Vec::new();
    if format.code {
        parts.push("code".to_string());
    }
    if format.block {
        parts.push("code block".to_string());
    }
    if format.strong {
        parts.push("strong".to_string());
    }
    if format.emphasis {
        parts.push("emphasis".to_string());
    }
    if let Some(level) = format.heading {
        parts.push(format!("heading {level}"));
    }
    if let Some(dest) = &format.link {
        parts.push(format!("link to {dest:?}"));
    }
    if parts.is_empty() {
        "(plain)".to_string()
    } else {
        format!("({})", parts.join(", "))
    }
}

/// Checks `(input, expected output)` pairs: the output, and that it passes [`check`].
pub(super) fn assert_cases(cases: &[(&str, &str)]) {
    assert_cases_with(cases, Emphasis::Exact);
}

pub(super) fn assert_cases_with(cases: &[(&str, &str)], emphasis: Emphasis) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let actual = html_to_markdown(input);
        if actual != *expected {
            failures.push(format!(
                "input:    {input:?}\nexpected: {expected:?}\nactual:   {actual:?}"
            ));
        }
        if let Err(problem) = check_with(input, &actual, emphasis) {
            failures.push(format!("input: {input:?}\noutput: {actual:?}\n{problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The checker rejects what the hand-written checker it replaced rejected (the first
/// group, down to the bare URL), and what only a CommonMark parser sees.
#[test]
fn checker_rejects_unsafe_markdown() {
    let cases = [
        ("\nx", "leading blank line"),
        ("x\n", "trailing blank line"),
        ("a\rb", "carriage return"),
        ("a \nb", "trailing whitespace"),
        ("a\n\n\nb", "two blank lines"),
        ("    code", "indented code block"),
        ("- a\n\n      code", "indented code block in an item"),
        ("```text\nx", "unclosed fence"),
        ("a `b", "unmatched backtick"),
        ("a < b", "raw `<`"),
        ("a > b", "raw `>`"),
        ("a ] b", "`]` outside a link"),
        ("a [b", "unclosed `[`"),
        ("[x](<a b>)", "destination with a space"),
        ("see https://e.com", "bare URL"),
        ("```\nx\n```", "doctest"),
        ("```rust\nx\n```", "doctest"),
        ("> a", "block quote"),
        ("see [x]", "unresolved reference"),
        ("[x](Foo)", "destination rustdoc resolves as a path"),
        ("<b>x</b>", "raw HTML"),
        ("![x](y.png)", "image"),
        ("a ~~b~~", "strikethrough"),
        ("| a |\n|---|", "table"),
        ("a[^1]\n\n[^1]: b", "footnote"),
        ("- [ ] a", "task list"),
        ("a *b", "unpaired asterisk"),
    ];
    for (markdown, what) in cases {
        assert!(
            markdown::parse(markdown, false).is_err(),
            "accepted {what}: {markdown:?}"
        );
    }
}

/// The checker rejects Markdown that shows other text or formatting than its HTML.
#[test]
fn checker_rejects_unfaithful_markdown() {
    let cases = [
        ("<p>a</p>", "b"),
        ("<p>ab</p>", "a"),
        ("<p>a</p>", "ab"),
        ("<p># x</p>", "# x"),
        ("<p>a</p><p>- b</p>", "a\n\n- b"),
        ("<p>x</p>", "**x**"),
        ("<p>x</p>", "`x`"),
        ("<code>x</code>", "x"),
        ("<pre>x</pre>", "x"),
        ("<h2>x</h2>", "### x"),
        ("<a href=\"https://e.com\">x</a>", "x"),
        ("<a href=\"https://e.com\">x</a>", "[x](https://f.com)"),
        ("<note>x</note>", "**Important:** x"),
    ];
    for (html, markdown) in cases {
        let result = check_with(html, markdown, Emphasis::MayDrop);
        assert!(result.is_err(), "accepted {markdown:?} for {html:?}");
    }
    assert!(check("<b>x</b>", "x").is_err());
    assert!(check_with("<b>x</b>", "x", Emphasis::MayDrop).is_ok());
    assert!(check("<note>x</note>", "**Note:** x").is_ok());
    assert!(check("<p>see https://e.com</p>", "see <https://e.com>").is_ok());
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
        if let Err(problem) = check_with(input, &output, Emphasis::MayDrop) {
            let shown: String = input.chars().take(40).collect();
            panic!("input {shown:?}...: {problem}");
        }
    }
    // Generous enough for slow debug builds; a quadratic pass would need hours.
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
}

/// Random tag soup and random plain text never panic, are deterministic and always
/// yield safe and faithful Markdown (but for emphasis CommonMark cannot express).
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
        if let Err(problem) = check_with(input, &output, Emphasis::MayDrop) {
            panic!("input #{index} {input:?}\noutput {output:?}\n{problem}");
        }
    }
}

#[test]
#[cfg_attr(
    no_cognito_model,
    ignore = "AWS's official Cognito model not found: set COGNITO_MODEL to its file, or put it in ../shared/models/aws/ and touch codegen/build.rs"
)]
fn cognito_model_documentation() {
    let path = env!("OFFICIAL_COGNITO_MODEL");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
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
        if let Err(problem) = check(doc, &output) {
            panic!("input {doc:?}\noutput {output:?}\n{problem}");
        }
    }
}

/// Every other AWS model in `../shared` too: their documentation, bold and all, must come
/// out exactly as the HTML says.
#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch codegen/build.rs"
)]
fn aws_models_documentation() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/models/aws");
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    let mut count = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("model is readable");
        let model: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
        let mut docs = Vec::new();
        collect_documentation(&model, &mut docs);
        for doc in &docs {
            let output = html_to_markdown(doc);
            if let Err(problem) = check(doc, &output) {
                panic!(
                    "{}: input {doc:?}\noutput {output:?}\n{problem}",
                    path.display()
                );
            }
        }
        count += docs.len();
    }
    assert!(count > 1000, "found only {count} documentation strings");
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
    // Destinations that need encoding or escaping, and characters CommonMark classifies
    // for emphasis: Unicode punctuation and symbols, spaces, marks, format characters.
    "<a href=\"https://e.com/a?b=1&amp;lt;c&amp;amp;d\">", "<a href=\"x y(z)\\`*_[]!\">",
    "<a href=\"mailto:a@b.c\">", "<a href=\"API_X.html#y\">", "<em>", "</strong>", "x<b>",
    "<i>y", "«", "©", "\u{301}", "\u{2003}", "\u{3000}", "\u{200b}", "\u{ad}", "!", "?",
];

/// Fragments of text without known tags, which take the plain-text mode.
#[rustfmt::skip]
const PLAIN_TEXT: &[&str] = &[
    "\n", "\n\n", "\n  ", " ", "  ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "# ", "## ", "```",
    "```rust", "```json\n", "~~~", "~~~ x y\n", "`", "``", "code", "<region>", "<", ">",
    "</x>", "<x@y.z>", "<!-- c -->", "<!--", "&amp;", "&lt;p&gt;", "&", "&#", "[", "]", "(",
    ")", "[x](y)", "*", "_", "__", "\\", "|", "|---|", "---", "===", "> ",
    "https://e.com/x_y", "http://a.b/(c)", "https://", "word", "snake_case", "\r", "\r\n",
    "\u{7}", "é", "\u{a0}", "1.5", "-x", "| a |", "a|b", "1.", "1)", "10.", "-", "+", "*",
    "!", "![x](y)", "&#42;", "\u{2003}", "«", "\t- ", "    ",
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
