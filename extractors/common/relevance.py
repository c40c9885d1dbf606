"""Whether a text names an assessment at all: the keyword test discovery applies to what a channel says of
a link, and the parse stage to the page itself when the channel said no more than a headline."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=64)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted((re.escape(k) for k in keywords if k.strip()), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", re.I)


def mentions(text: str, keywords: tuple[str, ...]) -> bool:
    """True when `text` holds one of `keywords` as a whole word (any case); always true with no keywords."""
    return not keywords or _pattern(keywords).search(text) is not None
