"""How much of each story the HTML extractor keeps, and how much page chrome it lets into the body.

`tests/fidelity/pages/` holds hand-written pages that copy the shapes of the pages Pantau reads (JNews and
Newspaper WordPress themes, Tribun, Disway, a Kompas-like site with no profile, a site's own masthead and
about pages); `expected.json` lists for each page every story paragraph as a reader sees it, the chrome
around the story and the day it was published. The measure is plain substring tests on whitespace-normalised
text, so it judges what comes out and never how the extractor got there. Running the same pages through the
generic profile (trafilatura) shows what the CMS profiles buy over the fallback.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import mean

from extractors.pages.html_article import article_from_html
from models.profiles import Profile
from pantau.ops.config import load_profiles
from pantau.paths import ROOT

FIDELITY = ROOT / "tests" / "fidelity"
KEPT_FLOOR = 0.98      # a lost paragraph of a short story is already more than 2 %: this asks for all of it


def normalise(text: str) -> str:
    """One space between words: line breaks and indentation in the markup are not part of the text."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Expected:
    """One page of `expected.json`: what a reader of it sees as the story, and what is not the story."""

    file: str
    url: str
    profile: str
    later_pages: tuple[str, ...]
    article: bool
    published: date | None
    story: tuple[str, ...]
    chrome: tuple[str, ...]

    @classmethod
    def from_json(cls, item: dict) -> Expected:
        day = item.get("published")
        return cls(file=item["file"], url=item["url"], profile=item["profile"],
                   later_pages=tuple(item.get("later_pages", ())), article=bool(item["article"]),
                   published=date.fromisoformat(day) if day else None,
                   story=tuple(item.get("story", ())), chrome=tuple(item.get("chrome", ())))


def load_expected(folder: Path = FIDELITY) -> list[Expected]:
    return [Expected.from_json(item) for item in json.loads((folder / "expected.json").read_text("utf-8"))]


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page through one profile. `kept` is the share of the story's characters found in the body (None for
    a page that is no article); `skipped` means the extractor refused the page with a `ValueError` (such as
    `EmptyArticle`), which is right for a non-article and a total loss for an article. `error` is any other
    exception: a crash, not a judgement."""

    file: str
    profile: str
    article_expected: bool
    skipped: bool = False
    kept: float | None = None
    date_ok: bool | None = None
    error: str | None = None
    lost: tuple[str, ...] = ()          # story paragraphs missing from the body
    leaked: tuple[str, ...] = ()        # chrome strings found in the body
    published: date | None = None       # the day the extractor gave
    expected_day: date | None = None    # the day in the publisher's own time zone
    reason: str | None = None           # the refusal's message

    @property
    def chrome_leaked(self) -> int:
        return len(self.leaked)

    @property
    def ok(self) -> bool:
        if self.error:
            return False
        if not self.article_expected:
            return self.skipped
        return not self.skipped and (self.kept or 0) >= KEPT_FLOOR and not self.chrome_leaked and bool(self.date_ok)


def score(page: Expected, folder: Path = FIDELITY, profiles: dict[str, Profile] | None = None,
          *, generic: bool = False) -> PageScore:
    """Extract one page (with its later pages) and hold the body against the page's expectations."""
    profiles = profiles if profiles is not None else load_profiles()
    profile = profiles["generic" if generic else page.profile]
    pages = folder / "pages"
    base = {"file": page.file, "profile": profile.name, "article_expected": page.article,
            "expected_day": page.published}
    no_story = None if not page.article else 0.0
    try:
        article = article_from_html((pages / page.file).read_bytes(), url=page.url, profile=profile,
                                    later_pages=tuple((pages / f).read_bytes() for f in page.later_pages))
    except ValueError as exc:
        return PageScore(**base, skipped=True, kept=no_story, lost=page.story if page.article else (),
                         reason=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # one crashing page must not hide the scores of the others
        return PageScore(**base, kept=no_story, error=f"{type(exc).__name__}: {exc}")
    body = normalise(article.body)
    lost = tuple(p for p in page.story if normalise(p) not in body)
    kept = None
    if page.article:                                # weighed by characters: a lost list item costs little
        total = sum(len(normalise(p)) for p in page.story)
        kept = 1 - sum(len(normalise(p)) for p in lost) / total if total else 1.0
    leaked = tuple(c for c in page.chrome if normalise(c) in body)
    date_ok = article.published == page.published if page.published else None
    return PageScore(**base, kept=kept, date_ok=date_ok, lost=lost, leaked=leaked,
                     published=article.published)


def measure(folder: Path = FIDELITY, *, generic: bool = False) -> list[PageScore]:
    """Every page of the folder, through its own profile or (`generic`) through trafilatura."""
    profiles = load_profiles()
    return [score(page, folder, profiles, generic=generic) for page in load_expected(folder)]


def _cell(s: PageScore) -> str:
    if s.error:
        return f"error {s.error.split(':')[0]}"
    if not s.article_expected:
        return "refused (right)" if s.skipped else "NOT refused"
    if s.skipped:
        return f"refused: {(s.reason or '').split(':')[0]}"
    day = "ok" if s.date_ok else f"got {s.published or 'none'}"
    return f"{s.kept:4.2f} {s.chrome_leaked:4d}  {day}"


def _totals(scores: list[PageScore]) -> list[str]:
    articles = [s for s in scores if s.article_expected]
    others = [s for s in scores if not s.article_expected]
    dated = [s for s in articles if s.expected_day]
    return [f"{mean(s.kept or 0 for s in articles):.3f}" if articles else "-",
            f"{sum((s.kept or 0) >= KEPT_FLOOR for s in articles)}/{len(articles)}",
            str(sum(s.chrome_leaked for s in scores)),
            f"{sum(bool(s.date_ok) for s in dated)}/{len(dated)}",
            f"{sum(s.skipped and not s.error for s in others)}/{len(others)}",
            f"{sum(s.ok for s in scores)}/{len(scores)}"]


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def report(folder: Path = FIDELITY) -> str:
    """Both runs side by side, page by page, then the totals and what went wrong with the pages' own profiles."""
    own, fallback = measure(folder), measure(folder, generic=True)
    lines = [f"\nHTML fidelity ({len(own)} hand-written pages in {folder.relative_to(ROOT)}): "
             "kept = share of the story in the body, leak = chrome strings in the body, date = day of publication",
             f"  {'page':<28} {'profile':<10} {'own profile: kept leak  date':<32} generic (trafilatura)"]
    for s, g in zip(own, fallback, strict=True):
        lines.append(f"  {s.file:<28} {s.profile:<10} {_cell(s):<32} {_cell(g)}")
    labels = ("mean kept, article pages", f"article pages kept >= {KEPT_FLOOR}", "chrome strings leaked",
              "publication day right", "non-articles refused", "pages fully right")
    lines.append(f"  {'totals':<39} {'own profile':<32} generic")
    for label, a, b in zip(labels, _totals(own), _totals(fallback), strict=True):
        lines.append(f"  {label:<39} {a:<32} {b}")
    wrong = [s for s in own if not s.ok]
    if wrong:
        lines.append("  own profile, what went wrong:")
    for s in wrong:
        why = [s.error or ""] if s.error else []
        if not s.article_expected and not s.skipped:
            why.append("extracted as an article")
        if s.article_expected and s.skipped:
            why.append(f"refused ({_short(s.reason or '', 90)})")
        if s.lost and not s.skipped:
            why.append(f"lost {len(s.lost)} of the story's paragraphs, first: {_short(s.lost[0])!r}")
        if s.leaked:
            why.append("leaked " + ", ".join(repr(_short(c, 50)) for c in s.leaked))
        if s.date_ok is False:
            why.append(f"published {s.published}, expected {s.expected_day}")
        lines.append(f"    {s.file}: " + "; ".join(why))
    return "\n".join(lines)


def main() -> int:
    print(report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
