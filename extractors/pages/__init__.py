"""Page stage: a fetched page (through its site profile, or trafilatura for unknown sites) or a saved text to an
`Article`: title, body without page chrome, publication date in the newsroom's zone.

Owns: html_article, text_article.
May import: `models`, `extractors.common`.
"""
