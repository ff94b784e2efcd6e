"""A year without a published holiday arrangement (2027 here), end to end: every method's documents
render with 暂定 reminders and state no computed date; check, deadline, doctor and new mark 暂定;
a holiday file for the year settles it.

Every test makes 2027 unknown itself (conftest.make_year_unpublished), so the tests keep their
meaning after the official notice is published and bundled.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document as read_docx
from typer.testing import CliRunner

from conftest import make_year_unpublished, write_arrangement_2027
from procdocs.checks import run_checks
from procdocs.cli import app
from procdocs.doctor import diagnose
from procdocs.interview import example_draft, reschedule, write_spec
from procdocs.interview.interview import Interview
from procdocs.interview.prompts import Prompter
from procdocs.interview.schedule import propose
from procdocs.law.deadlines import SettledMilestones, compute, spec_milestones
from procdocs.law.methods import method_names
from procdocs.law.workdays import WorkCalendar
from procdocs.render import Renderer, RenderResult
from procdocs.spec import load_spec
from procdocs.templating import Templates

METHODS = list(method_names())
# One notice date a month: January after 元旦, February across 春节 (2027-02-05..08, with 补假),
# March with open-tender deadlines near 清明 (2027-04-05).
NOTICES = {"2027-01": date(2027, 1, 5), "2027-02": date(2027, 2, 1), "2027-03": date(2027, 3, 15)}
TODAY = date(2026, 12, 2)  # when the officer prepares the projects (the examples' dates move to the notice)
# Where a template states a computed date: "即不晚于<date>" after a lead-time rule.
COMPUTED_DATE = re.compile(r"即不晚于\d{4}年\d{1,2}月\d{1,2}日")


def _write_specs(directory: Path, calendar: WorkCalendar) -> dict[tuple[str, str], Path]:
    """Each bundled example moved to each month, as `procdocs new --no-input` would schedule it."""
    specs = {}
    for month, notice in NOTICES.items():
        for method in METHODS:
            draft = example_draft(method, calendar, TODAY)
            reschedule(draft, method, notice)
            path = directory / f"{method}-{month}.yaml"
            write_spec(path, draft.data, [], force=False)
            specs[(method, month)] = path
    return specs


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """2027 without an arrangement for the whole module (the renders are shared)."""
    with pytest.MonkeyPatch.context() as patch:
        make_year_unpublished(patch, tmp_path_factory.mktemp("config"))
        yield


@pytest.fixture(scope="module")
def specs(unpublished: None, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    return _write_specs(tmp_path_factory.mktemp("specs"), WorkCalendar())


@pytest.fixture(scope="module")
def rendered(specs: dict[tuple[str, str], Path], tmp_path_factory: pytest.TempPathFactory,
             ) -> dict[tuple[str, str], RenderResult]:
    """All 15 combinations rendered to HTML once."""
    renderer = Renderer(formats=["html"])
    out = tmp_path_factory.mktemp("html")
    return {key: renderer.render_file(path, out / f"{key[0]}-{key[1]}") for key, path in specs.items()}


def _texts(result: RenderResult) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in result.written}


@pytest.mark.parametrize("month", NOTICES)
@pytest.mark.parametrize("method", METHODS)
def test_every_document_renders_with_a_reminder_and_no_provisional_date(
        rendered: dict[tuple[str, str], RenderResult], specs: dict[tuple[str, str], Path],
        method: str, month: str) -> None:
    result = rendered[(method, month)]
    spec = load_spec(specs[(method, month)])
    expected = [d.name for d in Templates().method(method).documents if d.applies_to(spec)]
    assert [path.stem.rsplit("_", 1)[1] for path in result.written] == expected
    assert not result.errors
    reminder = [f for f in result.findings if f.check == "provisional_calendar"]
    assert len(reminder) == 1 and reminder[0].provisional and reminder[0].severity == "warning"
    assert "（暂定）" in reminder[0].message and "--holidays" in reminder[0].message
    assert "2027年的国务院办公厅放假安排尚未发布或尚未载入" in reminder[0].message
    for name, text in _texts(result).items():
        assert not COMPUTED_DATE.search(text), name
        assert "暂定" not in text, name  # the reminder is for the officer, not the published document
    if method != "single_source":
        clarification = next(m for m in spec_milestones(spec, WorkCalendar()) if m.key == "clarification_latest")
        assert clarification.provisional
        document = next(text for name, text in _texts(result).items() if name.endswith(f"_{expected[1]}.html"))
        assert f"{clarification.limit.text}前" in document  # the rule is printed instead of the date


def test_the_render_command_prints_the_reminder_once(specs: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(specs[("inquiry", "2027-02")]), "-o", str(tmp_path),
                                      "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.output.count("以下日期按暂定的节假日计算") == 1
    assert "截止和开标（开启）时间 2027年2月11日（星期四）（暂定）在春节（暂定 2027年2月5日至2月10日放假）前后5日内" in result.output


def test_skipping_the_checks_still_leaves_a_reminder(specs: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(specs[("open_tender", "2027-01")]), "-o", str(tmp_path),
                                      "--format", "html", "--skip-checks"])
    assert result.exit_code == 0, result.output
    assert result.output.count("未写出按暂定节假日推算的日期") == 1
    assert "2027年的国务院办公厅放假安排尚未发布或尚未载入" in result.output


def test_a_docx_render_states_the_rule_not_the_date(specs: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    result = Renderer(formats=["docx"]).render_file(specs[("open_tender", "2027-02")], tmp_path)
    tender = next(path for path in result.written if path.stem.endswith("招标文件"))
    text = "\n".join(p.text for p in read_docx(str(tender)).paragraphs)
    text += "\n".join(cell.text for table in read_docx(str(tender)).tables for row in table.rows for cell in row.cells)
    assert "投标截止时间至少15日前" in text and not COMPUTED_DATE.search(text)
    assert any(f.check == "provisional_calendar" for f in result.findings)


def test_a_holiday_file_for_the_year_settles_every_date(specs: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    arrangement = write_arrangement_2027(tmp_path / "2027.yaml")
    result = Renderer(formats=["html"], holiday_files=[arrangement]).render_file(specs[("open_tender", "2027-01")],
                                                                                 tmp_path / "out")
    assert result.findings == []
    tender = next(path for path in result.written if path.stem.endswith("招标文件"))
    assert "即不晚于2027年1月11日" in tender.read_text(encoding="utf-8")
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["check", str(specs[("inquiry", "2027-01")]), "--holidays", str(arrangement),
                                          "--format", "json"]).output)
    assert data["files"][0] == {"path": str(specs[("inquiry", "2027-01")]), "findings": [], "provisional": False}
    deadline = runner.invoke(app, ["deadline", "inquiry", "2027-02-01", "--holidays", str(arrangement)])
    assert "暂定" not in deadline.output and "2027年：国务院办公厅关于2027年部分节假日安排的通知（测试用）" in deadline.output


def test_the_near_holiday_warning_comes_true_under_a_longer_break(
        specs: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    """What the warning is for: the February open tender's documents are provided until 2027-02-12,
    five provisional working days; an arrangement with a 9-day 春节 makes that too short."""
    spec = specs[("open_tender", "2027-02")]
    warned = [f for f in run_checks(load_spec(spec), WorkCalendar()) if f.check == "provisional_holiday_nearby"]
    assert [f.field for f in warned] == ["timeline.document_end"]
    assert warned[0].message.startswith("获取文件截止日期 2027年2月12日（星期五）（暂定）在春节（暂定 2027年2月5日至2月10日放假）")
    arrangement = write_arrangement_2027(tmp_path / "2027.yaml")
    settled = {f.check: f for f in run_checks(load_spec(spec), WorkCalendar([arrangement]))}
    assert settled["document_period"].severity == "error" and not settled["document_period"].provisional
    assert "获取文件截止日期最早为 2027年2月16日（星期二）" in settled["document_period"].message
    # The February inquiry's deadline, a working day in the provisional year, falls in that 春节.
    inquiry = run_checks(load_spec(specs[("inquiry", "2027-02")]), WorkCalendar([arrangement]))
    assert any(f.check == "deadline_on_rest_day" and "（春节）" in f.message for f in inquiry)


@pytest.mark.parametrize("month", NOTICES)
def test_check_marks_every_provisional_date(specs: dict[tuple[str, str], Path], month: str) -> None:
    runner = CliRunner()
    paths = [str(specs[(method, month)]) for method in METHODS]
    text = runner.invoke(app, ["check", *paths])
    assert text.exit_code == 0, text.output
    assert "未发现问题" not in text.output
    assert text.output.count("国务院办公厅放假安排尚未发布或尚未载入") == len(METHODS)  # once per file
    for method in METHODS:
        spec = load_spec(specs[(method, month)])
        for milestone in spec_milestones(spec, WorkCalendar()):
            assert milestone.provisional
            assert milestone.label in text.output
        day = spec.timeline.bid_deadline
        assert f"时间 {day.year}年{day.month}月{day.day}日" in text.output
    data = json.loads(runner.invoke(app, ["check", *paths, "--format", "json"]).output)
    for file in data["files"]:
        assert file["provisional"] is True
        reminder = next(f for f in file["findings"] if f["check"] == "provisional_calendar")
        assert reminder["provisional"] is True and reminder["field"] == "timeline.bid_deadline"
        assert reminder["line"] is not None


def test_near_holiday_warning_only_close_to_a_holiday(specs: dict[tuple[str, str], Path]) -> None:
    calendar = WorkCalendar()
    near = {key: [f.field for f in run_checks(load_spec(path), calendar) if f.check == "provisional_holiday_nearby"]
            for key, path in specs.items()}
    # From 2027-02-01 the documents' and responses' dates fall right before or after 春节 (02-05..02-10
    # with 补假); from 03-15 the open tender's deadline is near 清明 (04-05); January is clear.
    assert {key: fields for key, fields in near.items() if fields} == {
        ("open_tender", "2027-02"): ["timeline.document_end"],
        ("competitive_negotiation", "2027-02"): ["timeline.document_end", "timeline.bid_deadline"],
        ("competitive_consultation", "2027-02"): ["timeline.document_end", "timeline.bid_deadline"],
        ("inquiry", "2027-02"): ["timeline.document_end", "timeline.bid_deadline"],
        ("single_source", "2027-02"): ["single_source.publicity_end", "timeline.document_end"],
        ("open_tender", "2027-03"): ["timeline.bid_deadline"],
    }


def test_timeline_errors_in_a_provisional_year_are_marked_and_read_once(
        specs: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    text = specs[("competitive_negotiation", "2027-02")].read_text(encoding="utf-8")
    early = tmp_path / "early.yaml"
    early.write_text(re.sub(r"bid_deadline: .*", "bid_deadline: 2027-02-03 09:30", text), encoding="utf-8")
    findings = {f.check: f for f in run_checks(load_spec(early), WorkCalendar())}
    period = findings["response_period"]
    assert period.severity == "error" and period.provisional
    assert period.message == ("从谈判文件发出之日起至供应商提交首次响应文件截止之日止不得少于3个工作日；"
                              "文件自 2027年2月1日 开始发出，截止时间最早为 2027年2月4日（星期四）（暂定）")
    assert "起从" not in period.message


def test_deadline_command_marks_provisional_dates_in_text_and_json(unpublished_2027: None) -> None:
    runner = CliRunner()
    text = runner.invoke(app, ["deadline", "竞争性谈判", "2027-02-03", "--deadline", "2027-02-16"]).output
    assert "首次响应文件提交截止最早日期：2027年2月12日（星期五）（暂定）" in text
    assert "澄清或者修改最迟发出日期：2027年2月11日（星期四）（暂定）" in text
    assert text.count("2027年的国务院办公厅放假安排尚未发布或尚未载入") == 1
    assert "首次响应文件提交截止最早日期 2027年2月12日（星期五）在春节" in text
    data = json.loads(runner.invoke(app, ["deadline", "inquiry", "2026-12-30", "--format", "json"]).output)
    assert data["provisional"] is True and data["provisional_years"] == [2027]
    assert data["earliest_deadline"] == "2027-01-05"
    assert all(m["provisional"] for m in data["milestones"])
    assert "暂定" in data["calendar"]["2027"] and "暂定" not in data["calendar"]["2026"]


def test_templates_see_settled_milestones_only(unpublished_2027: None) -> None:
    calendar = WorkCalendar()
    settled = SettledMilestones(compute(calendar, "inquiry", date(2026, 12, 1), date(2026, 12, 7)))
    assert settled.clarification_latest is not None and settled["earliest_deadline"] is not None
    assert settled.document_period_end is None  # 询价 has none
    assert not settled.provisional
    provisional = SettledMilestones(compute(calendar, "inquiry", date(2027, 1, 5), date(2027, 1, 11)))
    assert provisional.clarification_latest is None and provisional.provisional
    with pytest.raises(AttributeError):
        _ = provisional.clarification_lastest  # a typo in a template still fails
    with pytest.raises(KeyError):
        _ = provisional["clarification_lastest"]


def test_doctor_says_where_each_years_holidays_come_from(unpublished_2027: None, tmp_path: Path) -> None:
    lines = [line for line in diagnose(today=date(2026, 12, 2)).lines if "年节假日" in line]
    assert lines[0].startswith("✓ 2026年节假日：《国务院办公厅关于2026年部分节假日安排的通知》")
    assert lines[1].startswith("! 2027年节假日：国务院办公厅放假安排尚未载入") and "暂定" in lines[1]
    arrangement = write_arrangement_2027(tmp_path / "2027.yaml")
    lines = [line for line in diagnose(today=date(2026, 12, 2), holiday_files=[arrangement]).lines if "年节假日" in line]
    assert lines[1] == f"✓ 2027年节假日：国务院办公厅关于2027年部分节假日安排的通知（测试用）（放假安排文件 {arrangement}）"
    result = CliRunner().invoke(app, ["doctor", "--holidays", str(tmp_path / "missing.yaml")])
    assert "放假安排文件有误" in result.output and "无法读取放假安排文件" in result.output


def test_new_marks_proposed_dates_provisional(unpublished_2027: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calendar = WorkCalendar()
    assert propose(calendar, "inquiry", date(2027, 2, 1)).provisional
    assert not propose(calendar, "inquiry", date(2026, 12, 1)).provisional
    output = io.StringIO()
    from rich.console import Console

    prompter = Prompter(Console(file=output, width=400, highlight=False, soft_wrap=True))
    interview = Interview(prompter, lambda method: example_draft(method, calendar, date(2027, 1, 29)),
                          previous=None, remembered={}, method="inquiry", today=date(2027, 1, 29))
    # 采购意向 date and site; the proposed notice date, document end and deadline; the places; the validity.
    answers = ["2026-12-01", "中国政府采购网江城市分网", "", "", "", "江城市公共资源交易电子服务系统", "第三开标室", ""]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    interview.timeline("inquiry")
    shown = output.getvalue()
    assert "响应文件提交截止最早日期：2027年2月4日（暂定）" in shown
    assert shown.count("以下建议的日期为暂定：2027年的国务院办公厅放假安排尚未发布或尚未载入") == 1
