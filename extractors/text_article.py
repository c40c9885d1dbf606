"""Plain text to article: the headline, and the body without the page chrome that came with it.

Saved article texts (like the seeds) carry what the page had around the story: photo captions with their
credits, `BACA JUGA:` links between paragraphs, and a tail of tag lists, related headlines and share
buttons. Only the reporter's text is kept; everything after the first tail marker is dropped.
"""

from __future__ import annotations

import re

from extractors.pubdate import date_in_text
from models import Article

# A line that is exactly one of these starts the page's tail: nothing after it is the article.
TAIL_MARKERS = frozenset({
    "tag", "tags", "share", "berita terkini", "berita terpopuler", "berita pilihan", "baca juga",
    "rekomendasi untuk anda", "ikuti kami di", "terkini", "terpopuler", "pilihan", "artikel terkait",
    "berita terkait", "berita lainnya", "populer", "baca berita lainnya", "topik", "tag:", "tags:",
    "editor's pick", "terbaru", "most popular", "lihat juga",
})
_TAIL_PREFIX_RE = re.compile(
    r"^(?:artikel ini telah tayang|artikel ini sudah tayang|©|copyright|all right reserved|"
    r"sumber\s*:|rekomendasi untuk anda|ikuti kami di|tag\s*:|tags\s*:|baca berita|simak berita)", re.I)
# Lines inside the story that are not the story.
_DROP_LINE_RE = re.compile(
    r"^\s*(?:baca\s+juga\s*:|cek berita dan artikel|ikuti (?:kami|berita)|simak (?:juga|berita)|"
    r"dapatkan (?:update|berita)|penulis\s*:|editor\s*:|reporter\s*:|foto\s*:|laporan wartawan|"
    r"follow\s|klik\s|\(\s*\w+\s*/\s*\w+\s*\)\s*$)", re.I)
_CREDIT_LINE_RE = re.compile(r"^[\w .'-]{2,40}/[\w .'-]{2,40}$")
_CAPTION_CREDIT_RE = re.compile(r"\s*[-–(\[]*\s*(?:foto|photo|dok|ist)\s*[:.]\s*[^\n]*$", re.I)


def _is_tail(line: str) -> bool:
    low = line.strip().lower().rstrip(":")
    return low in TAIL_MARKERS or bool(_TAIL_PREFIX_RE.match(line.strip()))


def clean_lines(lines: list[str]) -> list[str]:
    """The story's paragraphs from a list of text lines: chrome dropped, the tail cut."""
    kept: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if kept and _is_tail(line):
            break
        if _DROP_LINE_RE.match(line) or _CREDIT_LINE_RE.match(line):
            continue
        line = _CAPTION_CREDIT_RE.sub("", line).rstrip(" -–")
        if line.endswith("--"):
            line = line.rstrip("-")
        if line:
            kept.append(line)
    return kept


def article_from_text(text: str, *, url: str | None = None, publisher: str | None = None,
                      source_id: str | None = None) -> Article:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if not nonempty:
        raise ValueError("the text is empty")
    # Skip breadcrumb lines (`Berita Pangkalpinang`) before the headline.
    title_index = next((i for i in nonempty if len(lines[i].split()) >= 3), nonempty[0])
    title = " ".join(lines[title_index].split())
    body = "\n\n".join(clean_lines(lines[title_index + 1:]))
    return Article(title=title, body=body, url=url, publisher=publisher, published=date_in_text(body),
                   source_id=source_id)
