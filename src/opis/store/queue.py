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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate.schema import SchemaManager
from procrastinate.sql import queries as sql_queries
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


def conninfo(url: str) -> str:
    """The libpq URI for a SQLAlchemy PostgreSQL URL (procrastinate talks to psycopg directly)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise QueueUnavailable("the job queue needs a PostgreSQL store (OPIS_DATABASE_URL)")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(url: str) -> procrastinate.App:
    """A procrastinate app on the store's database (not opened: deferring in a transaction needs no pool)."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(url), min_size=1, max_size=4)
    return procrastinate.App(connector=connector)


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


def run_worker(engine: Engine, tasks: Mapping[str, Task], timing: Timing, concurrency: int = 1,
               name: str | None = None) -> None:
    """Take jobs of our queue until SIGINT/SIGTERM. Beside the worker, a loop puts back the jobs of
    workers whose heartbeat stopped (killed with SIGKILL, machine lost): procrastinate finds them
    (``get_stalled_jobs``) but leaves retrying them to the application."""
    app = make_app(engine.url.render_as_string(hide_password=False))
    # A task that raises (the database went away mid-job, say) is tried again a few times, by any
    # worker, after 2, 4, 8, 16 s; the tasks are idempotent, so a retry redoes nothing already done.
    retry = procrastinate.RetryStrategy(max_attempts=RETRIES, exponential_wait=2)
    for task_name, fn in tasks.items():
        app.task(name=task_name, queue=QUEUE, pass_context=False, retry=retry)(fn)
    asyncio.run(_work(app, engine, timing, concurrency, name))


async def _work(app: procrastinate.App, engine: Engine, timing: Timing, concurrency: int, name: str | None) -> None:
    async with app.open_async():
        rescuer = asyncio.create_task(_put_back_stalled(app, engine, timing))
        try:
            await app.run_worker_async(queues=[QUEUE], concurrency=concurrency, name=name or "opis-worker",
                                       update_heartbeat_interval=timing.heartbeat_s,
                                       stalled_worker_timeout=timing.stalled_s,
                                       fetch_job_polling_interval=timing.poll_s)
        finally:
            rescuer.cancel()


async def _put_back_stalled(app: procrastinate.App, engine: Engine, timing: Timing) -> None:
    while True:
        await asyncio.sleep(timing.heartbeat_s)
        try:
            stalled = await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=timing.stalled_s)
            for job in stalled:
                if job.id is not None and await asyncio.to_thread(put_back, engine, job.id, job.worker_id):
                    log.warning("job %s (%s) was running on a worker that stopped beating; put back in the queue",
                                job.id, job.task_name)
        except Exception:  # the database blinked: try again at the next beat
            log.exception("could not put back stalled jobs")


def put_back(engine: Engine, job_id: int, worker_id: int | None) -> bool:
    """Put job ``job_id`` back in the queue if it is still running on the dead ``worker_id``; False if
    not (another worker put it back already, and maybe took it again: retrying it then would run it
    twice at once). The row lock makes the check and the retry one step."""
    with engine.begin() as conn:
        still = conn.execute(text("SELECT id FROM procrastinate_jobs WHERE id = :id AND status = 'doing' "
                                  "AND worker_id IS NOT DISTINCT FROM :worker FOR UPDATE"),
                             {"id": job_id, "worker": worker_id}).first()
        if still is None:
            return False
        conn.exec_driver_sql(sql_queries["retry_job"], {  # procrastinate's own statement
            "job_id": job_id, "retry_at": datetime.now(UTC), "new_priority": None, "new_queue_name": None,
            "new_lock": None})
    return True
