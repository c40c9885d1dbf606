"""Prefect flows: orchestration only. The work happens in `extractors` and `pantau.store`."""
