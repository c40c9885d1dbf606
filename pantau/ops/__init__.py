"""Operations: the sources file and its validation (`config`), fetchers built per run (`fetchers`), scale-out on
Dask (`scale_out`), source health and `pantau status` (`status`), the run report (`report`), the schedule (`schedule`).

May import: `models`, `extractors`, `pantau.store` and the leaves. Not `flows`: the schedule is handed its flow.
"""
