"""The roles of the platform and the one check every action makes."""

from __future__ import annotations

from dataclasses import dataclass

from dualcarbon.errors import BilingualError
from dualcarbon.i18n import Join, Message

# The roles; their names are the catalogue's `auth.role.<code>` messages.
ROLES = ("submitter", "statistician", "steward", "publisher", "admin")


def role_name(role: str) -> Message:
    return Message(f"auth.role.{role}")


def role_names(roles: frozenset[str]) -> Join:
    return Join([role_name(r) for r in sorted(roles)])


class AccessDenied(BilingualError):
    """An action refused for lack of a role or by the four-eyes rule, said in zh and en."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    roles: frozenset[str]
    department: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles


def require(user: User | None, role: str, action: str) -> User:
    """Return the user if they hold ``role``; otherwise refuse, naming the action (the key of
    its catalogue message, ``auth.action.*``) and the role."""
    if user is None:
        raise AccessDenied(
            "auth.roles.require.sign_in", action=Message(action), role=role_name(role)
        )
    if not user.has(role):
        raise AccessDenied(
            "auth.roles.require.role_missing",
            username=user.username,
            held=role_names(user.roles),
            action=Message(action),
            role=role_name(role),
        )
    return user
