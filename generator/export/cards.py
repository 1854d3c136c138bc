"""Link-card images: the picture a shared link shows (`og:image`), one per article and one for the
site, drawn at build time with Pillow in the DejaVu Sans shipped in `assets/fonts/` (Latin, Greek,
Cyrillic, Hebrew and Arabic, laid out and shaped by Pillow's Raqm engine where it has one).
Nothing is fetched, and the same card makes the same bytes on every build."""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from importlib import resources

from ..model import AnnotatedArticle, Options
from ..render.language import text_direction, words_for
from ..render.paths import SITE_CARD, article_page, card_image

WIDTH, HEIGHT = 1200, 630
"""The size OpenGraph's consumers show large (1.91:1)."""
MARGIN = 72
BAND = 96
"""The height of the band at the top that names the site."""
ACCENT, WHITE, PAPER, INK = (64, 81, 181), (255, 255, 255), (250, 250, 250), (26, 26, 26)
HEADLINE_SIZES = (64, 56, 48, 42, 36)
"""The headline's sizes, largest first: the largest at which it fits in HEADLINE_LINES lines."""
HEADLINE_LINES = 5
BYLINE_SIZE, BYLINE_LINES = 30, 2
FONT_VERSION = "DejaVu Sans 2.37, subset"
"""Part of every card's key (`Card.key`): a new font draws every card again."""

# The card is drawn in shades of grey, each standing for a colour: 0-127 run from the band's
# colour to white (the site's name on it), 128-255 from the paper to the ink (the headline; the
# byline is a lighter ink). Anti-aliased text then needs no colour quantizing: a 256-colour PNG
# in 8 ms, where drawing in colour and quantizing took 55 ms a card.
BAND_GROUND, BAND_TEXT, PAPER_GROUND, HEADLINE_INK, BYLINE_INK = 0, 127, 128, 255, 220


def _palette() -> list[int]:
    def ramp(start, end):
        return [round(a + (b - a) * step / 127) for step in range(128) for a, b in zip(start, end)]
    return ramp(ACCENT, WHITE) + ramp(PAPER, INK)


@dataclass(frozen=True)
class Card:
    """What a link card shows: a headline, a line under it, and the site's name above."""

    headline: str
    byline: str
    site_name: str
    language: str = "en"
    """The headline's language (a BCP 47 tag), for its direction and shaping."""
    site_language: str = "en"
    """The site's language: the site's name and the byline's."""

    @property
    def alt(self) -> str:
        """The image's text alternative: what it says."""
        return ". ".join(part.rstrip(".") for part in (self.headline, self.byline) if part) + "."

    @property
    def key(self) -> str:
        """What the card's bytes depend on, for a cache."""
        return hashlib.sha256(repr((self, FONT_VERSION, WIDTH, HEIGHT)).encode()).hexdigest()


def site_cards(annotated: list[AnnotatedArticle], options: Options, site_name: str, description: str) -> dict[str, Card]:
    """The cards of a site, by the path each is served at: every article's, and the site's."""
    words = words_for(options.language)
    cards = {SITE_CARD: Card(site_name or words("Articles"), description, site_name, options.language,
                             options.language)}
    for item in annotated:
        meta = item.article.meta
        byline = ", ".join(part for part in (meta.publication or "", words.date(meta.date)) if part)
        cards[card_image(article_page(item.article.slug))] = Card(meta.title, byline, site_name,
                                                                  meta.language or options.language, options.language)
    return cards


def card_png(card: Card) -> bytes:
    """The card as a PNG of WIDTH × HEIGHT pixels."""
    from PIL import Image, ImageDraw

    grey = Image.new("L", (WIDTH, HEIGHT), PAPER_GROUND)
    draw = ImageDraw.Draw(grey)
    draw.rectangle((0, 0, WIDTH, BAND), fill=BAND_GROUND)
    _line(draw, card.site_name, _font(False, 34), BAND_TEXT, (BAND - 34) // 2 - 4, card.site_language)
    size, lines = _fit(draw, card.byline, card.site_language, False, (BYLINE_SIZE,), BYLINE_LINES)
    byline_top = HEIGHT - MARGIN - len(lines) * _leading(size)
    for n, line in enumerate(lines):
        _line(draw, line, _font(False, size), BYLINE_INK, byline_top + n * _leading(size), card.site_language)
    headline_top = BAND + 56
    room = byline_top - 32 - headline_top  # the headline's height: to a gap above the byline
    size, lines = _fit(draw, card.headline, card.language, True, HEADLINE_SIZES,
                       lambda size: min(HEADLINE_LINES, 1 + (room - size) // _leading(size)))
    for n, line in enumerate(lines):
        _line(draw, line, _font(True, size), HEADLINE_INK, headline_top + n * _leading(size), card.language)
    coloured = Image.frombytes("P", grey.size, grey.tobytes())
    coloured.putpalette(_palette())
    out = io.BytesIO()
    coloured.save(out, format="PNG")
    return out.getvalue()


@functools.cache
def _font(bold: bool, size: int):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files("generator").joinpath("assets/fonts", name)) as path:
        return ImageFont.truetype(str(path), size, layout_engine=_engine())


def _engine():
    from PIL import ImageFont, features

    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


def _direction(language: str) -> dict:
    """How Raqm lays out a right-to-left line (Pillow's basic layout cannot)."""
    from PIL import ImageFont

    rtl = text_direction(language) == "rtl" and _engine() == ImageFont.Layout.RAQM
    return {"direction": "rtl", "language": language} if rtl else {}


def _line(draw, text: str, font, fill: int, top: int, language: str) -> None:
    """One line, from the start side of its language."""
    direction = _direction(language)
    left = WIDTH - MARGIN - draw.textlength(text, font=font, **direction) if direction else MARGIN
    draw.text((left, top), text, font=font, fill=fill, **direction)


def _leading(size: int) -> int:
    """The distance from one line's top to the next's."""
    return round(size * 1.25)


def _fit(draw, text: str, language: str, bold: bool, sizes: tuple[int, ...], most) -> tuple[int, list[str]]:
    """A text's size and lines: the largest of `sizes` at which it fits in `most` lines (a number,
    or a function of the size), else the smallest, its last line cut short by an ellipsis."""
    direction = _direction(language)
    most_at = most if callable(most) else lambda size: most
    for size in sizes:
        font = _font(bold, size)
        lines = _wrap(text, lambda s, font=font: draw.textlength(s, font=font, **direction), WIDTH - 2 * MARGIN)
        if len(lines) <= most_at(size):
            return size, lines
    kept = lines[:most_at(sizes[-1])]
    last = kept[-1]
    while last and draw.textlength(last + "…", font=font, **direction) > WIDTH - 2 * MARGIN:
        last = last[:-1]
    return sizes[-1], [*kept[:-1], last.rstrip() + "…"]


def _wrap(text: str, measure, width: int) -> list[str]:
    """Words into lines no wider than `width`; a word wider than a line is cut where it must be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while measure(word) > width:  # one long word: as much as fits
            cut = max(1, next((n for n in range(len(word), 0, -1) if measure(word[:n]) <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines
