"""`procdocs batch --template`: an empty workbook an officer can fill in correctly.

Headers come from the column book (required ones marked "*"), the second row explains each
column (and is skipped when the workbook is read), drop-down lists offer the allowed values,
and date, money and percentage columns carry formats so Excel stores real dates and numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from procdocs.batch.columns import ROW_MODELS, ColumnDefinition, SheetKind, column_book, field_kind, parse_path
from procdocs.batch.sources import EXPLANATION_MARKERS
from procdocs.law.methods import method_names
from procdocs.output import atomic_write, refuse_existing

DATA_ROWS = 500  # rows that get drop-down lists and formats
SHEET_TITLES: dict[SheetKind, str] = {"projects": "项目", "lots": "采购包", "items": "标的"}
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "money": "#,##0.00", "percent": "0%",
           "int": "0", "number": "General"}
YES_NO = ("是", "否")
EXCEL_SERIAL_2000 = "36526"  # 2000-01-01: a date column accepts any real date after it

INSTRUCTIONS = (
    "使用说明",
    "1. 在“项目”表中每行填写一个项目；第 2 行是填写说明，可保留（读取时跳过）。带 * 的列为必填。",
    "2. 在“标的”表中逐行填写各项目的标的，用“项目编号”对应到项目；技术要求每条一行（单元格内按 Alt+Enter 换行），"
    "以 ★ 开头为实质性要求，▲ 为重要指标。",
    "3. 项目有多个采购包时，在“采购包”表中逐包填写（包号、名称、预算），标的表用“包号”对应；只有一个采购包时不必填写“采购包”表。",
    "4. 日期填日期格式（如 2026-12-01），截止时间填日期和时间（如 2026-12-08 09:30）；金额单位为元，也可写“120万元”；"
    "比例填 2% 或 0.02。",
    "5. 各项目相同的内容（代理机构、监督部门、评分因素、合同条款等）写在一个基础项目文件中，用 --base 指定；表中填写的内容优先。",
    "6. 生成：procdocs batch 本文件.xlsx --base 基础项目文件.yaml -o 输出目录",
    "   只检查不生成：加 --validate-only；中断后继续：加 --resume；覆盖已有文件：加 --force。",
)


def write_template(path: Path, force: bool = False) -> None:
    """Write the starting workbook at `path` (refusing to overwrite without --force)."""
    from openpyxl import Workbook

    refuse_existing([path], force)
    workbook = Workbook()
    book = column_book()
    first = True
    for kind in ("projects", "items", "lots"):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = SHEET_TITLES[kind]  # type: ignore[index]
        _fill_sheet(sheet, kind, book.columns(kind))  # type: ignore[arg-type]
    notes = workbook.create_sheet("说明")
    for line in INSTRUCTIONS:
        notes.append((line,))
    notes.column_dimensions["A"].width = 120
    atomic_write(path, workbook.save, force)


def _fill_sheet(sheet: Any, kind: SheetKind, columns: list[ColumnDefinition]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    note_font = Font(italic=True, color="666666", size=9)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(1, index, column.label + ("*" if column.required or column.join else ""))
        header.font = Font(bold=True)
        header.fill = header_fill
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = sheet.cell(2, index, _explanation(column, first=index == 1))
        note.font = note_font
        note.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.label) * 2 + 4))
        _format_column(sheet, kind, column, letter)
    sheet.row_dimensions[2].height = 60
    sheet.freeze_panes = "B3"


def _explanation(column: ColumnDefinition, first: bool) -> str:
    parts = [column.note] if column.note else []
    if column.example not in (None, ""):
        parts.append(f"例：{column.example}")
    text = "；".join(parts)
    # The first cell of the row starts with the marker the reader skips the row by.
    return f"{EXPLANATION_MARKERS[0]}：{text}" if first else text


def _format_column(sheet: Any, kind: SheetKind, column: ColumnDefinition, letter: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    cells = f"{letter}3:{letter}{DATA_ROWS + 2}"
    choices: tuple[str, ...] = ()
    number_format = None
    if column.path is not None:
        info = field_kind(ROW_MODELS[kind], parse_path(column.path))
        number_format = FORMATS.get(info.kind)
        if info.kind == "bool":
            choices = YES_NO
        elif info.kind == "choice":
            names = method_names()  # 采购方式 is chosen by its Chinese name
            choices = tuple(names.values()) if set(info.choices) == set(names) else info.choices
    if number_format:
        for row in sheet.iter_rows(min_row=3, max_row=DATA_ROWS + 2, min_col=sheet[letter + "1"].column,
                                   max_col=sheet[letter + "1"].column):
            row[0].number_format = number_format
    if choices:
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="取值不正确",
                                    error="请从下拉列表中选择：" + "、".join(choices))
        validation.add(cells)
        sheet.add_data_validation(validation)
    elif number_format in (FORMATS["date"], FORMATS["datetime"]):
        validation = DataValidation(type="date", operator="greaterThan", formula1=EXCEL_SERIAL_2000, allow_blank=True,
                                    showErrorMessage=True, errorTitle="日期不正确",
                                    error="请填写日期，如 2026-12-01" + (" 09:30" if "hh" in number_format else ""))
        validation.add(cells)
        sheet.add_data_validation(validation)
    elif number_format in (FORMATS["money"], FORMATS["int"]):
        validation = DataValidation(type="decimal" if number_format == FORMATS["money"] else "whole",
                                    operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                    showErrorMessage=True, errorTitle="数值不正确", error="请填写不小于 0 的数字（金额单位为元）",
                                    errorStyle="warning")  # a warning, so "120万元" can still be typed
        validation.add(cells)
        sheet.add_data_validation(validation)
