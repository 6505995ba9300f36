"""Accessibility repairs to the HTML that Sphinx writes, for what axe-core reports as serious."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Sphinx writes toctree captions as <p role="heading"> without the aria-level that role requires,
# so screen readers cannot place them in the outline. Level 2: below the page's title.
CAPTION_HEADING = re.compile(r'(<p class="caption"[^>]*? role="heading")(?![^>]*aria-level)')


def label_caption_headings(html: str) -> str:
    return CAPTION_HEADING.sub(r'\1 aria-level="2"', html)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: repair the page's body and the navigation the theme renders from ``toctree()``."""
    if isinstance(context.get("body"), str):
        context["body"] = label_caption_headings(context["body"])
    render_toctree = context.get("toctree")
    if callable(render_toctree):

        def toctree(**kwargs: Any) -> str:
            return label_caption_headings(render_toctree(**kwargs))

        context["toctree"] = toctree
