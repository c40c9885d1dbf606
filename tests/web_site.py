"""`pantau web` for the tests: the analysts' database with an article that carries markup, served for real by
uvicorn on 127.0.0.1 in a thread of the test process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from extractors.facts.extract import extract
from models import Article
from pantau.store.published import writing
from pantau.web.app import create_app
from tests.analyst_data import build

# A story from an outlet that puts markup in its title and body: it must show as text.
HOSTILE = Article(title="<script>alert('judul')</script> Skor SPM Kaur Naik",
                  body="KAUR - Capaian SPM Kabupaten Kaur tahun 2024 mencapai 81,25 persen menurut Kemendagri. "
                       "<script>alert('isi')</script> <img src=x onerror=alert(1)>",
                  url="https://jahat.test/2024/spm-kaur", publisher="jahat.test", source_id="jahat")


def web_database(path: Path) -> Path:
    build(path)
    with writing(path) as store:
        store.load_extraction(extract(HOSTILE))
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app on a free port until the block ends; yields its base URL once it answers."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/konflik", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
