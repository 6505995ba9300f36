"""The browser tests' tools: the built site served as Read the Docs serves it, and Chromium driven by Playwright."""

from __future__ import annotations

import gzip
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

import pytest
from helpers import REPO, SITE_PREFIX, Build
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, Route, sync_playwright

HOST = "127.0.0.1"
# What a CDN compresses (Read the Docs' compresses text): the site's pages, styles, scripts and data.
COMPRESSED_TYPES = frozenset({"text/html", "text/css", "text/javascript", "application/javascript",
                              "application/json", "image/svg+xml", "text/plain", "application/xml"})  # fmt: skip
SCREENSHOTS = REPO / "_build" / "screenshots"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Debian's Chromium: Playwright's own browser download does not work without the internet.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Headless, and nothing of Chromium's own talks to the network (updates, sync, safe browsing).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
INSTALL_HINT = (
    "Chromium is not installed, so the browser tests cannot run. On Debian or Ubuntu: "
    "`sudo apt-get install chromium chromium-driver` (CI installs it in .ci/run)."
)


def chromium_path() -> str | None:
    """TALKNOTES_CHROMIUM when set (and nothing else then), else Debian's Chromium."""
    if "TALKNOTES_CHROMIUM" in os.environ:
        chosen = os.environ["TALKNOTES_CHROMIUM"]
        return chosen if Path(chosen).is_file() else None
    return shutil.which("chromium") or next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None)


def skip_or_fail(message: str) -> None:
    """Skip on a contributor's machine; in CI a missing browser is an error, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site below ``prefix``; any other path gets the 404 page with status 404, as Read the Docs does."""

    # ES modules load only with a JavaScript type, which Python's table lacks for .mjs.
    extensions_map = MappingProxyType(
        {**mimetypes.types_map, ".mjs": "text/javascript", ".js": "text/javascript", ".svg": "image/svg+xml"}
    )

    def __init__(self, *args: object, root: Path, prefix: str, compress: bool = False, **kwargs: object) -> None:
        self.root = root
        self.prefix = prefix
        self.compress = compress
        super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("/", self.prefix.rstrip("/")):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return
        target = self.root / path.removeprefix(self.prefix) if path.startswith(self.prefix) else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is None or not target.resolve().is_file() or self.root.resolve() not in target.resolve().parents:
            self.send_file(self.root / "404.html", HTTPStatus.NOT_FOUND)
            return
        self.send_file(target, HTTPStatus.OK)

    def send_file(self, path: Path, status: HTTPStatus) -> None:
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if self.compress and kind in COMPRESSED_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The browser may go on to another page before this file arrives, as a reader may.
        with suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the tests record requests in the browser


@contextmanager
def serve(root: Path, prefix: str, compress: bool = False) -> Iterator[str]:
    """Serve ``root`` at ``http://127.0.0.1:<free port><prefix>`` until the block ends; with ``compress``,
    text gzipped as Read the Docs' CDN sends it (Pagefind's own files are compressed already)."""
    server = ThreadingHTTPServer((HOST, 0), partial(SiteHandler, root=root, prefix=prefix, compress=compress))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Problems:
    """What went wrong while pages loaded: console errors, failed requests, requests to other hosts."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.console.clear()
        self.failed.clear()
        self.offsite.clear()

    def __bool__(self) -> bool:
        return bool(self.console or self.failed or self.offsite)


def watch(context: BrowserContext, problems: Problems, expected: dict[str, int] | None = None) -> None:
    """Record every problem of every page of a browser context, and block every request off 127.0.0.1.

    ``expected`` maps a URL to the error status it is meant to have (the 404 test).
    """
    expected = expected if expected is not None else {}

    def route(route: Route) -> None:
        if urlsplit(route.request.url).hostname == HOST:
            route.continue_()
        else:
            problems.offsite.append(route.request.url)
            route.abort()

    def on_response(response: Response) -> None:
        if response.status >= 400 and expected.get(response.url) != response.status:
            problems.failed.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        # The browser cancels what a page still loads when it goes to the next one (its favicon, often):
        # not a fault of the site, whose missing files show as responses of 400 and more, above.
        if request.url not in problems.offsite and request.failure != "net::ERR_ABORTED":
            problems.failed.append(f"{request.failure} {request.url}")

    def on_page(page: Page) -> None:
        page.on("console", lambda message: on_console(page, message))
        page.on("pageerror", lambda error: problems.console.append(f"{page.url}: {error}"))

    def on_console(page: Page, message: ConsoleMessage) -> None:
        # Chromium also reports an expected error status as a console error.
        if message.type == "error" and message.location.get("url") not in expected:
            problems.console.append(f"{page.url}: {message.text}")

    context.route("**/*", route)
    context.on("page", on_page)
    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)


# Fixtures for every browser test module (conftest loads this module as a plugin).
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = chromium_path()
    if chromium is None:
        skip_or_fail(INSTALL_HINT)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site(real_site: Build) -> Iterator[str]:
    """The real site's URL on 127.0.0.1, served below the path Read the Docs would give it."""
    assert real_site.returncode == 0, real_site.stderr
    if not (real_site.outdir / "_static/talknotes-vendor/mermaid/mermaid.esm.min.mjs").is_file() or not AXE.is_file():
        skip_or_fail("The npm packages are not installed: run `make node` (npm ci) to serve Mermaid and run axe-core.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(real_site.outdir, SITE_PREFIX) as url:
        yield url
