"""Jinja2 rendering with autoescape always on: text from ingested files is inert in every page."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from opis.model import archival_format
from opis.model.edtf_words import readable


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("opis.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    from opis.web.core import svg
    from opis.web.editing.toolbar import staff_tools
    from opis.web.reading.textmarks import to_html
    from opis.web.reading.views import tree_url

    env.globals.update(tree_url=tree_url, bar_chart=svg.bar_chart, timeline_svg=svg.timeline, staff_tools=staff_tools)
    env.filters["marked"] = to_html
    env.filters["dated"] = readable  # EDTF in words; the raw value stays in the JSON twins
    env.filters["folios"] = archival_format.folios  # "52-113" -> "ll. 52–113", as vocab/levels.yaml cites
    return env


def render(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def render_error(status: int, message: str) -> str:
    return render("error.html", {"status": status, "message": message, "title": f"Error {status}"})
