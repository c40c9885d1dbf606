"""Each hand-written page through its own profile: the whole story, none of the chrome, the right day; a
site's own pages (masthead, about) refused. `python -m bench.fidelity` prints the same as a table."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bench.fidelity import FIDELITY, KEPT_FLOOR, Expected, load_expected, normalise, score
from pantau.ops.config import load_profiles

PAGES = load_expected()


def _reader_text(page: Expected) -> str:
    """What a reader sees on the page and its later pages: the text without scripts, entities decoded."""
    texts = []
    for name in (page.file, *page.later_pages):
        soup = BeautifulSoup((FIDELITY / "pages" / name).read_bytes(), "lxml")
        for node in soup(["script", "style", "noscript", "template"]):
            node.decompose()
        texts.append(normalise(soup.get_text("")))
    return "\n".join(texts)


@pytest.mark.parametrize("page", PAGES, ids=[p.file for p in PAGES])
def test_the_expectations_are_what_the_page_shows(page: Expected) -> None:
    """The measuring stick itself: a typo in expected.json would pass as an extractor's loss."""
    text = _reader_text(page)
    for line in (*page.story, *page.chrome):
        assert normalise(line) in text, line
    for chrome in page.chrome:
        assert not any(normalise(chrome) in normalise(p) for p in page.story), chrome
    assert page.article == bool(page.story) == bool(page.published)


@pytest.mark.parametrize("page", PAGES, ids=[p.file for p in PAGES])
def test_the_page_profile_reads_the_page(page: Expected) -> None:
    s = score(page, profiles=load_profiles())
    assert s.error is None, s.error
    if not page.article:
        assert s.skipped, f"{page.file} is not an article, yet its extraction was not refused"
        return
    assert not s.skipped, s.reason
    problems = []                                   # all of them at once: one fix can show the next defect
    if (s.kept or 0) < KEPT_FLOOR:
        problems.append(f"kept {s.kept:.3f} of the story; lost: {s.lost}")
    if s.leaked:
        problems.append(f"chrome in the body: {s.leaked}")
    if not s.date_ok:
        problems.append(f"published {s.published}, expected {page.published}")
    assert not problems, "\n".join(problems)
