"""Strings of the internal dashboard's sign-in and release pages: key -> (Simplified Chinese,
English), keys ``auth.*``, ``status.*`` and ``release.*``."""

RELEASE_STRINGS: dict[str, tuple[str, str]] = {
    # --- sign-in ------------------------------------------------------------------------------
    "auth.title": ("登录", "Sign in"),
    "auth.username": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.signed_in": ("已登录：{name}（{roles}）", "Signed in: {name} ({roles})"),
    "auth.note": (
        "内部页面须登录。各项操作的权限由系统按角色核验（数据管理员审核和签核，省发展改革委发布人批准和发布）。",
        "Internal pages need signing in. Every action checks the role itself (stewards review "
        "and sign off; DRC publishers approve and publish).",
    ),
    "auth.required": ("请先在左侧登录。", "Please sign in (left)."),
    "auth.gone": (
        "您的账户已被删除或变更，请重新登录。",
        "Your account was removed or changed: please sign in again.",
    ),
    # --- submission status ----------------------------------------------------------------------
    "status.nav": ("报送情况", "Submission status"),
    "status.title": ("各部门报送情况", "Submissions by department"),
    "status.caption": (
        "每个数据集、每个报告期的现行版本及是否按时报送（截止时间见发布日程表）。",
        "The version in force of each dataset and period, and whether it came on time "
        "(deadlines from the release calendar).",
    ),
    "status.late_count": ("逾期未报或迟报：{count} 项", "Late or missing: {count}"),
    "status.on_time": ("按时", "on time"),
    "status.late": ("迟报", "late"),
    "status.missing": ("逾期未报", "overdue"),
    "status.not_due": ("未到期", "not yet due"),
    "field.received_at": ("收到时间（UTC）", "Received (UTC)"),
    "field.deadline": ("截止时间（UTC）", "Deadline (UTC)"),
    "field.timeliness": ("及时性", "Timeliness"),
    # --- releases -------------------------------------------------------------------------------
    "release.nav": ("发布审批", "Release approval"),
    "release.title": ("发布候选与审批", "Release candidates and approval"),
    "release.watermark": (
        "草稿 · 不得发布 —— 以下为未发布数据，仅供内部审核。每次查看均记入发布前接触登记。",
        "DRAFT · NOT FOR RELEASE — unpublished figures for internal review only. Every view "
        "is recorded in the pre-release access register.",
    ),
    "release.no_candidates": (
        "尚无发布候选；请先运行流水线。",
        "No release candidates yet; run the pipeline.",
    ),
    "release.pick": ("选择发布候选", "Pick a candidate"),
    "release.stage": ("阶段", "Stage"),
    "release.stage.frozen": ("已冻结，待签核", "frozen, awaiting sign-off"),
    "release.stage.signed_off": ("已签核，待批准", "signed off, awaiting approval"),
    "release.stage.approved": ("已批准，待发布", "approved, awaiting publication"),
    "release.stage.published": ("已发布", "published"),
    "release.prepared_by": ("编制人", "Prepared by"),
    "release.headline": ("全省主要指标（草稿）", "Provincial headline indicators (draft)"),
    "release.comment": ("意见", "Comment"),
    "release.signoff": ("签核数据质量（数据管理员）", "Sign off quality (data steward)"),
    "release.approve": ("批准发布（省发展改革委）", "Approve (DRC publisher)"),
    "release.publish": ("正式发布（省发展改革委）", "Publish (DRC publisher)"),
    "release.correction": (
        "该报告期已有发布版本 {current}：本次发布将作为更正或修订取代它。",
        "This period already has release {current}: this publication supersedes it as a "
        "correction or revision.",
    ),
    "release.revision_type": ("修订类型", "Revision type"),
    "release.cause_zh": ("原因（中文）", "Cause (Chinese)"),
    "release.cause_en": ("原因（英文）", "Cause (English)"),
    "release.impact_zh": ("影响（中文）", "Impact (Chinese)"),
    "release.impact_en": ("影响（英文）", "Impact (English)"),
    "release.done": ("✓ 完成：{what}", "✓ Done: {what}"),
    "release.published": ("✓ 已发布 {release}", "✓ Published {release}"),
    "release.refused": ("操作被拒绝：{why}", "Refused: {why}"),
    "release.releases": ("已发布版本", "Published releases"),
    "release.superseded_by": ("已被 {release} 取代", "superseded by {release}"),
}
