"""The extension's architecture, held: folders by layer with no import running up, no import loop, the
phase table as docs/development.md shows it, and modules of a readable size."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import EXT, REPO

PACKAGE = EXT / "talknotes"
# Lowest first: a module may import from its own folder and from those before it.
LAYERS = ("base", "model", "sphinx", "outputs", "pages", "commands", "")
# The one loop allowed: each format's module registers its reader with formats.py, which imports them all.
REGISTRY = "commands.importer.formats"
MOST_LINES = 340  # "about 300": the largest today is records.py, 330


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The package's modules that ``path`` imports, type-checking imports included, by dotted name."""
    here = module_name(path).split(".") if module_name(path) else []
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            for alias in node.names:
                candidate = ".".join([*target, alias.name])
                found.add(candidate if (PACKAGE / f"{candidate.replace('.', '/')}.py").is_file() else ".".join(target))
    return {name for name in found if name}


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
GRAPH = {name: {target for target in imports(path) if target in MODULES} for name, path in MODULES.items()}


def layer(name: str) -> int:
    top = name.split(".")[0] if "." in name or name in LAYERS else ""
    return LAYERS.index(top if top in LAYERS else "")


def test_the_import_graph_was_read() -> None:
    """The reading above finds real imports, so the checks below cannot pass on an empty graph."""
    assert "model.consistency" in GRAPH["handlers.updating"] and "base.settings" in GRAPH["model.records"]
    assert len(MODULES) > 50 and sum(len(targets) for targets in GRAPH.values()) > 200


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = sorted(
        f"{name} -> {target}" for name, targets in GRAPH.items() for target in targets if layer(target) > layer(name)
    )
    assert upward == []


def test_no_import_loop_but_the_format_registry() -> None:
    """Every loop of imports (a strongly connected group of modules) is the importer's format registry."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[set[str]] = []

    def visit(name: str) -> None:  # Tarjan's algorithm
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in GRAPH[name]:
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == name:
                    break
            if len(group) > 1:
                loops.append(group)

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert all(REGISTRY in loop and all(m.startswith("commands.importer.") for m in loop) for loop in loops), loops


def test_modules_stay_readable() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert max(sizes.values()) <= MOST_LINES, sorted(sizes.items(), key=lambda item: -item[1])[:3]
    docstrings = [name for name, path in MODULES.items() if not ast.get_docstring(ast.parse(path.read_text()))]
    assert docstrings == [], "every module says what it is for in its first line"


def test_the_phase_table_is_the_one_in_the_developer_guide() -> None:
    from talknotes.phases import PHASES

    text = (REPO / "docs/development.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (\d+) \| `([\w.]+)` \| (.+) \|$", text, flags=re.MULTILINE)
    assert rows == [(p.event, str(p.priority), p.name, p.why) for p in PHASES]


@pytest.mark.parametrize("event", ["config-inited", "builder-inited", "env-updated", "build-finished"])
def test_each_phase_is_connected_in_the_table_order(make_app, tmp_path: Path, event: str) -> None:
    """Sphinx holds the extension's handlers of ``event`` in the table's order, at the table's priorities."""
    from talknotes.phases import PHASES

    (tmp_path / "conf.py").write_text('extensions = ["myst_parser", "talknotes"]\n', encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    # Untuned: an app that is made and never built would leave the collector's tuning under way for later tests.
    app = make_app("html", srcdir=tmp_path, confoverrides={"talknotes_gc_tuning": False})
    listeners = sorted(app.events.listeners[event], key=lambda listener: listener.priority)
    ours = [
        (listener.handler, listener.priority)
        for listener in listeners
        if listener.handler.__module__.startswith("talknotes")
    ]
    wanted = sorted(((p.handler, p.priority) for p in PHASES if p.event == event), key=lambda pair: pair[1])
    assert ours == wanted
