"""Which spec field a column fills: built-in Chinese headers, spec field paths, and mapping files.

The built-in headers are data (procdocs/data/batch/columns.yaml). A header is matched after
normalisation (spaces, line breaks, full-width brackets and a trailing required-mark "*" do not
matter), so "预算金额（元）*" and "预算金额(元)" are the same column.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from procdocs import cnformat
from procdocs.errors import Problem, UserError
from procdocs.input_limits import input_limit
from procdocs.packagedata import load_package_yaml
from procdocs.spec.fields import parse_yes_no
from procdocs.spec.loader import FieldPath, format_path
from procdocs.spec.model import Item, Lot, ProjectSpec
from procdocs.yaml_input import read_yaml

SheetKind = Literal["projects", "lots", "items"]
SHEET_KINDS: tuple[SheetKind, ...] = ("projects", "lots", "items")
ROW_MODELS: dict[SheetKind, type[BaseModel]] = {"projects": ProjectSpec, "lots": Lot, "items": Item}
IGNORE = "忽略"  # a mapping file's value for a column that is deliberately not used


class ColumnDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    aliases: list[str] = Field(default_factory=list)
    path: str | None = None  # spec field path (relative to a lot or an item on those sheets)
    join: bool = False  # the 项目编号 column that ties a lot or item row to its project
    lot: bool = False  # the 包号 column of the items sheet
    required: bool = False  # shown as "*" in the template workbook
    note: str = ""
    example: str | int | float | None = None


class SheetDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str]
    join: str | None = None


class ColumnBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    total_rows: list[str]
    sheets: dict[SheetKind, SheetDefinition]
    projects: list[ColumnDefinition]
    lots: list[ColumnDefinition]
    items: list[ColumnDefinition]

    def columns(self, kind: SheetKind) -> list[ColumnDefinition]:
        return {"projects": self.projects, "lots": self.lots, "items": self.items}[kind]


@cache
def column_book() -> ColumnBook:
    text = resources.files("procdocs").joinpath("data/batch/columns.yaml").read_text(encoding="utf-8")
    book = ColumnBook.model_validate(load_package_yaml(text))
    for kind in SHEET_KINDS:
        for column in book.columns(kind):
            if column.path is not None:
                field_kind(ROW_MODELS[kind], parse_path(column.path))  # a typo in the data fails at start
    return book


def normalize_header(text: str) -> str:
    """'预算金额（元）*' and ' 预算金额(元) ' -> '预算金额(元)'."""
    text = cnformat.normalize_width(str(text))
    return re.sub(r"\s+", "", text).rstrip("*＊").lower()


def is_total_label(text: str) -> bool:
    """'合计', '合 计', '小计：', '总计（元）': the label of a sum row (data/batch/columns.yaml total_rows)."""
    key = re.sub(r"[:：]$|\(.*\)$", "", normalize_header(text))
    return key in {normalize_header(label) for label in column_book().total_rows}


# -- field paths ---------------------------------------------------------------------------------

_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


def parse_path(text: str) -> FieldPath:
    """'lots[0].items[1].name' -> ('lots', 0, 'items', 1, 'name'); ValueError when it is not a path.

    An index is below the longest list a spec may hold (a cell at lots[999999999] would otherwise
    fill a billion empty lots before the spec's own limit is checked)."""
    longest = max((input_limit(f"fields.{kind}") for kind in ("lots", "items", "requirements", "list_entries")),
                  key=lambda limit: limit.value)
    parts: list[str | int] = []
    for segment in text.strip().split("."):
        match = _PATH_PART.fullmatch(segment)
        if match is None:
            raise ValueError(f"「{text}」不是字段路径")
        parts.append(match[1])
        for index in re.findall(r"\[(\d+)\]", match[2]):
            if len(index) > len(str(longest.value)) or int(index) >= longest.value:
                raise ValueError(f"「{text}」中的下标 [{index}] 过大（列表最多 {longest.text}）")
            parts.append(int(index))
    return tuple(parts)


FieldKind = Literal["text", "money", "percent", "date", "datetime", "bool", "int", "number", "lines", "choice"]


@dataclass(frozen=True)
class FieldInfo:
    kind: FieldKind
    title: str
    choices: tuple[str, ...] = ()  # for "choice"


def field_kind(model: type[BaseModel], path: FieldPath) -> FieldInfo:
    """What kind of value the field at `path` of `model` holds; ValueError if there is no such field."""
    annotation: Any = model
    title = ""
    info = None
    for position, part in enumerate(path):
        if isinstance(part, int):
            annotation = _list_item(annotation, path[:position])
            continue
        model_class = _model_in(annotation)
        if model_class is None or part not in model_class.model_fields:
            raise ValueError(f"没有字段「{format_path(path[:position + 1])}」")
        info = model_class.model_fields[part]
        title = info.title or part
        annotation = info.annotation
    if info is None:
        raise ValueError("字段路径为空")
    return _field_info(annotation, info, title)


def _field_info(annotation: Any, info: Any, title: str) -> FieldInfo:
    validators = {getattr(item, "func", None) for item in (*info.metadata, *_metadata(annotation))}
    core = _strip_optional(annotation)
    if cnformat.parse_money in validators:
        return FieldInfo("money", title)
    if cnformat.parse_percent in validators:
        return FieldInfo("percent", title)
    if cnformat.parse_date in validators:
        return FieldInfo("date", title)
    if cnformat.parse_datetime in validators:
        return FieldInfo("datetime", title)
    if parse_yes_no in validators or core is bool:
        return FieldInfo("bool", title)
    if typing.get_origin(core) is Literal:
        return FieldInfo("choice", title, tuple(str(arg) for arg in typing.get_args(core)))
    if typing.get_origin(core) is list:
        entry = _model_in(typing.get_args(core)[0])
        if entry is not None and not _accepts_a_line(entry):  # lots, items: entries of several fields each
            raise ValueError(f"「{title}」是多项的列表，每项有多个下一级字段，不能由一列填写；请使用其中一项的字段路径，如 lots[0].name")
        return FieldInfo("lines", title)
    if core is int:
        return FieldInfo("int", title)
    if core is Decimal:
        return FieldInfo("number", title)
    if _model_in(core) is not None:
        raise ValueError(f"「{title}」包含多个下一级字段，不能由一列填写；请使用其下一级字段的路径")
    return FieldInfo("text", title)


def _accepts_a_line(model: type[BaseModel]) -> bool:
    """Whether an entry of `model` may be written as one line of text (a requirement: "★…")."""
    try:
        model.model_validate("测试")
    except ValidationError as exc:
        return not any(error["type"] in {"model_type", "model_attributes_type", "dict_type"} for error in exc.errors())
    return True


def _metadata(annotation: Any) -> list[Any]:
    """The Annotated metadata inside an annotation such as `Money | None` (the validators of Money)."""
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):
        if arg is not type(None) and not isinstance(arg, (str, int)):
            found.extend(_metadata(arg))
    return found


def _strip_optional(annotation: Any) -> Any:
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return _strip_optional(args[0])
    if typing.get_origin(annotation) is typing.Annotated:
        return _strip_optional(args[0])
    return annotation


def _list_item(annotation: Any, where: FieldPath) -> Any:
    core = _strip_optional(annotation)
    if typing.get_origin(core) is not list:
        raise ValueError(f"「{format_path(where)}」不是列表，不能用下标")
    return typing.get_args(core)[0]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    core = _strip_optional(annotation)
    if isinstance(core, type) and issubclass(core, BaseModel):
        return core
    return None


# -- resolving a sheet's headers -----------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A header of one sheet, resolved: the field it fills, or its role (join / lot number)."""

    header: str  # as written in the sheet
    role: Literal["field", "join", "lot"]
    path: FieldPath = ()
    info: FieldInfo | None = None
    unit: Decimal = Decimal(1)  # "预算金额（万元）": numbers in the column are in 万元


@dataclass
class Mapping:
    """A user's column mapping file: header -> a built-in header, a spec field path, or 忽略."""

    targets: dict[str, str]  # normalised header -> target as written
    source: str | None = None

    @classmethod
    def empty(cls) -> Mapping:
        return cls({})

    @classmethod
    def load(cls, path: Path) -> Mapping:
        data, _ = read_yaml(path, "列映射文件", dates=False)
        if not isinstance(data, dict):
            raise UserError(Problem("列映射文件应为“表头: 字段路径”形式的映射，如 预算(万元): project.budget", file=str(path)))
        targets = {normalize_header(key): IGNORE if value in (None, IGNORE) else str(value) for key, value in data.items()}
        return cls(targets, str(path))


class ColumnResolver:
    """Resolves the headers of the projects, lots and items sheets against the book and a mapping."""

    def __init__(self, mapping: Mapping | None = None) -> None:
        self.book = column_book()
        self.mapping = mapping or Mapping.empty()
        self._by_header: dict[SheetKind, dict[str, ColumnDefinition]] = {}
        for kind in SHEET_KINDS:
            headers: dict[str, ColumnDefinition] = {}
            for column in self.book.columns(kind):
                for name in (column.label, *column.aliases):
                    headers[normalize_header(name)] = column
            self._by_header[kind] = headers

    def is_known(self, header: str) -> bool:
        """Whether a header belongs to any sheet kind (used to find the header row)."""
        key = normalize_header(header)
        return key in self.mapping.targets or any(
            self._lookup(kind, key) is not None for kind in SHEET_KINDS) or self._is_path(key)

    def resolve(self, kind: SheetKind, header: str) -> Column | str | None:
        """The column a header fills; None when deliberately ignored; a Chinese reason when unknown."""
        found = self._resolve(kind, header)
        return dataclasses.replace(found, header=header.strip()) if isinstance(found, Column) else found

    def _resolve(self, kind: SheetKind, header: str) -> Column | str | None:
        key = normalize_header(header)
        target = self.mapping.targets.get(key)
        if target == IGNORE:
            return None
        key, unit = _split_unit(key)
        if target is not None:
            column = self._lookup(kind, normalize_header(target)) or self._from_path(kind, header, target, unit)
            if isinstance(column, str):
                return f"列映射文件中「{header}: {target}」无效：{column}"
            return column if column.unit != Decimal(1) or unit == Decimal(1) else _with_unit(column, unit)
        column = self._lookup(kind, key)
        if column is not None:
            return _with_unit(column, unit) if unit != Decimal(1) else column
        if self._is_path(key):
            return self._from_path(kind, header, header, unit)
        return "未对应任何字段（可在列映射文件中指定，或写 忽略）"

    def _lookup(self, kind: SheetKind, key: str) -> Column | None:
        definition = self._by_header[kind].get(key)
        if definition is None:
            return None
        if definition.join:
            return Column(definition.label, "join")
        if definition.lot:
            return Column(definition.label, "lot")
        assert definition.path is not None
        path = parse_path(definition.path)
        return Column(definition.label, "field", path, field_kind(ROW_MODELS[kind], path))

    def _from_path(self, kind: SheetKind, header: str, target: str, unit: Decimal) -> Column | str:
        try:
            path = parse_path(target)
            info = field_kind(ROW_MODELS[kind], path)
        except ValueError as exc:
            return str(exc)
        return Column(header.strip(), "field", path, info, unit)

    @staticmethod
    def _is_path(key: str) -> bool:
        return bool(re.fullmatch(r"[a-z_][a-z0-9_\[\].]*", key))


def _split_unit(key: str) -> tuple[str, Decimal]:
    """'预算(万元)' -> ('预算', 10000): a unit in the header scales the numbers of a money column."""
    for suffix, unit in (("(万元)", Decimal(10000)), ("(元)", Decimal(1))):
        if key.endswith(suffix) and len(key) > len(suffix):
            return key.removesuffix(suffix), unit
    return key, Decimal(1)


def _with_unit(column: Column, unit: Decimal) -> Column:
    if column.info is None or column.info.kind != "money":
        return column
    return Column(column.header, column.role, column.path, column.info, unit)
