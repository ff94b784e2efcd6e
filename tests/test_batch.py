"""procdocs batch: real workbooks and CSV files made here, read, validated, rendered and reported."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from batch_rows import (
    HEADERS,
    ITEM_HEADERS,
    base_spec_data,
    item_row,
    project_row,
    write_workbook,
    write_yaml,
)

from conftest import REPO, run_cli
from procdocs.batch.assemble import BatchInput, read_batch
from procdocs.batch.columns import Mapping
from procdocs.batch.report import write_report
from procdocs.batch.runner import STAMP_NAME, BatchOptions, plan, run_jobs
from procdocs.batch.sources import BatchInputError


@pytest.fixture(scope="module")
def base_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_yaml(tmp_path_factory.mktemp("base") / "base.yaml", base_spec_data())


def _read(path: Path, base: Path | None, **kwargs: Any) -> Any:
    return read_batch(BatchInput(path, base=base, **kwargs))


def _messages(project: Any) -> list[str]:
    return [str(problem) for problem in project.problems]


# -- reading what Excel gives ---------------------------------------------------------------------

def _cache_formula(path: Path, formula: str, value: str) -> None:
    """Give a formula the cached value Excel stores on save (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = contents[sheet].decode("utf-8")
    assert f"<f>{formula}</f><v></v>" in xml
    contents[sheet] = xml.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>").encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in contents.items():
            target.writestr(name, data)


def test_excel_values_dates_formulas_merged_headers_and_blank_rows(tmp_path: Path, base_spec: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    # A title row and group headers above the real header row; 项目编号 merged over both rows.
    sheet.append(["2026年第四季度采购计划"])
    sheet.append(["项目编号", "基本信息", None, None, None, None, "金额", None, "时间安排"])
    sheet.append([None, "项目名称", "采购方式", "项目属性", "采购品目", "采购标的", "预算金额", "文件售价",
                  "采购意向公开日期", "公告发布日期", "文件获取开始日期", "文件获取截止日期", "截止时间", None, None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:F2")
    sheet.merge_cells("G2:H2")
    sheet.append(["JCZC2026-GK-0501", "江城市公务用车采购项目（一）", "open_tender", "货物", "乘用车", "新能源公务用车",
                  "=3660000", 0, datetime(2026, 10, 16), 46356, "2026/11/30", "2026年12月7日",
                  datetime(2026, 12, 22, 9, 30)])
    sheet.append([])  # a blank row between projects
    sheet.append(["JCZC2026-GK-0502", "江城市公务用车采购项目（二）", "公开招标", "货物", "乘用车", "新能源公务用车",
                  "=G4", 0, "2026-10-16", "2026-11-30", "2026-11-30", "2026-12-07", "2026-12-22 09:30"])
    sheet["N4"].number_format = "0.00"  # a formatted but empty trailing column
    items = workbook.create_sheet("标的")
    items.append(ITEM_HEADERS)
    items.append(list(item_row("JCZC2026-GK-0501").values()))
    items.append(list(item_row("JCZC2026-GK-0502").values()))
    path = tmp_path / "projects.xlsx"
    workbook.save(path)
    _cache_formula(path, "3660000", "3660000")  # G4 was calculated by Excel; G6 ("=G4") never was

    batch = _read(path, base_spec)
    first, second = batch.projects
    assert first.problems == [], _messages(first)
    assert first.ref.row == 4
    spec = first.spec
    assert spec is not None
    assert spec.project.method == "open_tender"
    assert spec.budget == 3660000
    assert str(spec.timeline.notice_date) == "2026-11-30"  # serial number 46356
    assert str(spec.timeline.document_start) == "2026-11-30"
    assert str(spec.timeline.document_end) == "2026-12-07"
    assert spec.timeline.bid_deadline.strftime("%Y-%m-%d %H:%M") == "2026-12-22 09:30"
    assert [item.name for item in spec.lots[0].items] == ["纯电动轿车"]
    assert [r.level for r in spec.lots[0].items[0].requirements] == ["substantive", "general"]
    # A formula without a cached value is an error on its cell, not a budget of zero.
    assert any(message.startswith("项目!G6 预算金额: 公式 =G4 没有计算结果") for message in _messages(second)), \
        _messages(second)
    assert batch.notices == []


def test_values_in_every_form_officers_type(tmp_path: Path, base_spec: Path) -> None:
    headers = [*HEADERS, "履约保证金比例", "小微企业价格扣除比例", "保证金"]
    rows = [
        project_row("A-1", 预算金额="3,660,000.00", 履约保证金比例=0.05, 小微企业价格扣除比例="10%", 保证金="3万元"),
        project_row("A-2", 预算金额="366万元", 履约保证金比例="5%", 小微企业价格扣除比例=0.1, 保证金=30000),
        project_row("A-3", 预算金额="叁佰陆拾陆万元整", 履约保证金比例=5, 小微企业价格扣除比例=10, 保证金="30,000"),
    ]
    path = write_workbook(tmp_path / "p.xlsx", rows, [item_row(f"A-{n}") for n in (1, 2, 3)], headers)
    batch = _read(path, base_spec)
    for project in batch.projects:
        assert project.problems == [], _messages(project)
        assert project.spec is not None
        assert project.spec.budget == 3660000
        assert project.spec.bonds.performance_bond == 5
        assert project.spec.sme_policy.price_deduction == 10
        assert project.spec.bonds.bid_bond == 30000


def test_a_bad_cell_is_reported_at_the_cell_with_the_same_message_as_a_spec(tmp_path: Path, base_spec: Path) -> None:
    rows = [project_row("B-1"), project_row("B-2", 预算金额="一百万"), project_row("B-3", 公告发布日期="2026-02-30"),
            project_row("B-4", 采购方式="招标"), project_row("B-5", 项目名称=None)]
    path = write_workbook(tmp_path / "p.xlsx", rows, [item_row(f"B-{n}") for n in range(1, 6)])
    good, money, day, method, missing = _read(path, base_spec).projects
    assert good.problems == []
    assert _messages(money) == ["项目!G3 预算金额: 「一百万」不是有效的金额，应写成 1200000、\"1,200,000.00\" 或 \"120万元\""]
    assert _messages(day) == ["项目!I4 公告发布日期: 「2026-02-30」不是存在的日期"]
    assert _messages(method)[0].startswith("项目!C5 采购方式: 采购方式应为以下之一")
    assert _messages(missing) == [
        "项目!B6 项目名称: 未填写「项目名称」（必填；可在表中填写，或在基础项目文件 --base 中统一提供 project.name）"]


def test_checks_fail_a_row_and_point_at_its_cell(tmp_path: Path, base_spec: Path) -> None:
    # The deadline 10 days after the notice breaks the 20-day open-tender period.
    path = write_workbook(tmp_path / "p.xlsx", [project_row("C-1", 截止时间=datetime(2026, 12, 10, 9, 30))], [item_row("C-1")])
    project = _read(path, base_spec).projects[0]
    assert project.spec is not None
    assert any(message.startswith("项目!L2 截止时间:") and "2026年12月21日" in message for message in _messages(project)), \
        _messages(project)


def test_values_from_the_base_spec_are_located_in_it(tmp_path: Path, base_spec: Path) -> None:
    base = yaml.safe_load(base_spec.read_text(encoding="utf-8"))
    base["bonds"]["bid_bond"] = "一万"
    broken = tmp_path / "base.yaml"
    broken.write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = write_workbook(tmp_path / "p.xlsx", [project_row("D-1")], [item_row("D-1")])
    line = next(n for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "bid_bond:" in text)
    assert _messages(_read(path, broken).projects[0]) == [
        f"{broken}:{line}:3 bonds.bid_bond: 「一万」不是有效的金额，应写成 1200000、\"1,200,000.00\" 或 \"120万元\""]


def test_items_without_a_project_and_unknown_columns_are_reported(tmp_path: Path, base_spec: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", [project_row("E-1", 备注="急")], [item_row("E-1"), item_row("E-9")], [*HEADERS, "备注"])
    batch = _read(path, base_spec)
    notices = [str(notice) for notice in batch.notices]
    assert notices == ["项目!M1 备注: 该列未对应任何字段（可在列映射文件中指定，或写 忽略），其内容未使用",
                       "标的!A3 项目编号: 标的的项目编号「E-9」在项目表中不存在，该行未使用"]
    assert batch.projects[0].problems == []


def test_mapping_file_renames_scales_and_ignores_columns(tmp_path: Path, base_spec: Path) -> None:
    headers = ["编号", "名称", *HEADERS[2:6], "预算（万元）", *HEADERS[7:], "经办人"]
    row = project_row("F-1", 预算金额=366)
    row |= {"编号": "F-1", "名称": row["项目名称"], "预算（万元）": 366, "经办人": "张三"}
    path = write_workbook(tmp_path / "p.xlsx", [row], [item_row("F-1")], headers)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("编号: 项目编号\n名称: project.name\n经办人: 忽略\n", encoding="utf-8")
    batch = _read(path, base_spec, mapping=Mapping.load(mapping))
    assert batch.notices == []
    project = batch.projects[0]
    assert project.problems == [], _messages(project)
    assert project.spec is not None and project.spec.budget == 3660000
    assert project.spec.project.number == "F-1"


def test_several_lots_from_the_lots_sheet(tmp_path: Path, base_spec: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", [project_row("G-1")],
                     [item_row("G-1") | {"包号": 1}, item_row("G-1", 标的名称="纯电动多用途乘用车") | {"包号": 2}])
    workbook = openpyxl.load_workbook(path)
    items = workbook["标的"]
    items.cell(1, 7, "包号")
    items.cell(2, 7, 1)
    items.cell(3, 7, 2)
    lots = workbook.create_sheet("采购包")
    lots.append(["项目编号", "包号", "采购包名称", "预算金额"])
    lots.append(["G-1", 1, "一般公务用车", "216万元"])
    lots.append(["G-1", 2, "应急保障用车", "150万元"])
    workbook.save(path)
    project = _read(path, base_spec).projects[0]
    assert project.problems == [], _messages(project)
    assert project.spec is not None
    assert [(lot.number, lot.name, [item.name for item in lot.items]) for lot in project.spec.lots] == [
        (1, "一般公务用车", ["纯电动轿车"]), (2, "应急保障用车", ["纯电动多用途乘用车"])]


# -- CSV ------------------------------------------------------------------------------------------

def _write_csv(path: Path, rows: list[dict[str, Any]], headers: list[str], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else (row[h].strftime("%Y-%m-%d %H:%M").removesuffix(" 00:00")
                                                            if isinstance(row[h], datetime) else row[h]) for h in headers])
    return path


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_pair_in_the_encodings_chinese_excel_saves(tmp_path: Path, base_spec: Path, encoding: str) -> None:
    projects = _write_csv(tmp_path / "projects.csv", [project_row("H-1"), project_row("H-2")], HEADERS, encoding)
    items = _write_csv(tmp_path / "items.csv", [item_row("H-1"), item_row("H-2")], ITEM_HEADERS, encoding)
    batch = _read(projects, base_spec, items=items)
    assert [project.number for project in batch.projects] == ["H-1", "H-2"]
    for project in batch.projects:
        assert project.problems == [], _messages(project)
        assert project.spec is not None and project.spec.project.name == f"江城市{project.number}公务用车采购项目"
    assert str(batch.projects[1].ref) == "projects.csv!第3行"


def test_unreadable_inputs_are_one_clear_error(tmp_path: Path) -> None:
    corrupt = tmp_path / "bad.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(BatchInputError, match="不是有效的 zip 压缩包"):
        _read(corrupt, None)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(BatchInputError, match=r"另存为 \.xlsx"):
        _read(old, None)
    empty = write_workbook(tmp_path / "empty.xlsx", [], [])
    with pytest.raises(BatchInputError, match="没有填写任何项目"):
        _read(empty, None)


# -- output folders -------------------------------------------------------------------------------

def test_project_numbers_cannot_escape_the_output_folder(tmp_path: Path, base_spec: Path) -> None:
    numbers = ["../escape", "CON", "a/b", "..", "C:\\x", "nul.txt", "ok", "OK", "a-b"]
    path = write_workbook(tmp_path / "p.xlsx", [project_row(n) for n in numbers], [item_row(n) for n in numbers])
    out = tmp_path / "out"
    outcomes, jobs = plan(_read(path, base_spec), BatchOptions(out))
    folders = [Path(job.folder) for job in jobs]
    for folder in folders:
        assert folder.parent == out.resolve()
        assert folder.name.split(".")[0].upper() not in {"CON", "NUL"}
        assert folder.name not in {".", ".."}
    assert len({folder.name.casefold() for folder in folders}) == len(folders)
    for number in ("ok", "OK"):  # numbers match ignoring case; both rows fail, each for the repetition
        assert "在 项目!A8、项目!A9 重复（编号比较时不区分大小写和空格）" in outcomes[numbers.index(number)].problems[0]
    clash = outcomes[numbers.index("a-b")]
    assert clash.status == "failed" and "输出文件夹「a-b」相同" in clash.problems[0]


# -- rendering, resuming, reporting ---------------------------------------------------------------

def test_bad_rows_never_stop_the_others_and_resume_skips_finished_ones(tmp_path: Path, base_spec: Path) -> None:
    rows = [project_row("R-1"), project_row("R-2", 预算金额="abc"), project_row("R-3")]
    path = write_workbook(tmp_path / "p.xlsx", rows, [item_row(n) for n in ("R-1", "R-2", "R-3")])
    out = tmp_path / "out"
    options = BatchOptions(out, jobs=2, formats=("docx",))
    outcomes, jobs = plan(_read(path, base_spec), options)
    assert run_jobs(jobs, outcomes, options)
    assert [outcome.status for outcome in outcomes] == ["written", "failed", "written"]
    assert sorted(p.name for p in (out / "R-1").iterdir()) == [
        STAMP_NAME, "R-1.yaml", "R-1_招标公告.docx", "R-1_招标文件.docx"]
    assert not (out / "R-2").exists()
    assert outcomes[1].problems[0].startswith("项目!G3 预算金额:")
    # The project's own spec renders on its own.
    rendered = run_cli("check", out / "R-1" / "R-1.yaml")
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr

    # Fix the bad row, change nothing else, and resume: only R-2 is rendered.
    workbook = openpyxl.load_workbook(path)
    workbook["项目"]["G3"] = 3660000
    workbook.save(path)
    before = (out / "R-1" / "R-1_招标公告.docx").stat().st_mtime_ns
    resumed = BatchOptions(out, jobs=2, formats=("docx",), resume=True)
    outcomes, jobs = plan(_read(path, base_spec), resumed)
    assert [job.number for job in jobs] == ["R-2"]
    assert run_jobs(jobs, outcomes, resumed)
    assert [outcome.status for outcome in outcomes] == ["skipped", "written", "skipped"]
    assert (out / "R-1" / "R-1_招标公告.docx").stat().st_mtime_ns == before

    # Without --resume or --force, finished documents are never overwritten.
    outcomes, jobs = plan(_read(path, base_spec), options)
    run_jobs(jobs, outcomes, options)
    assert all(outcome.status == "failed" and "文件已存在" in outcome.problems[0] for outcome in outcomes)
    assert (out / "R-1" / "R-1_招标公告.docx").stat().st_mtime_ns == before


def test_report_cannot_smuggle_formulas_into_a_spreadsheet(tmp_path: Path, base_spec: Path) -> None:
    # CSV holds no formulas, only text; the report must not turn that text into formulas.
    rows = [project_row("=HYPERLINK(\"http://evil\",\"点击\")"), project_row("@SUM(1+1)", 项目名称="+cmd|' /C calc'!A0")]
    path = _write_csv(tmp_path / "p.csv", rows, HEADERS, "utf-8")
    batch = _read(path, base_spec)
    outcomes, _ = plan(batch, BatchOptions(tmp_path / "out", validate_only=True))
    xlsx, json_path = write_report(tmp_path / "report.xlsx", outcomes, batch.notices, path)
    sheet = openpyxl.load_workbook(xlsx)["生成结果"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.quotePrefix
    assert sheet["B2"].value == "=HYPERLINK(\"http://evil\",\"点击\")"  # shown as typed
    csv_path, _ = write_report(tmp_path / "report.csv", outcomes, batch.notices, path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'+cmd" in text
    assert json.loads(json_path.read_text(encoding="utf-8"))["projects"][0]["number"].startswith("=HYPERLINK")


def test_a_thousand_rows_validate(tmp_path: Path, base_spec: Path) -> None:
    # Speed is measured by bench/batch.py and bench/batch_rows.py, not asserted here.
    numbers = [f"K-{n:04d}" for n in range(1000)]
    path = write_workbook(tmp_path / "p.xlsx", [project_row(n) for n in numbers], [item_row(n) for n in numbers])
    batch = _read(path, base_spec)
    outcomes, jobs = plan(batch, BatchOptions(tmp_path / "out", validate_only=True))
    assert [outcome.status for outcome in outcomes] == ["valid"] * 1000
    assert jobs == []


# -- the starting workbook and the command --------------------------------------------------------

def test_template_workbook_has_headers_explanations_and_drop_downs(tmp_path: Path, base_spec: Path) -> None:
    path = tmp_path / "template.xlsx"
    result = run_cli("batch", "--template", path)
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["项目", "标的", "采购包", "说明"]
    projects = workbook["项目"]
    headers = [cell.value for cell in projects[1]]
    assert headers[:3] == ["项目编号*", "项目名称*", "采购方式*"]
    assert projects["A2"].value.startswith("填写说明")
    lists = {str(v.sqref): v.formula1 for v in projects.data_validations.dataValidation if v.type == "list"}
    method_column = openpyxl.utils.get_column_letter(headers.index("采购方式*") + 1)
    assert lists[f"{method_column}3:{method_column}502"] == '"公开招标,竞争性谈判,竞争性磋商,询价,单一来源采购"'
    date_column = openpyxl.utils.get_column_letter(headers.index("公告发布日期*") + 1)
    assert projects[f"{date_column}3"].number_format == "yyyy-mm-dd"
    # Refuses to overwrite.
    again = run_cli("batch", "--template", path)
    assert again.returncode == 2 and "--force" in again.stderr

    # Filled in by an officer (values typed under the explanation row), it reads back.
    row = project_row("T-1")
    for index, header in enumerate(headers, start=1):
        key = header.rstrip("*")
        if key in row:
            projects.cell(3, index, row[key])
    items = workbook["标的"]
    item_headers = [cell.value.rstrip("*") if cell.value else None for cell in items[1]]
    for index, header in enumerate(item_headers, start=1):
        if header in item_row("T-1"):
            items.cell(3, index, item_row("T-1")[header])
    workbook.save(path)
    batch = _read(path, base_spec)
    assert batch.notices == []
    assert [project.number for project in batch.projects] == ["T-1"]
    assert batch.projects[0].problems == [], _messages(batch.projects[0])


def test_command_exit_codes_report_and_progress(tmp_path: Path, base_spec: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", [project_row("X-1"), project_row("X-2", 预算金额="abc")], [item_row("X-1"), item_row("X-2")])
    out = tmp_path / "out"
    result = run_cli("batch", path, "--base", base_spec, "-o", out, "--format", "docx", "-j", "1")
    assert result.returncode == 1, result.stderr
    assert "项目!G3 预算金额:" in result.stderr
    assert "共 2 个项目：已生成 1，失败 1" in result.stderr
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert [p["status"] for p in report["projects"]] == ["written", "failed"]
    assert (out / "batch-report.xlsx").exists()
    missing = run_cli("batch", tmp_path / "none.xlsx")
    assert missing.returncode == 2 and "文件不存在" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a process is POSIX")
def test_ctrl_c_keeps_finished_projects_and_resume_completes_the_rest(tmp_path: Path, base_spec: Path) -> None:
    numbers = [f"S-{n}" for n in range(1, 4)]  # one finishes, one is in flight, one waits
    # (the later projects carry long requirements, so that rendering them outlasts the moment between the first one's
    # stamp and the signal even on a loaded machine)
    long_requirements = "\n".join(f"★第{line}项：性能不低于附件规定的指标" for line in range(1, 201))
    items = [item_row("S-1")] + [item_row(n, 技术要求=long_requirements) for n in numbers[1:]]
    path = write_workbook(tmp_path / "p.xlsx", [project_row(n) for n in numbers], items)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "procdocs", "batch", str(path), "--base", str(base_spec), "-o", str(out), "-j", "1",
               "--format", "docx"]  # the signal's handling is the point, not the formats
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 120
    while not (out / "S-1" / STAMP_NAME).exists():
        assert time.monotonic() < deadline and process.poll() is None, "the first project never finished"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "已中断" in stderr and "Traceback" not in stderr
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    statuses = [project["status"] for project in report["projects"]]
    assert statuses[0] == "written" and "interrupted" in statuses
    finished = [n for n, status in zip(numbers, statuses, strict=True) if status == "written"]
    for number in finished:
        assert sorted(p.suffix for p in (out / number).iterdir() if p.name != STAMP_NAME) == [".docx", ".docx", ".yaml"]
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    statuses = [project["status"] for project in report["projects"]]
    assert statuses == ["skipped" if n in finished else "written" for n in numbers]


def test_bundled_batch_example_renders(tmp_path: Path) -> None:
    example = REPO / "specs" / "examples" / "batch"
    result = run_cli("batch", example / "projects.csv", "--items", example / "items.csv", "--base", example / "base.yaml",
                     "-o", tmp_path, "--format", "docx")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "batch-report.json").read_text(encoding="utf-8"))
    assert report["notices"] == []
    assert {project["status"] for project in report["projects"]} == {"written"}
    assert len(report["projects"]) >= 3
    assert not re.search(r"提醒", result.stderr.split("生成结果")[0])
    shutil.rmtree(tmp_path)
