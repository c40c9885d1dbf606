"""A loopback web server whose answers a test sets path by path and may change between nights: for the
crawl shapes that need a site to change under the crawler (a sitemap index that stays the same while its
children grow). It answers If-None-Match with 304 for an unchanged body and logs every request it served."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Served:
    path: str
    status: int


class _Handler(BaseHTTPRequestHandler):
    site: RouteSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        route = self.site.routes.get(self.path)
        if route is None:
            status, body, headers = 404, b"not here", {"Content-Type": "text/plain"}
        else:
            body, content_type = route
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"Content-Type": content_type, "ETag": etag}
            status = 304 if self.headers.get("If-None-Match") == etag else 200
        with self.site.lock:
            self.site.log.append(Served(self.path, status))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        payload = b"" if status == 304 else body
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class RouteSite:
    """`with RouteSite() as site:`; `site.put(path, body)` sets (or changes) what a path answers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.log: list[Served] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"site": self}))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def put(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        self.routes[path] = (body.replace("{base}", self.base).encode("utf-8"), content_type)

    def served(self, path: str) -> list[int]:
        return [s.status for s in self.log if s.path == path]

    def __enter__(self) -> RouteSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
