//! Tests of the flattener, judged by the real parser (dom_query over html5ever, as the
//! extractor parses): how deep its tree is, and what text it holds.

use super::*;

/// Deepest element in the tree the extractor's parser builds from `html`, and its text
/// (walked without recursion).
fn parsed(html: &str) -> (usize, String) {
    let doc = dom_query::Document::from(html);
    let mut deepest = 0;
    let mut text = String::new();
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if node.is_element() {
            deepest = deepest.max(depth);
        } else if node.is_text() {
            text.push_str(&node.text());
        }
        let mut child = node.first_child();
        let mut children = Vec::new();
        while let Some(c) = child {
            child = c.next_sibling();
            children.push((c, depth + 1));
        }
        stack.extend(children.into_iter().rev());
    }
    (deepest, text)
}

fn flat(html: &str, cap: usize) -> String {
    flatten(html, cap, MAX_ELEMENTS).expect("under the element limit")
}

/// Depth the parser may reach from a flattened page: the cap, the parser's own `<html>` and
/// `<body>`, one implied level (`<tbody>`, `<tr>`) per counted one at worst, and tags in raw
/// text after an `<svg>`.
fn bound(cap: usize) -> usize {
    3 * cap + 3
}

#[test]
fn deep_nesting_is_cut_to_the_cap_and_its_text_kept() {
    let n = 5000;
    let page = format!(
        "<!DOCTYPE html><body>{}<p>The harbour treaty was signed at dawn.</p>{}</body>",
        "<div class=x>".repeat(n),
        "</div>".repeat(n)
    );
    let out = flat(&page, MAX_DEPTH);
    let (depth, text) = parsed(&out);
    assert!(depth <= MAX_DEPTH + 3, "{depth}");
    assert!(text.contains("The harbour treaty was signed at dawn."));
    assert!(out.len() < page.len() / 10, "the dropped tags are gone");
    // Unclosed tags of every kind: formatting, list items, cells, tables.
    for open in [
        "<b>",
        "<li>",
        "<td>",
        "<table><tr><td>",
        "<p><span>",
        "<font a=1>",
    ] {
        let page = format!("{}words", open.repeat(3000));
        let (depth, text) = parsed(&flat(&page, 64));
        assert!(depth <= bound(64), "{open}: {depth}");
        assert!(text.ends_with("words"), "{open}");
    }
}

#[test]
fn formatting_the_parser_reopens_counts_against_the_cap() {
    // Each `</div>` closes the `<b>`s inside it, and the parser re-opens them at the next text.
    let tags: String = (0..40).map(|i| format!("<b id={i}>")).collect();
    let page = format!("{}x", format!("<div>{tags}</div>x").repeat(400));
    let (depth, _) = parsed(&flat(&page, 64));
    assert!(depth <= bound(64), "{depth}");
    // A cell the parser cannot close inside another table.
    let page = "<table><tr><td><table></td>".repeat(2000);
    let (depth, _) = parsed(&flat(&page, 64));
    assert!(depth <= bound(64), "{depth}");
}

#[test]
fn random_tag_soup_never_nests_past_the_bound() {
    // Raw-text elements and `<select>` are left out: unclosed, they swallow the rest of the
    // page as text, and the soup would never nest deep enough to test anything.
    const TAGS: &[&str] = &[
        "div",
        "b",
        "i",
        "a",
        "p",
        "li",
        "ul",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "span",
        "font",
        "svg",
        "math",
        "mi",
        "foreignobject",
        "desc",
        "caption",
        "form",
        "h2",
        "dd",
        "object",
        "nobr",
        "button",
        "em",
        "path",
        "g",
        "body",
        "html",
        "br",
        "img",
        "section",
        "template",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let cap = 24;
    for round in 0..150 {
        let mut page = String::new();
        for _ in 0..4000 {
            let tag = TAGS[next(TAGS.len())];
            // More opened than closed, as a page built to nest deep would.
            match next(12) {
                0..=7 => page.push_str(&format!("<{tag} id={}>", next(5))),
                8 => page.push_str(&format!("<{tag}/>")),
                9 | 10 => page.push_str(&format!("</{tag}>")),
                _ => page.push_str("text <div>&amp; more "),
            }
        }
        let out = flat(&page, cap);
        let (depth, _) = parsed(&out);
        assert!(depth <= bound(cap), "round {round}: depth {depth}\n{page}");
    }
}

#[test]
fn raw_text_is_passed_as_it_was_and_text_and_attributes_are_escaped() {
    let script = r#"if (a < b && c > d) { el.innerHTML = "<div>&amp;</div>"; }"#;
    let page = format!(
        "<title>Tom &amp; Jerry &lt;3</title><script>{script}</script>\
         <style>p > a {{ content: \"&\" }}</style>\
         <p title='say \"hi\" &amp; bye' data-x=\"a&b\">1 &lt; 2 &amp;&amp; <b>bold</b></p>\
         <textarea>&lt;/textarea&gt; stays</textarea><!-- gone -->"
    );
    let out = flat(&page, MAX_DEPTH);
    assert!(out.contains(&format!("<script>{script}</script>")), "{out}");
    assert!(
        out.contains("<style>p > a { content: \"&\" }</style>"),
        "{out}"
    );
    assert!(
        out.contains("<title>Tom &amp; Jerry &lt;3</title>"),
        "{out}"
    );
    assert!(
        out.contains(r#"<p title="say &quot;hi&quot; &amp; bye" data-x="a&amp;b">"#),
        "{out}"
    );
    assert!(out.contains("1 &lt; 2 &amp;&amp; <b>bold</b></p>"), "{out}");
    assert!(
        out.contains("<textarea>&lt;/textarea&gt; stays</textarea>"),
        "{out}"
    );
    assert!(!out.contains("gone"), "{out}");
    // Read back, the page says the same.
    let (_, a) = parsed(&page);
    let (_, b) = parsed(&out);
    assert_eq!(a, b);
}

#[test]
fn svg_follows_its_own_rules() {
    // Self-closing tags in SVG add no depth; `<style>` in SVG is markup, not raw text.
    let page = format!(
        "<svg>{}<style><b>in svg</b></style></svg><p>after</p>",
        "<path d='M0 0'/>".repeat(500)
    );
    let out = flat(&page, 16);
    assert!(out.contains("<b>in svg</b>"), "{out}");
    assert!(out.contains("<p>after</p>"), "{out}");
    // Raw text full of tags after an SVG is dropped rather than risk it being read as markup.
    let page = format!(
        "<svg><desc><style>{}</style></desc></svg>",
        "<div>".repeat(100)
    );
    let out = flat(&page, 16);
    assert!(!out.contains("<div>"), "{out}");
}

#[test]
fn a_page_of_too_many_elements_is_refused() {
    let page = "<i></i>".repeat(1001);
    assert!(flatten(&page, MAX_DEPTH, 1000).is_err());
    assert!(flatten(&page, MAX_DEPTH, 1001).is_ok());
}
