"""Editing authority records (people, organizations, places, repositories): forms, JSON bodies,
checks, ids, merge and split."""

from __future__ import annotations

from opis.web.editing.authorities.pages import router

__all__ = ["router"]
