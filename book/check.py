"""``invoke check``: everything that must be right before the handbook is published.

1. A strict build of the website: every Sphinx warning is a problem, and
   references are checked nitpickily (a ``{ref}`` or ``{term}`` to nothing is
   reported, not silently printed as plain text). Problems are listed as
   ``file:line: message``, grouped by chapter.
2. The built pages through the Nu Html Checker and axe-core.

The strict build goes to ``build/.work/check/`` with its own doctree cache and
reads every chapter afresh: Sphinx reports a chapter's problems only when it
reads it, so a cached read would hide them. The published editions are not
touched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sphinx.util.console import nocolor

from book.html import validate
from book.press import Layout, Problem, check_book, run_sphinx
from book.programmes.mentions import unregistered_report
from book.tools import ToolMissing

OVERRIDES = {"nitpicky": True}


@dataclass
class CheckResult:
    site: Path | None
    problems: list[Problem] = field(default_factory=list)
    findings: list[validate.Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.site is not None and not self.problems and not self.findings


def strict_build(book_dir: Path, status: TextIO | None = None) -> tuple[Path | None, list[Problem]]:
    """Build the website with warnings as problems and nitpicky references.

    Returns the built site (None if Sphinx could not finish) and the problems.
    """
    layout = Layout(Path(book_dir))
    check_book(layout)
    work = layout.work_dir / "check"
    nocolor()
    app, problems = run_sphinx(
        layout,
        "html",
        outdir=work / "html",
        doctreedir=work / "doctrees",
        overrides=dict(OVERRIDES),
        status=status,
        freshenv=True,
    )
    return (work / "html" if app is not None else None), problems


def group_by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    """Problems grouped by the file they are in (a chapter, conf.py…), in file order."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        name = problem.location.split(":", 1)[0] if problem.location else ""
        groups.setdefault(name, []).append(problem)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == "", item[0])))


def run(
    book_dir: Path, *, validators: bool = True, say: Callable[[str], None] = print
) -> CheckResult:
    """The strict build, then (if it produced a site) the validators."""
    say("[1/3] Dựng thử trang web ở chế độ nghiêm ngặt (nitpicky, cảnh báo là lỗi)…")
    site, problems = strict_build(book_dir)
    result = CheckResult(site, problems)
    say(f"      {len(problems)} lỗi trong chương")
    if site is not None:  # symbols mentioned but not registered: a list, not errors
        for line in unregistered_report(Layout(Path(book_dir)).work_dir / "check" / "doctrees"):
            say(line)
    if site is None or not validators:
        return result
    checkers = (
        (f"[2/3] Kiểm tra HTML bằng Nu Html Checker ({len(validate.pages(site))} trang)…",
         validate.vnu_errors),
        ("[3/3] Kiểm tra khả năng tiếp cận bằng axe-core trong Chromium…",
         validate.axe_violations),
    )  # fmt: skip
    for message, checker in checkers:
        say(message)
        try:
            result.findings += checker(site)
        except ToolMissing as missing:  # an unchecked site is not a passed check
            result.findings.append(validate.Finding("", None, f"không kiểm tra được: {missing}"))
    say(f"      {len(result.findings)} lỗi trong trang web")
    return result


def report(result: CheckResult) -> str:
    """The problems as ``file:line: message`` lines, under one heading per file."""
    lines: list[str] = []
    for name, problems in group_by_file(result.problems).items():
        lines.append(f"{name or 'Chung'} ({len(problems)} lỗi)")
        lines += [f"  {problem}" for problem in problems]
    if result.findings:
        lines.append(f"Trang web đã dựng ({len(result.findings)} lỗi)")
        lines += [f"  {finding}" for finding in result.findings]
    if result.ok:
        lines.append("Không có lỗi: sách sẵn sàng để xuất bản.")
    else:
        total = len(result.problems) + len(result.findings)
        lines.append(f"Có {total} lỗi. Sửa các lỗi trên (tệp:dòng) rồi chạy lại: invoke check")
    return "\n".join(lines)


def main(book_dir: Path, stream: TextIO = sys.stdout) -> int:
    """Run the check, print the report; the exit status (0 when all is well)."""
    result = run(book_dir, say=lambda line: print(line, file=stream, flush=True))
    print(report(result), file=stream)
    return 0 if result.ok else 1
