"""The local user store: ``$DUALCARBON_HOME/access/users.json``, passwords as salted scrypt.

This is the default ``AuthBackend``. An organisation's single sign-on plugs in at the same
seam (docs/operations.md): it vouches for the person, and this store still says which roles
they hold (``sso_subject`` links the two).
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

from dualcarbon.auth.roles import ROLES, User
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


class LocalUserStore:
    """Users in one JSON file, written whole and atomically, readable only by the owner."""

    def __init__(self, path: Path) -> None:
        self.path = path

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

    def add(
        self,
        username: str,
        password: str,
        roles: list[str],
        display_name: str = "",
        department: str | None = None,
        sso_subject: str | None = None,
        replace: bool = False,
    ) -> User:
        unknown = sorted(set(roles) - set(ROLES))
        if unknown or not roles:
            raise AuthError(
                "auth.users.add.unknown_role_roles_are",
                unknown=Join(unknown, empty=Message("auth.users.add.no_role_given")),
                roles=", ".join(ROLES),
            )
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AuthError(
                "auth.users.add.password_must_have_at", min_password_length=MIN_PASSWORD_LENGTH
            )
        if "submitter" in roles and not department:
            raise AuthError("auth.users.add.submitter_must_belong_department")
        users = self._load()
        if username in users and not replace:
            raise AuthError("auth.users.add.user_already_exists", username=username)
        users[username] = {
            "display_name": display_name or username,
            "roles": sorted(set(roles)),
            "department": department,
            "sso_subject": sso_subject,
            "password": hash_password(password),
        }
        self._save(users)
        return self._user(username, users[username])

    def get(self, username: str) -> User | None:
        record = self._load().get(username)
        return self._user(username, record) if record else None

    def list(self) -> list[User]:
        return [self._user(name, record) for name, record in sorted(self._load().items())]

    def authenticate(self, username: str, password: str) -> User:
        record = self._load().get(username)
        if record is None or not check_password(password, record["password"]):
            raise AuthError("auth.users.authenticate.wrong_login")
        return self._user(username, record)

    def user_for_subject(self, subject: str) -> User:
        """The user an SSO identity (e.g. an OIDC e-mail) maps to."""
        for name, record in self._load().items():
            if record.get("sso_subject") == subject:
                return self._user(name, record)
        raise AuthError("auth.users.user_for_subject.single_sign_identity_has", subject=subject)
