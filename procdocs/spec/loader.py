"""Read a project spec from YAML, reporting every problem at once with file, line and field path.

YAML is composed into nodes first so that each value keeps the line and column it came from;
pydantic then validates the plain data, and each of its errors is mapped back to a position.
Timestamps are *not* resolved by the YAML layer (``2026-12-01`` stays a string) so that dates
are parsed in one place, with one Chinese message, whatever form the officer wrote.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from procdocs.errors import Problem, SpecError
from procdocs.spec.bounds import size_problems
from procdocs.spec.consistency import consistency_problems
from procdocs.spec.fields import REFUSED_CHARACTER
from procdocs.spec.model import ProjectSpec
from procdocs.yaml_input import compose_yaml, construct_yaml, read_yaml_text

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceMap:
    """Where each field path of the document is written: the key's position and the value's."""

    keys: dict[FieldPath, Position]
    values: dict[FieldPath, Position]

    def locate(self, path: FieldPath) -> Position | None:
        """The best position for a path: its key, else its value, else the nearest parent."""
        for length in range(len(path), -1, -1):
            prefix = path[:length]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return None


def format_path(path: FieldPath) -> str:
    """('lots', 0, 'name') -> 'lots[0].name'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_spec(path: str | Path) -> ProjectSpec:
    """Load and validate a spec file; raise SpecError listing every problem found."""
    return load_spec_with_positions(path)[0]


def load_spec_with_positions(path: str | Path) -> tuple[ProjectSpec, SourceMap]:
    """The spec and where each of its fields is written, for messages that point at lines."""
    path = Path(path)
    display = str(path)
    text = read_spec_text(path, display)
    data, source_map = parse_yaml(text, display)
    return validate_spec(data, source_map, display), source_map


def position_of(source_map: SourceMap, dotted: str) -> Position | None:
    """The position of a dotted field path such as "lots[0].bid_bond"."""
    parts: list[str | int] = []
    for name in dotted.split("."):
        base, *indexes = name.replace("]", "").split("[")
        if base:
            parts.append(base)
        parts.extend(int(index) for index in indexes)
    return source_map.locate(tuple(parts))


def read_spec_text(path: Path, display: str) -> str:
    """The text of a spec file: a regular file within the YAML size limit, in UTF-8."""
    return read_yaml_text(path, "项目文件", display=display, error=SpecError)


def parse_yaml(text: str, display: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain data plus the positions of every key and value.

    The text is composed by :func:`procdocs.yaml_input.compose_yaml`, which refuses alias bombs,
    endless aliases, excessive nesting, keys that are not text and absurd integers at their line.
    """
    node = compose_yaml(text, display, error=SpecError, dates=False)
    if node is None:
        raise SpecError(Problem("文件为空，没有任何项目内容", file=display))
    source_map = SourceMap({}, {})
    _map_node(node, (), source_map, display)
    data = construct_yaml(node, display, error=SpecError, dates=False)
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "单个值"
        raise SpecError(Problem(f"文件内容是{kind}，应为以字段名开头的映射（如 project: …）", file=display, line=1))
    return data, source_map


def _map_node(node: yaml.Node, path: FieldPath, source_map: SourceMap, display: str) -> None:
    source_map.values[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise SpecError(Problem(
                    f"字段「{key}」重复出现（第一次在第 {seen[key].start_mark.line + 1} 行）", file=display,
                    line=key_node.start_mark.line + 1, column=key_node.start_mark.column + 1,
                    field=format_path((*path, key))))
            seen[key] = key_node
            child = (*path, key)
            source_map.keys[child] = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _map_node(value_node, child, source_map, display)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_node(item, (*path, index), source_map, display)


@dataclass(frozen=True)
class FieldProblem:
    """A validation problem at a field path, before it is located in a file or a spreadsheet."""

    path: FieldPath
    message: str
    at_parent: bool = False  # a missing field has no position of its own: point at the mapping that lacks it


def validate_spec(data: dict[str, Any], source_map: SourceMap, display: str) -> ProjectSpec:
    """Validate plain data against the model, then check cross-field consistency."""
    spec, problems = validate_data(data)
    if spec is None:
        raise SpecError(_sorted_unique([_located_problem(problem, source_map, display) for problem in problems]))
    return spec


def validate_data(data: dict[str, Any]) -> tuple[ProjectSpec | None, list[FieldProblem]]:
    """The spec, or None and every problem found: structure and types first, then size and consistency."""
    try:
        spec = ProjectSpec.model_validate(data)
    except ValidationError as exc:
        return None, field_problems(exc)
    problems = [FieldProblem(path, message) for path, message in (*size_problems(spec), *consistency_problems(spec))]
    return (None, problems) if problems else (spec, [])


def field_problems(exc: ValidationError) -> list[FieldProblem]:
    """The model's validation errors as field problems with Chinese messages, without repeats."""
    return list(dict.fromkeys(_field_problem(error) for error in exc.errors()))


def _located_problem(problem: FieldProblem, source_map: SourceMap, display: str) -> Problem:
    position = source_map.locate(problem.path[:-1] if problem.at_parent else problem.path)
    return Problem(
        problem.message, file=display, field=format_path(problem.path) or None,
        line=position.line if position else None, column=position.column if position else None,
    )


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.line or 0, p.column or 0))


# -- pydantic errors in Chinese ------------------------------------------------------------------

def _field_problem(error: Any) -> FieldProblem:
    kind = error["type"]
    path = _clean_loc(error["loc"], unknown_key=kind == "extra_forbidden")
    title = field_title(path)
    if kind == "extra_forbidden":
        return FieldProblem(path, _unknown_key_message(path))
    if kind == "missing":
        message = f"缺少必填字段「{path[-1]}」（{title}）" if title else f"缺少必填字段「{path[-1]}」"
        return FieldProblem(path, message, at_parent=True)
    return FieldProblem(path, _translate(error, title))


def chinese_message(error: Any, title: str | None = None) -> str:
    """One pydantic error of any model (the spec, a style sheet …) in Chinese; `title` names the field."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"未知字段「{error['loc'][-1]}」" if error["loc"] else "未知字段"
    if kind == "missing":
        return f"缺少必填字段「{error['loc'][-1]}」" if error["loc"] else "缺少必填字段"
    return _translate(error, title)


def _clean_loc(loc: tuple[Any, ...], *, unknown_key: bool = False) -> FieldPath:
    # Inside unions pydantic inserts the member's schema name ("function-before[...]") into the
    # location; it is not a field the officer wrote. The last part of an unknown key's location is
    # the key as written, which may hold a "[" of its own ("lots[0].name:" typed as a key).
    kept, last = (loc[:-1], loc[-1:]) if unknown_key and loc else (loc, ())
    return (*(part for part in kept if isinstance(part, int) or "[" not in part), *last)


def _translate(error: dict[str, Any], title: str | None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    subject = title or "该字段"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == REFUSED_CHARACTER:
        return f"{subject}含有{ctx['kind']}（{ctx['code']}，第 {ctx['position']} 个字符），请删除"
    if kind == "string_too_long":
        return f"{subject}过长（{len(error['input']):,} 字），最多 {ctx['max_length']:,} 字"
    if kind == "too_long":
        return f"{subject}过多（{ctx['actual_length']:,} 项），最多 {ctx['max_length']:,} 项"
    if kind == "finite_number":
        return f"{subject}应为有限的数字"
    if kind == "literal_error":
        return f"{subject}应为以下之一：{_choices(str(ctx.get('expected', '')))}"
    if kind == "string_unicode":  # a lone surrogate, which only an escape in a file or a broken input can give
        return f"{subject}含有不是有效文字的字符，请删除"
    if kind in {"string_type", "string_sub_type"}:
        return f"{subject}应为文字"
    if kind == "string_too_short":
        return f"{subject}不能为空"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{subject}应为整数"
    if kind in {"decimal_type", "decimal_parsing", "float_type", "float_parsing"}:
        return f"{subject}应为数字"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{subject}应为 是/否（true/false）"
    if kind in {"list_type"}:
        return f"{subject}应为列表（每项以“- ”开头）"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"{subject}应为映射（下一级字段），而不是单个值"
    if kind == "too_short":
        return f"{subject}至少需要 {ctx.get('min_length', 1)} 项"
    if kind == "greater_than":
        return f"{subject}应大于 {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"{subject}应不小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"{subject}应不大于 {ctx.get('le')}"
    if kind == "less_than":
        return f"{subject}应小于 {ctx.get('lt')}"
    if kind == "dict_type" or kind == "model_type":
        return f"{subject}应为映射（下一级字段），而不是单个值"
    return f"{subject}不正确（{error['msg']}）"


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a、b、c"."""
    return "、".join(choice.strip().strip("'") for choice in expected.replace(" or ", ", ").split(", ") if choice.strip())


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model class that holds the fields at `path` (which names a mapping)."""
    model: type[BaseModel] | None = ProjectSpec
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _model_in(field.annotation)
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def field_title(path: FieldPath) -> str | None:
    """The Chinese title of the field at `path`, e.g. ('timeline', 'bid_deadline') -> '投标截止时间'.

    An item of a list takes the title of the list.
    """
    if path and isinstance(path[-1], int):
        path = path[:-1]
    if not path or not isinstance(path[-1], str):
        return None
    model = _model_at(path[:-1])
    if model is None or path[-1] not in model.model_fields:
        return None
    return model.model_fields[path[-1]].title


def _unknown_key_message(path: FieldPath) -> str:
    key = str(path[-1])
    model = _model_at(path[:-1])
    known = list(model.model_fields) if model else []
    suggestion = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if suggestion:
        return f"未知字段「{key}」，是否应为「{suggestion[0]}」？"
    if known:
        return f"未知字段「{key}」，此处可用的字段有：{'、'.join(known)}"
    return f"未知字段「{key}」"
