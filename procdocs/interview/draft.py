"""The spec being built by an interview, and what the law says about each answer.

A draft is always a complete spec's data: it starts from a valid spec (an example, or the project
given with ``--from``) and each answer replaces a part of it. That way the same validation and the
same legal checks as ``procdocs check`` can run after every answer; only the problems at the fields
just answered are reported, so leftovers of the starting spec in sections not yet asked never
block a question.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from procdocs.checks import run_checks
from procdocs.law.workdays import WorkCalendar
from procdocs.spec.consistency import consistency_problems
from procdocs.spec.loader import field_problems, format_path
from procdocs.spec.model import ProjectSpec

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

# Every date field of a spec: moving a project to a new notice date moves all of them together.
DATE_FIELDS = (
    "timeline.intention_date", "timeline.notice_date", "timeline.document_start", "timeline.document_end",
    "timeline.bid_deadline", "timeline.opening_time",
    "single_source.publicity_start", "single_source.publicity_end", "single_source.negotiation_time",
)


def parse_path(path: str) -> list[str | int]:
    """'lots[0].items[1].name' -> ['lots', 0, 'items', 1, 'name']."""
    return [name if name else int(index) for name, index in _TOKEN.findall(path)]


@dataclass(frozen=True)
class Verdict:
    """What validation and the checks say about the fields just answered."""

    errors: list[str]
    warnings: list[str]


class Draft:
    def __init__(self, data: dict[str, Any], calendar: WorkCalendar) -> None:
        self.data: dict[str, Any] = copy.deepcopy(data)
        self.calendar = calendar

    def get(self, path: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in parse_path(path):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: str, value: Any) -> None:
        """Set a value, creating mappings on the way; None removes the field (the spec's default applies)."""
        parts = parse_path(path)
        node: Any = self.data
        for part, following in itertools.pairwise(parts):
            if isinstance(part, int):
                node = node[part]
            else:
                if node.get(part) is None:
                    node[part] = [] if isinstance(following, int) else {}
                node = node[part]
        last = parts[-1]
        if value is None:
            if isinstance(node, dict):
                node.pop(last, None)
            return
        if isinstance(last, int) and last == len(node):
            node.append(value)
        else:
            node[last] = value

    def spec(self) -> ProjectSpec | None:
        try:
            return ProjectSpec.model_validate(self.data)
        except ValidationError:
            return None

    def verdict(self, paths: Sequence[str]) -> Verdict:
        """Problems at (or above, or below) the given fields: structure, consistency, legal checks."""
        try:
            spec = ProjectSpec.model_validate(self.data)
        except ValidationError as exc:
            errors = [problem.message for problem in field_problems(exc)
                      if _concerns(format_path(problem.path), paths)]
            if errors:
                return Verdict(errors, [])
            # Problems elsewhere (a section not yet asked) must not block this answer.
            return Verdict([], [])
        errors = [message for path, message in consistency_problems(spec) if _concerns(format_path(path), paths)]
        warnings = []
        for finding in run_checks(spec, self.calendar):
            if finding.field is None or not _concerns(finding.field, paths):
                continue
            text = f"{finding.message}（依据：{finding.basis}）"
            (errors if finding.severity == "error" else warnings).append(text)
        return Verdict(list(dict.fromkeys(errors)), list(dict.fromkeys(warnings)))

    def move_dates(self, notice_date: date) -> None:
        """Move every date by the same number of days so that the notice is published on notice_date."""
        old = self.get("timeline.notice_date")
        if old is None:
            return
        shift = notice_date - (old if isinstance(old, date) else date.fromisoformat(str(old)))
        for path in DATE_FIELDS:
            value = self.get(path)
            if value is not None:
                self.set(path, _shifted(value, shift))


def _concerns(field: str, paths: Iterable[str]) -> bool:
    """A finding at `field` concerns an answer at `path` when one contains the other."""
    return any(field == path or _inside(field, path) or _inside(path, field) for path in paths)


def _inside(inner: str, outer: str) -> bool:
    return inner.startswith(outer + ".") or inner.startswith(outer + "[")


def _shifted(value: Any, shift: timedelta) -> str:
    """A date or 'YYYY-MM-DD HH:MM' moved by `shift`, written the way specs write it."""
    if isinstance(value, datetime):
        return (value + shift).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return (value + shift).isoformat()
    text = str(value)
    if " " in text or "T" in text:
        moment = datetime.fromisoformat(text.replace("T", " ")[:16])
        return (moment + shift).strftime("%Y-%m-%d %H:%M")
    return (date.fromisoformat(text) + shift).isoformat()
