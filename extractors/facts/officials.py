"""Regional-government officials named in their office: `Sekda Lebong, H Mustarani Abidin SH MSi`.

The shapes reporters use are few: office [region] [,] name [, degrees], or name [, degrees], office
[region]. Honorifics before a name and degrees after it are dropped; the office is shortened to the title
readers know (`Sekretaris Daerah` is `Sekda`, `Walikota` is `Wali Kota`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.common.lines import headline_like
from extractors.facts.gazetteer import Gazetteer
from extractors.facts.regions import Mention
from models import Official

_PREFIX = (r"(?:(?P<prefix>Penjabat(?:\s+Sementara)?|Pjs\.?|PJs\.?|PJS|Pj\.?|PJ|Plt\.?|PLT|Plh\.?|"
           r"Pelaksana\s+Tugas|Pelaksana\s+Harian)"
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
    r"Kadis(?:dikbud|dik|dukcapil|kominfo|kominsta|kes|hub|par|naker|sos)|Kadin(?:sos|kes|dik)|"
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
# Heads of a department written as one word, as regional papers do.
_GLUED_HEADS = {
    "kadisdikbud": "Kepala Dinas Pendidikan dan Kebudayaan", "kadisdik": "Kepala Dinas Pendidikan",
    "kadindik": "Kepala Dinas Pendidikan", "kadisdukcapil": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
    "kadiskominfo": "Kepala Dinas Komunikasi dan Informatika",
    "kadiskominsta": "Kepala Dinas Komunikasi, Informatika dan Statistik", "kadiskes": "Kepala Dinas Kesehatan",
    "kadinkes": "Kepala Dinas Kesehatan", "kadishub": "Kepala Dinas Perhubungan", "kadispar": "Kepala Dinas Pariwisata",
    "kadisnaker": "Kepala Dinas Tenaga Kerja", "kadinsos": "Kepala Dinas Sosial", "kadissos": "Kepala Dinas Sosial",
}
# Offices named whole by their head word: nothing but `Daerah` continues them.
_WHOLE_OFFICES = frozenset({"bappeda", "bapenda", "bpkad", "bpkd", "bkpsdm", "bkd", "bkpp", "inspektorat", "satpol pp",
                            "disdukcapil", "dukcapil", "dpmptsp", "bappelitbangda", "bapperida", "bpbd", "diskominfo"})
# What an office's holder is of, between the office and the region: `Asisten III Bidang Administrasi Umum`,
# `Asisten III Sekretaris Daerah Kabupaten Lampung Utara`, `Kepala Bidang Riset dan Inovasi Daerah, Bapperida`.
_DESCRIPTOR = re.compile(r"\s*(?:(?P<field>[Bb]idang)\s+|(?:Sekretaris|Sekretariat)\s+Daerah\b"
                         r"(?:\s+(?:Provinsi|Kabupaten|Kota)(?=\s*\())?|,\s*(?:Bappeda|Bapperida|Bapenda|Bappelitbangda|"
                         r"BKPSDM|BKD|BPKAD|BPKD|Setda\w*)\b)")
_SHORT_HEADS = {"kadis": "Kepala Dinas", "kabag": "Kepala Bagian", "kaban": "Kepala Badan", "karo": "Kepala Biro"}
# Offices of national bodies: their people are not regional officials.
_NATIONAL = re.compile(r"\b(?:BPK|KPK|Ombudsman|Kementerian|Kemendagri|KemenPAN|Perwakilan|Direktorat|Ditjen|"
                       r"Deputi|BPKP|Kanwil|Balai|Pusat|RI)\b")

_HONORIFICS = frozenset({"H", "H.", "Hj", "Hj.", "Dr", "Dr.", "dr", "dr.", "Ir", "Ir.", "Drs", "Drs.", "Dra",
                         "Dra.", "Prof", "Prof.", "KH", "K.H.", "Tgk", "Hajjah", "Haji", "drg", "drg.", "Drg",
                         "HM", "H.M.", "Hm", "Rr", "Rr."})
# Honorifics written in lower case after an office: `Penjabat Gubernur pak Akmal Malik`.
_LOWER_HONORIFICS = frozenset({"pak", "bapak", "ibu", "bu"})
# Balinese names open with a caste title in capitals: `AA Gde Agung Bharata`, `IB Rai Dharmawijaya Mantra`.
_NAME_CAPITALS = frozenset({"AA", "IB", "IGA", "IGN", "IGK", "IGB", "IGAA", "IGAK", "IDG", "IDA"})
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
    "Bagian", "Biro", "Sekretaris", "Daerah", "Bidang", "Asisten", "Kabag", "Kadis", "Kaban", "Kabid", "Kasubag",
    "Kasi", "Camat", "Lurah", "Ketua", "Anggota", "Para", "Pak", "Bapak", "Ibu", "Bu", "Kapolres", "Kapolda",
    "Dandim", "Program", "Bappeda", "Bapperida", "Bapenda", "Bappelitbangda", "Disdukcapil", "Dukcapil",
    "Diskominfo", "Pemerintah", "Pemerintahan",
})
# An office's words (`Perencanaan`, `Kepegawaian`, `Pembangunan`): a noun formed pe-...-an or ke-...-an is
# the name of a function; a person's name hardly ever opens with one (`Sutan Riska Tuanku Kerajaan` may end so).
_FUNCTION_NOUN = re.compile(r"(?:Pe(?:m|n|ng|ny|r|l)?|Ke)[a-z]{3,}an")
# `Peraturan Bupati`, `Kantor Gubernur`, `Piala Bupati`: the office as a thing, not a person.
_NOT_A_PERSON_BEFORE = re.compile(
    r"\b(?:Peraturan|Keputusan|Instruksi|Surat Edaran|Kantor|Rumah Dinas|Rumah Jabatan|Piala|Pendopo|Rumdin|"
    r"Rujab|Halaman|Aula|Kediaman|Staf Ahli|Staf Khusus|Tim)\s*$", re.I)
_NAME_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w'’-]*\.?\s+){0,5}[A-Z][\w'’-]+)\s*(?:,?\s*(?:[A-Z][\w.]{0,8}\.?\s*,?\s*){0,4})?"
    r"(?:,\s*|\s+selaku\s+)$")                     # `Mustarani Abidin, Sekda ...`, `Andi Arsyad selaku Pj Sekda`
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
        if not seen_word and (m.group() in _HONORIFICS or token in _HONORIFICS or token in _LOWER_HONORIFICS):
            i = m.end()
            continue
        if not seen_word and token == "Sri" and re.match(r"\s+Sultan\b", text[m.end():limit]):
            i = text.index("Sultan", m.end()) + len("Sultan")      # `Sri Sultan Hamengku Buwono X`: a title
            continue
        if not token or not token[0].isupper() or token in _STOP_WORDS or (
                not seen_word and _FUNCTION_NOUN.fullmatch(token)):
            break
        if _DEGREE_RE.match(token) and seen_word:
            break
        if token.isupper() and len(token) > 1 and not seen_word and token not in _NAME_CAPITALS:
            break
        # an initial keeps its full stop (`Salim S. Mengga`, `P. Tangke Rombe`); other words stop before it
        initial = len(token) == 1 and m.group() == f"{token}."
        words.append((m.group() if initial else token, m.start(), m.end() if initial else m.start() + len(token)))
        seen_word = True
        i = m.end() if initial else m.start() + len(token)
        if len(words) >= 6:
            break
    while words and (_DEGREE_RE.match(words[-1][0]) or (len(words[-1][0]) == 2 and words[-1][0].endswith("."))):
        words.pop()                                    # degrees, and an initial that ends the name is one too
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
    if not words or any(w in _STOP_WORDS for w in words) or _FUNCTION_NOUN.fullmatch(words[0]):
        return None
    start = base + m.start(1) + m.group(1).find(words[0])
    return _Name(" ".join(words), start, start + len(" ".join(words)))


_OFFICE_WORD_RE = re.compile(r"\s*(\([^)]{1,20}\)|[A-Z][\w&/-]*|dan)")
# A comma inside an office's name: more capitalised words follow and end in `Daerah` or an acronym.
_OFFICE_CONTINUES_RE = re.compile(
    r",\s+(?:(?:[A-Z][\w&/-]*|dan)\s+){0,6}(?:Daerah\b|[A-Z][\w&/-]*\s+\([A-Z][A-Za-z]+\))")


def _office(text: str, pos: int, limit: int, mention_starts: set[int], complete: bool = False) -> tuple[str, int]:
    """The office words after `Kepala Dinas`: capitalised words up to the region, a comma or a name. An office
    named whole (`Kepala Inspektorat`, `Kepala BPBD`) goes on by `Daerah` at most: what follows is the name."""
    words: list[str] = []
    i = pos
    while i < limit:
        if complete and not re.match(r"\s*Daerah\b", text[i:limit]):
            break
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
        if re.fullmatch(_SECRETARIAT, word) or word in ("Sekretariat", "Pemkab", "Pemkot", "Pemprov", "Pemda",
                                                         "Kabupaten", "Kota", "Provinsi"):
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
    consumed = 0
    chain: tuple[int, str] | None = None             # where the last official's name ended, and their region
    level_homes = _level_homes(mentions, gazetteer)
    for rm in _ROLE_RE.finditer(text, title_end):   # headlines capitalise every word: names have no end
        if rm.start() < consumed or _NOT_A_PERSON_BEFORE.search(text, max(0, rm.start() - 25), rm.start()):
            continue                                # `Sekretaris Daerah` of `Asisten III Sekretaris Daerah`
        line_start = text.rfind("\n", 0, rm.start()) + 1
        line_end = text.find("\n", rm.start())
        # A line shaped like a headline whose office opens it (`Pj Bupati Kolaka Tinjau Jalan`), not a
        # sentence that reaches the office (`Hal ini disampaikan Kepala Dinas ...`).
        in_headline = headline_like(text[line_start:line_end if line_end >= 0 else len(text)]) and all(
            w[0].isupper() or w.lower() in ("di", "ke", "dan", "dari", "untuk", "oleh")
            for w in re.findall(r"[A-Za-z][\w'-]*", text[line_start:rm.start()]))
        role_word = " ".join(rm.group("role").split())
        head = role_word.lower()
        pos = rm.end()
        line_end = text.find("\n", pos)
        limit = len(text) if line_end < 0 else line_end
        if head in _GLUED_HEADS:
            role = _GLUED_HEADS[head]
        elif head.split()[0] in ("kepala", "kadis", "kabag", "kaban", "karo"):
            whole = " ".join(head.split()[1:]) in _WHOLE_OFFICES
            office, pos = _office(text, pos, limit, mention_starts, complete=whole)
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
            short = "Pjs" if prefix.lower().startswith(("pjs", "penjabat sementara")) else \
                "Pj" if prefix.lower().startswith(("pj", "penjabat")) else \
                "Plh" if prefix.lower().startswith(("plh", "pelaksana harian")) else "Plt"
            role = f"{short} {role}"
        described = _DESCRIPTOR.match(text, pos, limit) if not role.endswith("Sekda") else None
        if described is not None:
            pos = described.end()
            if described.group("field"):
                pos = _office(text, pos, limit, mention_starts)[1]
            consumed = pos
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
            # `Wakil Bupati Konawe Kepulauan (Konkep) Andi ...`, `Bupati Morowali Utara, Sulawesi Tengah, Dr. ...`
            bracket = re.match(r"\s*\([^()\n]{1,30}\)", text[after:limit])
            after += bracket.end() if bracket else 0
            gap = re.match(r"\s*,\s*", text[after:limit])
            province = by_start.get(after + gap.end()) if gap else None
            if province is not None and province.code and gazetteer.get(province.code).level == "provinsi" and \
                    re.match(r"\s*,", text[province.end:limit]):
                after = province.end
        comma = re.match(r"\s*,?\s*", text[after:])
        if in_headline and (comma is None or "," not in comma.group()):
            continue                                    # `Pj Bupati Kolaka Tinjau Jalan ...`: a verb, not a name
        name = _read_name(text, after + (comma.end() if comma else 0), limit)
        if name is None:
            name = _read_name_backwards(text, rm.start())
        if name is None or any(m.start <= name.start < m.end for m in mentions):
            continue
        code = region.code if region else None
        if code is None and chain is not None and chain[0] <= rm.start() - len(prefix or "") and \
                _IN_COMPANY.fullmatch(text, chain[0], rm.start() - len(prefix or "")) and \
                _ROLE_LEVEL.get(_bare(role), gazetteer.get(chain[1]).level) == gazetteer.get(chain[1]).level:
            code = chain[1]                              # `Inspektur Kota Magelang Larsita, Kadinsos Bambang`
        if code is None:
            code = _default_region(role, home_region, gazetteer, level_homes)
        if _NATIONAL.search(text[max(0, rm.start() - 40):rm.start()]) and region is None:
            continue
        field = "title" if rm.start() < title_end else "body"
        chain = (name.end, code) if code else None
        key = (name.text, role, code)
        if key not in found:
            q_start = min(rm.start(), name.start)
            q_end = max(name.end, after)
            found[key] = Official(name.text, role, code, text[q_start:q_end], field, q_start, q_end)
    return _drop_short_names(list(found.values()))


# Between officials named one after another, who share the first one's region: `Inspektur Kota Magelang
# Larsita, Kadinsos Bambang`, `Bupati Sukento yang hadir didampingi Asisten Pemerintahan Kodadiyanto`.
_IN_COMPANY = re.compile(r"(?:\s*,\s*(?:[A-Z]{2,}\w*\.?\s*,\s*)*|\s+(?:dan|serta)\s+|"
                         r"[^.;\n]{0,25}?\b(?:didampingi|bersama)(?:\s+(?:oleh|dengan))?\s+)")


def _bare(role: str) -> str:
    return role.split(" ", 1)[1] if role.startswith(("Pj ", "Pjs ", "Plt ", "Plh ")) else role


def _level_homes(mentions: list[Mention], gazetteer: Gazetteer) -> dict[str, str]:
    """The article's own kabupaten and its own kota: at each level, the region named most often, where one
    is named more than any other."""
    counts: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.code:
            counts.setdefault(gazetteer.get(m.code).level, Counter())[m.code] += 1
    homes = {}
    for level, counter in counts.items():
        top = counter.most_common(2)
        if len(top) == 1 or top[0][1] > top[1][1]:
            homes[level] = top[0][0]
    return homes


def _drop_short_names(officials: list[Official]) -> list[Official]:
    """`Bupati Wirasana` after `Bupati Tabanan, I Gusti Ngurah Wirasana` is the same person, not another; so is
    `Bupati Husniah`, told without a region, after `Bupati Gowa, Sitti Husniah Talenrang`."""
    def shorter(a: Official, b: Official) -> bool:
        return (a is not b and a.role == b.role and a.region_code in (b.region_code, None)
                and len(a.name) < len(b.name) and set(a.name.split()) <= set(b.name.split()))

    return [o for o in officials if not any(shorter(o, other) for other in officials)]


def _default_region(role: str, home: str | None, gazetteer: Gazetteer, level_homes: dict[str, str]) -> str | None:
    """An office named without a region is the article's region's, at the office's level: a story about
    Kabupaten Magelang that quotes `Wali Kota Sigit` means the kota the story names most. A local office
    (`Kepala Dinas Sosial`) in a story whose region is a province is the kabupaten's or kota's the story names
    most, where it names one more than others."""
    if home is None:
        return None
    region = gazetteer.get(home)
    level = _ROLE_LEVEL.get(_bare(role))
    if level == "provinsi":
        return region.province_code
    if level and region.level != level:
        return level_homes.get(level)
    if level is None and region.level == "provinsi":
        local = [code for lv, code in level_homes.items() if lv != "provinsi"
                 and gazetteer.get(code).province_code == home]
        return local[0] if len(local) == 1 else home
    return home
