"""The contents laid out while the other editions are built; the merge once they are done.

The contents print the page of every heading, so they are the last chunk
whose numbers are known, and the longest (a 500-page book has some twenty
pages of them). Nothing but the merge waits for them: the body counts its
pages from 1, and the ebook's page list has none of theirs. So the print
edition's build hands them to a layout worker and returns; a thread waits for
them, reports what their layout found, and starts the merge.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from book.pdf.paginate import ChunkError

if TYPE_CHECKING:
    from book.pdf.merge import MergeProcess, PendingMerge
    from book.pdf.paginate import Laid, Paginator


class LateProblems(Exception):
    """What the contents' layout found wrong, found after the print edition's build."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ContentsThenMerge:
    """The print edition's merge, started once the contents are laid out.

    Has the interface of :class:`book.pdf.merge.PendingMerge`: ``wait()``
    gives the book's page count or raises (:class:`LateProblems` for the
    book's problems), ``abandon()`` stops everything.
    """

    def __init__(
        self,
        paginator: Paginator,
        merger: MergeProcess,
        check: Callable[[Laid], list[str]],
        merge: Callable[[Laid], PendingMerge],
    ) -> None:
        """``merge`` starts the merge in ``merger``, which is closed if it never does."""
        self._paginator, self._merger, self._check, self._merge = paginator, merger, check, merge
        self._merging: PendingMerge | None = None
        self._error: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="contents", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            try:
                contents = self._paginator.finish_contents()
            except ChunkError as refused:  # a resource of the book refused
                raise LateProblems([str(refused)]) from None
            problems = self._check(contents)
            if problems:
                raise LateProblems(problems)
            if not self._abandoned:
                self._merging = self._merge(contents)
        except BaseException as error:  # given to the build's thread by wait()
            self._error = error
        if self._merging is None:
            self._merger.close()

    def wait(self) -> int:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._merging.wait()

    def abandon(self) -> None:
        self._abandoned = True
        self._paginator.abandon_contents()
        self._thread.join()  # it closes the merger if the merge never started
        if self._merging is not None:
            self._merging.abandon()
