"""The dates a new project is proposed, counted from its notice date with the working-day calendar.

Every period comes from data/deadlines.yaml (which cites the law); the proposals add what careful
practice adds on top: the response deadline one day after the earliest legal date and on a working
day, so that no period is exactly at its minimum (checks.yaml: response_period_margin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from procdocs.deadlines import Milestone, compute, main_milestone
from procdocs.workdays import WorkCalendar

# Working days a single-source supplier is given to prepare its response after the document is
# sent. No rule sets a minimum (74号令 leaves it to the negotiation); a week is common practice.
SINGLE_SOURCE_RESPONSE_WORKDAYS = 5


@dataclass(frozen=True)
class Schedule:
    """Proposed dates; `earliest` is the legal minimum the deadline was derived from."""

    notice_date: date
    document_start: date
    document_end: date
    deadline: date
    earliest: Milestone
    publicity_end: date | None = None  # single source only


def first_notice_date(calendar: WorkCalendar, today: date) -> date:
    """The first working day after today: a notice prepared today is published tomorrow at the earliest."""
    return calendar.next_workday(today + timedelta(days=1)).date


def propose(calendar: WorkCalendar, method: str, notice: date) -> Schedule:
    milestones = {milestone.key: milestone for milestone in compute(calendar, method, notice)}
    earliest = milestones[main_milestone(method)]
    if method == "single_source":
        publicity_end = calendar.next_workday(earliest.date).date
        sent = calendar.next_workday(publicity_end + timedelta(days=1)).date
        deadline = calendar.add_working_days(sent, SINGLE_SOURCE_RESPONSE_WORKDAYS).date
        return Schedule(notice, sent, sent, deadline, earliest, publicity_end)
    document_end = (milestones.get("document_period_end") or milestones["notice_end"]).date
    deadline = calendar.next_workday(earliest.date + timedelta(days=1)).date
    return Schedule(notice, notice, calendar.next_workday(document_end).date, deadline, earliest)
