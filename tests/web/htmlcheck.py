"""Checks on served HTML: every form control labelled, ids unique, no raw markup from data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.label_depth = 0
        self.langs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if a.get("lang"):
            self.langs.append(str(a["lang"]))
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") not in UNLABELLED_TYPES:
            self.controls.append({**a, "_wrapped": "yes" if self.label_depth else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1


def parse(html: str) -> _Collector:
    found = _Collector()
    found.feed(html)
    return found


def assert_accessible(html: str) -> None:
    """Every control has a label; ids are unique; the page declares its language and a main landmark."""
    found = parse(html)
    for control in found.controls:
        labelled = control["_wrapped"] or control.get("id") in found.label_for or control.get("aria-label")
        assert labelled, f"form control without a label: {control}"
    dupes = {i for i in found.ids if found.ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {dupes}"
    assert re.search(r'<html lang="(en|ru|ko|zh-Hans)">', html) and '<main id="main"' in html and 'class="skip"' in html
