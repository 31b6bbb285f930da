"""Footnotes: numbered note runs, the markers in the body that point at them, and their pairing."""
