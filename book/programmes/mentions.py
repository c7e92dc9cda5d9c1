"""Mentions of registered symbols in running text become links to their cards.

Runs as a post-transform, when every chapter has been read, so a chapter can
mention a programme registered in any other. The links are ordinary ``std``
references, resolved by Sphinx for every edition (and given “trang N” in
print). :func:`unregistered_mentions` lists, for ``invoke check``, symbols
that look like document symbols but are registered nowhere.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from book.programmes.collector import book_path, by_symbol, resolutions
from book.programmes.fields import SYMBOL_IN_TEXT

# Text in these is not running text: a link there would be wrong or nested.
_SKIPPED = (nodes.title, nodes.rubric, nodes.literal, nodes.literal_block, nodes.reference,
            addnodes.pending_xref, nodes.raw, nodes.comment, nodes.target, nodes.image,
            nodes.term)  # fmt: skip
SKIPPED_CLASSES = {"programme-card", "programme-register"}


def xref(label: str, text: str) -> addnodes.pending_xref:
    """A reference to a card, resolved by the standard domain in every edition."""
    return addnodes.pending_xref(
        "",
        nodes.inline(text, text),
        refdomain="std",
        reftype="ref",
        reftarget=label,
        refexplicit=True,
        refwarn=False,  # an unknown symbol is reported by the register's own check
    )


def _running_text(doctree: nodes.Node) -> list[nodes.Text]:
    def wanted(text: nodes.Text) -> bool:
        parent = text.parent
        while parent is not None:
            if isinstance(parent, _SKIPPED) or SKIPPED_CLASSES & set(parent.get("classes", [])):
                return False
            parent = parent.parent
        return True

    return [text for text in doctree.findall(nodes.Text) if wanted(text)]


def _pattern(symbols: list[str]) -> re.Pattern[str]:
    # Longest first, so 30/2020/NĐ-CP is not taken for a shorter symbol inside it.
    alternatives = "|".join(re.escape(symbol) for symbol in sorted(symbols, key=len, reverse=True))
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/]|-\w)")


class LinkMentions(SphinxPostTransform):
    """Wrap every mention of a registered symbol in a reference to its card."""

    default_priority = 5  # before Sphinx resolves references (10)

    def run(self, **kwargs) -> None:
        cards = by_symbol(self.env)
        if not cards:
            return
        pattern = _pattern(list(cards))
        for text in _running_text(self.document):
            source = str(text)
            pieces: list[nodes.Node] = []
            position = 0
            for match in pattern.finditer(source):
                pieces.append(nodes.Text(source[position : match.start()]))
                pieces.append(xref(cards[match[0]].label, match[0]))
                position = match.end()
            if pieces:
                pieces.append(nodes.Text(source[position:]))
                text.parent.replace(text, [piece for piece in pieces if piece.astext()])


@dataclass(frozen=True)
class Mention:
    docname: str
    line: int
    symbol: str
    path: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.symbol} được nhắc đến nhưng chưa có thẻ "
            "{programme} nào đăng ký"
        )


def unregistered_mentions(env: BuildEnvironment) -> list[Mention]:
    """Document symbols mentioned in the chapters that no card or ``conf.py`` registers.

    For ``invoke check``: not an error (a handbook cites many documents it
    does not register), but a list for editors to review.
    """
    known = set(by_symbol(env)) | set(resolutions(env))
    found: set[Mention] = set()
    for docname in sorted(env.found_docs):
        doctree = env.get_doctree(docname)
        for text in _running_text(doctree):
            for match in SYMBOL_IN_TEXT.finditer(str(text)):
                if match[0] not in known:
                    line = _line(text)
                    found.add(Mention(docname, line, match[0], book_path(env, docname)))
    return sorted(found, key=lambda mention: (mention.docname, mention.line, mention.symbol))


def _line(node: nodes.Node) -> int:
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 0


def unregistered_in(doctree_dir: Path) -> list[Mention]:
    """:func:`unregistered_mentions` of a finished build, read from its saved environment."""
    saved = doctree_dir / "environment.pickle"
    if not saved.is_file():
        return []
    with open(saved, "rb") as stream:
        env = pickle.load(stream)
    return unregistered_mentions(env)


def unregistered_report(doctree_dir: Path) -> list[str]:
    """Lines for ``invoke check``: symbols mentioned but not registered (a list, not errors)."""
    mentions = unregistered_in(doctree_dir)
    if not mentions:
        return []
    symbols = len({mention.symbol for mention in mentions})
    return [
        f"      {symbols} số, ký hiệu văn bản được nhắc đến nhưng chưa có thẻ {{programme}} "
        "(không phải lỗi; thêm thẻ nếu văn bản cần có trong sổ đăng ký):",
        *(f"        {mention}" for mention in mentions),
    ]
