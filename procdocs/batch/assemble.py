"""From sheets to project specs: one row per project, its lots and items joined by 项目编号.

Each project starts as a copy of the base spec (shared values: purchaser, agency, contacts,
region …), the row's non-empty cells override it, and its lots and items are added. The result is
validated with the same code and messages as a YAML spec, and every problem is located back at
the cell it came from ("项目!C12 预算金额: …"), or at the base spec's line when the value came
from there.
"""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procdocs.batch.cells import CellValueError, cell_value
from procdocs.batch.columns import (
    SHEET_KINDS,
    Column,
    ColumnResolver,
    Mapping,
    SheetKind,
    is_total_label,
    normalize_header,
    parse_path,
)
from procdocs.batch.sources import BatchInputError, CellRef, Row, Table, column_letter, read_csv, read_workbook
from procdocs.checks import run_checks
from procdocs.errors import Problem, SpecError
from procdocs.law.workdays import WorkCalendar
from procdocs.spec.loader import (
    FieldPath,
    SourceMap,
    field_title,
    format_path,
    parse_yaml,
    read_spec_text,
    validate_data,
)
from procdocs.spec.model import ProjectSpec

PROJECT_NUMBER: FieldPath = ("project", "number")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")  # CSV, and the tab-separated "Unicode 文本" Excel and WPS save as .txt


@dataclass
class Location:
    """Where the value at a spec path came from: a cell (with its column's header) or a whole row."""

    ref: CellRef
    header: str | None = None


@dataclass
class ProjectRow:
    """One project of the batch: its data, where each value came from, and what is wrong with it."""

    ref: CellRef  # the project's row on the projects sheet
    data: dict[str, Any]
    locations: dict[FieldPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # errors: the project is not rendered
    warnings: list[str] = field(default_factory=list)  # check warnings: rendered, but worth reading
    spec: ProjectSpec | None = None

    @property
    def number(self) -> str:
        project = self.data.get("project")
        value = project.get("number") if isinstance(project, dict) else None
        return str(value) if value not in (None, "") else ""

    @property
    def name(self) -> str:
        project = self.data.get("project")
        value = project.get("name") if isinstance(project, dict) else None
        return str(value) if value not in (None, "") else ""


@dataclass
class Batch:
    source: Path
    projects: list[ProjectRow]
    notices: list[Problem]  # about the input as a whole: unmapped columns, items of an unknown project
    skipped: list[Problem] = field(default_factory=list)  # rows that are not projects (合计, no 项目编号)


@dataclass
class _Sheet:
    kind: SheetKind
    table: Table
    columns: dict[int, Column]


@dataclass
class BatchInput:
    """The files a batch is read from."""

    source: Path
    items: Path | None = None  # CSV pair: the items file
    lots: Path | None = None  # CSV: the lots file
    base: Path | None = None  # shared values every row overrides
    mapping: Mapping | None = None


def read_batch(inputs: BatchInput, calendar: WorkCalendar | None = None) -> Batch:
    """Read, assemble and validate every project; problems stay with their project, never raised."""
    resolver = ColumnResolver(inputs.mapping)
    tables = _tables(inputs, resolver)
    notices: list[Problem] = []
    sheets = {kind: _resolve_sheet(kind, table, resolver, notices) for kind, table in tables.items()}
    for table in tables.values():
        notices.extend(table.problems)
    skipped = [note for kind in SHEET_KINDS if kind in sheets for note in _drop_rows_that_are_not_entries(sheets[kind])]
    if not sheets["projects"].table.rows:
        raise BatchInputError(Problem(f"项目表「{sheets['projects'].table.name}」中没有填写任何项目", file=str(inputs.source)))
    base_data, base_map, base_display = _read_base(inputs.base)
    projects = [_project(row, sheets["projects"], base_data) for row in sheets["projects"].table.rows]
    repeated = _mark_duplicates(projects)
    by_number = {normalize_header(project.number): project for project in projects
                 if project.number and normalize_header(project.number) not in repeated}
    if "lots" in sheets:
        _attach_lots(sheets["lots"], by_number, repeated, notices)
    if "items" in sheets:
        _attach_items(sheets["items"], by_number, repeated, notices)
    calendar = calendar or WorkCalendar()
    locator = _Locator(sheets, resolver, base_map, base_display)
    for project in projects:
        _validate(project, locator, calendar)
        project.problems = _one_per_cell(project.problems)
    return Batch(inputs.source, projects, notices, skipped)


# -- reading the sheets --------------------------------------------------------------------------

def _tables(inputs: BatchInput, resolver: ColumnResolver) -> dict[SheetKind, Table]:
    suffix = inputs.source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        workbook = read_workbook(inputs.source, resolver.is_known)
        tables = _workbook_sheets(workbook, resolver, str(inputs.source))
    elif suffix in TEXT_SUFFIXES:
        tables = {"projects": read_csv(inputs.source, resolver.is_known)}
    elif suffix == ".xls":
        raise BatchInputError(Problem("不支持旧版 .xls 格式，请在 Excel 或 WPS 中另存为 .xlsx", file=str(inputs.source)))
    else:
        raise BatchInputError(Problem("项目清单应为 .xlsx 工作簿，或 .csv、.txt（Unicode 文本）文件", file=str(inputs.source)))
    for kind, path in (("items", inputs.items), ("lots", inputs.lots)):
        if path is not None:
            if path.suffix.lower() not in TEXT_SUFFIXES:
                raise BatchInputError(Problem("标的清单和采购包清单应为 .csv 或 .txt（Unicode 文本）文件", file=str(path)))
            tables[kind] = read_csv(path, resolver.is_known)  # type: ignore[index]
    return tables


def _workbook_sheets(workbook: dict[str, Table], resolver: ColumnResolver, display: str) -> dict[SheetKind, Table]:
    names = {kind: {normalize_header(name) for name in resolver.book.sheets[kind].names}
             for kind in ("projects", "lots", "items")}
    found: dict[SheetKind, Table] = {}
    for title, table in workbook.items():
        for kind in ("projects", "lots", "items"):
            if normalize_header(title) in names[kind] and kind not in found:
                found[kind] = table  # type: ignore[index]
    if "projects" not in found:
        # No sheet named 项目: the first sheet that is not the lots or items sheet holds the projects.
        others = [table for title, table in workbook.items() if table not in found.values()]
        if not others:
            raise BatchInputError(Problem("工作簿中没有项目表（工作表名为“项目”，或第一张工作表）", file=display))
        found["projects"] = others[0]
    return found


def _resolve_sheet(kind: SheetKind, table: Table, resolver: ColumnResolver, notices: list[Problem]) -> _Sheet:
    columns: dict[int, Column] = {}
    seen: dict[FieldPath | str, str] = {}
    for index, header in table.headers.items():
        ref = CellRef(table.name, table.header_row, column_letter(index))
        resolved = resolver.resolve(kind, header)
        if resolved is None:
            continue
        if isinstance(resolved, str):
            notices.append(Problem(f"该列{resolved}，其内容未使用", cell=str(ref), field=header))
            continue
        key: FieldPath | str = resolved.path if resolved.role == "field" else resolved.role
        if key in seen:
            notices.append(Problem(f"与「{seen[key]}」列填写同一字段，该列未使用", cell=str(ref), field=header))
            continue
        seen[key] = header
        columns[index] = resolved
    return _Sheet(kind, table, columns)


def _key_column(sheet: _Sheet) -> int | None:
    """The 项目编号 column: the project number on the projects sheet, the join column elsewhere."""
    for index, column in sheet.columns.items():
        if column.role == "join" or (sheet.kind == "projects" and column.path == PROJECT_NUMBER):
            return index
    return None


def _drop_rows_that_are_not_entries(sheet: _Sheet) -> list[Problem]:
    """Remove sum rows (合计, 小计, 总计) and rows without a 项目编号 from the sheet; a note for each.

    Offices total the budgets under the last project and write remarks below the table; neither is
    a project (or a lot, or an item) and neither should fail the batch.
    """
    table = sheet.table
    key_index = _key_column(sheet)
    if key_index is None:
        if sheet.kind == "projects":
            raise BatchInputError(Problem(f"{_sheet_label(table)}缺少“项目编号”列（每行一个项目，项目编号用作输出文件夹名）",
                                          cell=str(CellRef(table.name, table.header_row))))
        return []  # a lots or items sheet without 项目编号: its rows are reported as not belonging to a project
    what = {"projects": "项目", "lots": "采购包", "items": "标的"}[sheet.kind]
    kept, notes = [], []
    for row in table.rows:
        key_cell = row.cells.get(key_index)
        key_text = _cell_text(key_cell.value) if key_cell is not None else ""
        first = row.cells[min(row.cells)] if row.cells else None
        first_text = _cell_text(first.value) if first is not None and isinstance(first.value, str) else ""
        label = next((text for text in (key_text, first_text) if text and is_total_label(text)), None)
        if label is not None:
            notes.append(Problem(f"「{label}」是合计行，不是{what}", cell=str(row.ref(table.name))))
        elif not key_text and (key_cell is None or key_cell.error is None):  # a broken formula fails at its cell
            notes.append(Problem(f"没有填写项目编号，不作为{what}处理（如果是{what}，请填写项目编号）",
                                 cell=str(row.ref(table.name))))
        else:
            kept.append(row)
    table.rows = kept
    return notes


def _sheet_label(table: Table) -> str:
    """'项目 表' for a workbook sheet, 'projects.csv ' for a CSV file: how messages name a table."""
    return f"{table.name} " if "." in table.name else f"{table.name} 表"


def _read_base(path: Path | None) -> tuple[dict[str, Any], SourceMap | None, str | None]:
    if path is None:
        return {}, None, None
    display = str(path)
    try:
        data, source_map = parse_yaml(read_spec_text(path, display), display)
    except SpecError as exc:
        raise BatchInputError(exc.problems) from None
    _check_base_shape(data, source_map, display)
    return data, source_map, display


def _check_base_shape(data: dict[str, Any], source_map: SourceMap, display: str) -> None:
    """The parts of the base spec that rows are merged into must have their shape: the project a
    mapping, the lots a list of mappings, each lot's items a list of mappings. Anything else would
    fail while merging, before the spec's own validation could say where."""
    wrong: list[tuple[FieldPath, str]] = []
    if not isinstance(data.get("project", {}), dict):
        wrong.append((("project",), "应为映射（下一级字段）"))
    lots = data.get("lots", [])
    if not isinstance(lots, list):
        wrong.append((("lots",), "应为列表（每项以“- ”开头）"))
    else:
        for index, lot in enumerate(lots):
            if not isinstance(lot, dict):
                wrong.append((("lots", index), "应为映射（下一级字段）"))
            elif not isinstance(lot.get("items", []), list) or not all(isinstance(item, dict) for item in lot["items"] or []):
                wrong.append((("lots", index, "items"), "应为列表，每项为映射（下一级字段）"))
    problems = []
    for field_path, message in wrong:
        position = source_map.locate(field_path)
        problems.append(Problem(f"{field_title(field_path) or ''}{message}", file=display, field=format_path(field_path),
                                line=position.line if position else None, column=position.column if position else None))
    if problems:
        raise BatchInputError(problems)


# -- assembling one project ----------------------------------------------------------------------

def _project(row: Row, sheet: _Sheet, base: dict[str, Any]) -> ProjectRow:
    project = ProjectRow(row.ref(sheet.table.name), copy.deepcopy(base))
    project.locations[()] = Location(project.ref)
    _fill(project, row, sheet, ())
    return project


def _fill(project: ProjectRow, row: Row, sheet: _Sheet, prefix: FieldPath, target: dict[str, Any] | None = None) -> None:
    """Write a row's cells at their paths (under `prefix`) and remember where each came from."""
    destination = project.data if target is None else target
    for index, column in sheet.columns.items():
        if column.role != "field":
            continue
        ref = CellRef(sheet.table.name, row.number, column_letter(index))
        project.locations[(*prefix, *column.path)] = Location(ref, column.header)
        cell = row.cells.get(index)
        if cell is None:
            continue
        try:
            value = cell_value(cell, column)
        except CellValueError as exc:
            project.problems.append(Problem(str(exc), cell=str(ref), field=column.header))
            continue
        _set_path(destination, column.path, value)


def _set_path(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    """data['lots'][0]['name'] = value for ('lots', 0, 'name'), creating lists and mappings on the way."""
    node: Any = data
    for part, following in itertools.pairwise(path):
        container: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if not isinstance(node[part], type(container)):
                node[part] = container
        elif not isinstance(node.get(part), type(container)):
            node[part] = container
        node = node[part]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _mark_duplicates(projects: list[ProjectRow]) -> set[str]:
    """Every row of a repeated project number fails with the repetition as its reason; returns the
    repeated numbers (normalised), whose lots and items then belong to none of them."""
    groups: dict[str, list[ProjectRow]] = defaultdict(list)
    for project in projects:
        if project.number:
            groups[normalize_header(project.number)].append(project)
    repeated = {key for key, group in groups.items() if len(group) > 1}
    for key in repeated:
        group = groups[key]
        cells = "、".join(str(_number_ref(project)) for project in group)
        spelled = "（编号比较时不区分大小写和空格）" if len({project.number for project in group}) > 1 else ""
        for project in group:
            project.problems.append(Problem(
                f"项目编号「{project.number}」在 {cells} 重复{spelled}；每个项目的编号应唯一（用作输出文件夹名）",
                cell=str(_number_ref(project)), field="项目编号"))
    return repeated


def _number_ref(project: ProjectRow) -> CellRef:
    return project.locations.get(PROJECT_NUMBER, Location(project.ref)).ref


def _join_key(row: Row, sheet: _Sheet) -> tuple[str, str, CellRef]:
    """The project number a lot or item row belongs to: (key to match, text as written, its cell)."""
    for index, column in sheet.columns.items():
        if column.role == "join" and index in row.cells:
            cell = row.cells[index]
            text = _cell_text(cell.value)
            return normalize_header(text), text, cell.ref
    return "", "", row.ref(sheet.table.name)


def _cell_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()


def _attach_lots(sheet: _Sheet, projects: dict[str, ProjectRow], repeated: set[str], notices: list[Problem]) -> None:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in sheet.table.rows:
        key, written, ref = _join_key(row, sheet)
        if key in repeated:
            continue  # the projects of a repeated number already fail for it
        if key not in projects:
            notices.append(_orphan(written, ref, "采购包"))
            continue
        grouped[key].append(row)
    for key, rows in grouped.items():
        project = projects[key]
        project.data["lots"] = []  # the workbook's lots replace any in the base spec
        for index, row in enumerate(rows):
            lot: dict[str, Any] = {}
            project.data["lots"].append(lot)
            project.locations[("lots", index)] = Location(row.ref(sheet.table.name))
            _fill(project, row, sheet, ("lots", index), lot)


def _attach_items(sheet: _Sheet, projects: dict[str, ProjectRow], repeated: set[str], notices: list[Problem]) -> None:
    touched: set[str] = set()
    for row in sheet.table.rows:
        key, written, ref = _join_key(row, sheet)
        if key in repeated:
            continue  # the projects of a repeated number already fail for it
        if key not in projects:
            notices.append(_orphan(written, ref, "标的"))
            continue
        project = projects[key]
        if key not in touched and not any(path[:1] == ("lots",) for path in project.locations):
            project.data.pop("lots", None)  # items in the workbook replace the base spec's lots
        touched.add(key)
        lot_index = _lot_for_item(project, row, sheet)
        if lot_index is None:
            continue
        items = project.data["lots"][lot_index].setdefault("items", [])
        item: dict[str, Any] = {}
        items.append(item)
        prefix = ("lots", lot_index, "items", len(items) - 1)
        project.locations[prefix] = Location(row.ref(sheet.table.name))
        _fill(project, row, sheet, prefix, item)


def _lot_for_item(project: ProjectRow, row: Row, sheet: _Sheet) -> int | None:
    """The index of the lot an item row belongs to (by 包号; one lot made from the project if none)."""
    number, ref = 1, None
    for index, column in sheet.columns.items():
        if column.role == "lot" and index in row.cells:
            cell = row.cells[index]
            ref = cell.ref
            try:
                number = int(float(_cell_text(cell.value)))
            except ValueError:
                project.problems.append(Problem("包号应为整数，如 1", cell=str(cell.ref), field=column.header))
                return None
    lots = project.data.get("lots")
    if not lots:
        lots = project.data["lots"] = [{}]
    if "number" not in lots[0] and len(lots) == 1:
        _complete_default_lot(project, lots[0])
    for index, lot in enumerate(lots):
        if _as_int(lot.get("number")) == number:
            return index
    place = str(ref or row.ref(sheet.table.name))
    available = "、".join(str(lot.get("number")) for lot in lots)
    project.problems.append(Problem(f"包号 {number} 在该项目的采购包中不存在（现有：{available}）", cell=place, field="包号"))
    return None


def _complete_default_lot(project: ProjectRow, lot: dict[str, Any]) -> None:
    """Without a lots sheet a project is one lot, numbered 1 and named and budgeted as the project
    (columns such as 核心产品 may already have put some of its fields there)."""
    project_data = project.data.get("project", {})
    lot.setdefault("number", 1)
    for field_name in ("name", "budget"):
        if field_name in lot:
            continue
        if project_data.get(field_name) is not None:
            lot[field_name] = project_data[field_name]
        if ("project", field_name) in project.locations:  # also when empty: its error is the project's
            project.locations[("lots", 0, field_name)] = project.locations[("project", field_name)]
    project.locations.setdefault(("lots", 0), Location(project.ref))


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _orphan(number: str, ref: CellRef, what: str) -> Problem:
    if not number:
        return Problem(f"该行{what}没有填写项目编号，无法对应到项目", cell=str(ref), field="项目编号")
    return Problem(f"{what}的项目编号「{number}」在项目表中不存在，该行未使用", cell=str(ref), field="项目编号")


# -- validating ----------------------------------------------------------------------------------

def _validate(project: ProjectRow, locator: _Locator, calendar: WorkCalendar) -> None:
    if project.problems:
        return  # cells that could not be read: their values are missing, validation would only echo that
    spec, problems = validate_data(project.data)
    for problem in problems:
        if problem.at_parent:
            project.problems.append(locator.missing(project, problem.path))
        else:
            project.problems.append(locator.value(project, problem.path, problem.message))
    if spec is None:
        return
    project.spec = spec
    for finding in run_checks(spec, calendar):
        located = locator.value(project, _parse_dotted(finding.field), f"{finding.message}（依据：{finding.basis}）")
        if finding.severity == "error":
            project.problems.append(located)
        else:
            project.warnings.append(str(located))


def _one_per_cell(problems: list[Problem]) -> list[Problem]:
    """One cell can be behind several fields (a one-lot project's budget is also its lot's): the
    first message about a cell is the one about the field the officer typed; the rest only echo it."""
    seen: set[str] = set()
    kept = []
    for problem in dict.fromkeys(problems):  # a column missing for two lots is one problem
        if problem.cell and problem.field and problem.cell in seen:
            continue
        seen.add(problem.cell or "")
        kept.append(problem)
    return kept


def _parse_dotted(dotted: str | None) -> FieldPath:
    if not dotted:
        return ()
    parts: list[str | int] = []
    for name in dotted.split("."):
        base, *indexes = name.replace("]", "").split("[")
        if base:
            parts.append(base)
        parts.extend(int(index) for index in indexes if index.isdigit())
    return tuple(parts)


# -- locating problems ---------------------------------------------------------------------------

class _Locator:
    """Where a problem at a spec path is reported, always somewhere the officer wrote.

    A value: at the cell it came from, else at the base spec's line that holds it, else at its row.
    A required value nobody gave: at its empty cell; or, when the sheet has no column for it, at the
    sheet's header row, naming the column it lacks (never at a line of the base spec, which cannot
    show what is not there).
    """

    def __init__(self, sheets: dict[SheetKind, _Sheet], resolver: ColumnResolver, base_map: SourceMap | None,
                 base_display: str | None) -> None:
        self.sheets = sheets
        self.book = resolver.book
        self.base_map = base_map
        self.base_display = base_display

    def value(self, project: ProjectRow, path: FieldPath, message: str) -> Problem:
        # Lots from the workbook replace the base spec's lots, so the base's lines say nothing about them.
        use_base = self.base_map is not None and not (path[:1] == ("lots",) and ("lots", 0) in project.locations)
        for length in range(len(path), -1, -1):
            prefix = path[:length]
            location = project.locations.get(prefix)
            if location is not None and location.header is not None:
                return Problem(message, cell=str(location.ref), field=location.header)
            position = None
            if use_base and length and self.base_map is not None:
                position = self.base_map.keys.get(prefix) or self.base_map.values.get(prefix)
            if position is not None:
                return Problem(message, file=self.base_display, line=position.line, column=position.column,
                               field=format_path(path))
            if location is not None:
                return Problem(message, cell=str(location.ref), field=field_title(path) if path else None)
        return Problem(message, cell=str(project.ref))

    def missing(self, project: ProjectRow, path: FieldPath) -> Problem:
        title = field_title(path) or format_path(path)
        if path[-1:] in (("lots",), ("items",)):
            return Problem(_no_items_message(project, path), cell=str(self._row(project, path)), field=title)
        sheet, relative = self._sheet_for(project, path)
        from_base = sheet.kind == "projects"  # the base spec cannot give lots or items: the workbook's replace them
        labels = self._labels(sheet.kind, relative)
        # Its own empty cell, or the empty cell of a field under it (采购人 for a missing parties.purchaser),
        # a required one first (公告发布日期 rather than 采购意向公开日期 for a missing timeline).
        cells = [(key, location) for key, location in project.locations.items()
                 if key[:len(path)] == path and location.header is not None]
        cells.sort(key=lambda found: found[1].header not in labels)
        if cells:
            key, location = cells[0]
            assert location.header is not None
            return Problem(_unfilled_message(location.header, key, from_base), cell=str(location.ref),
                           field=location.header)
        if not labels:
            advice = f"请在基础项目文件 --base 中提供 {format_path(path)}" if from_base else "必填"
            return Problem(f"未填写「{title}」（{advice}）", cell=str(self._row(project, path)), field=title)
        lacking = f"{_sheet_label(sheet.table)}缺少{''.join(f'“{label}”' for label in labels)}列"
        if from_base:
            lacking += (f"，且基础项目文件中也没有 {format_path(path)}" if self.base_map is not None
                        else f"（也可在基础项目文件 --base 中统一提供 {format_path(path)}）")
        return Problem(lacking, cell=str(CellRef(sheet.table.name, sheet.table.header_row)))

    def _sheet_for(self, project: ProjectRow, path: FieldPath) -> tuple[_Sheet, FieldPath]:
        """The sheet whose columns would give `path`, and the path relative to that sheet's rows."""
        if path[:1] == ("lots",) and len(path) > 4 and path[2] == "items" and "items" in self.sheets:
            return self.sheets["items"], path[4:]
        if path[:1] == ("lots",) and len(path) > 2 and "lots" in self.sheets:
            lot = project.locations.get(path[:2])
            if lot is not None and lot.ref.sheet == self.sheets["lots"].table.name:
                return self.sheets["lots"], path[2:]
        return self.sheets["projects"], path

    def _labels(self, kind: SheetKind, relative: FieldPath) -> list[str]:
        """The headers of the column book that give `relative` or a field under it (the required ones)."""
        under = [column for column in self.book.columns(kind)
                 if column.path is not None and parse_path(column.path)[:len(relative)] == relative]
        required = [column.label for column in under if column.required]
        return required or [column.label for column in under[:1]]

    @staticmethod
    def _row(project: ProjectRow, path: FieldPath) -> CellRef:
        """The row nearest to `path`: an item's row on the items sheet, else the project's row."""
        for length in range(len(path), -1, -1):
            location = project.locations.get(path[:length])
            if location is not None:
                return CellRef(location.ref.sheet, location.ref.row)
        return project.ref


def _unfilled_message(title: str, path: FieldPath, from_base: bool) -> str:
    if from_base:
        return f"未填写「{title}」（必填；可在表中填写，或在基础项目文件 --base 中统一提供 {format_path(path)}）"
    return f"未填写「{title}」（必填）"


def _no_items_message(project: ProjectRow, path: FieldPath) -> str:
    if len(path) > 1:  # a lot of the lots sheet that no item row names
        lots = project.data.get("lots") or []
        lot = lots[path[1]] if isinstance(path[1], int) and path[1] < len(lots) else {}
        number = lot.get("number", "") if isinstance(lot, dict) else ""
        return f"第{number}包没有标的：请在“标的”表中填写该项目编号和包号 {number} 的标的（名称、数量、单位、简要技术需求）"
    return "没有标的：请在“标的”表中填写该项目编号的标的（名称、数量、单位、简要技术需求）"
