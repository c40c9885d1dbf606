"""Regional-government officials named in their office: `Sekda Lebong, H Mustarani Abidin SH MSi`.

The shapes reporters use are few: office [region] [,] name [, degrees], or name [, degrees], office
[region]. Honorifics before a name and degrees after it are dropped; the office is shortened to the title
readers know (`Sekretaris Daerah` is `Sekda`, `Walikota` is `Wali Kota`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.common.lines import headline_like
from extractors.facts.gazetteer import Gazetteer
from extractors.facts.regions import Mention
from models import Official

_PREFIX = (r"(?:(?P<prefix>Penjabat|Pj\.?|PJ|Plt\.?|PLT|Plh\.?|Pelaksana\s+Tugas|Pelaksana\s+Harian)"
           r"\s*(?:\((?:Pj|Plt|Plh)\.?\)\s*)?)?")
_OFFICE_HEAD = (r"Dinas|Badan|Bagian|Biro|Kantor|Bidang|Bappeda|Bapenda|BPKAD|BPKD|BKPSDM|BKD|BKPP|"
                r"Inspektorat|Satpol\s*PP|Disdukcapil|Dukcapil|DPMPTSP|Bappelitbangda|Bapperida|BPBD|Diskominfo")
_ROLE_RE = re.compile(
    _PREFIX
    + r"(?P<role>Sekretaris\s+Daerah(?:\s+(?:Provinsi|Kabupaten|Kota))?|Sekretaris\s+(?:Kabupaten|Kota)|"
    r"Sekda(?:prov|kab|kot)?|Sekkab|Sekkot|Sekko|Sekprov|Sekretaris\s+Provinsi|Wakil\s+Bupati|Wabup|Bupati|"
    r"Asisten\s+(?:IV|III|II|I|[1-4])(?![\w-])|Asisten\s+(?:Pemerintahan(?:\s+dan\s+Kesejahteraan\s+Rakyat)?|"
    r"Perekonomian\s+dan\s+Pembangunan|Administrasi\s+Umum)|"
    r"Direktur\s+(?:RSUD|Rumah\s+Sakit\s+Umum\s+Daerah|PDAM|Perumda)|"
    r"Wakil\s+Wali\s*[Kk]ota|Wakil\s+Walikota|Wawako|Wawali|Wali\s*[Kk]ota|Walikota|"
    r"Wakil\s+Gubernur|Wagub|Gubernur|Inspektur(?:\s+Daerah)?|"
    rf"(?:Kepala|Kadis|Kabag|Kaban|Karo)(?:\s+(?:{_OFFICE_HEAD}))?)"
    r"(?![\w-])")
_ROLE_NAMES = {
    "sekretaris daerah": "Sekda", "sekda": "Sekda", "sekdaprov": "Sekda", "sekdakab": "Sekda", "sekdakot": "Sekda",
    "sekretaris daerah provinsi": "Sekda", "sekretaris daerah kabupaten": "Sekda", "sekretaris daerah kota": "Sekda",
    "sekretaris kabupaten": "Sekda", "sekretaris kota": "Sekda", "sekkab": "Sekda", "sekkot": "Sekda", "sekko": "Sekda",
    "direktur rsud": "Direktur RSUD", "direktur rumah sakit umum daerah": "Direktur RSUD",
    "direktur pdam": "Direktur PDAM", "direktur perumda": "Direktur Perumda",
    "wakil bupati": "Wakil Bupati", "wabup": "Wakil Bupati", "bupati": "Bupati",
    "wakil wali kota": "Wakil Wali Kota", "wakil walikota": "Wakil Wali Kota", "wawako": "Wakil Wali Kota",
    "wawali": "Wakil Wali Kota", "wali kota": "Wali Kota", "walikota": "Wali Kota",
    "wakil gubernur": "Wakil Gubernur", "wagub": "Wakil Gubernur", "gubernur": "Gubernur",
    "inspektur": "Inspektur", "inspektur daerah": "Inspektur", "sekprov": "Sekda", "sekretaris provinsi": "Sekda",
}
# Offices better known by their holder's title: the head of the Inspektorat is its Inspektur.
_HEAD_TITLES = {"Kepala Inspektorat": "Inspektur", "Kepala Inspektorat Daerah": "Inspektur"}
_ROLE_LEVEL = {"Bupati": "kabupaten", "Wakil Bupati": "kabupaten", "Wali Kota": "kota",
               "Wakil Wali Kota": "kota", "Gubernur": "provinsi", "Wakil Gubernur": "provinsi"}
_SHORT_HEADS = {"kadis": "Kepala Dinas", "kabag": "Kepala Bagian", "kaban": "Kepala Badan", "karo": "Kepala Biro"}
# Offices of national bodies: their people are not regional officials.
_NATIONAL = re.compile(r"\b(?:BPK|KPK|Ombudsman|Kementerian|Kemendagri|KemenPAN|Perwakilan|Direktorat|Ditjen|"
                       r"Deputi|BPKP|Kanwil|Balai|Pusat|RI)\b")

_HONORIFICS = frozenset({"H", "H.", "Hj", "Hj.", "Dr", "Dr.", "dr", "dr.", "Ir", "Ir.", "Drs", "Drs.", "Dra",
                         "Dra.", "Prof", "Prof.", "KH", "K.H.", "Tgk", "Hajjah", "Haji", "drg", "drg.", "Drg",
                         "HM", "H.M.", "Hm"})
_DEGREE_RE = re.compile(
    r"^(?:(?:[SMD]\.?[A-Z][A-Za-z]{0,4}\.?)+(?:[.,]?[A-Z][a-z]{0,3}\.?)*|Sp\.?[A-Z][A-Za-z]{0,3}|Ak|CA|CPA|Lc|PhD|"
    r"Ph\.D|MA|MM|ME|MT|MH|"
    r"SH|SE|ST|SP|SIP|SKM|MAP|MBA|MPH|MARS|CHRMP|QIA|CFrA|M\.M|M\.H|M\.T|M\.E|S\.E|S\.H|S\.T|Sp\.[A-Z]{1,3}|"
    r"[SMD]\.[A-Za-z]{1,5}(?:\.[A-Za-z]{1,4})*\.?)$")
_STOP_WORDS = frozenset({
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad", "Januari", "Februari",
    "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember", "Kabupaten",
    "Kota", "Provinsi", "Pemkab", "Pemkot", "Pemprov", "Pemda", "Sekda", "Bupati", "Gubernur", "Wali", "Walikota",
    "Wakil", "Kepala", "Dalam", "Saat", "Ketika", "Pada", "Di", "Ia", "Dia", "Menurut", "Untuk", "Dengan", "Yang",
    "Dan", "Ini", "Itu", "Tahun", "Kemendagri", "Ombudsman", "KPK", "BPK", "SPM", "SAKIP", "MCP", "SPI", "WTP",
    "OPD", "ASN", "RI", "Setda", "Sekretariat", "Nomor", "No", "Tentang", "Cup", "Inspektorat", "Badan", "Dinas",
    "Bagian", "Biro"
})
# `Peraturan Bupati`, `Kantor Gubernur`, `Piala Bupati`: the office as a thing, not a person.
_NOT_A_PERSON_BEFORE = re.compile(
    r"\b(?:Peraturan|Keputusan|Instruksi|Surat Edaran|Kantor|Rumah Dinas|Rumah Jabatan|Piala|Pendopo|Rumdin|"
    r"Rujab|Halaman|Aula|Kediaman|Staf Ahli|Staf Khusus|Tim)\s*$", re.I)
_NAME_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w'’-]*\.?\s+){0,5}[A-Z][\w'’-]+)\s*(?:,?\s*(?:[A-Z][\w.]{0,8}\.?\s*,?\s*){0,4})?,\s*$")
# Between an office and its region: `(Sekdaprov)`, `Setdakab`, `Sekretariat Daerah`.
_SECRETARIAT = r"(?:Setdakab|Setdako|Setdaprov|Setprov|Setkab|Setkot|Setko|Setda|Sekretariat\s+Daerah)\b"
_AFTER_OFFICE_RE = re.compile(rf"\s*(?:\([^)]{{1,20}}\)\s*)?(?:(?:{_SECRETARIAT})\s*)?(?:\([^)]{{1,20}}\)\s*)?")
_GLUED_HONORIFIC = re.compile(r"((?:H|Hj|Dr|Drs|Dra|Ir|Prof|dr|drg)\.)[A-Z]")
_TOKEN_RE = re.compile(r"[A-Za-z][\w'’.-]*|\(|\)|,|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Name:
    text: str
    start: int
    end: int


def _read_name(text: str, pos: int, limit: int) -> _Name | None:
    """A person's name starting at `pos`: honorifics skipped, capitalised words read, degrees dropped."""
    words: list[tuple[str, int, int]] = []
    i = pos
    seen_word = False
    while i < limit:
        m = _TOKEN_RE.search(text, i, limit)
        if not m or text[i:m.start()].strip() or "\n" in text[i:m.start()]:
            break
        glued = _GLUED_HONORIFIC.match(m.group())
        if glued and not seen_word:                    # `Drs.Marzuki`: the honorific typed without a space
            i = m.start() + glued.end(1)
            continue
        token = m.group().rstrip(".,") if m.group() not in _HONORIFICS else m.group()
        if not seen_word and (m.group() in _HONORIFICS or token in _HONORIFICS):
            i = m.end()
            continue
        if not token or not token[0].isupper() or token in _STOP_WORDS:
            break
        if _DEGREE_RE.match(token) and seen_word:
            break
        if token.isupper() and len(token) > 1 and not seen_word:
            break
        words.append((token, m.start(), m.start() + len(token)))
        seen_word = True
        # an initial keeps its full stop (`Salim S. Mengga`, `P. Tangke Rombe`); other words stop before it
        i = m.end() if len(token) == 1 and m.group() == f"{token}." else m.start() + len(token)
        if len(words) >= 6:
            break
    while words and _DEGREE_RE.match(words[-1][0]):
        words.pop()
    if not words:
        return None
    return _Name(" ".join(w for w, _, _ in words), words[0][1], words[-1][2])


def _read_name_backwards(text: str, end: int) -> _Name | None:
    """`kata Mustarani Abidin, Sekda Lebong`: the name before the comma before an office."""
    head = text[max(0, end - 80):end]
    m = _NAME_BEFORE_RE.search(head)
    if not m:
        return None
    base = max(0, end - 80)
    words = m.group(1).split()
    while words and (words[0] in _HONORIFICS or words[0] in _STOP_WORDS):
        words.pop(0)
    while words and _DEGREE_RE.match(words[-1]):
        words.pop()
    if not words or any(w in _STOP_WORDS for w in words):
        return None
    start = base + m.start(1) + m.group(1).find(words[0])
    return _Name(" ".join(words), start, start + len(" ".join(words)))


_OFFICE_WORD_RE = re.compile(r"\s*(\([^)]{1,20}\)|[A-Z][\w&/-]*|dan)")
# A comma inside an office's name: more capitalised words follow and end in `Daerah` or an acronym.
_OFFICE_CONTINUES_RE = re.compile(
    r",\s+(?:(?:[A-Z][\w&/-]*|dan)\s+){0,6}(?:Daerah\b|[A-Z][\w&/-]*\s+\([A-Z][A-Za-z]+\))")


def _office(text: str, pos: int, limit: int, mention_starts: set[int]) -> tuple[str, int]:
    """The office words after `Kepala Dinas`: capitalised words up to the region, a comma or a name."""
    words: list[str] = []
    i = pos
    while i < limit:
        m = _OFFICE_WORD_RE.match(text, i)
        if not m and words and _OFFICE_CONTINUES_RE.match(text, i):
            words[-1] += ","                              # `Perencanaan Pembangunan, Riset dan Inovasi Daerah`
            i = text.index(",", i) + 1
            continue
        if not m or m.start(1) in mention_starts:
            break
        word = m.group(1)
        if word.startswith("("):
            i = m.end()
            continue
        if re.fullmatch(_SECRETARIAT, word) or word in ("Sekretariat", "Pemkab", "Pemkot", "Pemprov", "Kabupaten",
                                                         "Kota", "Provinsi"):
            break
        words.append(word)
        i = m.end()
        if len(words) >= 8:
            break
    while words and words[-1] == "dan":
        words.pop()
    return " ".join(words), i


def find_officials(text: str, mentions: list[Mention], gazetteer: Gazetteer,
                   home_region: str | None, title_end: int) -> list[Official]:
    """Officials in text order, one per (name, role, region); marks the mentions they used as `official`."""
    by_start = {m.start: m for m in mentions}
    mention_starts = {m.start for m in mentions} | {m.name_start for m in mentions}
    found: dict[tuple[str, str, str | None], Official] = {}
    for rm in _ROLE_RE.finditer(text, title_end):   # headlines capitalise every word: names have no end
        if _NOT_A_PERSON_BEFORE.search(text, max(0, rm.start() - 25), rm.start()):
            continue
        line_start = text.rfind("\n", 0, rm.start()) + 1
        line_end = text.find("\n", rm.start())
        in_headline = headline_like(text[line_start:line_end if line_end >= 0 else len(text)])
        role_word = " ".join(rm.group("role").split())
        head = role_word.lower()
        pos = rm.end()
        line_end = text.find("\n", pos)
        limit = len(text) if line_end < 0 else line_end
        if head.split()[0] in ("kepala", "kadis", "kabag", "kaban", "karo"):
            office, pos = _office(text, pos, limit, mention_starts)
            first = head.split()[0]
            lead = "Kepala" if first == "kepala" else _SHORT_HEADS[first]
            if first != "kepala" and office:
                role = f"{lead} {office}"
            elif first == "kepala":
                role = " ".join([lead, *role_word.split()[1:], office]).strip()
            else:
                role = lead
            if role == "Kepala" or _NATIONAL.search(role):
                continue
            role = _HEAD_TITLES.get(role, role)
        else:
            role = _ROLE_NAMES.get(head, role_word)
        prefix = rm.group("prefix")
        if prefix:
            short = "Pj" if prefix.lower().startswith(("pj", "penjabat")) else \
                "Plh" if prefix.lower().startswith(("plh", "pelaksana harian")) else "Plt"
            role = f"{short} {role}"
        # Skip `Setda` / `(Sekda)` and read the region named right after the office.
        skip = _AFTER_OFFICE_RE.match(text, pos)
        pos = skip.end() if skip else pos
        region: Mention | None = None
        for m in mentions:
            if pos - 12 <= m.start <= pos + 1 or (m.start < pos <= m.name_start + 1):
                region = m
                break
        if region is None:
            gap = re.match(r"\s*", text[pos:])
            nxt = by_start.get(pos + (gap.end() if gap else 0))
            region = nxt
        after = region.end if region else pos
        if region is not None:
            region.role = "official"
        comma = re.match(r"\s*,?\s*", text[after:])
        if in_headline and (comma is None or "," not in comma.group()):
            continue                                    # `Pj Bupati Kolaka Tinjau Jalan ...`: a verb, not a name
        name = _read_name(text, after + (comma.end() if comma else 0), limit)
        if name is None:
            name = _read_name_backwards(text, rm.start())
        if name is None or any(m.start <= name.start < m.end for m in mentions):
            continue
        code = region.code if region else _default_region(role, home_region, gazetteer)
        if _NATIONAL.search(text[max(0, rm.start() - 40):rm.start()]) and region is None:
            continue
        field = "title" if rm.start() < title_end else "body"
        key = (name.text, role, code)
        if key not in found:
            q_start = min(rm.start(), name.start)
            q_end = max(name.end, after)
            found[key] = Official(name.text, role, code, text[q_start:q_end], field, q_start, q_end)
    return _drop_short_names(list(found.values()))


def _drop_short_names(officials: list[Official]) -> list[Official]:
    """`Bupati Wirasana` after `Bupati Tabanan, I Gusti Ngurah Wirasana` is the same person, not another."""
    def shorter(a: Official, b: Official) -> bool:
        return (a is not b and a.role == b.role and a.region_code == b.region_code and len(a.name) < len(b.name)
                and set(a.name.split()) <= set(b.name.split()))

    return [o for o in officials if not any(shorter(o, other) for other in officials)]


def _default_region(role: str, home: str | None, gazetteer: Gazetteer) -> str | None:
    """An office named without a region is the article's region's, at the office's level."""
    if home is None:
        return None
    region = gazetteer.get(home)
    level = _ROLE_LEVEL.get(role.split(" ", 1)[1] if role.startswith(("Pj ", "Plt ", "Plh ")) else role)
    if level == "provinsi":
        return region.province_code
    if level and region.level != level:
        return None
    return home
