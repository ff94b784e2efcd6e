"""Chinese money, percentage and date handling: parsing what officers type, formatting what documents print.

Parsing accepts the forms officers actually write — ``1200000``, ``"1,200,000.00"``, ``"120万元"``,
``"¥120万"``, ``"1.2亿元"``, ``"人民币壹佰贰拾万元整"`` — and formatting produces the forms procurement
documents print: ``1,200,000.00元``, ``120.00万元`` and the financial capitals
``人民币壹佰贰拾万元整`` (中文大写金额, following the 《支付结算办法》 conventions).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from procdocs.input_limits import input_limit

BEIJING = timezone(timedelta(hours=8), "北京时间")

CENT = Decimal("0.01")
_UNIT_MULTIPLIERS = {"": Decimal(1), "元": Decimal(1), "万": Decimal(10_000), "万元": Decimal(10_000),
                     "亿": Decimal(100_000_000), "亿元": Decimal(100_000_000)}

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_SMALL_UNITS = ["", "拾", "佰", "仟"]
_CAPITAL_GROUP_UNITS = ["", "万", "亿", "万亿"]


def normalize_width(text: str) -> str:
    """Fold full-width digits, letters and punctuation (１２０，％) to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

_MONEY_RE = re.compile(
    r"^(?:人民币|RMB|CNY)?\s*(?:[¥￥]\s*)?(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<unit>万元|亿元|万|亿|元)?(?:整|正)?$",
    re.IGNORECASE,
)


def parse_money(value: object) -> Decimal:
    """Parse an amount of money into yuan (元) as a Decimal with at most two decimals.

    Raises ValueError with a Chinese message when the value is not an amount.
    """
    if isinstance(value, bool):
        raise ValueError("应为金额，如 1200000、\"1,200,000.00\" 或 \"120万元\"")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        amount = _parse_money_text(value)
    else:
        raise ValueError("应为金额，如 1200000、\"1,200,000.00\" 或 \"120万元\"")
    amount = _within_range(amount)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(f"金额 {value} 精确到分即可（最多两位小数）")
    return amount.quantize(CENT)


def _within_range(amount: Decimal) -> Decimal:
    """Refuse NaN, infinities, negative and absurdly large amounts before any arithmetic on them:
    beyond 28 significant digits (cents included) decimal rounding itself fails."""
    if not amount.is_finite():
        raise ValueError("应为金额，如 1200000、\"1,200,000.00\" 或 \"120万元\"")
    if amount < 0:
        raise ValueError("金额不能为负数")
    maximum = input_limit("fields.max_amount")
    if amount > maximum.value:
        raise ValueError(f"金额过大（超过 {maximum.text}），请检查是否多写了数字")
    return amount


def _parse_money_text(text: str) -> Decimal:
    cleaned = normalize_width(text).strip().replace(" ", "")
    if not cleaned:
        raise ValueError("金额不能为空")
    match = _MONEY_RE.match(cleaned)
    if match:
        number = match["number"]
        if "," in number and not re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?", number):
            raise ValueError(f"「{text}」的千位分隔符位置不对")
        try:
            amount = Decimal(number.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
            raise ValueError(f"「{text}」不是有效的金额") from None
        return amount * _UNIT_MULTIPLIERS[match["unit"] or ""]
    capitals = cleaned.removeprefix("人民币")
    if capitals and all(ch in _CAPITAL_DIGITS + "拾佰仟万亿元圆角分整正" for ch in capitals):
        return parse_capital_amount(capitals)
    raise ValueError(f"「{text}」不是有效的金额，应写成 1200000、\"1,200,000.00\" 或 \"120万元\"")


def parse_capital_amount(text: str) -> Decimal:
    """Parse financial capitals such as 壹佰贰拾万元整 or 壹仟零伍元叁角 into a Decimal."""
    body = text.removeprefix("人民币").rstrip("整正")
    yuan_part, separator, fraction_part = body.replace("圆", "元").partition("元")
    if not separator and ("角" in body or "分" in body):
        yuan_part, fraction_part = "", body
    integer = _parse_capital_integer(yuan_part)
    fraction = Decimal(0)
    match = re.fullmatch(r"零?(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?", fraction_part)
    if match is None:
        raise ValueError(f"「{text}」的角分部分无法识别")
    if match[1]:
        fraction += Decimal(_CAPITAL_DIGITS.index(match[1])) / 10
    if match[2]:
        fraction += Decimal(_CAPITAL_DIGITS.index(match[2])) / 100
    return _within_range(integer + fraction).quantize(CENT)


def _parse_capital_integer(text: str) -> Decimal:
    if not text:
        return Decimal(0)
    total = 0
    section = 0  # the value below the current 万/亿 group
    digit = 0
    for ch in text:
        if ch in _CAPITAL_DIGITS:
            digit = _CAPITAL_DIGITS.index(ch)
        elif ch in "拾佰仟":
            section += (digit or 1) * 10 ** ("拾佰仟".index(ch) + 1)
            digit = 0
        elif ch == "万":
            section += digit
            # 万 after 亿 within the same number multiplies only what came after the 亿.
            total += section * 10_000
            section = digit = 0
        elif ch == "亿":
            section += digit
            total = (total + section) * 100_000_000
            section = digit = 0
        else:
            raise ValueError(f"「{text}」含无法识别的字符「{ch}」")
    return Decimal(total + section + digit)


def format_yuan(amount: Decimal | int | float) -> str:
    """1200000 -> '1,200,000.00元'."""
    return f"{Decimal(str(amount)).quantize(CENT):,.2f}元"


def format_amount(amount: Decimal | int | float) -> str:
    """1200000 -> '1,200,000.00' (for table cells whose header names the unit)."""
    return f"{Decimal(str(amount)).quantize(CENT):,.2f}"


def format_wan(amount: Decimal | int | float) -> str:
    """1200000 -> '120.00万元' (the unit budget tables in notices use)."""
    # Amounts are whole cents, so dividing by 10 000 is exact: no rounding can hide a difference.
    return f"{(Decimal(str(amount)) / 10_000).normalize():f}万元"


def money_capitals(amount: Decimal | int | float, prefix: str = "人民币") -> str:
    """Financial capitals: 1200000 -> '人民币壹佰贰拾万元整', 0.05 -> '人民币伍分'.

    Conventions (《支付结算办法》 附件《正确填写票据和结算凭证的基本规定》): every magnitude is
    written (壹拾, not 拾); one 零 stands for any run of zeros between non-zero digits; 整 follows
    an amount that ends at 元 (or 角 is left without it); when the 元 digit is zero but 角 or 分
    follows, a single 零 is written (壹佰万元零壹角).
    """
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("金额不能为负数")
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10

    text = _capital_integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        text = (text or "零元") + "整"
    else:
        if yuan and (yuan % 10 == 0 or jiao == 0):
            text += "零"
        if jiao:
            text += _CAPITAL_DIGITS[jiao] + "角"
        if fen:
            text += _CAPITAL_DIGITS[fen] + "分"
    return prefix + text


def _capital_integer(number: int) -> str:
    groups: list[int] = []
    while number:
        groups.append(number % 10_000)
        number //= 10_000
    parts: list[str] = []
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(parts)
            continue
        if parts and (need_zero or group < 1000):
            parts.append("零")
        parts.append(_capital_group(group) + _CAPITAL_GROUP_UNITS[index])
        need_zero = False
    return "".join(parts)


def _capital_group(group: int) -> str:
    digits = f"{group:04d}".lstrip("0")
    text = ""
    zero_pending = False
    for position, ch in enumerate(digits):
        digit = int(ch)
        unit = _CAPITAL_SMALL_UNITS[len(digits) - position - 1]
        if digit == 0:
            zero_pending = True
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _CAPITAL_DIGITS[digit] + unit
    return text


# ---------------------------------------------------------------------------------------------
# Percentages
# ---------------------------------------------------------------------------------------------

def parse_percent(value: object) -> Decimal:
    """Parse '2%', '２％', 2 or 2.5 as percentage points (Decimal('2')).

    A bare number between 0 and 1 is refused: in a spec it is ambiguous (0.02 = 2% or 0.02%?),
    so officers write the percent sign.
    """
    if isinstance(value, bool):
        raise ValueError("应为百分比，如 \"2%\"")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError("应为百分比，如 \"2%\"")
        if 0 < number < 1:
            raise ValueError(f"{value} 含义不明确，请写成百分比形式，如 \"{number * 100:g}%\"")
    elif isinstance(value, str):
        text = normalize_width(value).strip().replace(" ", "")
        match = re.fullmatch(r"(?:百分之)?([0-9]+(?:\.[0-9]+)?)%?", text)
        if not match:
            raise ValueError(f"「{value}」不是有效的百分比，应写成如 \"2%\"")
        number = Decimal(match[1])
    else:
        raise ValueError("应为百分比，如 \"2%\"")
    if number < 0 or number > 100:
        raise ValueError(f"百分比 {value} 应在 0% 到 100% 之间")
    return number


def format_percent(points: Decimal | int | float) -> str:
    """Decimal('2.50') -> '2.5%'."""
    number = Decimal(str(points)).normalize()
    return f"{number:f}%"


# ---------------------------------------------------------------------------------------------
# Dates and times (always Beijing time)
# ---------------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
_TIME_RE = re.compile(r"^(\d{1,2})(?::|时|点)(\d{1,2})分?$")


def parse_date(value: object) -> date:
    """Parse '2026-12-01' (also 2026/12/1, 2026年12月1日) into a date within the supported years."""
    if isinstance(value, datetime):
        raise ValueError("应为日期 YYYY-MM-DD，不含时间")
    if isinstance(value, date):
        return supported_date(value, value.isoformat())
    if not isinstance(value, str):
        raise ValueError("应为日期 YYYY-MM-DD，如 2026-12-01")
    text = normalize_width(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _make_date(value, *match.groups())
    raise ValueError("应为日期 YYYY-MM-DD，如 2026-12-01")


def _make_date(original: str, year: str, month: str, day: str) -> date:
    try:
        made = date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"「{original}」不是存在的日期") from None
    return supported_date(made, original)


def supported_date(value: date, original: str) -> date:
    """`value` if its year is one procdocs can count working days in; ValueError otherwise.

    The working-day calendar derives holidays from the lunar calendar, which has a finite range;
    the range (data/input_limits.yaml) leaves room for periods counted forward and back from a date.
    """
    earliest, latest = input_limit("fields.earliest_year"), input_limit("fields.latest_year")
    if not earliest.value <= value.year <= latest.value:
        raise ValueError(f"「{original}」超出支持的日期范围：年份应在 {earliest.text}至{latest.text}之间")
    return value


def parse_datetime(value: object) -> datetime:
    """Parse '2026-12-22 09:30' (Beijing time) into an aware datetime."""
    if isinstance(value, datetime):
        supported_date(value.date(), value.isoformat(" ", "minutes"))
        return value if value.tzinfo else value.replace(tzinfo=BEIJING)
    if not isinstance(value, str):
        raise ValueError("应为 YYYY-MM-DD HH:MM（北京时间），如 2026-12-22 09:30")
    text = normalize_width(value).strip()
    date_text, _, time_text = re.sub(r"(?<=日)(?=\d)", " ", text).replace("T", " ").partition(" ")
    time_text = time_text.strip()
    match = _TIME_RE.match(time_text) if time_text else None
    if not match:
        raise ValueError("应为 YYYY-MM-DD HH:MM（北京时间），如 2026-12-22 09:30")
    day = parse_date(date_text)
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"「{value}」的时间不存在")
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def format_date(value: date) -> str:
    """date(2026, 12, 1) -> '2026年12月1日'."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_datetime(value: datetime) -> str:
    """'2026年12月22日09时30分（北京时间）', the form notices use for deadlines."""
    local = value.astimezone(BEIJING)
    return f"{format_date(local.date())}{local.hour:02d}时{local.minute:02d}分（北京时间）"


def format_time(value: datetime) -> str:
    """'09:30' for the clock time alone."""
    local = value.astimezone(BEIJING)
    return f"{local.hour:02d}:{local.minute:02d}"


_WEEKDAYS = "一二三四五六日"


def format_weekday(value: date) -> str:
    """'星期二'."""
    return "星期" + _WEEKDAYS[value.weekday()]


def chinese_number(number: int | Decimal) -> str:
    """Section numbering and counts: 1 -> '一', 12 -> '十二', 21 -> '二十一' (for 一、二、… headings)."""
    if number != int(number):
        raise ValueError(f"{number} 不是整数")
    number = int(number)
    if not 0 < number < 100:
        raise ValueError("只支持 1–99 的序号")
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# ---------------------------------------------------------------------------------------------
# List items
# ---------------------------------------------------------------------------------------------

# A list marker an officer typed before an item that procdocs numbers itself: "- ", "* ", "•",
# "1.", "1、", "(1)", "（一）", "一、", "①". Hyphens, asterisks and plus signs need a space after
# them, so that "-20℃" keeps its meaning; a number needs something other than a number after it,
# so that "1.5吨", "1、2号楼" and "一、二级医院" are content, not item numbers. ★ and ▲ are
# requirement marks, never list markers.
_LIST_MARKER_RE = re.compile(
    r"^[\s\u3000]*(?:"
    r"[-*+–][\s\u3000]+"
    r"|[•·●▪◦・‧]"
    r"|\d{1,3}[.．、)）](?!\d)"
    r"|[(（](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]"
    r"|[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十])"
    r"|[\u2460-\u2473]"
    r")[\s\u3000]*"
)


def strip_list_marker(text: str) -> str:
    """The item without the marker typed before it: '- 本项目…' -> '本项目…', '（1）交货…' -> '交货…'.

    Every place where items get procdocs' own numbering uses this — the spec's list entries (before
    the requirement marks ★/▲ are read), document lists, hand-numbered template lists and the
    interview's list answers — so that no "6.- …" is printed.
    """
    match = _LIST_MARKER_RE.match(text)
    return text[match.end():] if match else text
