"""``invoke check``: everything that must be right before the handbook is published.

1. A strict build of the website: every Sphinx warning is a problem, and
   references are checked nitpickily (a ``{ref}`` or ``{term}`` to nothing is
   reported, not silently printed as plain text). Problems are listed as
   ``file:line: message``, grouped by chapter.
2. The print edition, built apart (its build fails on ink outside the text
   block, drawings whose text does not read back, figures it cannot publish,
   WeasyPrint's messages that mean a loss), then read as a printing house and
   a reader get it: every font embedded, no page blank but for its running
   head (book.pdf.inspect).
3. The built pages through the Nu Html Checker and axe-core.

The strict builds go to ``build/.work/check/`` with their own doctree cache and
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
    nocolor()
    app, problems = _strict(layout, "html", status, freshenv=True)
    return (Path(app.outdir) if app is not None else None), problems


def _strict(layout: Layout, edition: str, status: TextIO | None, freshenv: bool = False):
    """One edition built strictly into the check's own folder (its doctrees shared)."""
    work = layout.work_dir / "check"
    return run_sphinx(
        layout,
        edition,
        outdir=work / edition,
        doctreedir=work / "doctrees",
        overrides=dict(OVERRIDES),
        status=status,
        freshenv=freshenv,
    )


def print_check(book_dir: Path, status: TextIO | None = None) -> list[Problem]:
    """The print edition built into the check's folder, its problems, then the file read."""
    from book.pdf.builder import PAGE_MAP
    from book.pdf.inspect import fonts_not_embedded, nearly_blank_pages
    from book.pdf.late_contents import LateProblems

    layout = Layout(Path(book_dir))
    app, problems = _strict(layout, "pdf", status)
    merging = getattr(app.builder, "merging", None) if app is not None else None
    if app is None or merging is None:
        return problems
    try:
        merging.wait()
    except LateProblems as late:
        return problems + [Problem("", problem) for problem in late.problems]
    outdir = Path(app.outdir)
    pdf = outdir / f"{app.builder.metadata.slug}.pdf"
    found = fonts_not_embedded(pdf) + nearly_blank_pages(pdf, outdir / PAGE_MAP)

    def where(chapter: str) -> str:
        if chapter not in app.env.all_docs:
            return ""
        return str(Path(app.env.doc2path(chapter)).relative_to(layout.book_dir))

    return problems + [Problem(where(item.chapter), item.message) for item in found]


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
    """The strict build, the print edition, then (if a site was built) the validators."""
    say("[1/4] Dựng thử trang web ở chế độ nghiêm ngặt (nitpicky, cảnh báo là lỗi)…")
    site, problems = strict_build(book_dir)
    result = CheckResult(site, problems)
    say(f"      {len(problems)} lỗi trong chương")
    if site is not None:  # symbols mentioned but not registered: a list, not errors
        for line in unregistered_report(Layout(Path(book_dir)).work_dir / "check" / "doctrees"):
            say(line)
    if site is None:
        return result
    say("[2/4] Dựng thử bản in (PDF) rồi đọc lại: chữ trong hình, phông, tràn lề, trang trống…")
    printed = [problem for problem in print_check(book_dir) if problem not in result.problems]
    result.problems += printed
    say(f"      {len(printed)} lỗi trong bản in")
    if not validators:
        return result
    checkers = (
        (f"[3/4] Kiểm tra HTML bằng Nu Html Checker ({len(validate.pages(site))} trang)…",
         validate.vnu_errors),
        ("[4/4] Kiểm tra khả năng tiếp cận bằng axe-core trong Chromium…",
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
        lines.append(f"Có {total} lỗi. Sửa các lỗi trên (tệp:dòng) rồi chạy lại: ./press check")
    return "\n".join(lines)


def main(book_dir: Path, stream: TextIO = sys.stdout) -> int:
    """Run the check, print the report; the exit status (0 when all is well)."""
    result = run(book_dir, say=lambda line: print(line, file=stream, flush=True))
    print(report(result), file=stream)
    return 0 if result.ok else 1
