"""Sphinx configuration of the talknotes knowledge base."""

import sys
from pathlib import Path

# A build never writes into the source tree, not even Python's bytecode cache for _ext/.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "talknotes"
author = "the talknotes contributors"
copyright = "2026, the talknotes contributors"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "talknotes",
]

# Sphinx reads content only: never the README, tooling, tests or build output.
root_doc = "index"
source_suffix = {".md": "markdown"}
include_patterns = ["index.md", "docs/**", "recaps/**", "topics/**", "speakers/**"]
# docs/performance/ holds the benchmark's published table, included into docs/performance.md.
exclude_patterns = ["_build", ".venv", "**/.*", "docs/performance/*"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# The graph: registries at the repository root, pages under recaps/, topics/ and speakers/.
talknotes_topics_file = "topics.yml"
talknotes_speakers_file = "speakers.yml"

# Mermaid diagrams are drawn in the reader's browser.
mermaid_output_format = "raw"

html_theme = "furo"
html_title = "talknotes"
nitpicky = True
