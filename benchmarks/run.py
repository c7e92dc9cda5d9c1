"""Benchmark the press against its peers on synthetic handbooks; print a table of figures.

    python -m benchmarks.run [--sizes 20,60,120] [--no-peers]

For each size: our three editions built alone from a clean build directory
(cold) and after editing one chapter, the whole publish cold, after the edit
and after an edit that moves every later page; the peer sphinx-simplepdf
(Sphinx + WeasyPrint) for its PDF, and stock Sphinx's HTML builder cold and
after the same edit. Each measurement runs the
command its users run (ours: the invoke tasks; the peers: sphinx-build), in a
fresh process: wall time and the peak memory of the largest process. A figure
after an edit is the median of three one-sentence edits (a sentence added,
taken out, added again), ours and stock Sphinx's alike: a rebuild takes a few
seconds, and one run of it varies by a third on a shared machine; the times
of all three are kept in the JSON file (``samples``).
Benchmarks are not tests: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import edit_one_chapter, lengthen_one_chapter, undo_edit, write_corpus

EDITIONS = ("pdf", "epub", "html")
EDITS = 3  # one-sentence edits measured for each figure after an edit
ROOT = Path(__file__).resolve().parent.parent  # where tasks.py is


@dataclass
class Figure:
    label: str
    seconds: float
    peak_mb: float
    pages: int = 0
    samples: list[float] = field(default_factory=list)  # seconds of each edit measured


def measure(label: str, command: list[str], cwd: Path) -> Figure:
    """Run ``command``; its wall time and the largest resident size among its processes."""
    # The peer runs WeasyPrint's command-line tool, found on PATH next to this Python.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    # A file, not a pipe: nobody reads a pipe while we wait, and a chatty build would block.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{label} failed:\n{stderr[-3000:]}")
    return Figure(label, seconds, usage.ru_maxrss / 1024)


def measure_edits(label: str, command: list[str], book: Path, chapters: int) -> Figure:
    """``command`` after each of :data:`EDITS` one-sentence edits of the middle chapter,
    alternately adding a sentence and taking it back: the median time, the largest memory."""
    runs = []
    for number in range(EDITS):
        (edit_one_chapter if number % 2 == 0 else undo_edit)(book, chapters)
        runs.append(measure(label, command, book))
    seconds = [run.seconds for run in runs]
    return Figure(label, statistics.median(seconds), max(run.peak_mb for run in runs), 0, seconds)


def press(book: Path, *editions: str) -> list[str]:
    """The command an editor runs (``./press publish`` runs ``invoke publish``)."""
    task = "publish" if len(editions) > 1 else editions[0]
    return [sys.executable, "-m", "invoke", "--search-root", str(ROOT), task, "--book", str(book)]


def sphinx(book: Path, builder: str, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-c", str(book),
            str(book / "chapters"), str(out), *extra]  # fmt: skip


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def bench_size(chapters: int, work: Path, peers: bool) -> list[Figure]:
    book = write_corpus(work / f"book-{chapters}", chapters)
    figures = []
    for edition in EDITIONS:
        shutil.rmtree(book / "build", ignore_errors=True)
        figures.append(measure(f"{edition} cold", press(book, edition), book))
    shutil.rmtree(book / "build", ignore_errors=True)
    figures.append(measure("publish cold", press(book, *EDITIONS), book))
    pages = pdf_pages(next((book / "build" / "pdf").glob("*.pdf")))
    figures[-1].pages = pages
    for edition in EDITIONS:
        figures.append(measure_edits(f"{edition} after edit", press(book, edition), book, chapters))
    figures.append(measure_edits("publish after edit", press(book, *EDITIONS), book, chapters))
    # Not a target: an edit that moves every later page (their numbers are reprinted).
    lengthen_one_chapter(book, chapters)
    figures.append(measure("publish after pages moved", press(book, *EDITIONS), book))
    if peers:
        figures += bench_peers(book, chapters, work / f"peer-{chapters}")
    return figures


def targets(figures: list[Figure]) -> list[tuple[str, float, float]]:
    """(target, measured ratio, limit) for one size, as the speed issue states them."""
    by = {figure.label: figure for figure in figures}
    if "simplepdf PDF cold" not in by:
        return []
    peer, cold = by["simplepdf PDF cold"], by["publish cold"]
    ours_peak = max(f.peak_mb for f in figures if not f.label.startswith(("simplepdf", "stock")))
    return [
        ("publish cold / simplepdf PDF", cold.seconds / peer.seconds, 0.50),
        ("publish after edit / publish cold",
         by["publish after edit"].seconds / cold.seconds, 0.10),
        ("HTML after edit / stock Sphinx after edit",
         by["html after edit"].seconds / by["stock Sphinx HTML after edit"].seconds, 1.00),
        ("peak memory / simplepdf peak memory", ours_peak / peer.peak_mb, 0.33),
    ]  # fmt: skip


def bench_peers(book: Path, chapters: int, out: Path) -> list[Figure]:
    """The closest peer's PDF, and stock Sphinx's HTML cold and after the same edit."""
    simplepdf = ["-D", "extensions=myst_parser,sphinx_simplepdf", "-D", "html_theme=alabaster"]
    stock = ["-D", "extensions=myst_parser", "-D", "html_theme=alabaster", "-d", str(out / "dt")]
    figures = [
        measure("simplepdf PDF cold", sphinx(book, "simplepdf", out / "pdf", *simplepdf), book),
        measure("stock Sphinx HTML cold", sphinx(book, "html", out / "html", *stock), book),
    ]
    stock_html = sphinx(book, "html", out / "html", *stock)
    figures.append(measure_edits("stock Sphinx HTML after edit", stock_html, book, chapters))
    return figures


def report(results: dict[int, list[Figure]]) -> str:
    lines = []
    for chapters, figures in results.items():
        pages = next(f.pages for f in figures if f.label == "publish cold")
        lines += [f"\n== {chapters} chapters, {pages} PDF pages ==",
                  f"{'measurement':42} {'seconds':>9} {'peak MB':>9}"]  # fmt: skip
        lines += [f"{f.label:42} {f.seconds:9.1f} {f.peak_mb:9.0f}" for f in figures]
        for name, value, limit in targets(figures):
            verdict = "met" if value <= limit else "NOT met"
            lines.append(f"  {name:40} {value:6.2f}  (target ≤ {limit:.2f}: {verdict})")
    sizes = sorted(results)
    if len(sizes) > 1:
        first, last = (
            next(f for f in results[n] if f.label == "publish cold") for n in (sizes[0], sizes[-1])
        )
        ratio = (last.seconds / last.pages) / (first.seconds / first.pages)
        verdict = "met" if ratio <= 1.10 else "NOT met"
        lines.append(f"\ntime per page, {sizes[-1]} vs {sizes[0]} chapters: {ratio:.2f}"
                     f"  (target ≤ 1.10: {verdict})")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,60,120", help="chapter counts, comma-separated")
    parser.add_argument(
        "--no-peers", action="store_true", help="skip sphinx-simplepdf and stock Sphinx"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--compare", type=Path, help="a JSON file of an earlier run: print each figure's change"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[int, list[Figure]] = {}
    with tempfile.TemporaryDirectory(prefix="press-bench-") as work:
        for chapters in sizes:
            print(f"đo {chapters} chương...", file=sys.stderr, flush=True)
            results[chapters] = bench_size(chapters, Path(work), peers=not args.no_peers)
            print(report({chapters: results[chapters]}), flush=True)
    if len(sizes) > 1:
        print(report(results).rsplit("\n", 1)[-1])
    if args.json:
        data = {
            "machine": machine(),
            "sizes": {n: [f.__dict__ for f in figs] for n, figs in results.items()},
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    if args.compare:
        print(comparison(results, json.loads(args.compare.read_text(encoding="utf-8"))))
    return 0


def machine() -> dict[str, str | int]:
    """Where the figures were measured: they mean little without it."""
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    return {"cpu": model, "cores": os.cpu_count() or 0, "python": platform.python_version()}


def comparison(results: dict[int, list[Figure]], earlier: dict) -> str:
    """Each measurement against the same one in an earlier run's JSON (--json)."""
    sizes = earlier.get("sizes", earlier)  # the first saved runs had no "machine" key
    lines = ["", "== change since the earlier run (seconds, peak MB; < 1 is better) =="]
    for chapters, figures in results.items():
        before = {item["label"]: item for item in sizes.get(str(chapters), [])}
        for figure in figures:
            old = before.get(figure.label)
            if old and old["seconds"] and old["peak_mb"]:
                lines.append(
                    f"{chapters:>4} {figure.label:40} {figure.seconds / old['seconds']:6.2f}"
                    f" {figure.peak_mb / old['peak_mb']:6.2f}"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
