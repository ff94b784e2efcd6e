"""The bounded readers in process: what they still accept (anchors, merge keys, dates), and the exact
limits they refuse at. The hostile inputs themselves run as processes in tests/hostile/."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO
from procdocs.batch.assemble import BatchInput, read_batch
from procdocs.batch.columns import ColumnResolver
from procdocs.batch.runner import STAMP_NAME, BatchOptions, plan
from procdocs.batch.sources import BatchInputError, read_workbook
from procdocs.errors import SpecError, UserError
from procdocs.input_limits import all_input_limits
from procdocs.inputs import read_input
from procdocs.spec.loader import load_spec
from procdocs.yaml_input import compose_yaml, construct_yaml, read_yaml


def set_limit(monkeypatch: pytest.MonkeyPatch, key: str, value: int) -> None:
    monkeypatch.setitem(all_input_limits(), key, dataclasses.replace(all_input_limits()[key], value=value))


def load(text: str, dates: bool = True) -> object:
    return construct_yaml(compose_yaml(text, "x.yaml", dates=dates), "x.yaml", dates=dates)


def refusal(text: str) -> str:
    with pytest.raises(UserError) as excinfo:
        load(text)
    [problem] = excinfo.value.problems
    return str(problem)


def test_a_spec_may_still_use_a_few_anchors_and_merge_keys(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "  purchaser:\n" in text
    shared = text.replace("  purchaser:\n", "  purchaser: &purchaser\n", 1)
    path = tmp_path / "anchors.yaml"
    path.write_text(shared + "x-copy: *purchaser\n", encoding="utf-8")
    with pytest.raises(SpecError, match="未知字段「x-copy」"):  # the alias resolves; only the key is unknown
        load_spec(path)
    assert load("base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n") == {
        "base": {"a": 1, "b": 2}, "derived": {"a": 1, "b": 3}}


def test_dates_are_dates_or_text_as_the_reader_asks() -> None:
    assert str(load("d: 2027-02-03\n")) == "{'d': datetime.date(2027, 2, 3)}"
    assert load("d: 2027-02-03\n", dates=False) == {"d": "2027-02-03"}
    assert "x.yaml:1:4" in refusal("d: 2027-02-30\n") and "不是有效的日期" in refusal("d: 2027-02-30\n")
    assert "x.yaml:1:4 「abc」不是有效的整数" in refusal("n: !!int abc\n")  # PyYAML's bare ValueError, placed


def test_the_value_budget_counts_aliases_written_out(monkeypatch: pytest.MonkeyPatch) -> None:
    set_limit(monkeypatch, "spec.nodes", 50)
    assert load("a: &a [1, 2, 3]\nb: [*a, *a]\n") == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    aliased = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a]\n"
    assert "x.yaml:2:4" in refusal(aliased) and "YAML 炸弹" in refusal(aliased)
    plain = "a: [" + ", ".join(["1"] * 60) + "]\n"
    assert "内容过多" in refusal(plain) and "炸弹" not in refusal(plain)


def test_depth_counts_aliases_written_out(monkeypatch: pytest.MonkeyPatch) -> None:
    set_limit(monkeypatch, "spec.depth", 6)
    assert load("a: [[[[1]]]]\n") == {"a": [[[[1]]]]}
    assert "嵌套层数过多" in refusal("a: [[[[[[1]]]]]]\n")
    chained = "a: &a [[1]]\nb: &b [[*a]]\nc: [[*b]]\n"  # two levels per line on the page, six written out
    assert "展开锚点引用" in refusal(chained)


def test_keys_must_be_text_and_long_integers_stay_text() -> None:
    for text in ("null: 1\n", "true: 1\n", "2027: x\n"):
        assert "x.yaml:1:1" in refusal(text) and "应为文字" in refusal(text)
    assert "x.yaml:1:3" in refusal("? {a: 1}\n: x\n")
    assert load('"2027": x\n') == {"2027": "x"}
    assert load("n: " + "9" * 100 + "\n") == {"n": int("9" * 100)}
    assert load("n: " + "9" * 5000 + "\n") == {"n": "9" * 5000}  # never converted: the field refuses it


def test_yaml_files_are_utf8_text(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("a: 1\nb: 中文\n".encode("gbk"))
    with pytest.raises(UserError, match="不是 UTF-8 编码") as excinfo:
        read_yaml(gbk, "放假安排文件")
    assert excinfo.value.problems[0].line == 2
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"a: 1\x00")
    with pytest.raises(UserError, match="不是文本文件"):
        read_yaml(binary, "放假安排文件")


def test_reads_stop_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    set_limit(monkeypatch, "files.text_bytes", 1024)
    with pytest.raises(UserError, match=r"文本文件过大（2 KB，上限 1 KB）"):
        read_input(path, "files.text_bytes", "文本文件")
    set_limit(monkeypatch, "files.text_bytes", 4096)
    assert read_input(path, "files.text_bytes", "文本文件") == b"x" * 2048
    with pytest.raises(UserError, match="这是一个目录"):
        read_input(tmp_path, "files.text_bytes", "文本文件")


def _workbook(tmp_path: Path, rows: list[list[object]], merged: list[str]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "book.xlsx"
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in merged)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", f"</sheetData><mergeCells>{cells}</mergeCells>".encode())
            target.writestr(info.filename, data)
    return path


def test_merged_ranges_fill_only_the_cells_that_hold_data(tmp_path: Path) -> None:
    rows = [["清单"], ["项目编号", "项目名称", "采购人"], ["A-1", "甲", "乙"], [None, "丙", None]]
    path = _workbook(tmp_path, rows, ["A1:XFD1", "A3:A1048576", "C3:XFD3"])
    [table] = read_workbook(path, ColumnResolver().is_known).values()
    assert table.header_row == 2
    assert [sorted(row.cells) for row in table.rows] == [[0, 1, 2], [0, 1]]
    assert [str(cell.ref) for cell in table.rows[1].cells.values()] == ["项目!A4", "项目!B4"]
    assert table.rows[1].cells[0].value == "A-1"


def test_workbook_caps_name_the_sheet_and_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path, [["项目编号", "项目名称"], ["A-1", "x" * 50], ["A-2", "y"]], [])
    set_limit(monkeypatch, "sheets.cell_chars", 40)
    with pytest.raises(BatchInputError, match="单元格内容过长") as excinfo:
        read_workbook(path, ColumnResolver().is_known)
    assert excinfo.value.problems[0].cell == "项目!B2"
    set_limit(monkeypatch, "sheets.cell_chars", 100)
    set_limit(monkeypatch, "sheets.rows", 2)
    with pytest.raises(BatchInputError, match="超过 2 行") as excinfo:
        read_workbook(path, ColumnResolver().is_known)
    assert excinfo.value.problems[0].cell == "项目!第3行"


def test_resume_reads_only_a_regular_stamp(tmp_path: Path) -> None:
    batch_dir = REPO / "specs" / "examples" / "batch"
    batch = read_batch(BatchInput(batch_dir / "projects.csv", batch_dir / "items.csv", base=batch_dir / "base.yaml"))
    options = BatchOptions(tmp_path / "out", resume=True, formats=("docx",))
    _, jobs = plan(batch, options)
    stamp = Path(jobs[0].folder) / STAMP_NAME
    stamp.parent.mkdir(parents=True)
    os.mkfifo(stamp)  # read as a stamp, a FIFO nobody writes to would stall --resume for ever
    outcomes, jobs = plan(batch, options)
    assert len(jobs) == len(outcomes) == 3
