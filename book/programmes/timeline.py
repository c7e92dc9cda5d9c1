"""A timeline of programme periods, one row a programme, grouped by level.

Drawn as SVG text when the book is built (every chapter read), so it always
matches the register. Its text is set in Noto Serif, the book's face: the
print edition puts SVG images inline, where the text uses the embedded fonts.
The figure is made while its chapter is read (so it is numbered like any
figure); only its image is filled in afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from xml.sax.saxutils import escape, quoteattr

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from book.programmes.collector import builder_of, programmes
from book.programmes.fields import LEVELS, Programme
from book.programmes.placeholder import programme_placeholder

IMAGE_NAME = "programme-timeline.svg"
CAPTION = "Thời gian thực hiện các chương trình, đề án, kế hoạch theo cấp."
COLOURS = dict(zip(LEVELS, ("#9b2226", "#bb6b00", "#1d5c8a"), strict=True))
# A narrow drawing: on an A5 page, 10 units of text still print at about 7 pt.
WIDTH, LABEL, RIGHT, ROW, TOP, BOTTOM = 460, 96, 10, 18, 26, 8
FONT = "font-family=\"'Noto Serif', serif\""


class TimelineDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar = {"name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        figure = nodes.figure(classes=["programme-timeline"])
        self.set_source_info(figure)
        self.options.setdefault("name", "fig-programme-timeline")
        self.add_name(figure)
        placeholder = programme_placeholder(what="timeline")
        self.set_source_info(placeholder)
        figure += placeholder
        caption = "\n".join(self.content).strip() or CAPTION
        figure += nodes.caption(caption, caption)
        return [figure]


def _x(year: float, first: int, last: int) -> float:
    return round(LABEL + (year - first) * (WIDTH - LABEL - RIGHT) / (last - first), 1)


def rows(cards: list[Programme]) -> list[tuple[str, Programme | None]]:
    """Rows top to bottom: a heading row per level, then its programmes in date order."""
    result: list[tuple[str, Programme | None]] = []
    for level in LEVELS:
        at_level = [card for card in cards if card.level == level]
        if at_level:
            result.append((level, None))
            result += [(level, card) for card in at_level]
    return result


def draw(cards: list[Programme]) -> str:
    """The timeline as SVG text; the same cards always give the same bytes."""
    if not cards:
        first, last = 2020, 2025
    else:
        first, last = min(c.start for c in cards), max(c.end for c in cards) + 1
    lines = rows(cards)
    height = TOP + ROW * len(lines) + BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label={quoteattr(describe(cards))}>',
        f'<g {FONT} font-size="10" fill="#222">',
    ]
    for year in range(first, last + 1):
        x = _x(year, first, last)
        out.append(f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{height - BOTTOM}" '
                   'stroke="#ccc" stroke-width="0.5"/>')  # fmt: skip
        if year < last:
            middle = _x(year + 0.5, first, last)
            out.append(f'<text x="{middle}" y="{TOP - 10}" text-anchor="middle" '
                       f'font-size="9">{year}</text>')  # fmt: skip
    for number, (level, card) in enumerate(lines):
        y = TOP + ROW * number
        if card is None:
            out.append(f'<text x="0" y="{y + 13}" font-weight="bold" '
                       f'fill="{COLOURS[level]}">Cấp {escape(level)}</text>')  # fmt: skip
            continue
        start, end = _x(card.start, first, last), _x(card.end + 1, first, last)
        out += [
            f'<text x="8" y="{y + 13}">{escape(card.symbol)}</text>',
            f'<rect x="{start}" y="{y + 3}" width="{round(end - start, 1)}" height="{ROW - 6}" '
            f'rx="2" fill="{COLOURS[level]}"><title>{escape(_bar_text(card))}</title></rect>',
        ]
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)


def _bar_text(card: Programme) -> str:
    return f"{card.symbol}: {card.title}, {card.period}"


def describe(cards: list[Programme]) -> str:
    """The timeline in words, for readers who do not see it (alt text)."""
    parts = []
    for level in LEVELS:
        at_level = [card for card in cards if card.level == level]
        if at_level:
            bars = "; ".join(f"{card.symbol} {card.period}" for card in at_level)
            parts.append(f"Cấp {level}: {bars}.")
    return "Biểu đồ thời gian thực hiện. " + " ".join(parts)


class DrawTimeline(SphinxPostTransform):
    """Fill each timeline figure with the image drawn from the whole register."""

    default_priority = 4

    def run(self, **kwargs) -> None:
        placeholders = [
            node
            for node in self.document.findall(programme_placeholder)
            if node["what"] == "timeline"
        ]
        if not placeholders:
            return
        cards = programmes(self.env)
        path = write_svg(Path(self.env.doctreedir) / "programmes" / IMAGE_NAME, draw(cards))
        # Sphinx copies the images its builder lists into the output's _images/.
        builder_of(self.env).images[str(path)] = IMAGE_NAME
        for placeholder in placeholders:
            image = nodes.image(
                uri=str(path), alt=describe(cards), width="100%", candidates={"*": str(path)}
            )
            placeholder.replace_self(image)


def write_svg(path: Path, svg: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != svg:
        path.write_text(svg, encoding="utf-8")
    return path
