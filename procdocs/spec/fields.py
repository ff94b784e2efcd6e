"""Value types of the project spec: money, percentages, dates, yes/no and requirement text.

Each type accepts what an officer naturally writes in YAML (``"120万元"``, ``"2%"``, ``是``) and
stores one canonical Python value; the JSON Schema annotation tells editors what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from procdocs import cnformat

_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\S.*$"},
    ],
    "description": "金额，单位元：数字（1200000）或文字（\"1,200,000.00\"、\"120万元\"）",
}
Money = Annotated[
    Decimal,
    BeforeValidator(cnformat.parse_money),
    PlainSerializer(lambda v: float(v), return_type=float),
    WithJsonSchema(_MONEY_SCHEMA),
]

Percent = Annotated[
    Decimal,
    BeforeValidator(cnformat.parse_percent),
    PlainSerializer(lambda v: cnformat.format_percent(v), return_type=str),
    WithJsonSchema({
        "anyOf": [{"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*[%％]\s*$"}, {"type": "number"}],
        "description": "百分比，写成 \"2%\"",
    }),
]

Day = Annotated[
    date,
    BeforeValidator(cnformat.parse_date),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$", "description": "日期 YYYY-MM-DD"}),
]

BeijingTime = Annotated[
    datetime,
    BeforeValidator(cnformat.parse_datetime),
    PlainSerializer(lambda v: v.astimezone(cnformat.BEIJING).strftime("%Y-%m-%d %H:%M"), return_type=str),
    WithJsonSchema({
        "type": "string",
        "pattern": r"^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}$",
        "description": "北京时间 YYYY-MM-DD HH:MM",
    }),
]


@dataclass(frozen=True)
class YesNoWords:
    """The spellings of yes and no (data/yes_no.yaml), normalised for comparison."""

    yes: frozenset[str]
    no: frozenset[str]
    hint: str  # e.g. "是/否、√/×、Y/N、1/0", for messages


@cache
def _yes_no_data() -> dict[str, Any]:
    return yaml.safe_load(resources.files("procdocs").joinpath("data/yes_no.yaml").read_text(encoding="utf-8"))


@cache
def yes_no_words() -> YesNoWords:
    raw = _yes_no_data()
    return YesNoWords(frozenset(_yes_no_key(word) for word in raw["yes_words"]),
                      frozenset(_yes_no_key(word) for word in raw["no_words"]), raw["hint"])


def _yes_no_key(text: str) -> str:
    return re.sub(r"\s+", "", cnformat.normalize_width(str(text))).casefold()


def parse_yes_no(value: Any) -> Any:
    """是/否, √/×, Y/N, 1/0 … to a bool; ValueError (Chinese) for anything else that is not empty.

    Booleans pass through (YAML's true/false); None passes through for optional fields.
    """
    if value is None or isinstance(value, bool):
        return value
    words = yes_no_words()
    if isinstance(value, (int, float, Decimal)):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"「{value}」不是“是”或“否”，可写 {words.hint}")
    if isinstance(value, str):
        key = _yes_no_key(value)
        if key in words.yes:
            return True
        if key in words.no:
            return False
        raise ValueError(f"「{value.strip()}」不是“是”或“否”，可写 {words.hint}")
    return value


def _yes_no_schema() -> dict[str, Any]:
    """Every spelling parse_yes_no accepts, with the letter cases editors would otherwise flag (Y, Yes, YES)."""
    raw = _yes_no_data()
    spellings = [variant for word in (*raw["yes_words"], *raw["no_words"])
                 for variant in (str(word), str(word).capitalize(), str(word).upper())]
    return {"anyOf": [{"type": "boolean"}, {"enum": list(dict.fromkeys(spellings))}, {"enum": [0, 1]}],
            "description": f"是或否：{yes_no_words().hint}"}


YesNo = Annotated[
    bool,
    BeforeValidator(parse_yes_no),
    WithJsonSchema(_yes_no_schema()),
]

Text = Annotated[str, Field(min_length=1)]


def _unmarked(value: Any) -> Any:
    return cnformat.strip_list_marker(value) if isinstance(value, str) else value


# One entry of a list that documents number themselves (standards, payment terms, other matters …):
# a marker typed before it ("- ", "1.", "（1）") is dropped, so that no document prints "6.- …".
ListEntry = Annotated[str, BeforeValidator(_unmarked), Field(min_length=1)]

RequirementLevel = Literal["substantive", "important", "general"]
REQUIREMENT_MARKS: dict[str, str] = {"substantive": "★", "important": "▲", "general": ""}
_LEADING_MARK = re.compile(r"^\s*([★▲])\s*")


def split_requirement_mark(text: str) -> tuple[RequirementLevel, str]:
    """'★续航里程不低于500公里' -> ('substantive', '续航里程不低于500公里').

    Documents number the requirements, so a list marker typed before one ("- ★续航…", "1.续航…") is
    dropped first: the ★ behind it still makes the requirement substantive.
    """
    text = cnformat.strip_list_marker(text)
    match = _LEADING_MARK.match(text)
    if not match:
        return "general", text.strip()
    level: RequirementLevel = "substantive" if match[1] == "★" else "important"
    return level, text[match.end():].strip()
