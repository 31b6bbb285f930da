"""Name keys: normalization and transliteration used to match names across scripts."""
