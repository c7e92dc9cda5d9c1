"""The website passes the Nu Html Checker and axe-core; the checkers do catch faults."""

from __future__ import annotations

from pathlib import Path

from book.html.validate import axe_violations, pages, vnu_errors

FAULTY = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Lỗi</title></head>
<body><main><h1 id="a">Trang lỗi</h1><p id="a">Hai phần tử cùng id.</p>
<img src="anh.png"></main></body></html>
"""


def test_published_site_has_no_html_errors(published: dict[str, Path]):
    site = published["html"]
    assert len(pages(site)) >= 13
    assert vnu_errors(site) == []


def test_published_site_has_no_serious_accessibility_violations(published: dict[str, Path]):
    assert axe_violations(published["html"]) == []


def test_checkers_report_faults_with_page_and_line(tmp_path: Path):
    (tmp_path / "loi.html").write_text(FAULTY, encoding="utf-8")
    html_errors = [str(f) for f in vnu_errors(tmp_path)]
    assert any(e.startswith("loi.html:3: vnu: Duplicate ID") for e in html_errors), html_errors
    assert any("alt" in e for e in html_errors), html_errors
    access = [str(f) for f in axe_violations(tmp_path)]
    assert any(e.startswith("loi.html: axe (critical) image-alt") for e in access), access
