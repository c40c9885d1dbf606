"""Full-text search over article titles and bodies with DuckDB's `fts` extension.

DuckDB fetches extensions from the internet on first use, which a machine without internet cannot do; the
`duckdb-extension-fts` package carries the extension file built for exactly one duckdb version (the pair is
pinned together), and it is loaded from that file. Words are stemmed with the Indonesian Snowball stemmer
(`pelayanan`, `layanan` and `melayani` meet at `layan`; `kepatuhan` and `mematuhi` at `patuh`; it is a rule
stemmer and misses some: `penilaian` becomes `ilai`, not `nilai`) and spaCy's Indonesian stop words are left
out. DuckDB's index does not follow later changes to the table, so the writer rebuilds it after every load
that changed articles.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

INDEX_SCHEMA = "fts_main_articles"
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…\"”])\s+|\n+")


class SearchUnavailable(RuntimeError):
    """The extension file is missing or does not fit this duckdb, or the database has no index yet."""


def extension_file() -> Path:
    try:
        import duckdb_extension_fts
    except ImportError as exc:
        raise SearchUnavailable("the duckdb-extension-fts package is not installed (make install)") from exc
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        raise SearchUnavailable(f"no fts extension for duckdb {duckdb.__version__} in {path.parent.parent}: "
                                "duckdb and duckdb-extension-fts must be the same version")
    return path


def load_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts from the packaged file; never let DuckDB try to download it."""
    con.execute("SET autoinstall_known_extensions = false")
    path = str(extension_file()).replace("'", "''")
    try:
        con.execute(f"LOAD '{path}'")
    except duckdb.Error as exc:
        raise SearchUnavailable(f"cannot load {path}: {exc}") from exc


def stop_words() -> list[str]:
    from spacy.lang.id.stop_words import STOP_WORDS

    return sorted(STOP_WORDS)


def rebuild_index(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build the index over every article; returns how many articles it covers."""
    load_extension(con)
    con.execute("CREATE OR REPLACE TEMP TABLE search_stop_words AS SELECT unnest(from_json(?, '[\"VARCHAR\"]')) AS sw",
                [json.dumps(stop_words())])
    # Numbers stay words (a reader may search `92` or `2023`); everything else that is not a letter splits.
    con.execute("""PRAGMA create_fts_index('articles', 'article_id', 'title', 'body', stemmer = 'indonesian',
                   stopwords = 'search_stop_words', ignore = '(\\.|[^a-z0-9])+', strip_accents = 1,
                   lower = 1, overwrite = 1)""")
    con.execute("DROP TABLE search_stop_words")
    return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [INDEX_SCHEMA]).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True, slots=True)
class Hit:
    score: float
    title: str
    publisher: str | None
    published: date | None
    url: str | None
    facts: int
    snippet: str
    article_id: str


def _stems(con: duckdb.DuckDBPyConnection, words: set[str]) -> dict[str, str]:
    """Each word's stem, in one query (the words travel as one JSON parameter, see `pantau.store.bulk`)."""
    if not words:
        return {}
    return dict(con.execute("SELECT w, stem(w, 'indonesian') FROM unnest(from_json(?, '[\"VARCHAR\"]')) AS t(w)",
                            [json.dumps(sorted(words))]).fetchall())


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def snippet(body: str, stems: dict[str, str], query_stems: set[str], width: int = 240) -> str:
    """The sentence of the body that holds most of the query's words (by stem), cut to `width`."""
    sentences = [s.strip() for s in _SENTENCE_END.split(body) if s.strip()]
    if not sentences:
        return ""
    best = max(sentences, key=lambda s: len({stems.get(w) for w in _words(s)} & query_stems))
    return best if len(best) <= width else best[: width - 1] + "…"


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 10) -> list[Hit]:
    """Articles ranked by BM25 for `query` (passed as a parameter, never spliced into SQL)."""
    if not has_index(con):
        raise SearchUnavailable("this database has no search index yet: it is built by the first run that loads "
                                "articles")
    load_extension(con)
    rows = con.execute(
        f"""SELECT score, a.title, a.publisher, a.published, a.url,
                   (SELECT count(*) FROM facts f WHERE f.article_id = a.article_id) AS facts, a.body, a.article_id
            FROM (SELECT *, {INDEX_SCHEMA}.match_bm25(article_id, ?) AS score FROM articles) a
            WHERE score IS NOT NULL
            ORDER BY score DESC, a.published DESC NULLS LAST, a.url
            LIMIT ?""", [query, limit]).fetchall()
    stems = _stems(con, _words(query).union(*(_words(row[6]) for row in rows)))
    query_stems = {stems[w] for w in _words(query)}
    return [Hit(round(float(score), 4), title, publisher, published, url, int(facts),
                snippet(body, stems, query_stems), aid)
            for score, title, publisher, published, url, facts, body, aid in rows]
