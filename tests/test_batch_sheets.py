"""procdocs batch on spreadsheets as offices keep them: 合计 rows, √/× answers, Excel's "Unicode 文本"
exports, repeated project numbers, missing columns, and a report that names each reminder once and
only folders that exist."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from batch_rows import (
    HEADERS,
    ITEM_HEADERS,
    base_spec_data,
    delimited_text,
    item_row,
    project_row,
    write_workbook,
    write_yaml,
)

from conftest import EXAMPLE, run_cli
from procdocs.batch.assemble import Batch, BatchInput, ProjectRow, read_batch
from procdocs.batch.runner import BatchOptions, plan, run_jobs
from procdocs.batch.sources import BatchInputError
from procdocs.errors import SpecError
from procdocs.spec.loader import load_spec

ANSWER_HINT = "可写 是/否、√/×、Y/N、1/0"


@pytest.fixture(scope="module")
def base_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_yaml(tmp_path_factory.mktemp("base") / "base.yaml", base_spec_data())


def _read(path: Path, base: Path | None, **kwargs: Any) -> Batch:
    return read_batch(BatchInput(path, base=base, **kwargs))


def _messages(project: ProjectRow) -> list[str]:
    return [str(problem) for problem in project.problems]


def _run(*args: Any) -> subprocess.CompletedProcess[str]:
    return run_cli("batch", *args, env={"COLUMNS": "200"})


# -- rows that are not projects -------------------------------------------------------------------

def _workbook_with_totals(path: Path) -> Path:
    """Two projects, then what offices put under them: a blank row, sums, a remark; the same under the items
    and the lots."""
    write_workbook(path, [project_row("T-1"), project_row("T-2")], [item_row("T-1"), item_row("T-2")])
    workbook = openpyxl.load_workbook(path)
    projects = workbook["项目"]
    projects.append([])  # row 4: blank, skipped silently
    projects.append(["合计", None, None, None, None, None, "=SUM(G2:G3)"])  # row 5: a formula never calculated
    projects.append([None, "合 计", None, None, None, None, 7320000])  # row 6: the label in the second column
    projects.append([None, "备注：以上项目预算已经批复"])  # row 7: a remark, no project number
    items = workbook["标的"]
    items.append(["小计", None, 40])  # row 4
    items.append([None, "备用标的", 1, "台"])  # row 5: no project number
    lots = workbook.create_sheet("采购包")
    lots.append(["项目编号", "包号", "采购包名称", "预算金额"])
    lots.append(["T-1", 1, "公务用车", 3660000])
    lots.append(["总计：", None, None, 3660000])  # row 3
    workbook.save(path)
    return path


SKIPPED = [
    "项目!第5行 「合计」是合计行，不是项目",
    "项目!第6行 「合 计」是合计行，不是项目",
    "项目!第7行 没有填写项目编号，不作为项目处理（如果是项目，请填写项目编号）",
    "采购包!第3行 「总计：」是合计行，不是采购包",
    "标的!第4行 「小计」是合计行，不是标的",
    "标的!第5行 没有填写项目编号，不作为标的处理（如果是标的，请填写项目编号）",
]


def test_total_rows_and_rows_without_a_number_are_skipped_with_a_note(tmp_path: Path, base_spec: Path) -> None:
    batch = _read(_workbook_with_totals(tmp_path / "p.xlsx"), base_spec)
    assert [project.number for project in batch.projects] == ["T-1", "T-2"]
    for project in batch.projects:
        assert project.problems == [], _messages(project)
        assert project.spec is not None and [item.name for item in project.spec.lots[0].items] == ["纯电动轿车"]
    assert [str(note) for note in batch.skipped] == SKIPPED
    assert batch.notices == []


def test_skipped_rows_do_not_fail_the_run_and_are_in_the_report(tmp_path: Path, base_spec: Path) -> None:
    path = _workbook_with_totals(tmp_path / "p.xlsx")
    out = tmp_path / "out"
    result = _run(path, "--base", base_spec, "-o", out, "--validate-only", "--report", out / "report.csv")
    assert result.returncode == 0, result.stderr
    for note in SKIPPED:
        assert f"略过 {note}" in result.stderr
    assert "共 2 个项目：检查通过 2；另略过 6 行" in result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [project["status"] for project in report["projects"]] == ["valid", "valid"]
    assert [f"{row['row']} {row['reason']}" for row in report["skipped_rows"]] == SKIPPED
    lines = (out / "report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[3] == "项目!第5行,,,略过,,,「合计」是合计行，不是项目,"
    assert len(lines) == 1 + 2 + len(SKIPPED)


def test_a_number_from_a_formula_never_calculated_fails_at_its_cell(tmp_path: Path, base_spec: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", [project_row("=\"F-\"&ROW()")], [item_row("F-2")])
    batch = _read(path, base_spec)
    assert batch.skipped == []
    assert _messages(batch.projects[0]) == [
        '项目!A2 项目编号: 公式 ="F-"&ROW() 没有计算结果（请在 Excel 中打开并保存一次，或改填数值）']


def test_only_blank_and_total_rows_is_no_projects(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", [{"项目编号": "合计", "预算金额": 0}], [])
    with pytest.raises(BatchInputError, match="没有填写任何项目"):
        _read(path, None)


# -- yes and no -----------------------------------------------------------------------------------

YES = ["√", "✓", "✔", "是", "Y", "y", "1", "yes", "TRUE", "对", " 是 ", "Ｙ", True, 1]
NO = ["×", "✗", "✘", "否", "N", "n", "0", "No", "false", "无", False, 0]


def test_yes_and_no_cells_in_every_spelling(tmp_path: Path, base_spec: Path) -> None:
    answers = [*YES, *NO, "好", 2]
    rows = [project_row(f"Y-{index}", 接受联合体=answer) for index, answer in enumerate(answers)]
    path = write_workbook(tmp_path / "p.xlsx", rows, [item_row(f"Y-{index}") for index in range(len(answers))],
                          [*HEADERS, "接受联合体"])
    projects = _read(path, base_spec).projects
    for answer, project in zip(answers[:-2], projects, strict=False):
        assert project.problems == [], (answer, _messages(project))
        assert project.spec is not None and project.spec.project.accepts_consortium is (answer in YES), answer
    good_rows = len(answers) - 2
    assert _messages(projects[-2]) == [f"项目!M{good_rows + 2} 接受联合体: 「好」不是“是”或“否”，{ANSWER_HINT}"]
    assert _messages(projects[-1]) == [f"项目!M{good_rows + 3} 接受联合体: 「2」不是“是”或“否”，{ANSWER_HINT}"]


@pytest.mark.parametrize(("written", "expected"), [("√", True), ("×", False), ("yes", True), ("false", False),
                                                   ("是", True), ("'N'", False)])
def test_a_spec_accepts_the_same_answers_and_yaml_booleans(tmp_path: Path, written: str, expected: bool) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("accepts_consortium:"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace(line, line.split(":")[0] + f": {written}"), encoding="utf-8")
    assert load_spec(spec).project.accepts_consortium is expected


def test_a_spec_rejects_other_answers_at_their_line(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    number, line = next((n, line) for n, line in enumerate(text.splitlines(), 1)
                        if line.strip().startswith("accepts_consortium:"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace(line, line.split(":")[0] + ": 好的"), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(spec)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{spec}:{number}:{len(line) - len(line.lstrip()) + 1} project.accepts_consortium: 「好的」不是“是”或“否”，{ANSWER_HINT}"]


# -- Unicode text, GBK and delimiters -------------------------------------------------------------

REQUIREMENTS = "★车辆为全新未上牌车辆\nCLTC工况纯电续驶里程不低于500公里\n▲快充30%至80%不超过30分钟"


def _export(path: Path, text: str, encoding: str) -> Path:
    """What Excel's and WPS's "Unicode 文本" write: UTF-16LE with a BOM ("utf-16"); other tools omit it."""
    path.write_bytes(text.encode("utf-16-le") if encoding == "utf-16-le" else text.encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes()[:2] == b"\xff\xfe"
    return path


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-16", "\t"), ("utf-16-le", "\t"), ("gbk", "\t"),
                                                     ("utf-16", ",")])
def test_unicode_text_exports_keep_multi_line_cells(tmp_path: Path, base_spec: Path, encoding: str,
                                                    delimiter: str) -> None:
    # Commas inside cells of a tab-separated file, a tab nowhere in a comma-separated one.
    rows = [project_row("U-1", 预算金额="3,660,000.00", 接受联合体="×"),
            project_row("U-2", 项目名称="江城市公务用车采购项目（二）,新能源", 接受联合体="√")]
    items = [item_row("U-1", 技术要求=REQUIREMENTS, 简要技术需求="5座,纯电动"), item_row("U-2", 技术要求=REQUIREMENTS)]
    projects = _export(tmp_path / "projects.txt", delimited_text(rows, [*HEADERS, "接受联合体"], delimiter), encoding)
    items_file = _export(tmp_path / "items.txt", delimited_text(items, ITEM_HEADERS, delimiter), encoding)
    batch = _read(projects, base_spec, items=items_file)
    assert batch.notices == [] and batch.skipped == []
    assert [project.number for project in batch.projects] == ["U-1", "U-2"]
    for project in batch.projects:
        assert project.problems == [], _messages(project)
        assert project.spec is not None
        requirements = project.spec.lots[0].items[0].requirements
        assert [(r.level, r.text) for r in requirements] == [
            ("substantive", "车辆为全新未上牌车辆"), ("general", "CLTC工况纯电续驶里程不低于500公里"),
            ("important", "快充30%至80%不超过30分钟")]
    first, second = (project.spec for project in batch.projects)
    assert first is not None and second is not None
    assert first.budget == 3660000 and first.lots[0].items[0].summary == "5座,纯电动"
    assert second.project.name == "江城市公务用车采购项目（二）,新能源"
    assert (first.project.accepts_consortium, second.project.accepts_consortium) == (False, True)
    assert str(batch.projects[1].ref) == "projects.txt!第3行"  # rows as Excel shows them, not lines of text


# -- repeated numbers and missing columns ---------------------------------------------------------

def test_every_row_of_a_repeated_number_fails_for_the_repetition(tmp_path: Path, base_spec: Path) -> None:
    numbers = ["D-1", "D-2", "D-1", "D-3", "D-3"]  # D-3 has no items at all
    path = write_workbook(tmp_path / "p.xlsx", [project_row(n) for n in numbers], [item_row("D-1"), item_row("D-2")])
    batch = _read(path, base_spec)
    repeated = "；每个项目的编号应唯一（用作输出文件夹名）"
    assert [_messages(project) for project in batch.projects] == [
        [f"项目!A2 项目编号: 项目编号「D-1」在 项目!A2、项目!A4 重复{repeated}"],
        [],
        [f"项目!A4 项目编号: 项目编号「D-1」在 项目!A2、项目!A4 重复{repeated}"],
        [f"项目!A5 项目编号: 项目编号「D-3」在 项目!A5、项目!A6 重复{repeated}"],
        [f"项目!A6 项目编号: 项目编号「D-3」在 项目!A5、项目!A6 重复{repeated}"],
    ]
    assert batch.notices == []  # D-1's items belong to a repeated number, not to an unknown one


def test_a_missing_column_is_reported_at_the_sheet_never_at_the_base_spec(tmp_path: Path) -> None:
    data = base_spec_data()
    del data["parties"]["purchaser"]
    base = write_yaml(tmp_path / "base.yaml", data)
    without = write_workbook(tmp_path / "without.xlsx", [project_row("P-1")], [item_row("P-1")])
    assert _messages(_read(without, base).projects[0]) == [
        "项目!第1行 项目 表缺少“采购人”“采购人地址”“采购人联系人”“采购人电话”列，且基础项目文件中也没有 parties.purchaser"]

    empty = write_workbook(tmp_path / "empty.xlsx", [project_row("P-1")], [item_row("P-1")], [*HEADERS, "采购人"])
    assert _messages(_read(empty, base).projects[0]) == [
        "项目!M2 采购人: 未填写「采购人」（必填；可在表中填写，或在基础项目文件 --base 中统一提供 parties.purchaser.name）"]

    no_base = _messages(_read(without, None).projects[0])
    assert "项目!第1行 项目 表缺少“评审方法”列（也可在基础项目文件 --base 中统一提供 evaluation）" in no_base
    assert all(message.startswith("项目!第1行 项目 表缺少") for message in no_base), no_base

    workbook = openpyxl.load_workbook(without)
    workbook["标的"].delete_cols(ITEM_HEADERS.index("单位") + 1)
    lots = workbook.create_sheet("采购包")
    lots.append(["项目编号", "包号", "采购包名称"])
    lots.append(["P-1", 1, "一般公务用车"])
    lots.append(["P-1", 2, "应急保障用车"])
    workbook.save(without)
    assert _messages(_read(without, write_yaml(tmp_path / "full.yaml", base_spec_data())).projects[0]) == [
        "采购包!第1行 采购包 表缺少“预算金额”列",
        "标的!第1行 标的 表缺少“单位”列",
        "采购包!第3行 标的清单: 第2包没有标的：请在“标的”表中填写该项目编号和包号 2 的标的（名称、数量、单位、简要技术需求）",
    ]


def test_a_projects_sheet_without_project_numbers_is_one_clear_error(tmp_path: Path, base_spec: Path) -> None:
    path = write_workbook(tmp_path / "p.xlsx", [project_row("N-1")], [item_row("N-1")], HEADERS[1:])
    with pytest.raises(BatchInputError) as raised:
        _read(path, base_spec)
    assert [str(problem) for problem in raised.value.problems] == [
        "项目!第1行 项目 表缺少“项目编号”列（每行一个项目，项目编号用作输出文件夹名）"]


# -- rendering and the report ---------------------------------------------------------------------

def test_a_unicode_text_workbook_renders_every_valid_row(tmp_path: Path, base_spec: Path) -> None:
    """The issue's case end to end: a 合计 row, √/× answers and a UTF-16 export; exit 0, each reminder once."""
    headers = [*HEADERS, "接受联合体"]
    rows = [project_row("W-1", 截止时间=datetime(2026, 12, 21, 9, 30), 接受联合体="×"),  # no margin: a reminder
            project_row("W-2", 接受联合体="√"), {"项目编号": "合计", "预算金额": 7320000}]
    projects = _export(tmp_path / "projects.txt", delimited_text(rows, headers, "\t"), "utf-16")
    items = _export(tmp_path / "items.txt", delimited_text([item_row("W-1", 技术要求=REQUIREMENTS), item_row("W-2")],
                                                           ITEM_HEADERS, "\t"), "utf-16")
    out = tmp_path / "out"
    result = _run(projects, "--items", items, "--base", base_spec, "-o", out, "--format", "docx", "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "略过 projects.txt!第4行 「合计」是合计行，不是项目" in result.stderr
    assert "1 项提醒（见报告）" in result.stderr

    notice = docx.Document(str(out / "W-1" / "W-1_招标公告.docx"))
    paragraphs = [paragraph.text for paragraph in notice.paragraphs]
    assert "本项目不接受联合体投标。" in paragraphs
    tender = docx.Document(str(out / "W-2" / "W-2_招标公告.docx"))
    assert "本项目接受联合体投标。" in [paragraph.text for paragraph in tender.paragraphs]
    document = docx.Document(str(out / "W-1" / "W-1_招标文件.docx"))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any("快充30%至80%不超过30分钟" in text for text in cells)

    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    first = report["projects"][0]
    assert first["status"] == "written"
    assert len(first["warnings"]) == 1 and first["warnings"][0].startswith("projects.txt!L2 截止时间:")
    assert first["folder"] == str((out / "W-1").resolve())
    assert sorted(first["files"]) == ["W-1.yaml", "W-1_招标公告.docx", "W-1_招标文件.docx"]
    sheet = openpyxl.load_workbook(out / "batch-report.xlsx")["生成结果"]
    assert sheet["H2"].value == first["warnings"][0]  # one reminder, one line


def test_a_failed_project_names_no_folder_that_was_never_created(tmp_path: Path, base_spec: Path) -> None:
    broken = tmp_path / "templates" / "common" / "notice" / "contacts.html.j2"
    broken.parent.mkdir(parents=True)
    broken.write_text("{% if %}", encoding="utf-8")
    path = write_workbook(tmp_path / "p.xlsx", [project_row("F-1")], [item_row("F-1")])
    out = tmp_path / "out"
    options = BatchOptions(out, jobs=1, formats=("docx",), template_dir=broken.parents[2])
    outcomes, jobs = plan(_read(path, base_spec), options)
    assert run_jobs(jobs, outcomes, options)
    (outcome,) = outcomes
    assert outcome.status == "failed" and str(broken) in outcome.problems[0]
    assert not (out / "F-1").exists()
    assert outcome.folder is None and outcome.files == []
    validated, _ = plan(_read(path, base_spec), BatchOptions(out, validate_only=True))
    assert validated[0].status == "valid" and validated[0].folder is None


def test_control_characters_in_a_cell_fail_that_row_and_the_report_shows_them(tmp_path: Path,
                                                                              base_spec: Path) -> None:
    # Spreadsheets cannot store an ESC; the report writes it as its code point instead of crashing.
    rows = [project_row("C-1", 项目名称="江城市\x1b[31m公务用车采购项目"), project_row("C-2")]
    projects = _export(tmp_path / "projects.csv", delimited_text(rows, HEADERS), "utf-8")
    items = _export(tmp_path / "items.csv", delimited_text([item_row("C-1"), item_row("C-2")], ITEM_HEADERS), "utf-8")
    out = tmp_path / "out"
    result = _run(projects, "--items", items, "--base", base_spec, "-o", out, "--validate-only")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    sheet = openpyxl.load_workbook(out / "batch-report.xlsx").active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["江城市<U+001B>[31m公务用车采购项目", "江城市C-2公务用车采购项目"]
