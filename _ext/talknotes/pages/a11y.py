"""Accessible markup at its source: a mixin for the HTML translator, whichever one the site uses.

Sphinx writes toctree captions as ``<p role="heading">`` without the ``aria-level`` that role
requires (axe-core: serious), so screen readers cannot place them in the outline. The mixin
writes the level, for captions in page bodies and in every navigation Sphinx renders (the
extension's own navigation writes it too).
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Below the page's title.
CAPTION_LEVEL = "2"


class AccessibleTranslator:
    """Mixed into the builder's HTML translator class (Sphinx's, or a theme's)."""

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            self.body.append(  # type: ignore[attr-defined]
                self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **{"aria-level": CAPTION_LEVEL})  # type: ignore[attr-defined]
            )
            self.body.append('<span class="caption-text">')  # type: ignore[attr-defined]
            self.context.append("</span></p>\n")  # type: ignore[attr-defined]
            return
        super().visit_title(node)  # type: ignore[misc]


def on_builder_inited(app: Sphinx) -> None:
    """Mix the repairs into whatever translator the HTML builder would use, as pydata-sphinx-theme does."""
    builder = app.builder
    if builder.format != "html":
        return
    base: Any = builder.get_translator_class()
    if base is None or issubclass(base, AccessibleTranslator):
        return
    translator = types.new_class(f"Accessible{base.__name__}", (AccessibleTranslator, base))
    app.set_translator(builder.name, translator, override=True)
