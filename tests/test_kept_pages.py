"""What editions keep of each page between builds: only what was made from the same inputs."""

from __future__ import annotations

import json
from pathlib import Path

from book.kept_pages import KeptPages
from book.pages import Page

PAGE = Page("mot", "Một", "<p>Đoạn văn.</p>", None)


def build(path: Path, wanted: list[str], *, variants: int = 1) -> dict[str, bool]:
    """One build asking for the page made with each input of ``wanted``: found or made."""
    kept = KeptPages(path, {"language": "vi"}, variants=variants)
    found = {}
    for inputs in wanted:
        found[inputs] = kept.get(PAGE, inputs) is not None
        if not found[inputs]:
            kept.put(PAGE, {"made-with": inputs}, inputs)
    kept.save()
    return found


def test_a_page_is_kept_under_all_it_was_made_from(tmp_path: Path):
    path = tmp_path / "kept.json"
    assert build(path, ["a"]) == {"a": False}
    assert build(path, ["a"]) == {"a": True}
    kept = KeptPages(path, {"language": "vi"})
    assert kept.get(PAGE, "a") == {"made-with": "a"}
    assert kept.get(Page("mot", "Một", "<p>Đoạn khác.</p>", None), "a") is None
    assert kept.get(Page("mot", "Một khác", "<p>Đoạn văn.</p>", None), "a") is None
    assert kept.get(PAGE, "b") is None
    assert KeptPages(path, {"language": "en"}).get(PAGE, "a") is None


def test_a_build_keeps_its_own_pages_only(tmp_path: Path):
    path = tmp_path / "kept.json"
    build(path, ["a"])
    KeptPages(path, {"language": "vi"}).save()  # a build without the page
    assert build(path, ["a"]) == {"a": False}


def test_variants_are_kept_newest_first(tmp_path: Path):
    path = tmp_path / "kept.json"
    build(path, ["a"], variants=2)
    build(path, ["b"], variants=2)  # the page made otherwise: "a" stays beside it
    assert build(path, ["a", "b"], variants=2) == {"a": True, "b": True}
    build(path, ["c"], variants=2)  # a third: the oldest used goes
    assert build(path, ["c"], variants=2) == {"c": True}
    assert build(path, ["b"], variants=2) == {"b": True}
    assert build(path, ["a"], variants=2) == {"a": False}
    assert build(path, ["a"], variants=1) == {"a": True}
    assert build(path, ["b"], variants=1) == {"b": False}


def test_a_damaged_file_keeps_nothing(tmp_path: Path):
    path = tmp_path / "kept.json"
    build(path, ["a"])
    data = json.loads(path.read_text(encoding="utf-8"))
    for damaged in ({"mot": {"key": "x"}}, {"mot": [1, None, "x"]}, {"mot": [{"key": 1}]}, []):
        path.write_text(json.dumps({**data, "pages": damaged}), encoding="utf-8")
        assert build(path, ["a"]) == {"a": False}
    path.write_text("{không phải JSON", encoding="utf-8")
    assert build(path, ["a"]) == {"a": False}
