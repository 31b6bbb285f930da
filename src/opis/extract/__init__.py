"""Extractors: pure functions from text to structured findings (no I/O, no store, no network)."""
