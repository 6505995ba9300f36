"""Each page's navigation: a bounded part of the outline, given to the theme as ``toctree()`` and prev/next.

Sphinx renders the whole toctree into every page, so a site of N pages costs N² to write, and a
sidebar listing a thousand events does not help a reader either. The theme reads the navigation
from the page context (``toctree()``, ``prev``, ``next``: what Furo, Alabaster and Sphinx's basic
theme use); the extension puts there the top-level sections with their children and the current
page's ancestors with theirs, each list cut to a window around the current page, in the markup
Sphinx gives toctrees. A site whose whole outline is small gets it whole, as Sphinx renders it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from ..sphinx.build import build_of
from ..sphinx.internals import forget_relations, uses_furo
from ..sphinx.outline import Entry, Group, Outline, current_path, neighbours

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Options:
    """What the theme asked ``toctree()`` for, with Sphinx's defaults."""

    collapse: bool = True
    maxdepth: int = 0
    includehidden: bool = False

    @classmethod
    def from_kwargs(cls, kwargs: dict[str, Any]) -> Options:
        maxdepth = kwargs.get("maxdepth", 0)
        try:
            maxdepth = int(maxdepth) if maxdepth != "" else 0
        except (TypeError, ValueError):
            maxdepth = 0
        return cls(
            collapse=bool(kwargs.get("collapse", True)),
            maxdepth=maxdepth,
            includehidden=bool(kwargs.get("includehidden", False)),
        )


def window(children: list[Entry], focus: int | None, size: int) -> tuple[list[Entry], bool]:
    """At most ``size`` entries around ``focus`` (or the first ones); whether some were left out."""
    if len(children) <= size:
        return children, False
    start = 0 if focus is None else min(max(focus - size // 2, 0), len(children) - size)
    return children[start : start + size], True


@dataclass
class Item:
    """One line of a page's navigation, as the renderer and the fingerprint see it."""

    entry: Entry
    level: int
    current: bool  # the page or one of its ancestors
    here: bool  # the page itself
    children: list[Item] | None  # None: not expanded
    more: tuple[int, str] | None = None  # (count, noun) of a cut list, linking to this entry


def page_items(outline: Outline, pagename: str, options: Options) -> list[tuple[Group, list[Item]]]:
    """What the navigation of ``pagename`` shows: a bounded part of the outline."""
    path = current_path(outline, pagename)
    on_path = {id(entry) for entry in path}
    virtual = [entry for entry in path if entry.position < 0]
    whole = outline.whole and not options.collapse

    def items(entries: list[Entry], level: int, parent: Entry | None) -> tuple[list[Item], tuple[int, str] | None]:
        entries = [e for e in entries if options.includehidden or not e.hidden]
        # A generated page outside the outline shows under its section, as its last entry.
        entries += [v for v in virtual if v.parent is parent]
        focus_entry = next((e for e in entries if id(e) in on_path), None)
        more = None
        if not whole and parent is not None:
            focus = entries.index(focus_entry) if focus_entry is not None else None
            shown, cut = window(entries, focus, outline.window)
            if cut:
                more = (len(entries), parent.noun)
            entries = shown
        return [item(entry, level) for entry in entries], more

    def item(entry: Entry, level: int) -> Item:
        current = id(entry) in on_path
        expand = (whole or current or (level == 1 and not options.collapse)) and (
            options.maxdepth <= 0 or level < options.maxdepth
        )
        children = None
        more = None
        if expand and (entry.children or any(v.parent is entry for v in virtual)):
            children, more = items(entry.children, level + 1, entry)
            if not children:
                children = None
        return Item(entry, level, current, path[-1] is entry if path else False, children, more)

    result = []
    for group in outline.groups:
        if group.hidden and not options.includehidden:
            continue
        shown, _ = items(group.entries, 1, None)
        if shown:
            result.append((group, shown))
    return result


def render_navigation(
    outline: Outline, pagename: str, options: Options, uri: Callable[[str], str], *, furo: bool = False
) -> str:
    """The navigation of ``pagename`` in the markup Sphinx gives its toctrees, which themes style.

    With ``furo``, in the markup Furo makes of it (``furo.navigation.get_navigation_tree``: a
    checkbox and a label to expand each entry with children, ``current-page`` on the deepest
    current entry), so that Furo need not parse and rewrite every page's navigation; a test pins
    the two to each other.
    """
    groups = page_items(outline, pagename, options)
    out: list[str] = []
    checkboxes = 0
    deepest = deepest_current(groups) if furo else None

    def render(items: list[Item], more: tuple[int, str] | None, parent: Entry | None, level: int) -> None:
        nonlocal checkboxes
        current = any(i.current for i in items)
        out.append('<ul class="current">\n' if current else "<ul>\n")
        for i in items:
            classes = f"toctree-l{i.level} current" if i.current else f"toctree-l{i.level}"
            if i.entry.external:
                link = f'<a class="reference external" href="{escape(i.entry.key)}">{i.entry.title}</a>'
            elif i.here:
                link = f'<a aria-current="page" class="current reference internal" href="#">{i.entry.title}</a>'
            else:
                link = f'<a class="reference internal" href="{escape(uri(i.entry.key))}">{i.entry.title}</a>'
            if furo and i.children:
                checkboxes += 1
                classes += " has-children"
                link += furo_toggle(checkboxes, i)
            if i is deepest:
                classes += " current-page"
            out.append(f'<li class="{classes}">{link}')
            if i.children:
                render(i.children, i.more, i.entry, i.level + 1)
            out.append("</li>\n")
        if more is not None and parent is not None:
            count, noun = more
            out.append(
                f'<li class="toctree-l{level} talknotes-nav-more"><a class="reference internal" '
                f'href="{escape(uri(parent.key))}">All {count:,} {noun}</a></li>\n'
            )
        out.append("</ul>\n")

    for group, items in groups:
        if group.caption:
            # aria-level: the heading role needs one, which Sphinx's own captions lack.
            out.append(f'<p aria-level="2" class="caption" role="heading"><span class="caption-text">{group.caption}')
            out.append("</span></p>\n")
        render(items, None, None, 1)
    return "".join(out)


def deepest_current(groups: list[tuple[Group, list[Item]]]) -> Item | None:
    """The last current entry in document order: the page itself, or its deepest ancestor shown."""
    found = None
    for _, items in groups:
        stack = list(reversed(items))
        while stack:
            item = stack.pop()
            if item.current:
                found = item
            stack.extend(reversed(item.children or ()))
    return found


FURO_ICON = '<span class="icon"><svg><use href="#svg-arrow-right"></use></svg></span>'


def furo_toggle(number: int, item: Item) -> str:
    """Furo's checkbox and label that expand an entry's children; open on the current page's path."""
    name = f"toctree-checkbox-{number}"
    label = escape(f"Toggle navigation of {item.entry.text}")
    checked = ' checked=""' if item.current else ""
    return (
        f'<input aria-label="{label}"{checked} class="toctree-checkbox" id="{name}" name="{name}" role="switch" '
        f'type="checkbox"/><label for="{name}">{FURO_ICON}</label>'
    )


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``, before the theme: the page's bounded navigation and its previous and next pages."""
    outline = build_of(app.env).outline
    if outline is None:
        return
    # The page's own pathto: relative links, or absolute ones on the 404 page (sphinx-notfound-page).
    pathto: Callable[[str], str] = context.get("pathto") or (lambda key: app.builder.get_relative_uri(pagename, key))

    def toctree(**kwargs: Any) -> str:
        return render_navigation(outline, pagename, Options.from_kwargs(kwargs), pathto)

    if uses_furo(app.builder):
        # Furo renders toctree() and rewrites it with BeautifulSoup on every page (10 ms each), which
        # after_theme() replaces with the same markup made directly: Furo gets nothing to rewrite.
        context["talknotes_toctree"] = toctree
        context["toctree"] = lambda **kwargs: ""
    else:
        context["toctree"] = toctree
    if pagename not in outline.rank and pagename not in outline.virtual:
        return  # a page outside the outline keeps what Sphinx gives it
    before_after = neighbours(outline, pagename)
    context["prev"], context["next"] = (
        {"link": pathto(e.key), "title": e.title} if e is not None else None for e in before_after
    )
    context["parents"] = [{"link": pathto(e.key), "title": e.title} for e in current_path(outline, pagename)[:-1]]
    rellinks = [link for link in context.get("rellinks", []) if link[2] not in ("P", "N")]
    for entry, accesskey, label in zip(before_after, ("P", "N"), ("previous", "next"), strict=True):
        if entry is not None:
            rellinks.append((entry.key, entry.title, accesskey, label))
    context["rellinks"] = rellinks


def on_doctree_resolved(app: Sphinx, doctree: object, docname: str) -> None:
    """``doctree-resolved``, just before Sphinx makes the page's context: the outline gives the page's
    previous, next and parent pages (``on_html_page_context``), so Sphinx need not find them in its
    toctree relations and render their titles again, through a docutils publisher each time (three to
    five per page: most of the garbage a page leaves for the garbage collector)."""
    outline = build_of(app.env).outline
    if outline is not None and docname in outline.rank:
        forget_relations(app.builder, docname)


def after_theme(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``html-page-context``, after Furo: its navigation tree, with Furo's own arguments, in Furo's markup."""
    toctree = context.pop("talknotes_toctree", None)
    if toctree is None:
        return
    context["toctree"] = toctree
    outline = build_of(app.env).outline
    pathto: Callable[[str], str] = context.get("pathto") or (lambda key: app.builder.get_relative_uri(pagename, key))
    # The arguments of furo._compute_navigation_tree.
    options = Options(collapse=False, maxdepth=-1, includehidden=True)
    context["furo_navigation_tree"] = render_navigation(outline, pagename, options, pathto, furo=True)
