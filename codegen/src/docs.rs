//! TEMPORARY stub, replaced by the real converter.
pub fn html_to_markdown(html: &str) -> String {
    html.to_string()
}
