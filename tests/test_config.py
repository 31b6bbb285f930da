from __future__ import annotations

from pathlib import Path

import pytest

from opis.config import ConfigError, load_settings, setting_table

ROOT = Path(__file__).resolve().parent.parent


def test_environment_is_cast_strictly() -> None:
    s = load_settings({"OPIS_DATA_DIR": "/tmp/x", "OPIS_PORT": "8123", "OPIS_LOAD_SAMPLE": "no"})
    assert (s.data_dir, s.port, s.load_sample) == (Path("/tmp/x"), 8123, False)
    assert s.url == "sqlite:////tmp/x/opis.sqlite3"
    assert load_settings({"OPIS_DATABASE_URL": "postgresql://u@h/db"}).url == "postgresql://u@h/db"
    queued = load_settings({"OPIS_DATABASE_URL": "postgresql://u@h/db", "OPIS_JOB_QUEUE": "postgres",
                            "OPIS_INDEX_DIR": "/srv/index-a"})
    assert (queued.job_queue, queued.index_dir, queued.incoming_dir) == ("postgres", Path("/srv/index-a"),
                                                                         Path("opis-data/incoming"))


@pytest.mark.parametrize(("env", "fragment"), [
    ({"OPIS_PORT": "eighty"}, "OPIS_PORT"), ({"OPIS_PORT": "70000"}, "port number"),
    ({"OPIS_LOAD_SAMPLE": "maybe"}, "true/false"), ({"OPIS_DATABASE_URL": "mysql://x"}, "sqlite:// or postgresql://"),
    ({"OPIS_QUERY_TIMEOUT_MS": "0"}, "positive"), ({"OPIS_JOB_QUEUE": "redis"}, "in-process or postgres"),
    ({"OPIS_JOB_QUEUE": "postgres"}, "needs a PostgreSQL store"),
    ({"OPIS_READ_DATABASE_URL": "postgresql://u@standby/db"}, "hot standby of a PostgreSQL store"),
    ({"OPIS_DATABASE_URL": "postgresql://u@h/db", "OPIS_READ_DATABASE_URL": "sqlite:///x"}, "hot standby"),
])
def test_bad_values_fail_loudly(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings(env)


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for _field, env, _default, _description in setting_table():
        assert f"`{env}`" in doc, f"{env} is not in docs/configuration.md"
