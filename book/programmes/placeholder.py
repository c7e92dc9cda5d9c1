"""The node that marks where generated back matter goes until every chapter is read."""

from __future__ import annotations

from docutils import nodes


class programme_placeholder(nodes.General, nodes.Element):
    """``what`` is "register", "agency", "resolution" or "timeline"."""
