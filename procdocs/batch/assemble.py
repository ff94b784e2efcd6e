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
from procdocs.batch.columns import Column, ColumnResolver, Mapping, SheetKind, normalize_header
from procdocs.batch.sources import BatchInputError, CellRef, Row, Table, column_letter, read_csv, read_workbook
from procdocs.checks import run_checks
from procdocs.errors import Problem, SpecError
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
from procdocs.workdays import WorkCalendar

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
    notices: list[Problem]  # about the input as a whole: unmapped columns, items without a project


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
    if not sheets["projects"].table.rows:
        raise BatchInputError(Problem(f"项目表「{sheets['projects'].table.name}」中没有填写任何项目", file=str(inputs.source)))
    base_data, base_map, base_display = _read_base(inputs.base)
    projects = [_project(row, sheets["projects"], base_data) for row in sheets["projects"].table.rows]
    _mark_duplicates(projects)
    by_number = {normalize_header(project.number): project for project in projects if project.number}
    if "lots" in sheets:
        _attach_lots(sheets["lots"], by_number, notices)
    if "items" in sheets:
        _attach_items(sheets["items"], by_number, notices)
    calendar = calendar or WorkCalendar()
    for project in projects:
        _validate(project, base_map, base_display, calendar)
        project.problems = _one_per_cell(project.problems)
    return Batch(inputs.source, projects, notices)


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


def _read_base(path: Path | None) -> tuple[dict[str, Any], SourceMap | None, str | None]:
    if path is None:
        return {}, None, None
    display = str(path)
    try:
        data, source_map = parse_yaml(read_spec_text(path, display), display)
    except SpecError as exc:
        raise BatchInputError(exc.problems) from None
    return data, source_map, display


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


def _mark_duplicates(projects: list[ProjectRow]) -> None:
    first: dict[str, ProjectRow] = {}
    for project in projects:
        key = normalize_header(project.number)
        if not key:
            continue
        if key in first:
            project.problems.append(Problem(
                f"项目编号「{project.number}」与{first[key].ref}重复；每个项目的编号应唯一（用作输出文件夹名）",
                cell=str(project.locations.get(("project", "number"), Location(project.ref)).ref), field="项目编号"))
        else:
            first[key] = project


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


def _attach_lots(sheet: _Sheet, projects: dict[str, ProjectRow], notices: list[Problem]) -> None:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in sheet.table.rows:
        key, written, ref = _join_key(row, sheet)
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


def _attach_items(sheet: _Sheet, projects: dict[str, ProjectRow], notices: list[Problem]) -> None:
    touched: set[str] = set()
    for row in sheet.table.rows:
        key, written, ref = _join_key(row, sheet)
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

def _validate(project: ProjectRow, base_map: SourceMap | None, base_display: str | None,
              calendar: WorkCalendar) -> None:
    if project.problems:
        return  # cells that could not be read: their values are missing, validation would only echo that
    spec, problems = validate_data(project.data)
    for problem in problems:
        project.problems.append(_locate(project, problem.path, _batch_message(problem.path, problem.message,
                                                                               problem.at_parent),
                                        base_map, base_display))
    if spec is None:
        return
    project.spec = spec
    for finding in run_checks(spec, calendar):
        located = _locate(project, _parse_dotted(finding.field), f"{finding.message}（依据：{finding.basis}）",
                          base_map, base_display)
        if finding.severity == "error":
            project.problems.append(located)
        else:
            project.warnings.append(str(located))


def _one_per_cell(problems: list[Problem]) -> list[Problem]:
    """One cell can be behind several fields (a one-lot project's budget is also its lot's): the
    first message about a cell is the one about the field the officer typed; the rest only echo it."""
    seen: set[str] = set()
    kept = []
    for problem in problems:
        if problem.cell and problem.field and problem.cell in seen:
            continue
        seen.add(problem.cell or "")
        kept.append(problem)
    return kept


def _batch_message(path: FieldPath, message: str, missing: bool) -> str:
    if not missing:
        return message
    title = field_title(path) or format_path(path)
    if path == ("lots",):
        return "没有标的：请在“标的”表中填写该项目编号的标的（名称、数量、单位、简要技术需求）"
    return f"未填写「{title}」（必填；可在表中填写，或在基础项目文件 --base 中统一提供 {format_path(path)}）"


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


def _locate(project: ProjectRow, path: FieldPath, message: str, base_map: SourceMap | None,
            base_display: str | None) -> Problem:
    """The most specific known place for a path: its cell, the base spec's line, or its row."""
    # Lots from the workbook replace the base spec's lots, so the base's lines say nothing about them.
    use_base = base_map is not None and not (path[:1] == ("lots",) and ("lots", 0) in project.locations)
    for length in range(len(path), -1, -1):
        prefix = path[:length]
        location = project.locations.get(prefix)
        if location is not None and location.header is not None:
            return Problem(message, cell=str(location.ref), field=location.header)
        position = (base_map.keys.get(prefix) or base_map.values.get(prefix)) if use_base and length and base_map else None
        if position is not None:
            return Problem(message, file=base_display, line=position.line, column=position.column,
                           field=format_path(path))
        if location is not None:
            return Problem(message, cell=str(location.ref), field=field_title(path) if path else None)
    return Problem(message, cell=str(project.ref))
