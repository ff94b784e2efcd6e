"""Checks on dates that need no working-day calendar (calendar days only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from procdocs.checks import CheckDefinition, check, limit_of
from procdocs.cnformat import format_date
from procdocs.spec.model import ProjectSpec


def _earliest_deadline(spec: ProjectSpec, definition: CheckDefinition):
    # "不得少于N日": the start day is not counted (民法典 Art 201), so the earliest deadline date is
    # the start date plus N days.
    return spec.timeline.document_start + timedelta(days=int(limit_of(definition).value))


@check("bid_period")
def bid_period(spec: ProjectSpec, definition: CheckDefinition) -> Iterator[tuple[str | None, str]]:
    if spec.project.method != "open_tender":
        return
    earliest = _earliest_deadline(spec, definition)
    if spec.timeline.bid_deadline.date() < earliest:
        period = limit_of(definition)
        yield "timeline.bid_deadline", (
            f"自招标文件开始发出之日（{format_date(spec.timeline.document_start)}）起至投标截止不得少于{period.text}，"
            f"投标截止时间最早为 {format_date(earliest)}")


@check("bid_period_margin")
def bid_period_margin(spec: ProjectSpec, definition: CheckDefinition) -> Iterator[tuple[str | None, str]]:
    if spec.project.method == "open_tender" and spec.timeline.bid_deadline.date() == _earliest_deadline(spec, definition):
        yield "timeline.bid_deadline", (
            f"投标截止日期 {format_date(spec.timeline.bid_deadline.date())} 恰为法定最早日期，建议至少顺延1日")
