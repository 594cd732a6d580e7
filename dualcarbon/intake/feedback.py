"""The department's receipt or rejection report, in Chinese with an English copy.

Written to ``reports/feedback/<submission_id>/``: ``feedback.zh.md``, ``feedback.en.md`` and
``issues.csv`` (UTF-8 with BOM, so that Excel opens the Chinese text correctly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from dualcarbon.contracts import Contract, department_names
from dualcarbon.intake.messages import Issue
from dualcarbon.periods import Period


@dataclass
class Receipt:
    submission_id: str
    file_name: str
    sha256: str
    received_at: datetime
    contract: Contract | None
    period: Period | None
    accepted: bool
    version: int | None
    row_count: int
    issues: list[Issue]


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def _render(receipt: Receipt, lang: str) -> str:
    zh = lang == "zh"
    contract, period = receipt.contract, receipt.period
    unknown = "未能识别" if zh else "not identified"
    if contract:
        dept_zh, dept_en = department_names(contract.department)
        dataset = f"{contract.title_zh if zh else contract.title_en} (`{contract.dataset}`)"
        department = dept_zh if zh else dept_en
    else:
        dataset = department = unknown
    if receipt.accepted:
        outcome = (
            f"**已接收**：第 {receipt.version} 版，共 {receipt.row_count:,} 行。"
            if zh
            else f"**Accepted** as version {receipt.version}, {receipt.row_count:,} rows."
        )
    else:
        outcome = (
            f"**退回**：发现 {len(receipt.issues)} 个问题，未入库任何数据。请修改后重新报送。"
            if zh
            else f"**Rejected**: {len(receipt.issues)} problem(s) found; nothing was loaded. "
            "Please correct the file and submit it again."
        )
    labels = (
        [
            "报送回执" if receipt.accepted else "报送退回通知",
            "文件",
            "报送单位",
            "数据集",
            "报告期",
            "接收时间",
            "文件 SHA-256",
            "报送编号",
            "结果",
        ]
        if zh
        else [
            "Submission receipt" if receipt.accepted else "Submission rejected",
            "File",
            "Department",
            "Dataset",
            "Period",
            "Received",
            "File SHA-256",
            "Submission id",
            "Outcome",
        ]
    )
    values = [
        receipt.file_name,
        department,
        dataset,
        period.key if period else unknown,
        receipt.received_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        f"`{receipt.sha256}`",
        f"`{receipt.submission_id}`",
        outcome,
    ]
    lines = [f"# {labels[0]}", ""] + [
        f"- {k}：{v}" if zh else f"- {k}: {v}" for k, v in zip(labels[1:], values, strict=True)
    ]
    if receipt.issues:
        head = (
            ["序号", "行", "列", "值", "问题", "修改建议"]
            if zh
            else ["#", "Row", "Column", "Value", "Problem", "How to fix"]
        )
        lines += [
            "",
            "## 问题清单" if zh else "## Problems",
            "",
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
        ]
        for n, issue in enumerate(receipt.issues, 1):
            message, fix = (
                (issue.message_zh, issue.fix_zh) if zh else (issue.message_en, issue.fix_en)
            )
            lines.append(
                "| "
                + " | ".join(
                    _cell(x) for x in (n, issue.row, issue.column, issue.value, message, fix)
                )
                + " |"
            )
    other = "English copy: `feedback.en.md`" if zh else "中文版：`feedback.zh.md`"
    lines += ["", f"_{other}_", ""]
    return "\n".join(lines)


def write_feedback(folder: Path, receipt: Receipt) -> Path:
    """Write the reports (idempotent: the same receipt gives the same files)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feedback.zh.md").write_text(_render(receipt, "zh"), encoding="utf-8")
    (folder / "feedback.en.md").write_text(_render(receipt, "en"), encoding="utf-8")
    issues = pl.DataFrame(
        [i.as_record() for i in receipt.issues], schema=list(Issue("empty_file").as_record())
    )
    (folder / "issues.csv").write_bytes(b"\xef\xbb\xbf" + issues.write_csv().encode("utf-8"))
    return folder / "feedback.zh.md"
