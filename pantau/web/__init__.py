"""`pantau web`: pages for journalists over the published read copy (search, a fact with its evidence, a
region's record, the conflicts), server-rendered, with no JavaScript and no asset from outside.

May import: `models`, `extractors`, `pantau.store`, `pantau.analyst` and the leaves.
"""
