"""Numbers as drafts write them: 3, 三, 叁, 十二, 两, 1,000, 伍佰, 1.5, 二〇二〇 — and amounts with 万/亿;
dates as drafts write them: 2020年1月1日, 二〇二〇年一月一日, 2020-01-01, 2020.1.1, 2020/1/1.

Rule patterns use the placeholder ``{NUM}`` for "a number in any of these forms" and ``{DATE}`` for
"a date in any of these forms" (the text is normalised first: full-width digits and marks are ASCII,
traditional characters simplified); the engine expands them to :data:`NUMBER_PATTERN` and
:data:`DATE_PATTERN` and reads the values back with :func:`to_number` and :func:`to_date`.
Neither pattern has named groups, so that a rule may use either placeholder more than once.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from procdocs.lint.regexcache import compile_regex

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
_CHINESE = "".join(_DIGITS) + "".join(_SMALL_UNITS)

# Arabic (with thousands separators and decimals) or Chinese numerals (without 万/亿, which rules
# treat as units: "500万元", "伍佰万元"). Bounded, and never starting inside a run of digits or
# numerals: searched along 100,000 digits, "\d+分" would scan the rest of the run from every digit.
MAX_DIGITS = 20  # far more than any amount, count or percentage a document states
# A published copy may mask a number's digits (注册资本**0万元, 近*年, 2**万元): still a number, of unknown
# value (to_number gives None, so no comparison is made with it).
MASK = "*"
NUMBER_PATTERN = (rf"(?:(?<![\d,*])\d{{1,{MAX_DIGITS}}}(?:,\d{{3}}){{0,6}}(?:\.\d{{1,{MAX_DIGITS}}})?(?![\d*])"
                  rf"|(?<![{_CHINESE}])[{_CHINESE}]{{1,{MAX_DIGITS}}}"
                  rf"|(?<![\d*])(?:\*{{1,4}}\d{{0,6}}|\d{{1,6}}\*{{1,4}}\d{{0,4}})(?![\d*]))")
UNIT_MULTIPLIERS = {"": Decimal(1), "元": Decimal(1), "万": Decimal(10_000), "万元": Decimal(10_000),
                    "亿": Decimal(100_000_000), "亿元": Decimal(100_000_000)}


def to_number(text: str) -> Decimal | None:
    """'3' -> 3, '1,000' -> 1000, '三' -> 3, '十二' -> 12, '伍佰' -> 500, '两千五百' -> 2500; None if not a number."""
    text = text.strip()
    if not text or MASK in text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if (len(text) > 2 or "〇" in text) and all(char in _DIGITS for char in text):
        # 二〇二〇, 一九九九: digit by digit, as years are written (两三 and 三五 stay "three", "five")
        return Decimal("".join(str(_DIGITS[char]) for char in text))
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


# -- dates ---------------------------------------------------------------------------------------

_YEAR_DIGITS = "〇零一二三四五六七八九"
_MONTH_DAY = "一二三四五六七八九十"
# 2020年1月1日 / 二〇二〇年一月一日 (the day may be left out, 号 for 日), or 2020-01-01 / 2020.1.1 / 2020/1/1.
# Never starting or ending inside a run of digits, bounded: linear on any input.
DATE_PATTERN = (rf"(?:(?:(?<!\d)\d{{4}}|(?<![{_YEAR_DIGITS}])[{_YEAR_DIGITS}]{{4}})年"
                rf"(?:\d{{1,2}}|[{_MONTH_DAY}]{{1,2}})月(?:(?:\d{{1,2}}|[{_MONTH_DAY}]{{1,3}})[日号])?"
                r"|(?<![\d.])\d{4}(?:-\d{1,2}-|\.\d{1,2}\.|/\d{1,2}/)\d{1,2}(?![\d.]))")
DATE = compile_regex(DATE_PATTERN)
# The same forms with their parts named, bounded like DATE_PATTERN.
_DATE_PARTS = compile_regex(
    rf"(?P<year>\d{{4}}|[{_YEAR_DIGITS}]{{4}})"
    rf"(?:年(?P<month>\d{{1,2}}|[{_MONTH_DAY}]{{1,2}})月(?:(?P<day>\d{{1,2}}|[{_MONTH_DAY}]{{1,3}})[日号])?"
    r"|(?P<separator>[-./])(?P<numeric_month>\d{1,2})(?P=separator)(?P<numeric_day>\d{1,2}))"
)


def to_date(text: str) -> date | None:
    """'2020年1月1日', '二〇二〇年一月一日', '2020-01-01', '2020.1.1' -> date(2020, 1, 1); a month without
    a day ('2020年1月') -> its first day; None if not a date (or not a real one: 2020年2月30日)."""
    parts = _DATE_PARTS.fullmatch(text.strip())
    if parts is None:
        return None
    year = to_number(parts["year"])
    month = to_number(parts["month"] or parts["numeric_month"])
    day = to_number(parts["day"] or parts["numeric_day"] or "1")
    if year is None or month is None or day is None:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def expand(pattern: str) -> str:
    """Replace the {NUM} and {DATE} placeholders of rule patterns with the number and date patterns."""
    return pattern.replace("{NUM}", NUMBER_PATTERN).replace("{DATE}", DATE_PATTERN)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return compile_regex(expand(pattern))
