"""`procdocs new`: a new project spec, from an interview or as a filled-in template.

* :func:`template_spec` — the method's bundled example with its dates moved to the next possible
  notice date (``--no-input``): complete, valid and passing ``check``, to edit by hand.
* :class:`~procdocs.interview.interview.Interview` — the questions, each answer checked at once.
* :func:`write_spec` — the spec as commented YAML, written atomically, never over an existing file
  unless asked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from procdocs.examples import example_for
from procdocs.interview.draft import Draft
from procdocs.interview.schedule import first_notice_date, propose
from procdocs.law.workdays import WorkCalendar
from procdocs.output import NO_INPUTS, RunInputs, atomic_write
from procdocs.spec.commented import dump_commented
from procdocs.spec.loader import parse_yaml, read_spec_text
from procdocs.spec.model import ProjectSpec


def example_draft(method: str, calendar: WorkCalendar, today: date) -> Draft:
    """The method's example project, rescheduled to be published on the first possible day."""
    path = example_for(method)
    data, _ = parse_yaml(read_spec_text(path, str(path)), str(path))
    draft = Draft(data, calendar)
    reschedule(draft, method, first_notice_date(calendar, today))
    return draft


def reschedule(draft: Draft, method: str, notice: date) -> None:
    """Move the project to a new notice date: every date shifts with it, then the legal dates are re-proposed.

    Shifting keeps the gaps the project had (the 采购意向 published well before the notice); the
    legal dates are then counted afresh, because a shift can move a period across a holiday.
    """
    deadline_time = _time_of(draft.get("timeline.bid_deadline"), "09:30")
    opening_time = _time_of(draft.get("timeline.opening_time"), None)
    draft.move_dates(notice)
    plan = propose(draft.calendar, method, notice)
    draft.set("timeline.notice_date", notice.isoformat())
    draft.set("timeline.document_start", plan.document_start.isoformat())
    draft.set("timeline.document_end", plan.document_end.isoformat())
    draft.set("timeline.bid_deadline", f"{plan.deadline.isoformat()} {deadline_time}")
    if opening_time is not None:
        draft.set("timeline.opening_time", f"{plan.deadline.isoformat()} {opening_time}")
    if plan.publicity_end is not None:
        draft.set("single_source.publicity_start", notice.isoformat())
        draft.set("single_source.publicity_end", plan.publicity_end.isoformat())
        if draft.get("single_source.negotiation_time") is not None:
            draft.set("single_source.negotiation_time", f"{plan.deadline.isoformat()} {opening_time or deadline_time}")


def template_spec(method: str, calendar: WorkCalendar, today: date, remembered: dict[str, Any]) -> dict[str, Any]:
    """The spec `procdocs new METHOD --no-input` writes: the example, rescheduled, with remembered facts."""
    draft = example_draft(method, calendar, today)
    for path, value in remembered.items():
        draft.set(path, value)
    return draft.data


def write_spec(path: Path, data: dict[str, Any], header: list[str], force: bool,
               inputs: RunInputs = NO_INPUTS) -> None:
    """Commented YAML with the sections in the order of the spec model (the order of the examples)."""
    order = list(ProjectSpec.model_fields)
    ordered = dict(sorted(data.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))
    text = dump_commented(ordered, header)
    atomic_write(path, lambda stream: stream.write(text.encode("utf-8")), force, inputs=inputs)


def _time_of(value: Any, fallback: str | None) -> str | None:
    """'2026-12-15 09:30' -> '09:30'."""
    if value is None:
        return fallback
    text = str(value)
    return text[-5:] if ":" in text else fallback
