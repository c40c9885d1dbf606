"""Content-Encoding undone a piece at a time, never past a size cap.

httpx decodes a compressed body in whole chunks: a few kilobytes of `Content-Encoding: gzip, gzip` inflate
to gigabytes inside one call, before any cap on the decoded size can look. Here each layer's zlib stream is
asked for a bounded amount of output at a time (`max_length`), so the cap holds for the decoded bytes and
for every layer in between, and memory stays near the cap whatever the ratio.
"""

from __future__ import annotations

import zlib


class Overflow(Exception):
    """The decoded body would exceed the cap."""


class UnknownEncoding(ValueError):
    """A Content-Encoding this reader does not undo (the request only offers gzip and deflate)."""


_STEP = 64 * 1024


class _Layer:
    def __init__(self, encoding: str):
        if encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = zlib.decompressobj()              # zlib-wrapped; a raw stream is retried below
        else:
            raise UnknownEncoding(f"Content-Encoding {encoding!r} is not supported")
        self.encoding = encoding
        self.started = False

    def feed(self, data: bytes, room: int) -> list[bytes]:
        """What `data` inflates to, in pieces of at most 64 KiB; `Overflow` past `room` bytes."""
        out: list[bytes] = []
        size = 0
        pending = data
        while pending and not self.z.eof:
            try:
                piece = self.z.decompress(pending, _STEP)
            except zlib.error:
                if self.encoding == "deflate" and not self.started:
                    self.z = zlib.decompressobj(-zlib.MAX_WBITS)     # servers that send raw deflate
                    self.started = True
                    continue
                raise
            self.started = True
            size += len(piece)
            if size > room:
                raise Overflow
            if piece:
                out.append(piece)
            pending = self.z.unconsumed_tail
        return out


class Inflater:
    """Undo `Content-Encoding` (`gzip, gzip` is two layers, applied first to last, undone last to first)
    with every layer's output capped at `cap` bytes in total. `zlib.error` means a corrupt stream."""

    def __init__(self, content_encoding: str | None, cap: int):
        names = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
        self.layers = [_Layer(n) for n in reversed(names) if n != "identity"]
        self.cap = cap
        self.sizes = [0] * len(self.layers)

    def _through(self, start: int, chunks: list[bytes]) -> list[bytes]:
        for i in range(start, len(self.layers)):
            produced: list[bytes] = []
            for chunk in chunks:
                got = self.layers[i].feed(chunk, self.cap - self.sizes[i])
                self.sizes[i] += sum(len(g) for g in got)
                produced.extend(got)
            chunks = produced
        return chunks

    def feed(self, data: bytes) -> bytes:
        return b"".join(self._through(0, [data]))

    def finish(self) -> bytes:
        """What the layers still hold once the body has ended."""
        tail: list[bytes] = []
        for i, layer in enumerate(self.layers):
            rest = layer.z.flush()
            self.sizes[i] += len(rest)
            if self.sizes[i] > self.cap:
                raise Overflow
            tail = self._through(i + 1, [rest]) if rest else []
        return b"".join(tail)
