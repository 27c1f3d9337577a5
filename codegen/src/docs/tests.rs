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
    let depth = super::render::MAX_LIST_DEPTH + 3;
    let mut input = String::new();
    for level in 0..depth {
        input.push_str(&format!("<ul><li>l{level}"));
    }
    let output = html_to_markdown(&input);
    let indents: Vec<usize> = output
        .lines()
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .collect();
    let max = 2 * (super::render::MAX_LIST_DEPTH - 1);
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
            if trimmed.starts_with(open.as_str()) && trimmed.trim_start_matches('`').is_empty() {
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
