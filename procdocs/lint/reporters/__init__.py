"""Reporters: what ``procdocs lint`` prints — text for people, JSON for scripts, SARIF for platforms.

All three render one :class:`Report`: the files linted, each finding with the waiver that accepts
it (if a reviewer accepted it in a review file, see :mod:`procdocs.lint.review`), the waivers that
matched nothing, and the threshold (``--fail-on``) that decides the exit code. Each reporter is a
module with ``render(report) -> str`` (``text`` also renders straight to a terminal), imported only
when its format is asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from procdocs.lint.model import Finding, LintedFile, Severity

if TYPE_CHECKING:
    from procdocs.lint.review import Waiver
    from procdocs.lint.rules import Rule

FailOn = Literal["error", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "never")
FORMATS = ("text", "json", "sarif")
SEVERITY_NAMES: dict[str, str] = {"error": "错误", "warning": "警告"}
ROLE_NAMES: dict[str, str] = {
    "qualification": "资格条件",
    "substantive": "实质性要求（★）",
    "scoring": "评分因素",
    "technical": "技术参数",
    "commercial": "商务要求",
    "contract": "合同条款",
    "template": "投标文件格式（供应商填写）",
    "legal_quote": "法律条文的引述",
    "notice": "公告信息",
    "result": "结果公告",
    "info": "其他内容",
}
EXCERPT_CONTEXT = 30  # characters of context on each side of the match (Finding.excerpt's default)


@dataclass
class Reported:
    """A finding as reported: with the waiver that accepts it, if any."""

    finding: Finding
    waiver: Waiver | None = None

    @property
    def waived(self) -> bool:
        return self.waiver is not None


@dataclass
class FileReport:
    linted: LintedFile
    findings: list[Reported] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.linted.path

    def active(self) -> list[Finding]:
        return [item.finding for item in self.findings if not item.waived]


@dataclass
class Report:
    files: list[FileReport]
    fail_on: FailOn = "error"
    unmatched: list[Waiver] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # the rules that were run (for SARIF's rule list)

    def all(self) -> Iterator[tuple[FileReport, Reported]]:
        for file in self.files:
            for item in file.findings:
                yield file, item

    def active(self) -> list[Finding]:
        return [item.finding for _, item in self.all() if not item.waived]

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.active() if finding.severity == severity)

    @property
    def waived_count(self) -> int:
        return sum(1 for _, item in self.all() if item.waived)

    @property
    def failed(self) -> bool:
        """Whether any finding not accepted by a reviewer is at or above the --fail-on threshold."""
        if self.fail_on == "never":
            return False
        levels = {"error"} if self.fail_on == "error" else {"error", "warning"}
        return any(finding.severity in levels for finding in self.active())

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> dict:
        """Counts for the JSON report: unwaived findings by severity and by rule, files, waived."""
        active = self.active()
        by_rule = Counter(finding.rule for finding in active)
        return {
            "files": len(self.files),
            "blocks": sum(len(file.linted.blocks) for file in self.files),
            "findings": len(active),
            "by_severity": {"error": self.count("error"), "warning": self.count("warning")},
            "by_rule": dict(sorted(by_rule.items())),
            "waived": self.waived_count,
            "unmatched_waivers": [waiver.as_dict() for waiver in self.unmatched],
            "fail_on": self.fail_on,
            "failed": self.failed,
        }


def excerpt_parts(finding: Finding, context: int = EXCERPT_CONTEXT) -> tuple[str, str, str]:
    """(before, match, after) of :meth:`Finding.excerpt`, with its "…" marks, for highlighting."""
    text = finding.block.text
    left = max(0, finding.start - context)
    right = min(len(text), finding.end + context)
    before = ("…" if left else "") + text[left:finding.start]
    after = text[finding.end:right] + ("…" if right < len(text) else "")
    return before, text[finding.start:finding.end], after


def render(report: Report, fmt: str) -> str:
    """The report in one of FORMATS, as a string (text without colours)."""
    if fmt == "json":
        from procdocs.lint.reporters import json as module
    elif fmt == "sarif":
        from procdocs.lint.reporters import sarif as module
    else:
        from procdocs.lint.reporters import text as module
    return module.render(report)
