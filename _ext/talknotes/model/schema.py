"""The JSON Schemas of front matter, ``topics.yml`` and ``speakers.yml``: the one source of their rules.

The build and ``make check`` validate with these files (jsonschema), and editors use the same
files through the YAML language server. Python checks only what a schema cannot say: that a date
exists, that an event ends after it starts, and whatever depends on the folder or on other pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ..base.text import did_you_mean, suggest_key
from ..base.warnings_ import Subtype

SCHEMAS = Path(__file__).parents[1] / "schemas"
Path_ = tuple[str | int, ...]


@cache
def load(name: str) -> dict[str, Any]:
    """``schemas/<name>.schema.json``, as shipped with the extension."""
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


NOTE = load("note")
EVENT = NOTE["$defs"]["event"]
DATE = NOTE["$defs"]["date"]
URL = NOTE["$defs"]["url"]
TIME = NOTE["$defs"]["time"]
KINDS: tuple[str, ...] = tuple(NOTE["properties"]["kind"]["enum"])
# The keys the content model defines; the others are known to Sphinx, MyST or common extensions.
NOTE_KEYS: tuple[str, ...] = tuple(key for key, rule in NOTE["properties"].items() if rule)
PASSTHROUGH_KEYS: frozenset[str] = frozenset(key for key, rule in NOTE["properties"].items() if not rule)
EVENT_KEYS: tuple[str, ...] = tuple(EVENT["properties"])
TOPIC_ENTRY = load("topics")["additionalProperties"]["oneOf"][1]
SPEAKER_ENTRY = load("speakers")["additionalProperties"]["oneOf"][1]
TOPIC_KEYS: tuple[str, ...] = tuple(TOPIC_ENTRY["properties"])
SPEAKER_KEYS: tuple[str, ...] = tuple(SPEAKER_ENTRY["properties"])

# A value the schema rejects, by the rule it breaks; the content model's names for the same mistakes.
SUBTYPE_OF_ENUM = {("kind",): Subtype.UNKNOWN_KIND}
TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "integer": "a whole number",
    "boolean": "true or false",
}


class EditorLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as an editor's language server reads it, and so as the schemas see it: dates stay text."""


EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@dataclass(frozen=True)
class SchemaProblem:
    """One broken rule: its warning subtype, the message, and the path of the value at fault."""

    subtype: Subtype
    message: str
    path: Path_


def dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    # A part of the note schema keeps the $defs its references point to. The schemas are checked
    # against the metaschema by the tests, not by every build (it costs a tenth of a no-op build's
    # extra time).
    return jsonschema.Draft202012Validator({**schema, "$defs": NOTE["$defs"]})


# The event is checked on its own: whether a page may have one depends on its folder.
NOTE_VALIDATOR = _validator({**NOTE, "properties": {k: v for k, v in NOTE["properties"].items() if k != "event"}})
EVENT_VALIDATOR = _validator(EVENT)
TOPIC_VALIDATOR = _validator(TOPIC_ENTRY)
SPEAKER_VALIDATOR = _validator(SPEAKER_ENTRY)


def schema_problems(
    data: Any,
    validator: jsonschema.Draft202012Validator,
    *,
    prefix: Path_ = (),
    name: Callable[[Path_], str] = dotted,
) -> list[SchemaProblem]:
    """Every rule that ``data`` breaks, as content warnings.

    ``prefix`` is where ``data`` sits in its file; ``name`` says a path in words for messages.
    """
    return [problem for error in validator.iter_errors(as_json(data)) for problem in describe(error, prefix, name)]


def as_json(value: Any) -> Any:
    """``value`` as JSON would hold it, as editors validate it: YAML's ``1: x`` has the key "1"."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def describe(error: jsonschema.ValidationError, prefix: Path_, name: Callable[[Path_], str]) -> list[SchemaProblem]:
    """One jsonschema error in the content model's words."""
    path: Path_ = (*prefix, *error.absolute_path)
    value, rule, kind = error.instance, error.schema, error.validator
    if kind == "additionalProperties":
        allowed = list(rule.get("properties", {}))
        patterns = [p.lstrip("^") for p in rule.get("patternProperties", {})]
        return [
            SchemaProblem(
                Subtype.UNKNOWN_KEY,
                f"unknown key {key!r} in {name(path)}{suggest_key(str(key), allowed)}; "
                f"known keys: {', '.join(k for k in allowed if rule['properties'][k])}",
                (*path, key),
            )
            for key in value
            if key not in allowed and not any(str(key).startswith(pattern) for pattern in patterns)
        ]
    if kind == "required":
        return [
            SchemaProblem(Subtype.MISSING_FIELD, f"{name(path)} needs a {key!r}", (*path, key))
            for key in error.validator_value
            if key not in value
        ]
    if kind == "enum" and value is None:
        subtype = SUBTYPE_OF_ENUM.get(tuple(error.absolute_path), Subtype.BAD_VALUE)
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return [SchemaProblem(subtype, f"{name(path)} is empty: use one of {choices}, or remove it", path)]
    if kind == "type" and value is None:
        return [SchemaProblem(Subtype.BAD_TYPE, f"{name(path)} is empty: give it a value or remove it", path)]
    if rule == DATE:
        return [
            SchemaProblem(Subtype.BAD_DATE, f"{name(path)} must be an ISO date such as 2016-11-22, not {value!r}", path)
        ]
    if rule == TIME:
        message = f'{name(path)} must be a time of day such as "09:30" (24-hour clock), not {value!r}'
        return [SchemaProblem(Subtype.BAD_VALUE if isinstance(value, str) else Subtype.BAD_TYPE, message, path)]
    if (rule == URL or kind == "pattern") and isinstance(value, (list, dict)):
        return [SchemaProblem(Subtype.BAD_TYPE, f"{name(path)} must be one URL, not {value!r}", path)]
    if rule == URL or (kind == "pattern" and "https?" in str(error.validator_value)):
        return [SchemaProblem(Subtype.BAD_URL, f"{name(path)} must be an http:// or https:// URL, not {value!r}", path)]
    if kind == "type":
        expected = error.validator_value
        if expected == "boolean":
            return [SchemaProblem(Subtype.BAD_VALUE, f"{name(path)} must be true or false, not {value!r}", path)]
        if expected == "array" and isinstance(value, str):
            message = f"{name(path)} must be a list, e.g. [{value}]; read as a list of one"
            return [SchemaProblem(Subtype.BAD_TYPE, message, path)]
        wanted = TYPE_NAMES.get(str(expected), str(expected))
        if expected == "array" and rule.get("items", {}).get("type") == "string":
            wanted = "a list of names"
        return [SchemaProblem(Subtype.BAD_TYPE, f"{name(path)} must be {wanted}, not {value!r}", path)]
    if kind == "enum":
        choices = [str(choice) for choice in error.validator_value]
        subtype = SUBTYPE_OF_ENUM.get(tuple(error.absolute_path), Subtype.BAD_VALUE)
        message = f"{name(path)} is {value!r}{did_you_mean(str(value), choices)}; use one of: {', '.join(choices)}"
        return [SchemaProblem(subtype, message, path)]
    if kind == "minLength":
        if isinstance(path[-1], int):
            return [
                SchemaProblem(Subtype.BAD_TYPE, f"item {path[-1] + 1} of {name(path[:-1])} must not be empty", path)
            ]
        return [SchemaProblem(Subtype.MISSING_FIELD, f"{name(path)} must not be empty", path)]
    if kind in ("minimum", "exclusiveMinimum"):
        wanted = "positive" if error.validator_value == 1 else f"at least {error.validator_value}"
        return [SchemaProblem(Subtype.BAD_VALUE, f"{name(path)} must be {wanted}, not {value!r}", path)]
    return [SchemaProblem(Subtype.BAD_VALUE, f"{name(path)}: {error.message}", path)]


def editor_view(root: yaml.Node) -> Any:
    """The YAML already composed into ``root`` as editors see it (dates as text), or None when it cannot load."""
    try:
        return EditorLoader("").construct_document(root)
    except (yaml.YAMLError, ValueError, TypeError):
        return None


def flagged(path: Path_, problems: set[Path_]) -> bool:
    """Whether the value at ``path``, one that contains it or one inside it already has a schema warning."""
    return any(path[: len(p)] == p or p[: len(path)] == path for p in problems)
