"""Sphinx configuration of the talknotes knowledge base."""

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

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
    "notfound.extension",
    "talknotes",
]

# Sphinx reads content only: never the README, tooling, tests or build output.
root_doc = "index"
source_suffix = {".md": "markdown"}
include_patterns = ["index.md", "docs/**", "recaps/**", "topics/**", "speakers/**", "series/**"]
# docs/performance/ holds the benchmark's published table, included into docs/performance.md.
exclude_patterns = ["_build", ".venv", "**/.*", "docs/performance/*"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# The graph: registries at the repository root, pages under recaps/, topics/ and speakers/.
talknotes_topics_file = "topics.yml"
talknotes_speakers_file = "speakers.yml"

# Mermaid diagrams are drawn in the reader's browser, by the Mermaid that `npm ci` installs from
# package-lock.json; the extension serves it from _static/ (without node_modules: from the CDN).
mermaid_output_format = "raw"
# The full-screen button draws its icon in CSS (talknotes.css): the default glyph is missing from common fonts.
mermaid_fullscreen_button = ""

html_theme = "furo"
html_title = "talknotes"
html_favicon = "_static/favicon.svg"
nitpicky = True

# Where the site is published. Read the Docs gives it to every build; elsewhere TALKNOTES_BASE_URL
# may. It makes the canonical links, the OpenGraph URLs and sitemap.xml (none is written without it).
html_baseurl = os.environ.get("TALKNOTES_BASE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
# The 404 page works at any depth: its links are absolute, from the site's path on the server.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
notfound_context = {
    "title": "Page not found",
    "body": "<h1>Page not found</h1>\n<p>There is no page at this address. Try the "
    f'<a href="{notfound_urls_prefix}index.html">home page</a>, the '
    f'<a href="{notfound_urls_prefix}recaps/index.html">events</a>, the '
    f'<a href="{notfound_urls_prefix}topics/index.html">topics</a> or the search.</p>',
}


def repository_url() -> str:
    """The repository's web address, for "edit this page": from TALKNOTES_REPOSITORY or Read the Docs."""
    url = os.environ.get("TALKNOTES_REPOSITORY") or os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
    url = url.strip().removesuffix("/").removesuffix(".git")
    if url.startswith("git@") and ":" in url:
        host, _, path = url.removeprefix("git@").partition(":")
        url = f"https://{host}/{path}"
    # Furo makes edit links for these hosts only.
    return url if urlsplit(url).netloc in ("github.com", "gitlab.com", "bitbucket.org") else ""


def repository_branch() -> str:
    """The branch edits go to: the one Read the Docs builds, else TALKNOTES_BRANCH, else main."""
    if os.environ.get("READTHEDOCS_VERSION_TYPE") == "branch":
        return os.environ.get("READTHEDOCS_GIT_IDENTIFIER", "main")
    return os.environ.get("TALKNOTES_BRANCH", "main")


html_theme_options = {}
if repository := repository_url():
    html_theme_options |= {
        "source_repository": repository,
        "source_branch": repository_branch(),
        "source_directory": "",
    }

# "Last updated" dates come from git. Outside a git checkout (a tarball, a copy) the site builds without them.
if (Path(__file__).parent / ".git").exists() and shutil.which("git"):
    extensions.append("sphinx_last_updated_by_git")
    html_last_updated_fmt = "%-d %B %Y"
    # A shallow clone cannot date every page: those pages show no date rather than fail the build.
    # (.readthedocs.yaml fetches the whole history, so this does not happen there.)
    suppress_warnings = ["git.too_shallow"]
