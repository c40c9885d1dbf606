"""Prefect flows: orchestration only. The work happens in `extractors` and `pantau.store`.

May import: `models`, `extractors`, `pantau.store`, `pantau.ops` and the leaves (`pantau.paths`, `pantau.crashpoints`).
"""
