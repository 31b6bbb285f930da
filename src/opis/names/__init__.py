"""Name keys: normalization and transliteration used to match names across scripts.

``keys`` is the API other layers use (``match_keys``, ``token_keys``, ``names_match``);
``russian``, ``korean`` and ``chinese`` romanize, with their tables in ``data/``. See docs/names.md.
"""
