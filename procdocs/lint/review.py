"""Review files: findings a reviewer accepts, each with the reason, so that they no longer fail a run.

A review file is a YAML list, kept as ``procdocs-review.yaml`` beside the documents it is about
(or named with ``--review FILE``, which then applies to every input instead)::

    - rule: C07
      excerpt: 注册资本不低于500万元          # a piece of the clause's text, as in the document
      reason: 经财政部门批准，本项目……          # required: why the clause is acceptable
    - rule: C12
      location: 表3第2行第4列                  # or 第12段, 第5页第10行, 第42行, {paragraph: 12} …
      file: 招标文件.docx                      # optional: only this document
      reason: ……

A waiver accepts the findings of its rule whose clause contains the excerpt (compared ignoring
white space and full-/half-width forms) and/or that are at the location (every part given must
agree). A waiver without a reason is refused, as are unknown rules and keys; every problem in the
file is reported at once, as ``file:line``. Accepted findings are still reported, marked 已接受
with the reason, but never fail the run. Waivers that match nothing — the clause was rewritten, or
the waiver has a typo — are reported as warnings (审查意见未匹配任何问题) so that stale ones are
noticed and removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from procdocs.errors import Problem, UserError
from procdocs.lint.model import Finding, LintedFile, Location
from procdocs.lint.normalize import canonical
from procdocs.lint.regexcache import compile_regex
from procdocs.lint.reporters import FileReport, Reported
from procdocs.yaml_input import compose_yaml, read_yaml_text

REVIEW_FILE_NAME = "procdocs-review.yaml"
KEYS = ("rule", "excerpt", "location", "file", "reason")
UNMATCHED = "审查意见未匹配任何问题"
LOCATION_EXAMPLES = "如：第12段、表3第2行第4列、第5页第10行、第42行、页眉"

_LOCATION_FIELDS = {item.name: item.type for item in fields(Location)}
_PARTS = ("页眉", "页脚", "文本框", "脚注", "尾注")
_PIECES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (compile_regex(r"第(\d+)页(?:第(\d+)行)?"), ("page", "line")),
    (compile_regex(r"表(\d+)(?:第(\d+)行)?(?:第(\d+)列)?"), ("table", "row", "column")),
    (compile_regex(r"第(\d+)段"), ("paragraph",)),
    (compile_regex(r"第(\d+)行"), ("line",)),
)


class ReviewError(UserError):
    """A review file cannot be read or has entries that cannot be applied."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    source: str  # the review file, as given or found
    line: int  # where the entry starts in it (1-based)
    excerpt: str | None = None
    location: tuple[tuple[str, int | str], ...] | None = None  # the Location fields that must agree
    location_text: str | None = None  # the location as the reviewer wrote it
    file: str | None = None  # only this document (a name or a path relative to the review file)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def describe(self) -> str:
        """C07「注册资本不低于500万元」, C12 表3第2行第4列 …"""
        parts = [self.rule]
        if self.file:
            parts.append(self.file)
        if self.location_text:
            parts.append(self.location_text)
        if self.excerpt:
            parts.append(f"「{self.excerpt}」")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rule": self.rule}
        if self.excerpt is not None:
            data["excerpt"] = self.excerpt
        if self.location is not None:
            data["location"] = dict(self.location)
        if self.file is not None:
            data["file"] = self.file
        data["reason"] = self.reason
        data["source"] = self.source
        data["line"] = self.line
        return data

    def applies_to(self, path: str) -> bool:
        if self.file is None:
            return True
        target = Path(path)
        wanted = Path(self.file)
        if target.name == self.file or target.as_posix().endswith("/" + wanted.as_posix()):
            return True
        try:
            return (Path(self.source).parent / wanted).resolve() == target.resolve()
        except OSError:
            return False

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        if self.excerpt is not None and canonical(self.excerpt) not in canonical(finding.block.text):
            return False
        if self.location is not None:
            location = finding.block.location
            return all(getattr(location, key) == value for key, value in self.location)
        return True


# -- reading -------------------------------------------------------------------------------------


def load(path: Path, known_codes: Iterable[str] | None = None, display: str | None = None) -> list[Waiver]:
    """Read a review file; raise ReviewError listing every problem in it."""
    display = display or str(path)
    text = read_yaml_text(path, "审查文件", display=display, error=ReviewError)
    root = compose_yaml(text, display, error=ReviewError)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ReviewError(Problem(
            "审查文件应为列表，每项包含 rule、excerpt 或 location、reason（见 procdocs lint --help）",
            file=display, line=root.start_mark.line + 1))
    known = set(known_codes) if known_codes is not None else None
    waivers: list[Waiver] = []
    problems: list[Problem] = []
    for node in root.value:
        waiver = _entry(node, display, known, problems)
        if waiver is not None:
            waivers.append(waiver)
    if problems:
        raise ReviewError(problems)
    return waivers


def _entry(node: yaml.Node, display: str, known: set[str] | None, problems: list[Problem]) -> Waiver | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem("每条审查意见应包含 rule、excerpt 或 location、reason 等字段", file=display, line=line))
        return None
    values: dict[str, yaml.Node] = {}
    ok = True
    for key_node, value_node in node.value:
        key = key_node.value
        key_line = key_node.start_mark.line + 1
        if key not in KEYS:
            problems.append(Problem(f"未知字段「{key}」（可用字段：{'、'.join(KEYS)}）", file=display, line=key_line))
            ok = False
        elif key in values:
            problems.append(Problem(f"字段「{key}」重复出现", file=display, line=key_line))
            ok = False
        else:
            values[key] = value_node

    def scalar(key: str) -> str | None:
        value = values.get(key)
        if value is None:
            return None
        if not isinstance(value, yaml.ScalarNode):
            problems.append(Problem(f"字段「{key}」应为文字", file=display, line=value.start_mark.line + 1))
            return None
        return str(value.value).strip()

    rule = scalar("rule")
    reason = scalar("reason")
    excerpt = scalar("excerpt")
    file = scalar("file")
    if not rule:
        problems.append(Problem("缺少 rule（规则编号，如 C07）", file=display, line=line))
        ok = False
    elif known is not None and rule not in known:
        problems.append(Problem(f"未知的规则编号「{rule}」（运行 procdocs rules 查看全部规则）", file=display,
                                line=values["rule"].start_mark.line + 1))
        ok = False
    if not reason:
        where = values["reason"].start_mark.line + 1 if "reason" in values else line
        problems.append(Problem("缺少接受理由 reason：未说明理由的审查意见不予采纳", file=display, line=where))
        ok = False
    if "excerpt" in values and not excerpt:
        problems.append(Problem("excerpt（原文片段）为空", file=display, line=values["excerpt"].start_mark.line + 1))
        ok = False
    location: tuple[tuple[str, int | str], ...] | None = None
    location_text: str | None = None
    if "location" in values:
        parsed = _location(values["location"], display, problems)
        if parsed is None:
            ok = False
        else:
            location, location_text = parsed
    if "excerpt" not in values and "location" not in values:
        problems.append(Problem("需指定 excerpt（原文片段）或 location（位置），以确定接受的是哪一处",
                                file=display, line=line))
        ok = False
    if not ok or rule is None or reason is None:
        return None
    return Waiver(rule=rule, reason=reason, source=display, line=line, excerpt=excerpt or None,
                  location=location, location_text=location_text, file=file or None)


def _location(node: yaml.Node, display: str, problems: list[Problem],
              ) -> tuple[tuple[tuple[str, int | str], ...], str] | None:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        fields_: dict[str, int | str] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
            if key not in _LOCATION_FIELDS:
                problems.append(Problem(f"location 中的未知字段「{key}」（可用：{'、'.join(_LOCATION_FIELDS)}）",
                                        file=display, line=key_node.start_mark.line + 1))
                return None
            if key in ("part", "field"):
                if not value:
                    problems.append(Problem(f"location.{key} 应为文字", file=display, line=line))
                    return None
                fields_[key] = str(value)
            else:
                if value is None or not str(value).isdigit() or int(value) < 1:
                    problems.append(Problem(f"location.{key} 应为正整数", file=display,
                                            line=value_node.start_mark.line + 1))
                    return None
                fields_[key] = int(value)
        if not fields_:
            problems.append(Problem(f"location 为空（{LOCATION_EXAMPLES}）", file=display, line=line))
            return None
        items = tuple(sorted(fields_.items()))
        return items, Location(**fields_).describe()  # type: ignore[arg-type]
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value).strip()
        parsed = parse_location(text)
        if parsed is None:
            problems.append(Problem(f"无法识别的位置「{text}」（{LOCATION_EXAMPLES}）", file=display, line=line))
            return None
        return tuple(sorted(parsed.items())), text
    problems.append(Problem(f"location 应为文字（{LOCATION_EXAMPLES}）或字段表", file=display, line=line))
    return None


def parse_location(text: str) -> dict[str, int | str] | None:
    """'表3第2行第4列' -> {table: 3, row: 2, column: 4}; the forms Location.describe() writes."""
    result: dict[str, int | str] = {}
    for piece in re.split(r"[，,、\s]+", text.strip()):
        if not piece:
            continue
        if piece in _PARTS:
            result["part"] = piece
            continue
        if piece.startswith("字段"):
            name = piece[2:].strip()
            if not name:
                return None
            result["field"] = name
            continue
        for part in _PARTS:  # "页眉第3段"
            if piece.startswith(part):
                result["part"] = part
                piece = piece[len(part):]
                break
        for pattern, names in _PIECES:
            match = pattern.fullmatch(piece)
            if match:
                for name, value in zip(names, match.groups(), strict=True):
                    if value is not None:
                        if name in result:
                            return None
                        result[name] = int(value)
                break
        else:
            return None
    return result or None


# -- applying ------------------------------------------------------------------------------------


def review_file_beside(path: str) -> Path:
    return Path(path).parent / REVIEW_FILE_NAME


def apply(files: list[LintedFile], explicit: Path | None = None, known_codes: Iterable[str] | None = None,
          active_codes: Iterable[str] | None = None) -> tuple[list[FileReport], list[Waiver]]:
    """Attach waivers to the findings they accept; return the file reports and unmatched waivers.

    With `explicit` (``--review FILE``) that file applies to every input; otherwise each document
    uses the ``procdocs-review.yaml`` in its own directory, if there is one. Waivers of rules that
    were not run (``--select``/``--ignore``) and waivers for documents not linted this time are
    not reported as unmatched.
    """
    known = list(known_codes) if known_codes is not None else None
    active = set(active_codes) if active_codes is not None else None
    loaded: dict[Path, list[Waiver]] = {}
    problems: list[Problem] = []

    def waivers_for(review: Path, display: str) -> list[Waiver]:
        key = review.resolve()
        if key not in loaded:
            try:
                loaded[key] = load(review, known, display)
            except ReviewError as exc:
                problems.extend(exc.problems)
                loaded[key] = []
        return loaded[key]

    per_file: list[list[Waiver]] = []
    for linted in files:
        if explicit is not None:
            per_file.append(waivers_for(explicit, str(explicit)))
        else:
            beside = review_file_beside(linted.path)
            per_file.append(waivers_for(beside, str(beside)) if beside.is_file() else [])
    if problems:
        raise ReviewError(list(dict.fromkeys(problems)))

    used: set[int] = set()
    applicable: dict[int, Waiver] = {}
    reports: list[FileReport] = []
    for linted, waivers in zip(files, per_file, strict=True):
        mine = [waiver for waiver in waivers if waiver.applies_to(linted.path)]
        for waiver in mine:
            applicable[id(waiver)] = waiver
        report = FileReport(linted)
        for finding in linted.findings:
            waiver = next((w for w in mine if w.matches(finding)), None)
            if waiver is not None:
                used.add(id(waiver))
            report.findings.append(Reported(finding, waiver))
        reports.append(report)
    unmatched = [waiver for key, waiver in applicable.items()
                 if key not in used and (active is None or waiver.rule in active)]
    unmatched.sort(key=lambda waiver: (waiver.source, waiver.line))
    return reports, unmatched


def unmatched_problem(waiver: Waiver) -> Problem:
    return Problem(f"{UNMATCHED}（{waiver.describe()}），原文可能已修改，请核对后删除该条", file=waiver.source,
                   line=waiver.line)
