"""The dates the law allows for a method, from a start date (and a deadline, for lead times).

What each method's milestones are is data (``law/data/deadlines.yaml``); the numbers and citations are
legal limits (``law/data/limits/``); the counting is the working-day calendar's (:mod:`procdocs.law.workdays`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from procdocs.law import load
from procdocs.law.files import LawError, read_data_file, validated
from procdocs.law.limits import Limit, limit
from procdocs.law.methods import procurement_method
from procdocs.law.workdays import Counted, WorkCalendar

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from procdocs.spec.model import ProjectSpec

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
    from_: Literal["start", "documents", "deadline"] = Field(alias="from")
    main: bool = False


def read_milestones(source: Traversable) -> dict[str, tuple[MilestoneDefinition, ...]]:
    """Each method's milestones as ``deadlines.yaml`` lists them (their limits are checked by the loader)."""
    where = "deadlines.yaml"
    raw = read_data_file(source, where)
    if not isinstance(raw, dict):
        raise LawError(where, "should map methods to their milestones")
    definitions = {}
    for method, milestones in raw.items():
        if not isinstance(milestones, list):
            raise LawError(where, f"{method}: should list the method's milestones")
        definitions[method] = tuple(validated(MilestoneDefinition, milestone, f"{where}: {method}[{index}]")
                                    for index, milestone in enumerate(milestones))
    return definitions


def milestone_definitions() -> Mapping[str, tuple[MilestoneDefinition, ...]]:
    return load().milestones


def milestone_limit(method: str, milestone: str) -> Limit | None:
    """The limit a method's milestone applies (clarification_latest → open_tender.clarification_lead …),
    or None where the method has no such milestone."""
    return next((limit(definition.limit) for definition in milestone_definitions().get(method, ())
                 if definition.key == milestone), None)


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


def compute(calendar: WorkCalendar, method: str, start: date, deadline: date | None = None,
            documents: date | None = None) -> list[Milestone]:
    """Every milestone of the method from the notice date `start` (the response periods from the day
    the documents are first issued, `documents`, when it differs); lead times only with a deadline."""
    milestones = []
    for definition in milestone_definitions()[method]:
        rule = limit(definition.limit)
        if definition.from_ == "deadline":
            if deadline is None:
                continue
            counted = _backwards(calendar, deadline, rule)
        elif definition.from_ == "documents":
            counted = _forwards(calendar, documents or start, rule)
        else:
            counted = _forwards(calendar, start, rule)
        milestones.append(Milestone(definition.key, definition.label, counted.date, counted.provisional, rule))
    return milestones


def spec_milestones(spec: ProjectSpec, calendar: WorkCalendar) -> list[Milestone]:
    """The method's legal dates for this spec: from the notice, from the first issue of the documents,
    and back from the deadline. A method with a 公示 (single source) counts it from its own start,
    when there is one."""
    timeline = spec.timeline
    method = spec.project.method
    milestones = compute(calendar, method, timeline.notice_date, timeline.bid_deadline.date(), timeline.document_start)
    if not procurement_method(method).publicity:
        return milestones
    publicity_start = spec.single_source.publicity_start if spec.single_source else None
    if publicity_start is None:
        return [m for m in milestones if m.key != "publicity_end"]
    return [m for m in compute(calendar, method, publicity_start) if m.key == "publicity_end"]


def counts_back_from_deadline(method: str) -> bool:
    """Whether the method has a lead time counted back from the deadline (given one, compute shows it)."""
    return any(d.from_ == "deadline" for d in milestone_definitions()[method])


def main_milestone(method: str) -> str:
    return next(d.key for d in milestone_definitions()[method] if d.main)


def milestone_keys() -> frozenset[str]:
    """Every milestone key of every method (what templates may ask for)."""
    return load().milestone_keys


class SettledMilestones:
    """The milestones as templates see them (``milestones.clarification_latest``): settled dates only.

    A milestone the method does not have, a lead time without a deadline, and a date counted over
    holidays whose arrangement is not yet published all read as ``None``, so a template's
    ``{% if milestones.x %}`` never fails and a published document never states a date that may
    move (it prints the rule instead). A name that is no milestone of any method still fails: a
    typo in a template must not silently drop a clause.
    """

    def __init__(self, milestones: Iterable[Milestone]) -> None:
        computed = list(milestones)
        self._settled = {m.key: m for m in computed if not m.provisional}
        self.provisional = any(m.provisional for m in computed)  # some date was withheld as provisional

    def __getattr__(self, key: str) -> Milestone | None:
        if key.startswith("_") or key not in milestone_keys():
            raise AttributeError(key)
        return self._settled.get(key)

    def __getitem__(self, key: str) -> Milestone | None:
        if key not in milestone_keys():
            raise KeyError(key)
        return self._settled.get(key)


def _forwards(calendar: WorkCalendar, start: date, rule: Limit) -> Counted:
    days = int(rule.value)
    return calendar.add_working_days(start, days) if rule.unit == "工作日" else calendar.add_days(start, days)


def _backwards(calendar: WorkCalendar, deadline: date, rule: Limit) -> Counted:
    days = int(rule.value)
    if rule.unit == "工作日":
        return calendar.subtract_working_days(deadline, days)
    return calendar.subtract_days(deadline, days)
