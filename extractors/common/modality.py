"""The clause of a hope, a plan, a condition or a target: a value there is not a result (`menargetkan nilai
90`, `kalau bisa tembus 90`). The fact extractor asks it of every value, and the page stage of every year it
might take as the year an article is written in (`langkah untuk tahun 2024` is not that year).
"""

from __future__ import annotations

import re

CLAUSE_BREAK = re.compile(r"[;:]|,\s|\s[–—-]\s|\b(?:sedangkan|sementara|namun|tetapi|adapun|meski)\b")
_MODALITY_BREAK = re.compile(r";|,\s|\s[–—-]\s|\b(?:sedangkan|sementara|namun|tetapi|adapun|meski)\b")
_TARGET_LEAD = re.compile(r"\b(?:[Tt]arget(?:nya)?|[Ss]asaran(?:nya)?|[Hh]arapan(?:nya)?)(?:\s+\w+){0,2}\s*[,:]\s*$")
_CONDITIONAL_START = re.compile(r"\s*[\"“]?\s*(?:(?:Kalau|Jika|Apabila|Bila)(?!\s+(?:dibandingkan|dibanding|dilihat|"
                                r"melihat|menilik|merujuk))|Andai|Seandainya|Semoga|Mudah-mudahan)\b")
_FUTURE_AFTER = re.compile(r"\b(?:akan|nanti|kelak|bakal)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_MODALITY = re.compile(
    r"\b(?:target|targetnya|menargetkan|ditargetkan|mentargetkan|targetkan|bertekad|berupaya|upaya|mengupayakan|"
    r"diupayakan|(?:masih\s+)?dalam\s+proses|belum\s+(?:diumumkan|keluar|ada\s+hasil)|"
    r"(?<!dari )(?<!sesuai )(?<!melebihi )(?<!melampaui )harapan|diharapkan|berharap|harap|semoga|mudah-mudahan|"
    r"ingin|mimpi|mengejar|akan|sasaran|"
    r"proyeksi|diproyeksikan|rencana|direncanakan|merencanakan|berencana|tahun depan|mendatang|"
    r"berambisi|membidik|dibidik|bidik|incar|mengincar|diincar|kejar|menyasar|sasar|jelang|menjelang|"
    r"belum\s+(?:cukup|mampu|berhasil|bisa|dapat|sanggup)|gagal|"
    r"optimistis|optimis|yakin bisa|bisa meraih|mampu meraih|"
    r"(?:harus|mesti)(?!\s+(?:puas|rela|menerima))|menuju|"
    r"seharusnya|(?:kalau|jika|apabila|bila)(?!\s+(?:dibandingkan|dibanding|dilihat|melihat|menilik|merujuk))|"
    r"andai|andaikan|asalkan|supaya|agar|dorong|mendorong|didorong|(?:belum|tidak|tak)\s+pernah|"
    r"(?:belum|tidak|tak)\s+(?:\w+\s+)?(?:meraih|mendapat\w*|memperoleh|masuk|memberikan|diberi)|"
    r"(?:mendampingi|dampingi|membantu|bantu)\b[^,.;]{0,60}\b(?:raih|meraih|mencapai|capai)|"
    r"untuk\s+(?:mencapai|meraih|mendapatkan|memperoleh|menggapai))\b", re.I)


def clause_start(text: str, sent_start: int, pos: int, breaks: re.Pattern[str] = CLAUSE_BREAK) -> int:
    """Where the clause holding `pos` begins: a hope in one clause (`namun ditargetkan ...`) says nothing of
    the value in the clause before it."""
    last = sent_start
    for m in breaks.finditer(text, sent_start, pos):
        last = m.end()
    return last


def is_target(text: str, sent_start: int, pos: int, end: int | None = None) -> bool:
    """A value in a clause of hope, plan, condition or target is not a result: `menargetkan nilai 90`,
    `target tinggi: predikat A`, `predikat A akan datang`, `kalau bisa tembus 90`."""
    if _CONDITIONAL_START.match(text, sent_start):
        return True
    clause = clause_start(text, sent_start, pos, _MODALITY_BREAK)
    if _MODALITY.search(text, clause, pos):
        return True
    if _TARGET_LEAD.search(text[max(sent_start, clause - 40):clause]):
        return True                                   # `Targetnya jelas, nilai 95`
    if end is not None:
        clause_end = CLAUSE_BREAK.search(text, end)
        sentence_end = _SENTENCE_END.search(text, end)
        stop = min(clause_end.start() if clause_end else len(text), sentence_end.start() if sentence_end else len(text))
        return bool(_FUTURE_AFTER.search(text, end, min(stop, end + 40)))
    return False
