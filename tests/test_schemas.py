"""The JSON Schemas editors use agree with the extension, accept the real site and reject mistakes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import REPO, copy_root, sphinx_build
from talknotes.model.schema import EVENT_KEYS, KINDS, NOTE_KEYS, PASSTHROUGH_KEYS, SPEAKER_KEYS, TOPIC_KEYS

SCHEMAS = REPO / "_ext/talknotes/schemas"


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


def test_the_validators_the_build_uses_have_valid_schemas() -> None:
    """The build does not check its schemas against the metaschema: this test does, for each one it uses."""
    from talknotes.model import schema as build_schemas

    validators = [getattr(build_schemas, name) for name in dir(build_schemas) if name.endswith("_VALIDATOR")]
    assert len(validators) == 4
    for validator in validators:
        jsonschema.Draft202012Validator.check_schema(validator.schema)
        assert validator.schema["$defs"], "a part of the note schema keeps the definitions it refers to"


def test_the_extension_takes_its_field_lists_from_the_schemas() -> None:
    note = schema("note")
    assert list(KINDS) == note["properties"]["kind"]["enum"]
    assert set(NOTE_KEYS) | PASSTHROUGH_KEYS == set(note["properties"])
    assert list(EVENT_KEYS) == list(note["$defs"]["event"]["properties"])
    assert list(TOPIC_KEYS) == list(schema("topics")["additionalProperties"]["oneOf"][1]["properties"])
    assert list(SPEAKER_KEYS) == list(schema("speakers")["additionalProperties"]["oneOf"][1]["properties"])


def test_a_rule_added_to_a_schema_is_enforced_by_the_build_and_the_check(tmp_path: Path) -> None:
    """One source: a stricter schema file, and nothing else changed, makes the build and make check reject."""
    extension = tmp_path / "ext"
    shutil.copytree(REPO / "_ext/talknotes", extension / "talknotes", ignore=shutil.ignore_patterns("__pycache__"))
    note_schema = extension / "talknotes/schemas/note.schema.json"
    rules = json.loads(note_schema.read_text(encoding="utf-8"))
    rules["properties"]["summary"]["maxLength"] = 20
    note_schema.write_text(json.dumps(rules), encoding="utf-8")
    src = copy_root("minimal", tmp_path)
    note = src / "recaps/good-2024/fine-note.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "---\n\n", "summary: A summary far longer than twenty characters.\n---\n\n", 1
        )
    )

    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going", environment={"PYTHONPATH": str(extension)})
    assert build.returncode != 0
    warning = [line for line in build.warnings() if "fine-note.md:5" in line]
    assert warning and "[talknotes.bad-value]" in warning[0] and "summary" in warning[0], build.stderr
    env = {**os.environ, "PYTHONPATH": str(extension), "PYTHONDONTWRITEBYTECODE": "1"}
    check = subprocess.run(
        [sys.executable, "-m", "talknotes", "--root", str(src), "check"], capture_output=True, text=True, env=env
    )
    assert check.returncode != 0
    assert "fine-note.md:5:" in check.stdout + check.stderr
    # The unchanged extension accepts the same page.
    plain = sphinx_build(src, tmp_path / "plain", "-n", "-W", "--keep-going")
    assert plain.returncode == 0, plain.stderr


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
        # A registry of comments only (speakers.yml's commented example) has no entries yet.
        jsonschema.validate({} if data is None else data, schema(name))


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
def test_schemas_and_the_check_reject_the_same_mistakes(name: str, data: object, tmp_path: Path) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema(name))
    src = copy_root("minimal", tmp_path)
    text = yaml.safe_dump(data, sort_keys=False)
    if name == "note":
        (src / "recaps/good-2024/case.md").write_text(f"---\n{text}---\n\n# Case\n", encoding="utf-8")
    else:
        (src / f"{name}.yml").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "PYTHONDONTWRITEBYTECODE": "1"}
    check = subprocess.run(
        [sys.executable, "-m", "talknotes", "--root", str(src), "check"], capture_output=True, text=True, env=env
    )
    assert check.returncode != 0, check.stdout
    assert "[talknotes." in check.stdout + check.stderr
