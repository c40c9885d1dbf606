"""The raw store: every fetched response body, gzip-compressed, named by the SHA-256 of its bytes.

Pages are written before they are parsed, so extraction can be re-run from here without the network.
A file is written under a temporary name and renamed into place, so a crash never leaves half a page
under a real name; the same bytes fetched twice are stored once.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import zlib
from pathlib import Path


class RawStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def relpath(self, digest: str) -> str:
        return f"{digest[:2]}/{digest[2:4]}/{digest}.gz"

    def put(self, data: bytes) -> tuple[str, str]:
        """Store `data`; returns its hash and its path relative to the store's root."""
        digest = self.digest(data)
        rel = self.relpath(digest)
        target = self.root / rel
        if target.exists():
            return digest, rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".gz")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest, rel

    def get(self, rel: str) -> bytes:
        """The stored bytes; `CorruptRawFile` when the file is gone, cut short or not what its name says
        (a disk error, a copy interrupted): the page must be fetched again."""
        try:
            data = gzip.decompress((self.root / rel).read_bytes())
        except (OSError, EOFError, zlib.error) as exc:
            raise CorruptRawFile(f"raw store file {rel} is unreadable ({type(exc).__name__}: {exc})") from exc
        if self.digest(data) != Path(rel).name.removesuffix(".gz"):
            raise CorruptRawFile(f"raw store file {rel} does not match its hash")
        return data

    def discard(self, rel: str) -> None:
        """Remove a corrupt file, so that the page's next fetch stores it afresh."""
        (self.root / rel).unlink(missing_ok=True)


class CorruptRawFile(ValueError):
    """A raw store file that cannot give back the bytes it was named after."""
