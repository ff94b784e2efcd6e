"""Write spec data back as YAML an officer can read and edit: every field carries its Chinese meaning.

A spec produced by a program (an interview, a spreadsheet import) is handed to an officer who then
edits it by hand. Plain ``yaml.safe_dump`` output is valid but opaque — ``accepts_consortium: false``
tells nobody what to change. This module writes the same data in the style of ``specs/examples/``:
one blank line between top-level sections, a heading comment above each section, and after each
field its title and description from :mod:`procdocs.spec.model`, so the file explains itself.

Values are written the way officers write them and the model accepts them back: booleans as 是/否,
money as ``119万元``, percentages as ``2%``, dates unquoted, requirements as ``★…`` strings. The text
must load back to the same spec through :func:`procdocs.spec.loader.load_spec`; any value whose
plain form YAML would read differently (``'2026001'``, ``'yes'``, ``'- x'``) is quoted.
"""

from __future__ import annotations

import functools
import re
import types
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from procdocs import cnformat
from procdocs.law.methods import method_names
from procdocs.spec.fields import (
    REQUIREMENT_MARKS,
    BeijingTime,
    Day,
    Money,
    Percent,
    YesNo,
    split_requirement_mark,
)
from procdocs.spec.model import ProjectSpec, Requirement

COMMENT_COLUMN = 38  # display column of end-of-line '#', as in the bundled examples
MIN_COMMENT_GAP = 2  # spaces before '#' when the line already reaches the column
INDENT = 2

# How a scalar of a field is written. "plain" means: as YAML would write it, quoted when needed.
Kind = Literal["plain", "money", "percent", "yesno", "day", "datetime", "number", "requirement"]

# The spec's value types are Annotated aliases; a field is recognised by carrying their metadata.
_ALIAS_KINDS: tuple[tuple[Kind, tuple[Any, ...]], ...] = tuple(
    (kind, get_args(alias)[1:])
    for kind, alias in (("money", Money), ("percent", Percent), ("yesno", YesNo), ("day", Day),
                        ("datetime", BeijingTime))
)
_DATE_TEXT = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DATETIME_TEXT = re.compile(r"^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}$")
_NO_WRAP = 2**31  # yaml.safe_dump folds long scalars at `width`; a spec value stays on one line


@dataclass(frozen=True)
class _Field:
    """What the model says about one key: its comment and how its values are written."""

    title: str | None = None
    detail: str | None = None  # description and allowed values, after the title
    kind: Kind = "plain"  # for a list field, the kind of each item
    model: type[BaseModel] | None = None  # the model of a mapping value, or of each list item

    @property
    def comment(self) -> str | None:
        if self.title is None:
            return None
        if not self.detail:
            return self.title
        # "单位，如：辆、台" reads better than a second colon in "单位：如：辆、台".
        separator = "，" if self.detail.startswith("如") else "："
        return f"{self.title}{separator}{self.detail}"


_UNKNOWN = _Field()


def dump_commented(data: dict[str, Any], header: Sequence[str] = ()) -> str:
    """YAML text for spec data, with a Chinese comment for every field the model knows.

    `data` is plain spec data: ``ProjectSpec.model_dump(mode="json", exclude_none=True)``, the
    same in Python mode (Decimal, date, datetime values), or a hand-built dict. `header` lines
    are written as ``# `` comments at the top of the file, followed by a blank line.
    """
    if isinstance(header, str):  # a lone string is a Sequence[str] too; do not split it into characters
        header = [header]
    lines = [f"# {line}".rstrip() for entry in header for line in (entry.splitlines() or [""])]
    if lines:
        lines.append("")
    for index, (key, value) in enumerate(data.items()):
        if index:
            lines.append("")
        field = _field(ProjectSpec, key) if isinstance(key, str) else _UNKNOWN
        lines.extend(_section_heading(field))
        lines.extend(_entry(key, value, field, indent=0, commented=False))
    return "\n".join(lines) + "\n"


# -- layout ----------------------------------------------------------------------------------------

def _section_heading(field: _Field) -> list[str]:
    """A top-level section is introduced by its title on a line of its own, as a chapter is."""
    if field.title is None:
        return []
    heading = [f"# —— {field.title} ——"]
    if field.detail:
        heading.append(f"# {field.detail}")
    return heading


def _entry(key: Any, value: Any, field: _Field, indent: int, commented: bool = True) -> list[str]:
    """The lines of one ``key: value`` pair; nested values follow on lines indented below the key."""
    line = f"{' ' * indent}{_inline(key)}:"
    comment = field.comment if commented else None
    if isinstance(value, dict):
        if not value:
            return [_with_comment(f"{line} {{}}", comment)]
        return [_with_comment(line, comment), *_mapping(value, field.model, indent + INDENT)]
    if isinstance(value, (list, tuple)):
        if not value:
            return [_with_comment(f"{line} []", comment)]
        return [_with_comment(line, comment), *_sequence(value, field, indent + INDENT)]
    text, block = _scalar(value, field.kind, indent + INDENT)
    return [_with_comment(f"{line} {text}", comment), *block]


def _mapping(data: dict[Any, Any], model: type[BaseModel] | None, indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        field = _field(model, key) if model is not None and isinstance(key, str) else _UNKNOWN
        lines.extend(_entry(key, value, field, indent))
    return lines


def _sequence(items: Sequence[Any], field: _Field, indent: int) -> list[str]:
    """Block list items; a mapping item starts on the dash line (``- number: 1``) as in the examples.

    Each item is laid out as if it were indented two more columns, then its first line's leading
    spaces are replaced by ``- `` — the same width, so end-of-line comments stay aligned.
    """
    lines: list[str] = []
    inner = indent + INDENT
    for raw in items:
        item = _requirement_text(raw) if field.kind == "requirement" else raw
        if isinstance(item, dict) and item:
            item_lines = _mapping(item, field.model, inner)
        elif isinstance(item, (list, tuple)) and item:
            item_lines = _sequence(item, _Field(kind=field.kind, model=field.model), inner)
        elif isinstance(item, dict):
            item_lines = [f"{' ' * inner}{{}}"]
        elif isinstance(item, (list, tuple)):
            item_lines = [f"{' ' * inner}[]"]
        else:
            text, block = _scalar(item, field.kind, inner)
            item_lines = [f"{' ' * inner}{text}", *block]
        item_lines[0] = f"{' ' * indent}- {item_lines[0][inner:]}"
        lines.extend(item_lines)
    return lines


def _with_comment(line: str, comment: str | None) -> str:
    """Append ``# comment`` at the common column, or just after a line that already reaches it."""
    if not comment:
        return line
    width = _display_width(line)
    gap = COMMENT_COLUMN - width if width + MIN_COMMENT_GAP <= COMMENT_COLUMN else MIN_COMMENT_GAP
    return f"{line}{' ' * gap}# {comment}"


def _display_width(text: str) -> int:
    """Columns in a monospace editor: Chinese characters take two, which the examples align to."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# -- scalars ---------------------------------------------------------------------------------------

def _scalar(value: Any, kind: Kind, block_indent: int) -> tuple[str, list[str]]:
    """The text after ``key: `` and, for a multi-line string, the lines of its ``|`` block.

    `block_indent` is the indentation of those lines: two columns past the key or the dash.
    """
    if value is None:
        return "null", []
    if isinstance(value, bool):
        if kind == "yesno":  # only YesNo fields accept 是/否; a bare bool field would reject them
            return ("是" if value else "否"), []
        return ("true" if value else "false"), []
    if isinstance(value, (int, float, Decimal)):
        if kind == "money":
            return _money_text(value), []
        if kind == "percent" and _is_finite(value):
            return cnformat.format_percent(value), []
        return _number_text(value), []
    if isinstance(value, datetime):
        local = value.astimezone(cnformat.BEIJING) if value.tzinfo else value
        return local.strftime("%Y-%m-%d %H:%M"), []
    if isinstance(value, date):
        return value.isoformat(), []
    if not isinstance(value, str):
        return _inline(str(value)), []
    # model_dump(mode="json") gives dates and numbers as strings; write them as officers do.
    # The spec loader reads timestamps as text, so an unquoted date is parsed by the spec's own type.
    if (kind == "day" and _DATE_TEXT.match(value)) or (kind == "datetime" and _DATETIME_TEXT.match(value)):
        return value, []
    if kind == "number" and (number := _decimal(value)) is not None:
        return _number_text(number), []
    if "\n" in value and _fits_literal_block(value):
        chomping = "" if value.endswith("\n") else "-"
        body = value.removesuffix("\n").split("\n")
        return f"|{chomping}", [f"{' ' * block_indent}{line}" if line else "" for line in body]
    return _inline(value), []


def _inline(value: Any) -> str:
    """A scalar on one line, quoted exactly when YAML would otherwise read something else.

    yaml.safe_dump decides the quoting (``'2026001'``, ``'yes'``, ``'a: b'``, ``'- x'``); a value
    it would spread over several lines (line breaks, U+2028) is written double-quoted with escapes.
    """
    text = _strip_document_end(yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP))
    if len(text.splitlines()) > 1:  # also U+2028 and the other breaks editors and Python split on
        text = _strip_document_end(yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP, default_style='"'))
    return text


def _strip_document_end(dumped: str) -> str:
    # A plain scalar dumped as a whole document is followed by the '...' end marker.
    return dumped.removesuffix("\n").removesuffix("\n...")


def _fits_literal_block(text: str) -> bool:
    """Whether a ``|`` block reproduces `text` exactly; otherwise it is double-quoted instead.

    A block cannot start with spaces or an empty line without an indentation indicator, keeps
    trailing spaces invisibly, and cannot hold tabs or YAML's other line breaks readably.
    """
    if text.endswith("\n\n") or text.startswith(("\n", " ")):
        return False
    lines = text.removesuffix("\n").split("\n")
    return all(line.isprintable() and line == line.rstrip() for line in lines)


def _money_text(amount: int | float | Decimal) -> str:
    """Whole hundreds of yuan from 10 000 up as 万元 (``119万元``, ``123.45万元``), else yuan."""
    number = _decimal(amount)
    if number is None or not number.is_finite():
        return _number_text(amount)
    if number >= 10_000 and number % 100 == 0:
        return cnformat.format_wan(number)
    return _number_text(number)


def _number_text(value: int | float | Decimal) -> str:
    """A number as YAML reads it back to the same value: ``12``, ``0.5``; quoted if it cannot be."""
    if isinstance(value, (int, float)):
        return _inline(value)
    if not value.is_finite():
        return _inline(str(value))
    text = str(int(value)) if value == value.to_integral_value() else f"{value.normalize():f}"
    loaded = yaml.safe_load(text)
    if isinstance(loaded, (int, float)) and not isinstance(loaded, bool) and _decimal(loaded) == value:
        return text
    return _inline(text)  # e.g. more digits than a float holds: a string keeps them all


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _is_finite(value: int | float | Decimal) -> bool:
    number = _decimal(value)
    return number is not None and number.is_finite()


def _requirement_text(item: Any) -> Any:
    """``{"text": …, "level": "substantive"}`` -> ``"★…"``, the form officers write requirements in.

    Kept as a mapping when the marked string would not read back as the same requirement
    (a general requirement whose text itself starts with ★ or ▲).
    """
    if not isinstance(item, dict) or not isinstance(item.get("text"), str) or set(item) - {"text", "level"}:
        return item
    level = item.get("level", "general")
    mark = REQUIREMENT_MARKS.get(level) if isinstance(level, str) else None
    if mark is None:
        return item
    marked = f"{mark}{item['text']}"
    return marked if split_requirement_mark(marked) == (level, item["text"]) else item


# -- what the model says about a field -------------------------------------------------------------

@functools.cache
def _field(model: type[BaseModel], key: str) -> _Field:
    """Title, description and value kind of `model`'s field `key`, looked up once per field."""
    info = model.model_fields.get(key)
    if info is None:
        return _UNKNOWN
    kind, submodel, choices = _resolve(info.annotation, tuple(info.metadata))
    if submodel is Requirement:
        kind = "requirement"
    return _Field(title=_one_line(info.title), detail=_detail(info, choices), kind=kind, model=submodel)


def _resolve(annotation: Any, metadata: tuple[Any, ...]) -> tuple[Kind, type[BaseModel] | None, tuple[Any, ...]]:
    """Walk ``X | None``, ``list[X]``, ``Annotated`` and ``Literal`` down to what a value must be.

    Returns the scalar kind, the model of a mapping (or of list items) and a Literal's values.
    pydantic moves a field's outer ``Annotated`` metadata into FieldInfo.metadata, so the caller
    passes it in; inner ones (``Money | None``) are found on the way down.
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _resolve(base, (*metadata, *extra))
    if origin in (Union, types.UnionType, list, tuple, Sequence):
        for arg in get_args(annotation):
            if arg is type(None) or arg is Ellipsis:
                continue
            return _resolve(arg, metadata)
    if origin is Literal:
        return "plain", None, get_args(annotation)
    for kind, markers in _ALIAS_KINDS:
        if any(item is marker for item in metadata for marker in markers):
            return kind, None, ()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "plain", annotation, ()
    if annotation is Decimal:
        return "number", None, ()
    return "plain", None, ()


def _detail(info: FieldInfo, choices: tuple[Any, ...]) -> str | None:
    """The description, plus a Literal's allowed values unless the description already names them."""
    description = _one_line(info.description)
    if not choices or all(str(choice) in (description or "") for choice in choices):
        return description
    allowed = "、".join(_choice_label(choice) for choice in choices)
    return f"{description}（可选：{allowed}）" if description else allowed


def _choice_label(choice: Any) -> str:
    # Method keys are English; the officer knows the method by its Chinese name.
    name = method_names().get(str(choice))
    return f"{choice}（{name}）" if name else str(choice)


def _one_line(text: str | None) -> str | None:
    """A comment ends at the line break: text on the next line would be read as YAML."""
    if not text:
        return None
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or None
