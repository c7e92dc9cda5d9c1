"""The programme register: programmes, projects and plans held once, as data.

Editors write a ``{programme}`` card where a programme is discussed (see
:mod:`book.programmes.directive` for its fields). From the cards the press
makes, in every edition: links from every mention of a registered symbol,
the consolidated register and its indexes (``{programme-register}``,
``{programme-index} agency``, ``{programme-index} resolution``), a timeline
(``{programme-timeline}``), and on the website the register as JSON and CSV.

Resolutions a programme implements (``:thuc-hien:``) are either cards of kind
“nghị quyết” or declared in ``conf.py``::

    book_resolutions = {"NQ-ĐH-XIII": "Nghị quyết Đại hội XIII của Đảng"}
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from book.programmes import collector, export, register, timeline
from book.programmes.directive import ProgrammeDirective
from book.programmes.mentions import LinkMentions
from book.programmes.mentions import unregistered_mentions as unregistered_mentions
from book.programmes.placeholder import programme_placeholder

STATIC_DIR = Path(__file__).parent / "static"


def _add_static(app: Sphinx, config: Config) -> None:
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup(app: Sphinx) -> None:
    app.add_config_value("book_resolutions", {}, "env", types=frozenset({dict}))
    app.add_node(programme_placeholder)
    app.add_directive("programme", ProgrammeDirective)
    app.add_directive("programme-register", register.RegisterDirective)
    app.add_directive("programme-index", register.IndexDirective)
    app.add_directive("programme-timeline", timeline.TimelineDirective)
    app.add_env_collector(collector.ProgrammeCollector)
    app.connect("builder-inited", collector.remember_builder)
    app.connect("env-check-consistency", collector.check_register)
    app.connect("env-updated", collector.documents_to_write)
    app.connect("build-finished", collector.remember_links)
    app.add_post_transform(register.FillBackMatter)
    app.add_post_transform(timeline.DrawTimeline)
    app.add_post_transform(LinkMentions)
    app.connect("config-inited", _add_static)
    app.add_css_file("programmes.css")
    app.connect("build-finished", export.export)
