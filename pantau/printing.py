"""Plain-text tables for people at a terminal; `--json` output is for machines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models import Extraction


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def value_text(fact: dict[str, Any]) -> str:
    value = fact["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if fact["metric"] == "rank":
        of = f" of {fact['out_of']}" if fact.get("out_of") else ""
        return f"#{value}{of} ({fact['scope']})"
    if fact["metric"] == "score":
        return f"{value}{'%' if fact.get('unit') == 'percent' else ' pts'}"
    return str(value)


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    article = extraction.article
    return {
        "url": article.url,
        "title": article.title,
        "publisher": article.publisher,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "body": article.body,
        "extractor_version": extraction.extractor_version,
        "facts": [f.to_dict() for f in extraction.facts],
        "officials": [o.to_dict() for o in extraction.officials],
    }


def extraction_text(extraction: Extraction) -> str:
    a = extraction.article
    out = [
        f"title:     {a.title}",
        f"publisher: {a.publisher or '(unknown)'}",
        f"published: {a.published.isoformat() if a.published else '(not stated)'}",
        f"url:       {a.url or '(none)'}",
        f"body:      {len(a.body)} characters, {a.body.count(chr(10) + chr(10)) + 1 if a.body else 0} paragraphs",
        "",
        *("    " + line if line else "" for line in a.body.split("\n")),
        "",
        f"facts ({len(extraction.facts)}):",
    ]
    if extraction.facts:
        rows = []
        for f in extraction.facts:
            d = f.to_dict()
            rows.append([f.region, f.region_code, f"{f.assessor}/{f.program}",
                         f"{f.year or '?'}{' ' + f.period if f.period else ''}", f.metric, value_text(d),
                         f"{f.confidence:.2f}", ",".join(f.flags), f.quote])
        out.append(table(["region", "code", "assessment", "year", "metric", "value", "conf", "flags", "quote"],
                         rows))
    out.append("")
    out.append(f"officials ({len(extraction.officials)}):")
    if extraction.officials:
        out.append(table(["name", "role", "region"], [[o.name, o.role, o.region_code] for o in extraction.officials]))
    return "\n".join(out)
