"""Analyst tools over a published store: check a claim, load reference figures, export (CSV, Parquet,
ClaimReview), and the vocabulary and region lookups they share with the web pages.

May import: `models`, `extractors`, `pantau.store` and the leaves.
"""
