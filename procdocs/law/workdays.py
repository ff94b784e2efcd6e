"""China's working-day calendar: which days are rest days, with 调休, and honest about unknown years.

A year's days come from the first source that has it:

1. holiday files the user gives (``--holidays FILE``, or files in ``~/.config/procdocs/holidays/``)
   — for a year whose 国务院办公厅 notice is newer than the installed data;
2. the law's data files (``procdocs/law/data/holidays/<year>.yaml``), transcribed from the notices;
3. the ``chinesecalendar`` package (the years it covers);
4. otherwise a **provisional** year computed from the statutory holidays of the
   《全国年节及纪念日放假办法》 (``law/data/statutory_holidays.yaml``): the statutory days are rest days,
   weekend holidays are made up on the following working days, every weekend is a rest day. Every
   date computed through such a year is marked provisional: the official arrangement usually adds
   rest days around the statutory ones (调休), so a date near a holiday may still move later.

Sources 2 and 3 together are what has been *published*; :func:`published_year` is the one place
that decides it (tests replace it to make a year unknown whatever the installed data covers).

Counting follows the 民法典 (domain.md §3.1–3.2): the start day is not counted (Art 201); "N 日" ends
on start + N days, moved to the next working day when that is a rest day (Art 203); "N 个工作日" ends
on the N-th working day after the start (调休 Saturdays count); lead times count backwards the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from procdocs.cnformat import format_date
from procdocs.errors import Problem, UserError
from procdocs.law import load
from procdocs.law.files import LawError, read_data_file, validated, yaml_files
from procdocs.yaml_input import line_of, node_at, path_text, read_yaml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

USER_HOLIDAY_DIRECTORY = Path("procdocs") / "holidays"  # under XDG_CONFIG_HOME (~/.config)
PROVISIONAL_MARK = "（暂定）"  # printed beside every date counted through a provisional year


class HolidayFileError(UserError):
    """A holiday file cannot be read or is inconsistent."""


# -- holiday files -------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RestPeriod(_Strict):
    name: str
    start: date = Field(alias="from")
    end: date = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> RestPeriod:
        if self.end < self.start:
            raise ValueError(f"{self.name}：结束日期早于开始日期")
        return self


class WorkWeekend(_Strict):
    name: str
    date: date


class HolidayYear(_Strict):
    year: int
    source: str = Field(min_length=1)
    rest: list[RestPeriod]
    work_weekends: list[WorkWeekend] = Field(default_factory=list)

    @model_validator(mode="after")
    def _in_year(self) -> HolidayYear:
        for period in self.rest:
            if period.start.year != self.year:
                raise ValueError(f"{period.name} 的开始日期 {period.start} 不在 {self.year} 年内")
        for weekend in self.work_weekends:
            if weekend.date.year != self.year:
                raise ValueError(f"调休上班日 {weekend.date} 不在 {self.year} 年内")
            if weekend.date.weekday() < 5:
                raise ValueError(f"{weekend.date} 不是周末，不能作为调休上班日")
        return self


def _load_holiday_file(path: Path, display: str) -> HolidayYear:
    data, root = read_yaml(path, "放假安排文件", display=display, error=HolidayFileError)
    try:
        return HolidayYear.model_validate(data)
    except ValidationError as exc:
        raise HolidayFileError([_holiday_problem(error, root, display) for error in exc.errors()]) from None


def _holiday_problem(error: Any, root: yaml.Node | None, display: str) -> Problem:
    """One validation error of a holiday file, in Chinese, at the line of the value it concerns."""
    location = tuple(error["loc"])
    node = node_at(root, location) if location else root
    field = path_text(location) or None
    kind = error["type"]
    if kind == "missing":
        message = f"缺少字段「{location[-1]}」"
    elif kind == "extra_forbidden":
        message = f"未知字段「{location[-1]}」"
    elif kind.startswith(("date_", "datetime_")):
        message = f"应为日期（如 2027-01-01），「{error.get('input')}」不是有效的日期"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        message = "应为整数（年份，如 2027）"
    elif kind in {"string_type", "string_too_short"}:
        message = "应为文字，且不能为空"
    elif kind in {"list_type", "model_type", "dict_type"}:
        message = "格式不对：rest 和 work_weekends 应为列表，每项是一个映射（见内置放假安排文件的写法）"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
    return Problem(message, file=display, line=line_of(node), field=field)


def read_notices(directory: Traversable) -> dict[int, HolidayYear]:
    """The official arrangements transcribed in `directory` (``holidays/``), by year."""
    years: dict[int, HolidayYear] = {}
    for source in yaml_files(directory):
        where = f"holidays/{source.name}"
        notice = validated(HolidayYear, read_data_file(source, where), where)
        if notice.year in years:
            raise LawError(where, f"the arrangement of {notice.year} is given twice")
        years[notice.year] = notice
    return years


# -- the statutory holidays (for years without an arrangement) -----------------------------------

_MONTH_DAY = re.compile(r"\d{2}-\d{2}")


class StatutoryHoliday(_Strict):
    """A holiday of the 放假办法: its first day by the solar calendar, the lunar calendar (``offset``
    days from it: 除夕 is the day before 正月初一) or a solar term, and how many days it lasts."""

    name: str
    solar: str | None = None  # MM-DD
    lunar: str | None = None  # MM-DD of the lunar calendar
    offset: int = 0
    solar_term: str | None = None
    days: int = Field(ge=1)

    @field_validator("solar", "lunar")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value is not None and not _MONTH_DAY.fullmatch(value):
            raise ValueError(f"{value!r} is not MM-DD")
        return value

    @model_validator(mode="after")
    def _one_calendar(self) -> StatutoryHoliday:
        if sum(value is not None for value in (self.solar, self.lunar, self.solar_term)) != 1:
            raise ValueError("a holiday has exactly one of solar, lunar, solar_term")
        return self


class ArrangementWindow(_Strict):
    """How many days around a provisional holiday the official arrangement may add rest days, and why
    (a practice figure from recent arrangements, in law/data/statutory_holidays.yaml)."""

    days: int = Field(ge=0)
    reason: str


class StatutoryHolidays(_Strict):
    basis: str  # the instrument and articles a provisional year is computed from
    holidays: list[StatutoryHoliday]
    arrangement_window: ArrangementWindow


def read_statutory_holidays(source: Traversable) -> StatutoryHolidays:
    where = "statutory_holidays.yaml"
    return validated(StatutoryHolidays, read_data_file(source, where), where)


def user_holiday_directory() -> Path:
    """Where a user puts holiday files for notices newer than procdocs' data (read by every command)."""
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / USER_HOLIDAY_DIRECTORY


def user_holiday_files() -> list[Path]:
    """Holiday files in the user's configuration directory, for notices newer than procdocs' data."""
    directory = user_holiday_directory()
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []


# -- days ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Day:
    date: date
    work: bool
    reason: str  # 工作日 / 周末 / 国庆节 / 国庆节调休（上班）…
    provisional: bool  # from a year whose official arrangement is not loaded


SourceKind = Literal["user", "bundled", "package", "provisional"]


@dataclass(frozen=True)
class YearSource:
    """Where a year's rest days come from: a user's holiday file, procdocs' data, chinesecalendar,
    or — when none has the year — the statutory holidays alone (provisional)."""

    year: int
    kind: SourceKind
    description: str  # the notice's title, the package and its version, or the statutory basis
    path: Path | None = None  # the user's file

    @property
    def provisional(self) -> bool:
        return self.kind == "provisional"


@dataclass
class YearDays:
    """One year's rest days and 调休 working weekends (every other weekend is a rest day)."""

    rest: dict[date, str]
    work: dict[date, str]
    source: YearSource

    @property
    def provisional(self) -> bool:
        return self.source.provisional


@dataclass
class Counted:
    """A computed date and whether any day counted on the way is provisional."""

    date: date
    provisional: bool


class WorkCalendar:
    def __init__(self, holiday_files: Iterable[Path] = ()) -> None:
        self._user: dict[int, tuple[HolidayYear, Path]] = {}
        for path in [*user_holiday_files(), *holiday_files]:
            year = _load_holiday_file(Path(path), str(path))
            self._user[year.year] = (year, Path(path))
        self._years: dict[int, YearDays] = {}

    # -- one day ----------------------------------------------------------------------------------

    def day(self, value: date) -> Day:
        year = self._year(value.year)
        if value in year.work:
            return Day(value, True, year.work[value], year.provisional)
        if value in year.rest:
            return Day(value, False, year.rest[value], year.provisional)
        if value.weekday() >= 5:
            return Day(value, False, "周末", year.provisional)
        return Day(value, True, "工作日", year.provisional)

    def is_workday(self, value: date) -> bool:
        return self.day(value).work

    def source_of(self, year: int) -> str:
        return self._year(year).source.description

    def year_source(self, year: int) -> YearSource:
        """Where the year's holidays come from (``procdocs doctor`` lists it for the years ahead)."""
        return self._year(year).source

    def user_years(self) -> list[int]:
        """The years the user's holiday files (``--holidays``, the configuration directory) give."""
        return sorted(self._user)

    def is_provisional(self, year: int) -> bool:
        return self._year(year).provisional

    def provisional_holidays(self, year: int) -> tuple[ProvisionalHoliday, ...]:
        """The statutory holidays a provisional year was computed from; none for a known year."""
        return _provisional_holidays(year) if self.is_provisional(year) else ()

    def provisional_holiday_near(self, value: date) -> ProvisionalHoliday | None:
        """A provisional holiday within the arrangement window of `value` (law/data/statutory_holidays.yaml):
        the official arrangement may yet make that day a rest day. Years on both sides are looked at,
        since 元旦 of a provisional year is close to the end of a known one."""
        margin = timedelta(days=arrangement_window().days)
        for year in (value.year - 1, value.year, value.year + 1):
            for holiday in self.provisional_holidays(year):
                if holiday.first - margin <= value <= holiday.last + margin:
                    return holiday
        return None

    # -- counting ---------------------------------------------------------------------------------

    def add_days(self, start: date, days: int) -> Counted:
        """"不得少于N日": start + N days (start not counted), moved on to the next working day if rest."""
        end = start + timedelta(days=days)
        provisional = any(self.day(start + timedelta(days=i)).provisional for i in range(1, days + 1))
        moved = self.next_workday(end)
        return Counted(moved.date, provisional or moved.provisional)

    def add_working_days(self, start: date, days: int) -> Counted:
        """"N个工作日": the N-th working day after the start day."""
        current, counted, provisional = start, 0, False
        while counted < days:
            current += timedelta(days=1)
            day = self.day(current)
            provisional = provisional or day.provisional
            if day.work:
                counted += 1
        return Counted(current, provisional)

    def subtract_days(self, end: date, days: int) -> Counted:
        """"至少N日前": end − N days, moved back to the previous working day if that is a rest day
        (the conservative reading: an act due on a rest day is done on the working day before)."""
        latest = end - timedelta(days=days)
        provisional = any(self.day(end - timedelta(days=i)).provisional for i in range(0, days + 1))
        moved = self.previous_workday(latest)
        return Counted(moved.date, provisional or moved.provisional)

    def subtract_working_days(self, end: date, days: int) -> Counted:
        """"截止之日N个工作日前": the latest day d such that the N-th working day after d is `end`."""
        current, counted, provisional = end, 0, self.day(end).provisional
        while counted < days:
            current -= timedelta(days=1)
            day = self.day(current)
            provisional = provisional or day.provisional
            if day.work:
                counted += 1
        return Counted(current, provisional)

    def next_workday(self, value: date) -> Counted:
        """`value` if it is a working day, else the first working day after it."""
        return self._nearest_workday(value, timedelta(days=1))

    def previous_workday(self, value: date) -> Counted:
        """`value` if it is a working day, else the last working day before it."""
        return self._nearest_workday(value, timedelta(days=-1))

    def _nearest_workday(self, value: date, step: timedelta) -> Counted:
        provisional = False
        while True:
            day = self.day(value)
            provisional = provisional or day.provisional
            if day.work:
                return Counted(value, provisional)
            value += step

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (start not counted)."""
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(days=i)))

    # -- years ------------------------------------------------------------------------------------

    def _year(self, year: int) -> YearDays:
        if year not in self._years:
            self._years[year] = self._load_year(year)
        return self._years[year]

    def _load_year(self, year: int) -> YearDays:
        if year in self._user:
            notice, path = self._user[year]
            return _from_notice(notice, YearSource(year, "user", notice.source, path))
        return published_year(year) or _provisional_year(year)


def published_year(year: int) -> YearDays | None:
    """The year as published: procdocs' data (transcribed notices), else chinesecalendar; None when
    neither covers it. The single place that decides what is known, so that tests can make a year
    unknown (``monkeypatch.setattr(workdays, "published_year", …)``) whatever is installed."""
    notice = load().notices.get(year)
    if notice is not None:
        return _from_notice(notice, YearSource(year, "bundled", notice.source))
    return _from_chinese_calendar(year)


def _from_notice(notice: HolidayYear, source: YearSource) -> YearDays:
    rest = {}
    for period in notice.rest:
        day = period.start
        while day <= period.end:
            rest[day] = period.name
            day += timedelta(days=1)
    work = {weekend.date: f"{weekend.name}（上班）" for weekend in notice.work_weekends}
    return YearDays(rest, work, source)


def _from_chinese_calendar(year: int) -> YearDays | None:
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return None
    rest: dict[date, str] = {}
    work: dict[date, str] = {}
    day = date(year, 1, 1)
    while day.year == year:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
        if is_holiday and day.weekday() < 5:
            rest[day] = _HOLIDAY_NAMES.get(name, name or "法定节假日")
        elif not is_holiday and day.weekday() >= 5:
            work[day] = f"{_HOLIDAY_NAMES.get(name, '调休')}调休（上班）"
        day += timedelta(days=1)
    return YearDays(rest, work, YearSource(year, "package", f"chinesecalendar {chinese_calendar.__version__}"))


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def statutory_basis() -> str:
    """The instrument and articles a provisional year is computed from."""
    return load().statutory_holidays.basis


def arrangement_window() -> ArrangementWindow:
    return load().statutory_holidays.arrangement_window


def provisional_reason(years: Iterable[int]) -> str:
    """One line on why dates are provisional and how to settle them, for every command that shows them."""
    listed = "、".join(f"{year}年" for year in sorted(set(years))) or "有关年份"
    return (f"{listed}的国务院办公厅放假安排尚未发布或尚未载入：标有“暂定”的日期按{statutory_basis()}规定的法定节日"
            f"计算（周末遇节日的在其后的工作日补假），未计调休，可能变动；放假安排发布后，用 --holidays 载入"
            f"（或放入 {user_holiday_directory()} 目录）并重新计算")


def _provisional_year(year: int) -> YearDays:
    """Rest days from the statutory holidays alone, for a year without an official arrangement."""
    rest: dict[date, str] = {}
    for holiday in _provisional_holidays(year):
        for day in holiday.days:
            rest.setdefault(day, f"{holiday.name}（暂定）")
        for day in holiday.make_up:
            rest.setdefault(day, f"{holiday.name}补假（暂定）")
    source = YearSource(year, "provisional", f"{statutory_basis()}（{year}年放假安排未载入，按法定节日暂定）")
    return YearDays({d: n for d, n in rest.items() if d.year == year}, {}, source)


@dataclass(frozen=True)
class ProvisionalHoliday:
    """A statutory holiday of a year without an arrangement: its days and the days that make up for
    those falling on a weekend (Art 6)."""

    name: str
    days: tuple[date, ...]
    make_up: tuple[date, ...]

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return max(self.days + self.make_up)


def near_holiday_warning(subject: str, holiday: ProvisionalHoliday) -> str:
    """Why `subject` ("截止时间 2027年2月11日（星期四）") near a provisional holiday may still move."""
    window = arrangement_window()
    first, last = holiday.first, holiday.last
    days = format_date(first) if first == last else f"{format_date(first)}至{last.month}月{last.day}日"
    return (f"{subject}在{holiday.name}（暂定 {days}放假）前后{window.days}日内。"
            f"{window.reason}，该日可能被安排为休息日，按工作日计算的期限也可能顺延；建议避开，"
            f"或在{holiday.first.year}年放假安排发布后核对")


@cache
def _provisional_holidays(year: int) -> tuple[ProvisionalHoliday, ...]:
    holidays = []
    taken: set[date] = set()
    for holiday in load().statutory_holidays.holidays:
        first = _first_day(year, holiday)
        if first is None:
            continue
        days = tuple(first + timedelta(days=i) for i in range(holiday.days))
        taken.update(days)
        # Art 6: a holiday on a Saturday or Sunday is made up on a working day; we take the next ones.
        make_up: list[date] = []
        day = days[-1]
        while len(make_up) < sum(1 for d in days if d.weekday() >= 5):
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in taken:
                taken.add(day)
                make_up.append(day)
        holidays.append(ProvisionalHoliday(holiday.name, days, tuple(make_up)))
    return tuple(holidays)


def _first_day(year: int, holiday: StatutoryHoliday) -> date | None:
    if holiday.solar is not None:
        month, day = map(int, holiday.solar.split("-"))
        return date(year, month, day)
    if holiday.lunar is not None:
        from lunardate import LunarDate

        month, day = map(int, holiday.lunar.split("-"))
        try:
            return LunarDate(year, month, day).to_solar_date() + timedelta(days=holiday.offset)
        except ValueError:
            # The lunar calendar ends with 2099. Its holidays of 2100 are only looked at to warn
            # about a date late in 2099 (beyond the supported years, reached by counting forward),
            # and lie weeks away from it: there is nothing to warn about.
            return None
    import chinese_calendar

    terms = chinese_calendar.get_solar_terms(date(year, 1, 1), date(year, 12, 31))
    return next((day for day, name in terms if name == holiday.solar_term), None)
