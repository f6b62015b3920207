//! Turns spec descriptions into `#[doc]` attributes that rustdoc accepts without warnings.

use proc_macro2::TokenStream;
use quote::quote;

/// Emits one `#[doc = " line"]` per line of `text`, so prettyplease prints `///` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    markdown_doc_attrs(&escape_markdown(text.trim_end()))
}

/// Emits doc attributes for text that the generator wrote itself, which may contain
/// intra-doc links, without escaping it.
pub fn markdown_doc_attrs(markdown: &str) -> TokenStream {
    let attrs = markdown.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// Emits doc attributes for optional text, or nothing.
pub fn optional_doc(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) if !text.trim().is_empty() => doc_attrs(text),
        _ => TokenStream::new(),
    }
}

/// Emits inner doc attributes (`#![doc]`) for a module.
pub fn module_doc(text: &str) -> TokenStream {
    let attrs = text.lines().map(|line| {
        let line = format!(" {line}");
        quote! { #![doc = #line] }
    });
    quote! { #(#attrs)* }
}

/// Escapes brackets and angle brackets outside code spans, and wraps bare URLs in `<>`, so
/// spec text never turns into broken intra-doc links or HTML tags.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            if let Some(url_length) = bare_url_length(rest) {
                out.push('<');
                out.push_str(&rest[..url_length]);
                out.push('>');
                rest = &rest[url_length..];
                continue;
            }
            match c {
                '[' | ']' => out.push('\\'),
                '<' => {
                    out.push_str("&lt;");
                    rest = &rest[1..];
                    continue;
                }
                '>' => {
                    out.push_str("&gt;");
                    rest = &rest[1..];
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of an `http://` or `https://` URL at the start of `text`, without trailing
/// punctuation.
fn bare_url_length(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || c == ')' || c == '`' || c == '>' || c == '"')
        .unwrap_or(text.len());
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_table() {
        let cases = [
            ("plain text", "plain text"),
            ("see [x]", "see \\[x\\]"),
            ("code `a[0]` stays", "code `a[0]` stays"),
            ("visit https://example.com/a.", "visit <https://example.com/a>."),
            ("a <b> c", "a &lt;b&gt; c"),
            ("`<kept>`", "`<kept>`"),
            ("한국어 [x]", "한국어 \\[x\\]"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_markdown(input), expected, "escape_markdown({input:?})");
        }
    }

    #[test]
    fn doc_attrs_one_per_line() {
        let tokens = doc_attrs("first\n\nsecond").to_string();
        assert_eq!(tokens.matches("doc").count(), 3, "{tokens}");
        assert!(tokens.contains("\" first\""));
        assert!(tokens.contains("\"\""));
    }
}
