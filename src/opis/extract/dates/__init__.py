"""Dates: the grammar of English and Russian date phrases, EDTF, and the From/To boxes of a search."""
