"""Pantau: claims about how Indonesian regional governments perform, from the news into DuckDB."""

__version__ = "0.1.0"
