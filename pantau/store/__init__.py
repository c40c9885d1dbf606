"""The store: the DuckDB database (schema, migrations, loads), the crawl state in it (frontier, channels, fetch
log, skips), the raw page store on disk, the published read copy with its writer lock, and the full-text index.

May import: `models`, `extractors`, and the leaves `pantau.paths`, `pantau.printing`, `pantau.crashpoints`.
"""
