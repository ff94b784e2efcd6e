"""Checks on the timeline, counted with the working-day calendar (民法典第二百零一条至第二百零三条;
each method's periods in law/data/deadlines.yaml).

A date counted through a year whose holiday arrangement is not loaded is provisional: the finding
prints 暂定 beside it and is flagged provisional, and ``provisional_calendar`` lists every such date
of the spec once, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from procdocs.checks import CheckContext, Violation, Violations, check, limit_of
from procdocs.cnformat import format_date, format_weekday
from procdocs.law.checks import CheckDefinition
from procdocs.law.deadlines import Milestone, spec_milestones
from procdocs.law.limits import Limit
from procdocs.law.workdays import PROVISIONAL_MARK, near_holiday_warning, provisional_reason
from procdocs.spec.model import ProjectSpec


def _day(value: date, provisional: bool = False) -> str:
    return f"{format_date(value)}（{format_weekday(value)}）{PROVISIONAL_MARK if provisional else ''}"


def _milestone(spec: ProjectSpec, context: CheckContext, key: str) -> Milestone | None:
    return next((m for m in spec_milestones(spec, context.calendar) if m.key == key), None)


def _appointments(spec: ProjectSpec) -> Iterator[tuple[str, datetime, str]]:
    """The deadline and the opening (field, moment, what); the opening only when on another day, so
    that a finding about the day is made once."""
    if spec.opening_time.date() == spec.timeline.bid_deadline.date():
        yield "timeline.bid_deadline", spec.timeline.bid_deadline, "截止和开标（开启）时间"
        return
    yield "timeline.bid_deadline", spec.timeline.bid_deadline, "截止时间"
    yield "timeline.opening_time", spec.opening_time, "开标（开启）时间"


def _scheduled(spec: ProjectSpec) -> Iterator[tuple[str, date, str]]:
    """The dates the officer chose that a legal period ends at or before (field, day, what)."""
    source = spec.single_source
    if source is not None and source.publicity_end is not None:
        yield "single_source.publicity_end", source.publicity_end, "公示截止日期"
    yield "timeline.document_end", spec.timeline.document_end, "获取文件截止日期"
    for field, moment, what in _appointments(spec):
        yield field, moment.date(), what


@check("response_period")
def response_period(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """等标期 20 日 / 谈判、询价 3 工作日 / 磋商 10 日, from the first issue of the documents. When the
    last day is a rest day the earliest deadline is the next working day — the careful reading of
    民法典第二百零三条 that reviewers apply, so a deadline on that rest day is refused too."""
    earliest = _milestone(spec, context, "earliest_deadline")
    if earliest is not None and spec.timeline.bid_deadline.date() < earliest.date:
        yield Violation("timeline.bid_deadline", (
            f"{earliest.limit.rule}；文件自 {format_date(spec.timeline.document_start)} 开始发出，"
            f"截止时间最早为 {_day(earliest.date, earliest.provisional)}"), provisional=earliest.provisional)


@check("response_period_margin")
def response_period_margin(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    earliest = _milestone(spec, context, "earliest_deadline")
    if earliest is not None and spec.timeline.bid_deadline.date() == earliest.date:
        yield Violation("timeline.bid_deadline", (
            f"截止日期 {_day(earliest.date, earliest.provisional)} 恰为法定最早日期，没有余量；实务中通常至少顺延1日"),
            provisional=earliest.provisional)


@check("document_period")
def document_period(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """招标文件 / 磋商文件 are provided for at least 5 working days from the notice (start not counted)."""
    end = _milestone(spec, context, "document_period_end")
    if end is not None and spec.timeline.document_end < end.date:
        yield Violation("timeline.document_end", (
            f"{end.limit.rule}；自公告发布之日（{format_date(spec.timeline.notice_date)}）起算，"
            f"获取文件截止日期最早为 {_day(end.date, end.provisional)}"), provisional=end.provisional)


@check("intention_published")
def intention_published(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    if spec.timeline.intention_date is None and not spec.timeline.intention_exempt_reason:
        yield "timeline.intention_date", (
            "未填写采购意向公开日期：“无公开、不采购”。采购意向已公开的请填写公开日期；因不可预见的原因急需采购的，"
            "在 timeline.intention_exempt_reason 中说明")


@check("intention_lead")
def intention_lead(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    published = spec.timeline.intention_date
    if published is None:
        return
    lead: Limit = limit_of(definition)
    latest = spec.timeline.notice_date - timedelta(days=int(lead.value))
    if published > latest:
        yield "timeline.intention_date", (
            f"采购意向公开日期 {format_date(published)} 距采购公告发布日 {format_date(spec.timeline.notice_date)} "
            f"不足{lead.text}，意向最晚应于 {format_date(latest)} 公开")


@check("deadline_on_rest_day")
def deadline_on_rest_day(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    for field, moment, what in _appointments(spec):
        day = context.calendar.day(moment.date())
        if not day.work:
            yield Violation(field, f"{what} {_day(day.date, day.provisional)} 是休息日（{day.reason}），建议安排在工作日",
                            provisional=day.provisional)


@check("provisional_calendar")
def provisional_calendar(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """One warning listing every legal date of the spec counted through a year without a published
    arrangement, and whether the deadline and opening days are working days in it, with the reason."""
    calendar = context.calendar
    milestones = spec_milestones(spec, calendar)
    items = [f"{m.label} {_day(m.date, True)}" for m in milestones if m.provisional]
    involved = [m.date for m in milestones]
    for _, moment, what in _appointments(spec):
        day = calendar.day(moment.date())
        involved.append(day.date)
        if day.provisional:
            status = "工作日" if day.work else f"休息日（{day.reason}）"
            items.append(f"{what} {_day(day.date, True)}为{status}")
    if not items:
        return
    first = min([spec.timeline.notice_date, *involved])
    years = [year for year in range(first.year, max(involved).year + 1) if calendar.is_provisional(year)]
    yield Violation("timeline.bid_deadline",
                    f"以下日期按暂定的节假日计算：{'；'.join(items)}。{provisional_reason(years)}",
                    provisional=True)


@check("provisional_holiday_nearby")
def provisional_holiday_nearby(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """A date the officer chose on a working day close to a provisional holiday may become a rest day
    once the arrangement adds its 调休, and a period counted in working days up to it may then fall
    short (the window is practice, law/data/statutory_holidays.yaml)."""
    for field, day, what in _scheduled(spec):
        if not context.calendar.is_workday(day):
            continue  # the warning is about a working day turning into a rest day (deadline_on_rest_day covers the rest)
        holiday = context.calendar.provisional_holiday_near(day)
        if holiday is not None:
            subject = f"{what} {_day(day, context.calendar.day(day).provisional)}"
            yield Violation(field, near_holiday_warning(subject, holiday), provisional=True)
