"""`opis user`, `opis token` and `opis audit`: accounts, API tokens and the audit log, for the operator.

The CLI is the operator's (whoever holds the data folder), so it may do what an administrator
does, including to the last administrator: it is the way back in after a lockout. Every change
is audited with the actor ``cli:<login name>``. Passwords are prompted twice with hidden input,
or read from standard input with ``--password-stdin`` (never a flag: it would stay in the shell
history and show in the process list).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from opis.cli.common import AsJson, DataDir, archive_for, err, fail, guarded, out, print_json

if TYPE_CHECKING:
    from rich.table import Table

    from opis.store.accounts import TokenInfo, User
    from opis.store.archive import Archive
    from opis.store.audit import AuditEntry

user_app = typer.Typer(help="Accounts: add, list, change roles, switch off or on, set a password.",
                       no_args_is_help=True)
token_app = typer.Typer(help="API tokens: make (the secret is printed once), list, revoke.", no_args_is_help=True)

Roles = Annotated[list[str], typer.Option("--role", help="A role from vocab/roles.yaml; repeat for more.")]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin",
                                             help="Read the password from standard input instead of asking.")]


def cli_actor() -> str:
    """Who the audit log names for a CLI action: the operating-system account that ran it."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        login = f"uid{os.getuid()}"
    return f"cli:{login}"[:80]


def read_password(from_stdin: bool) -> str:
    from opis.store.accounts import MIN_PASSWORD, check_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(f"Password (at least {MIN_PASSWORD} characters)", hide_input=True,
                                confirmation_prompt=True, err=True)
    return guarded(lambda: check_password(password))


def _audit(archive: Archive, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    archive.audit.record(cli_actor(), action, target, "", detail)


def _user_row(archive: Archive, user: User) -> dict[str, Any]:
    active = sum(1 for t in archive.accounts.tokens(user.name) if t.revoked_at is None)
    return {"name": user.name, "roles": sorted(user.roles), "created_at": user.created_at,
            "disabled": user.disabled, "active_tokens": active}


def _token_row(info: TokenInfo) -> dict[str, Any]:
    return {"id": info.id, "user": info.user_name, "label": info.label, "created_at": info.created_at,
            "last_used_at": info.last_used_at, "revoked_at": info.revoked_at}


@user_app.command("add")
def user_add(name: str, role: Roles, password_stdin: PasswordStdin = False, data_dir: DataDir = None) -> None:
    """Add an account with one or more roles; asks for its password (twice)."""
    from opis.store.accounts import NAME, check_roles

    roles = guarded(lambda: check_roles(set(role)))  # before the prompt: no one types a password for nothing
    if not NAME.match(name):
        fail(f"{name!r} is not a user name: letters, digits and . _ @ - only, up to 80")
    archive = archive_for(data_dir)
    if any(u.name == name for u in archive.accounts.users()):
        fail(f"a user named {name!r} exists already")
    user = guarded(lambda: archive.accounts.add_user(name, read_password(password_stdin), roles))
    _audit(archive, "user-added", user.name, {"roles": sorted(user.roles)})
    out.print(f"added {user.name} ({', '.join(sorted(user.roles))})")


@user_app.command("list")
def user_list(as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """Every account with its roles, state and number of active tokens."""
    from rich.table import Table

    archive = archive_for(data_dir)
    rows = [_user_row(archive, u) for u in archive.accounts.users()]
    if as_json:
        print_json(rows)
        return
    table = Table("name", "roles", "since", "state", "tokens", title=f"{len(rows)} accounts")
    for r in rows:
        table.add_row(r["name"], ", ".join(r["roles"]), r["created_at"][:10], "off" if r["disabled"] else "on",
                      str(r["active_tokens"]))
    out.print(table)


@user_app.command("roles")
def user_roles(name: str, role: Roles, data_dir: DataDir = None) -> None:
    """Replace an account's roles."""
    archive = archive_for(data_dir)
    before = guarded(lambda: archive.accounts.user(name))
    user = guarded(lambda: archive.accounts.set_roles(name, set(role)))
    if user.roles != before.roles:
        _audit(archive, "roles-changed", name, {"from": sorted(before.roles), "to": sorted(user.roles)})
    out.print(f"{name}: {', '.join(sorted(user.roles))}")


def _switch(name: str, disabled: bool, data_dir: Path | None) -> None:
    archive = archive_for(data_dir)
    before = guarded(lambda: archive.accounts.user(name))
    guarded(lambda: archive.accounts.set_disabled(name, disabled))
    if before.disabled != disabled:
        _audit(archive, "user-disabled" if disabled else "user-enabled", name)
    out.print(f"{name}: {'off (its sign-ins ended; its tokens stop working)' if disabled else 'on'}")


@user_app.command("disable")
def user_disable(name: str, data_dir: DataDir = None) -> None:
    """Switch an account off: it cannot sign in, its sessions end, its tokens stop working."""
    _switch(name, True, data_dir)


@user_app.command("enable")
def user_enable(name: str, data_dir: DataDir = None) -> None:
    """Switch an account on again."""
    _switch(name, False, data_dir)


@user_app.command("passwd")
def user_passwd(name: str, password_stdin: PasswordStdin = False, data_dir: DataDir = None) -> None:
    """Set an account's password (asks twice); its sign-ins end."""
    archive = archive_for(data_dir)
    guarded(lambda: archive.accounts.user(name))
    password = read_password(password_stdin)
    guarded(lambda: archive.accounts.set_password(name, password))
    _audit(archive, "password-set", name)
    out.print(f"{name}: password set; its sign-ins ended")


@token_app.command("add")
def token_add(name: str, label: Annotated[str, typer.Option(help="What the token is for.")] = "",
              data_dir: DataDir = None) -> None:
    """Make an API token for NAME and print its secret: once, never again."""
    archive = archive_for(data_dir)
    secret, info = guarded(lambda: archive.accounts.create_token(name, label))
    _audit(archive, "token-created", name, {"token": info.id, "label": info.label})
    err.print(f"token {info.id} for {name} ({info.label}); the secret is shown this once, store it now:")
    sys.stdout.write(secret + "\n")  # alone on standard output, so a script can capture it


@token_app.command("list")
def token_list(user: Annotated[str | None, typer.Option(help="Only this account's tokens.")] = None,
               as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """Every API token (never its secret): id, account, label, made, last used, revoked."""
    from rich.table import Table

    archive = archive_for(data_dir)
    rows = [_token_row(t) for t in archive.accounts.tokens(user)]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "user", "label", "made", "last used", "revoked", title=f"{len(rows)} tokens")
    for r in rows:
        table.add_row(r["id"], r["user"], r["label"], r["created_at"][:16], (r["last_used_at"] or "never")[:16],
                      (r["revoked_at"] or "")[:16])
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(metavar="ID")], data_dir: DataDir = None) -> None:
    """Revoke an API token: it stops working at once."""
    archive = archive_for(data_dir)
    before = guarded(lambda: archive.accounts.token(token_id))
    guarded(lambda: archive.accounts.revoke_token(token_id))
    if before.revoked_at is None:
        _audit(archive, "token-revoked", before.user_name, {"token": token_id, "label": before.label})
    out.print(f"token {token_id} of {before.user_name} revoked")


def audit(as_json: AsJson = False, limit: Annotated[int, typer.Option(min=1, help="How many entries.")] = 50,
          offset: Annotated[int, typer.Option(min=0, help="How many newest entries to skip.")] = 0,
          actor: Annotated[str | None, typer.Option(help="Only this actor's entries.")] = None,
          action: Annotated[str | None, typer.Option(help="Only this action (login, token-created, …).")] = None,
          target: Annotated[str | None, typer.Option(help="Only entries about this target.")] = None,
          data_dir: DataDir = None) -> None:
    """The audit log, newest first: who did what, to what, when and from where."""
    archive = archive_for(data_dir)
    entries, total = archive.audit.entries(offset, limit, actor=actor, action=action, target=target)
    if as_json:
        print_json({"total": total, "offset": offset, "entries": [e.as_dict() for e in entries]})
        return
    out.print(_audit_table(entries, total))


def _audit_table(entries: list[AuditEntry], total: int) -> Table:
    from rich.table import Table

    table = Table("at (UTC)", "actor", "action", "target", "address", "detail",
                  title=f"{len(entries)} of {total} audit entries, newest first")
    for e in entries:
        detail = "; ".join(f"{k}: {v}" for k, v in e.detail.items())
        table.add_row(e.at[:19].replace("T", " "), e.actor, e.action, e.target, e.ip, detail)
    return table


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.command("audit")(audit)

