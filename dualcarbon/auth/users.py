"""The local user store: ``$DUALCARBON_HOME/access/users.json``, passwords as salted scrypt.

This is the default ``AuthBackend``. An organisation's single sign-on plugs in at the same
seam (docs/operations.md): it vouches for the person, and this store still says which roles
they hold (``sso_subject`` links the two).

Only an administrator changes users (the very first user of an empty store excepted), and
every change (add, remove, roles) is written to the audit log by the store itself, whoever
calls it. Names are normalised and look-alikes refused (``dualcarbon.auth.names``). Sign-in
is throttled per name and address (``dualcarbon.auth.throttle``), and an unknown name costs
the same scrypt work as a known one, so timing does not tell which names exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Protocol

from dualcarbon import audit
from dualcarbon.auth import throttle
from dualcarbon.auth.names import BadUserName, canonical, normalise
from dualcarbon.auth.roles import ROLES, AccessDenied, User, require
from dualcarbon.errors import BilingualError
from dualcarbon.i18n import Join, Message

# scrypt parameters (RFC 7914 interactive-login strength); stored with each hash so they can
# be raised later without invalidating old passwords.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 8


class AuthError(BilingualError):
    """Sign-in or user-management failure, said in zh and en (never says which part was wrong)."""


class AuthBackend(Protocol):
    def authenticate(self, username: str, password: str) -> User: ...

    def user_for_subject(self, subject: str) -> User: ...


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode("utf-8"),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=32,
    )
    return hmac.compare_digest(candidate, base64.b64decode(digest))


BOOTSTRAP = "bootstrap"  # the actor of the first user of an empty store
_DUMMY: list[str] = []  # a hash an unknown name is checked against (made once, lazily)


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_hex(16)))
    return _DUMMY[0]


class LocalUserStore:
    """Users in one JSON file, written whole and atomically, readable only by the owner."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.home = path.parent.parent  # access/users.json in the workspace

    @classmethod
    def of(cls, home: Path) -> LocalUserStore:
        return cls(home / "access" / "users.json")

    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _save(self, users: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(users, handle, ensure_ascii=False, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)

    @staticmethod
    def _user(username: str, record: dict) -> User:
        return User(
            username=username,
            display_name=record.get("display_name") or username,
            roles=frozenset(record["roles"]),
            department=record.get("department"),
        )

    def _admin(self, by: User | None, users: dict, action: str) -> str:
        """The acting administrator's name, checked against the store as it is now (a role
        removed a moment ago no longer counts); anyone for the first user of an empty store."""
        if not users:
            return by.username if by else BOOTSTRAP
        fresh = self.get(by.username) if by else None
        if by is not None and fresh is None:
            raise AccessDenied(
                "auth.users.admin.user_no_longer_exists",
                username=by.username,
                action=Message(action),
            )
        return require(fresh, "admin", action).username

    def _audit(self, actor: str, action: str, username: str, details: dict) -> None:
        audit.append(self.home, actor, "admin", action, username, details)

    def add(
        self,
        username: str,
        password: str,
        roles: list[str],
        display_name: str = "",
        department: str | None = None,
        sso_subject: str | None = None,
        replace: bool = False,
        *,
        by: User | None = None,
    ) -> User:
        """Add (or with ``replace`` re-create) a user; ``by`` must be an administrator once
        the store has any user."""
        try:
            username = normalise(username)
        except BadUserName as error:
            raise AuthError(error.key, **error.values) from error
        self._check_roles(roles)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AuthError(
                "auth.users.add.password_must_have_at", min_password_length=MIN_PASSWORD_LENGTH
            )
        if "submitter" in roles and not department:
            raise AuthError("auth.users.add.submitter_must_belong_department")
        users = self._load()
        actor = self._admin(by, users, "auth.action.add_users")
        clash = next((n for n in users if canonical(n) == canonical(username)), None)
        if clash is not None and not (replace and clash == username):
            raise AuthError("auth.users.add.user_already_exists", clash=clash)
        users[username] = {
            "display_name": display_name or username,
            "roles": sorted(set(roles)),
            "department": department,
            "sso_subject": sso_subject,
            "password": hash_password(password),
        }
        self._save(users)
        self._audit(actor, "user_add", username, {"roles": sorted(set(roles)), "replace": replace})
        return self._user(username, users[username])

    @staticmethod
    def _check_roles(roles: list[str]) -> None:
        unknown = sorted(set(roles) - set(ROLES))
        if unknown or not roles:
            raise AuthError(
                "auth.users.add.unknown_role_roles_are",
                unknown=Join(unknown, empty=Message("auth.users.add.no_role_given")),
                roles=", ".join(ROLES),
            )

    @staticmethod
    def _existing(users: dict, username: str) -> str:
        name = next((n for n in users if canonical(n) == canonical(username)), None)
        if name is None:
            raise AuthError("auth.users.existing.no_user", username=username)
        return name

    def set_roles(self, username: str, roles: list[str], *, by: User | None) -> User:
        """Change a user's roles (administrators); takes effect at the user's next action."""
        self._check_roles(roles)
        users = self._load()
        actor = self._admin(by, users, "auth.action.change_roles")
        name = self._existing(users, username)
        before = users[name]["roles"]
        users[name]["roles"] = sorted(set(roles))
        self._save(users)
        self._audit(actor, "user_roles", name, {"before": before, "after": users[name]["roles"]})
        return self._user(name, users[name])

    def remove(self, username: str, *, by: User | None) -> None:
        """Remove a user (administrators); open sessions stop at their next action."""
        users = self._load()
        actor = self._admin(by, users, "auth.action.remove_users")
        name = self._existing(users, username)
        roles = users.pop(name)["roles"]
        self._save(users)
        self._audit(actor, "user_remove", name, {"roles": roles})

    def get(self, username: str) -> User | None:
        users = self._load()
        name = next((n for n in users if canonical(n) == canonical(username)), None)
        return self._user(name, users[name]) if name else None

    def list(self) -> list[User]:
        return [self._user(name, record) for name, record in sorted(self._load().items())]

    def authenticate(self, username: str, password: str, address: str | None = None) -> User:
        """The user, if the password is right and neither the name nor the address (the
        dashboard's client address; None on the command line) must wait."""
        try:
            name = normalise(username)
        except BadUserName:
            name = username
        try:
            throttle.check(self.home, name, address)
        except throttle.Throttled as error:
            raise AuthError(error.key, **error.values) from error
        dummy = _dummy_hash()  # made before the look-up, so the first unknown name is not slower
        users = self._load()
        found = next((n for n in users if canonical(n) == canonical(name)), None)
        stored = users[found]["password"] if found else dummy
        # the dummy hash costs an unknown name the same scrypt work as a known one
        valid = check_password(password, stored) and found is not None
        throttle.record(self.home, name, address, success=valid)
        if not valid:
            raise AuthError("auth.users.authenticate.wrong_login")
        return self._user(found, users[found])

    def user_for_subject(self, subject: str) -> User:
        """The user an SSO identity (e.g. an OIDC e-mail) maps to."""
        for name, record in self._load().items():
            if record.get("sso_subject") == subject:
                return self._user(name, record)
        raise AuthError("auth.users.user_for_subject.single_sign_identity_has", subject=subject)
