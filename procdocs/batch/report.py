"""The batch report: one row per project (status, files, problems), as .xlsx or .csv, plus JSON.

Rows of the sheets that are not projects (a 合计 row, a remark without a 项目编号) follow the projects,
marked 略过 with the reason, so that every row the officer sees in the workbook is accounted for.

The report is opened in Excel by the same officers who wrote the workbook, and its cells carry
text that came from their cells (project names, messages quoting values). A value starting with
=, +, -, @ (or a tab or carriage return) would be run as a formula by a spreadsheet: such values
are neutralised: in CSV with a leading apostrophe (the usual defence against formula injection),
in .xlsx as string cells with Excel's quotePrefix, which shows the text as typed and keeps it text
even when the cell is edited.

The report and its JSON twin (same name, ``.json``: written although the officer named only the
report) go through the one safe writer: never onto an input of the batch, never through a link or
onto anything but a regular file, and over an existing file only with ``--force`` — unless that
file is an earlier report procdocs wrote (recognised by its header row, its start or its sheet
name), which each run replaces.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from procdocs.batch.runner import STATUS_NAMES, Outcome
from procdocs.errors import OutputError, Problem
from procdocs.escaping import terminal_text
from procdocs.input_limits import input_limit
from procdocs.output import NO_INPUTS, RunInputs, atomic_write, refuse_existing, remove_stale_temporaries

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = ("行", "项目编号", "项目名称", "状态", "输出文件夹", "生成的文件", "问题", "提醒")
SKIPPED_ROW = "略过"  # the status of a row that is not a project (its reason is in the 问题 column)
SUFFIXES = (".xlsx", ".csv")
SHEET_TITLE = "生成结果"
_JSON_START = '{\n  "source": '  # how _json_payload begins


def neutralize(value: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)": shown as typed, never evaluated."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def report_rows(outcomes: Sequence[Outcome], skipped: Sequence[Problem] = ()) -> list[list[str]]:
    """One row per project, then the skipped rows; the text of cells the user wrote may carry control
    or direction characters (which the spec refuses, so the row failed), shown as <U+001B> — openpyxl
    refuses to store them and a spreadsheet would hide them."""
    rows = [[
        outcome.row, outcome.number, outcome.name, STATUS_NAMES[outcome.status], outcome.folder or "",
        "\n".join(outcome.files), "\n".join(outcome.problems), "\n".join(outcome.warnings),
    ] for outcome in outcomes]
    rows.extend([note.cell or "", "", "", SKIPPED_ROW, "", "", note.message, ""] for note in skipped)
    return [[terminal_text(value) for value in row] for row in rows]


def report_paths(path: Path) -> list[Path]:
    """The report (.xlsx or .csv, by its suffix) and its JSON twin; any other suffix is refused,
    rather than writing xlsx bytes into a file called .txt."""
    if path.suffix.lower() not in SUFFIXES:
        raise OutputError(Problem("报告文件应以 .xlsx 或 .csv 结尾（另写同名的 .json 报告）", file=str(path)))
    return [path, path.with_suffix(".json")]


def check_report_targets(path: Path, force: bool, inputs: RunInputs = NO_INPUTS) -> None:
    """Before the batch runs: both report files can be written (see the module's docstring)."""
    targets = report_paths(path)
    refuse_existing(targets, force, inputs=inputs, replaceable=[target for target in targets if is_batch_report(target)])


def write_report(path: Path, outcomes: Sequence[Outcome], notices: Sequence[Problem], source: Path,
                 skipped: Sequence[Problem] = (), *, force: bool = False, inputs: RunInputs = NO_INPUTS) -> list[Path]:
    """Write the report at `path` (.xlsx or .csv) and its JSON twin; returns the files written."""
    path, json_path = report_paths(path)
    remove_stale_temporaries(path.parent, {path.name, json_path.name})  # of a killed run
    rows = report_rows(outcomes, skipped)
    if path.suffix.lower() == ".csv":
        safe_rows = [[neutralize(value) for value in row] for row in rows]
        atomic_write(path, lambda stream: stream.write(_csv_bytes(safe_rows)), force or is_batch_report(path),
                     inputs=inputs)
    else:
        atomic_write(path, lambda stream: _write_xlsx(stream, rows, notices), force or is_batch_report(path),
                     inputs=inputs)
    payload = _json_payload(outcomes, notices, source, skipped)
    atomic_write(json_path, lambda stream: stream.write(payload.encode("utf-8")), force or is_batch_report(json_path),
                 inputs=inputs)
    return [path, json_path]


def is_batch_report(path: Path) -> bool:
    """Whether `path` is a regular file holding a batch report procdocs wrote (so a new run may
    replace it): the CSV header row, the JSON's start, or the xlsx's result sheet."""
    limit = input_limit("outputs.report_probe_bytes").value
    try:
        if not path.is_file() or path.is_symlink():
            return False
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            return _is_report_workbook(path, limit)
        with path.open("rb") as stream:
            head = stream.read(limit).decode("utf-8", errors="replace")
    except OSError:
        return False
    if suffix == ".csv":
        return head.startswith("\ufeff" + ",".join(HEADERS) + "\r\n")
    if suffix == ".json":
        return head.startswith(_JSON_START) and '\n  "counts": {' in head
    return False


def _is_report_workbook(path: Path, limit: int) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > limit:
                return False
            with archive.open(info) as stream:
                workbook = stream.read(limit).decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError):
        return False
    return f'name="{SHEET_TITLE}"' in workbook


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Chinese Excel read it as UTF-8


def _write_xlsx(stream: Any, rows: list[list[str]], notices: Sequence[Problem]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    failed = PatternFill("solid", fgColor="FCE4D6")
    wrapped = Alignment(wrap_text=True, vertical="top")
    # Cells are addressed by their known row number: sheet[sheet.max_row] after each append rescans
    # every cell written so far (openpyxl computes max_row and max_column), quadratic in the rows.
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            _as_text(cell)
            cell.alignment = wrapped
            if row[3] == "失败":
                cell.fill = failed
    for letter, width in zip("ABCDEFGH", (14, 20, 36, 16, 30, 40, 80, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    if notices:
        notes = workbook.create_sheet("输入提示")
        notes.append(("位置", "说明"))
        for number, notice in enumerate(notices, start=2):
            location = notice.cell or notice.file or ""
            text = f"{notice.field}: {notice.message}" if notice.field else notice.message
            for column, value in enumerate((location, text), start=1):
                _as_text(notes.cell(row=number, column=column, value=value))
        notes.column_dimensions["A"].width = 16
        notes.column_dimensions["B"].width = 100
    workbook.save(stream)


def _as_text(cell: Any) -> None:
    """openpyxl stores a str starting with "=" as a formula; make every such cell inert text."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _json_payload(outcomes: Sequence[Outcome], notices: Sequence[Problem], source: Path,
                  skipped: Sequence[Problem]) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return json.dumps({
        "source": str(source),
        "counts": counts,
        "notices": [str(notice) for notice in notices],
        "skipped_rows": [{"row": note.cell, "reason": note.message} for note in skipped],
        "projects": [asdict(outcome) | {"status_name": STATUS_NAMES[outcome.status]} for outcome in outcomes],
    }, ensure_ascii=False, indent=2)
