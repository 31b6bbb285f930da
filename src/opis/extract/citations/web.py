"""Citations of web resources, such as a document page of the Wilson Center Digital Archive.

Fields: ``title`` (text before the date, quotes removed), ``date`` as written, ``site`` (the part
naming a digital archive), ``url``, and the archival levels of the original when the page cites them.
"""

from __future__ import annotations

import re
from typing import Any

from opis.extract.citations.levels import LevelRun
from opis.extract.citations.terms import forms, levels
from opis.extract.citations.us_records import parts

URL = re.compile(r"https?://\S+|www\.\S+")
QUOTED_FIRST = re.compile(r'^\s*[“"]([^”"]+)[”"]')
DATE = re.compile(r"\b\d{1,2}\s[A-Z][a-z]+\.?\s\d{4}\b|\b[A-Z][a-z]+\.?\s\d{1,2},\s\d{4}\b")


def _site(text: str) -> str | None:
    markers = [m for m in forms("web_markers") if not re.match(r"https?:|www\.", m)]
    for part in parts(URL.sub("", text)):
        if any(m in part for m in markers):
            return part
    return None


def parse_web(text: str, run: LevelRun, repository: str | None) -> dict[str, Any]:
    url = URL.search(text)
    # "“National Affairs: …,” Time, March 9, 1953": a quoted title is the title, not the magazine after it, and a
    # date inside it ("… for 14 August 1957,") is not the page's date
    quoted = QUOTED_FIRST.match(text)
    date = DATE.search(text, quoted.end() if quoted else 0)
    first = text[:date.start()] if date else parts(text)[0] if parts(text) else ""
    if quoted:
        first = quoted.group(1)
    title = first.strip(" ,.;:").strip("\"“”«»").strip(" ,.;:") or None
    return {
        "repository": repository,
        **{level: run.fields.get(level) for level in levels()},
        "title": title,
        "date": date.group(0) if date else None,
        "site": _site(text),
        "url": url.group(0).rstrip(".,;)") if url else None,
    }
