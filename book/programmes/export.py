"""The register as data: JSON, CSV for spreadsheets, and a JSON Schema of the fields.

Written by the website build into its output (``_downloads/data/``), so the
website offers them; the press also copies them to ``build/data/``. The CSV
starts with a byte-order mark: without it Excel reads UTF-8 as a legacy code
page and garbles Vietnamese.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from book.programmes.collector import programmes, resolutions
from book.programmes.fields import LEVELS, Programme, format_date

DATA_DIR = "_downloads/data"
FILES = {"csv": "programmes.csv", "json": "programmes.json", "schema": "programmes.schema.json"}
CSV_COLUMNS = {
    "symbol": "Số, ký hiệu",
    "title": "Tên văn bản",
    "kind": "Loại văn bản",
    "issued": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "implements": "Thực hiện nghị quyết",
    "level": "Cấp",
    "field": "Lĩnh vực",
    "lead": "Cơ quan chủ trì",
    "partners": "Cơ quan phối hợp",
    "start": "Từ năm",
    "end": "Đến năm",
    "targets": "Chỉ tiêu",
    "status": "Tình trạng",
}


def _string(title: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "title": title, **extra}


def _strings(title: str) -> dict[str, Any]:
    return {"type": "array", "title": title, "items": {"type": "string", "minLength": 1}}


def schema() -> dict[str, Any]:
    """The JSON Schema of ``programmes.json``."""
    target = {
        "type": "object",
        "title": "Chỉ tiêu",
        "required": ["name", "value", "unit"],
        "additionalProperties": False,
        "properties": {
            "name": _string("Tên chỉ tiêu", minLength=1),
            "value": _string("Giá trị (như văn bản ghi, dấu phẩy thập phân)", minLength=1),
            "unit": _string("Đơn vị"),
        },
    }
    year = {"type": "integer", "minimum": 1945, "maximum": 2100}
    properties = {
        "id": _string("Mã định danh (id của thẻ trong sách)", pattern="^vb-[a-z0-9-]+$"),
        "symbol": _string(CSV_COLUMNS["symbol"]),
        "title": _string(CSV_COLUMNS["title"], minLength=1),
        "kind": _string(CSV_COLUMNS["kind"], minLength=1),
        "issued": _string(CSV_COLUMNS["issued"], format="date"),
        "issuer": _string(CSV_COLUMNS["issuer"], minLength=1),
        "level": _string(CSV_COLUMNS["level"], enum=list(LEVELS)),
        "field": _string(CSV_COLUMNS["field"], minLength=1),
        "lead": _string(CSV_COLUMNS["lead"], minLength=1),
        "start": {**year, "title": CSV_COLUMNS["start"]},
        "end": {**year, "title": CSV_COLUMNS["end"]},
        "implements": _strings(CSV_COLUMNS["implements"]),
        "partners": _strings(CSV_COLUMNS["partners"]),
        "targets": {"type": "array", "title": CSV_COLUMNS["targets"], "items": target},
        "status": _string(CSV_COLUMNS["status"]),
        "docname": _string("Chương chứa thẻ"),
    }
    programme = {
        "type": "object",
        "title": "Chương trình, đề án, kế hoạch",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Sổ đăng ký chương trình, đề án, kế hoạch",
        "type": "object",
        "required": ["programmes", "resolutions"],
        "additionalProperties": False,
        "properties": {
            "programmes": {"type": "array", "items": programme},
            "resolutions": {
                "type": "object",
                "title": "Nghị quyết được thực hiện: số, ký hiệu → tên",
                "additionalProperties": {"type": "string"},
            },
        },
    }


def to_json(cards: list[Programme], known: dict[str, str]) -> str:
    data = {"programmes": [card.to_record() for card in cards], "resolutions": known}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(cards: list[Programme]) -> str:
    """One row a programme; lists joined with “; ”, dates dd/mm/yyyy as Vietnamese write them."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(CSV_COLUMNS.values())
    for card in cards:
        record = card.to_record()
        record["issued"] = format_date(card.issued)
        record["targets"] = [str(target) for target in card.targets]
        writer.writerow(
            "; ".join(value) if isinstance(value, list) else value
            for value in (record[key] for key in CSV_COLUMNS)
        )
    return output.getvalue()


def write(directory: Path, cards: list[Programme], known: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / FILES["json"]).write_text(to_json(cards, known), encoding="utf-8")
    (directory / FILES["schema"]).write_text(
        json.dumps(schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with open(directory / FILES["csv"], "w", encoding="utf-8-sig", newline="") as stream:
        stream.write(to_csv(cards))


def export(app: Sphinx, exception: Exception | None) -> None:
    """At the end of a website build, the register as data next to the pages."""
    if exception is None and app.builder.name in ("html", "dirhtml"):
        write(app.outdir / DATA_DIR, programmes(app.env), resolutions(app.env))
