"""The line of each cross-reference in a paragraph of several lines, for warnings that point at the link.

MyST gives a role the line its paragraph starts on, so "unknown document" or an unknown ``{topic}``
pointed at the paragraph's first line, not at the link. Each reference's own line is found in the
page's source, where the role is written as ``{name}`content```: in order, from the paragraph's
first line, each written role claimed once. ``make check`` counts the line breaks before a role in
the same paragraph (``scan``), and gives the same lines.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

MYST_ROLE = re.compile(r":(?P<name>[^:`\s]+(?::[^:`\s]+)?):`(?P<content>.*)`\Z", re.DOTALL)
SEARCHED_LINES = 400  # a paragraph longer than this keeps MyST's line for its later links


def give_references_their_lines(doctree: nodes.document, source: str) -> None:
    """Set each MyST cross-reference's line to the line of ``source`` where it is written."""
    lines: list[str] | None = None
    claimed: set[tuple[int, int]] = set()
    for node in doctree.findall(addnodes.pending_xref):
        written = MYST_ROLE.match(node.rawsource or "")
        if written is None or not node.line:
            continue
        if lines is None:
            lines = source.split("\n")
        needle = f"{{{written['name']}}}`{written['content'].split(chr(10))[0]}"
        for index in range(node.line - 1, min(len(lines), node.line - 1 + SEARCHED_LINES)):
            column = lines[index].find(needle)
            while column >= 0 and (index, column) in claimed:
                column = lines[index].find(needle, column + 1)
            if column >= 0:
                claimed.add((index, column))
                node.line = index + 1
                break
