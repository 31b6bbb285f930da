"""Jobs that run the layers in order: ingest → extract → store (→ index)."""
