"""./press fix-encoding: legacy files become UTF-8 NFC in place, the original kept."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from book.vietnamese import convert, fix
from tests.vietnamese.legacy import tcvn3, windows_1258

TEXT = "# Chương trình\n\nCộng hòa xã hội chủ nghĩa Việt Nam.\nThủ tướng Chính phủ.\n"
VNI_TEXT = "# Chöông trình\n\nCoäng hoøa xaõ hoäi chuû nghóa Vieät Nam.\nThuû töôùng Chính phuû.\n"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (tcvn3(TEXT), "TCVN3"),
        (windows_1258(TEXT), "Windows-1258"),
        (VNI_TEXT.encode("cp1252"), "VNI"),
        (VNI_TEXT.encode("utf-8"), "VNI"),  # mojibake saved as UTF-8
        (unicodedata.normalize("NFD", TEXT).encode(), "tổ hợp"),
        ("".join(convert.WINDOWS_1252[byte] for byte in TEXT.encode()).encode(), "Chuyá»ƒn"),
    ],
    ids=["tcvn3", "windows-1258", "vni", "vni-mojibake", "decomposed", "utf-8-as-1252"],
)
def test_files_are_converted_in_place_with_a_backup(
    tmp_path: Path, data: bytes, named: str
) -> None:
    chapter = tmp_path / "chuong.md"
    chapter.write_bytes(data)
    outcome = fix.fix_file(chapter)
    assert outcome.changed
    assert named in outcome.message
    assert str(tmp_path / "chuong.md.bak") in outcome.message
    assert chapter.read_text(encoding="utf-8") == TEXT
    assert (tmp_path / "chuong.md.bak").read_bytes() == data


def test_only_damaged_lines_of_a_mixed_file_are_repaired(tmp_path: Path) -> None:
    typed = "Đoạn này gõ bằng Unicode: “tiếng Việt” – Ơ, Ư, ô, â, ê.\n"
    chapter = tmp_path / "chuong.md"
    chapter.write_text(typed + VNI_TEXT, encoding="utf-8")
    fix.fix_file(chapter)
    assert chapter.read_text(encoding="utf-8") == typed + TEXT


def test_viqr_is_converted_when_named(tmp_path: Path) -> None:
    chapter = tmp_path / "chuong.md"
    chapter.write_text("Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam.\n", encoding="utf-8")
    fix.fix_file(chapter, "viqr")
    assert chapter.read_text(encoding="utf-8") == "Cộng hòa xã hội chủ nghĩa Việt Nam.\n"


def test_a_clean_file_is_left_alone(tmp_path: Path) -> None:
    chapter = tmp_path / "chuong.md"
    chapter.write_text(TEXT, encoding="utf-8")
    outcome = fix.fix_file(chapter)
    assert not outcome.changed
    assert "không cần sửa" in outcome.message
    assert not (tmp_path / "chuong.md.bak").exists()


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path) -> None:
    chapter = tmp_path / "chuong.md"
    (tmp_path / "chuong.md.bak").write_bytes(b"the 2009 original")
    chapter.write_bytes(tcvn3(TEXT))
    outcome = fix.fix_file(chapter)
    assert (tmp_path / "chuong.md.bak").read_bytes() == b"the 2009 original"
    assert (tmp_path / "chuong.md.bak2").read_bytes() == tcvn3(TEXT)
    assert "chuong.md.bak2" in outcome.message


def test_command_line_takes_several_files_and_prints_what_it_did(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(tcvn3(TEXT))
    (tmp_path / "b.md").write_bytes(VNI_TEXT.encode("cp1252"))
    result = subprocess.run(
        [sys.executable, "-m", "book.vietnamese.fix", "a.md", "b.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("a.md: TCVN3")
    assert result.stdout.splitlines()[1].startswith("b.md: VNI")
    for name in ("a.md", "b.md"):
        assert (tmp_path / name).read_text(encoding="utf-8") == TEXT


def test_command_line_reports_a_missing_file(tmp_path: Path, capsys) -> None:
    assert fix.main([str(tmp_path / "khong-co.md")]) == 1
    assert "không có tệp này" in capsys.readouterr().err


def _mixed_chapter() -> str:
    """Correct Unicode with soft hyphens on line 42, a TCVN3 line pasted on line 44."""
    from tests.vietnamese.legacy import tcvn3

    lines = ["# Chương", ""] + [f"Dòng {number} viết đúng Unicode." for number in range(3, 42)]
    lines += [
        "Theo báo cáo của UBND, mô hình “Khu dân cư số” đã được Nhân dân đồng tình, "
        "chuyển\u00adđổi số, ứng\u00addụng.",
        "",
        tcvn3("Theo báo cáo của Ủy ban nhân dân, mô hình đã được nhân rộng.").decode("cp1252"),
    ]
    return "\n".join(lines) + "\n"


def test_correct_unicode_beside_a_pasted_line_is_left_as_it_is(tmp_path):
    from book.vietnamese import encodings
    from book.vietnamese.fix import fix_file

    path = tmp_path / "chuong.md"
    path.write_text(_mixed_chapter(), encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    assert encodings.examine(path.read_bytes()).line == 44  # not the soft hyphens' line
    outcome = fix_file(path)
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[:43] == before[:43]  # line 42 and its soft hyphens untouched
    assert after[43] == "Theo báo cáo của Ủy ban nhân dân, mô hình đã được nhân rộng."
    assert "dòng 44:" in outcome.message and "dòng 42" not in outcome.message
    assert encodings.examine(path.read_bytes()) is None


def test_correct_unicode_is_never_taken_for_a_legacy_encoding():
    from book.vietnamese import encodings

    text = "Cà phê, bánh mì.\nChuyển\u00adđổi số, ứng\u00addụng, cơ\u00adsở dữ liệu.\n" * 5
    assert encodings.examine(text.encode("utf-8")) is None
