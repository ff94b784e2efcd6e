"""Checks on the timeline, counted with the working-day calendar (domain.md §0, §2.5, §3)."""

from __future__ import annotations

from datetime import date, timedelta

from procdocs.checks import CheckContext, CheckDefinition, Violations, check, limit_of
from procdocs.cnformat import format_date, format_weekday
from procdocs.deadlines import compute
from procdocs.limits import Limit
from procdocs.spec.model import ProjectSpec
from procdocs.workdays import Counted

PROVISIONAL_NOTE = "（涉及尚未载入官方放假安排的年份，日期为暂定）"


def _day(value: date) -> str:
    return f"{format_date(value)}（{format_weekday(value)}）"


def _provisional(counted: Counted) -> str:
    return PROVISIONAL_NOTE if counted.provisional else ""


def _earliest_response(spec: ProjectSpec, context: CheckContext):
    """The method's earliest response deadline, counted from the day documents are first issued."""
    milestones = compute(context.calendar, spec.project.method, spec.timeline.document_start)
    return next((m for m in milestones if m.key == "earliest_deadline"), None)


@check("response_period")
def response_period(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """等标期 20 日 / 谈判、询价 3 工作日 / 磋商 10 日, from the first issue of the documents. When the
    last day is a rest day the earliest deadline is the next working day — the careful reading of
    民法典第二百零三条 that reviewers apply, so a deadline on that rest day is refused too."""
    earliest = _earliest_response(spec, context)
    deadline = spec.timeline.bid_deadline.date()
    if earliest is not None and deadline < earliest.date:
        yield "timeline.bid_deadline", (
            f"自文件开始发出之日（{format_date(spec.timeline.document_start)}）起{earliest.limit.rule.split('，')[-1]}，"
            f"截止时间最早为 {_day(earliest.date)}{PROVISIONAL_NOTE if earliest.provisional else ''}")


@check("response_period_margin")
def response_period_margin(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    earliest = _earliest_response(spec, context)
    if earliest is not None and spec.timeline.bid_deadline.date() == earliest.date:
        yield "timeline.bid_deadline", (
            f"截止日期 {_day(earliest.date)} 恰为法定最早日期，没有余量；实务中通常至少顺延1日")


@check("document_period")
def document_period(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """招标文件 / 磋商文件 are provided for at least 5 working days from the notice (start not counted)."""
    key = {"open_tender": "document_period_end", "competitive_consultation": "document_period_end"}.get(
        spec.project.method)
    if key is None:
        return
    milestones = compute(context.calendar, spec.project.method, spec.timeline.notice_date)
    end = next(m for m in milestones if m.key == key)
    if spec.timeline.document_end < end.date:
        yield "timeline.document_end", (
            f"{end.limit.rule}；自公告发布之日（{format_date(spec.timeline.notice_date)}）起算，"
            f"获取文件截止日期最早为 {_day(end.date)}{PROVISIONAL_NOTE if end.provisional else ''}")


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
    for field, moment, what in (("timeline.bid_deadline", spec.timeline.bid_deadline, "截止时间"),
                                ("timeline.opening_time", spec.opening_time, "开标（开启）时间")):
        day = context.calendar.day(moment.date())
        if not day.work:
            yield field, f"{what} {_day(day.date)} 是休息日（{day.reason}），建议安排在工作日"
