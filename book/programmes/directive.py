"""The ``{programme}`` directive: one programme, written once, shown as a card.

```{programme} Kế hoạch xây dựng chính quyền số thành phố
:loai: kế hoạch
:so-ky-hieu: 112/KH-UBND
:ngay-ban-hanh: 15/6/2021
:co-quan-ban-hanh: UBND thành phố Chí Linh
:thuc-hien: 05-NQ/TU
:cap: Thành phố
:linh-vuc: Chuyển đổi số
:chu-tri: Phòng Văn hóa và Thông tin
:phoi-hop: Văn phòng HĐND và UBND thành phố; Phòng Nội vụ
:thoi-gian: 2021–2025
:chi-tieu: Văn bản điện tử: 100 %; Hồ sơ trực tuyến: 80 %
:tinh-trang: Đang thực hiện

Free text (Markdown) about the programme.
```

The argument is the document's name (trích yếu). ``:thuc-hien:``,
``:phoi-hop:``, ``:chi-tieu:`` and ``:tinh-trang:`` are optional; lists are
separated by “;”. For one target a line, use MyST's YAML header instead of
``:key:`` lines (``---`` / ``chi-tieu: |`` / indented lines / ``---``).

The card is plain docutils nodes (a container, a rubric, a definition list),
so every edition renders it with Sphinx's HTML translator, and it carries an
id registered as a label of the standard domain, so mentions and the register
link to it in every edition.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from book.programmes.collector import cards_by_doc
from book.programmes.fields import OPTIONS, Programme, anchor, format_date, parse
from book.programmes.mentions import xref

logger = logging.getLogger(__name__)
CARD_CLASS = "programme-card"


def reference_title(programme: Programme) -> str:
    """How ``{ref}`` names a card: “Kế hoạch số 112/KH-UBND”."""
    return f"{programme.kind.capitalize()} số {programme.symbol}"


class ProgrammeDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = dict.fromkeys(OPTIONS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        card = nodes.container(classes=[CARD_CLASS])
        self.set_source_info(card)
        programme, problems = parse(self.arguments[0], self.options)
        for problem in problems:
            logger.warning(problem, location=card, type="book", subtype="programme")
        if programme is None:
            return []
        programme.docname, programme.line = self.env.docname, self.lineno
        cards_by_doc(self.env).setdefault(self.env.docname, []).append(programme)
        card["ids"].append(programme.anchor)
        std = self.env.domains.standard_domain
        if std.anonlabels.get(programme.label, (self.env.docname,))[0] == self.env.docname:
            # A symbol registered twice is reported, in Vietnamese and at both
            # places, once every chapter is read (collector.check_register).
            std.note_hyperlink_target(
                programme.label, self.env.docname, programme.anchor, reference_title(programme)
            )
        card += nodes.rubric(programme.title, programme.title, classes=["programme-title"])
        card += self.fields(programme)
        card += self.parse_content_to_nodes()
        return [card]

    def fields(self, programme: Programme) -> nodes.definition_list:
        rows: list[tuple[str, list[nodes.Node]]] = [
            ("Loại văn bản", _text(programme.kind.capitalize())),
            ("Số, ký hiệu", _text(programme.symbol, classes=["nobr"])),
            ("Ngày ban hành", _text(format_date(programme.issued), classes=["nobr"])),
            ("Cơ quan ban hành", _text(programme.issuer)),
        ]
        if programme.implements:
            rows.append(("Thực hiện", self.implemented(programme.implements)))
        rows += [
            ("Cấp", _text(programme.level)),
            ("Lĩnh vực", _text(programme.field)),
            ("Cơ quan chủ trì", _text(programme.lead)),
        ]
        if programme.partners:
            rows.append(("Cơ quan phối hợp", _text("; ".join(programme.partners))))
        rows.append(("Thời gian thực hiện", _text(programme.period, classes=["nobr"])))
        if programme.targets:
            targets = nodes.bullet_list(classes=["programme-targets"])
            for target in programme.targets:
                targets += nodes.list_item("", nodes.paragraph(str(target), str(target)))
            rows.append(("Chỉ tiêu", [targets]))
        if programme.status:
            rows.append(("Tình trạng", _text(programme.status)))
        fields = nodes.definition_list(classes=["programme-fields"])
        for term, body in rows:
            fields += nodes.definition_list_item(
                "", nodes.term(term, term), nodes.definition("", *body)
            )
        return fields

    def implemented(self, keys: list[str]) -> list[nodes.Node]:
        """The resolutions a programme implements: titles, or links to their cards."""
        declared = self.config.book_resolutions
        paragraph = nodes.paragraph()
        for number, key in enumerate(keys):
            if number:
                paragraph += nodes.Text("; ")
            if key in declared:
                paragraph += nodes.Text(declared[key])
            else:
                paragraph += xref(anchor(key), key)
        return [paragraph]


def _text(text: str, classes: list[str] | None = None) -> list[nodes.Node]:
    if classes:
        return [nodes.paragraph("", "", nodes.inline(text, text, classes=classes))]
    return [nodes.paragraph(text, text)]
