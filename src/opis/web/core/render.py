"""Jinja2 rendering with autoescape always on: text from ingested files is inert in every page.

Every interface string is wrapped for gettext (``{{ _("…") }}``, ``{% trans %}``); `opis.web.core.i18n`
picks the request's catalogue, so one cached environment serves every language.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from opis.model import archival_format
from opis.web.core import i18n


def _gettext(message: str) -> str:
    # Jinja's new-style gettext fills %(name)s itself, escaping each value; this only translates.
    return i18n.translations(i18n.current()).gettext(message)


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("opis.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(_gettext, i18n.plural_form, newstyle=True)  # type: ignore[attr-defined]
    from opis.web.core import labels, svg
    from opis.web.editing.toolbar import staff_tools
    from opis.web.reading.textmarks import to_html
    from opis.web.reading.views import tree_url

    env.globals.update(tree_url=tree_url, bar_chart=svg.bar_chart, timeline_svg=svg.timeline, staff_tools=staff_tools,
                       html_lang=i18n.html_lang, reader_languages=i18n.switcher, lang_of=i18n.lang_attr,
                       kind_count=i18n.kind_count, language_name=i18n.language_name,
                       chart_bars=i18n.chart_bars, term=labels.term)
    env.filters["marked"] = to_html
    env.filters["dated"] = i18n.dated  # EDTF in the reader's words; the raw value stays in the JSON twins
    env.filters["number"] = i18n.number  # 12,345 / 12 345 as the reader's locale writes it
    env.filters["folios"] = archival_format.folios  # "52-113" -> "ll. 52–113", as vocab/levels.yaml cites
    return env


def render(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def render_error(status: int, message: str) -> str:
    return render("error.html", {"status": status, "message": message,
                                 "title": i18n.gettext("Error %(status)s", status=status)})
