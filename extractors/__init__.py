"""The pipeline's work, one folder per stage: `crawl/` (sources -> links -> fetched pages), `pages/` (a fetched
page or a saved text -> an article), `facts/` (an article -> facts and officials), and `common/` (readers more than
one stage needs: markup decoding, Indonesian dates, the words of hope and plan, headline shape, keywords).

Most functions here are pure: they take a record of `models` and return records of their own. Nothing here
imports `pantau` or `flows`; a stage imports `models`, `extractors.common` and itself, never another stage
(`tests/test_layout.py` checks both).
"""
