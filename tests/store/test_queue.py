"""The connection string procrastinate gets from the store's URL (store/queue.py); the queue itself is
tested with real workers in tests/jobs/test_queue.py and tests/web/test_cluster.py."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from opis.store.queue import QueueUnavailable, conninfo


def test_a_multi_host_url_keeps_every_host_with_its_port() -> None:
    url = ("postgresql+psycopg://postgres@/opis?host=127.0.0.1:5001&host=10.0.0.2:5002"
           "&target_session_attrs=read-write&connect_timeout=5")
    assert conninfo_to_dict(conninfo(url)) == {
        "host": "127.0.0.1,10.0.0.2", "port": "5001,5002", "dbname": "opis", "user": "postgres",
        "target_session_attrs": "read-write", "connect_timeout": "5"}


def test_a_single_host_url_keeps_its_password_and_options() -> None:
    assert conninfo_to_dict(conninfo("postgresql+psycopg://u:p%40ss@db.example:6432/opis?sslmode=require")) == {
        "host": "db.example", "port": "6432", "dbname": "opis", "user": "u", "password": "p@ss", "sslmode": "require"}


def test_a_host_without_a_port_among_several_takes_the_default() -> None:
    assert conninfo_to_dict(conninfo("postgresql://u@/opis?host=a&host=b:7"))["port"] == ",7"


def test_sqlite_has_no_queue() -> None:
    with pytest.raises(QueueUnavailable):
        conninfo("sqlite:///x.sqlite3")
