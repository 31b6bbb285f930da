"""Every setting in one table, read from the environment (OPIS_*) or passed explicitly.

Values are cast strictly; a bad value fails loudly with the setting's name and what it expects.
docs/configuration.md lists the same table (a test keeps them in step).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    pass


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _port(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= 65535:
        raise ValueError("must be a port number from 1 to 65535")
    return value


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be one of true/false, yes/no, on/off, 1/0")


def _database_url(raw: str) -> str:
    if not raw.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
        raise ValueError("must start with sqlite:// or postgresql://")
    return raw


def _addresses(raw: str) -> str:
    """Comma-separated IP addresses or networks (``10.0.0.5, 192.168.0.0/24``), checked and normalized."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    try:
        return ",".join(str(ipaddress.ip_network(p, strict=False)) if "/" in p else str(ipaddress.ip_address(p))
                        for p in parts)
    except ValueError as exc:
        raise ValueError(f"must be IP addresses or networks separated by commas ({exc})") from None


def _job_queue(raw: str) -> str:
    if raw not in ("in-process", "postgres"):
        raise ValueError("must be in-process or postgres")
    return raw


def _originals(raw: str) -> str:
    """A folder, or ``s3://bucket/prefix`` (checked here so a typo fails at start, not at the first upload)."""
    if raw.startswith("s3://"):
        bucket, _, _prefix = raw[len("s3://"):].partition("/")
        allowed = set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        if not (3 <= len(bucket) <= 63 and set(bucket) <= allowed and bucket[0].isalnum() and bucket[-1].isalnum()):
            raise ValueError(f"{bucket!r} is not an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)")
    elif "://" in raw:
        raise ValueError("must be a folder or s3://bucket/prefix")
    return raw


def _http_url(raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return raw.rstrip("/")


def _setting(env: str, cast: Callable[[str], Any], doc: str, default: Any = None) -> Any:
    return field(default=default, metadata={"env": env, "cast": cast, "doc": doc})


@dataclass(frozen=True)
class Settings:
    data_dir: Path = _setting("OPIS_DATA_DIR", Path, "Folder for the database, stored originals and index.",
                              Path("opis-data"))
    database_url: str | None = _setting(
        "OPIS_DATABASE_URL", _database_url,
        "SQLAlchemy URL of the store; unset means SQLite at DATA_DIR/opis.sqlite3.")
    read_database_url: str | None = _setting(
        "OPIS_READ_DATABASE_URL", _database_url,
        "PostgreSQL URL of a hot standby for reads that may be a little stale (public pages, search's store "
        "check, OAI); someone who has just saved still reads their save (docs/scale-out.md). Unset: all on the "
        "store.")
    host: str = _setting("OPIS_HOST", str, "Address the web server listens on.", "127.0.0.1")
    port: int = _setting("OPIS_PORT", _port, "Port the web server listens on.", 8000)
    query_timeout_ms: int = _setting("OPIS_QUERY_TIMEOUT_MS", _positive_int,
                                     "Time limit for one database query, in milliseconds.", 5000)
    page_size: int = _setting("OPIS_PAGE_SIZE", _positive_int, "Default number of records on a page.", 50)
    session_days: int = _setting("OPIS_SESSION_DAYS", _positive_int,
                                 "Days a sign-in lasts before the person must sign in again.", 14)
    login_limit: int = _setting(
        "OPIS_LOGIN_LIMIT", _positive_int,
        "Failed sign-ins allowed per account from one address in 15 minutes (from one address in all: four "
        "times this); past it from many addresses, new addresses wait a growing delay.", 5)
    upload_max_mb: int = _setting("OPIS_UPLOAD_MAX_MB", _positive_int, "Largest upload accepted, in MB.", 512)
    trusted_proxies: str | None = _setting(
        "OPIS_TRUSTED_PROXIES", _addresses,
        "Addresses (or networks) of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, "
        "comma-separated; unset believes no one.")
    max_header_kb: int = _setting("OPIS_MAX_HEADER_KB", _positive_int,
                                  "Largest request line and headers together, in KB (431 beyond).", 32)
    max_body_mb: int = _setting("OPIS_MAX_BODY_MB", _positive_int,
                                "Largest request body, in MB, except uploads (413 beyond).", 16)
    archive_name: str = _setting("OPIS_ARCHIVE_NAME", str, "The archive's name, as OAI-PMH Identify gives it.", "opis")
    admin_email: str = _setting("OPIS_ADMIN_EMAIL", str, "Contact address OAI-PMH Identify gives harvesters.",
                                "archive@example.org")
    oai_identifier: str | None = _setting(
        "OPIS_OAI_IDENTIFIER", str, "Namespace of OAI identifiers (oai:NAMESPACE:id); unset uses the request's host.")
    load_sample: bool = _setting("OPIS_LOAD_SAMPLE", _bool,
                                 "Load the sample collection when the store is empty on start.", True)
    originals: str | None = _setting(
        "OPIS_ORIGINALS", _originals,
        "Where stored originals live: a folder (local or shared by every node and worker) or an S3-compatible "
        "object store as s3://bucket/prefix (boto3, `pip install 'opis[s3]'`; credentials from AWS_* variables). "
        "Unset means DATA_DIR/originals.")
    s3_endpoint_url: str | None = _setting(
        "OPIS_S3_ENDPOINT_URL", _http_url,
        "Endpoint of the S3-compatible store for OPIS_ORIGINALS=s3://… (MinIO, Ceph: http://host:9000); "
        "unset means AWS S3.")
    index_path: Path | None = _setting(
        "OPIS_INDEX_DIR", Path,
        "Folder of this process's search index; unset means DATA_DIR/index. Give each web node its own when "
        "several share one data folder (docs/scale-out.md).")
    job_queue: str = _setting(
        "OPIS_JOB_QUEUE", _job_queue,
        "Where uploads' ingest jobs run: in-process (a thread of the server that took the upload) or postgres "
        "(a job queue in the PostgreSQL store, run by `opis worker` processes).", "in-process")

    @property
    def url(self) -> str:
        """The store's URL: the configured one, else SQLite inside the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'opis.sqlite3').resolve()}"

    @property
    def originals_dir(self) -> Path:
        """The folder of stored originals when they live on a file system (not S3)."""
        if self.originals and not self.originals.startswith("s3://"):
            return Path(self.originals)
        return self.data_dir / "originals"

    @property
    def originals_cache_dir(self) -> Path:
        """Local copies of originals kept in an object store (page images and PDFs are drawn from files)."""
        return self.data_dir / "cache" / "originals"

    @property
    def incoming_dir(self) -> Path:
        """Uploaded files waiting for a worker, by content hash (every node and worker must share it)."""
        return self.data_dir / "incoming"

    @property
    def index_dir(self) -> Path:
        return self.index_path or self.data_dir / "index"


def setting_table() -> list[tuple[str, str, str, str]]:
    """(field, environment variable, default, description) for every setting."""
    return [(f.name, f.metadata["env"], "unset" if f.default is None else str(f.default), f.metadata["doc"])
            for f in fields(Settings)]


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from the environment, then explicit overrides (None overrides are ignored)."""
    source = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = source.get(f.metadata["env"])
        if raw is None or raw == "":
            continue
        try:
            values[f.name] = f.metadata["cast"](raw)
        except ValueError as exc:
            raise ConfigError(f"{f.metadata['env']}={raw!r}: {exc}") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(**values)
    if settings.job_queue == "postgres" and not settings.url.startswith("postgresql"):
        raise ConfigError("OPIS_JOB_QUEUE=postgres needs a PostgreSQL store (OPIS_DATABASE_URL); "
                          "on SQLite, jobs run in-process")
    read = settings.read_database_url
    if read is not None and not (read.startswith("postgresql") and settings.url.startswith("postgresql")):
        raise ConfigError("OPIS_READ_DATABASE_URL names a PostgreSQL hot standby of a PostgreSQL store "
                          "(OPIS_DATABASE_URL)")
    return settings
