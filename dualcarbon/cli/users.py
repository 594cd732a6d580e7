"""Signing in on the command line, and `dualcarbon users` (the administrator's user store).

Every command that changes something names the person with ``--as <user>`` (or
``$DUALCARBON_USER``); the password comes from ``$DUALCARBON_PASSWORD`` (for scripts and
schedulers) or is asked for without echo. The role check itself is made by the function that
acts, so this module only establishes who is acting.
"""

from __future__ import annotations

import functools
import os

import click

from dualcarbon.auth import ROLES, AccessDenied, AuthError, LocalUserStore, User
from dualcarbon.auth.roles import role_name
from dualcarbon.cli.common import refuse
from dualcarbon.i18n import LANGS, text
from dualcarbon.paths import Workspace


def sign_in(ctx: click.Context, username: str) -> User:
    store = LocalUserStore.of(Workspace.from_env().home)
    password = os.environ.get("DUALCARBON_PASSWORD")
    if password is None:
        prompt = " / ".join(
            text("cli.users.password_prompt", lang, username=username) for lang in LANGS
        )
        password = click.prompt(prompt, hide_input=True, err=True)
    try:
        return store.authenticate(username, password)
    except AuthError as error:
        refuse(ctx, error)
        raise  # unreachable: refuse exits


def signed_in(command):
    """Add ``--as`` to a command and pass the authenticated ``user`` to it."""

    @click.option(
        "--as",
        "username",
        envvar="DUALCARBON_USER",
        required=True,
        help="以哪个用户身份操作（或 $DUALCARBON_USER；密码取自 $DUALCARBON_PASSWORD 或提示输入）"
        " / Act as this user (or $DUALCARBON_USER; password from $DUALCARBON_PASSWORD or a prompt).",
    )
    @functools.wraps(command)
    def wrapper(*args, username: str, **kwargs):
        user = sign_in(click.get_current_context(), username)
        return command(*args, user=user, **kwargs)

    return wrapper


@click.group()
def users() -> None:
    """Manage users and their roles (administrators; the first user may be created freely)."""


@users.command(name="add")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(list(ROLES)),
    help="角色，可重复 / Role (repeatable).",
)
@click.option("--name", "display_name", default="", help="显示名称 / Display name.")
@click.option("--department", default=None, help="填报人所属部门代码 / Submitter's department.")
@click.option(
    "--sso-subject", default=None, help="单点登录身份（如邮箱）/ SSO identity, e.g. e-mail."
)
@click.option(
    "--password",
    prompt="新用户的密码 / New user's password",
    hide_input=True,
    confirmation_prompt=True,
    envvar="DUALCARBON_NEW_PASSWORD",
)
@click.option(
    "--admin", "admin_name", envvar="DUALCARBON_USER", default=None, help="管理员 / Administrator."
)
@click.pass_context
def add_user(
    ctx: click.Context,
    username: str,
    roles: tuple[str, ...],
    display_name: str,
    department: str | None,
    sso_subject: str | None,
    password: str,
    admin_name: str | None,
) -> None:
    """Add a user. Once any user exists, an administrator must sign in to add more."""
    ws = Workspace.from_env().ensure()
    admin = _admin(ctx, admin_name) if LocalUserStore.of(ws.home).list() else None
    try:  # the store checks the role again and writes the audit entry
        user = LocalUserStore.of(ws.home).add(
            username, password, list(roles), display_name, department, sso_subject, by=admin
        )
    except (AuthError, AccessDenied) as error:
        refuse(ctx, error)
    click.echo(f"✓ {user.username}: {', '.join(sorted(user.roles))}")


def _admin(ctx: click.Context, admin_name: str | None) -> User:
    if not admin_name:
        refuse(
            ctx,
            AccessDenied("cli.users.admin.changing_users_requires_administrator"),
        )
    return sign_in(ctx, admin_name)


_ADMIN_OPTION = click.option(
    "--admin", "admin_name", envvar="DUALCARBON_USER", default=None, help="管理员 / Administrator."
)


@users.command(name="remove")
@click.argument("username")
@_ADMIN_OPTION
@click.pass_context
def remove_user(ctx: click.Context, username: str, admin_name: str | None) -> None:
    """Administrator: remove a user (audited; open sessions stop at their next action)."""
    store = LocalUserStore.of(Workspace.from_env().home)
    try:
        store.remove(username, by=_admin(ctx, admin_name))
    except (AuthError, AccessDenied) as error:
        refuse(ctx, error)
    click.echo(
        f"✓ {username} {text('cli.users.removed', 'en')} / {text('cli.users.removed', 'zh')}"
    )


@users.command(name="roles")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(list(ROLES)))
@_ADMIN_OPTION
@click.pass_context
def set_roles(
    ctx: click.Context, username: str, roles: tuple[str, ...], admin_name: str | None
) -> None:
    """Administrator: replace a user's roles (audited)."""
    store = LocalUserStore.of(Workspace.from_env().home)
    try:
        user = store.set_roles(username, list(roles), by=_admin(ctx, admin_name))
    except (AuthError, AccessDenied) as error:
        refuse(ctx, error)
    click.echo(f"✓ {user.username}: {', '.join(sorted(user.roles))}")


@users.command(name="list")
def list_users() -> None:
    """List users and their roles (never passwords)."""
    for user in LocalUserStore.of(Workspace.from_env().home).list():
        roles = ", ".join(
            text("cli.users.role_named", "zh", code=r, name=role_name(r))
            for r in sorted(user.roles)
        )
        dept = f" [{user.department}]" if user.department else ""
        click.echo(f"{user.username}\t{user.display_name}{dept}\t{roles}")
