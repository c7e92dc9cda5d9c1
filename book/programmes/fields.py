"""A programme as data: its fields, and the checks an editor's card must pass.

A programme (chương trình), project (đề án) or plan (kế hoạch) is written once,
as the options of a ``{programme}`` card; everything else (the register, the
indexes, the timeline, the exported data) is made from these fields.

Document symbols follow two conventions:

- the Party's ``number-TYPE/BODY``: ``02-NQ/TU``, ``15-CTr/TU``, ``01-ĐA/TU``;
- the State's ``number/TYPE-BODY`` or ``number/year/TYPE-BODY``:
  ``123/KH-UBND``, ``749/QĐ-TTg``, ``30/2020/NĐ-CP``.

A symbol identifies one document in the whole book. (``TU`` stands for both
Tỉnh ủy and Thành ủy, so a province's and a city's ``01-CTr/TU`` are two
documents with one symbol; the book registers only one of them.)
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from docutils.nodes import make_id

# Levels in the book's order: from the centre to the city.
LEVELS = ("Trung ương", "Tỉnh", "Thành phố")
RESOLUTION_KIND = "nghị quyết"

_UPPER = "A-ZĐ"
_TYPE = r"[A-ZĐ][A-Za-zĐđ]*"  # NQ, CTr, ĐA, KH, QĐ, NĐ
PARTY_SYMBOL = re.compile(rf"\d+-{_TYPE}/[{_UPPER}][A-Za-zĐđ]*")
STATE_SYMBOL = re.compile(rf"\d+/(?:\d{{4}}/)?{_TYPE}-[{_UPPER}][A-Za-zĐđ]*")
# What looks like a document symbol in running text (``invoke check``).
SYMBOL_IN_TEXT = re.compile(
    rf"(?<![\w/-])(?:{PARTY_SYMBOL.pattern}|{STATE_SYMBOL.pattern})(?![\w/]|-\w)"
)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PERIOD = re.compile(r"(\d{4})\s*(?:[-–—]|đến)\s*(\d{4})|(\d{4})")
_NUMBER = r"\d[\d.,]*"
_TARGET = re.compile(
    rf"(?P<name>.+?)\s*:\s*(?P<value>[<>≥≤]?\s*{_NUMBER}(?:\s*[–-]\s*{_NUMBER})?)\s*(?P<unit>.*)"
)

# Option names, as editors write them, and what each holds.
OPTIONS = {
    "loai": "loại văn bản",
    "so-ky-hieu": "số, ký hiệu",
    "ngay-ban-hanh": "ngày ban hành",
    "co-quan-ban-hanh": "cơ quan ban hành",
    "thuc-hien": "nghị quyết được thực hiện",
    "cap": "cấp",
    "linh-vuc": "lĩnh vực",
    "chu-tri": "cơ quan chủ trì",
    "phoi-hop": "cơ quan phối hợp",
    "thoi-gian": "thời gian thực hiện",
    "chi-tieu": "chỉ tiêu",
    "tinh-trang": "tình trạng",
}
REQUIRED = ("loai", "so-ky-hieu", "ngay-ban-hanh", "co-quan-ban-hanh", "cap", "linh-vuc",
            "chu-tri", "thoi-gian")  # fmt: skip


class FieldError(ValueError):
    """A field an editor must correct; the message is for the editor."""


@dataclass(frozen=True)
class Target:
    name: str
    value: str  # as written: "80", "6,5", "≥ 95"
    unit: str

    def __str__(self) -> str:
        return f"{self.name}: {self.value} {self.unit}".rstrip()


@dataclass
class Programme:
    title: str
    kind: str
    symbol: str
    issued: date
    issuer: str
    level: str
    field: str
    lead: str
    start: int
    end: int
    implements: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    status: str = ""
    docname: str = ""
    line: int = 0

    @property
    def anchor(self) -> str:
        return anchor(self.symbol)

    @property
    def label(self) -> str:
        """The name of the card in Sphinx's standard domain (``{ref}`` target)."""
        return self.anchor

    @property
    def period(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    @property
    def is_resolution(self) -> bool:
        return self.kind == RESOLUTION_KIND

    def sort_key(self) -> tuple[int, date, str]:
        return LEVELS.index(self.level), self.issued, self.symbol

    def to_record(self) -> dict[str, Any]:
        """The programme as plain data for export (JSON, CSV)."""
        record = asdict(self)
        record["issued"] = self.issued.isoformat()
        record["id"] = self.anchor
        del record["line"]
        return record


def anchor(symbol: str) -> str:
    """The HTML id of a card: ASCII, and distinct for ``02-NQ/TU`` and ``02/NQ-TU``."""
    ascii_symbol = symbol.replace("Đ", "D").replace("đ", "d").replace("/", "-s-")
    return make_id("vb-" + ascii_symbol)


def check_symbol(text: str) -> str:
    symbol = text.strip()
    if not (PARTY_SYMBOL.fullmatch(symbol) or STATE_SYMBOL.fullmatch(symbol)):
        raise FieldError(
            f"số, ký hiệu “{symbol}” không đúng thể thức: văn bản của Đảng viết "
            "số-LOẠI/CƠ QUAN (ví dụ 02-NQ/TU, 15-CTr/TU), văn bản của Nhà nước viết "
            "số/LOẠI-CƠ QUAN hoặc số/năm/LOẠI-CƠ QUAN (ví dụ 123/KH-UBND, 30/2020/NĐ-CP)"
        )
    return symbol


def parse_date(text: str) -> date:
    """A date written dd/mm/yyyy (the Vietnamese way) or yyyy-mm-dd."""
    value = text.strip()
    if match := _DMY.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise FieldError(f"ngày “{value}” không đúng dạng: viết dd/mm/yyyy (ví dụ 05/3/2021)")
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(f"ngày “{value}” không có trong lịch") from None


def format_date(day: date) -> str:
    """dd/m/yyyy as administrative documents write it: 05/3/2021, 06/01/2022.

    Days below 10 and the months January and February take a leading zero
    (Nghị định 30/2020/NĐ-CP, Phụ lục I); other months do not.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def parse_period(text: str) -> tuple[int, int]:
    """``2021–2025`` (en dash, hyphen or “đến”) or a single year ``2023``."""
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        raise FieldError(f"thời gian thực hiện “{text.strip()}” không đúng dạng: viết 2021–2025")
    start, end = (int(match[1]), int(match[2])) if match[1] else (int(match[3]),) * 2
    if end < start:
        raise FieldError(f"thời gian thực hiện “{text.strip()}”: năm kết thúc trước năm bắt đầu")
    return start, end


def parse_level(text: str) -> str:
    for level in LEVELS:
        if text.strip().casefold() == level.casefold():
            return level
    raise FieldError(f"cấp “{text.strip()}” không có; chọn một trong: {', '.join(LEVELS)}")


def parse_targets(text: str) -> list[Target]:
    """Targets ``name: value unit`` (``Hồ sơ trực tuyến: 80 %``), one a line or “;”-separated."""
    targets = []
    lines = (line.strip().lstrip("-•").strip() for line in re.split(r"[;\n]", text))
    for line in filter(None, lines):
        match = _TARGET.fullmatch(line)
        if match is None:
            raise FieldError(
                f"chỉ tiêu “{line}” thiếu giá trị: mỗi dòng viết “tên chỉ tiêu: giá trị đơn vị”, "
                "ví dụ “Hồ sơ xử lý trực tuyến: 80 %”"
            )
        targets.append(Target(match["name"], match["value"].replace(" ", ""), match["unit"]))
    return targets


def split_list(text: str) -> list[str]:
    """Agencies or symbols separated by semicolons or new lines."""
    return [item.strip() for item in re.split(r"[;\n]", text) if item.strip()]


def parse(title: str, options: dict[str, str]) -> tuple[Programme | None, list[str]]:
    """The programme a card describes, and every problem found in its fields.

    All problems are reported at once, so an editor fixes a card in one pass;
    the programme is None when any field is wrong.
    """
    problems = [
        f"thiếu trường bắt buộc “:{name}:” ({OPTIONS[name]})"
        for name in REQUIRED
        if not options.get(name, "").strip()
    ]
    values: dict[str, Any] = {}
    parsers = {
        "so-ky-hieu": ("symbol", check_symbol),
        "ngay-ban-hanh": ("issued", parse_date),
        "cap": ("level", parse_level),
        "thoi-gian": ("period", parse_period),
        "chi-tieu": ("targets", parse_targets),
        "thuc-hien": ("implements", split_list),
    }
    for option, (name, parser) in parsers.items():
        if options.get(option, "").strip():
            try:
                values[name] = parser(options[option])
            except FieldError as error:
                problems.append(str(error))
    if not title.strip():
        problems.append("thiếu tên (trích yếu) của văn bản sau {programme}")
    if problems:
        return None, problems
    start, end = values.pop("period")
    return Programme(
        title=" ".join(title.split()),
        kind=options["loai"].strip().lower(),
        issuer=options["co-quan-ban-hanh"].strip(),
        field=options["linh-vuc"].strip(),
        lead=options["chu-tri"].strip(),
        partners=split_list(options.get("phoi-hop", "")),
        status=options.get("tinh-trang", "").strip(),
        start=start,
        end=end,
        **values,
    ), []
