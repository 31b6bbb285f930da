"""The job queue on PostgreSQL: procrastinate's tables in the store's database, jobs deferred inside
the store's own transactions, and the worker loop that takes them.

Only this module imports procrastinate: it runs SQL (procrastinate's own), so it belongs to the store.
The jobs layer names a task and its arguments; it never sees a connection.

Why defer inside our transaction rather than record a row and relay it: procrastinate (3.x) takes
an external connection (``configure_task(..., connection=...)``), so the job's row is written by the
same PostgreSQL transaction as the ingest job's own row. A rollback leaves neither; a commit leaves
both. A relay would need its own idempotence and a second moving part for the same guarantee.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate.schema import SchemaManager
from procrastinate.sql import queries as sql_queries
from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

QUEUE = "opis"
RETRIES = 4
_SCHEMA_LOCK = "opis: procrastinate schema"
log = logging.getLogger(__name__)


class QueueUnavailable(RuntimeError):
    """The store is not PostgreSQL: there is no queue to defer to or work from."""


@dataclass(frozen=True)
class Timing:
    """How fast a worker notices work and a dead peer. A worker beats every ``heartbeat_s``; a peer
    whose beat is older than ``stalled_s`` is taken as dead and its running jobs are put back."""
    heartbeat_s: float = 5.0
    stalled_s: float = 30.0
    poll_s: float = 2.0
    # A task that raises waits retry_wait**n seconds before try n+1 (2, 4, 8, 16 s by default).
    retry_wait: int = 2
    # Finished queued jobs (and their events) are deleted keep_hours after they ended, looked for
    # every cleanup_s; the ingest job's own rows (ingest_jobs, ingest_files) are kept.
    keep_hours: int = 168
    cleanup_s: float = 600.0


def conninfo(url: str) -> str:
    """The libpq connection string for a SQLAlchemy PostgreSQL URL (procrastinate talks to psycopg directly).

    A multi-host URL (``?host=A:5432&host=B:5432&target_session_attrs=read-write``, docs/scale-out.md)
    becomes libpq's ``host=A,B port=5432,5432``: passed on as a URI, libpq would keep only the last
    ``host=`` (the standby) and read its port as part of the name."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise QueueUnavailable("the job queue needs a PostgreSQL store (OPIS_DATABASE_URL)")
    params: dict[str, Any] = {k: (v[-1] if isinstance(v, tuple) else v) for k, v in parsed.query.items()}
    hosts = parsed.query.get("host")
    if isinstance(hosts, tuple):  # SQLAlchemy gives a repeated query parameter as a tuple
        names, ports = zip(*(_host_port(h, parsed.port) for h in hosts), strict=True)
        params["host"], params["port"] = ",".join(names), ",".join(ports)
    else:
        if parsed.host:
            params["host"] = parsed.host
        if parsed.port:
            params["port"] = str(parsed.port)
    for key, value in (("dbname", parsed.database), ("user", parsed.username), ("password", parsed.password)):
        if value:
            params[key] = value
    return make_conninfo("", **params)


def _host_port(entry: str, default: int | None) -> tuple[str, str]:
    """``"127.0.0.1:5433"`` -> ("127.0.0.1", "5433"); a host without a port takes the URL's (or libpq's)."""
    name, sep, port = entry.rpartition(":")
    if sep and port.isdigit() and not name.endswith(":"):
        return name, port
    return entry, str(default or "")


def make_app(url: str) -> procrastinate.App:
    """A procrastinate app on the store's database (not opened: deferring in a transaction needs no pool)."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(url), min_size=1, max_size=4)
    return procrastinate.App(connector=connector)


def app_for(engine: Engine) -> procrastinate.App:
    """``make_app`` on the database ``engine`` opens (its password kept: the connector logs in itself)."""
    return make_app(engine.url.render_as_string(hide_password=False))


def ensure_schema(engine: Engine) -> bool:
    """Create procrastinate's tables and functions unless they exist; True if it did. Safe to race:
    an advisory lock lets one process create them while another waits and then finds them."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": _SCHEMA_LOCK})
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None:
            return False
        # Many statements in one string: psycopg runs them as one simple query when given no parameters.
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur:
            cur.execute(SchemaManager.get_schema())
    return True


def defer(conn: Connection, app: procrastinate.App, task: str, jobs: Iterable[Mapping[str, Any]],
          lock: Callable[[Mapping[str, Any]], str | None] = lambda _: None) -> list[int]:
    """Defer one job of ``task`` per argument set on the open transaction ``conn``: they exist if and
    only if that transaction commits. ``lock(args)`` names a procrastinate lock: jobs sharing it run
    one after another, never at once (we lock on the file's content hash)."""
    raw = conn.connection.driver_connection
    ids = []
    for args in jobs:
        deferrer = app.configure_task(task, queue=QUEUE, lock=lock(args), connection=raw)
        ids.append(deferrer.defer(**dict(args)))
    return ids


def job_states(engine: Engine, ids: Iterable[int]) -> dict[int, str]:
    """procrastinate's status of each job (todo, doing, succeeded, failed, …)."""
    wanted = list(ids)
    if not wanted:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status::text FROM procrastinate_jobs WHERE id = ANY(:ids)"),
                            {"ids": wanted}).all()
    return {int(r[0]): str(r[1]) for r in rows}


def queue_counts(engine: Engine) -> dict[str, int]:
    """How many jobs of our queue are in each state: what `opis worker --status` and tests read."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status::text, count(*) FROM procrastinate_jobs WHERE queue_name = :q "
                                 "GROUP BY status"), {"q": QUEUE}).all()
    return {str(r[0]): int(r[1]) for r in rows}


Task = Callable[..., None]
# Told of a queued file job that will not be tried again: (ingest job, position, times started).
GaveUp = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Unrecorded:
    """A queued file job that ended failed while its file has no outcome row (``attempts``: how many
    times it was started; procrastinate counts the failed run too)."""
    queued_id: int
    job: str
    position: int
    attempts: int


def failed_without_outcome(engine: Engine, task: str) -> list[Unrecorded]:
    """Queued jobs of ``task`` (arguments ``job`` and ``position``) that procrastinate gave up on and
    whose file has no outcome yet. Found by a query rather than told by the failing task: the task
    gives up when something keeps going wrong, the database included, and then it could not write."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT j.id, j.args->>'job', (j.args->>'position')::int, j.attempts FROM procrastinate_jobs j "
            "WHERE j.queue_name = :q AND j.task_name = :t AND j.status = 'failed' AND NOT EXISTS ("
            "SELECT 1 FROM ingest_files f WHERE f.job_id = j.args->>'job' "
            "AND f.position = (j.args->>'position')::int)"), {"q": QUEUE, "t": task}).all()
    return [Unrecorded(int(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]


def gave_up_on(engine: Engine, task: str, key: str, value: str) -> list[tuple[dict[str, Any], int]]:
    """The arguments and attempts of the jobs of ``task`` whose argument ``key`` is ``value`` that
    procrastinate failed for good (a re-extraction run's batches that kept failing)."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT args, attempts FROM procrastinate_jobs WHERE queue_name = :q AND task_name = :t "
            "AND status = 'failed' AND args->>:k = :v ORDER BY id"),
            {"q": QUEUE, "t": task, "k": key, "v": value}).all()
    return [(dict(r[0]), int(r[1])) for r in rows]


def delete_finished(engine: Engine, keep_hours: int) -> int:
    """Delete our queue's jobs that ended (succeeded or failed) more than ``keep_hours`` ago, with
    their events; how many went. Failed ones are taken only once their file has an outcome, so a
    failure is never forgotten unrecorded (hence our own query: procrastinate's ``delete_old_jobs``
    cannot tell)."""
    with engine.begin() as conn:
        ended = conn.execute(text(
            "SELECT j.id FROM procrastinate_jobs j WHERE j.queue_name = :q AND j.status IN ('succeeded', 'failed') "
            "AND (j.status = 'succeeded' OR EXISTS (SELECT 1 FROM ingest_files f WHERE f.job_id = j.args->>'job' "
            "AND f.position = (j.args->>'position')::int)) "
            "AND (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) "
            "< now() - make_interval(hours => :h)"), {"q": QUEUE, "h": keep_hours}).scalars().all()
        if ended:
            conn.execute(text("DELETE FROM procrastinate_jobs WHERE id = ANY(:ids)"), {"ids": list(ended)})
    return len(ended)


def run_worker(engine: Engine, tasks: Mapping[str, Task], timing: Timing, concurrency: int = 1,
               name: str | None = None, gave_up: Mapping[str, GaveUp] | None = None) -> None:
    """Take jobs of our queue until SIGINT/SIGTERM. Beside the worker, a loop (every heartbeat) puts
    back the jobs of workers whose heartbeat stopped (killed with SIGKILL, machine lost):
    procrastinate finds them (``get_stalled_jobs``) but leaves retrying them to the application. The
    same loop tells ``gave_up[task]`` of each job of that task that will not be tried again, and
    deletes long-finished jobs every ``timing.cleanup_s``."""
    app = app_for(engine)
    # A task that raises (the database went away mid-job, say) is tried again a few times, by any
    # worker, after 2, 4, 8, 16 s; the tasks are idempotent, so a retry redoes nothing already done.
    retry = procrastinate.RetryStrategy(max_attempts=RETRIES, exponential_wait=timing.retry_wait)
    for task_name, fn in tasks.items():
        app.task(name=task_name, queue=QUEUE, pass_context=False, retry=retry)(fn)
    asyncio.run(_work(app, engine, timing, concurrency, name, gave_up or {}))


async def _work(app: procrastinate.App, engine: Engine, timing: Timing, concurrency: int, name: str | None,
                gave_up: Mapping[str, GaveUp]) -> None:
    async with app.open_async():
        rescuer = asyncio.create_task(_sweep(app, engine, timing, gave_up))
        try:
            await app.run_worker_async(queues=[QUEUE], concurrency=concurrency, name=name or "opis-worker",
                                       update_heartbeat_interval=timing.heartbeat_s,
                                       stalled_worker_timeout=timing.stalled_s,
                                       fetch_job_polling_interval=timing.poll_s)
        finally:
            rescuer.cancel()


async def _sweep(app: procrastinate.App, engine: Engine, timing: Timing, gave_up: Mapping[str, GaveUp]) -> None:
    cleaned = time.monotonic()
    while True:
        await asyncio.sleep(timing.heartbeat_s)
        try:
            stalled = await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=timing.stalled_s)
            for job in stalled:
                if job.id is None:
                    continue
                what = await asyncio.to_thread(put_back, engine, job.id, job.worker_id)
                if what:
                    log.warning("job %s (%s) was running on a worker that stopped beating: %s", job.id,
                                job.task_name, what)
            for task, tell in gave_up.items():
                for lost in await asyncio.to_thread(failed_without_outcome, engine, task):
                    log.error("job %s (%s %s #%s) failed %s times; not tried again", lost.queued_id, task, lost.job,
                              lost.position, lost.attempts)
                    await asyncio.to_thread(tell, lost.job, lost.position, lost.attempts)
            if time.monotonic() - cleaned >= timing.cleanup_s:
                gone = await asyncio.to_thread(delete_finished, engine, timing.keep_hours)
                cleaned = time.monotonic()
                if gone:
                    log.info("deleted %s queued jobs that ended over %s hours ago", gone, timing.keep_hours)
        except Exception:  # the database blinked: try again at the next beat
            log.exception("could not sweep the queue")


def put_back(engine: Engine, job_id: int, worker_id: int | None) -> str | None:
    """Put job ``job_id`` back in the queue if it is still running on the dead ``worker_id``; None if
    not (another worker put it back already, and maybe took it again: retrying it then would run it
    twice at once). The row lock makes the check and the retry one step. A job whose workers died
    under it more than RETRIES times (a file that kills its parser's whole worker, say) is ended as
    failed instead, so it cannot take down workers forever; what it says."""
    with engine.begin() as conn:
        still = conn.execute(text("SELECT attempts FROM procrastinate_jobs WHERE id = :id AND status = 'doing' "
                                  "AND worker_id IS NOT DISTINCT FROM :worker FOR UPDATE"),
                             {"id": job_id, "worker": worker_id}).first()
        if still is None:
            return None
        if int(still[0]) >= RETRIES:
            conn.exec_driver_sql(sql_queries["finish_job"], {  # procrastinate's own statement
                "job_id": job_id, "status": "failed", "delete_job": False})
            return "failed (its workers died too often)"
        conn.exec_driver_sql(sql_queries["retry_job"], {
            "job_id": job_id, "retry_at": datetime.now(UTC), "new_priority": None, "new_queue_name": None,
            "new_lock": None})
    return "put back in the queue"
