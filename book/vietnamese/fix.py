"""``./press fix-encoding FILE...``: legacy Vietnamese files → UTF-8 NFC, in place.

Each file is examined (:mod:`book.vietnamese.encodings`); a legacy file is
converted whole, a UTF-8 file with mojibake only on its damaged lines (text
pasted from an old document often sits next to text typed in Unicode), and
a decomposed file is composed to NFC. The original is kept beside the file
as ``FILE.bak`` before anything is written.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from book.vietnamese import convert, encodings


@dataclass(frozen=True)
class Outcome:
    path: Path
    message: str
    changed: bool


def fix_file(path: Path, encoding: str | None = None) -> Outcome:
    """Convert one file; ``encoding`` overrides detection (one of convert.ENCODINGS)."""
    data = path.read_bytes()
    finding = encodings.examine(data)
    if encoding is not None:
        text = _convert_as(data, encoding)
        described = encodings.NAMES[encoding]
    elif finding is not None:
        text = _convert_finding(data, finding)
        pasted = finding.mojibake and finding.encoding != convert.UTF8
        described = finding.name + (" (dán vào tệp UTF-8)" if pasted else "")
    else:
        original = data.decode("utf-8-sig")
        text = unicodedata.normalize("NFC", original)
        if text == original:
            return Outcome(path, f"{path}: đã là UTF-8 NFC, không cần sửa.", changed=False)
        described = "Unicode tổ hợp"
    text = unicodedata.normalize("NFC", text)
    if finding is not None and finding.mojibake and text == _nfc(data):
        return Outcome(
            path,
            f"{path}: dòng {finding.line} trông như chữ {finding.name} nhưng không dòng nào "
            "chắc chắn là mã cũ (dòng lẫn chữ Unicode?): không sửa gì; hãy sửa tay dòng đó.",
            changed=False,
        )
    backup = _backup(path, data)
    path.write_text(text, encoding="utf-8", newline="")
    message = f"{path}: {described} → UTF-8 NFC; bản gốc giữ ở {backup}."
    changed = _changed_lines(data.decode("utf-8-sig"), text) if finding and finding.mojibake else ""
    left = encodings.find_mojibake(text)
    if left is not None:
        message += (
            f"\n  Dòng {left.line} vẫn trông như chữ {left.name} (lẫn với chữ Unicode trên "
            "cùng dòng?): hãy sửa tay dòng đó."
        )
    if (encoding or (finding and finding.encoding)) == convert.TCVN3:
        message += (
            " Lưu ý: chữ hoa có dấu gõ bằng phông .VnTimeH (tiêu đề viết hoa) không phân "
            "biệt được với chữ thường trong TCVN3; hãy đọc lại các tiêu đề viết hoa."
        )
    return Outcome(path, message + changed, changed=True)


def _nfc(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("utf-8-sig"))


def _changed_lines(before: str, after: str) -> str:
    """Each line the repair changed, as it was and as it is now."""
    shown = []
    pairs = zip(before.splitlines(), after.splitlines(), strict=False)
    for number, (old, new) in enumerate(pairs, 1):
        if unicodedata.normalize("NFC", old) != new:
            shown.append(f"\n  dòng {number}: {_short(old)} → {_short(new)}")
    return "".join(shown)


def _short(line: str, width: int = 60) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"


def _convert_as(data: bytes, encoding: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return convert.decode(data, encoding)
    return repair_lines(text, encoding, every_line=True)


def _convert_finding(data: bytes, finding: encodings.Finding) -> str:
    if not finding.mojibake:
        return convert.decode(data, finding.encoding)
    return repair_lines(data.decode("utf-8-sig"), finding.encoding)


def repair_lines(text: str, encoding: str, *, every_line: bool = False) -> str:
    """Repair the lines of ``text`` that are legacy text pasted in (or, with
    ``every_line``, every line that could be).

    A line is repaired only when all of it could be legacy text read as
    Windows-1252 (a letter Windows-1252 has not was typed in Unicode: the line
    is the author's, soft hyphens and all) and, unless ``every_line``, when it
    carries the encoding's traces and reads more like Vietnamese converted.
    """
    pattern = encodings.MOJIBAKE[encoding]
    return "".join(
        _repair_line(line, encoding)
        if encodings.could_be_pasted(line)
        and (every_line or (pattern.search(line) and encodings.improves(line, encoding)))
        else line
        for line in text.splitlines(keepends=True)
    )


def _repair_line(line: str, encoding: str) -> str:
    out: list[str] = []
    run: list[str] = []
    for char in line:
        if encodings.cp1252_or_undefined(char):
            run.append(char)
            continue
        if run:
            out.append(convert.repair("".join(run), encoding))
            run = []
        out.append(char)
    if run:
        out.append(convert.repair("".join(run), encoding))
    return "".join(out)


def _backup(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``FILE.bak`` (``FILE.bak2``... if one is already there)."""
    backup = path.with_name(path.name + ".bak")
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}.bak{number}")
    backup.write_bytes(data)
    return backup


def fix_files(paths: list[Path], encoding: str | None = None) -> list[Outcome]:
    """Convert every file; a missing file is reported, not skipped silently."""
    if encoding is not None and encoding not in convert.ENCODINGS:
        raise ValueError(
            f"không biết bảng mã {encoding!r}; chọn một trong: {', '.join(convert.ENCODINGS)}"
        )
    outcomes = []
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: không có tệp này")
        outcomes.append(fix_file(path, encoding))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m book.vietnamese.fix [--encoding E] [--book DIR] FILE...``."""
    parser = argparse.ArgumentParser(
        prog="./press fix-encoding",
        description="Chuyển tệp chữ Việt bảng mã cũ (TCVN3, VNI, VIQR, Windows-1258) "
        "hoặc Unicode tổ hợp sang UTF-8 NFC, giữ bản gốc ở TỆP.bak.",
    )
    parser.add_argument("files", nargs="+", type=Path, help="các tệp cần chuyển")
    parser.add_argument(
        "--encoding",
        choices=convert.ENCODINGS,
        help="bảng mã của tệp, khi không muốn để trình xuất bản tự nhận ra",
    )
    parser.add_argument("--book", type=Path, default=Path(), help="thư mục sách (mặc định: .)")
    args = parser.parse_args(argv)
    paths = [path if path.is_absolute() else args.book / path for path in args.files]
    try:
        outcomes = fix_files(paths, args.encoding)
    except (FileNotFoundError, ValueError) as error:
        print(f"fix-encoding: {error}", file=sys.stderr)
        return 1
    for outcome in outcomes:
        print(outcome.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
