"""Crawl stage: a source's channels (sitemaps, feeds, listings, Google News) to links, and links to fetched
pages, politely (robots.txt, per-host delays, Retry-After), with paging of multi-page articles.

Owns: discover, fetch, fetch_pages, politeness, inflate, pagination, urls, google_news.
May import: `models`, `extractors.common`.
"""
