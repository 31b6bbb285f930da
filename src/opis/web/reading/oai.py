"""``/oai``: the OAI-PMH 2.0 endpoint, over GET (query string) and POST (form-encoded body).

The protocol work is ``opis.interop.oai.respond``; this router passes it the arguments in the order
received (repeats kept, so a repeated argument is reported as the protocol asks) and returns its
XML as ``text/xml``. Protocol errors are answered with status 200 and an ``<error>`` element, as
OAI-PMH requires; only a POST with another content type is refused at the HTTP level (415).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from opis.interop import oai_statements
from opis.interop.oai import OaiConfig, respond
from opis.web.core.respond import base_url
from opis.web.core.site import Site

MEDIA_TYPE = "text/xml; charset=utf-8"
FORM = "application/x-www-form-urlencoded"
PAGE_SIZE = 100  # records or identifiers per list response; a resumption token asks for the next


def router(site: Site) -> APIRouter:
    """The endpoint; ``PAGE_SIZE`` items per list response, the rest as the settings say (Identify)."""
    router = APIRouter(tags=["oai-pmh"])
    archive, settings = site.archive, site.settings
    template = OaiConfig(base_url="", repository_name=settings.archive_name, admin_email=settings.admin_email,
                         repository_identifier=settings.oai_identifier or "", page_size=PAGE_SIZE)

    def answer(request: Request, arguments: list[tuple[str, str]]) -> Response:
        config = replace(template, base_url=base_url(request))
        return Response(respond(archive, config, arguments), media_type=MEDIA_TYPE)

    @router.get(oai_statements.SCHEMA_PATH, summary="The XML schema of the opis_statements metadata format",
                response_class=Response)
    def statements_schema() -> Response:
        return Response(oai_statements.schema_text(), media_type="application/xml")

    @router.get("/oai", summary="OAI-PMH 2.0 (verbs as query arguments)", response_class=Response)
    def oai_get(request: Request) -> Response:
        return answer(request, list(request.query_params.multi_items()))

    @router.post("/oai", summary="OAI-PMH 2.0 (verbs as a form-encoded body)", response_class=Response)
    async def oai_post(request: Request) -> Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != FORM:
            return Response(f"OAI-PMH requests by POST are {FORM}\n", status_code=415, media_type="text/plain")
        body = (await request.body()).decode("utf-8", errors="replace")
        return await run_in_threadpool(answer, request, parse_qsl(body, keep_blank_values=True))

    return router


__all__ = ["router"]
