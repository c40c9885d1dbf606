"""Facts stage: an `Article` to an `Extraction` (facts and officials) with spaCy's blank `id` pipeline, the region
gazetteer and rules. `extract.extract` is the entry point; the other modules each read one kind of thing
(values, years, regions, officials, attribution of a value to its region) or tidy the result (claims).

May import: `models`, `extractors.common`.
"""
