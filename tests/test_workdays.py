"""The working-day calendar on every worked example of domain.md §3.5 and the 2026 holidays."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from procdocs.errors import UserError
from procdocs.law.limits import limit
from procdocs.law.workdays import WorkCalendar


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("case", "start", "count", "unit", "expected"),
    [
        ("公告5工作日", "2026-09-21", 5, "工作日", "2026-09-29"),
        ("公告5工作日跨国庆", "2026-09-24", 5, "工作日", "2026-10-09"),
        ("谈判3工作日含调休周六", "2026-02-11", 3, "工作日", "2026-02-14"),
        ("等标期20日落在周日顺延", "2026-09-21", 20, "日", "2026-10-12"),
        ("磋商10日落在国庆", "2026-09-24", 10, "日", "2026-10-08"),
        ("谈判截止落在10月10日调休周六", "2026-10-07", 3, "工作日", "2026-10-10"),
        ("国庆前一日起1个工作日", "2026-09-30", 1, "工作日", "2026-10-08"),
        ("春节前调休周六", "2026-02-13", 1, "工作日", "2026-02-14"),
        ("春节假期后", "2026-02-14", 1, "工作日", "2026-02-24"),
    ],
)
def test_forward_counting(calendar: WorkCalendar, case: str, start: str, count: int, unit: str, expected: str) -> None:
    counted = calendar.add_working_days(d(start), count) if unit == "工作日" else calendar.add_days(d(start), count)
    assert counted.date == d(expected), case
    assert not counted.provisional


def test_clarification_lead_times(calendar: WorkCalendar) -> None:
    # 15 日 before a 2026-10-12 deadline is Sunday 09-27 in the 中秋 holiday: send by Thursday 09-24.
    assert calendar.subtract_days(d("2026-10-12"), 15).date == d("2026-09-24")
    # 3 工作日 before Friday 10-09: counted days 09-30, 10-08, 10-09, so notice by Tuesday 09-29.
    assert calendar.subtract_working_days(d("2026-10-09"), 3).date == d("2026-09-29")


def test_challenge_period_after_a_result_notice(calendar: WorkCalendar) -> None:
    notice_end = calendar.add_working_days(d("2026-04-30"), 1)
    assert notice_end.date == d("2026-05-06")
    # 05-09 is a 调休 Saturday and counts.
    assert calendar.add_working_days(notice_end.date, 7).date == d("2026-05-14")


def test_2026_holidays_and_make_up_days(calendar: WorkCalendar) -> None:
    assert not calendar.is_workday(d("2026-10-07")) and calendar.is_workday(d("2026-10-08"))
    assert calendar.is_workday(d("2026-10-10")) and calendar.day(d("2026-10-10")).reason == "国庆节调休（上班）"
    assert calendar.is_workday(d("2026-09-20"))  # a Sunday worked for 国庆
    assert [calendar.is_workday(d(f"2026-02-{day}")) for day in (14, 15, 23, 24, 28)] == [True, False, False, True, True]
    assert calendar.day(d("2026-06-19")).reason == "端午节"


def test_a_year_without_an_arrangement_is_provisional(unpublished_2027: None) -> None:
    calendar = WorkCalendar()
    # 询价 from 2026-12-30: 12-31, then 元旦 2027 (provisional), weekend, 01-04, 01-05.
    counted = calendar.add_working_days(d("2026-12-30"), 3)
    assert counted.date == d("2027-01-05") and counted.provisional
    # Statutory days of 2027 from the 放假办法, weekend holidays made up on the following working days.
    assert [calendar.day(d(f"2027-02-0{day}")).work for day in range(4, 10)] == [True, False, False, False, False, False]
    assert not calendar.is_workday(d("2027-05-03"))  # 劳动节 05-01/02 fall on a weekend: 补假
    assert not calendar.is_workday(d("2027-10-04")) and not calendar.is_workday(d("2027-10-05"))
    assert "暂定" in calendar.source_of(2027)
    assert calendar.year_source(2027).kind == "provisional" and calendar.year_source(2026).kind == "bundled"
    spring = next(h for h in calendar.provisional_holidays(2027) if h.name == "春节")
    # 除夕 02-05 to 初三 02-08; 初一 and 初二 fall on the weekend and are made up on 02-09 and 02-10.
    assert (spring.first, spring.last, spring.make_up) == (d("2027-02-05"), d("2027-02-10"),
                                                           (d("2027-02-09"), d("2027-02-10")))
    assert calendar.provisional_holidays(2026) == ()


def test_the_arrangement_window_around_provisional_holidays(unpublished_2027: None) -> None:
    calendar = WorkCalendar()
    # Five days either side of the provisional 春节 (02-05..02-10); 元旦 2027 reaches back into 2026.
    assert calendar.provisional_holiday_near(d("2027-01-31")).name == "春节"
    assert calendar.provisional_holiday_near(d("2027-02-15")).name == "春节"
    assert calendar.provisional_holiday_near(d("2027-01-30")) is None
    assert calendar.provisional_holiday_near(d("2027-02-16")) is None
    assert calendar.provisional_holiday_near(d("2026-12-28")).name == "元旦"
    assert calendar.provisional_holiday_near(d("2026-10-08")) is None  # 2026 is published


def test_a_users_holiday_file_replaces_the_provisional_year(unpublished_2027: None, tmp_path: Path) -> None:
    notice = tmp_path / "2027.yaml"
    notice.write_text(
        "year: 2027\nsource: 国务院办公厅关于2027年部分节假日安排的通知（测试）\n"
        "rest:\n  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\n"
        "work_weekends:\n  - {name: 元旦调休, date: 2027-01-09}\n", encoding="utf-8")
    calendar = WorkCalendar([notice])
    counted = calendar.add_working_days(d("2026-12-30"), 3)
    assert counted.date == d("2027-01-05") and not counted.provisional
    assert calendar.is_workday(d("2027-01-09"))
    assert calendar.year_source(2027).kind == "user" and calendar.year_source(2027).path == notice
    assert calendar.user_years() == [2027]


def test_a_bad_holiday_file_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "2027.yaml"
    bad.write_text("year: 2027\nsource: x\nrest: []\nwork_weekends:\n  - {name: 调休, date: 2027-01-05}\n",
                   encoding="utf-8")
    with pytest.raises(UserError, match="不是周末"):
        WorkCalendar([bad])


def test_years_the_package_covers(calendar: WorkCalendar) -> None:
    assert not calendar.is_workday(d("2024-10-07")) and calendar.is_workday(d("2024-10-12"))
    assert "chinesecalendar" in calendar.source_of(2024)


def test_the_longest_span_of_the_bid_bond_refund_matches_the_published_calendars(calendar: WorkCalendar) -> None:
    # The lint rule C26h flags a refund term in calendar days longer than this span: it must be the longest
    # that the refund's working days ever took in a year whose holidays the State Council has published.
    working_days = int(limit("bid_bond.refund").value)
    longest = 0
    for year in range(2010, 2027):
        start = date(year, 1, 1)
        while start.year == year:
            end, counted = start, 0
            while counted < working_days:
                end += timedelta(days=1)
                counted += calendar.is_workday(end)
            longest = max(longest, (end - start).days)
            start += timedelta(days=1)
    assert limit("bid_bond.refund_longest_span").value == longest
