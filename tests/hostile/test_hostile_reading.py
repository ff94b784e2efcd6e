"""Bounded reading: hostile YAML, special files, hostile workbooks and CSV files, broken holiday files.

Every case runs procdocs as a real process under the 1 GB ceiling (hostile_support.run_bounded) and
expects one Chinese message and exit code 2 — or, where the input is legitimate but shaped to exhaust
memory (a merged range over a whole sheet), a normal answer within seconds. Large inputs are
generated here; nothing outside the output folder may change.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile_support import MEMORY_CEILING_MB, REPO, TIME_LIMIT_S, Run, Tree, assert_user_error, run_bounded

EXAMPLES = REPO / "specs" / "examples"
BATCH = EXAMPLES / "batch"
SPEC = EXAMPLES / "inquiry-office-equipment.yaml"
SHEET = "xl/worksheets/sheet1.xml"

# 9 levels of 9 aliases: ~500 bytes that a naive loader expands to 9**9 (387 million) strings.
ALIAS_BOMB = "project:\n  l0: &l0 [" + ", ".join(['"lol"'] * 9) + "]\n" + "".join(
    f"  l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]\n" for level in range(1, 9))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- YAML ----------------------------------------------------------------------------------------

ALIAS_BOMB_RUNS = {
    "check": ("check", "bomb.yaml"),
    "render": ("render", "bomb.yaml", "-o", "out", "--format", "docx"),
    "lint": ("lint", "bomb.yaml"),
    "new --from": ("new", "--from", "bomb.yaml"),
    "batch --base": ("batch", "projects.csv", "--items", "items.csv", "--base", "bomb.yaml", "--validate-only",
                     "-o", "out"),
    "batch --mapping": ("batch", "projects.csv", "--mapping", "bomb.yaml", "--validate-only", "-o", "out"),
    "--holidays": ("check", "spec.yaml", "--holidays", "bomb.yaml"),
    "lint --review": ("lint", "draft.txt", "--review", "bomb.yaml"),
}


@pytest.mark.parametrize("command", list(ALIAS_BOMB_RUNS))
def test_an_alias_bomb_is_refused_by_every_yaml_reader(tmp_path: Path, command: str) -> None:
    _write(tmp_path / "bomb.yaml", ALIAS_BOMB)
    assert len(ALIAS_BOMB.encode()) < 600
    shutil.copy(SPEC, tmp_path / "spec.yaml")
    shutil.copy(BATCH / "projects.csv", tmp_path / "projects.csv")
    shutil.copy(BATCH / "items.csv", tmp_path / "items.csv")
    _write(tmp_path / "draft.txt", "投标人须具有相关资质。\n")
    tree = Tree(tmp_path)
    run = run_bounded(*ALIAS_BOMB_RUNS[command], cwd=tmp_path, stdin="", env={"PROCDOCS_INTERACTIVE": "1"})
    assert_user_error(run, "bomb.yaml:", "YAML 炸弹")
    tree.assert_unchanged("out")


def test_an_alias_bomb_in_the_remembered_profile_is_ignored_with_a_warning(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    _write(config / "profile.yaml", ALIAS_BOMB)
    run = run_bounded("new", "inquiry", "--no-input", "-o", "new.yaml", cwd=tmp_path,
                      env={"PROCDOCS_CONFIG_DIR": str(config)})
    assert run.returncode == 0, run.output
    assert "无法读取上次保存的常用信息" in run.output and "YAML 炸弹" in run.output
    assert (tmp_path / "new.yaml").is_file()


@pytest.mark.parametrize(("text", "expected"), [
    ("project: &a\n  name: [*a]\n", ["spec.yaml:1:", "无限循环"]),  # an alias inside its own anchor
    ("? [a, b]\n: 1\nproject: {}\n", ["spec.yaml:1:", "字段名不能是列表或映射"]),  # an unhashable key
    ("project:\n  1: x\n", ["spec.yaml:2:", "字段名「1」应为文字"]),  # a number where a field name belongs
    ("project:\n  name: " + "[" * 1000 + "]" * 1000 + "\n", ["spec.yaml:2", "嵌套层数过多"]),
    ("project:\n  budget: " + "9" * 4300 + "\n", ["spec.yaml:2:", "project.budget:"]),  # text, refused by its field
    ("project:\n  name: a\x01b\n", ["spec.yaml:2", "控制字符"]),
])
def test_hostile_yaml_structures_are_refused_at_their_line(tmp_path: Path, text: str, expected: list[str]) -> None:
    _write(tmp_path / "spec.yaml", text)
    assert_user_error(run_bounded("check", "spec.yaml", cwd=tmp_path), *expected)


def test_an_oversized_spec_is_refused_before_parsing(tmp_path: Path) -> None:
    _write(tmp_path / "spec.yaml", "project:\n  items:\n" + "    - a\n" * 100_000)
    assert_user_error(run_bounded("check", "spec.yaml", cwd=tmp_path), "项目文件过大", "上限 512 KB")


# -- files that are not regular files ------------------------------------------------------------

def test_a_device_is_not_read_as_a_spec(tmp_path: Path) -> None:
    assert_user_error(run_bounded("check", "/dev/zero", cwd=tmp_path), "/dev/zero", "设备")


def test_a_docx_linked_to_a_device_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "draft.docx").symlink_to("/dev/urandom")
    tree = Tree(tmp_path)
    assert_user_error(run_bounded("lint", "draft.docx", cwd=tmp_path), "draft.docx", "设备")
    tree.assert_unchanged()


def test_a_fifo_nobody_writes_to_does_not_stall(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "spec.yaml")
    assert_user_error(run_bounded("check", "spec.yaml", cwd=tmp_path, timeout=20), "管道")
    assert_user_error(run_bounded("lint", str(tmp_path), cwd=tmp_path, timeout=20), "管道")


def _closed_stdin_and_ceiling() -> None:
    os.close(0)
    ceiling = MEMORY_CEILING_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def test_new_with_stdin_closed_says_so(tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    completed = subprocess.run([sys.executable, "-m", "procdocs", "new"], cwd=tmp_path, capture_output=True,
                               text=True, timeout=TIME_LIMIT_S, preexec_fn=_closed_stdin_and_ceiling, env=environment)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr, completed.stderr
    assert "标准输入已关闭" in completed.stderr
    assert not list(tmp_path.iterdir())


# -- holiday files -------------------------------------------------------------------------------

HOLIDAYS = "year: 2027\nsource: 国务院办公厅通知\nrest:\n  - {name: 春节, from: 2027-02-10, to: 2027-02-16}\n"


def test_an_impossible_holiday_date_is_named_at_its_line(tmp_path: Path) -> None:
    _write(tmp_path / "2027.yaml", HOLIDAYS.replace("2027-02-16", "2027-02-30"))
    run = run_bounded("deadline", "inquiry", "2027-02-01", "--holidays", "2027.yaml", cwd=tmp_path)
    assert_user_error(run, "2027.yaml:4:", "2027-02-30", "不是有效的日期")


def test_a_gbk_holiday_file_is_named_with_its_encoding(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_bytes(HOLIDAYS.encode("gbk"))
    run = run_bounded("deadline", "inquiry", "2027-02-01", "--holidays", "2027.yaml", cwd=tmp_path)
    assert_user_error(run, "2027.yaml:2", "不是 UTF-8 编码")


# -- workbooks -----------------------------------------------------------------------------------

def _csv_rows(name: str) -> list[list[str]]:
    with (BATCH / name).open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    """The bundled batch example (3 projects and their items) as an .xlsx, with a title row on top."""
    import openpyxl

    workbook = openpyxl.Workbook()
    projects = workbook.active
    projects.title = "项目"
    projects.append(["江城市2027年询价项目清单"])
    for row in _csv_rows("projects.csv"):
        projects.append(row)
    items = workbook.create_sheet("标的")
    for row in _csv_rows("items.csv"):
        items.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, path: Path, edit: dict[str, bytes | None] | None = None, bomb_bytes: int = 0) -> Path:
    """A copy of the workbook with parts replaced (bytes) or edited; `bomb_bytes` of blanks in the sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = (edit or {}).get(info.filename) or source.read(info.filename)
            if bomb_bytes and info.filename == SHEET:
                head, tail = content.split(b"<sheetData>", 1)
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    stream.write(head + b"<sheetData>")
                    blanks = b" " * 2**20
                    for _ in range(bomb_bytes // len(blanks)):
                        stream.write(blanks)
                    stream.write(tail)
                continue
            target.writestr(info.filename, content)
    return path


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(SHEET)


def _batch(tmp_path: Path, workbook: Path, *more: str, timeout: float = 60) -> Run:
    return run_bounded("batch", workbook.name, "--base", str(BATCH / "base.yaml"), "--validate-only", "-o", "out",
                       *more, cwd=tmp_path, timeout=timeout)


def test_an_xlsx_zip_bomb_is_refused_before_inflating(tmp_path: Path, workbook_bytes: bytes) -> None:
    path = _rewrite(workbook_bytes, tmp_path / "bomb.xlsx", bomb_bytes=200 * 2**20)
    assert path.stat().st_size < 2 * 2**20
    tree = Tree(tmp_path)
    assert_user_error(_batch(tmp_path, path), "bomb.xlsx", "压缩炸弹")
    tree.assert_unchanged("out")


def test_a_merged_range_over_the_whole_sheet_is_filled_only_where_there_is_data(
        tmp_path: Path, workbook_bytes: bytes) -> None:
    merge = b"</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>"
    sheet = _sheet(workbook_bytes).replace(b"</sheetData>", merge)
    path = _rewrite(workbook_bytes, tmp_path / "merged.xlsx", {SHEET: sheet})
    assert path.stat().st_size < 16 * 1024
    run = _batch(tmp_path, path, timeout=30)
    # Every cell now reads as the title: no project can be made of that, but it is said, not a crash.
    assert "Traceback" not in run.output and run.returncode in (1, 2), run.output[-2000:]


def test_a_title_merged_across_every_column_is_an_ordinary_title(tmp_path: Path, workbook_bytes: bytes) -> None:
    merge = b"</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1\"/></mergeCells>"
    path = _rewrite(workbook_bytes, tmp_path / "title.xlsx", {SHEET: _sheet(workbook_bytes).replace(b"</sheetData>", merge)})
    run = _batch(tmp_path, path, timeout=30)
    assert run.returncode == 0, run.output[-3000:]
    assert "检查通过 3" in run.output


@pytest.mark.parametrize(("name", "expected"), [
    ("doctype", ["<!DOCTYPE"]),
    ("broken", ["不是有效的 XML"]),
    ("encrypted", ["已加密", "取消密码"]),
    ("legacy", [".xls 格式"]),
    ("deflate64", ["不支持的压缩方式", "Deflate64"]),
])
def test_hostile_or_broken_workbooks_get_their_own_message(tmp_path: Path, workbook_bytes: bytes, name: str,
                                                          expected: list[str]) -> None:
    path = tmp_path / f"{name}.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    if name == "doctype":
        sheet = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + _sheet(workbook_bytes)
        _rewrite(workbook_bytes, path, {SHEET: sheet})
    elif name == "broken":
        _rewrite(workbook_bytes, path, {SHEET: _sheet(workbook_bytes)[:2000]})
    elif name == "encrypted":  # what Excel writes for a password: an OLE file with an EncryptionInfo stream
        path.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(2048))
    elif name == "legacy":
        path.write_bytes(ole + "Workbook".encode("utf-16-le") + bytes(2048))
    else:
        path.write_bytes(_with_method(workbook_bytes, 9))
    tree = Tree(tmp_path)
    assert_user_error(_batch(tmp_path, path), f"{name}.xlsx", *expected)
    tree.assert_unchanged("out")


def _with_method(data: bytes, method: int) -> bytes:
    """The zip with every member declaring compression `method` (local headers and central directory)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = patched.find(signature)
        while start >= 0:
            struct.pack_into("<H", patched, start + offset, method)
            start = patched.find(signature, start + 4)
    return bytes(patched)


# -- CSV -----------------------------------------------------------------------------------------

def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


@pytest.mark.parametrize("length", [40_000, 128 * 1024 + 10])
def test_an_overlong_csv_cell_is_named(tmp_path: Path, length: int) -> None:
    header, first, *_ = _csv_rows("projects.csv")
    path = _csv(tmp_path / "projects.csv", [header, [first[0], "x" * length, *first[2:]]])
    assert_user_error(_batch(tmp_path, path), "projects.csv!", "单元格内容过长")


def test_a_csv_of_twenty_thousand_columns_is_refused_at_once(tmp_path: Path) -> None:
    header, first, *_ = _csv_rows("projects.csv")
    path = _csv(tmp_path / "projects.csv", [header + [f"列{n}" for n in range(20_000)], first + ["v"] * 20_000])
    assert_user_error(_batch(tmp_path, path, timeout=20), "projects.csv!", "超过上限 300 列")


def test_a_csv_past_the_row_limit_is_refused(tmp_path: Path) -> None:
    header, *_ = _csv_rows("projects.csv")
    (tmp_path / "projects.csv").write_text(",".join(header) + "\n" + "x\n" * 100_001, encoding="utf-8")
    assert_user_error(_batch(tmp_path, tmp_path / "projects.csv", timeout=20), "projects.csv!第100001行", "行")
