"""Property tests of the API against its own OpenAPI description, with schemathesis.

The schema is read from the app's ``/openapi.json`` over ASGI (no network). Every operation is
called with generated requests, three ways: valid requests whose path names records of the shared
world (so handlers run on real records), valid requests with generated paths, and invalid requests
(wrong types, missing fields, out-of-range values). Each answer must not be a server error, and
where the schema declares a response body, the body must conform to it. All of it runs twice:
anonymous, and with an administrator's API token (so writes get past the permission checks).

Bounded and repeatable: a few examples per operation, derandomized (the same examples on every run),
no shrinking, no example database; the world is put back after each operation.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import response_schema_conformance

from opis.config import Settings
from opis.web.app import create_app
from tests.web.security_fixtures import (
    ANONYMOUS,
    Endpoint,
    Filler,
    ServerErrors,
    World,
    endpoints,
    query_params,
)

EXAMPLES = {"world": 10, "positive": 10, "negative": 10}
FEW = 1  # operations that start background work (uploads start an ingest job each)
SLOW_OPERATIONS = ("POST /api/ingest", "POST /upload")
CHECKS = [not_a_server_error, response_schema_conformance]
HOSTILE = ("\x00", "a\x00b", "x" * 3000, "é😀'\"<b>&%")


@pytest.fixture
def schema(world: World, settings: Settings) -> Iterator[Any]:
    app = create_app(settings, world.archive)
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)  # starts the app (and its indexer)
    try:
        yield loaded
    finally:
        asgi.shutdown_lifespans()
        for thread in threading.enumerate():
            if thread.name == "opis-upload":  # an upload's ingest job: let it finish before the store closes
                thread.join(60)


def _endpoint(operation: Any, routes: dict[str, Endpoint]) -> Endpoint | None:
    return next((e for e in routes.values() if e.method == operation.method.upper()
                 and e.path.replace(":path}", "}") == operation.path), None)


def world_parameters(operation: Any, routes: dict[str, Endpoint], world: World, role: str) -> dict[str, str] | None:
    """Path parameters filled from the world, as the security matrix fills them (None: nothing to fill)."""
    endpoint = _endpoint(operation, routes)
    names = [p.name for p in operation.path_parameters]
    if endpoint is None or not names:
        return None
    filler = Filler(world)
    doc = filler.document_targets(endpoint, role)[0][1]
    values = {}
    for name in names:
        found = filler.value(endpoint, name, role, doc)
        if found is None:
            return None
        values[name] = found[0]
    if "token_id" in values:
        values["token_id"] = world.victim_token  # the admin's own token must survive the run
    return values


def negatable(operation: Any) -> bool:
    """Whether an invalid request exists: something beyond path parameters that take any string."""
    if len(operation.query) or len(operation.body) or len(operation.headers) or len(operation.cookies):
        return True
    plain = {"type": "string"}
    return any({k: v for k, v in p.definition.get("schema", {}).items() if k not in ("title", "description")}
               != plain for p in operation.path_parameters)


def run_operation(operation: Any, strategy: Any, examples: int, headers: dict[str, str],
                  statuses: Counter[int]) -> str | None:
    """Call ``operation`` with ``examples`` generated cases; the first failure's report, or None."""

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None, phases=[Phase.explicit,
              Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        return None  # no request of this kind exists (say, an invalid request to a route taking any string)
    except BaseException as exc:  # noqa: BLE001 - a check failure, or an error calling the app: both are findings
        if isinstance(exc, KeyboardInterrupt):
            raise
        return f"{type(exc).__name__}: {exc}"[:1500]
    return None


def _is_string(parameter: Any) -> bool:
    schema = parameter.definition.get("schema", {})
    return schema.get("type") == "string" or any(s.get("type") == "string" for s in schema.get("anyOf", []))


def hostile_cases(operation: Any, routes: dict[str, Endpoint], world: World, role: str) -> Iterator[Any]:
    """Values generation rarely hits, put in every string parameter of the path, then of the query:
    a NUL byte (which PostgreSQL refuses in text), a very long value, quotes, markup and emoji."""
    endpoint = _endpoint(operation, routes)
    path = world_parameters(operation, routes, world, role) or {p.name: "x" for p in operation.path_parameters}
    query = query_params(endpoint, world) if endpoint else {}
    in_path = [p.name for p in operation.path_parameters if _is_string(p)]
    in_query = [p.name for p in operation.query if _is_string(p)]
    bodies = [b for b in operation.body if "$ref" not in b.definition.get("schema", {})
              and b.media_type in ("application/json", "application/x-www-form-urlencoded")]
    for value in HOSTILE:
        if in_path:
            yield operation.Case(path_parameters={**path, **dict.fromkeys(in_path, value)}, query=query)
        if in_query:
            yield operation.Case(path_parameters=path, query={**query, **dict.fromkeys(in_query, value)})
        for body in bodies[:1]:
            yield operation.Case(path_parameters=path, query=query, body=_hostile_body(body, value),
                                 media_type=body.media_type)


def _hostile_body(body: Any, value: str) -> dict[str, Any]:
    """A flat object body: every text property ``value``, the others a plain valid value."""
    schema = body.definition.get("schema", {})
    plain = {"array": [], "boolean": False, "integer": 1, "number": 1}
    out: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        kinds = [prop.get("type")] + [p.get("type") for p in prop.get("anyOf", [])]
        if "string" in kinds:
            out[name] = value
        elif name in schema.get("required", []):
            out[name] = next((plain[k] for k in kinds if k in plain), None)
    return out


def run_cases(cases: Iterator[Any], headers: dict[str, str], statuses: Counter[int]) -> str | None:
    for case in cases:
        try:
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # noqa: BLE001 - a check failure, or an error calling the app: both are findings
            return f"{type(exc).__name__} with {case.path_parameters} {case.query}: {exc}"[:800]
    return None


def fuzz(schema: Any, world: World, role: str) -> None:
    routes = {e.key: e for e in endpoints(schema.app)}
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    timing: dict[str, float] = {}
    with ServerErrors() as errors:
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            headers = world.headers(role)
            plans: list[tuple[str, Any]] = []
            fixed = world_parameters(operation, routes, world, role)
            if fixed:
                plans.append(("world", operation.as_strategy(GenerationMode.POSITIVE, path_parameters=fixed)))
            plans.append(("positive", operation.as_strategy(GenerationMode.POSITIVE)))
            if negatable(operation):
                plans.append(("negative", operation.as_strategy(GenerationMode.NEGATIVE)))
            for plan, strategy in plans:
                examples = FEW if label in SLOW_OPERATIONS else EXAMPLES[plan]
                mark = len(errors.seen)
                started = time.monotonic()
                found = run_operation(operation, strategy, examples, headers, statuses)
                timing[f"{label} {plan}"] = time.monotonic() - started
                if found:
                    trace = errors.since(mark)
                    failures.append(f"{label} ({plan}, {role}): {found}" + (f"\n  server log:\n{trace[-1500:]}"
                                                                            if trace else ""))
            mark = len(errors.seen)
            found = run_cases(hostile_cases(operation, routes, world, role), headers, statuses)
            if found:
                trace = errors.since(mark)
                failures.append(f"{label} (hostile values, {role}): {found}" + (
                    f"\n  server log:\n{trace[-1500:]}" if trace else ""))
            world.reset()
    print(sorted(statuses.items()), sorted(timing.items(), key=lambda kv: -kv[1])[:12])
    assert sum(statuses.values()) > 200 and statuses[200] > 50
    if role != ANONYMOUS:
        assert statuses[401] == 0, "the token stopped working part way: the run did not get past sign-in"
    assert not failures, f"{len(failures)} operations failed their checks:\n\n" + "\n\n".join(failures)


def test_every_operation_anonymously(schema: Any, world: World) -> None:
    fuzz(schema, world, ANONYMOUS)


def test_every_operation_as_an_administrator(schema: Any, world: World) -> None:
    fuzz(schema, world, "admin")
