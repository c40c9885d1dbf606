"""Publication dates written in the text: `Sabtu (2/3/2024)`, `Selasa (26/12)`, `4 Maret 2024`.

Reporters date the statements they quote, and that date is the day of publication or the day before; pages
that carry no date in their markup are dated this way. A date without a year takes it from the text
(`di tahun 2023 ini`), never from today.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import dateparser

from extractors.common.modality import is_target

MONTHS = (r"Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Agst|Sep|Sept|Okt|Nov|Nop|Des")
_DAYS = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Jum’at|Sabtu|Minggu|Ahad"
_DAY_PAREN_RE = re.compile(
    rf"\b(?:{_DAYS})\s*,?\s*\(\s*(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{2,4}}))?\s*\)", re.I)
_LONG_RE = re.compile(rf"\b(?:(?:{_DAYS})\s*,?\s*)?(?P<d>\d{{1,2}})\s+(?P<mon>{MONTHS})\.?\s+(?P<y>(?:19|20)\d{{2}})\b",
                      re.I)
_THIS_YEAR_RE = re.compile(r"\btahun\s+((?:19|20)\d{2})\s+ini\b", re.I)
_ANY_YEAR_RE = re.compile(r"(?<![\d/.,])((?:19|20)\d{2})(?![\d/])")
_LAW_YEAR_RE = re.compile(r"(?:Nomor|No\.?|UU|PP|Permendagri|Perda|Perbup|Perwal|Pergub)\s*\d+\s*(?:Tahun|/)\s*\d{4}",
                          re.I)
_SAID_BEFORE = re.compile(r"\b(?:ujar|ujarnya|kata|katanya|ungkap|ungkapnya|jelas|jelasnya|tutur|tuturnya|terang|"
                         r"terangnya|sampai|sampainya|ucap|ucapnya|tegas|tegasnya|sebut|sebutnya|papar|paparnya|"
                         r"beber|bebernya|imbuh|imbuhnya|tambah|tambahnya|pungkas|pungkasnya|tutup|tutupnya|"
                         r"kata\s+\w+|ujar\s+\w+)\b[^.\n]{0,60}$", re.I)
_PLAN_BEFORE = re.compile(r"\b(?:untuk|menuju|menyongsong|APBD|RAPBD|anggaran)\s+(?:tahun\s+)?$", re.I)
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


def parse_date(text: str) -> date | None:
    """Any Indonesian date expression, through dateparser told the language."""
    parsed = dateparser.parse(text, languages=["id"], settings=_SETTINGS)  # type: ignore[arg-type]
    return parsed.date() if isinstance(parsed, datetime) else None


ZONES = {"WIB": timedelta(hours=7), "WITA": timedelta(hours=8), "WIT": timedelta(hours=9)}


def published_at_from(value: str | None) -> datetime | date | None:
    """A page's timestamp: ISO (`2024-03-02T14:20:00+07:00`), or a CMS date with its zone
    (`Kamis 05-03-2026,06:50 WIB` is 06:50 at +07:00). A time without a zone is taken as WIB, where most
    of these newsrooms are; a bare date stays a date."""
    if not value:
        return None
    text = value.strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return when if when.tzinfo else when.replace(tzinfo=timezone(ZONES["WIB"]))
    except ValueError:
        pass
    zone = re.search(r"\b(WIB|WITA|WIT)\b", text)
    tz = timezone(ZONES[zone.group(1) if zone else "WIB"])
    cleaned = re.sub(r"\b(?:WIB|WITA|WIT)\b", "", text).replace(",", " ")
    m = re.search(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b(?:\D{0,12}?(\d{1,2})[:.](\d{2}))?", cleaned)
    if m:
        try:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
        if m.group(4):
            return datetime(day.year, day.month, day.day, int(m.group(4)) % 24, int(m.group(5)), tzinfo=tz)
        return day
    return parse_date(cleaned)


def moment(value: str | None) -> datetime | None:
    """A channel's timestamp as an instant; a bare date is its midnight in WIB."""
    when = published_at_from(value)
    if when is None or isinstance(when, datetime):
        return when
    return datetime(when.year, when.month, when.day, tzinfo=timezone(ZONES["WIB"]))


def context_year(text: str, before: date | None = None) -> int | None:
    """The year a text is written in, when it only gives day and month: `tahun 2023 ini`, else the latest
    year it reports (not one it plans for: `langkah untuk tahun 2024`)."""
    stated = _THIS_YEAR_RE.search(text)
    if stated:
        return int(stated.group(1))
    cleaned = _LAW_YEAR_RE.sub(lambda m: " " * len(m.group()), text)
    limit = (before or date.today()).year
    years = []
    for m in _ANY_YEAR_RE.finditer(cleaned):
        year = int(m.group(1))
        sentence_start = max(cleaned.rfind(". ", 0, m.start()), cleaned.rfind("\n", 0, m.start())) + 1
        if year <= limit and not is_target(cleaned, sentence_start, m.start()) and not _PLAN_BEFORE.search(
                cleaned, max(0, m.start() - 25), m.start()):
            years.append(year)
    return max(years) if years else None


def date_in_text(text: str) -> date | None:
    """The date of the text's quoted statements (`ujarnya, Kamis (2/5/2024)`), the latest of them; else the
    first dated day; else the first written-out date; or None."""
    said: list[date] = []
    found: list[tuple[int, date]] = []
    for m in _DAY_PAREN_RE.finditer(text):
        year = m.group("y")
        if year is None:
            y = context_year(text)
            if y is None:
                continue
            year = str(y)
        elif len(year) == 2:
            year = f"20{year}"
        try:
            day = date(int(year), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        found.append((m.start(), day))
        if _SAID_BEFORE.search(text, max(0, m.start() - 80), m.start()):
            said.append(day)
    if said:
        return max(said)
    if found:
        return found[0][1]
    long = _LONG_RE.search(text)
    if long:
        parsed = parse_date(long.group(0))
        if parsed:
            found.append((long.start(), parsed))
    if not found:
        return None
    return min(found)[1]


# `/2019/02/08/slug`, `/2023-12-26/`, `/read/2024/03/14/`: the date permalinks of WordPress and most news CMSs.
_URL_DATE_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<sep>[/-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?=/|$|[-_.]?\D)")


def date_in_url(url: str | None) -> date | None:
    """The publication day a page's address states, for a saved text or page that states none itself: a
    permalink's date is the day the CMS published the story, and the crawler always knows the address."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    m = _URL_DATE_RE.search(path)
    if m is None:
        return None
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
