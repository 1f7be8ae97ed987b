//! Nesting flattened before the page is parsed: the page rewritten so that no element sits
//! deeper than [`MAX_DEPTH`], in one pass over html5ever's own tokenizer.
//!
//! Why: the extractor's tree walks recurse once per level (a page of 20,000 nested `<div>`s
//! overflowed a 2 MiB thread stack and aborted the process) and the parser's scope checks cost
//! the depth at every tag (quadratic time). Here each token costs a bounded amount of work, and
//! nothing recurses. Start tags past the cap are dropped with their end tags; their text stays,
//! so an article hidden under 50,000 `<div>`s still reads as one.
//!
//! The tokenizer is the parser's own, driven the way its tree builder drives it (raw text inside
//! `<script>`, `<style>`, `<textarea>`, `<title>`...; CDATA only in SVG and MathML), so the page
//! is cut into the same tokens the parser will see. Text is re-escaped; raw text is passed as it
//! was, since escaping would change it. Comments are dropped (nothing reads them).

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::LocalName;

use super::nesting::Nesting;

/// Deepest an element may sit after flattening. Real pages nest a few dozen levels (Chrome's
/// parser itself stops nesting at 512); the parser may add a level or two per counted element
/// (`<tbody>`, `<tr>` implied in tables), which the reader thread's stack is sized for.
pub const MAX_DEPTH: usize = 256;

/// Most elements a page may have: a long news page has a few thousand; past this the page is
/// refused rather than read.
pub const MAX_ELEMENTS: usize = 1_000_000;

/// How much input the tokenizer is fed at a time, so a page over [`MAX_ELEMENTS`] stops early.
const CHUNK: usize = 64 * 1024;

/// Elements whose end the parser never waits for.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// The page had more elements than [`MAX_ELEMENTS`].
#[derive(Debug)]
pub(super) struct TooManyElements;

/// Rewrites `html` so no element nests deeper than `max_depth`; refuses a page of more than
/// `max_elements` elements.
pub(super) fn flatten(
    html: &str,
    max_depth: usize,
    max_elements: usize,
) -> Result<String, TooManyElements> {
    let sink = Flattener {
        out: RefCell::new(String::with_capacity(html.len() + html.len() / 8)),
        state: RefCell::new(State {
            max_depth,
            max_elements,
            ..State::default()
        }),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        queue.push_back(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        // The only other result is a script to run, which this sink never asks for.
        let _ = tokenizer.feed(&queue);
        if tokenizer.sink.state.borrow().too_many {
            return Err(TooManyElements);
        }
    }
    tokenizer.end();
    let dropped = tokenizer.sink.state.borrow().dropped_total;
    if dropped > 0 {
        tracing::debug!(dropped, "start tags past the depth cap dropped");
    }
    Ok(tokenizer.sink.out.into_inner())
}

/// Inside an element whose content the tokenizer reads as raw text.
struct Raw {
    name: LocalName,
    /// Titles and text areas decode character references, so they are re-escaped.
    escaped: bool,
    /// False when the element itself was past the cap: its content goes with it.
    keep: bool,
    text: String,
}

#[derive(Default)]
struct State {
    max_depth: usize,
    max_elements: usize,
    nesting: Nesting,
    /// Start tags dropped past the cap and not yet closed, by name: their end tags go too.
    dropped: HashMap<LocalName, usize>,
    dropped_total: usize,
    raw: Option<Raw>,
    /// An `<svg>` or `<math>` has been seen: from then on raw text might be read as markup if
    /// the model and the parser disagree about where SVG ends.
    foreign_seen: bool,
    /// Tags passed inside raw text since then, charged against the depth cap.
    raw_tags: usize,
    elements: usize,
    too_many: bool,
}

struct Flattener {
    out: RefCell<String>,
    state: RefCell<State>,
}

impl TokenSink for Flattener {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut st = self.state.borrow_mut();
        let mut out = self.out.borrow_mut();
        if st.too_many {
            return TokenSinkResult::Continue;
        }
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                return start_tag(&mut st, &mut out, tag);
            }
            Token::TagToken(tag) => end_tag(&mut st, &mut out, &tag.name),
            Token::CharacterTokens(text) => match st.raw.as_mut() {
                Some(raw) if raw.keep => raw.text.push_str(&text),
                Some(_) => {}
                None => escape_text(&mut out, &text),
            },
            Token::NullCharacterToken => {
                if let Some(raw) = st.raw.as_mut().filter(|r| r.keep) {
                    raw.text.push('\u{FFFD}');
                }
            }
            Token::DoctypeToken(d) => {
                let name = d.name.as_deref().unwrap_or("");
                if name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    out.push_str(&format!("<!DOCTYPE {name}>"));
                }
            }
            Token::EOFToken => {
                if let Some(raw) = st.raw.take() {
                    flush_raw(&mut st, &mut out, raw);
                }
            }
            Token::CommentToken(_) | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.state.borrow().nesting.in_foreign()
    }
}

fn start_tag(st: &mut State, out: &mut String, tag: Tag) -> TokenSinkResult<()> {
    st.elements += 1;
    if st.elements > st.max_elements {
        st.too_many = true;
        return TokenSinkResult::Continue;
    }
    let name = tag.name.clone();
    // The parser always has exactly one of each; they add no depth.
    if matches!(&*name, "html" | "head" | "body") {
        write_start(out, &tag);
        return TokenSinkResult::Continue;
    }
    let foreign = st.nesting.before_start(&tag);
    st.foreign_seen |= foreign;
    let void = if foreign {
        tag.self_closing
    } else {
        VOID.contains(&&*name)
    };
    if void {
        write_start(out, &tag);
        return TokenSinkResult::Continue;
    }
    let switch = if foreign { None } else { raw_state(&name) };
    let keep = st.nesting.depth() < st.max_depth;
    if keep {
        write_start(out, &tag);
        st.nesting.push(name.clone(), foreign);
    } else {
        st.dropped_total += 1;
    }
    match switch {
        Some(state) => {
            let escaped = matches!(state, TokenSinkResult::RawData(RawKind::Rcdata));
            st.raw = Some(Raw {
                name,
                escaped,
                keep,
                text: String::new(),
            });
            state
        }
        None => {
            if !keep {
                *st.dropped.entry(name).or_default() += 1;
            }
            TokenSinkResult::Continue
        }
    }
}

fn end_tag(st: &mut State, out: &mut String, name: &LocalName) {
    // In raw text the tokenizer's only end tag is the one that closes it.
    if let Some(raw) = st.raw.take() {
        let keep = raw.keep;
        let name = raw.name.clone();
        flush_raw(st, out, raw);
        if keep {
            st.nesting.pop_top();
            out.push_str(&format!("</{name}>"));
        }
        return;
    }
    if let Some(n) = st.dropped.get_mut(name).filter(|n| **n > 0) {
        *n -= 1;
        return;
    }
    if !matches!(&**name, "html" | "head" | "body") {
        st.nesting.end(name);
    }
    out.push_str(&format!("</{name}>"));
}

/// The tokenizer state the tree builder switches to after an HTML start tag of this name
/// (with scripting off, as the extractor parses: `<noscript>` is ordinary markup).
fn raw_state(name: &str) -> Option<TokenSinkResult<()>> {
    Some(match name {
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => return None,
    })
}

/// Writes the content of a raw-text element. After an `<svg>` or `<math>`, the tags inside raw
/// text count against the cap (were the parser to read them as markup they could nest), and
/// content with more than that left is dropped.
fn flush_raw(st: &mut State, out: &mut String, raw: Raw) {
    if !raw.keep {
        return;
    }
    if raw.escaped {
        escape_text(out, &raw.text);
        return;
    }
    if st.foreign_seen {
        let tags = raw
            .text
            .as_bytes()
            .windows(2)
            .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
            .count();
        if st.raw_tags + tags > st.max_depth {
            tracing::debug!(element = %raw.name, "raw text with markup after SVG dropped");
            return;
        }
        st.raw_tags += tags;
    }
    out.push_str(&raw.text);
}

fn write_start(out: &mut String, tag: &Tag) {
    out.push('<');
    out.push_str(&tag.name);
    for a in &tag.attrs {
        let name = &*a.name.local;
        // Names the tokenizer accepts but that would not read back the same are dropped.
        if name.is_empty() || name.contains(['"', '\'', '<', '=']) {
            continue;
        }
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        for c in a.value.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                _ => out.push(c),
            }
        }
        out.push('"');
    }
    if tag.self_closing {
        out.push_str(" /");
    }
    out.push('>');
}

fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
#[path = "flatten_tests.rs"]
mod tests;
