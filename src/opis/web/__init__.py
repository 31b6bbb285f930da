"""The reading room (HTML) and the open JSON API over one archive store."""
