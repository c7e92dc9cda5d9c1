"""Back matter made from the register: the consolidated list and the indexes.

The editor places ``{programme-register}``, ``{programme-index} agency`` and
``{programme-index} resolution`` in a back-matter chapter; each becomes a
placeholder while the chapter is read and is filled in when every chapter has
been read (a post-transform), so the back matter always lists every card.
Entries are ordinary references: links in HTML and EPUB, “trang N” in print.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from book.programmes.collector import builder_of, programmes, resolutions
from book.programmes.export import DATA_DIR, FILES
from book.programmes.fields import LEVELS, Programme, anchor
from book.programmes.mentions import xref
from book.programmes.placeholder import programme_placeholder
from book.vietnamese.collation import sorted_vietnamese

logger = logging.getLogger(__name__)
REGISTER_CLASS = "programme-register"
INDEXES = {"agency": "agency", "co-quan": "agency", "resolution": "resolution",
           "nghi-quyet": "resolution"}  # fmt: skip
COLUMNS = (("TT", 6), ("Số, ký hiệu", 18), ("Tên văn bản", 42), ("Cơ quan chủ trì", 22),
           ("Thời gian", 12))  # fmt: skip


class RegisterDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        placeholder = programme_placeholder(what="register")
        self.set_source_info(placeholder)
        return [placeholder]


class IndexDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        what = INDEXES.get(self.arguments[0].strip())
        if what is None:
            logger.warning(
                "{programme-index} %s: không có chỉ mục này; viết agency (theo cơ quan chủ trì) "
                "hoặc resolution (theo nghị quyết)",
                self.arguments[0],
                location=self.get_location(),
                type="book",
                subtype="programme",
            )
            return []
        placeholder = programme_placeholder(what=what)
        self.set_source_info(placeholder)
        return [placeholder]


def register_table(cards: list[Programme]) -> nodes.table:
    """One long table, grouped by level, in date order; its header repeats in print."""
    table = nodes.table(classes=[REGISTER_CLASS, "longtable"], ids=["so-dang-ky-chuong-trinh"])
    table += nodes.title("Sổ đăng ký", "Sổ đăng ký chương trình, đề án, kế hoạch")
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    for _name, width in COLUMNS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.paragraph(name, name) for name, _width in COLUMNS])
    group += head
    body = nodes.tbody()
    group += body
    number = 0
    for level in LEVELS:
        at_level = [card for card in cards if card.level == level]
        if not at_level:
            continue
        heading = nodes.entry(morecols=len(COLUMNS) - 1, classes=["programme-level"])
        heading += nodes.paragraph("", "", nodes.strong(f"Cấp {level}", f"Cấp {level}"))
        body += nodes.row("", heading)
        for card in at_level:
            number += 1
            body += _row([
                nodes.paragraph(str(number), str(number)),
                nodes.paragraph("", "", _unbroken(xref(card.label, card.symbol))),
                nodes.paragraph(card.title, card.title),
                nodes.paragraph(card.lead, card.lead),
                nodes.paragraph("", "", _unbroken(nodes.Text(card.period))),
            ])  # fmt: skip
    return table


def _unbroken(node: nodes.Node) -> nodes.inline:
    """A symbol or a period, kept on one line on screens (“749/QĐ-TTg”, “2021–2025”)."""
    return nodes.inline("", "", node, classes=["programme-nowrap"])


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", cell)
    return row


def _entry(card: Programme) -> nodes.list_item:
    """“112/KH-UBND — Kế hoạch xây dựng chính quyền số”, the symbol a link."""
    paragraph = nodes.paragraph("", "", xref(card.label, card.symbol))
    paragraph += nodes.Text(f" — {card.title}")
    return nodes.list_item("", paragraph)


def _index(groups: list[tuple[list[nodes.Node], list[Programme]]]) -> nodes.definition_list:
    index = nodes.definition_list(classes=[REGISTER_CLASS, "programme-index"])
    for term, cards in groups:
        entries = nodes.bullet_list()
        entries.extend(_entry(card) for card in cards)
        item = nodes.definition_list_item("", nodes.term("", "", *term))
        item += nodes.definition("", entries)
        index += item
    return index


def agency_index(cards: list[Programme]) -> nodes.definition_list:
    """Lead agencies in Vietnamese alphabetical order, each with its programmes."""
    agencies = sorted_vietnamese({card.lead for card in cards})
    return _index(
        [([nodes.Text(agency)], [c for c in cards if c.lead == agency]) for agency in agencies]
    )


def resolution_index(cards: list[Programme], known: dict[str, str]) -> nodes.definition_list:
    """Each resolution (declared, then registered cards) with the programmes carrying it out."""
    registered = {card.symbol for card in cards}
    groups = []
    for key, title in known.items():
        carrying_out = [card for card in cards if key in card.implements]
        if not carrying_out:
            continue
        term: list[nodes.Node] = [nodes.Text(title)]
        if key in registered:
            term = [xref(anchor(key), key), nodes.Text(f" — {title}")]
        groups.append((term, carrying_out))
    return _index(groups)


class FillBackMatter(SphinxPostTransform):
    """Replace each placeholder with the register or index it stands for."""

    default_priority = 4  # before mentions are linked (5) and references resolved (10)

    def run(self, **kwargs) -> None:
        cards = programmes(self.env)
        for placeholder in list(self.document.findall(programme_placeholder)):
            what = placeholder["what"]
            if what == "timeline":
                continue  # drawn by timeline.DrawTimeline
            if what == "register":
                content: list[nodes.Node] = [register_table(cards)]
                content += self.downloads()
            elif what == "agency":
                content = [agency_index(cards)]
            else:
                content = [resolution_index(cards, resolutions(self.env))]
            placeholder.replace_self(content)

    def downloads(self) -> list[nodes.Node]:
        """On the website, links to the register as data (the other editions have no files)."""
        builder = builder_of(self.env)
        if builder.name not in ("html", "dirhtml"):
            return []
        here = builder.get_target_uri(self.env.current_document.docname)
        paragraph = nodes.paragraph("", "Tải sổ đăng ký dưới dạng dữ liệu: ")
        labels = {"csv": "bảng tính CSV (mở được bằng Excel)", "json": "JSON",
                  "schema": "lược đồ JSON Schema"}  # fmt: skip
        for number, (kind, name) in enumerate(FILES.items()):
            if number:
                paragraph += nodes.Text(", ")
            uri = relative_uri(here, f"{DATA_DIR}/{name}")
            paragraph += nodes.reference(labels[kind], labels[kind], refuri=uri)
        paragraph += nodes.Text(".")
        return [paragraph]
