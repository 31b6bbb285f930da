"""Witnesses of one work: how alike two records' texts and descriptions are, and where their words differ."""
