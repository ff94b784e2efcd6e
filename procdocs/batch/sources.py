"""Reading the sheets of a batch: .xlsx workbooks and .csv files, as tables of cells with references.

A cell keeps where it came from ("项目!C12") so that every message about a value can point at the
cell the officer has to fix. What Excel gives is kept as it is (numbers, dates, text); turning it
into spec values is :mod:`procdocs.batch.cells`' job, because that depends on the column.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procdocs.errors import Problem, UserError
from procdocs.textcodec import UndecodableText, decode_text

MAX_INPUT_BYTES = 50 * 1024 * 1024  # a pipeline of projects is kilobytes; refuse anything absurd
HEADER_SEARCH_ROWS = 10  # titles and group headers may sit above the header row
DELIMITERS = ("\t", ",", ";")  # Excel's "Unicode 文本", CSV, and CSV from a European-locale Excel
DELIMITER_SAMPLE_ROWS = 50  # rows read to choose the delimiter
EXPLANATION_MARKERS = ("填写说明", "说明：", "说明:")  # the first cell of the template's explanation row
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!"}


class BatchInputError(UserError):
    """The batch input cannot be read at all (missing file, not a workbook, no projects sheet)."""


@dataclass(frozen=True)
class CellRef:
    """Where a value is: a sheet (or CSV file) name, a column letter and a 1-based row."""

    sheet: str
    row: int
    column: str = ""  # empty: the whole row

    def __str__(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}" if self.column else f"{self.sheet}!第{self.row}行"


@dataclass(frozen=True)
class Cell:
    value: Any  # str, int, float, bool, date, datetime, time; never None (empty cells are left out)
    ref: CellRef
    number_format: str = "General"
    error: str | None = None  # why the value cannot be used (an Excel error, a formula never calculated)


@dataclass
class Row:
    number: int  # 1-based row in the sheet
    cells: dict[int, Cell]  # column index (0-based) -> cell; empty cells are absent

    def ref(self, sheet: str) -> CellRef:
        return CellRef(sheet, self.number)


@dataclass
class Table:
    """One sheet: its header row and its data rows (blank rows and the explanation row left out)."""

    name: str  # sheet name, or CSV file name
    headers: dict[int, str]  # column index -> header text as written
    header_row: int
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # e.g. a column with values but no header


def column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# -- workbooks -----------------------------------------------------------------------------------

Grid = list[list[Cell | None]]  # rows of cells as laid out in the sheet


def read_workbook(path: Path, is_header: Callable[[str], bool]) -> dict[str, Table]:
    """Every non-empty sheet of an .xlsx workbook as a table, by sheet name."""
    import openpyxl  # imported here: reading a CSV or rendering one spec should not pay for it

    _check_size(path)
    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise BatchInputError(Problem(f"无法读取 Excel 工作簿（{_reason(exc)}）；请确认是 .xlsx 文件且未损坏", file=str(path))) \
            from None
    tables = {}
    for sheet in values.worksheets:
        grid = _sheet_grid(sheet, formulas[sheet.title])
        if any(cell is not None for row in grid for cell in row):
            tables[sheet.title] = _table(sheet.title, grid, is_header)
    return tables


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "文件不是有效的 xlsx 压缩包"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


def _sheet_grid(sheet: Any, formula_sheet: Any) -> Grid:
    grid: Grid = []
    for row in sheet.iter_rows():
        cells: list[Cell | None] = []
        for cell in row:
            cells.append(_cell(sheet.title, cell, formula_sheet.cell(cell.row, cell.column)))
        grid.append(cells)
    _fill_merged(sheet, grid)
    return grid


def _cell(sheet_name: str, cell: Any, formula_cell: Any) -> Cell | None:
    ref = CellRef(sheet_name, cell.row, column_letter(cell.column - 1))
    value = cell.value
    is_formula = formula_cell.data_type == "f"
    if value is None:
        if is_formula:
            # Saved by a program that does not calculate (or with calculation off): no cached value.
            # Reading it as empty would silently drop a budget; it is an error on this cell.
            return Cell("", ref, error=f"公式 {formula_cell.value} 没有计算结果（请在 Excel 中打开并保存一次，或改填数值）")
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        if cell.data_type == "e" or value.strip() in EXCEL_ERRORS:
            return Cell(value, ref, error=f"单元格为 Excel 错误值 {value.strip()}")
    return Cell(value, ref, number_format=cell.number_format or "General")


def _fill_merged(sheet: Any, grid: Grid) -> None:
    """A merged range's value (kept by Excel in its top-left cell) applies to every cell it covers."""
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid) or left >= len(grid[top]):
            continue
        source = grid[top][left]
        if source is None:
            continue
        for row_index in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            row = grid[row_index]
            for column_index in range(merged.min_col - 1, merged.max_col):
                while len(row) <= column_index:
                    row.append(None)
                ref = CellRef(sheet.title, row_index + 1, column_letter(column_index))
                row[column_index] = Cell(source.value, ref, source.number_format, source.error)


# -- CSV -----------------------------------------------------------------------------------------

def read_csv(path: Path, is_header: Callable[[str], bool]) -> Table:
    """A CSV or tab-separated file as one table; encoding and delimiter are detected.

    Encodings: UTF-8 with or without BOM, GB18030/GBK, UTF-16 with or without BOM (Excel's and WPS's
    "Unicode 文本" is UTF-16LE, tab-separated, CRLF). A quoted cell may hold line breaks (one technical
    requirement per line): the csv module reads the decoded text as one stream, so they stay in the cell.
    """
    _check_size(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchInputError(Problem(f"无法读取文件：{exc.strerror}", file=str(path))) from None
    text = decode_csv(raw, str(path))
    delimiter = detect_delimiter(text, is_header)
    name = path.name
    grid: Grid = []
    records = _records(text, delimiter)
    try:
        for row_index, values in enumerate(records, start=1):
            grid.append([
                Cell(value, CellRef(name, row_index, column_letter(column_index))) if value.strip() else None
                for column_index, value in enumerate(values)
            ])
    except csv.Error:
        raise BatchInputError(Problem("此处无法按 CSV 读取（引号未配对，或单元格内容过长）", file=str(path),
                                      line=records.line_num)) from None
    return _table(name, grid, is_header)


def _records(text: str, delimiter: str) -> Any:  # a csv reader (line_num says where it is)
    # newline="": the reader sees "\r\n" and "\n" as they are, so a line break inside quotes stays there.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)


def detect_delimiter(text: str, is_header: Callable[[str], bool]) -> str:
    """Tab, comma or semicolon: the one under which the first rows hold the most known headers.

    csv.Sniffer gives up on a quoted cell with line breaks, and counting characters is fooled by
    commas inside cells ("1,200,000" in a tab-separated file). The header row decides instead; a file
    whose headers are all unknown (a mapping file names them) is split where most rows agree on a
    number of columns greater than one.
    """
    def score(delimiter: str) -> tuple[int, int, int]:
        try:
            records = [row for row in itertools.islice(_records(text, delimiter), DELIMITER_SAMPLE_ROWS)
                       if any(value.strip() for value in row)]
        except csv.Error:
            return -1, 0, 0
        known = max((sum(1 for value in row if value.strip() and is_header(value.strip()))
                     for row in records[:HEADER_SEARCH_ROWS]), default=0)
        widths = Counter(len(row) for row in records if len(row) > 1)
        agreeing = widths.most_common(1)[0][1] if widths else 0
        return known, agreeing, max(widths, default=0)

    return max(DELIMITERS, key=score)  # ties go to the first: tab, as Excel's "Unicode 文本" uses


def decode_csv(raw: bytes, display: str) -> str:
    """Chinese Excel saves CSV as GBK (GB18030) or, with "CSV UTF-8", as UTF-8 with a BOM."""
    try:
        return decode_text(raw)
    except UndecodableText as exc:
        reason = "这不是文本格式的 CSV 文件（含二进制内容）；Excel 工作簿请保存为 .xlsx" if exc.binary else exc.reason
        raise BatchInputError(Problem(reason, file=display, line=exc.line)) from None


def _check_size(path: Path) -> None:
    if not path.exists():
        raise BatchInputError(Problem("文件不存在", file=str(path)))
    if not path.is_file():
        raise BatchInputError(Problem("这不是文件", file=str(path)))
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise BatchInputError(Problem(f"文件过大（{size // 1024 // 1024} MB），不像是项目清单", file=str(path)))


# -- from a grid to a table ----------------------------------------------------------------------

def _table(name: str, grid: Grid, is_header: Callable[[str], bool]) -> Table:
    header_index = _header_row(grid, is_header)
    header_cells = grid[header_index] if grid else []
    headers = {index: _header_text(cell.value) for index, cell in enumerate(header_cells) if cell is not None}
    table = Table(name, {index: text for index, text in headers.items() if text}, header_index + 1)
    unnamed: dict[int, Cell] = {}
    for cells in grid[header_index + 1:]:
        present = {index: cell for index, cell in enumerate(cells) if cell is not None}
        if not present or _is_explanation(present):
            continue
        for index, cell in present.items():
            if index not in table.headers:
                unnamed.setdefault(index, cell)
        table.rows.append(Row(cells[next(iter(present))].ref.row,
                              {index: cell for index, cell in present.items() if index in table.headers}))
    for index, cell in sorted(unnamed.items()):
        table.problems.append(Problem(f"第 {column_letter(index)} 列有内容但没有表头，无法确定填入哪个字段", cell=str(cell.ref)))
    return table


def _header_row(grid: Grid, is_header: Callable[[str], bool]) -> int:
    """The row (0-based) among the first rows that has the most recognised headers."""
    best_index, best_score = None, 0
    candidates = [index for index, cells in enumerate(grid) if any(cell is not None for cell in cells)]
    for index in candidates[:HEADER_SEARCH_ROWS]:
        score = len({_header_text(cell.value) for cell in grid[index]
                     if cell is not None and is_header(_header_text(cell.value))})
        if score > best_score:
            best_index, best_score = index, score
    if best_index is not None:
        return best_index
    return candidates[0] if candidates else 0


def _header_text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _is_explanation(cells: dict[int, Cell]) -> bool:
    first = cells[min(cells)].value
    return isinstance(first, str) and first.strip().startswith(EXPLANATION_MARKERS)


def nonempty(values: Iterable[Any]) -> list[Any]:
    return [value for value in values if value not in (None, "")]
