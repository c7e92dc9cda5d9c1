"""Laying out the print edition chunk by chunk, on every core, and numbering its pages.

WeasyPrint lays out one document in one process; a long book took most of
the publishing time and memory that way, and a typo in one chapter meant
laying out all of them again. Here each chunk (:mod:`book.pdf.chunks`) is
laid out by a pool of worker processes, and each layout is kept, keyed by
everything it depends on: its markup with the page numbers filled in, its
first folio, the stylesheet, the fonts and the images.

A chunk's page numbers depend on the other chunks' lengths, known only once
they are laid out. A cold build measures every chunk first, printing page
numbers guessed from the size of the markup; each worker keeps what it laid
out, and as soon as a chunk's numbers are known (those of what precedes it and
of what it refers to) the right ones are put in and its PDF written, without a
second layout (:mod:`book.pdf.workers`, :func:`book.pdf.render.renumber`).
Then, and in every later build, the numbering is checked in rounds: lengths
(measured, or kept from the last build) give the numbers; chunks whose layout
is not in the cache are laid out with them; if a length came out different,
the numbers are worked out again and only the chunks whose numbers changed
are laid out again. The rounds stop when every number is confirmed by the
layout that printed it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from html import unescape
from pathlib import Path

from book.console import NOTICE
from book.pdf import engine
from book.pdf.chunks import BODY, CONTENTS, FRONT, Chunk
from book.pdf.jobs import LayoutJob, LayoutResult
from book.pdf.overflow import Overflow
from book.pdf.private_fonts import FONTS_CONF
from book.pdf.reprint import NotReprintable, new_numbers, reprint
from book.pdf.workers import (
    FINISH,
    MEASURE,
    MIN_JOBS_FOR_POOL,
    WRITE,
    InProcess,
    Task,
    Workers,
    layout_workers,
)

MAX_ROUNDS = 4  # a cold build settles in two; the rest allows for a number growing a digit
MARKUP_PER_PAGE = 3000  # characters of print document per page, about, in A4 and A5 alike
# A local address in a src or href attribute (xlink:href too). The name's start is tested
# looking behind, once the name is found: leading with it (\b) took four times as long.
_RESOURCE = re.compile(r'(?:src|href)="(?<!\wsrc=")(?<!\whref=")(?!#|[a-z][a-z0-9+.-]*:)([^"]+)"')
_FILLED = re.compile(r'data-page-of="([^"]*)" data-page="([^"]*)"')  # see Chunk.filled
_FILLED_NUMBER = re.compile(r'(?<= data-page=")\d+(?=")')
SHAPES = "shapes.json"  # the layout kept for each shape (markup, numbers' digits aside)


@dataclass(frozen=True)
class Numbering:
    """Where each chunk's pages fall in the book, and the printed page of every anchor."""

    first_pages: dict[str, int]
    labels: dict[str, str]
    blank_after: dict[str, bool]
    front_pages: int  # the front matter's pages, its blank one included


@dataclass
class Laid:
    """A chunk laid out for the book: its PDF and what the layout reported."""

    chunk: Chunk
    pdf: Path
    result: LayoutResult


@dataclass
class Settings:
    stylesheet: Path
    base_dir: Path
    allowed_roots: tuple[Path, ...]
    variant: str
    identifier: str
    cache_dir: Path
    workers: int = 0  # 0: one per core
    progress: Callable[[str], None] = field(default=lambda message: None)
    # Given the chunks before the first to lay out again, when a rebuild starts laying
    # out: final unless the new layouts change their numbers (the merge may begin).
    first_unchanged: Callable[[list[Laid], Numbering], None] | None = None


def number(chunks: list[Chunk], lengths: dict[str, int], anchors: dict[str, dict[str, int]]):
    """The book's numbering for chunks of the given lengths (pages, blank ones excluded)."""
    first_pages, labels, blank_after = {}, {}, {}
    # The front matter counts in roman numerals from i, the body from 1.
    next_page = {FRONT: 1, BODY: 1}
    for index, chunk in enumerate(chunks):
        pages = lengths.get(chunk.name, 1)
        last = index == len(chunks) - 1
        blank_after[chunk.name] = bool(pages % 2) and not last
        matter = FRONT if chunk.matter == FRONT else BODY
        first = first_pages[chunk.name] = next_page[matter]
        label = lower_roman if matter == FRONT else str
        for anchor, page in anchors.get(chunk.name, {}).items():
            labels[anchor] = label(first + page)
        next_page[matter] += pages + blank_after[chunk.name]
    return Numbering(first_pages, labels, blank_after, next_page[FRONT] - 1)


def numbering_of(chunks: list[Chunk], laid: list[Laid]) -> Numbering:
    """The numbering of chunks laid out (a chunk missing from ``laid`` counts one page)."""
    lengths = {item.chunk.name: item.result.pages for item in laid}
    return number(chunks, lengths, {item.chunk.name: item.result.anchors for item in laid})


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def lower_roman(number: int) -> str:
    """CSS's ``lower-roman``, as WeasyPrint prints a front-matter page number.

    Written here, not taken from WeasyPrint: this process plans the layout
    without importing WeasyPrint (a second). Outside 1–3999, CSS falls back to
    decimal.
    """
    if not 1 <= number <= 3999:
        return str(number)
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def estimate(chunks: list[Chunk], lengths: dict[str, int], anchors: dict[str, dict[str, int]]):
    """``lengths`` and ``anchors`` completed with guesses for chunks never laid out.

    A cold build's measuring pass prints these numbers: guessed from the size
    of the markup, they mostly have the right number of digits, so a chunk
    measures about as long as it will print and the rounds that follow have
    little left to correct (a third round of a few chunks, without them).
    """
    lengths, anchors = dict(lengths), dict(anchors)
    for chunk in chunks:
        if chunk.name not in lengths:
            lengths[chunk.name] = max(1, round(len(chunk.markup) / MARKUP_PER_PAGE))
            anchors[chunk.name] = dict.fromkeys(chunk.anchors, 0)
    return lengths, anchors


class Paginator:
    """Runs the rounds of layout; keeps the layouts between builds in ``cache_dir``."""

    def __init__(
        self, chunks: list[Chunk], settings: Settings, workers: Workers | None = None
    ) -> None:
        """``workers``: processes already started (see ``workers_to_start_early``), or None."""
        self.chunks = chunks
        self.settings = settings
        self.cache_dir = settings.cache_dir
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.environment = self._environment_key()
        self._resource_hashes: dict[Path, str] = {}
        self._resource_keys: dict[str, str] = {}  # by chunk: its images do not change
        self._service: Workers | InProcess | None = workers
        # Chunks laid out by the measuring pass and kept: (worker, labels printed).
        self._kept: dict[str, tuple[int, dict[str, str]]] = {}
        self._owner = {anchor: chunk.name for chunk in chunks for anchor in chunk.anchors}
        self._matter = {chunk.name: chunk.matter for chunk in chunks}
        self._front = {chunk.name for chunk in chunks if chunk.matter == FRONT}
        self._position = {chunk.name: index for index, chunk in enumerate(chunks)}
        # The contents left to the workers by run(leave_contents=True), and the rest.
        self._late: Chunk | None = None
        self._late_job: LayoutJob | None = None
        self._laid: list[Laid] = []
        self._told_unchanged = False
        self._named = {chunk.name: chunk for chunk in chunks}
        self._shapes = self._kept_shapes()
        self._reprinted: list[str] = []

    def run(self, leave_contents: bool = False) -> tuple[list[Laid], Numbering, Chunk | None]:
        """Lay the book out; the chunks laid out, in order, and their numbering.

        ``leave_contents``: when the contents must be laid out again and no
        other chunk prints their page numbers, the workers lay them out after
        this returns, while the caller goes on; the chunk left is returned
        (the laid-out chunks lack it) and :meth:`finish_contents` waits for it.
        """
        lengths, anchors = self._previous_measures()
        late = self._contents_to_leave() if leave_contents else None
        self._late = late
        try:
            unmeasured = [chunk for chunk in self.chunks
                          if chunk.name not in lengths and chunk is not late]  # fmt: skip
            if unmeasured:
                self.settings.progress(
                    f"Dàn trang {len(unmeasured)} phần của sách (lần dựng đầu tiên: đo rồi ghi)"
                )
                self._measure_and_finish(unmeasured, lengths, anchors)
            laid, numbering = self._rounds(lengths, anchors, late)
            if late is not None:
                job = self._job(late, numbering)
                if not self._cached(job) and isinstance(self._service, Workers):
                    self._late_job = job
                    self._service.submit(Task(WRITE, job))
                else:  # kept from the last build, or no process to leave it to
                    if not self._cached(job):
                        for _, result in self._lay_out([Task(WRITE, job)]):
                            self._store(job, result)
                    laid.insert(self._position[late.name], Laid(late, job.output, self._load(job)))
                    numbering = numbering_of(self.chunks, laid)
                    late = self._late = None
        except BaseException:  # failed or interrupted: the workers stop now, mid-chunk
            if self._service is not None:
                getattr(self._service, "terminate", self._service.close)()
                self._service = None
            raise
        finally:  # the workers go, unless they were left the contents
            if self._late_job is None and self._service is not None:
                self._service.close()
        self._say_reprinted()
        if late is None:
            self._save_measures(laid)
        self._laid = laid
        self._prune({item.pdf for item in laid} | ({self._late_job.output} if late else set()))
        return laid, numbering, late

    def _rounds(
        self, lengths: dict[str, int], anchors: dict[str, dict[str, int]], late: Chunk | None
    ) -> tuple[list[Laid], Numbering]:
        """Lay out what the numbers call for until they stop changing (``late`` left out)."""
        left = {late.name} if late is not None else set()
        kept_lengths = {name: lengths[name] for name in left if name in lengths}
        kept_anchors = {name: anchors[name] for name in left if name in anchors}
        for _ in range(MAX_ROUNDS):
            numbering = number(self.chunks, lengths, anchors)
            jobs = {chunk.name: self._job(chunk, numbering)
                    for chunk in self.chunks if chunk.name not in left}  # fmt: skip
            todo = [self._task(chunk, jobs[chunk.name], numbering)
                    for chunk in self.chunks
                    if chunk.name in jobs and not self._cached(jobs[chunk.name])]  # fmt: skip
            self._say_reprinted()
            if todo and self.settings.first_unchanged and not self._told_unchanged:
                self._tell_first_unchanged(jobs, {task.job.name for task in todo}, numbering)
            if todo:
                self.settings.progress(f"Dàn trang {len(todo)}/{len(jobs)} phần của sách")
                for _, result in self._lay_out(todo):
                    self._store(jobs[result.name], result)
            laid = [Laid(chunk, jobs[chunk.name].output, self._load(jobs[chunk.name]))
                    for chunk in self.chunks if chunk.name in jobs]  # fmt: skip
            # The chunk left keeps the figures it was numbered with: nothing else prints them.
            lengths = {item.chunk.name: item.result.pages for item in laid} | kept_lengths
            anchors = {item.chunk.name: item.result.anchors for item in laid} | kept_anchors
            if number(self.chunks, lengths, anchors) == numbering:
                return laid, numbering
        self.settings.progress(
            NOTICE + "số trang chưa ổn định sau nhiều lần dàn trang; "
            "một vài số trang trong tham chiếu có thể lệch."
        )
        return laid, numbering

    def _tell_first_unchanged(
        self, jobs: dict[str, LayoutJob], todo: set[str], numbering: Numbering
    ) -> None:
        unchanged = []
        for chunk in self.chunks:
            # The contents, if left out of the rounds, count when kept from the last build.
            job = jobs.get(chunk.name) or self._job(chunk, numbering)
            if chunk.name in todo or not self._cached(job):
                break
            unchanged.append(Laid(chunk, job.output, self._load(job)))
        if len(unchanged) > 1:
            self.settings.first_unchanged(unchanged, numbering)
        self._told_unchanged = True  # once: later rounds come too late to help

    def _contents_to_leave(self) -> Chunk | None:
        """The contents, if processes lay them out and no other chunk prints their numbers."""
        contents = next((chunk for chunk in self.chunks if chunk.name == CONTENTS), None)
        if contents is None or layout_workers(self.settings.workers) < 2:
            return None
        if any(CONTENTS in self._needs(chunk) for chunk in self.chunks if chunk is not contents):
            return None
        return contents

    def finish_contents(self) -> Laid:
        """Wait for the contents :meth:`run` left to the workers; their layout, kept."""
        job = self._late_job
        try:
            _, _, result = next(self._service.results())
        finally:
            self._service.close()
        if result.error:
            raise ChunkError(result.error)
        self._store(job, result)
        self._save_shapes()
        contents = Laid(self._late, job.output, result)
        self._save_measures([*self._laid, contents])
        return contents

    def abandon_contents(self) -> None:
        """The build failed: stop laying out the contents."""
        if self._late is not None and self._service is not None:
            self._service.terminate()

    def _task(self, chunk: Chunk, job: LayoutJob, numbering: Numbering) -> Task:
        """Finish the chunk a worker keeps from the measuring pass, or lay it out."""
        worker, guessed = self._kept.pop(chunk.name, (None, {}))
        labels = {anchor: numbering.labels[anchor]
                  for anchor in chunk.refers_to if anchor in numbering.labels}  # fmt: skip
        # Renumbering replaces guessed numbers; a number the guess left out would be missing.
        if worker is None or not labels.keys() <= guessed.keys():
            return Task(WRITE, job)
        return Task(FINISH, job, labels, worker)

    def _measure_and_finish(
        self, unmeasured: list[Chunk], lengths: dict, anchors: dict[str, dict[str, int]]
    ) -> None:
        """The cold build's first pass: measure every chunk, and write each one as soon as
        its numbers are known (those of what precedes it and of what it refers to).

        Chunks are measured in book order, so that the numbers of most are known
        early; the workers then let go of their layouts instead of holding the
        whole book until the end.
        """
        guess = number(self.chunks, *estimate(self.chunks, lengths, anchors))
        service = self._service_for(len(unmeasured))
        waiting = {chunk.name: self._needs(chunk)
                   for chunk in self.chunks if chunk is not self._late}  # fmt: skip
        # Front matter that prints numbers of the body (the contents) is laid out
        # once, when they are known, unless a chapter prints one of its numbers.
        later = {
            chunk.name
            for chunk in unmeasured
            if chunk.matter == FRONT and waiting[chunk.name] - {chunk.name} - self._front
        } - set().union(*(needs for name, needs in waiting.items() if name not in self._front))
        for name in later:
            waiting[name].discard(name)
        for chunk in unmeasured:
            if chunk.name not in later:
                service.submit(Task(MEASURE, self._job(chunk, guess, measure_only=True)))
        measured = set(lengths)
        for worker, task, result in self._results(service, 2 * len(unmeasured) - len(later)):
            lengths[result.name], anchors[result.name] = result.pages, result.anchors
            if task.kind != MEASURE:
                self._store(task.job, result)
                continue
            measured.add(result.name)
            self._kept[result.name] = (worker, guess.labels)
            ready = [name for name, needs in waiting.items() if needs <= measured]
            if not ready:
                continue
            numbering = number(self.chunks, *estimate(self.chunks, lengths, anchors))
            # Each put before those waiting: submitted last to first, they run in book
            # order, the front matter (the longest, once all is measured) first.
            for chunk in reversed(self.chunks):
                if chunk.name in ready:
                    del waiting[chunk.name]
                    job = self._job(chunk, numbering)
                    if self._cached(job):
                        self._kept.pop(chunk.name, None)
                    else:
                        service.submit(self._task(chunk, job, numbering), first=True)

    def _needs(self, chunk: Chunk) -> set[str]:
        """The chunks whose lengths fix the numbers ``chunk`` prints: its first folio's and
        those of the anchors it refers to, each counted from the start of its matter."""
        owners = {self._owner[anchor] for anchor in chunk.refers_to if anchor in self._owner}
        needs = owners | {chunk.name}
        for name in list(needs):
            front = self._matter[name] == FRONT
            needs.update(item.name for item in self.chunks[: self._position[name]]
                         if (item.matter == FRONT) == front)  # fmt: skip
        return needs

    # --- jobs and the pool -------------------------------------------------

    def _job(self, chunk: Chunk, numbering: Numbering, measure_only: bool = False) -> LayoutJob:
        markup = chunk.filled(numbering.labels)
        first_page = numbering.first_pages[chunk.name]
        key = _key(self.environment, self._resources_key(chunk), str(first_page), markup)
        return LayoutJob(
            name=chunk.name,
            markup=markup,
            first_page=first_page,
            stylesheet=self.settings.stylesheet,
            base_dir=self.settings.base_dir,
            allowed_roots=self.settings.allowed_roots,
            variant=self.settings.variant,
            identifier=self.settings.identifier,
            output=None if measure_only else self.cache_dir / f"{key}.pdf",
        )

    def _shape(self, job: LayoutJob) -> str:
        """The job's key with the numbers' digits aside: the same layout, other numbers."""
        masked = _FILLED_NUMBER.sub(lambda number: "0" * len(number[0]), job.markup)
        resources = self._resources_key(self._named[job.name])
        return _key(self.environment, resources, str(len(str(job.first_page))), masked)

    def _lay_out(self, tasks: list[Task]) -> Iterator[tuple[int, LayoutResult]]:
        # The longest first, so that no worker is left with a long chunk at the end.
        tasks = sorted(tasks, key=lambda task: len(task.job.markup), reverse=True)
        service = self._service_for(len(tasks))
        for task in tasks:
            service.submit(task)
        for worker, _, result in self._results(service, len(tasks)):
            yield worker, result

    def _results(self, service, expected: int) -> Iterator[tuple[int, Task, LayoutResult]]:
        for done, (worker, task, result) in enumerate(service.results(), 1):
            if result.error:
                raise ChunkError(result.error)
            if done % 10 == 0 or done == expected:
                self.settings.progress(f"  … {done}/{expected}")
            yield worker, task, result

    def _service_for(self, count: int) -> Workers | InProcess:
        """Processes when there is enough to do, unless chunks are kept in this one."""
        workers = layout_workers(self.settings.workers)
        worth_processes = workers > 1 and count >= MIN_JOBS_FOR_POOL
        if isinstance(self._service, Workers):
            if worth_processes:
                self._service.grow(min(workers, count))
            return self._service
        if self._service is None or (
            worth_processes and isinstance(self._service, InProcess) and not self._service.kept
        ):
            if self._service is not None:
                self._service.close()
            self._service = Workers(min(workers, count)) if worth_processes else InProcess()
        return self._service

    # --- the cache ---------------------------------------------------------

    def _environment_key(self) -> str:
        """Everything outside a chunk's markup that its layout depends on."""
        digest = hashlib.sha256()
        for part in (engine.fingerprint(), self.settings.variant, self.settings.identifier):
            digest.update(part.encode() + b"\0")
        stylesheet = self.settings.stylesheet
        digest.update(stylesheet.read_bytes())
        digest.update((stylesheet.parent / FONTS_CONF).read_bytes())
        for font in sorted((stylesheet.parent / "fonts").glob("*.ttf")):
            digest.update(font.name.encode() + font.read_bytes())
        return digest.hexdigest()

    def _resources_key(self, chunk: Chunk) -> str:
        """The images a chunk shows, by content: a replaced image is a changed chunk."""
        # Once per chunk, not per job: page numbers filled in add no image, and
        # the search went through the whole book's markup twice per build.
        if chunk.name in self._resource_keys:
            return self._resource_keys[chunk.name]
        digest = hashlib.sha256()
        for reference in sorted(set(_RESOURCE.findall(chunk.markup))):
            path = (self.settings.base_dir / reference.split("#")[0]).resolve()
            if path not in self._resource_hashes:
                exists = path.is_file()
                data = path.read_bytes() if exists else b""
                self._resource_hashes[path] = hashlib.sha256(data).hexdigest()
            digest.update(reference.encode() + self._resource_hashes[path].encode())
        self._resource_keys[chunk.name] = digest.hexdigest()
        return self._resource_keys[chunk.name]

    def _cached(self, job: LayoutJob) -> bool:
        """Its layout is kept, or one of the same shape that can print its numbers."""
        if _kept(job.output):
            return True
        if job.output is None:
            return False
        source = self.cache_dir / f"{self._shapes.get(self._shape(job), '')}.pdf"
        if source == job.output or not _kept(source):
            return False
        kept = self._load_from(source)
        labels = {unescape(anchor): label for anchor, label in _FILLED.findall(job.markup)}
        changes = new_numbers(kept.numbers, job.first_page, labels)
        if changes is None:
            return False
        try:
            result = reprint(source, job.output, kept, job.first_page, changes)
        except (NotReprintable, OSError):
            return False  # laid out again instead
        self._store(job, result)
        self._reprinted.append(job.name)
        return True

    def _say_reprinted(self) -> None:
        if self._reprinted:
            self.settings.progress(
                f"In lại số trang vào {len(self._reprinted)} phần đã dàn (bố cục không đổi)"
            )
            self._reprinted.clear()

    def _store(self, job: LayoutJob, result: LayoutResult) -> None:
        job.output.with_suffix(".json").write_text(
            json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8"
        )
        if result.numbers.get("sites") is not None:
            self._shapes[self._shape(job)] = job.output.stem

    def _kept_shapes(self) -> dict[str, str]:
        try:
            return json.loads((self.cache_dir / SHAPES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _load(self, job: LayoutJob) -> LayoutResult:
        return self._load_from(job.output)

    def _load_from(self, pdf: Path) -> LayoutResult:
        data = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        data["overflows"] = [Overflow(**overflow) for overflow in data["overflows"]]
        data["bookmarks"] = [tuple(bookmark) for bookmark in data["bookmarks"]]
        return LayoutResult(**data)

    def _previous_measures(self) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        path = self.cache_dir / "measures.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, {}
        names = {chunk.name for chunk in self.chunks}
        lengths = {name: entry["pages"] for name, entry in data.items() if name in names}
        anchors = {name: entry["anchors"] for name, entry in data.items() if name in names}
        return lengths, anchors

    def _save_measures(self, laid: list[Laid]) -> None:
        measures = {
            item.chunk.name: {"pages": item.result.pages, "anchors": item.result.anchors}
            for item in laid
        }
        (self.cache_dir / "measures.json").write_text(
            json.dumps(measures, ensure_ascii=False), encoding="utf-8"
        )

    def _prune(self, used: set[Path]) -> None:
        """Forget layouts no chunk has any more (old versions of edited chapters)."""
        for pdf in self.cache_dir.glob("*.pdf"):
            if pdf not in used:
                pdf.unlink(missing_ok=True)
                pdf.with_suffix(".json").unlink(missing_ok=True)
        used_stems = {pdf.stem for pdf in used}
        self._shapes = {shape: stem for shape, stem in self._shapes.items() if stem in used_stems}
        self._save_shapes()

    def _save_shapes(self) -> None:
        (self.cache_dir / SHAPES).write_text(json.dumps(self._shapes, sort_keys=True), "utf-8")


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _kept(pdf: Path | None) -> bool:
    """A layout is kept at ``pdf``, with its record."""
    return pdf is not None and _whole_pdf(pdf) and pdf.with_suffix(".json").exists()


def _whole_pdf(path: Path) -> bool:
    """The file is there and ends as a PDF ends: a cut-off copy is laid out again."""
    try:
        with path.open("rb") as pdf:
            head = pdf.read(5)
            pdf.seek(max(0, path.stat().st_size - 32))
            tail = pdf.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


class ChunkError(Exception):
    """A chunk could not be laid out for a reason of the book (a resource refused)."""
