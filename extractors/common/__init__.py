"""Readers that more than one stage needs: HTML bytes to text (`decoding`), Indonesian dates and the day an
article was published (`dates`), the clause of a hope or a plan (`modality`), a line shaped like a headline
(`lines`), the keyword test for relevance (`relevance`), and where the data files the extractors read are (`data`).

May import: `models` and the standard library and third-party packages. Nothing of a stage.
"""
