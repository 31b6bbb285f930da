"""What can be wrong with a stored original, whichever home it has."""

from __future__ import annotations


class OriginalMissing(FileNotFoundError):
    """No bytes are stored under this hash."""


class OriginalCorrupt(OSError):
    """The bytes stored under a hash do not have that hash (a flipped bit, a replaced object)."""


class OriginalConflict(OSError):
    """Something else is stored under the hash being written; it is left as it is (never overwritten)."""
