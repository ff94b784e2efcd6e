"""Numbers as drafts write them: 3, 三, 叁, 十二, 两, 1,000, 伍佰, 1.5 — and amounts with 万/亿.

Rule patterns use the placeholder ``{NUM}`` for "a number in any of these forms"; the engine expands
it to :data:`NUMBER_PATTERN` and reads the value back with :func:`to_number`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
_CHINESE = "".join(_DIGITS) + "".join(_SMALL_UNITS)

# Arabic (with thousands separators and decimals) or Chinese numerals (without 万/亿, which rules
# treat as units: "500万元", "伍佰万元"). Bounded, and never starting inside a run of digits or
# numerals: searched along 100,000 digits, "\d+分" would scan the rest of the run from every digit.
MAX_DIGITS = 20  # far more than any amount, count or percentage a document states
NUMBER_PATTERN = (rf"(?:(?<![\d,])\d{{1,{MAX_DIGITS}}}(?:,\d{{3}}){{0,6}}(?:\.\d{{1,{MAX_DIGITS}}})?"
                  rf"|(?<![{_CHINESE}])[{_CHINESE}]{{1,{MAX_DIGITS}}})")
UNIT_MULTIPLIERS = {"": Decimal(1), "元": Decimal(1), "万": Decimal(10_000), "万元": Decimal(10_000),
                    "亿": Decimal(100_000_000), "亿元": Decimal(100_000_000)}


def to_number(text: str) -> Decimal | None:
    """'3' -> 3, '1,000' -> 1000, '三' -> 3, '十二' -> 12, '伍佰' -> 500, '两千五百' -> 2500; None if not a number."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return _chinese_to_number(text)


def _chinese_to_number(text: str) -> Decimal | None:
    total = 0
    section = 0
    digit: int | None = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        elif char in _LARGE_UNITS:
            total = (total + section + (digit or 0)) * _LARGE_UNITS[char]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def amount_in_yuan(number: str, unit: str) -> Decimal | None:
    """'500', '万元' -> 5000000; '伍佰', '万' -> 5000000."""
    value = to_number(number)
    multiplier = UNIT_MULTIPLIERS.get(unit)
    if value is None or multiplier is None:
        return None
    return value * multiplier


def expand(pattern: str) -> str:
    """Replace the {NUM} placeholder of rule patterns with the number pattern."""
    return pattern.replace("{NUM}", NUMBER_PATTERN)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(expand(pattern))
