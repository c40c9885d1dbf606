"""Plain text to article: the headline, and the body without the page chrome that came with it.

Saved article texts (like the seeds) carry what the page had around the story: photo captions with their
credits, `BACA JUGA:` links between paragraphs, and a tail of tag lists, related headlines and share
buttons. Only the reporter's text is kept; everything after the first tail marker is dropped.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.common.dates import MONTHS, date_in_text, date_in_url, parse_date
from extractors.common.lines import headline_like
from models import Article

# A line that is exactly one of these starts the page's tail: nothing after it is the article.
TAIL_MARKERS = frozenset({
    "tag", "tags", "share", "berita terkini", "berita terpopuler", "berita pilihan", "rekomendasi untuk anda",
    "ikuti kami di", "terkini", "terpopuler", "pilihan", "artikel terkait", "berita terkait", "berita lainnya",
    "populer", "baca berita lainnya", "topik", "tag:", "tags:", "editor's pick", "terbaru", "most popular",
    "terkait", "bagikan", "bagikan ini", "share this", "menyukai ini", "suka memuat...", "navigasi pos",
    "tinggalkan balasan", "tinggalkan komentar", "komentar", "related", "related posts", "artikel lainnya",
    "video terkait", "live streaming", "pilihan editor", "trending", "most read", "rekomendasi",
    "berita rekomendasi", "baca selanjutnya", "postingan terkait", "kabar terkait", "tonton juga",
})
# Tail markers that head a box of links to other stories: pages put such a box inside the story too
# (`Berita Lainnya` between two paragraphs), so the story may go on after it.
_LINK_BOX_MARKERS = frozenset({"berita lainnya", "berita terkait", "artikel terkait", "artikel lainnya",
                               "baca berita lainnya", "berita pilihan", "berita terkini", "berita terpopuler",
                               "berita rekomendasi", "terkait", "rekomendasi", "pilihan editor", "kabar terkait"})
# A label that introduces links to other stories, inline (followed by more of this story) or as the tail.
_LINKS_LABEL_RE = re.compile(r"^(?:baca juga|baca pula|lihat juga|simak juga|tonton juga|baca selengkapnya|"
                             r"artikel terkait|berita terkait)\s*:?\s*$", re.I)
_TAIL_PREFIX_RE = re.compile(
    r"^(?:artikel ini telah tayang|artikel ini sudah tayang|©|copyright|all right reserved|"
    r"sumber\s*:|rekomendasi untuk anda|ikuti kami di|tag\s*:|tags\s*:|baca berita|simak berita)", re.I)
# Lines inside the story that are not the story.
_DROP_LINE_RE = re.compile(
    r"^\s*(?:baca\s+juga\s*:|cek berita dan artikel|ikuti (?:kami|berita|whatsapp|saluran|channel|update)|"
    r"simak (?:juga|berita|breaking news|update)|gabung (?:whatsapp|saluran|channel)|"
    r"dapatkan (?:update|berita)|penulis\s*:|editor\s*:|reporter\s*:|foto\s*:|laporan wartawan|"
    r"follow\s|klik\s|\(\s*[\w.-]+(?:\s+[\w.-]+){0,3}\s*/\s*[\w .'-]{2,40}\)\s*$)", re.I)
_CREDIT_LINE_RE = re.compile(r"^[\w .'-]{2,40}/[\w .'-]{2,40}$")
_CAPTION_CREDIT_RE = re.compile(r"\s*[-–(\[]*\s*(?:foto|photo|dok|ist)\s*[:.]\s*[^\n]*$", re.I)
# `...Pemkab Bengkulu Selatan-Wawan-radarselatan.bacakoran.co`: a photographer and the site glued on.
_DOMAIN_CREDIT_RE = re.compile(r"\s*[-–]+\s*[A-Z][\w .']{1,30}\s*[-–/]\s*[\w.-]+\.(?:co|id|com|net|org)\b\S*\s*$")


# A page header's date row: `Selasa, 20 Februari 2024 | 14:05 WITA`, `Kamis 05-03-2026,06:50 WIB`.
_HEADER_DATE_RE = re.compile(
    rf"^\W*(?:(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)\s*,?\s*)?"
    rf"(?P<date>\d{{1,2}}\s+(?:{MONTHS})\.?\s+\d{{4}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}})"
    r"\s*(?:[|,-]?\s*(?:pukul\s+)?\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)?\s*(?:WIB|WITA|WIT)?\s*$", re.I)
# Site furniture a copied page starts with: `SCROLL UNTUK MELANJUTKAN MEMBACA`, `Tutup x`, `close menu`.
_PAGE_CHROME_RE = re.compile(r"^\s*(?:scroll\s+(?:untuk|to|down)|tutup\b|close\b|masuk\b|login\b|daftar\b|menu\b|"
                             r"advertisement|iklan\b|loading)", re.I)
_BREADCRUMB_RE = re.compile(r"^(?:[\w .-]{1,30}\s*[>»/]\s*){1,5}[\w .-]{1,40}$")
# A story's first line opens with its dateline: `Medan (ANTARA) - `, `JAKARTA, SITUS.com – `, `Situs.id- `.
_DATELINE_RE = re.compile(
    r"^\W{0,3}(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s*(?:\(\s*[\w .]{2,30}\)|,\s*[\w.-]+\.(?:com|co\.id|id|"
    r"net|news|co|COM|ID)\b|,\s*[A-Z][\w .]{1,30})?|[\w.-]+\.(?:com|co\.id|id|net|news|COM|ID)"
    r"(?:\s*,\s*[A-Z][\w .]{1,30})?)(?:\s+[-–—]+\s*|\s*[-–—]+\s+)\S")


def header_date(lines: list[str]) -> tuple[date | None, int | None]:
    """The date row of a page header among the first lines after the headline, and its index."""
    for index, line in enumerate(lines[:12]):
        m = _HEADER_DATE_RE.match(line.strip())
        if m:
            raw = m.group("date")
            numeric = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", raw)
            try:
                found = date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1))) if numeric \
                    else parse_date(raw)
            except ValueError:
                found = None
            if found:
                return found, index
    return None, None


def _is_tail(line: str) -> bool:
    low = line.strip().lower().rstrip(":")
    return low in TAIL_MARKERS or bool(_TAIL_PREFIX_RE.match(line.strip()))




def _body_like(line: str) -> bool:
    return len(line.split()) >= 12 and line.rstrip()[-1:] in '.!?"”)'


MAX_BOX_LINES = 8


def _link_text(line: str) -> bool:
    """A line that can be a link's text in a box of related stories: a headline in any case (`Pemkab raih
    predikat kepatuhan tinggi`), never a sentence or a line that introduces what follows."""
    text = line.strip()
    return 2 <= len(text.split()) <= 25 and text[-1] not in '.!?:;"”)' and not _is_tail(text)


def _introduces(line: str) -> bool:
    """A sentence that introduces a list of the story (`Berikut daftar daerah itu:`)."""
    return len(line.split()) >= 4 and line.rstrip().endswith(":") and not _LINKS_LABEL_RE.match(line)


def from_dateline(kept: list[str]) -> list[str]:
    """The story from its dateline on: what a page puts before the dateline (a photo caption under the lead
    image, a credit) is not the reporter's text. Only the first few lines are looked at, so a story
    without a dateline is untouched."""
    for index, line in enumerate(kept[:4]):
        if _DATELINE_RE.match(line):
            return kept[index:]
    return kept


def clean_lines(lines: list[str]) -> list[str]:
    """The story's paragraphs from a list of text lines: chrome dropped, the tail cut.

    Links to other stories come in three shapes: a `BACA JUGA:` line with its headline (dropped), a label
    line followed by headlines and then more of this story (dropped), and the same at the end of the page
    followed by nothing that reads like the story (the tail: cut). Two or more headline-like lines in a row
    are such links even without a label."""
    lines = [line.strip() for line in lines if line.strip()]
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if kept and _LINKS_LABEL_RE.match(line):
            j = i + 1
            while j < len(lines) and j - i <= MAX_BOX_LINES and _link_text(lines[j]):
                j += 1
            ahead = lines[j:j + 3]
            if ahead and not _is_tail(ahead[0]) and any(_body_like(a) or _introduces(a) for a in ahead):
                i = j                                   # an inline block: the story goes on after it
                continue
            break
        if kept and line.lower().rstrip(":") in _LINK_BOX_MARKERS:
            j = i + 1
            while j < len(lines) and j - i <= MAX_BOX_LINES and _link_text(lines[j]):
                j += 1
            if j < len(lines) and _body_like(lines[j]) and not _is_tail(lines[j]):
                i = j                                   # a box inside the story, which goes on after it
                continue
            break
        if kept and _is_tail(line):
            break
        if kept and headline_like(line) and i + 1 < len(lines) and headline_like(lines[i + 1]):
            while i < len(lines) and headline_like(lines[i]):
                i += 1                                  # a run of related headlines with no label
            continue
        i += 1
        if _DROP_LINE_RE.match(line) or _CREDIT_LINE_RE.match(line) or _BREADCRUMB_RE.match(line):
            continue
        if _HEADER_DATE_RE.match(line):
            continue
        line = _DOMAIN_CREDIT_RE.sub("", _CAPTION_CREDIT_RE.sub("", line)).rstrip(" -–")
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
    # Skip section labels and breadcrumbs (`Berita Pangkalpinang`, `Berita Aceh Besar`) before the headline.
    title_index = next((i for i in nonempty if len(lines[i].split()) >= 4 and not _BREADCRUMB_RE.match(lines[i])
                        and not _PAGE_CHROME_RE.match(lines[i])), nonempty[0])
    title = " ".join(lines[title_index].split())
    rest = lines[title_index + 1:]
    if (_body_like(title) and len(title.split()) > 25) or (_DATELINE_RE.match(title) and len(title.split()) >= 10):
        title, rest = "", lines[title_index:]            # a copy that starts with the story, not its headline
    kept = clean_lines(rest)
    published, _ = header_date([line for line in rest if line.strip()])
    # A date row above the dateline counts; failing any date in the text, the permalink's.
    published = published or date_in_text("\n\n".join(kept)) or date_in_url(url)
    return Article(title=title, body="\n\n".join(from_dateline(kept)), url=url, publisher=publisher,
                   published=published, source_id=source_id)
