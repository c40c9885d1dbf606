"""A local copy of news sites, served on 127.0.0.1: the demo's sample site, and the tests' server.

A request for `/{host}/{path}?{query}` is answered from `{root}/{host}/{path}`: first `{path}@{query}` (so
listing page 2 can differ from page 1), then the path as given, with `.html` or `.xml`, or as a folder's
`index.html`. Together with `HostMirrorTransport`, the crawler asks for `https://koranrb.id/rss` and gets
`{root}/koranrb.id/rss.xml`, over real HTTP. Like a real server it sends ETag and Last-Modified and
answers conditional requests with 304, and every request is logged with the host it was meant for.

`faults` make a path misbehave on demand (slow, 429 with Retry-After, 5xx, redirects, a truncated body,
a huge body), so the crawler's manners can be tested against the same server.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {".html": "text/html", ".xml": "application/xml", ".txt": "text/plain", ".json": "application/json"}
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)


@dataclass
class Fault:
    """How one path misbehaves. `times` limits it to the first N requests (then the page is served)."""

    status: int | None = None          # answer with this status (429, 500, 403, ...)
    retry_after: str | None = None     # with this Retry-After header
    delay: float = 0.0                 # seconds before answering
    location: str | None = None        # redirect here (with status 301 unless `status` says otherwise)
    truncate: bool = False             # promise more bytes than are sent, then hang up
    huge: int = 0                      # send this many bytes of filler (streamed, never held in memory)
    content_type: str | None = None    # override the Content-Type header
    times: int | None = None
    seen: int = field(default=0)


@dataclass(frozen=True)
class Hit:
    at: float                          # time.monotonic() when the request arrived
    host: str                          # the site it was meant for (the first path segment)
    path: str                          # the path and query on that site
    status: int
    headers: dict[str, str]


class SampleSiteHandler(BaseHTTPRequestHandler):
    root: Path
    log: list[Hit]
    faults: dict[str, Fault]
    lock: threading.Lock
    protocol_version = "HTTP/1.1"

    def resolve(self, raw_path: str) -> Path | None:
        parts = urlsplit(raw_path)
        rel = unquote(parts.path).lstrip("/")
        root = self.root.resolve()
        base = (self.root / rel).resolve()
        if root not in base.parents and base != root:
            return None
        candidates = []
        if parts.query:
            query = "@" + unquote(parts.query)
            candidates += [base / (query + ext) for ext in (".html", ".xml")] if parts.path.endswith("/") else []
            candidates += [base.with_name(base.name + query + ext) for ext in ("", ".html", ".xml")]
        candidates += [base.with_name(base.name + ext) for ext in ("", ".html", ".xml")] + [base / "index.html"]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        return None

    def _hit(self, status: int) -> None:
        segments = urlsplit(self.path).path.lstrip("/").split("/", 1)
        rest = self.path.lstrip("/")[len(segments[0]):] or "/"
        with self.lock:
            self.log.append(Hit(self._arrived, segments[0], rest, status,
                                {k.lower(): v for k, v in self.headers.items()}))

    def _fault(self) -> Fault | None:
        with self.lock:
            fault = self.faults.get(self.path) or self.faults.get(urlsplit(self.path).path)
            if fault is None or (fault.times is not None and fault.seen >= fault.times):
                return None
            fault.seen += 1
            return fault

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self._hit(status)
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._arrived = time.monotonic()
        fault = self._fault()
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.location:
            self._send(fault.status or 301, headers={"Location": fault.location})
            return
        if fault and fault.status:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            self._send(fault.status, f"status {fault.status}".encode(), {"Content-Type": "text/plain", **headers})
            return
        if fault and fault.huge:
            self._stream_filler(fault.huge)
            return
        target = self.resolve(self.path)
        if target is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found", {"Content-Type": "text/plain"})
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = int(target.stat().st_mtime)
        if self._unchanged(etag, mtime):
            self._send(HTTPStatus.NOT_MODIFIED, headers={"ETag": etag})
            return
        headers = {"Content-Type": self._content_type(target, body, fault), "ETag": etag,
                   "Last-Modified": formatdate(mtime, usegmt=True)}
        if fault and fault.truncate:
            self._hit(200)
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body) * 2))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(HTTPStatus.OK, body, headers)

    def _unchanged(self, etag: str, mtime: int) -> bool:
        if self.headers.get("If-None-Match"):
            return etag in [t.strip() for t in self.headers["If-None-Match"].split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return mtime <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    @staticmethod
    def _content_type(target: Path, body: bytes, fault: Fault | None) -> str:
        if fault and fault.content_type:
            return fault.content_type
        kind = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        m = _CHARSET.search(body[:2048])
        charset = m.group(1).decode("ascii").lower() if m else "utf-8"
        return f"{kind}; charset={charset}"

    def _stream_filler(self, size: int) -> None:
        self._hit(200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"isi " * 16380 + b"</p>\n"
        sent = 0
        try:
            while sent < size:
                piece = chunk[: size - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass              # the crawler hung up at its size cap, as it should
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # keep the terminal for the report
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass          # a crawler hanging up mid-body (size cap, timeout) is expected here, not news


class SampleSite:
    """`with SampleSite(root) as site:` serves `root` on a free port until the block ends."""

    def __init__(self, root: Path, handler: type[SampleSiteHandler] = SampleSiteHandler,
                 faults: dict[str, Fault] | None = None):
        self.log: list[Hit] = []
        self.faults: dict[str, Fault] = faults if faults is not None else {}
        handler_class = type("BoundHandler", (handler,), {"root": Path(root), "log": self.log,
                                                          "faults": self.faults, "lock": threading.Lock()})
        self.server = _QuietServer(("127.0.0.1", 0), handler_class)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def hits(self, host: str | None = None) -> list[Hit]:
        return [h for h in self.log if host is None or h.host == host]

    def __enter__(self) -> SampleSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
