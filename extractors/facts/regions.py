"""Region mentions: where a text names a province, kabupaten or kota, which one it means, and in what role.

A name alone is often ambiguous (`Bengkulu` is a province and a kota; `Banjar` a kota in West Java and a
kabupaten in South Kalimantan). The words before it settle most cases (`Pemkab`, `Kota`, `se-Provinsi`,
`Bupati`); the rest are settled by the article: the same name written with its type elsewhere, then the
province most of the article is about.

The role tells attribution whether a mention can be the subject of a claim: `se-Provinsi Bengkulu` is a
scope, `RSUD Rejang Lebong` an organisation, `Pemkab Sumbawa, Provinsi NTT` a stated location of Sumbawa.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span

from extractors.facts.gazetteer import Gazetteer

Role = Literal["subject", "location", "scope", "org", "official", "apposition", "dateline", "descriptive"]
LevelCue = Literal["provinsi", "kabupaten", "kota"]

# Words before a name that give its level; the matched words become part of the mention.
_CUE_RE = re.compile(
    r"(?:(?:Pemerintah|PEMERINTAH|pemerintah)\s+(?:(?:Daerah|DAERAH|daerah)\s+)?)?"
    r"(?P<kind>Kabupaten|KABUPATEN|kabupaten|Kab\.?|KAB\.?|Kota|KOTA|kota|Provinsi|PROVINSI|provinsi|Prov\.?|PROV\.?)"
    r"\s*(?:\((?:Pemkab|Pemkot|Pemprov|Pemda)\)\s*)?$"
    r"|(?P<short>Pemkab|PEMKAB|Pemkot|PEMKOT|Pemprov|PEMPROV)\s+$"
)
_CUE_LEVEL = {"kab": "kabupaten", "kot": "kota", "pro": "provinsi", "pem": None}
_SHORT_LEVEL = {"pemkab": "kabupaten", "pemkot": "kota", "pemprov": "provinsi"}

# Office titles before a name imply its level without being part of the mention.
_ROLE_LEVEL_RE = re.compile(
    r"(?P<role>Wakil\s+Bupati|Wabup|Bupati|Wakil\s+Wali\s*[Kk]ota|Wawako|Wali\s*[Kk]ota|Walikota|"
    r"Wakil\s+Gubernur|Wagub|Gubernur)\s*(?:\([^)]{1,12}\)\s*)?$"
)
_ROLE_LEVEL = {"bupati": "kabupaten", "wabup": "kabupaten", "wali kota": "kota",
               "walikota": "kota", "wawako": "kota", "gubernur": "provinsi", "wagub": "provinsi"}

_SCOPE_BEFORE_RE = re.compile(r"(?:\b[Ss]e\s*-\s*|\b[Ss]e\s+|\b(?:tingkat|level|lingkup|Tingkat)\s+)$")
_LOCATION_BEFORE_RE = re.compile(r"\b(?:ke|menuju|Ke)\s+$")
# A region named to describe another (`daerah induk Sungai Penuh`, `berbatasan dengan Pontianak`,
# `ibu kota Sulawesi Tenggara`) is never the subject of a claim.
_DESCRIPTIVE_BEFORE_RE = re.compile(
    r"\b(?:ibu\s*kota|Ibu\s+Kota|induk|pemekaran(?:\s+dari)?|tetangga(?:\s+\w+)?|bertetangga(?:\s+dengan)?|selain|"
    r"berbatasan(?:\s+\w+)?\s+dengan|berdekatan\s+dengan|dekat|sebelah|seperti|antara|bagian\s+dari|"
    r"kabupaten\s+asal|asal)\s+$", re.I)
# Proper names that begin with a region's name but are something else.
_NOT_A_REGION_AFTER = re.compile(r"\s+(?:Nugini|New\s+Guinea|United|FC|Post|TV|Pos\b)")
_DI_BEFORE_RE = re.compile(r"\b(?:di|Di|DI)\s+$")
_DATELINE_AFTER_RE = re.compile(r"\s*(?:,\s*[\w.]{1,30}\s*)?[–—-]")

# Words that make the noun phrase an organisation rather than the region's government. Assessors are not
# among them: `skor MCP KPK Kabupaten Batang` is Batang's score; their regional offices are caught by
# `Perwakilan` and `Kanwil` (`Ombudsman RI Perwakilan Provinsi Bengkulu`).
ORG_WORDS = frozenset({
    "RSUD", "RS", "Rumah", "Sakit", "Polres", "Polresta", "Polda", "Polsek", "Kodim", "Korem", "Kejari", "Kejati",
    "Kejaksaan", "Pengadilan", "PN", "PA", "KPU", "KPUD", "Bawaslu", "DPRD", "Universitas", "UIN", "IAIN",
    "Politeknik", "Poltekkes", "STIKES", "STKIP", "SMA", "SMAN", "SMK", "SMKN", "SMP", "SMPN", "SD", "SDN", "MAN",
    "MTsN", "Bank", "BPD", "Perumda", "PDAM", "Lapas", "Rutan", "Kantor", "Kanwil", "Perwakilan", "Kemenag", "BPS",
    "BPBD", "Dinas", "Disdukcapil", "Dukcapil", "DPMPTSP", "Bappeda", "Puskesmas", "Kecamatan", "Desa", "Kelurahan",
    "Satpol", "Inspektorat", "BPKAD", "BPKD", "Bapenda", "Setda", "Sekretariat", "Diskominfo", "Kominfo", "Partai",
    "Korpri", "Persatuan", "Ikatan", "Forum", "Komunitas", "Balai", "Badan", "MPP", "BPKP", "Dispendukcapil",
    "Disdik", "Dinkes", "Dispar", "Dishub", "Disnaker", "Bapperida", "Bappelitbangda", "Cabang", "Pasar",
    "Terminal", "Bandara", "Pelabuhan", "Stadion", "GOR", "Masjid", "Gereja", "Taman", "Hotel", "Camat", "Lurah",
    "Satgas", "Panitia", "Ketua", "Danau", "Gunung", "Sungai", "Pulau", "Teluk", "Selat", "Tanah", "Bumi",
    "Jazirah", "Dataran",
})
# An assessor's regional office is named by the assessor and the region alone (`di BPK Sultra`): the region there
# is where the office is, not who was assessed. (Only right after: a headline's `BPK Beri Ambon WTP` names Ambon.)
_ASSESSOR_OFFICE = frozenset({"BPK", "Ombudsman", "BPKP"})
# Words that may sit inside an organisation's name between its head word and the region.
_NP_GLUE = frozenset({"dan", "&", "RI", "Daerah", "Umum", "Negeri", "Kelas", "Tipe", "(", ")"})


@dataclass(slots=True)
class Mention:
    """One written mention of a region. Offsets are characters in the analysed text."""

    start: int
    end: int
    name_start: int
    surface: str
    candidates: frozenset[str]
    cue: LevelCue | None
    role: Role
    role_level: LevelCue | None = None
    code: str | None = None
    stated_province: str | None = None
    ambiguous: bool = False

    @property
    def explicit(self) -> bool:
        return self.cue is not None


def _cue(text: str, name_start: int) -> tuple[int, LevelCue | None]:
    window_start = max(0, name_start - 60)
    match = _CUE_RE.search(text, window_start, name_start)
    if not match:
        return name_start, None
    if match.group("kind"):
        level = _CUE_LEVEL[match.group("kind").lower()[:3]]
    else:
        level = _SHORT_LEVEL[match.group("short").lower()]
    return match.start(), level  # type: ignore[return-value]


def _role_level(text: str, start: int) -> LevelCue | None:
    match = _ROLE_LEVEL_RE.search(text, max(0, start - 40), start)
    if not match or text[match.end():start].strip():
        return None
    role = " ".join(match.group("role").lower().split()).replace("wakil ", "")
    return _ROLE_LEVEL.get(role)  # type: ignore[return-value]


def _words_before(text: str, start: int, limit: int = 8) -> list[str]:
    """The capitalised noun phrase right before a mention, nearest word first."""
    words: list[str] = []
    for token in reversed(re.findall(r"\(|\)|\w[\w&/-]*(?:\.\w[\w&/-]*)*|[^\w\s]", text[max(0, start - 120):start])):
        if not words and token in ("dan", "&"):
            break                                     # `Kabupaten Gunung Kidul dan Kabupaten Kulon Progo`: a list
        if token in _NP_GLUE or token[:1].isupper() or token.isupper():
            words.append(token)
            if len(words) >= limit:
                break
            continue
        break
    return words


def _role(text: str, start: int, end: int) -> Role:
    before = text[max(0, start - 30):start]
    if _SCOPE_BEFORE_RE.search(before):
        return "scope"
    if _LOCATION_BEFORE_RE.search(before):
        return "location"
    if _DESCRIPTIVE_BEFORE_RE.search(text, max(0, start - 40), start):
        return "descriptive"
    words = _words_before(text, start)
    if any(w in ORG_WORDS for w in words) or (words and words[0] in _ASSESSOR_OFFICE):
        return "org"
    line_start = text.rfind("\n", 0, start) + 1
    if (start - line_start <= 40 and text[start:end].isupper() and len(text[start:end]) > 2
            and _DATELINE_AFTER_RE.match(text, end)):
        return "dateline"
    if _DI_BEFORE_RE.search(before):
        return "location"
    return "subject"


def _longest_first(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, the longest winning: `Rejang Lebong`, not `Lebong` inside it."""
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def find_mentions(doc: Doc, gazetteer: Gazetteer, text: str | None = None) -> list[Mention]:
    """Every region mention in the document, unresolved, in text order. `text` is `doc.text` when the
    caller has it (spaCy rebuilds that string from every token on each read)."""
    text = doc.text if text is None else text
    mentions: list[Mention] = []
    for ent in _longest_first(doc.spans["regions"]):
        surface = ent.text
        if _NOT_A_REGION_AFTER.match(text, ent.end_char):
            continue                                  # `Papua Nugini` is a country, `Bali United` a club
        start, cue = _cue(text, ent.start_char)
        candidates = gazetteer.candidates(ent.ent_id_ or surface)
        if cue and text[start].islower() and not _filter_level(candidates, cue, gazetteer):
            start, cue = ent.start_char, None         # `ibu kota Sulawesi Tenggara`: `kota` is a noun here
        mention = Mention(
            start=start,
            end=ent.end_char,
            name_start=ent.start_char,
            surface=surface,
            candidates=candidates,
            cue=cue,
            role=_role(text, start, ent.end_char),
            role_level=_role_level(text, start),
        )
        if mention.candidates:
            mentions.append(mention)
    _mark_appositions(text, mentions, gazetteer)
    # `kabupaten tetangga Bulukumba juga memperoleh ...`: the neighbour is the subject, unless the text
    # goes on to name who neighbours it (`tetangga terdekat Kota Jambi, Kabupaten Muaro Jambi, ...`).
    for i, cur in enumerate(mentions):
        prev = mentions[i - 1] if i else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        neighbour = re.search(r"\btetangga(?:\s+\w+)?\s+$", text[max(0, cur.start - 30):cur.start], re.I)
        if cur.role != "descriptive" or not neighbour:
            continue
        named_after = nxt and re.fullmatch(r",\s*", text[cur.end:nxt.start])
        apposition = prev and re.fullmatch(r",\s*", text[prev.end:neighbour.start() + max(0, cur.start - 30)])
        if not (named_after or apposition):             # `Serdang Bedagai, tetangga Deli Serdang, ...` stays
            cur.role = "subject"
    return mentions


_GOVERNMENT_RE = re.compile(r"\b(?P<word>Pemprov|Pemkab|Pemkot|PEMPROV|PEMKAB|PEMKOT|pemprov|pemkab|pemkot)\b|"
                            r"(?<!kategori )(?<!Kategori )(?<!klaster )(?<!tingkat )(?<!level )"
                            r"\b[Pp]emerintah\s+(?P<tier>Provinsi|Kabupaten|Kota)\b(?!\s*(?:[A-Z(]|/|se-))")
_TIER_WORD = {"provinsi": "pemprov", "kabupaten": "pemkab", "kota": "pemkot"}


def government_references(text: str, mentions: list[Mention], home: str | None,
                          gazetteer: Gazetteer) -> list[Mention]:
    """`Pemkab` or `Pemprov` with no name after it means the article's own region (or its province)."""
    if home is None:
        return []
    region = gazetteer.get(home)
    covered = [(m.start, m.end) for m in mentions]
    found = []
    for m in _GOVERNMENT_RE.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        word = m.group("word").lower() if m.group("word") else _TIER_WORD[m.group("tier").lower()]
        if word == "pemprov":
            code = region.province_code
        elif (word == "pemkab" and region.level == "kabupaten") or (word == "pemkot" and region.level == "kota"):
            code = home
        else:
            continue
        role = _role(text, m.start(), m.end())
        found.append(Mention(start=m.start(), end=m.end(), name_start=m.start(), surface=m.group(),
                             candidates=frozenset({code}), cue=_SHORT_LEVEL[word], role=role, code=code))  # type: ignore[arg-type]
    return found


def _mark_appositions(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """`Kabupaten Sumbawa, Provinsi Nusa Tenggara Timur`: the second names where the first lies."""
    for prev, cur in itertools.pairwise(mentions):
        gap = text[prev.end:cur.start]
        if prev.role == "org" and re.fullmatch(r",\s*", gap):
            cur.role = "org"                          # an address: `BPK Perwakilan NTT, Kupang`
            continue
        if (re.fullmatch(r"\s*\(\s*", gap) and re.match(r"\s*\)", text[cur.end:])
                and prev.candidates & cur.candidates):
            cur.role = prev.role                      # `se-Provinsi Bengkulu (Bengkulu)`: the name again
            continue
        if not re.fullmatch(r"\s*(?:,|\(|di|,\s*di)\s*", gap):
            continue
        prev_levels = {gazetteer.get(c).level for c in prev.candidates}
        cur_is_province = cur.cue == "provinsi" or (
            cur.cue is None and any(gazetteer.get(c).level == "provinsi" for c in cur.candidates))
        if cur_is_province and (prev.cue in ("kabupaten", "kota") or "provinsi" not in prev_levels):
            provinces = [c for c in cur.candidates if gazetteer.get(c).level == "provinsi"]
            if provinces:
                cur.role = "apposition"
                cur.code = provinces[0]
                prev.stated_province = provinces[0]


def resolve_mentions(mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """Give every mention one code, using its cue first and the whole article after."""
    typed: dict[str, Counter[str]] = {}
    province_votes: Counter[str] = Counter()
    for m in mentions:
        if m.role == "apposition":
            continue
        codes = _filter_level(m.candidates, m.cue or m.role_level, gazetteer)
        if len(codes) == 1:
            code = next(iter(codes))
            if m.explicit:
                typed.setdefault(m.surface.upper(), Counter())[code] += 1
            if m.role in ("subject", "official", "location", "dateline"):
                province_votes[gazetteer.get(code).province_code] += 1
    home_province = province_votes.most_common(1)[0][0] if province_votes else None

    for m in mentions:
        if m.role == "apposition":
            continue
        level = m.cue or m.role_level
        if m.role == "scope" and level is None and any(
                gazetteer.get(c).level == "provinsi" for c in m.candidates):
            level = "provinsi"
        codes = _filter_level(m.candidates, level, gazetteer) or set(m.candidates)
        if len(codes) > 1 and m.surface.upper() in typed:
            agreeing = [c for c, _ in typed[m.surface.upper()].most_common() if c in codes]
            if agreeing:
                codes = {agreeing[0]}
        if len(codes) > 1 and m.stated_province:
            local = {c for c in codes if gazetteer.get(c).province_code == m.stated_province}
            codes = local or codes
        if len(codes) > 1 and home_province:
            local = {c for c in codes if gazetteer.get(c).province_code == home_province}
            codes = local or codes
        if len(codes) > 1:
            m.ambiguous = True
            order = {"provinsi": 0, "kabupaten": 1, "kota": 2}
            codes = {min(codes, key=lambda c: (order[gazetteer.get(c).level], c))}
        m.code = next(iter(codes))


def _filter_level(codes: frozenset[str], level: str | None, gazetteer: Gazetteer) -> set[str]:
    if level is None:
        return set(codes)
    return {c for c in codes if gazetteer.get(c).level == level}


def main_region(mentions: list[Mention], title_end: int) -> str | None:
    """The region the article is about: named in the headline, else the dateline, else most often."""
    usable = [m for m in mentions if m.code and m.role not in ("scope", "org", "apposition")]
    in_title = [m for m in usable if m.start < title_end]
    if in_title:
        return in_title[0].code
    datelines = [m for m in usable if m.role == "dateline"]
    if datelines:
        return datelines[0].code
    counts = Counter(m.code for m in usable if m.role in ("subject", "official", "location"))
    if not counts:
        return None
    best = max(counts.values())
    for m in usable:
        if counts.get(m.code) == best:
            return m.code
    return None
