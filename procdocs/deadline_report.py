"""`procdocs deadline`: the legal dates of a method, as text for officers and JSON for systems."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from procdocs import cnformat
from procdocs.errors import Problem, UserError
from procdocs.law.deadlines import COUNTING_RULES, Milestone, compute, counts_back_from_deadline, main_milestone
from procdocs.law.methods import method_key, method_names
from procdocs.law.workdays import PROVISIONAL_MARK, WorkCalendar, near_holiday_warning, provisional_reason


def resolve_method(text: str) -> str:
    """A method key from its key or its Chinese name (公开招标, 竞争性谈判 …)."""
    key = method_key(text)
    if key is not None:
        return key
    known = "、".join(f"{key}（{name}）" for key, name in method_names().items())
    raise UserError(Problem(f"未知的采购方式「{text}」，可用：{known}"))


def _parse(text: str, what: str) -> date:
    try:
        return cnformat.parse_date(text)
    except ValueError as exc:
        reason = str(exc)
        # Some reasons quote the value already (「2026-02-30」不是存在的日期): quote it once.
        raise UserError(Problem(f"{what}{reason}" if reason.startswith("「") else f"{what}「{text}」{reason}")) from None


def _milestones(method: str, start: str, deadline: str | None,
                holidays: list[Path]) -> tuple[str, date, date | None, list[Milestone], WorkCalendar]:
    key = resolve_method(method)
    start_day = _parse(start, "起始日期")
    deadline_day = _parse(deadline, "截止日期") if deadline else None
    if deadline_day is not None and deadline_day <= start_day:
        # Counting the lead times back from such a deadline would give dates before the start.
        raise UserError(Problem(f"截止日期 {cnformat.format_date(deadline_day)} 应晚于起始日期 "
                                f"{cnformat.format_date(start_day)}（--deadline 为拟定的投标（响应）截止日期）"))
    calendar = WorkCalendar(holidays)
    return key, start_day, deadline_day, compute(calendar, key, start_day, deadline_day), calendar


def _near_holidays(method: str, milestones: list[Milestone], deadline: date | None) -> list[tuple[str, date]]:
    """The dates an officer schedules by: the earliest deadline and the proposed one."""
    main = next(m for m in milestones if m.key == main_milestone(method))
    dates = [(main.label, main.date)]
    if deadline is not None and deadline != main.date:
        dates.append(("拟定截止日", deadline))
    return dates


def _years(start: date, milestones: list[Milestone]) -> list[int]:
    """Every year from the start to the last milestone (a period can cross a year it does not end in)."""
    dates = [start, *(m.date for m in milestones)]
    return list(range(min(dates).year, max(dates).year + 1))


def _day(value: date) -> str:
    return f"{cnformat.format_date(value)}（{cnformat.format_weekday(value)}）"


def deadline_text(method: str, start: str, deadline: str | None, holidays: list[Path]) -> str:
    key, start_day, deadline_day, milestones, calendar = _milestones(method, start, deadline, holidays)
    lines = [f"{method_names()[key]}：起始日 {_day(start_day)}"
             + (f"，拟定截止日 {_day(deadline_day)}" if deadline_day else "")]
    for milestone in milestones:
        mark = PROVISIONAL_MARK if milestone.provisional else ""
        lines.append(f"  {milestone.label}：{_day(milestone.date)}{mark}")
        lines.append(f"      {milestone.limit.rule}（{milestone.limit.text}；依据：{milestone.limit.citation}）")
    if deadline_day is None and counts_back_from_deadline(key):
        lines.append("  （给出 --deadline 可计算澄清或者修改的最迟发出日期）")
    lines.append("计算规则：")
    lines.extend(f"  · {rule}" for rule in COUNTING_RULES)
    years = _years(start_day, milestones)
    lines.append("节假日依据：")
    for year in years:
        lines.append(f"  · {year}年：{calendar.source_of(year)}")
    provisional_years = [year for year in years if calendar.is_provisional(year)]
    if any(m.provisional for m in milestones) and provisional_years:
        lines.append(f"注意：{provisional_reason(provisional_years)}。")
    for label, day in _near_holidays(key, milestones, deadline_day):
        holiday = calendar.provisional_holiday_near(day)
        if holiday is not None and calendar.is_workday(day):
            lines.append(f"注意：{near_holiday_warning(f'{label} {_day(day)}', holiday)}。")
    return "\n".join(lines)


def deadline_json(method: str, start: str, deadline: str | None, holidays: list[Path]) -> str:
    key, start_day, deadline_day, milestones, calendar = _milestones(method, start, deadline, holidays)
    main = main_milestone(key)
    earliest = next(m for m in milestones if m.key == main)
    years = _years(start_day, milestones)
    data = {
        "method": key,
        "start": start_day.isoformat(),
        "deadline": deadline_day.isoformat() if deadline_day else None,
        "earliest_deadline": earliest.date.isoformat(),
        "provisional": any(m.provisional for m in milestones),
        "provisional_years": [year for year in years if calendar.is_provisional(year)],
        "milestones": [
            {"key": m.key, "label": m.label, "date": m.date.isoformat(), "rule": m.limit.rule,
             "limit": m.limit.text, "basis": m.basis, "status": m.limit.status, "provisional": m.provisional}
            for m in milestones
        ],
        "counting_rules": list(COUNTING_RULES),
        "calendar": {str(year): calendar.source_of(year) for year in years},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
