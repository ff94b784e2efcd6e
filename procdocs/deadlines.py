"""The dates the law allows for a method, from a start date (and a deadline, for lead times).

What each method's milestones are is data (``data/deadlines.yaml``); the numbers and citations are
legal limits (``data/limits/``); the counting is the working-day calendar's (:mod:`procdocs.workdays`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from procdocs.limits import Limit, limit
from procdocs.workdays import Counted, WorkCalendar

COUNTING_RULES = (
    "开始的当日不计入，自下一日开始计算（《中华人民共和国民法典》第二百零一条）",
    "“不得少于N日”：最早为开始之日后第N日；该日为法定休假日的，顺延至其后的第一个工作日（民法典第二百零三条）",
    "“N个工作日”：开始之日后的第N个工作日，调休上班的周六、周日计为工作日",
    "“截止时间至少N日前”“截止之日N个工作日前”：自截止之日向前倒算；倒算所得日期为休息日的，提前至其前的最后一个工作日",
)


class MilestoneDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    label: str
    limit: str
    from_: Literal["start", "deadline"] = Field(alias="from")
    main: bool = False


@cache
def milestone_definitions() -> dict[str, list[MilestoneDefinition]]:
    raw = yaml.safe_load(resources.files("procdocs").joinpath("data/deadlines.yaml").read_text(encoding="utf-8"))
    definitions = TypeAdapter(dict[str, list[MilestoneDefinition]]).validate_python(raw)
    for milestones in definitions.values():
        for milestone in milestones:
            limit(milestone.limit)  # an unknown limit is a packaging defect: fail at load
    return definitions


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    date: date
    provisional: bool
    limit: Limit

    @property
    def basis(self) -> str:
        return self.limit.basis


def compute(calendar: WorkCalendar, method: str, start: date, deadline: date | None = None) -> list[Milestone]:
    """Every milestone of the method; lead times only when a deadline is given."""
    milestones = []
    for definition in milestone_definitions()[method]:
        rule = limit(definition.limit)
        if definition.from_ == "deadline":
            if deadline is None:
                continue
            counted = _backwards(calendar, deadline, rule)
        else:
            counted = _forwards(calendar, start, rule)
        milestones.append(Milestone(definition.key, definition.label, counted.date, counted.provisional, rule))
    return milestones


def main_milestone(method: str) -> str:
    return next(d.key for d in milestone_definitions()[method] if d.main)


def _forwards(calendar: WorkCalendar, start: date, rule: Limit) -> Counted:
    days = int(rule.value)
    return calendar.add_working_days(start, days) if rule.unit == "工作日" else calendar.add_days(start, days)


def _backwards(calendar: WorkCalendar, deadline: date, rule: Limit) -> Counted:
    days = int(rule.value)
    if rule.unit == "工作日":
        return calendar.subtract_working_days(deadline, days)
    return calendar.subtract_days(deadline, days)
