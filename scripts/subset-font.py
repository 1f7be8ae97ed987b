#!/usr/bin/env python3
"""Makes assets/fonts/NotoSansCJKjp-Subset.otf, the font the timeline picture is drawn with.

Noto Sans CJK JP Regular (SIL OFL 1.1) covers Latin, Cyrillic, kana and kanji in one face; the
whole face is 16 MB, so it is cut to the scripts the articles' readers write: Latin (with
Latin-1 and Latin Extended-A), Greek, Cyrillic, punctuation and symbols, kana, CJK punctuation,
full-width forms and the 6,355 kanji of JIS X 0208 (levels 1 and 2: the kanji of Japanese text
in general use, the Jōyō list among them).

Run with Debian's fonts-noto-cjk and python3-fonttools:
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    python3 scripts/subset-font.py noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTCollection

RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20BF),  # currency signs
    (0x2100, 0x218F),  # letterlike symbols, number forms
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0xFF00, 0xFFEF),  # full-width and half-width forms
]


def jis_x_0208():
    """Every character of JIS X 0208, read through Python's EUC-JP codec."""
    out = set()
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                out.update(ord(c) for c in bytes([hi, lo]).decode("euc_jp"))
            except UnicodeDecodeError:
                pass
    return out


def main():
    source = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) > 2 else "assets/fonts/NotoSansCJKjp-Subset.otf"
    font = TTCollection(source).fonts[0]  # index 0 of the collection is Noto Sans CJK JP
    assert font["name"].getDebugName(4) == "Noto Sans CJK JP", font["name"].getDebugName(4)
    codepoints = set(jis_x_0208())
    for a, b in RANGES:
        codepoints.update(range(a, b + 1))
    options = subset.Options()
    # The picture is drawn glyph by glyph (no shaping), so no layout tables are kept.
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    font.save(target)
    print(target, len(font.getGlyphOrder()), "glyphs")


if __name__ == "__main__":
    main()
