"""What the build reads from a Markdown page, read with MyST's own parser and the site's settings, without Sphinx.

``make check`` must see every directive and role the build sees: fenced with backticks or with
colons (``colon_fence``), named in ``myst_fence_as_directive``, and nested inside other
directives, whose Markdown content MyST parses again. The options of ``{notes}`` are parsed by
MyST's own option parser against the directive's option spec.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import MarkupError, parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

from ..sphinx.directives import NotesDirective, notes_spec

ROLES = ("event", "topic", "speaker")
# Directives whose content is not Markdown: nothing in them is a talknotes directive or role.
LITERAL = frozenset({"code-block", "code", "sourcecode", "code-cell", "literalinclude", "mermaid", "math", "raw",
                     "eval-rst", "csv-table", "graphviz", "highlight", "parsed-literal"})  # fmt: skip


@dataclass
class Scanned:
    """A page as the build reads it: its title, its ``{notes}`` specs and its talknotes role targets."""

    title: str | None = None
    title_heading: tuple[int, int] | None = None  # the first heading's (level, line): the build's title
    uses: list[dict[str, Any]] = field(default_factory=list)
    refs: list[tuple[str, str, int]] = field(default_factory=list)  # (role, target, line)
    docs: list[tuple[str, int]] = field(default_factory=list)  # {doc} targets: (target, line)


class AnyOptions(dict):
    """An option spec that accepts every option as text: to find where the content of any directive starts."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return lambda value: value


class AnyDirective:
    option_spec = AnyOptions(x=None)  # not empty, so MyST looks for options
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True


def myst_config(namespace: dict[str, Any]) -> MdParserConfig:
    """MyST's parser settings from a conf.py's ``myst_*`` values, as myst-parser reads them in a build."""
    names = {f.name for f in dataclasses.fields(MdParserConfig)}
    values = {key[5:]: value for key, value in namespace.items() if key.startswith("myst_") and key[5:] in names}
    try:
        return MdParserConfig(**values)
    except (TypeError, ValueError):
        return MdParserConfig()


class Scanner:
    """Scans pages with one MyST parser made from the site's settings."""

    def __init__(self, config: MdParserConfig) -> None:
        self.config = config
        self.parser = create_md_parser(config, RendererHTML)

    def scan(self, docname: str, text: str) -> Scanned:
        scanned = Scanned()
        self.walk(docname, self.parser.parse(text.replace("\r\n", "\n")), 0, scanned)
        return scanned

    def walk(self, docname: str, tokens: list[Token], offset: int, scanned: Scanned) -> None:
        """Note titles, directives and roles in ``tokens``; ``offset`` is the line of their text's first line."""
        for index, token in enumerate(tokens):
            line = offset + (token.map[0] if token.map else 0) + 1
            if token.type == "heading_open" and scanned.title_heading is None and not offset:
                # The build's title is the first heading, of whatever level (MyST warns when it is not 1).
                scanned.title = tokens[index + 1].content.strip() or None
                scanned.title_heading = (int(token.tag[1:]), line)
            elif token.type in ("fence", "colon_fence"):
                self.directive(docname, token, line, scanned)
            elif token.type == "inline":
                breaks = 0  # a role's line is its paragraph's, plus the line breaks before it (``rolelines``)
                for child in token.children or ():
                    if child.type in ("softbreak", "hardbreak"):
                        breaks += 1
                    elif child.type == "myst_role":
                        name = child.meta.get("name", "")
                        if name.removeprefix("talknotes:") in ROLES:
                            scanned.refs.append((name.removeprefix("talknotes:"), target(child.content), line + breaks))
                        elif name in ("doc", "std:doc"):
                            scanned.docs.append((target(child.content), line + breaks))

    def directive(self, docname: str, token: Token, line: int, scanned: Scanned) -> None:
        parts = token.info.strip().split(maxsplit=1)
        name = parts[0] if parts else ""
        if name.startswith("{") and name.endswith("}"):
            name = name[1:-1]
        elif not (token.type == "fence" and name in self.config.fence_as_directive):
            return  # a code block
        arguments = parts[1] if len(parts) > 1 else ""
        content = token.content
        if token.type == "colon_fence" and content.startswith(":::"):
            content = "\n" + content  # as MyST does, so a nested fence is not read as options
        if name == "notes":
            try:
                parsed = parse_directive_text(NotesDirective, arguments, content, line=line)
            except MarkupError:
                return  # MyST reports it, in the build as here
            options = {key: str(value) for key, value in parsed.options.items()}
            scanned.uses.append(notes_spec(options, (docname, line)))
        elif name not in LITERAL:
            try:
                parsed = parse_directive_text(AnyDirective, arguments, content, line=line, validate_options=False)
            except MarkupError:
                return
            body = "\n".join(parsed.body)
            self.walk(docname, self.parser.parse(body), line + parsed.body_offset, scanned)


def target(content: str) -> str:
    """A role's target: ``title <target>`` or ``target``."""
    content = content.strip()
    if content.endswith(">") and "<" in content:
        return content[content.rindex("<") + 1 : -1].strip()
    return content
