"""The programme data model and the checks on an editor's fields."""

from __future__ import annotations

from datetime import date

import pytest

from book.programmes.fields import (
    SYMBOL_IN_TEXT,
    FieldError,
    Target,
    anchor,
    check_symbol,
    format_date,
    parse,
    parse_date,
    parse_period,
    parse_targets,
)

CARD = {
    "loai": "Kế hoạch",
    "so-ky-hieu": "112/KH-UBND",
    "ngay-ban-hanh": "15/6/2021",
    "co-quan-ban-hanh": "UBND thành phố",
    "thuc-hien": "05-NQ/TU; NQ-ĐH-XXIII",
    "cap": "thành phố",
    "linh-vuc": "Chuyển đổi số",
    "chu-tri": "Phòng Văn hóa và Thông tin",
    "phoi-hop": "Công an thành phố; Phòng Nội vụ",
    "thoi-gian": "2021-2025",
    "chi-tieu": "Hồ sơ trực tuyến: 80 %\nTăng trưởng: 6,5–7 %/năm",
}


@pytest.mark.parametrize(
    "symbol", ["02-NQ/TU", "15-CTr/TU", "01-ĐA/TU", "123/KH-UBND", "30/2020/NĐ-CP", "749/QĐ-TTg"]
)
def test_party_and_state_symbols_are_accepted(symbol: str):
    assert check_symbol(f" {symbol} ") == symbol


@pytest.mark.parametrize(
    "symbol", ["02/NQ/TU", "NQ-02/TU", "123-KH-UBND", "30/20/NĐ-CP", "15-CTr", "KH-UBND", "12 /KH"]
)
def test_malformed_symbols_are_refused_with_both_conventions_explained(symbol: str):
    with pytest.raises(FieldError) as error:
        check_symbol(symbol)
    assert "02-NQ/TU" in str(error.value) and "30/2020/NĐ-CP" in str(error.value)


def test_dates_vietnamese_and_iso():
    assert parse_date("05/3/2021") == date(2021, 3, 5)
    assert parse_date("2021-03-05") == date(2021, 3, 5)
    for wrong in ("2021/03/05", "5.3.2021", "tháng 3/2021"):
        with pytest.raises(FieldError, match="dd/mm/yyyy"):
            parse_date(wrong)
    with pytest.raises(FieldError, match="không có trong lịch"):
        parse_date("31/02/2021")


def test_dates_written_as_administrative_documents_write_them():
    assert format_date(date(2021, 3, 5)) == "05/3/2021"
    assert format_date(date(2022, 1, 6)) == "06/01/2022"
    assert format_date(date(2020, 12, 25)) == "25/12/2020"


def test_periods():
    assert parse_period("2021–2025") == (2021, 2025)
    assert parse_period("2021 - 2025") == (2021, 2025)
    assert parse_period("2023") == (2023, 2023)
    with pytest.raises(FieldError, match="kết thúc trước"):
        parse_period("2025–2021")
    with pytest.raises(FieldError):
        parse_period("hằng năm")


def test_targets_have_value_and_unit():
    assert parse_targets(
        "Hồ sơ trực tuyến: 80 %; Tăng trưởng: 6,5 – 7 %/năm\nSố bản tin: 12 số"
    ) == [
        Target("Hồ sơ trực tuyến", "80", "%"),
        Target("Tăng trưởng", "6,5–7", "%/năm"),
        Target("Số bản tin", "12", "số"),
    ]
    with pytest.raises(FieldError, match="thiếu giá trị"):
        parse_targets("Tăng trưởng cao")


def test_a_complete_card_parses():
    programme, problems = parse("  Kế hoạch   xây dựng chính quyền số ", CARD)
    assert problems == []
    assert programme is not None
    assert programme.title == "Kế hoạch xây dựng chính quyền số"
    assert programme.kind == "kế hoạch"
    assert programme.level == "Thành phố"
    assert programme.issued == date(2021, 6, 15)
    assert (programme.start, programme.end, programme.period) == (2021, 2025, "2021–2025")
    assert programme.implements == ["05-NQ/TU", "NQ-ĐH-XXIII"]
    assert programme.partners == ["Công an thành phố", "Phòng Nội vụ"]
    record = programme.to_record()
    assert record["issued"] == "2021-06-15"
    assert record["targets"][1] == {"name": "Tăng trưởng", "value": "6,5–7", "unit": "%/năm"}


def test_every_problem_of_a_card_is_reported_at_once():
    broken = {**CARD, "so-ky-hieu": "112-KH-UBND", "ngay-ban-hanh": "15.6.2021", "cap": "Huyện"}
    del broken["chu-tri"]
    programme, problems = parse("Kế hoạch", broken)
    assert programme is None
    assert len(problems) == 4
    assert any("“:chu-tri:”" in problem for problem in problems)
    assert any("112-KH-UBND" in problem for problem in problems)
    assert any("15.6.2021" in problem for problem in problems)
    assert any("Trung ương, Tỉnh, Thành phố" in problem for problem in problems)


def test_anchors_are_ascii_and_distinct():
    ids = {anchor(symbol) for symbol in ("02-NQ/TU", "02/NQ-TU", "01-ĐA/TU", "30/2020/NĐ-CP")}
    assert ids == {"vb-02-nq-s-tu", "vb-02-s-nq-tu", "vb-01-da-s-tu", "vb-30-s-2020-s-nd-cp"}


def test_symbols_found_in_running_text_but_not_dates():
    text = "Theo Nghị quyết số 05-NQ/TU ngày 16/01/2023, Nghị định 30/2020/NĐ-CP và 749/QĐ-TTg."
    assert SYMBOL_IN_TEXT.findall(text) == ["05-NQ/TU", "30/2020/NĐ-CP", "749/QĐ-TTg"]
