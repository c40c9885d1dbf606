"""Scoring an extractor against gold annotations (`pantau eval`): strict matching, and each miss and each
extra fact put down to a cause.

May import: `models`, `extractors` and the leaves.
"""
