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
    backup = _backup(path, data)
    path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8", newline="")
    message = f"{path}: {described} → UTF-8 NFC; bản gốc giữ ở {backup}."
    if (encoding or (finding and finding.encoding)) == convert.TCVN3:
        message += (
            " Lưu ý: chữ hoa có dấu gõ bằng phông .VnTimeH (tiêu đề viết hoa) không phân "
            "biệt được với chữ thường trong TCVN3; hãy đọc lại các tiêu đề viết hoa."
        )
    return Outcome(path, message, changed=True)


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
    """Repair the lines of ``text`` that carry the encoding's traces (or all of them).

    Characters that Windows-1252 cannot hold were typed in Unicode, not pasted
    from the legacy document, and stay as they are.
    """
    pattern = encodings.MOJIBAKE[encoding]
    lines = text.splitlines(keepends=True)
    return "".join(
        _repair_line(line, encoding) if every_line or pattern.search(line) else line
        for line in lines
    )


def _repair_line(line: str, encoding: str) -> str:
    out: list[str] = []
    run: list[str] = []
    for char in line:
        if _legacy_char(char):
            run.append(char)
            continue
        if run:
            out.append(convert.repair("".join(run), encoding))
            run = []
        out.append(char)
    if run:
        out.append(convert.repair("".join(run), encoding))
    return "".join(out)


def _legacy_char(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return "\x80" <= char <= "\x9f"  # the five bytes Windows-1252 leaves undefined
    return True


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
