"""Value types of the project spec: money, percentages, dates, yes/no, text and requirement text.

Each type accepts what an officer naturally writes in YAML (``"120万元"``, ``"2%"``, ``是``) and
stores one canonical Python value; the JSON Schema annotation tells editors what is allowed.

Every string of a spec has a kind — a one-line value (``ShortText``), one sentence or list entry
(``LineText``) or free text (``LongText``) — which caps its length (data/input_limits.yaml) and
refuses the characters a document must not carry (:mod:`procdocs.characters`), wherever the string
comes from: a YAML spec, a batch cell or an answer to ``procdocs new``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from procdocs import cnformat
from procdocs.characters import KIND_NAMES, first_refused
from procdocs.input_limits import input_limit
from procdocs.packagedata import load_package_yaml

REFUSED_CHARACTER = "refused_character"  # the error type the loader words as "含有不可见的控制字符（U+001B）"


def documentable(value: Any) -> Any:
    """`value`, unless it is text with a character no document may carry (control, invisible or
    direction characters, lone surrogates). Checked before pydantic's own string validation, which
    would refuse a lone surrogate with an English message and no position."""
    refused = first_refused(value) if isinstance(value, str) else None
    if refused is not None:
        raise PydanticCustomError(REFUSED_CHARACTER, "contains {code} at position {position}",
                                  {"kind": KIND_NAMES[refused.kind], "code": refused.code, "position": refused.index + 1})
    return value


_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\S.*$"},
    ],
    "description": "金额，单位元：数字（1200000）或文字（\"1,200,000.00\"、\"120万元\"）",
}
# Each parsed kind refuses characters no document may carry before its parser runs (the last
# BeforeValidator runs first): a parser's message quotes the value, and a lone surrogate in a message
# makes pydantic itself fail.
Money = Annotated[
    Decimal,
    BeforeValidator(cnformat.parse_money),
    BeforeValidator(documentable),
    PlainSerializer(lambda v: float(v), return_type=float),
    WithJsonSchema(_MONEY_SCHEMA),
]

Percent = Annotated[
    Decimal,
    BeforeValidator(cnformat.parse_percent),
    BeforeValidator(documentable),
    PlainSerializer(lambda v: cnformat.format_percent(v), return_type=str),
    WithJsonSchema({
        "anyOf": [{"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*[%％]\s*$"}, {"type": "number"}],
        "description": "百分比，写成 \"2%\"",
    }),
]

Day = Annotated[
    date,
    BeforeValidator(cnformat.parse_date),
    BeforeValidator(documentable),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$", "description": "日期 YYYY-MM-DD"}),
]

BeijingTime = Annotated[
    datetime,
    BeforeValidator(cnformat.parse_datetime),
    BeforeValidator(documentable),
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
    return load_package_yaml(resources.files("procdocs").joinpath("data/yes_no.yaml").read_text(encoding="utf-8"))


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
    BeforeValidator(documentable),
    WithJsonSchema(_yes_no_schema()),
]

def reasonable_number(value: Any) -> Any:
    """Refuse a number with more digits than any number of a spec (data/input_limits.yaml): beyond
    4,300 digits Python cannot even print an integer, and a long number has no meaning in a spec.

    Digits are counted as the number is printed in a document, so that an exponent (1.5e308, "1e400")
    cannot write a short number that prints as hundreds of digits."""
    limit = input_limit("fields.number_digits")
    if isinstance(value, str):
        digits = max(sum(char.isdigit() for char in value), _printed_digits(value, limit.value))
    elif isinstance(value, int) and not isinstance(value, bool):
        # Counted without printing: the bit length of a number of more digits than the limit exceeds it.
        digits = len(str(abs(value))) if value.bit_length() <= 4 * limit.value else limit.value + 1
    elif isinstance(value, (float, Decimal)):
        digits = _printed_digits(value, limit.value)
    else:
        return value
    if digits > limit.value:
        raise ValueError(f"数字位数过多，最多 {limit.text}，请检查")
    return value


def _printed_digits(value: float | Decimal | str, limit: int) -> int:
    """Digits of a finite number written out in full (1.5e308: 309; 0.001: 4); 0 for what is not a
    finite number (its field refuses it with its own message)."""
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        return 0
    if not number.is_finite():
        return 0
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    whole = max(number.adjusted() + 1, 1)
    fraction = max(-exponent, 0)
    return min(whole + fraction, limit + 1)


Count = Annotated[int, BeforeValidator(reasonable_number), BeforeValidator(documentable)]  # lot numbers, days
Number = Annotated[Decimal, BeforeValidator(reasonable_number), BeforeValidator(documentable)]  # quantities, points


def _max_chars(kind: str) -> int:
    return input_limit(f"fields.{kind}_chars").value


# The kinds of string, possibly empty (for optional fields: `ShortText | None`) …
ShortText = Annotated[str, Field(max_length=_max_chars("name")), BeforeValidator(documentable)]
LineText = Annotated[str, Field(max_length=_max_chars("line")), BeforeValidator(documentable)]
LongText = Annotated[str, Field(max_length=_max_chars("text")), BeforeValidator(documentable)]
# … and required, not empty.
Name = Annotated[ShortText, Field(min_length=1)]  # names, numbers, telephones, places: one line
Line = Annotated[LineText, Field(min_length=1)]  # one sentence: a summary, a place with directions
Prose = Annotated[LongText, Field(min_length=1)]  # free text: reasons, descriptions, clauses


def _unmarked(value: Any) -> Any:
    return cnformat.strip_list_marker(value) if isinstance(value, str) else value


# One entry of a list that documents number themselves (standards, payment terms, other matters …):
# a marker typed before it ("- ", "1.", "（1）") is dropped, so that no document prints "6.- …".
ListEntry = Annotated[LineText, BeforeValidator(_unmarked), Field(min_length=1)]


def max_entries(kind: str = "list_entries") -> int:
    """The most entries a list of the spec may have (data/input_limits.yaml `fields`)."""
    return input_limit(f"fields.{kind}").value

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
