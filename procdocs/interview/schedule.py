"""The dates a new project is proposed, counted from its notice date with the working-day calendar.

Every period comes from law/data/deadlines.yaml (which cites the law); the proposals add what careful
practice adds on top: the response deadline one day after the earliest legal date and on a working
day, so that no period is exactly at its minimum (checks.yaml: response_period_margin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from procdocs.interview.data import interview_data
from procdocs.law.deadlines import Milestone, compute, main_milestone
from procdocs.law.methods import procurement_method
from procdocs.law.workdays import WorkCalendar


@dataclass(frozen=True)
class Schedule:
    """Proposed dates; `earliest` is the legal minimum the deadline was derived from."""

    notice_date: date
    document_start: date
    document_end: date
    deadline: date
    earliest: Milestone
    publicity_end: date | None = None  # single source only
    provisional: bool = False  # some date is counted through a year whose holidays are not yet published


def first_notice_date(calendar: WorkCalendar, today: date) -> date:
    """The first working day after today: a notice prepared today is published tomorrow at the earliest."""
    return calendar.next_workday(today + timedelta(days=1)).date


def propose(calendar: WorkCalendar, method: str, notice: date) -> Schedule:
    milestones = {milestone.key: milestone for milestone in compute(calendar, method, notice)}
    earliest = milestones[main_milestone(method)]
    if procurement_method(method).publicity:  # the 公示 first, then the documents go to the one supplier
        publicity_end = calendar.next_workday(earliest.date)
        sent = calendar.next_workday(publicity_end.date + timedelta(days=1))
        deadline = calendar.add_working_days(sent.date, single_source_response_workdays())
        provisional = any(c.provisional for c in (publicity_end, sent, deadline)) or earliest.provisional
        return Schedule(notice, sent.date, sent.date, deadline.date, earliest, publicity_end.date, provisional)
    document_end = calendar.next_workday((milestones.get("document_period_end") or milestones["notice_end"]).date)
    deadline = calendar.next_workday(earliest.date + timedelta(days=1))
    provisional = any(m.provisional for m in milestones.values()) or document_end.provisional or deadline.provisional
    return Schedule(notice, notice, document_end.date, deadline.date, earliest, provisional=provisional)


def single_source_response_workdays() -> int:
    """Working days proposed for a single-source response (data/interview.yaml; no legal minimum)."""
    return int(interview_data()["single_source_response_workdays"])
