"""Who may do what: users, roles and authentication (docs/design/releases.md, practice 5).

Roles are checked by the functions that act (``require``), so the command line and the
dashboard enforce the same rules; hiding a button is never the only guard.
"""

from dualcarbon.auth.roles import ROLES, AccessDenied, User, require
from dualcarbon.auth.users import AuthBackend, AuthError, LocalUserStore

__all__ = [
    "ROLES",
    "AccessDenied",
    "AuthBackend",
    "AuthError",
    "LocalUserStore",
    "User",
    "require",
]
