"""Numbered references (``{numref}``) resolved without unpickling a chapter for each.

To number a reference, Sphinx's standard domain unpickles the whole doctree
of the chapter it points to, for every reference, only to look at one node:
its class and its ids. Two references per chapter cost 240 doctrees unpickled
in each edition of a 120-chapter book, about 0.6 s of each edition's writing
and three times that in a publish. Here each chapter's targets are taken from
its doctree once per process (a copy of each node without its content; an
edition that follows finds them if the doctree's bytes are unchanged), and
Sphinx's own resolution runs on them, with its own numbers and messages.
"""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment

KEPT_DOCUMENTS = 1024  # targets are a few small nodes per chapter


@dataclass(frozen=True)
class Targets:
    """What Sphinx's numbering looks at in a doctree: ``ids``, each node without its content."""

    ids: dict[str, nodes.Element]


_targets: OrderedDict[bytes, Targets] = OrderedDict()


def _bare(node: nodes.Element) -> nodes.Element:
    """The node with its attributes, detached; a container keeps bare children.

    Sphinx tells a captioned code block (a container) by a literal block among
    its children; nothing else it reads is below the node.
    """
    bare = node.copy()
    if isinstance(node, nodes.container):
        bare.extend(child.copy() for child in node.children if isinstance(child, nodes.Element))
    return bare


def targets_of(env: BuildEnvironment, docname: str) -> Targets:
    """The targets of ``docname`` as its doctree on disk has them."""
    try:
        data = (env.doctreedir / f"{docname}.doctree").read_bytes()
    except OSError:  # only in Sphinx's memory: taken as Sphinx takes it, not kept
        return Targets(BuildEnvironment.get_doctree(env, docname).ids)
    key = hashlib.blake2b(data, digest_size=16).digest()
    found = _targets.get(key)
    if found is None:
        # Sphinx's method, even while the domain below stands in for it.
        doctree = BuildEnvironment.get_doctree(env, docname)
        found = _targets[key] = Targets({id_: _bare(node) for id_, node in doctree.ids.items()})
        if len(_targets) > KEPT_DOCUMENTS:
            _targets.popitem(last=False)
    else:
        _targets.move_to_end(key)
    return found


class BookStandardDomain(StandardDomain):
    """Sphinx's standard domain; its numbered references read the targets kept."""

    def _resolve_numref_xref(self, env: BuildEnvironment, *args, **kwargs):
        # Sphinx reads the target node as env.get_doctree(docname).ids[labelid].
        env.get_doctree = functools.partial(targets_of, env)
        try:
            return super()._resolve_numref_xref(env, *args, **kwargs)
        finally:
            del env.get_doctree


def setup(app: Sphinx) -> dict:
    app.add_domain(BookStandardDomain, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
