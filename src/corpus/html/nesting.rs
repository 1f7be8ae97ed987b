//! The open elements of a page as the HTML parser will hold them, followed from its tags alone,
//! so that [`super::flatten`] knows how deep each new element would sit.
//!
//! This is a model of the tree builder, not the tree builder: the real one is quadratic in
//! nesting depth (its scope checks walk the whole stack of open elements), which is the cost
//! flattening exists to avoid. The model errs one way only: it may believe the parser is deeper
//! than it is (then a page is flattened more than needed), never shallower. So it pops an element
//! only where the parser certainly closes it too (an end tag that finds it in scope, the implied
//! closes of `<p>`, `<li>`, table cells), keeps misnested elements open, and counts formatting
//! elements (`<b>`, `<font>`...) closed implicitly, which the parser re-opens at the next text.
//! `<html>`, `<head>` and `<body>` are not counted: the parser always has them.

use std::collections::HashMap;

use html5ever::tokenizer::Tag;
use html5ever::LocalName;

/// One open element.
struct Open {
    name: LocalName,
    /// In SVG or MathML, where tags follow other rules.
    foreign: bool,
    /// What the searches ask of it, worked out once when it opens (walks stay cheap).
    special: bool,
    integration: bool,
    /// How many lingering formatting elements there were when it opened: a table cell, caption
    /// or object closing forgets the ones opened inside it, as the parser's markers do.
    lingering_mark: usize,
}

/// Which elements stop the search for an open element named by an end tag.
#[derive(Clone, Copy)]
enum Scope {
    Default,
    ListItem,
    Button,
    Table,
    Select,
}

/// The parser's open elements, approximated from above.
#[derive(Default)]
pub(super) struct Nesting {
    open: Vec<Open>,
    /// Open elements by name and namespace, so a search for one that is not open costs nothing
    /// (every tag of a page nested to the cap would otherwise walk the whole stack).
    counts: HashMap<(LocalName, bool), usize>,
    /// Formatting elements closed without their end tag; the parser re-opens them.
    lingering: Vec<LocalName>,
}

/// Elements that close an open `<p>` (tables too, but only outside quirks mode, so not here).
#[rustfmt::skip]
const CLOSE_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
    "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "listing", "form", "hr", "xmp", "plaintext", "li", "dd", "dt",
];

/// End tags that close their element when it is in (default) scope, with all above it.
#[rustfmt::skip]
const CLOSE_IN_SCOPE: &[&str] = &[
    "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir",
    "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "listing",
    "main", "menu", "nav", "ol", "pre", "search", "section", "summary", "ul", "applet", "marquee",
    "object", "dd", "dt",
];

/// Elements the parser keeps on its list of active formatting elements.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// The HTML standard's "special" elements: misnested end tags stop at them.
#[rustfmt::skip]
const SPECIAL: &[&str] = &[
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
    "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
    "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
    "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script",
    "search", "section", "select", "source", "style", "summary", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
];

/// SVG and MathML elements whose content is read as HTML again.
#[rustfmt::skip]
const INTEGRATION: &[&str] = &[
    "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title",
];

/// HTML start tags that end SVG or MathML content.
#[rustfmt::skip]
const BREAK_OUT: &[&str] = &[
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
    "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
    "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub",
    "sup", "table", "tt", "u", "ul", "var",
];

/// Elements that mark the list of formatting elements (closing one forgets what opened inside).
const MARKERS: &[&str] = &[
    "td", "th", "caption", "applet", "marquee", "object", "template",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

impl Open {
    fn is(&self, names: &[&str]) -> bool {
        !self.foreign && names.contains(&&*self.name)
    }
    fn is_integration_point(&self) -> bool {
        self.integration
    }
    fn is_special(&self) -> bool {
        self.special
    }
    fn bounds(&self, scope: Scope) -> bool {
        match scope {
            Scope::Table => self.is(&["html", "table", "template"]),
            Scope::Select => !self.is(&["optgroup", "option"]),
            Scope::Default | Scope::ListItem | Scope::Button => {
                self.is(&[
                    "applet", "caption", "html", "table", "td", "th", "marquee", "object",
                    "template",
                ]) || self.is_integration_point()
                    || matches!(scope, Scope::ListItem) && self.is(&["ol", "ul"])
                    || matches!(scope, Scope::Button) && self.is(&["button"])
            }
        }
    }
}

impl Nesting {
    /// How deep the next element would sit: open elements and lingering formatting ones.
    pub(super) fn depth(&self) -> usize {
        self.open.len() + self.lingering.len()
    }

    /// Whether the parser reads the next tags as SVG or MathML (self-closing tags honoured, no
    /// raw text, CDATA sections allowed).
    pub(super) fn in_foreign(&self) -> bool {
        self.open
            .last()
            .is_some_and(|o| o.foreign && !o.is_integration_point())
    }

    /// What a start tag implies before its element opens (closing a `<p>`, a list item, a
    /// cell, leaving SVG); returns whether the new element is SVG or MathML.
    pub(super) fn before_start(&mut self, tag: &Tag) -> bool {
        let name = &*tag.name;
        if self.in_foreign() {
            let font_breaks = name == "font"
                && tag
                    .attrs
                    .iter()
                    .any(|a| matches!(&*a.name.local, "color" | "face" | "size"));
            if !BREAK_OUT.contains(&name) && !font_breaks {
                return true;
            }
            while self.in_foreign() {
                self.pop();
            }
        }
        if name == "svg" || name == "math" {
            return true;
        }
        if CLOSE_P.contains(&name) {
            match name {
                "li" => self.close_item(&["li"]),
                "dd" | "dt" => self.close_item(&["dd", "dt"]),
                _ => {}
            }
            self.close_in_scope(&["p"], Scope::Button);
            if HEADINGS.contains(&name) && self.open.last().is_some_and(|o| o.is(HEADINGS)) {
                self.pop();
            }
            return false;
        }
        match name {
            "option" | "optgroup" if self.open.last().is_some_and(|o| o.is(&["option"])) => {
                self.pop();
            }
            "td" | "th" => self.close_cell(),
            "tr" => {
                self.close_cell();
                self.close_in_scope(&["tr"], Scope::Table);
            }
            "tbody" | "thead" | "tfoot" => {
                self.close_cell();
                self.close_in_scope(&["tr"], Scope::Table);
                self.close_in_scope(&["tbody", "thead", "tfoot"], Scope::Table);
            }
            // An `<a>` inside an open one closes it, as its end tag would.
            "a" => self.formatting_end("a"),
            _ => {}
        }
        false
    }

    /// An element opens.
    pub(super) fn push(&mut self, name: LocalName, foreign: bool) {
        let lingering_mark = self.lingering.len();
        let integration = foreign && INTEGRATION.contains(&&*name);
        let special = !foreign && SPECIAL.contains(&&*name) || integration;
        *self.counts.entry((name.clone(), foreign)).or_default() += 1;
        self.open.push(Open {
            name,
            foreign,
            special,
            integration,
            lingering_mark,
        });
    }

    /// Whether an HTML element of one of these names is open.
    fn has(&self, names: &[&str]) -> bool {
        names.iter().any(|n| {
            self.counts
                .get(&(LocalName::from(*n), false))
                .is_some_and(|c| *c > 0)
        })
    }

    /// The element just opened ends (a raw-text element at its end tag).
    pub(super) fn pop_top(&mut self) {
        self.pop();
    }

    /// An end tag: pops what the parser certainly pops, and nothing when unsure.
    pub(super) fn end(&mut self, name: &str) {
        let foreign_open = self
            .counts
            .get(&(LocalName::from(name), true))
            .is_some_and(|c| *c > 0);
        if foreign_open && self.open.last().is_some_and(|o| o.foreign) {
            // In SVG or MathML an end tag closes the nearest foreign element of its name.
            for i in (0..self.open.len()).rev() {
                let o = &self.open[i];
                if !o.foreign {
                    break;
                }
                if &*o.name == name {
                    self.pop_to(i);
                    return;
                }
            }
        }
        match name {
            "p" => self.close_in_scope(&["p"], Scope::Button),
            "li" => self.close_in_scope(&["li"], Scope::ListItem),
            "select" => self.close_in_scope(&["select"], Scope::Select),
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" => {
                self.close_in_scope(&[name], Scope::Table)
            }
            _ if HEADINGS.contains(&name) => self.close_in_scope(HEADINGS, Scope::Default),
            _ if CLOSE_IN_SCOPE.contains(&name) => self.close_in_scope(&[name], Scope::Default),
            _ if FORMATTING.contains(&name) => self.formatting_end(name),
            // `</form>` takes the form off the stack but leaves what is inside it open, and
            // `</body>`, `</html>` close nothing: the model keeps them all, as deep as before.
            "form" | "body" | "html" | "head" => {}
            _ => {
                // Any other end tag closes the nearest element of its name unless a special
                // element comes first.
                if !self.has(&[name]) {
                    return;
                }
                for i in (0..self.open.len()).rev() {
                    let o = &self.open[i];
                    if !o.foreign && &*o.name == name {
                        self.pop_to(i);
                        return;
                    }
                    if o.is_special() {
                        return;
                    }
                }
            }
        }
    }

    /// `</b>` and its kind: the parser's adoption agency. Only its simple case (nothing special
    /// opened inside) is followed; otherwise the element stays open in the model.
    fn formatting_end(&mut self, name: &str) {
        let open = if self.has(&[name]) {
            self.open.len()
        } else {
            0
        };
        for i in (0..open).rev() {
            let o = &self.open[i];
            if !o.foreign && &*o.name == name {
                self.pop_to(i);
                return;
            }
            if o.is_special() {
                return;
            }
        }
        if open > 0 {
            return;
        }
        if let Some(i) = self.lingering.iter().rposition(|l| &**l == name) {
            self.lingering.remove(i);
        }
    }

    /// A list item (or `dd`/`dt`) opening closes the open one, unless a special element other
    /// than `address`, `div` or `p` comes first.
    fn close_item(&mut self, names: &[&str]) {
        if !self.has(names) {
            return;
        }
        for i in (0..self.open.len()).rev() {
            let o = &self.open[i];
            if o.is(names) {
                self.pop_to(i);
                return;
            }
            if o.is_special() && !o.is(&["address", "div", "p"]) {
                return;
            }
        }
    }

    /// A cell opening (or a row) closes the open cell.
    fn close_cell(&mut self) {
        self.close_in_scope(&["td", "th"], Scope::Table);
    }

    /// Pops down to and including the nearest element named in `names`, if it is in `scope`.
    fn close_in_scope(&mut self, names: &[&str], scope: Scope) {
        if !self.has(names) {
            return;
        }
        for i in (0..self.open.len()).rev() {
            let o = &self.open[i];
            if o.is(names) {
                self.pop_to(i);
                return;
            }
            if o.bounds(scope) {
                return;
            }
        }
    }

    /// Pops the elements from the top down to index `i`, inclusive.
    fn pop_to(&mut self, i: usize) {
        let target_formatting = self.open[i].is(FORMATTING);
        while self.open.len() > i + 1 {
            self.pop_implicitly();
        }
        if target_formatting {
            // Closed by its own end tag: it leaves the formatting list too.
            if let Some(o) = self.open.pop() {
                self.forget(&o);
            }
        } else {
            self.pop_implicitly();
        }
    }

    /// Pops the top element without its own end tag: a formatting element lingers, a marker
    /// forgets the formatting elements opened inside it.
    fn pop_implicitly(&mut self) {
        if let Some(o) = self.open.pop() {
            self.forget(&o);
            if o.is(FORMATTING) {
                self.lingering.push(o.name);
            } else if o.is(MARKERS) {
                self.lingering.truncate(o.lingering_mark);
            }
        }
    }

    fn pop(&mut self) {
        self.pop_implicitly();
    }

    fn forget(&mut self, o: &Open) {
        if let Some(c) = self.counts.get_mut(&(o.name.clone(), o.foreign)) {
            *c -= 1;
        }
    }
}
