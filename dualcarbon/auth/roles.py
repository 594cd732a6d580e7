"""The roles of the platform and the one check every action makes."""

from __future__ import annotations

from dataclasses import dataclass

from dualcarbon.errors import BilingualError

# role code -> (Chinese, English)
ROLES: dict[str, tuple[str, str]] = {
    "submitter": ("报送单位填报人", "Submitter (department)"),
    "statistician": ("统计人员", "Statistician"),
    "steward": ("数据管理员", "Data steward"),
    "publisher": ("省发展改革委发布人", "DRC publisher"),
    "admin": ("系统管理员", "Administrator"),
}


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


def require(user: User | None, role: str, action_zh: str, action_en: str) -> User:
    """Return the user if they hold ``role``; otherwise refuse, naming the action and role."""
    zh, en = ROLES[role]
    if user is None:
        raise AccessDenied(
            f"{action_zh}需要登录，且须具有“{zh}”角色。",
            f"{action_en} requires signing in with the {en} role.",
        )
    if not user.has(role):
        held_zh = "、".join(ROLES[r][0] for r in sorted(user.roles)) or "无"
        held_en = ", ".join(ROLES[r][1] for r in sorted(user.roles)) or "none"
        raise AccessDenied(
            f"用户 {user.username}（角色：{held_zh}）无权{action_zh}：需要“{zh}”角色。",
            f"User {user.username} (roles: {held_en}) may not {action_en.lower()}: "
            f"it requires the {en} role.",
        )
    return user
