"""Joining the chunks' PDFs into the book, as if WeasyPrint had laid it out in one piece.

A plain page merge keeps the pages and loses the rest. This one keeps what a
reader and a checker look for: the structure tree of the tagged PDF (each
chunk's tags under the book's one ``Document``, the parent tree renumbered),
named destinations, links between chunks (their placeholder addresses turned
into links to the named destinations), one outline nested by heading level
across chunks, page labels (roman for the front matter, arabic from the first
chapter), and the front chunk's catalog: language, metadata, output intent.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import warnings
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf, String

from book.helper_process import as_helper, deaf_to_interrupts
from book.pdf.chunks import ANCHOR_SCHEME
from book.publish import atomic_path

# Keys leading away from a page's own content: its place in the page tree and in
# the structure tree, and destinations (other pages).


@dataclass
class MergePart:
    """One chunk's PDF, where it goes in the book."""

    path: Path
    bookmarks: list[tuple[int, str]]  # (level, label) of its outline entries, in order
    blank_after: bool  # a blank left-hand page follows, so the next chunk opens on the right


class MergeProcess:
    """The process that runs :func:`merge`, started before it is needed.

    The merge holds every chunk's objects: in its own process they never add
    to the Sphinx build's memory, and the press builds the ebook while it
    runs. Started when the chunks' layout starts, the process has imported
    pikepdf by the time the merge is asked of it.
    """

    def __init__(self) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=as_helper
        )
        with deaf_to_interrupts():  # its process starts here
            self._executor.submit(_ready)

    def merge(
        self, parts: list[MergePart], target: Path, *, front_pages: int, date: datetime
    ) -> PendingMerge:
        future = self._executor.submit(merge, parts, target, front_pages=front_pages, date=date)
        return PendingMerge(self._executor, future)

    def begin(self, parts: list[MergePart], later: list[MergePart] = ()) -> None:
        """Join the book's first parts now and open the ``later`` ones (see :func:`begin`);
        a later merge may go on."""
        self._executor.submit(begin, parts, later)

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)


def _ready() -> None:
    """Nothing: importing this module in the new process is the work."""


class PendingMerge:
    """A merge running in its :class:`MergeProcess`."""

    def __init__(self, executor: ProcessPoolExecutor, future: Future) -> None:
        self._executor = executor
        self._future = future

    def wait(self) -> int:
        """The book's page count, once written; the merge's exception if it failed."""
        try:
            return self._future.result()
        finally:
            self._executor.shutdown()

    def abandon(self) -> None:
        """The build failed: the merged PDF will not be published; let its process end."""
        self._future.cancel()
        self._executor.shutdown(cancel_futures=True)


@dataclass
class _Begun:
    """A book whose first parts are joined, kept in the merge's process for :func:`merge`."""

    parts: list[MergePart]
    book: Pdf
    joiner: _Joiner


_begun: _Begun | None = None  # this process's book begun early, see begin()


@dataclass
class _OpenChunk:
    """A chunk opened to be joined, the top elements of its tags detached from its Document."""

    source: Pdf
    detached: list[pikepdf.Object]


_opened: dict[Path, _OpenChunk] = {}  # chunks opened ahead of the merge, see begin()


def begin(parts: list[MergePart], later: list[MergePart] = ()) -> None:
    """Join ``parts`` now, the beginning of a book whose last parts are still being laid out;
    open ``later``, the parts expected after those being laid out, ready to join.

    After an edit the chunks before the edited chapter are usually final
    before its layout is done; :func:`merge` goes on from them if it is given
    the same first parts, and starts again otherwise. A book begun with fewer
    of the same first parts is taken further; one begun otherwise, thrown away.
    The chunks after the edited chapter cannot be joined before it (the book's
    bytes follow the order its objects were made in), but reading them, their
    tags included, takes a third of their joining; the merge takes those of
    its parts that are open, and closes the others.
    """
    global _begun
    if parts:
        book, joiner, done = _take_begun(parts)
        try:
            _join(joiner, book, parts, done)
        except BaseException:
            book.close()  # half joined: of no use to the merge
            raise
        _begun = _Begun(parts, book, joiner)
    for part in later:
        if part.path not in _opened:
            _opened[part.path] = _open_chunk(part.path)


def _open_chunk(path: Path) -> _OpenChunk:
    source = Pdf.open(path)
    return _OpenChunk(source, _detach_tags(source))


def _close_opened() -> None:
    while _opened:
        _opened.popitem()[1].source.close()


def _take_begun(parts: list[MergePart]) -> tuple[Pdf, _Joiner, int]:
    """The book begun, if its parts are the first of ``parts``, else a new one; and how
    many parts it holds. The book begun is taken over or thrown away either way."""
    global _begun
    begun, _begun = _begun, None
    if begun is not None and parts[: len(begun.parts)] == begun.parts:
        return begun.book, begun.joiner, len(begun.parts)
    if begun is not None:
        begun.book.close()
    book = Pdf.open(parts[0].path)
    return book, _Joiner(book), 0


def _join(joiner: _Joiner, book: Pdf, parts: list[MergePart], first: int = 0) -> None:
    for index, part in enumerate(parts[first:], first):
        if index == 0:
            joiner.add_outline(book, part.bookmarks)
            joiner.collect_names(book)
        else:
            # Each chunk is closed once its pages are in: the book no longer reads
            # from it, and its objects leave memory.
            chunk = _opened.pop(part.path, None) or _open_chunk(part.path)
            with chunk.source:
                joiner.append(chunk, part.bookmarks)
        if part.blank_after:
            joiner.add_blank_page()


def merge(parts: list[MergePart], target: Path, *, front_pages: int, date: datetime) -> int:
    """Write the book to ``target`` (atomically); return its page count.

    The first part is the front matter; ``front_pages`` pages (blank included)
    are numbered in roman, the rest from 1. ``date`` is the edition's date, in
    the document information and the XMP metadata alike.
    """
    book, joiner, done = _take_begun(parts)
    try:
        _join(joiner, book, parts, done)
        joiner.finish(front_pages)
        with book.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata["xmp:CreateDate"] = metadata["xmp:ModifyDate"] = date.isoformat()
        with atomic_path(target) as temporary:
            book.save(
                temporary,
                deterministic_id=True,
                compress_streams=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
            )
        return len(book.pages)
    finally:
        book.close()
        _close_opened()


class _Joiner:
    def __init__(self, book: Pdf) -> None:
        self.book = book
        tree = book.Root.get("/StructTreeRoot")
        self.document = tree.K[0] if tree is not None else None
        self.nums: list = list(tree.ParentTree.Nums) if tree is not None else []
        self.next_key = max((int(key) for key in self.nums[::2]), default=-1) + 1
        self.names: dict[bytes, pikepdf.Object] = {}
        self.fonts: dict[tuple, pikepdf.Object] = {}  # see _font_key
        self.new_fonts: list[tuple[pikepdf.Object, tuple]] = []
        for resources in resource_dictionaries(book):
            for font in (resources.get("/Font") or {}).values():
                key = _font_key(font)
                if key is not None:
                    self.fonts.setdefault(key, font)
        self.outline: list[tuple[int, str, pikepdf.Object]] = []
        for page in book.pages:
            for annotation in page.obj.get("/Annots", ()):
                _resolve_link(annotation)

    def append(self, chunk: _OpenChunk, bookmarks: list[tuple[int, str]]) -> None:
        source = chunk.source
        first = len(self.book.pages)
        first_number = self._next_number()
        shared_fonts = self._leave_known_fonts_behind(source)
        with warnings.catch_warnings():
            # pikepdf warns that names and outlines stay behind: this class carries them.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            self.book.pages.extend(source.pages)
        for font, key in self.new_fonts:
            self.fonts.setdefault(key, self.book.copy_foreign(font))
        self.new_fonts.clear()
        for resources, name, key in shared_fonts:
            self.book.copy_foreign(resources).Font[name] = self.fonts[key]
        keys = self._append_tags(chunk)
        for page in self.book.pages[first:]:
            page_object = page.obj
            if "/StructParents" in page_object:
                page_object.StructParents = keys[int(page_object.StructParents)]
            for annotation in page_object.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = keys[int(annotation.StructParent)]
                _resolve_link(annotation)
        self.collect_names(source)
        self.add_outline(source, bookmarks)
        self._settle_streams(range(first_number, self._next_number()))

    def _next_number(self) -> int:
        """The number the book's next object gets: qpdf numbers them in the order made.

        Found by making an object no page refers to, which the book never writes.
        """
        return self.book.make_indirect(Dictionary()).objgen[0] + 1

    def _settle_streams(self, numbers: range) -> None:
        """Hold in the book the data of the streams a chunk brought (objects ``numbers``).

        qpdf copies a stream's data only when the book is written, reading it
        from the chunk, which must stay open until then: every chunk's objects
        would stay in memory to the end. Read now (still compressed), the data
        belongs to the book and the chunk can be closed. The chunk's objects are
        the ones made since it began to be joined; looking them up by number took
        a fifth of the time walking its pages' objects did.
        """
        for number in numbers:
            item = self.book.get_object(number, 0)
            if isinstance(item, pikepdf.Stream):
                item.write(
                    item.read_raw_bytes(),
                    filter=item.get("/Filter"),
                    decode_parms=item.get("/DecodeParms"),
                )

    def _leave_known_fonts_behind(self, source: Pdf) -> list[tuple[pikepdf.Object, Name, tuple]]:
        """Take out of the chunk's resources the fonts the book already has.

        Every chunk embeds the same faces; copying them only to drop them later
        would hold a copy per chunk in memory. Returns (resources, name, font
        key) to put the book's font back in once the pages are copied.
        """
        taken = []
        for resources in resource_dictionaries(source):
            fonts = resources.get("/Font")
            if fonts is None or not resources.is_indirect:
                continue
            for name, font in list(fonts.items()):
                key = _font_key(font)
                if key is None:
                    continue
                if key in self.fonts:
                    del fonts[name]
                    taken.append((resources, Name(name), key))
                else:
                    self.new_fonts.append((font, key))
        return taken

    def _append_tags(self, chunk: _OpenChunk) -> dict[int, int]:
        """The chunk's tags under the book's Document; its parent-tree keys → the book's."""
        source = chunk.source
        tree = source.Root.get("/StructTreeRoot")
        if tree is None or self.document is None:
            return {}
        for kid in tree.K[0].K:
            self.document.K.append(self.book.copy_foreign(kid))
        # Read once as a list: each index into a pikepdf array is a call into qpdf.
        nums = list(tree.ParentTree.Nums)
        keys = {}
        values = self._copy_many(source, nums[1::2])
        for key, value in zip(nums[0::2], values, strict=True):
            keys[int(key)] = self.next_key
            self.nums += [self.next_key, value]
            self.next_key += 1
        for element in chunk.detached:
            self.book.copy_foreign(element).P = self.document
        return keys

    def _copy_many(self, source: Pdf, values: list) -> list:
        """Objects of the chunk (direct or not), copied into the book in one call.

        qpdf copies only indirect objects, so they travel in one indirect
        array; copied one by one, a chunk's parent tree took 400 calls.
        """
        if not values:
            return []
        return list(self.book.copy_foreign(source.make_indirect(Array(values))))

    def collect_names(self, source: Pdf) -> None:
        names = source.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        if dests is None:
            return
        flat = list(dests.Names)
        targets = flat[1::2]
        if source is not self.book:
            targets = self._copy_many(source, targets)
        for name, target in zip(flat[0::2], targets, strict=True):
            self.names[bytes(name)] = target

    def add_outline(self, source: Pdf, bookmarks: list[tuple[int, str]]) -> None:
        destinations = list(_outline_destinations(source))
        if len(destinations) != len(bookmarks):  # never expected; keep the chunk's own titles
            bookmarks = [(1, title) for title, _ in destinations]
        targets = [destination for _, destination in destinations]
        if source is not self.book:
            present = [target for target in targets if target is not None]
            copied = iter(self._copy_many(source, present))
            targets = [None if target is None else next(copied) for target in targets]
        for (level, _), (title, _), target in zip(bookmarks, destinations, targets, strict=True):
            self.outline.append((level, title, target))

    def add_blank_page(self) -> None:
        last = self.book.pages[-1].obj
        box = [float(value) for value in last.MediaBox]
        self.book.add_blank_page(page_size=(box[2] - box[0], box[3] - box[1]))
        blank = self.book.pages[-1].obj
        for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
            if key in last:
                blank[key] = Array([float(value) for value in last[key]])

    def finish(self, front_pages: int) -> None:
        root = self.book.Root
        if "/StructTreeRoot" in root:
            tree = root.StructTreeRoot
            tree.ParentTree = self.book.make_indirect(Dictionary(Nums=Array(self.nums)))
            tree.ParentTreeNextKey = self.next_key
        if self.names:
            if "/Names" not in root:
                root.Names = Dictionary()
            flat = []
            for name in sorted(self.names):  # a name tree is sorted by bytes
                flat += [String(name), self.names[name]]
            root.Names.Dests = Dictionary(Names=Array(flat))
        labels = [0, Dictionary(S=Name.r)] if front_pages else []
        if len(self.book.pages) > front_pages:
            labels += [front_pages, Dictionary(S=Name.D)]
        root.PageLabels = Dictionary(Nums=Array(labels))
        if "/Outlines" in root:
            del root["/Outlines"]
        with self.book.open_outline() as outline:
            outline.root.extend(_nest(self.outline))


def _font_key(font: pikepdf.Object) -> tuple | None:
    """What makes two embedded fonts the same font, or None for a font not to touch.

    The chunks embed the book's subsets whole (see :mod:`book.pdf.render`), so
    a face's dictionary, widths and Unicode map are the same in every chunk.
    """
    try:
        descendant = font.DescendantFonts[0]
        program = descendant.FontDescriptor.FontFile2
        return (
            bytes(font.BaseFont.unparse()),
            hashlib.sha256(program.read_raw_bytes()).digest(),
            hashlib.sha256(font.ToUnicode.read_raw_bytes()).digest(),
            hashlib.sha256(descendant.W.unparse(resolved=True)).digest(),
        )
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


def resource_dictionaries(book: Pdf) -> Iterator[pikepdf.Object]:
    """Every page's resources and, within them, those of its forms (SVG figures)."""
    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in book.pages]
    while pending:
        resources = pending.pop()
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            continue
        if resources.is_indirect:
            seen.add(resources.objgen)
        yield resources
        for xobject in (resources.get("/XObject") or {}).values():
            pending.append(xobject.get("/Resources"))


def _detach_tags(source: Pdf) -> list[pikepdf.Object]:
    """Detach from the chunk's Document the elements whose parent it is; return them.

    Copying them with it would drag the chunk's whole tree along; they are
    attached to the book's Document once copied. WeasyPrint lists some of them
    (those of the running heads) in no Document's kids: they are found from the
    marked content up, through the parent tree.
    """
    tree = source.Root.get("/StructTreeRoot")
    if tree is None:
        return []
    chunk_document = tree.K[0]
    nums = tree.ParentTree.Nums
    children = [*chunk_document.K]
    for index in range(1, len(nums), 2):
        value = nums[index]
        children.extend(list(value) if isinstance(value, Array) else [value])
    detached = {}
    tops: dict[tuple[int, int], pikepdf.Object | None] = {}
    for element in children:
        top = _child_of(element, chunk_document, tops)
        if top is not None and top.objgen not in detached:
            detached[top.objgen] = top
    for top in detached.values():
        del top["/P"]
    return list(detached.values())


def _child_of(
    element: pikepdf.Object, document: pikepdf.Object, tops: dict
) -> pikepdf.Object | None:
    """The ancestor of ``element`` (or itself) whose parent is ``document``.

    ``tops`` remembers the answer for every element passed on the way: the
    elements of a chunk share their ancestors, and each step up costs.
    """
    path: list[tuple[int, int]] = []
    top = None
    while isinstance(element, Dictionary) and element.is_indirect:
        key = element.objgen
        if key in tops:
            top = tops[key]
            break
        if key in path:  # a loop of parents: no way up to the document
            break
        path.append(key)
        parent = element.get("/P")
        if parent is None:
            break
        if parent.objgen == document.objgen:
            top = element
            break
        element = parent
    for key in path:
        tops[key] = top
    return top


def _resolve_link(annotation: pikepdf.Object) -> None:
    """A link to another chunk: its placeholder address becomes a named destination."""
    action = annotation.get("/A")
    if action is None or action.get("/S") != Name.URI:
        return
    uri = str(action.URI)
    if uri.startswith(ANCHOR_SCHEME):
        anchor = uri[len(ANCHOR_SCHEME) :]
        del annotation["/A"]
        annotation.Dest = String(anchor)
        annotation.Contents = String(anchor)


def _outline_destinations(source: Pdf) -> Iterator[tuple[str, pikepdf.Object | None]]:
    """The chunk's outline entries in reading order: title and destination."""
    outlines = source.Root.get("/Outlines")
    item = outlines.get("/First") if outlines is not None else None
    stack = []
    while item is not None:
        yield str(item.Title), item.get("/Dest")
        if "/First" in item:
            stack.append(item.get("/Next"))
            item = item.First
            continue
        item = item.get("/Next")
        while item is None and stack:
            item = stack.pop()


def _nest(entries: list[tuple[int, str, pikepdf.Object | None]]) -> list[OutlineItem]:
    """Outline items nested by level, across chunks (a chapter under its part)."""
    top: list[OutlineItem] = []
    open_items: list[tuple[int, OutlineItem]] = []
    for level, title, destination in entries:
        item = OutlineItem(title)
        if destination is not None:
            item.destination = destination
        while open_items and open_items[-1][0] >= level:
            open_items.pop()
        (open_items[-1][1].children if open_items else top).append(item)
        open_items.append((level, item))
    return top
