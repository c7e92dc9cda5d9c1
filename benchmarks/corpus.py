"""A deterministic synthetic Vietnamese handbook of any size, for benchmarks.

Chapters have the shape of the real handbook's: headings to level 3, prose,
lists, a small table, footnotes, a figure and cross-references to other
chapters, figures and tables. The same ``chapters`` count always gives the
same files, byte for byte.
"""

from __future__ import annotations

import random
from pathlib import Path

SYLLABLES = (  # noqa: SIM905 (a sentence reads better than a list of 100 strings)
    "nghị quyết đại hội đảng bộ thành phố tỉnh chương trình đề án kế hoạch thực hiện "
    "nhiệm vụ giải pháp phát triển kinh tế xã hội văn hóa giáo dục y tế chuyển đổi số "
    "chính quyền cơ sở cán bộ đảng viên nhân dân tuyên truyền kiểm tra giám sát lãnh đạo "
    "chỉ đạo điều hành nâng cao chất lượng hiệu quả đổi mới sáng tạo hạ tầng đô thị nông "
    "thôn mới môi trường du lịch di sản tâm linh an ninh quốc phòng đoàn kết thống nhất "
    "mục tiêu chỉ tiêu giai đoạn nhiệm kỳ tổ chức bộ máy tinh gọn hoạt động hiệu lực"
).split()
LEVELS = ("Trung ương", "Tỉnh", "Thành phố")
FIGURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="160" viewBox="0 0 400 160">'
    "<title>Sơ đồ minh họa</title>"
    '<rect x="10" y="10" width="380" height="140" fill="#eee" stroke="#800"/>'
    '<text x="200" y="85" text-anchor="middle" font-family="\'Noto Serif\', serif" '
    'font-size="18">Sơ đồ tổ chức thực hiện</text></svg>\n'
)


def sentence(rng: random.Random, words: int | None = None) -> str:
    count = words or rng.randint(9, 22)
    text = " ".join(rng.choice(SYLLABLES) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int | None = None) -> str:
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(3, 6)))


def chapter(number: int, total: int) -> str:
    rng = random.Random(number)
    other = rng.randint(1, total) if total > 1 else number
    lines = [f"(ch-{number:03d})=", f"# {sentence(rng, 6)[:-1]}", ""]
    lines += [paragraph(rng) + f"[^c{number}a]", ""]
    for section in range(1, 7):
        lines += [f"(sec-{number:03d}-{section})=", f"## {sentence(rng, 5)[:-1]}", ""]
        lines += [paragraph(rng), "", paragraph(rng), ""]
        if section == 2:
            lines += [f"### {sentence(rng, 4)[:-1]}", ""]
            lines += [f"- {sentence(rng)}" for _ in range(5)] + [""]
            lines += ["1. " + sentence(rng), "2. " + sentence(rng), "3. " + sentence(rng), ""]
        if section == 3:
            lines += [
                "```{list-table} " + sentence(rng, 6)[:-1],
                f":name: tbl-{number:03d}",
                ":header-rows: 1",
                "",
                "* - Chỉ tiêu",
                "  - Năm 2020",
                "  - Mục tiêu 2025",
            ]
            for _ in range(6):
                before, after = rng.randint(10, 90), rng.randint(50, 100)
                lines += [f"* - {sentence(rng, 5)[:-1]}", f"  - {before}%", f"  - {after}%"]
            lines += ["```", ""]
        if section == 4:
            lines += [
                "```{figure} hinh.svg",
                f":name: fig-{number:03d}",
                ":alt: Sơ đồ tổ chức thực hiện",
                ":width: 80%",
                "",
                sentence(rng, 8),
                "```",
                "",
            ]
        if section == 5:
            lines += [
                f"Xem {{ref}}`ch-{other:03d}`, {{numref}}`Hình %s <fig-{other:03d}>`, "
                f"{{numref}}`Bảng %s <tbl-{other:03d}>` và mục {{ref}}`sec-{other:03d}-2`."
                f"[^c{number}b]",
                "",
            ]
        if section == 6:
            lines += ["```{note}", paragraph(rng, 2), "```", ""]
    lines += [f"[^c{number}a]: {sentence(rng)}", f"[^c{number}b]: {sentence(rng)}", ""]
    return "\n".join(lines)


def write_corpus(target: Path, chapters: int, page_size: str = "A4") -> Path:
    """Write a book with ``chapters`` chapters in three parts into ``target``."""
    source = target / "chapters"
    source.mkdir(parents=True, exist_ok=True)
    (target / "conf.py").write_text(
        'project = "Sổ tay thử nghiệm hiệu năng"\n'
        'language = "vi"\n'
        'extensions = ["book"]\n'
        'book_slug = "so-tay-thu-nghiem"\n'
        f'book_page_size = "{page_size}"\n'
        "numfig = True\n"
        "numfig_secnum_depth = 1\n",
        encoding="utf-8",
    )
    (source / "hinh.svg").write_text(FIGURE, encoding="utf-8")
    parts: list[list[str]] = [[], [], []]
    for number in range(1, chapters + 1):
        name = f"{number:03d}-chuong"
        (source / f"{name}.md").write_text(chapter(number, chapters), encoding="utf-8")
        parts[min(2, (number - 1) * 3 // chapters)].append(name)
    index = ["# Sổ tay thử nghiệm hiệu năng", ""]
    for level, names in zip(LEVELS, parts, strict=True):
        if names:
            index += ["```{toctree}", f":caption: Cấp {level}", ":numbered: 2", "", *names,
                      "```", ""]  # fmt: skip
    (source / "index.md").write_text("\n".join(index), encoding="utf-8")
    return target


def edit_one_chapter(target: Path, chapters: int) -> Path:
    """Change one sentence in the middle chapter, as an editor fixing a typo would."""
    return _add_to_middle_chapter(target, chapters, _TYPO_FIX)


def undo_edit(target: Path, chapters: int) -> Path:
    """Take back the sentence :func:`edit_one_chapter` added last: another one-sentence edit."""
    path = _middle_chapter(target, chapters)
    text = path.read_text(encoding="utf-8")
    if _TYPO_FIX not in text:
        raise ValueError(f"{path}: no edit to take back")
    path.write_text(text.replace(_TYPO_FIX, "", 1), "utf-8")
    return path


def lengthen_one_chapter(target: Path, chapters: int) -> Path:
    """Add four paragraphs to the middle chapter: every later page moves on."""
    sentence = "Đoạn bổ sung nêu rõ trách nhiệm của từng tổ chức đảng trong việc thực hiện. "
    return _add_to_middle_chapter(target, chapters, f"{sentence * 12}\n\n" * 4)


_TYPO_FIX = "Sửa lỗi chính tả trong đoạn này.\n\n"


def _middle_chapter(target: Path, chapters: int) -> Path:
    return target / "chapters" / f"{max(1, chapters // 2):03d}-chuong.md"


def _add_to_middle_chapter(target: Path, chapters: int, added: str) -> Path:
    """``added`` after the middle chapter's first paragraph (its title)."""
    path = _middle_chapter(target, chapters)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n\n", f"\n\n{added}", 1), "utf-8")
    return path
