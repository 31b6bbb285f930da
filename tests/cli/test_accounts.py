"""`opis user`, `opis token` and `opis audit`: accounts from the command line, each change audited
with the operator's login as ``cli:<name>``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opis.cli import app
from opis.cli.accounts import cli_actor
from opis.config import Settings
from opis.store.archive import Archive

runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def opis(data_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def archive_of(data_dir: Path) -> Archive:
    return Archive.open(Settings(data_dir=data_dir))


def test_user_add_prompts_twice_and_audits(data_dir: Path) -> None:
    code, out, err = opis(data_dir, "user", "add", "ann", "--role", "editor", "--role", "translator",
                          stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and "added ann (editor, translator)" in out, err
    assert PASSWORD not in out + err  # hidden input
    archive = archive_of(data_dir)
    assert archive.accounts.verify("ann", PASSWORD) is not None
    entry = archive.audit.entries()[0][0]
    assert (entry.actor, entry.action, entry.target, entry.detail) == (
        cli_actor(), "user-added", "ann", {"roles": ["editor", "translator"]})
    assert cli_actor().startswith("cli:")


def test_user_add_refuses_mismatched_short_unknown_and_duplicate(data_dir: Path) -> None:
    code, _, err = opis(data_dir, "user", "add", "ann", "--role", "boss")
    assert code == 1 and "known: admin, contributor, editor, reader, translator" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = opis(data_dir, "user", "add", "ann", "--role", "editor", stdin=f"{PASSWORD}\nsomething else!!\n")
    assert code == 1 and "do not match" in err and "something else" not in err
    code, _, err = opis(data_dir, "user", "add", "ann", "--role", "editor", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 10 characters" in err
    code, _, err = opis(data_dir, "user", "add", "bad name", "--role", "editor", "--password-stdin", stdin=PASSWORD)
    assert code == 1 and "not a user name" in err
    assert opis(data_dir, "user", "add", "ann", "--role", "editor", "--password-stdin", stdin=PASSWORD)[0] == 0
    code, _, err = opis(data_dir, "user", "add", "ann", "--role", "reader", "--password-stdin", stdin=PASSWORD)
    assert code == 1 and "exists already" in err
    assert [u.name for u in archive_of(data_dir).accounts.users()] == ["ann"]


def test_user_list_roles_disable_enable_passwd(data_dir: Path) -> None:
    for name in ("ann", "bob"):
        opis(data_dir, "user", "add", name, "--role", "reader", "--password-stdin", stdin=PASSWORD + "\n")
    assert opis(data_dir, "user", "roles", "ann", "--role", "admin")[0] == 0
    code, _, err = opis(data_dir, "user", "roles", "nobody", "--role", "admin")
    assert code == 1 and "no user 'nobody'" in err
    assert opis(data_dir, "user", "disable", "bob")[0] == 0
    code, out, _ = opis(data_dir, "user", "list", "--json")
    assert code == 0 and [(u["name"], u["roles"], u["disabled"]) for u in json.loads(out)] == [
        ("ann", ["admin"], False), ("bob", ["reader"], True)]
    code, out, _ = opis(data_dir, "user", "list")
    assert code == 0 and "ann" in out and "off" in out
    assert opis(data_dir, "user", "enable", "bob")[0] == 0
    assert opis(data_dir, "user", "passwd", "bob", "--password-stdin", stdin="a whole new password\n")[0] == 0
    archive = archive_of(data_dir)
    assert archive.accounts.verify("bob", "a whole new password") is not None
    actions = [e.action for e in archive.audit.entries()[0]]
    assert actions == ["password-set", "user-enabled", "user-disabled", "roles-changed", "user-added", "user-added"]


def test_the_operator_may_demote_the_last_administrator(data_dir: Path) -> None:
    """The CLI is the way back in after a lockout, so it has no lockout guard of its own."""
    opis(data_dir, "user", "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    assert opis(data_dir, "user", "disable", "ada")[0] == 0
    assert opis(data_dir, "user", "enable", "ada")[0] == 0


def test_tokens_are_printed_once_listed_and_revoked(data_dir: Path) -> None:
    opis(data_dir, "user", "add", "ann", "--role", "editor", "--password-stdin", stdin=PASSWORD)
    code, out, err = opis(data_dir, "token", "add", "ann", "--label", "harvester")
    secret = out.strip()
    assert code == 0 and secret.startswith("opis_") and "shown this once" in err
    archive = archive_of(data_dir)
    user = archive.accounts.token_user(secret)
    assert user is not None and user.name == "ann"
    code, out, _ = opis(data_dir, "token", "list", "--json")
    [listed] = json.loads(out)
    assert listed["user"] == "ann" and listed["label"] == "harvester" and secret.split("_", 2)[2] not in out
    assert secret.split("_", 2)[2] not in opis(data_dir, "token", "list")[1]
    assert opis(data_dir, "token", "revoke", listed["id"])[0] == 0
    assert archive.accounts.token_user(secret) is None
    code, _, err = opis(data_dir, "token", "revoke", "nope")
    assert code == 1 and "no API token 'nope'" in err
    code, _, err = opis(data_dir, "token", "add", "nobody")
    assert code == 1 and "no user 'nobody'" in err
    details = [(e.action, e.detail.get("token")) for e in archive.audit.entries()[0][:2]]
    assert details == [("token-revoked", listed["id"]), ("token-created", listed["id"])]


def test_audit_lists_newest_first_with_filters(data_dir: Path) -> None:
    archive = archive_of(data_dir)
    archive.audit.record("ann", "login", "ann", "10.0.0.1")
    archive.audit.record("bob", "login-failed", "bob", "10.0.0.2", {"note": "Штыков"})
    archive.audit.record("ann", "logout", "ann", "10.0.0.1")
    code, out, _ = opis(data_dir, "audit", "--json", "--limit", "2")
    body = json.loads(out)
    assert code == 0 and body["total"] == 3 and [e["action"] for e in body["entries"]] == ["logout", "login-failed"]
    code, out, _ = opis(data_dir, "audit", "--json", "--actor", "ann", "--action", "login")
    assert [e["ip"] for e in json.loads(out)["entries"]] == ["10.0.0.1"]
    code, out, _ = opis(data_dir, "audit")
    assert code == 0 and "login-failed" in out and "Штыков" in out
    assert opis(data_dir, "audit", "--limit", "0")[0] == 2
