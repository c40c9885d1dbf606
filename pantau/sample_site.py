"""A local copy of news sites, served on 127.0.0.1: the demo's sample site, and the tests' server.

A request for `/{host}/{path}` is answered from `{root}/{host}/{path}`, trying the path as given, then with
`.html` and `.xml`, then as a folder's `index.html`. Together with `HostMirrorTransport`, the crawler asks
for `https://koranrb.id/rss` and gets `{root}/koranrb.id/rss.xml`, over real HTTP.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
                 ".txt": "text/plain; charset=utf-8", ".json": "application/json"}


class SampleSiteHandler(BaseHTTPRequestHandler):
    root: Path
    log: list[tuple[float, str, str]]

    def resolve(self, path: str) -> Path | None:
        rel = unquote(urlsplit(path).path).lstrip("/")
        base = (self.root / rel).resolve()
        if self.root.resolve() not in base.parents and base != self.root.resolve():
            return None
        for candidate in (base, base.with_name(base.name + ".html"), base.with_name(base.name + ".xml"),
                          base / "index.html"):
            if candidate.is_file():
                return candidate
        return None

    def do_GET(self) -> None:
        import time

        self.log.append((time.monotonic(), self.command, self.path))
        target = self.resolve(self.path)
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = target.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(target.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep the terminal for the report
        pass


class SampleSite:
    """`with SampleSite(root) as site:` serves `root` on a free port until the block ends."""

    def __init__(self, root: Path, handler: type[SampleSiteHandler] = SampleSiteHandler):
        self.log: list[tuple[float, str, str]] = []
        handler_class = type("BoundHandler", (handler,), {"root": Path(root), "log": self.log})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SampleSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
