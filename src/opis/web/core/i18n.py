"""The reader's language: which locale a request reads in, its gettext catalogue, and Babel formats.

The interface speaks English, Russian, Korean and Chinese (Simplified). A reader chooses with the
header's language links (``?lang=ru``, remembered in a ``lang`` cookie); otherwise ``Accept-Language``
decides; otherwise English. The choice lives in a context variable for the length of one request, so
``render()`` and the Jinja filters read it without every route passing it along (a route that runs in
the thread pool gets a copy of the request's context).

Catalogues are the ``.po`` files under ``opis/web/locale/``, compiled in memory on first use: the
repository holds no binary ``.mo``. The JSON API never reads any of this: it stays language-neutral.
"""

from __future__ import annotations

import io
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opis.model.edtf import SEASONS, EdtfDate, EdtfError, Precision, parse_edtf
from opis.model.edtf_words import readable

DEFAULT = "en"
# Our locale ids (Babel's) → the BCP 47 tag pages carry in ``<html lang>`` and ``hreflang``.
LOCALES: dict[str, str] = {"en": "en", "ru": "ru", "ko": "ko", "zh_Hans": "zh-Hans"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Reading:
    """One request's language and where it was asked from (the switcher links back to the same page)."""

    locale: str = DEFAULT
    path: str = "/"
    query: str = ""


_reading: ContextVar[Reading] = ContextVar("opis_reading", default=Reading())  # noqa: B039 - frozen, immutable


def current() -> str:
    return _reading.get().locale


def html_lang(locale: str | None = None) -> str:
    return LOCALES[locale or current()]


def choose(tag: str | None) -> str | None:
    """Our locale for a tag a reader sent (``ru-RU``, ``zh-CN``, ``zh-Hans``, ``ko_KR``); None if unsupported.

    Chinese without a script is taken as Simplified; Traditional (``zh-TW``, ``zh-Hant``) has no
    catalogue yet, so it is not claimed.
    """
    if not tag:
        return None
    parts = [p.lower() for p in re.split(r"[-_]", tag.strip()) if p]
    if not parts:
        return None
    primary = parts[0]
    if primary == "zh":
        return None if any(p in ("hant", "tw", "hk", "mo") for p in parts[1:]) else "zh_Hans"
    return primary if primary in LOCALES else None


def negotiate(accept_language: str) -> str | None:
    """The best of our locales for an ``Accept-Language`` header, by its q-values (ties: header order)."""
    ranked: list[tuple[float, int, str]] = []
    for n, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        found = choose(tag)
        if found and q > 0:
            ranked.append((-q, n, found))
    return min(ranked)[2] if ranked else None


def resolve(query_lang: str | None, cookie: str | None, accept_language: str) -> str:
    """The reader's explicit choice first (this request's ``?lang=``, then the cookie), then the browser's."""
    return choose(query_lang) or choose(cookie) or negotiate(accept_language) or DEFAULT


def _cookie_of(headers: list[tuple[bytes, bytes]]) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _, val = part.strip().partition("=")
                if name == COOKIE:
                    return val
    return None


class LocaleMiddleware:
    """Sets the request's `Reading`; remembers ``?lang=`` in a cookie; says the page varies by language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
        query = scope.get("query_string", b"").decode("latin-1")
        asked = next((v for k, v in parse_qsl(query) if k == "lang"), None)
        accept = next((v.decode("latin-1") for k, v in headers if k == b"accept-language"), "")
        locale = resolve(asked, _cookie_of(headers), accept)
        token = _reading.set(Reading(locale, scope.get("path", "/"), query))
        remember = choose(asked)

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                out: list[Any] = list(message.get("headers", []))
                out.append((b"vary", b"Accept-Language, Cookie"))
                if remember:
                    out.append((b"set-cookie", f"{COOKIE}={remember}; Path=/; Max-Age={COOKIE_MAX_AGE}; "
                                               "SameSite=Lax".encode()))
                message = {**message, "headers": out}
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            _reading.reset(token)


# --- catalogues -------------------------------------------------------------------------------------

def po_path(locale: str) -> Any:
    return resources.files("opis.web").joinpath("locale", locale, "LC_MESSAGES", "messages.po")


@cache
def translations(locale: str) -> NullTranslations:
    """The locale's catalogue, compiled from its ``.po`` in memory (fuzzy entries are left out, as msgfmt does)."""
    if locale == DEFAULT:
        return NullTranslations()
    with po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def gettext(message: str, **variables: Any) -> str:
    """The message in the reader's language, ``%(name)s`` filled from ``variables``."""
    text = translations(current()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The plural form for ``num`` (Russian has three), with ``%(num)s`` written as the locale writes numbers."""
    return plural_form(singular, plural, num) % variables if variables else plural_form(singular, plural, num)


def plural_form(singular: str, plural: str, num: int) -> str:
    """The form for ``num``, its ``%(num)s`` already filled: the templates' ``{% trans num=… %}`` blocks call this.

    Jinja would fill ``num`` with the bare integer; filling it here writes it the locale's way (12 345).
    """
    text = translations(current()).ngettext(singular, plural, num)
    return text.replace("%(num)s", number(num))


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked for extraction, translated later
    """Marks a string in Python for the catalogue; `gettext` translates it where it is shown."""
    return message


# --- Babel formats ----------------------------------------------------------------------------------

def _babel_locale(locale: str | None = None) -> Locale:
    try:
        return Locale.parse(locale or current())
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


def number(value: object) -> str:
    """A count or size with the locale's grouping: 12,345 · 12 345 · 12,345."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_decimal(value, locale=_babel_locale())


_SEASON_WORDS = {21: N_("spring %(year)s"), 22: N_("summer %(year)s"), 23: N_("autumn %(year)s"),
                 24: N_("winter %(year)s")}


def _plain(d: EdtfDate, governed: bool = False) -> str:
    """The date at its own precision; ``governed``: after "about", "from", "until".

    A month alone is the stand-alone form (Russian "июнь 1946 г."); after a preposition it takes the
    form the locale uses inside a phrase (Russian genitive: "около июня 1946 г.").
    """
    loc = _babel_locale()
    first = d.earliest
    if d.precision is Precision.DAY:
        return format_date(date(first.year, first.month, first.day), format="long", locale=loc)
    if d.precision is Precision.MONTH:
        month = date(first.year, first.month, 1)
        if governed:
            pattern = loc.datetime_skeletons["yMMMM"].pattern.replace("LLLL", "MMMM")
            return format_date(month, format=pattern, locale=loc)
        return format_skeleton("yMMMM", month, locale=loc)
    if d.precision is Precision.SEASON:
        code = next(c for c, (start, _) in SEASONS.items() if start == first.month)
        return gettext(_SEASON_WORDS[code], year=first.year)
    if d.precision in (Precision.DECADE, Precision.CENTURY):
        width = 10 ** d.text[:4].count("X")
        return gettext("the %(decade)ss", decade=d.latest.year - d.latest.year % width)
    return str(first.year)


def _date_words(d: EdtfDate, governed: bool = False) -> str:
    words = gettext("about %(date)s", date=_plain(d, True)) if d.approximate else _plain(d, governed)
    return f"{words}?" if d.uncertain else words


def dated(value: object) -> str:
    """The ``dated`` filter: an EDTF value in the reader's words (English keeps `readable`'s exact wording)."""
    if current() == DEFAULT:
        return readable(value)
    text = str(value)
    try:
        parsed = parse_edtf(text)
    except EdtfError:
        return text
    if not parsed.is_interval:
        assert parsed.start is not None
        return _date_words(parsed.start)
    if parsed.start is None:
        assert parsed.end is not None
        return gettext("until %(date)s", date=_date_words(parsed.end, True))
    if parsed.end is None:
        return gettext("from %(date)s", date=_date_words(parsed.start, True))
    return f"{_date_words(parsed.start)} – {_date_words(parsed.end)}"


# --- record text keeps its own language ------------------------------------------------------------

_SCRIPTS = (("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")), ("ru", re.compile(r"[\u0400-\u04ff]")),
            ("ja", re.compile(r"[\u3040-\u30ff]")), ("zh", re.compile(r"[\u4e00-\u9fff]")))


def text_lang(text: object, fallback: str = "en") -> str:
    """The language of a record's text by its script: a title is in its cataloguer's language, not the reader's.

    Records carry no language for titles and descriptions; the script tells Russian, Korean, Japanese and
    Chinese apart, and Latin text is taken as the catalogue's English.
    """
    value = str(text or "")
    for tag, pattern in _SCRIPTS:
        if pattern.search(value):
            return tag
    return fallback


def lang_attr(text: object) -> Markup:
    """` lang="xx"` for a record text whose language differs from the page's; nothing when they agree."""
    tag = text_lang(text)
    return Markup("") if tag == html_lang().split("-")[0] else Markup(' lang="%s"') % tag


# --- the switcher -----------------------------------------------------------------------------------

NATIVE = {"en": "English", "ru": "Русский", "ko": "한국어", "zh_Hans": "中文（简体）"}


def switcher() -> list[dict[str, Any]]:
    """Links to the same page in each language (the query kept, ``lang`` replaced)."""
    reading = _reading.get()
    kept = [(k, v) for k, v in parse_qsl(reading.query, keep_blank_values=True) if k != "lang"]
    return [{"locale": loc, "tag": tag, "name": NATIVE[loc], "current": loc == reading.locale,
             "href": reading.path + "?" + urlencode([*kept, ("lang", loc)])} for loc, tag in LOCALES.items()]


# --- words the pages put beside numbers and codes ----------------------------------------------------

def kind_count(kind: str, num: int) -> str:
    """"documents", "people"… in the form ``num`` asks for (Russian: документ / документа / документов)."""
    # Spelled out, one call a kind, so the extractor sees each pair.
    if kind == "document":
        return ngettext("document", "documents", num)
    if kind == "person":
        return ngettext("person", "people", num)
    if kind == "place":
        return ngettext("place", "places", num)
    if kind == "organization":
        return ngettext("organization", "organizations", num)
    if kind == "repository":
        return ngettext("repository", "repositories", num)
    if kind == "collection":
        return ngettext("collection", "collections", num)
    return kind


def language_name(tag: str, english: str) -> str:
    """A language's name in the reader's language (Babel's CLDR names); ``english`` is the page's own label."""
    if current() == DEFAULT:
        return english
    loc = _babel_locale()
    primary, *rest = tag.split("-")
    name = loc.languages.get(primary)
    if not name:
        return english
    script = next((loc.scripts[p] for p in rest if len(p) == 4 and p in loc.scripts), None)
    return f"{name} ({script})" if script else name


# Labels that Python code puts into a page's context (and into its language-neutral JSON twin): the
# templates translate them where they are shown, ``{{ _(f.label) }}``. Marked here so the extractor
# finds them; tests/web/core/test_i18n.py checks this list against FACET_ORDER, CHARTS and the rest.
CONTEXT_LABELS = (
    N_("Repository"), N_("Collection"), N_("Genre"), N_("Subject"), N_("Language"), N_("Person"), N_("Place"),
    N_("Decade"), N_("Year"), N_("Fond"), N_("Classification"),  # search facets
    N_("Actor"), N_("Object"), N_("Outcome"),  # search facets from the documents' statements
    N_("Primary sources"), N_("Literature: later studies, memoirs and editions"),  # the timeline's two axes
    N_("Unspecified"),  # a document the index holds no genre for (the subjects page's genre table)
    N_("Relevance"), N_("Date"),  # search sort
    N_("Documents by repository"), N_("Documents by language"), N_("Documents by decade"),  # home charts
    N_("Organization"),  # authority kinds (with Person, Place, Repository)
    N_("original"), N_("translation"), N_("ocr"),  # rendition kinds
)


def chart_bars(chart: dict[str, Any]) -> list[dict[str, Any]]:
    """A home-page chart's bars with language names in the reader's language (other labels are the records')."""
    bars: list[dict[str, Any]] = chart["bars"]
    if chart.get("name") != "language":
        return bars
    return [{**b, "label": language_name(str(b["value"]), str(b["label"]))} for b in bars]
