"""In-process tests of reading a front matter block: bounded in memory and time, lines where they belong."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from talknotes.model.frontmatter import MAX_FRONT_MATTER_VALUES, front_matter_layout, without_front_matter


def bomb(levels: int, width: int = 9) -> str:
    """A 'billion laughs' block: each level lists the previous one ``width`` times, by alias."""
    lines = [f"l0: &l0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "---\n" + "\n".join(lines) + "\ntopics: [python]\n---\n\n# Title\n\nBody.\n"


@pytest.mark.parametrize(
    "source",
    [
        bomb(12),  # 9**12 values: far beyond any memory
        bomb(40, width=2),  # 2**40, by a longer chain
        "---\nk0: &k0 {a: 1, b: 2}\n"
        + "".join(f"k{i}: &k{i} {{a: *k{i - 1}, b: *k{i - 1}}}\n" for i in range(1, 40))
        + "---\n# T\n",
    ],
    ids=["wide", "long-chain", "mappings"],
)  # fmt: skip
def test_aliases_that_expand_without_end_are_refused_in_bounded_time_and_memory(source: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    layout = front_matter_layout(source)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert layout is not None and layout.refused
    message, line = layout.error
    assert f"more than {MAX_FRONT_MATTER_VALUES:,} values" in message and "aliases" in message
    assert line == 3  # the first alias
    assert elapsed < 2 and peak < 20 * 2**20
    # MyST never sees the block; the body keeps its line numbers.
    blanked = without_front_matter(source, layout)
    assert blanked.count("\n") == source.count("\n") and "---" not in blanked and blanked.strip().startswith("# T")


def test_a_few_aliases_are_fine() -> None:
    layout = front_matter_layout("---\nbase: &b [python]\ntopics: *b\nspeakers: [Ada]\n---\n# T\n")
    assert layout is not None and layout.error is None and not layout.refused
    assert layout.lines["topics"] == 3 and layout.lines["speakers"] == 4


@pytest.mark.parametrize("depth", [25, 2000])
def test_deep_nesting_is_refused(depth: int) -> None:
    layout = front_matter_layout("---\ntopics: " + "[" * depth + "x" + "]" * depth + "\n---\n# T\n")
    assert layout is not None and layout.refused
    assert "nested" in layout.error[0]


def test_a_huge_block_is_refused_before_parsing() -> None:
    source = "---\n" + "".join(f"key{i}: {'x' * 60}\n" for i in range(2000)) + "---\n# T\n"
    started = time.perf_counter()
    layout = front_matter_layout(source)
    assert time.perf_counter() - started < 0.5
    assert layout is not None and layout.refused and "larger than 64 KB" in layout.error[0]


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ("kind: talk\nsummary: a \x07 bell\n", 3),  # a character YAML forbids, on the file's line 3
        ("kind: talk\n\n\nsummary: \x00\n", 5),
        ("kind: [talk\n", 3),  # the parser's own mark
    ],
)
def test_reader_errors_keep_their_line(block: str, line: int) -> None:
    layout = front_matter_layout(f"---\n{block}---\n# T\n")
    assert layout is not None and layout.error is not None
    assert layout.error[1] == line, layout.error
