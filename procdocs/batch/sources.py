"""Reading the sheets of a batch: .xlsx workbooks and .csv files, as tables of cells with references.

A cell keeps where it came from ("项目!C12") so that every message about a value can point at the
cell the officer has to fix. What Excel gives is kept as it is (numbers, dates, text); turning it
into spec values is :mod:`procdocs.batch.cells`' job, because that depends on the column.
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procdocs.errors import Problem, UserError
from procdocs.input_limits import input_limit
from procdocs.inputs import read_input, size_text
from procdocs.textcodec import UndecodableText, decode_text
from procdocs.zipinput import OLE_MAGIC, ZipKind, is_encrypted_ole, open_archive, parse_xml, read_member

HEADER_SEARCH_ROWS = 10  # titles and group headers may sit above the header row
DELIMITERS = ("\t", ",", ";")  # Excel's "Unicode 文本", CSV, and CSV from a European-locale Excel
DELIMITER_SAMPLE_ROWS = 50  # rows read to choose the delimiter
EXPLANATION_MARKERS = ("填写说明", "说明：", "说明:")  # the first cell of the template's explanation row
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!"}


class BatchInputError(UserError):
    """The batch input cannot be read at all (missing file, not a workbook, no projects sheet)."""


@dataclass(frozen=True, slots=True)  # slots: a workbook holds hundreds of thousands of cells
class CellRef:
    """Where a value is: a sheet (or CSV file) name, a column letter and a 1-based row."""

    sheet: str
    row: int
    column: str = ""  # empty: the whole row

    def __str__(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}" if self.column else f"{self.sheet}!第{self.row}行"


@dataclass(frozen=True, slots=True)
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
_XLSX = ZipKind("xlsx", "请用 Excel/WPS 打开后另存为 .xlsx", "sheets.uncompressed_bytes", "sheets.xml_bytes",
                BatchInputError)
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})$")


@dataclass(frozen=True)
class MergedRange:
    """A merged range of a sheet, 1-based and inclusive, as the sheet declares it."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


def read_workbook(path: Path, is_header: Callable[[str], bool]) -> dict[str, Table]:
    """Every non-empty sheet of an .xlsx workbook as a table, by sheet name.

    The file is checked before openpyxl parses anything (:mod:`procdocs.zipinput`: size, zip bomb,
    DTDs, encryption), then read twice in openpyxl's streaming mode — cached values, and formulas
    to tell "empty" from "never calculated" — so that memory follows the cells that hold data.
    Merged ranges are read from the sheets' XML (streaming openpyxl does not give them) and filled
    only where the sheet has data, whatever range they declare.
    """
    data = read_input(path, "sheets.file_bytes", "项目清单", error=BatchInputError)
    display = str(path)
    _refuse_ole(data, display)
    with open_archive(io.BytesIO(data), display, _XLSX) as archive:
        merged = _merged_ranges(archive, display)
    values = _load_workbook(data, display, data_only=True)
    formulas = _load_workbook(data, display, data_only=False)
    try:
        budget = _CellBudget()
        tables = {}
        for sheet in values.worksheets:
            grid = _sheet_grid(sheet, formulas[sheet.title], budget)
            _fill_merged(sheet.title, merged.get(sheet.title, []), grid)
            if any(cell is not None for row in grid for cell in row):
                tables[sheet.title] = _table(sheet.title, grid, is_header)
        return tables
    except UserError:
        raise
    except Exception as exc:  # openpyxl parses lazily in streaming mode: a broken sheet fails here
        raise BatchInputError(Problem(f"无法读取 Excel 工作簿（{_reason(exc)}）；请确认是 .xlsx 文件且未损坏",
                                      file=display)) from None
    finally:
        values.close()
        formulas.close()


def _refuse_ole(data: bytes, display: str) -> None:
    """An encrypted workbook (Excel keeps it in an OLE container) or a legacy .xls renamed .xlsx."""
    if not data.startswith(OLE_MAGIC):
        return
    if is_encrypted_ole(io.BytesIO(data), len(data)):
        raise BatchInputError(Problem("工作簿已加密（设置了打开密码），无法读取；请在 Excel/WPS 中取消密码"
                                      "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx", file=display))
    raise BatchInputError(Problem("这是旧版 Excel 工作簿（.xls 格式），只是扩展名为 .xlsx；请在 Excel 或 WPS 中另存为 .xlsx",
                                  file=display))


def _load_workbook(data: bytes, display: str, data_only: bool) -> Any:
    import openpyxl  # imported here: reading a CSV or rendering one spec should not pay for it

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a malformed part; the zip itself is sound
        raise BatchInputError(Problem(f"无法读取 Excel 工作簿（{_reason(exc)}）；请确认是 .xlsx 文件且未损坏",
                                      file=display)) from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "文件不是有效的 xlsx 压缩包"
    if isinstance(exc, KeyError):  # zipfile: "There is no item named '[Content_Types].xml' in the archive"
        part = re.search(r"'([^']+)'", str(exc.args[0])) if exc.args else None
        return f"缺少 {part[1]}" if part else "缺少必要的部件"
    if isinstance(exc, SyntaxError):  # xml.etree's ParseError
        return "其中的 XML 已损坏"
    if isinstance(exc, OSError):
        return "读取其中的部件时出错"  # strerror is English and names nothing the officer can fix
    return "其内容不符合 xlsx 格式"  # openpyxl's own messages (list index out of range …) say nothing to an officer


class _CellBudget:
    """Rows, columns, cell lengths and the number of cells of a whole input, within their limits."""

    def __init__(self) -> None:
        self.rows = input_limit("sheets.rows")
        self.columns = input_limit("sheets.columns")
        self.cell_chars = input_limit("sheets.cell_chars")
        self.cells = input_limit("sheets.cells")
        self.used = 0

    def row(self, sheet: str, number: int, width: int) -> None:
        if number > self.rows.value:
            raise BatchInputError(Problem(f"表格超过 {self.rows.text}（第 {number:,} 行及以后仍有内容或格式），"
                                          "不像是项目清单；请删除多余的行后另存", cell=str(CellRef(sheet, number))))
        if width > self.columns.value:
            raise BatchInputError(Problem(f"这一行有 {width:,} 列，超过上限 {self.columns.text}，不像是项目清单；"
                                          "请删除多余的列后另存", cell=str(CellRef(sheet, number, column_letter(width - 1)))))
        self.used += width
        if self.used > self.cells.value:
            raise BatchInputError(Problem(f"单元格总数超过上限 {self.cells.text}，不像是项目清单；请拆分后分批处理",
                                          cell=str(CellRef(sheet, number))))

    def text(self, value: str, ref: CellRef) -> None:
        if len(value) > self.cell_chars.value:
            raise BatchInputError(Problem(f"单元格内容过长（{len(value):,} 字，上限 {self.cell_chars.text}），"
                                          "不像是项目数据", cell=str(ref)))


def _sheet_grid(sheet: Any, formula_sheet: Any, budget: _CellBudget) -> Grid:
    # The dimension a sheet declares may lie: rows are read as they come, each as wide as its last cell.
    sheet.reset_dimensions()
    formula_sheet.reset_dimensions()
    grid: Grid = []
    for number, (row, formula_row) in enumerate(zip(sheet.iter_rows(), formula_sheet.iter_rows(), strict=True), start=1):
        budget.row(sheet.title, number, len(row))
        grid.append([_cell(CellRef(sheet.title, number, column_letter(index)), cell, formula, budget)
                     for index, (cell, formula) in enumerate(itertools.zip_longest(row, formula_row))])
    return grid


def _cell(ref: CellRef, cell: Any, formula_cell: Any, budget: _CellBudget) -> Cell | None:
    value = cell.value if cell is not None else None
    is_formula = formula_cell is not None and formula_cell.data_type == "f"
    if value is None:
        if is_formula:
            # Saved by a program that does not calculate (or with calculation off): no cached value.
            # Reading it as empty would silently drop a budget; it is an error on this cell.
            return Cell("", ref, error=f"公式 {formula_cell.value} 没有计算结果（请在 Excel 中打开并保存一次，或改填数值）")
        return None
    if isinstance(value, str):
        budget.text(value, ref)
        if not value.strip():
            return None
        if cell.data_type == "e" or value.strip() in EXCEL_ERRORS:
            return Cell(value, ref, error=f"单元格为 Excel 错误值 {value.strip()}")
    return Cell(value, ref, number_format=cell.number_format or "General")


def _fill_merged(sheet: str, ranges: list[MergedRange], grid: Grid) -> None:
    """A merged range's value (kept by Excel in its top-left cell) applies to every cell it covers —
    within the rows and columns that hold data: a range may declare a whole sheet (A1:XFD1048576)."""
    width = max((len(row) for row in grid), default=0)
    for merged in ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid) or left >= len(grid[top]):
            continue
        source = grid[top][left]
        if source is None:
            continue
        for row_index in range(top, min(merged.max_row, len(grid))):
            row = grid[row_index]
            for column_index in range(left, min(merged.max_col, width)):
                while len(row) <= column_index:
                    row.append(None)
                ref = CellRef(sheet, row_index + 1, column_letter(column_index))
                row[column_index] = Cell(source.value, ref, source.number_format, source.error)


def _merged_ranges(archive: zipfile.ZipFile, display: str) -> dict[str, list[MergedRange]]:
    """Each sheet's merged ranges by sheet name, read from the workbook's parts (streaming)."""
    names = {info.filename for info in archive.infolist()}
    workbook_part = _main_part(archive, names, display)
    base = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
    targets = _targets(archive, rels_part, base, display) if rels_part in names else {}
    workbook = parse_xml(read_member(archive, archive.getinfo(workbook_part), display, _XLSX), workbook_part,
                         display, _XLSX)
    sheets: dict[str, str] = {}  # sheet name -> its part
    for sheet in workbook.iter("{*}sheet"):
        rel_id = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), "")
        if targets.get(rel_id) in names:
            sheets[sheet.get("name") or ""] = targets[rel_id]
    _check_part_sizes(archive, set(sheets.values()), display)
    return {name: _sheet_merged_ranges(archive, part, name, display) for name, part in sheets.items()}


def _check_part_sizes(archive: zipfile.ZipFile, streamed: set[str], display: str) -> None:
    """Parts openpyxl reads whole (shared strings, styles …) within the part limit; worksheets are
    streamed and held to the rows, columns and cells limits instead."""
    limit = input_limit(_XLSX.member_key)
    for info in archive.infolist():
        if info.filename not in streamed and info.file_size > limit.value:
            raise BatchInputError(Problem(f"xlsx 中的 {info.filename} 过大（{size_text(info.file_size)}，上限 "
                                          f"{limit.text}），不像是项目清单，已拒绝读取", file=display))


def _sheet_merged_ranges(archive: zipfile.ZipFile, part: str, sheet: str, display: str) -> list[MergedRange]:
    from lxml import etree

    limit = input_limit("sheets.merged_ranges")
    ranges: list[MergedRange] = []
    try:
        with archive.open(part) as stream:
            # iterparse builds the whole tree unless told otherwise: each row is dropped once parsed.
            for _, element in etree.iterparse(stream, tag=("{*}row", "{*}mergeCell"), resolve_entities=False,
                                              no_network=True, load_dtd=False, huge_tree=False):
                reference = element.get("ref") or ""
                is_row = etree.QName(element).localname == "row"
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
                merged = None if is_row else _merged_range(reference)
                if merged is None:
                    continue
                ranges.append(merged)
                if len(ranges) > limit.value:
                    raise BatchInputError(Problem(f"合并区域过多（超过 {limit.text}），不像是项目清单",
                                                  cell=f"{sheet}!{reference}"))
    except etree.XMLSyntaxError:
        raise BatchInputError(Problem(f"工作表「{sheet}」已损坏（{part} 不是有效的 XML）；{_XLSX.resave}",
                                      file=display)) from None
    return ranges


def _merged_range(reference: str) -> MergedRange | None:
    match = _RANGE.match(reference.strip().upper())
    if match is None:
        return None
    left, top, right, bottom = match.groups()
    return MergedRange(int(top), column_index(left) + 1, int(bottom), column_index(right) + 1)


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26: the inverse of :func:`column_letter`."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _main_part(archive: zipfile.ZipFile, names: set[str], display: str) -> str:
    """The workbook part, from the package relationships (xl/workbook.xml as Excel writes it)."""
    main = None
    if "_rels/.rels" in names:
        root = parse_xml(read_member(archive, archive.getinfo("_rels/.rels"), display, _XLSX), "_rels/.rels",
                         display, _XLSX)
        main = next((_part_name("", rel.get("Target") or "") for rel in root.iter(f"{{{_RELATIONSHIPS}}}Relationship")
                     if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT)), None)
    main = main or "xl/workbook.xml"
    if main not in names:
        raise BatchInputError(Problem(f"工作簿不完整（缺少 {main}），可能已损坏或不是 Excel 工作簿；{_XLSX.resave}",
                                      file=display))
    return main


def _targets(archive: zipfile.ZipFile, rels_part: str, base: str, display: str) -> dict[str, str]:
    """Relationship id -> the part it points to, for one .rels part (external targets left out)."""
    root = parse_xml(read_member(archive, archive.getinfo(rels_part), display, _XLSX), rels_part, display, _XLSX)
    return {rel.get("Id") or "": _part_name(base, rel.get("Target") or "")
            for rel in root.iter(f"{{{_RELATIONSHIPS}}}Relationship") if rel.get("TargetMode") != "External"}


def _part_name(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


# -- CSV -----------------------------------------------------------------------------------------

def read_csv(path: Path, is_header: Callable[[str], bool]) -> Table:
    """A CSV or tab-separated file as one table; encoding and delimiter are detected.

    Encodings: UTF-8 with or without BOM, GB18030/GBK, UTF-16 with or without BOM (Excel's and WPS's
    "Unicode 文本" is UTF-16LE, tab-separated, CRLF). A quoted cell may hold line breaks (one technical
    requirement per line): the csv module reads the decoded text as one stream, so they stay in the cell.
    Rows, columns, cells and cell lengths are held to the same limits as a workbook's.
    """
    raw = read_input(path, "sheets.file_bytes", "项目清单", error=BatchInputError)
    text = decode_csv(raw, str(path))
    delimiter = detect_delimiter(text, is_header)
    name = path.name
    budget = _CellBudget()
    grid: Grid = []
    records = _records(text, delimiter)
    try:
        for row_index, values in enumerate(records, start=1):
            budget.row(name, row_index, len(values))
            cells: list[Cell | None] = []
            for index, value in enumerate(values):
                ref = CellRef(name, row_index, column_letter(index))
                budget.text(value, ref)
                cells.append(Cell(value, ref) if value.strip() else None)
            grid.append(cells)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise BatchInputError(Problem(
                f"有单元格内容过长（超过 {input_limit('sheets.cell_chars').text}），不像是项目数据",
                cell=str(CellRef(name, len(grid) + 1)))) from None
        raise BatchInputError(Problem("此处无法按 CSV 读取（引号未配对）", file=str(path),
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
