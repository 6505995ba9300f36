"""Reading YAML text within bounds: one parse, aliases and nesting measured, every error with its line.

A few lines of YAML can stand for millions of values through aliases (``*name``), which MyST,
JSON and the schema validator would each expand; deeply nested text exhausts a parser's stack.
Both are refused here, before anything expands them.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

# libyaml's parser when PyYAML was built with it: the same results, many times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20


@dataclass(frozen=True)
class Composed:
    """A YAML text composed into nodes, or why it could not be: the problem and its line (from 1)."""

    root: yaml.Node | None = None
    problem: str | None = None
    line: int = 1
    refused: bool = False  # too large, too deep or expanding too far: no one may load it


def compose(text: str, *, max_values: int, max_bytes: int | None = None) -> Composed:
    """Compose ``text``, refusing it when it is larger than ``max_bytes``, nests deeper than
    ``MAX_DEPTH`` or stands for more than ``max_values`` values once aliases are expanded."""
    if max_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return Composed(problem=f"it is larger than {max_bytes // 1024} KB", refused=True)
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except RecursionError:
        return Composed(problem="it is nested too deeply to read", refused=True)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc, text), yaml_line(exc, text)
        if "nesting depth" in problem:  # libyaml's own limit; a pure-Python parser would overflow
            return Composed(problem="it is nested too deeply to read", line=line, refused=True)
        return Composed(problem=f"it is not valid YAML: {problem}", line=line)
    if root is None:
        return Composed()
    values, deep = expanded_size(root, max_values)
    if values > max_values:
        return Composed(
            problem=f"it stands for more than {max_values:,} values once its aliases (*name) are expanded",
            line=first_alias_line(text),
            refused=True,
        )
    if deep is not None:
        return Composed(problem=f"it is nested more than {MAX_DEPTH} levels deep", line=deep, refused=True)
    return Composed(root=root)


def yaml_problem(exc: yaml.YAMLError, text: str = "") -> str:
    """What the YAML parser found wrong, with the likely cause where its own words do not say it."""
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc).splitlines()[0]
    if "expected <document start>" in problem:
        return f"{problem} ({ended_early(text, yaml_line(exc, text))})"
    if "mapping values are not allowed" in problem:
        return f"{problem} (a value that holds ': ' must be quoted, e.g. summary: \"Packaging: the hard parts\")"
    return problem


def ended_early(text: str, line: int) -> str:
    """Why a document ends before ``line``: a complete value (``{}``, ``[]``, a plain word) came first.

    PyYAML then reports the first line that follows as an unexpected second document.
    """
    lines = text.splitlines()[: max(line - 1, 0)]
    for number, content in enumerate(lines, start=1):
        value = content.split(" #", 1)[0].strip()
        if value and not value.startswith("#") and value != "---":
            kind = {"{}": "an empty mapping", "[]": "an empty list"}.get(value, "a complete value")
            return (
                f"line {number} holds {value[:40]!r}, {kind}, and YAML allows nothing after it; "
                f"remove line {number} to add entries"
            )
    return "the file's value ended before this line"


def yaml_line(exc: yaml.YAMLError, text: str) -> int:
    """The line of a YAML error: its mark, or for a reader error (a forbidden character) its position."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return 1


def expanded_size(root: yaml.Node, cap: int) -> tuple[int, int | None]:
    """How many values the YAML stands for once aliases are expanded (counted up to ``cap`` + 1), and the
    line of the first value nested deeper than ``MAX_DEPTH`` (None when there is none).

    An alias is the very node object of its anchor in PyYAML's composed graph: each node is
    measured once, so this is linear in the text however far the aliases would expand.
    """
    memo: dict[int, int] = {}
    too_deep: list[int] = []

    def measure(node: yaml.Node, depth: int) -> int:
        if id(node) in memo:
            return memo[id(node)]
        if depth > MAX_DEPTH:
            too_deep.append(node.start_mark.line + 1)
            return 1
        total = 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
            for child in children:
                total = min(total + measure(child, depth + 1), cap + 1)
                if too_deep:
                    break
        memo[id(node)] = total
        return total

    values = measure(root, 0)
    return values, (too_deep[0] if too_deep else None)


def first_alias_line(text: str) -> int:
    """The line of the first alias (``*name``) in ``text``."""
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1


def decode(data: bytes, name: str) -> tuple[str, tuple[str, int] | None]:
    """``data`` as text (a BOM dropped), and when it is not UTF-8 the problem and its line.

    The undecodable bytes become U+FFFD, so the rest of the file is still read.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        problem = (
            f"{name} is not valid UTF-8: byte 0x{byte} on this line cannot be read (save the file as UTF-8); "
            "it is shown as \ufffd"
        )
        return data.decode("utf-8-sig", errors="replace"), (problem, line)
