"""The JSON Schemas editors use agree with the extension, accept the real site and reject mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO
from talknotes.frontmatter import EVENT_KEYS, KINDS, NOTE_KEYS, PASSTHROUGH_KEYS
from talknotes.registry import SPEAKER_KEYS, TOPIC_KEYS

SCHEMAS = REPO / "schemas"


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server sees it: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(name: str) -> dict:
    loaded = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def front_matter(path: Path) -> dict | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    return yaml.load(text[4 : text.index("\n---\n", 4)], Loader=EditorLoader)


def test_schemas_name_exactly_the_fields_the_extension_reads() -> None:
    note = schema("note")
    assert set(note["properties"]) == set(NOTE_KEYS) | (PASSTHROUGH_KEYS - {"og:title", "og:description", "og:image"})
    assert note["properties"]["kind"]["enum"] == list(KINDS)
    assert set(note["$defs"]["event"]["properties"]) == set(EVENT_KEYS)
    topic_entry = schema("topics")["additionalProperties"]["oneOf"][1]
    assert set(topic_entry["properties"]) == set(TOPIC_KEYS)
    speaker_entry = schema("speakers")["additionalProperties"]["oneOf"][1]
    assert set(speaker_entry["properties"]) == set(SPEAKER_KEYS)


def test_real_site_matches_the_schemas() -> None:
    note = schema("note")
    pages = [REPO / "index.md"] + [
        p for folder in ("docs", "recaps", "topics", "speakers") for p in (REPO / folder).rglob("*.md")
    ]
    checked = 0
    for page in pages:
        data = front_matter(page)
        if data is not None:
            jsonschema.validate(data, note)
            checked += 1
    assert checked >= 5
    for name in ("topics", "speakers"):
        data = yaml.load((REPO / f"{name}.yml").read_text(encoding="utf-8"), Loader=EditorLoader)
        jsonschema.validate(data, schema(name))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("note", {"kind": "tlak"}),
        ("note", {"topcs": ["python"]}),
        ("note", {"date": "10/01/2024"}),
        ("note", {"slides": "javascript:alert(1)"}),
        ("note", {"draft": "maybe"}),
        ("note", {"event": {"name": "No start"}}),
        ("note", {"event": {"name": "X", "start": "2024-01-01", "attendance": 0}}),
        ("topics", {"Bad_Key": "Bad"}),
        ("topics", {"python": {"aliases": ["py"]}}),
        ("topics", ["python"]),
        ("speakers", {"ada": {"name": "Ada", "links": ["ftp://x"]}}),
    ],
)
def test_schemas_reject_mistakes(name: str, data: object) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema(name))
