//! The timeline as a picture: a PNG of dated events down a time axis, each marked, numbered as
//! its citation and labelled with its date and a few of the article's words.
//!
//! Presentation, beside `crate::present` and the Discord layout: the engine hands over a
//! [`crate::engine::Timeline`] as data, and this draws it. Every label is any Unicode text,
//! drawn with the font shipped in `assets/fonts/` (Latin, Cyrillic, kana and kanji in one face),
//! so no system font or C library is needed. Drawing is CPU work of tens of milliseconds: the
//! bot calls it on a blocking thread.

pub mod layout;

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use tiny_skia::{
    Color, FillRule, Paint, PathBuilder, Pixmap, PremultipliedColorU8, Rect, Transform,
};

use crate::engine::{Answer, CommandKind};
use layout::{Item, Layout, Line, Measure};

/// The shipped font: a subset of Noto Sans CJK JP Regular (SIL Open Font License 1.1, see
/// `assets/fonts/OFL.txt`), made by `scripts/subset-font.py`.
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKjp-Subset.otf");

/// The file name a picture is attached under.
pub const FILE_NAME: &str = "timeline.png";

/// `/when` draws its events once it has more than this many; fewer read well as text alone.
pub const FEW_EVENTS: usize = 3;

/// The colour of an event's marker, used for nothing else, so a picture's events can be
/// counted by it.
pub const MARKER: [u8; 3] = [0xC8, 0x2E, 0x2E];

/// A light card with dark text, opaque, so the picture reads the same on Discord's dark and
/// light themes (contrast of the text on the card: 14:1 for labels, 8:1 for dates).
const CARD: [u8; 3] = [0xF7, 0xF5, 0xEF];
const BORDER: [u8; 3] = [0xB8, 0xB2, 0xA6];
const TITLE: [u8; 3] = [0x1B, 0x1F, 0x24];
const DATE: [u8; 3] = [0x1D, 0x4E, 0x89];
const LABEL: [u8; 3] = [0x2A, 0x2F, 0x36];
const YEAR: [u8; 3] = [0x5C, 0x4A, 0x1E];
const AXIS: [u8; 3] = [0x9A, 0xA0, 0xA6];

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// The shipped font did not parse (a damaged build).
    #[error("the timeline font does not load: {0}")]
    Font(String),
    /// The canvas could not be made at the size laid out.
    #[error("cannot make a {0}×{1} picture")]
    Canvas(u32, u32),
    /// PNG encoding failed.
    #[error("cannot encode the timeline picture: {0}")]
    Encode(String),
}

/// What a picture shows, already in a reader's words: a title and the events, earliest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawing {
    /// The heading.
    pub title: String,
    /// The events, in the order drawn.
    pub events: Vec<Event>,
}

/// One event of a [`Drawing`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its year, written in the gutter where it changes.
    pub year: i32,
    /// Its date as the reader reads it.
    pub date: String,
    /// A few words of the article's.
    pub label: String,
    /// Its citation's number, from 1.
    pub number: usize,
}

/// The picture of an answer, when it is worth one: `/timeline` with any dated event, `/when`
/// with more than [`FEW_EVENTS`].
pub fn drawing(answer: &Answer, lang: crate::present::Lang) -> Option<Drawing> {
    let t = answer.timeline.as_ref()?;
    let enough = match answer.command {
        CommandKind::Timeline => !t.events.is_empty(),
        CommandKind::When => t.events.len() > FEW_EVENTS,
        _ => false,
    };
    if !enough {
        return None;
    }
    Some(Drawing {
        title: crate::present::picture_title(lang, t),
        events: t
            .events
            .iter()
            .map(|e| Event {
                year: e.date.year,
                date: crate::present::date(lang, e.date),
                label: e.label.clone(),
                number: e.citation + 1,
            })
            .collect(),
    })
}

/// The shipped font, parsed once.
fn font() -> Result<&'static FontRef<'static>, PictureError> {
    static FONT_REF: OnceLock<Result<FontRef<'static>, String>> = OnceLock::new();
    FONT_REF
        .get_or_init(|| FontRef::try_from_slice(FONT).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PictureError::Font(e.clone()))
}

/// The characters of `text` the shipped font has no glyph for (they would show as boxes).
pub fn missing_glyphs(text: &str) -> Result<Vec<char>, PictureError> {
    let f = font()?;
    Ok(text
        .chars()
        .filter(|c| !c.is_whitespace() && f.glyph_id(*c) == GlyphId(0))
        .collect())
}

/// The scale at which the font's em is `px` pixels (ab_glyph scales by ascent to descent).
fn scale(f: &FontRef, px: f32) -> PxScale {
    let em = f.units_per_em().unwrap_or(1000.0);
    PxScale::from(px * f.height_unscaled() / em)
}

impl Measure for FontRef<'_> {
    fn width(&self, text: &str, px: f32) -> f32 {
        let scaled = self.as_scaled(scale(self, px));
        let mut w = 0.0;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                w += scaled.kern(p, id);
            }
            w += scaled.h_advance(id);
            prev = Some(id);
        }
        w
    }
}

/// Lays a drawing out with the shipped font.
pub fn lay_out(d: &Drawing) -> Result<Layout, PictureError> {
    let f = font()?;
    let items: Vec<Item> = d
        .events
        .iter()
        .map(|e| Item {
            year: e.year,
            date: &e.date,
            label: &e.label,
            number: e.number,
        })
        .collect();
    Ok(layout::lay_out(&d.title, &items, f))
}

/// Draws `d` as a PNG, [`layout::WIDTH`] pixels wide and at most [`layout::max_height`] tall.
pub fn render(d: &Drawing) -> Result<Vec<u8>, PictureError> {
    let f = font()?;
    let l = lay_out(d)?;
    let mut pixmap =
        Pixmap::new(l.width, l.height).ok_or(PictureError::Canvas(l.width, l.height))?;
    pixmap.fill(colour(CARD));
    let (w, h) = (l.width as f32, l.height as f32);
    for r in [
        Rect::from_xywh(0.0, 0.0, w, 2.0),
        Rect::from_xywh(0.0, h - 2.0, w, 2.0),
        Rect::from_xywh(0.0, 0.0, 2.0, h),
        Rect::from_xywh(w - 2.0, 0.0, 2.0, h),
    ]
    .into_iter()
    .flatten()
    {
        pixmap.fill_rect(r, &paint(BORDER), Transform::identity(), None);
    }
    if let (Some(first), Some(last)) = (l.rows.first(), l.rows.last()) {
        let top = first.marker_y - 2.0 * layout::MARKER_RADIUS;
        let bottom = last.marker_y + 2.0 * layout::MARKER_RADIUS;
        if let Some(r) = Rect::from_xywh(layout::AXIS_X - 1.5, top, 3.0, bottom - top) {
            pixmap.fill_rect(r, &paint(AXIS), Transform::identity(), None);
        }
    }
    let mut rasters = Rasters::new();
    for line in &l.title {
        draw_text(&mut pixmap, f, &mut rasters, line, TITLE);
    }
    for row in &l.rows {
        if let Some(c) =
            PathBuilder::from_circle(layout::AXIS_X, row.marker_y, layout::MARKER_RADIUS)
        {
            pixmap.fill_path(
                &c,
                &paint(MARKER),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
        if let Some(y) = &row.year {
            draw_text(&mut pixmap, f, &mut rasters, y, YEAR);
        }
        draw_text(&mut pixmap, f, &mut rasters, &row.date, DATE);
        for line in &row.label {
            draw_text(&mut pixmap, f, &mut rasters, line, LABEL);
        }
    }
    encode(&pixmap)
}

/// The pixmap as a PNG: indexed when it has at most 256 colours (it does: a few inks at
/// [`COVERAGE_LEVELS`] levels over one card, and the markers' edges), which makes a file about
/// a third the size of RGB; RGB otherwise. Every pixel is opaque, so no alpha is written.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, PictureError> {
    let rgb = |p: &PremultipliedColorU8| [p.red(), p.green(), p.blue()];
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut index: std::collections::HashMap<[u8; 3], u8> = std::collections::HashMap::new();
    let mut indexed: Vec<u8> = Vec::with_capacity(pixmap.pixels().len());
    let mut last: Option<([u8; 3], u8)> = None;
    for p in pixmap.pixels() {
        let c = rgb(p);
        // Most pixels repeat the one before (the card, a marker's inside).
        let i = match last {
            Some((l, i)) if l == c => i,
            _ => match index.get(&c) {
                Some(&i) => i,
                None if palette.len() < 256 => {
                    let i = palette.len() as u8;
                    palette.push(c);
                    index.insert(c, i);
                    i
                }
                None => {
                    let all: Vec<u8> = pixmap.pixels().iter().flat_map(rgb).collect();
                    return write_png(pixmap, png::ColorType::Rgb, None, &all);
                }
            },
        };
        last = Some((c, i));
        indexed.push(i);
    }
    write_png(
        pixmap,
        png::ColorType::Indexed,
        Some(palette.concat()),
        &indexed,
    )
}

fn write_png(
    pixmap: &Pixmap,
    colour: png::ColorType,
    palette: Option<Vec<u8>>,
    data: &[u8],
) -> Result<Vec<u8>, PictureError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    if let Some(p) = palette {
        encoder.set_palette(p);
    }
    // fdeflate's fast mode: several times quicker than the default deflate on a picture of
    // flat colour and text, for a file about as small.
    encoder.set_compression(png::Compression::Fast);
    let fail = |e: png::EncodingError| PictureError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(data).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

/// The picture of an answer, when it is worth one (see [`drawing`]).
pub fn render_answer(
    answer: &Answer,
    lang: crate::present::Lang,
) -> Option<Result<Vec<u8>, PictureError>> {
    drawing(answer, lang).map(|d| render(&d))
}

fn colour([r, g, b]: [u8; 3]) -> Color {
    Color::from_rgba8(r, g, b, 255)
}

fn paint(c: [u8; 3]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(colour(c));
    p.anti_alias = true;
    p
}

/// A glyph rasterised once: its coverage, and where its box sits from the pen position.
struct Raster {
    left: i32,
    top: i32,
    width: usize,
    coverage: Vec<f32>,
}

/// Glyphs rasterised during one picture, by glyph, size and quarter-pixel offset: a label's
/// letters repeat, and outlining a CFF glyph costs more than blending it.
type Rasters = std::collections::HashMap<(GlyphId, u32, u8), Option<Raster>>;

/// Quarter-pixel steps a glyph's horizontal position is rounded to.
const SUBPIXEL_STEPS: f32 = 4.0;

/// Levels a glyph's coverage is rounded to: more than the eye tells apart at text size, few
/// enough that the picture keeps to a palette of 256 colours.
const COVERAGE_LEVELS: f32 = 15.0;

fn raster(f: &FontRef, id: GlyphId, scale: PxScale, subpixel: u8) -> Option<Raster> {
    let x = f32::from(subpixel) / SUBPIXEL_STEPS;
    let outline = f.outline_glyph(id.with_scale_and_position(scale, point(x, 0.0)))?;
    let b = outline.px_bounds();
    let width = b.width() as usize;
    let mut coverage = vec![0.0; width * b.height() as usize];
    outline.draw(|gx, gy, c| {
        if let Some(slot) = coverage.get_mut(gy as usize * width + gx as usize) {
            *slot = c;
        }
    });
    Some(Raster {
        left: b.min.x as i32,
        top: b.min.y as i32,
        width,
        coverage,
    })
}

/// Draws one line of text in `c`, glyph by glyph, blending each glyph's coverage over the
/// opaque card.
fn draw_text(pixmap: &mut Pixmap, f: &FontRef, rasters: &mut Rasters, line: &Line, c: [u8; 3]) {
    let scale = scale(f, line.px);
    let scaled = f.as_scaled(scale);
    // The line box is 1.4 em; the glyphs' ascent to descent sits in its middle.
    let box_h = layout::line_height(line.px);
    let baseline =
        (line.top + (box_h - (scaled.ascent() - scaled.descent())) / 2.0 + scaled.ascent()).round()
            as i32;
    let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
    let pixels = pixmap.pixels_mut();
    let mut x = line.x;
    let mut prev: Option<GlyphId> = None;
    for ch in line.text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let whole = x.floor();
        let subpixel = ((x - whole) * SUBPIXEL_STEPS).floor() as u8;
        let key = (id, line.px.to_bits(), subpixel);
        let glyph = rasters
            .entry(key)
            .or_insert_with(|| raster(f, id, scale, subpixel));
        if let Some(g) = glyph {
            for (i, &a) in g.coverage.iter().enumerate() {
                let a = (a.min(1.0) * COVERAGE_LEVELS).round() / COVERAGE_LEVELS;
                if a <= 0.0 {
                    continue;
                }
                let px = whole as i32 + g.left + (i % g.width) as i32;
                let py = baseline + g.top + (i / g.width) as i32;
                if px < 0 || py < 0 || px >= width || py >= height {
                    continue;
                }
                let at = (py * width + px) as usize;
                let under = pixels[at];
                let mix = |fg: u8, bg: u8| (fg as f32 * a + bg as f32 * (1.0 - a)).round() as u8;
                if let Some(p) = PremultipliedColorU8::from_rgba(
                    mix(c[0], under.red()),
                    mix(c[1], under.green()),
                    mix(c[2], under.blue()),
                    255,
                ) {
                    pixels[at] = p;
                }
            }
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_measures_every_script() {
        let f = font().expect("font");
        for text in [
            "Soviet Union",
            "Советский Союз",
            "日ソ共同宣言",
            "ひらがな カタカナ",
        ] {
            assert!(f.width(text, 24.0) > 24.0, "{text}");
            assert!(missing_glyphs(text).expect("font").is_empty(), "{text}");
        }
        // A character outside the subset is reported, not drawn as a box unnoticed.
        assert_eq!(missing_glyphs("a\u{10480}").expect("font"), ['\u{10480}']);
    }
}
