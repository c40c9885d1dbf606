"""A hostile and badly configured news site on loopback, for the crawler's defences.

One `HostileSite` serves two sources from one HTTP server on 127.0.0.1: `hostile` (addressed as
`127.0.0.1:PORT`), whose feed, sitemaps and pages misbehave in every way issue 14 lists, and `good`
(addressed as `localhost:PORT`), an ordinary site whose article must load whatever its neighbour does. An
`internal` server on 127.0.0.99 stands for a machine inside the network that a redirect must never reach:
the tests assert it was never asked anything.

Every answer is bounded: no response is held open longer than a few seconds, the one slow body is ten bytes,
a byte every 0.4 s (4 s: past the 3 s deadline, while each gap stays inside the 1 s read timeout, so only the
deadline can end it), and the decompression bomb is a few kilobytes that inflate to 256 MiB.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pantau.demo.sample_pages import gzip_bomb, wordpress_page

INTERNAL_HOST = "127.0.0.99"
BOMB_INFLATED = 256 * 1024 * 1024


def _article(slug: str, title: str, paragraphs: list[str], host: str) -> dict[str, Any]:
    return {"host": host, "family": "wordpress", "path": f"/{slug}/", "title": title,
            "published": "2026-12-01T09:00:00+07:00", "author": "Redaksi", "editor": "Redaksi",
            "section": "Pemerintahan", "caption": "Suasana penyerahan hasil penilaian.", "caption_credit": "dok",
            "dateline": "", "paragraphs": paragraphs, "related": ["Berita lain"], "tags": ["Ombudsman"]}


GOOD_PARAGRAPHS = [
    "Ombudsman RI Perwakilan Bengkulu menyerahkan hasil penilaian kepatuhan penyelenggaraan pelayanan publik "
    "tahun 2025 kepada pemerintah daerah di provinsi itu pada Senin (1/12/2026).",
    "Kabupaten Lebong meraih nilai 91,40 dan masuk zona hijau, naik dari tahun sebelumnya.",
]
HOSTILE_PARAGRAPHS = [
    "Ombudsman RI mengumumkan penilaian kepatuhan pelayanan publik tahun 2025 bagi pemerintah daerah di "
    "Provinsi Bengkulu.",
    "Kabupaten Kaur memperoleh nilai 78,20 dan berada di zona kuning.",
]


@lru_cache(maxsize=1)
def bomb() -> bytes:
    return gzip_bomb(BOMB_INFLATED)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: HostileSite
    timeout = 10                                   # no connection lingers

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle_error(self, request: object, client_address: object) -> None:
        pass                                       # a client that hung up on a bomb is expected

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        host = self.headers.get("Host", "").split(":")[0]
        path = self.path
        with self.site.lock:
            self.site.hits.append((host, path))
        route = self.site.routes.get((host, path)) or self.site.routes.get(("*", path))
        if route is None:
            self.send(404, b"not here", {"Content-Type": "text/plain"})
            return
        route(self)


class HostileSite:
    """`with HostileSite() as site:` serves until the block ends; `site.sources_toml()` points at it."""

    def __init__(self, *, sitemap_urls: int = 0, port: int = 0):
        self.hits: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.routes: dict[tuple[str, str], Callable[[_Handler], None]] = {}
        self.sitemap_urls = sitemap_urls
        handler = type("Handler", (_Handler,), {"site": self})
        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        internal_handler = type("Internal", (_Handler,), {"site": self})
        self.internal = ThreadingHTTPServer((INTERNAL_HOST, 0), internal_handler)
        self.internal.daemon_threads = True
        self.internal_port = self.internal.server_address[1]
        self._build()
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (self.server, self.internal)]

    # ------------------------------------------------------------------ addresses

    @property
    def hostile(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def good(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def internal_url(self) -> str:
        return f"http://{INTERNAL_HOST}:{self.internal_port}/admin/secret/"

    def internal_hits(self) -> list[tuple[str, str]]:
        return [h for h in self.hits if h[0] == INTERNAL_HOST]

    # ------------------------------------------------------------------ routes

    @staticmethod
    def _html(slug: str, title: str, paragraphs: list[str], base: str) -> bytes:
        html = wordpress_page(_article(slug, title, paragraphs, base.split("//")[1])).encode("utf-8")
        return html.replace(f"https://{base.split('//')[1]}".encode(), base.encode())

    def _page(self, slug: str, title: str, paragraphs: list[str], base: str) -> Callable[[_Handler], None]:
        html = self._html(slug, title, paragraphs, base)
        return lambda h: h.send(200, html, {"Content-Type": "text/html; charset=utf-8"})

    def _feed(self, base: str, links: list[str]) -> bytes:
        items = "".join(f"<item><title>Berita {i}</title><link>{link}</link>"
                        f"<pubDate>Tue, 01 Dec 2026 0{i % 10}:00:00 +0700</pubDate></item>"
                        for i, link in enumerate(links))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>'
                f"{items}</channel></rss>").encode()

    def _build(self) -> None:
        r, hostile, good = self.routes, self.hostile, self.good
        xml = {"Content-Type": "application/xml"}
        r[("*", "/robots.txt")] = lambda h: h.send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})

        # The good neighbour: one feed, one article.
        r[("localhost", "/feed/")] = lambda h: h.send(200, self._feed(good, [f"{good}/lebong-zona-hijau/"]), xml)
        r[("localhost", "/lebong-zona-hijau/")] = self._page(
            "lebong-zona-hijau", "Lebong Raih Zona Hijau Ombudsman", GOOD_PARAGRAPHS, good)

        # The hostile site's feed: one good article among hostile items.
        links = [f"{hostile}/kaur-zona-kuning/", "http://[::1/a/bad", f"{hostile}/to-data/",
                 f"{hostile}/to-internal/", f"{hostile}/to-metadata/", f"{hostile}/to-private/",
                 f"{hostile}/cafe-etag/", f"{hostile}/bomb/", f"{hostile}/slow/", f"{hostile}/naive-retry/"]
        r[("127.0.0.1", "/feed/")] = lambda h: h.send(200, self._feed(hostile, links), xml)
        r[("127.0.0.1", "/kaur-zona-kuning/")] = self._page(
            "kaur-zona-kuning", "Kaur Masih di Zona Kuning", HOSTILE_PARAGRAPHS, hostile)
        r[("127.0.0.1", "/broken-feed/")] = lambda h: h.send(200, b"<html><body>not a feed <<<", xml)
        r[("127.0.0.1", "/to-data/")] = lambda h: h.send(302, b"", {"Location": "data:text/html,<h1>x</h1>"})
        r[("127.0.0.1", "/to-internal/")] = lambda h: h.send(302, b"", {"Location": self.internal_url})
        r[("127.0.0.1", "/to-metadata/")] = lambda h: h.send(
            302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
        r[("127.0.0.1", "/to-private/")] = lambda h: h.send(302, b"", {"Location": "http://10.1.2.3/intranet/"})
        cafe = self._html("cafe-etag", "Halaman dengan ETag aneh", HOSTILE_PARAGRAPHS, hostile)

        def cafe_etag(h: _Handler) -> None:                # latin-1 on the wire: not a valid header value
            h.send(200, cafe, {"Content-Type": "text/html; charset=utf-8", "ETag": '"café"'})

        r[("127.0.0.1", "/cafe-etag/")] = cafe_etag
        r[("*", "/admin/secret/")] = lambda h: h.send(200, b"<html><body>internal secrets</body></html>",
                                                     {"Content-Type": "text/html"})
        r[("127.0.0.1", "/bomb/")] = lambda h: h.send(200, bomb(), {"Content-Type": "text/html",
                                                                   "Content-Encoding": "gzip, gzip"})

        def slow(h: _Handler) -> None:
            body = b"<html>...</html>"
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            for byte in body[:10]:
                try:
                    h.wfile.write(bytes([byte]))
                    h.wfile.flush()
                except OSError:
                    return
                time.sleep(0.4)                      # within the 1 s read timeout: only the deadline ends it

        r[("127.0.0.1", "/slow/")] = slow
        r[("127.0.0.1", "/naive-retry/")] = lambda h: h.send(
            429, b"", {"Retry-After": "Tue, 01 Dec 2026 10:00:00"})    # a date with no zone

        # Sitemaps: an index that lists itself, a child with a broken <loc> beside a good one.
        index = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"<sitemap><loc>{hostile}/sitemap.xml</loc></sitemap>"
                 f"<sitemap><loc>{hostile}/sitemap-posts.xml</loc></sitemap></sitemapindex>").encode()
        r[("127.0.0.1", "/sitemap.xml")] = lambda h: h.send(200, index, xml)
        posts = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"<url><loc>http://[::1/a/bad</loc></url>"
                 f"<url><loc>{hostile}/kaur-zona-kuning/</loc></url></urlset>").encode()
        r[("127.0.0.1", "/sitemap-posts.xml")] = lambda h: h.send(200, posts, xml)
        if self.sitemap_urls:
            many = "".join(f"<url><loc>{hostile}/arsip/{i}/</loc></url>" for i in range(self.sitemap_urls))
            big = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{many}'
                   "</urlset>").encode()
            r[("127.0.0.1", "/sitemap-big.xml")] = lambda h: h.send(200, big, xml)

    # ------------------------------------------------------------------ configuration

    def sources_toml(self, folder: Path, *, timeout: float = 1.0, big_sitemap: bool = False) -> Path:
        """A sources file for the two sites: the hostile one first, so its troubles come before the good one."""
        channels = [f'{{ kind = "rss", url = "{self.hostile}/feed/" }}',
                    f'{{ kind = "rss", url = "{self.hostile}/broken-feed/" }}',
                    f'{{ kind = "sitemap", url = "{self.hostile}/sitemap.xml" }}']
        if big_sitemap:
            channels = [f'{{ kind = "sitemap", url = "{self.hostile}/sitemap-big.xml" }}']
        joined = ",\n    ".join(channels)
        text = f"""
[defaults]
user_agent = "PantauHostileTest/1.0"
delay_seconds = 0
keywords = []
max_articles_per_run = 60000

[[source]]
id = "hostile"
name = "Situs Nakal"
publisher = "nakal.test"
hosts = ["127.0.0.1"]
profile = "wordpress"
timeout_seconds = {timeout}
retries = 1
article_url_patterns = ['/[a-z0-9-]+/$', '/arsip/[0-9]+/$']
channels = [
    {joined},
]

[[source]]
id = "good"
name = "Situs Baik"
publisher = "baik.test"
hosts = ["localhost"]
profile = "wordpress"
timeout_seconds = {timeout}
article_url_patterns = ['/[a-z0-9-]+/$']
channels = [
    {{ kind = "rss", url = "{self.good}/feed/" }},
]
"""
        path = folder / "hostile_sources.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def __enter__(self) -> HostileSite:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for s in (self.server, self.internal):
            s.shutdown()
            s.server_close()
