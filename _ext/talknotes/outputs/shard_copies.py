"""The kept copy of what Pagefind reads of each page: a shard is indexed again only when its copies changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .explore import indexed_part, page_file
from .shard_plan import Shard

if TYPE_CHECKING:
    from sphinx.application import Sphinx


COPIES = "talknotes-explore"  # in the doctree folder, one folder per builder (html and dirhtml differ)

COPIES_RECORD = "pages.json"

# Of what a kept copy holds (``indexed_part``): another version reads every page again.
COPIES_VERSION = 1


class PageCopy(NamedTuple):
    """The kept copy of one page's indexed part: its shard, the written file it was taken from, its digest."""

    shard: str
    size: int
    mtime_ns: int
    digest: str


@dataclass
class Copies:
    """The kept copies of every indexed page, by address, in ``root/<shard>/<the page's file>``."""

    root: Path
    pages: dict[str, PageCopy] = field(default_factory=dict)
    changed: bool = False  # since the record was read

    @classmethod
    def load(cls, root: Path) -> Copies:
        copies = cls(root)
        try:
            saved = json.loads((root / COPIES_RECORD).read_text(encoding="utf-8"))
            if saved.get("version") == COPIES_VERSION:
                copies.pages = {address: PageCopy(*copy) for address, copy in saved["pages"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            copies.pages = {}  # no record, or another version's: every page is read again
        return copies

    def save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        record = {"version": COPIES_VERSION, "pages": {a: list(copy) for a, copy in sorted(self.pages.items())}}
        (self.root / COPIES_RECORD).write_text(json.dumps(record), encoding="utf-8")

    def file(self, shard: str, address: str) -> Path:
        return page_file(self.root / shard, address)

    def forget(self, address: str) -> None:
        """Delete the copy of a page that left its shard or the site."""
        copy = self.pages.pop(address)
        self.file(copy.shard, address).unlink(missing_ok=True)
        self.changed = True

    def refresh(self, outdir: Path, shard: str, address: str) -> None:
        """Copy the page's indexed part anew from its written file, when it is there."""
        source = page_file(outdir, address)
        try:
            stat = source.stat()
            part = indexed_part(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        digest = hashlib.sha256(part.encode("utf-8")).hexdigest()
        target = self.file(shard, address)
        known = self.pages.get(address)
        if known is None or known.digest != digest or known.shard != shard or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(part, encoding="utf-8")
        self.pages[address] = PageCopy(shard, stat.st_size, stat.st_mtime_ns, digest)
        self.changed = True

    def restore(self, outdir: Path, shard: Shard) -> None:
        """Copy again the pages of the shard whose copies were deleted (by hand: the record still has them)."""
        for address in shard.files:
            if address in self.pages and not self.file(shard.name, address).is_file():
                del self.pages[address]
                self.refresh(outdir, shard.name, address)

    def fingerprint(self, shard: Shard, binary: Path) -> str:
        """Of what Pagefind reads of the shard's pages, and of Pagefind itself."""
        digest = hashlib.sha256(f"{binary.stat().st_size}\0{shard.name}\n".encode())
        for address in shard.files:
            if (copy := self.pages.get(address)) is not None:
                digest.update(f"{address}\0{copy.digest}\n".encode())
        return digest.hexdigest()


def copies_of(app: Sphinx) -> Copies:
    return Copies.load(Path(app.doctreedir) / COPIES / app.builder.name)
