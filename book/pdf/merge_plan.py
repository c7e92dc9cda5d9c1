"""The last merge's parts, kept so that a rebuild can begin its merge while Sphinx reads.

After an edit, the merge was the longest step left once the edited chapter was
laid out, and it could begin only when the layout's rounds knew which chunks
had not changed. The chunks before the first chapter Sphinx reads again most
likely have not: their parts, as the last merge joined them, are joined at
once (:func:`book.pdf.merge.begin`), and those after it opened. When the
rounds know, the book begun is taken further if its parts are the same, or
thrown away: a guess that turns out wrong costs time, never the result.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict
from pathlib import Path

from book.pdf.merge import MergePart

PLAN = "merge-plan.json"


def save_plan(path: Path, names: list[str], parts: list[MergePart]) -> None:
    """Keep the parts of the merge started, each with the name of its chunk."""
    plan = [
        {"name": name, **asdict(part), "path": str(part.path)}
        for name, part in zip(names, parts, strict=True)
    ]
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")


def parts_around(
    path: Path, read_again: Collection[str]
) -> tuple[list[MergePart], list[MergePart]]:
    """The last merge's parts before the first chunk of a document read again, and those
    after it that were not read again.

    Both empty when nothing was read again (nothing to go before) or when a
    document read again is not a chunk of its own: the root and the front
    chapters belong to the front chunk, the first part of all.
    """
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
        names = [entry["name"] for entry in plan]
        if not read_again or not set(read_again) <= set(names):
            return [], []
        first = min(names.index(name) for name in read_again)
        parts = [
            MergePart(
                Path(entry["path"]),
                [tuple(bookmark) for bookmark in entry["bookmarks"]],
                entry["blank_after"],
            )
            for entry in plan
        ]
    except (OSError, ValueError, KeyError, TypeError):  # no plan, or not one the press wrote
        return [], []
    after = [part for name, part in zip(names, parts, strict=True) if name not in read_again]
    return parts[:first], after[first:]
