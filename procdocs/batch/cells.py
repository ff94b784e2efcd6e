"""Turning what Excel gives into what the spec accepts, by the kind of field a column fills.

Excel hands over real dates, serial numbers for dates in unformatted cells, floats for money and
fractions for percentages (a cell showing "2%" holds 0.02); 是否 columns hold √/× as often as 是/否.
The spec types then parse the result with the same rules and Chinese messages as a YAML spec, so a
value means the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from procdocs import cnformat
from procdocs.batch.columns import Column
from procdocs.batch.sources import Cell
from procdocs.input_limits import input_limit
from procdocs.law.methods import method_key, method_names
from procdocs.spec.fields import parse_yes_no, yes_no_words

EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
EXCEL_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 … 9999-12-31


class CellValueError(ValueError):
    """The cell's value cannot fill its column; the message is Chinese."""


def cell_value(cell: Cell, column: Column) -> Any:
    """The value to put at the column's spec path; raises CellValueError."""
    if cell.error:
        raise CellValueError(cell.error)
    assert column.info is not None
    value = cell.value
    kind = column.info.kind
    if kind == "money":
        return _money(value, column.unit)
    if kind == "percent":
        return _percent(value, cell.number_format)
    if kind == "date":
        return _date(value)
    if kind == "datetime":
        return _datetime(value)
    if kind in ("int", "number"):
        return _number(value, kind)
    if kind == "bool":
        return _yes_no(value)
    if kind == "lines":
        return [line.strip() for line in _text(value).splitlines() if line.strip()]
    if kind == "choice":
        return _choice(_text(value), column.info.choices)
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number: 65120318.0
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def _yes_no(value: Any) -> bool:
    """√/×, 是/否, Y/N, 1/0 and Excel's TRUE/FALSE cells: the spec's own spellings (data/yes_no.yaml)."""
    try:
        answer = parse_yes_no(value if isinstance(value, (bool, int, float)) else _text(value))
    except ValueError as exc:
        raise CellValueError(str(exc)) from None
    if not isinstance(answer, bool):  # a date or a time in a 是/否 column
        raise CellValueError(f"「{_text(value)}」不是“是”或“否”，可写 {yes_no_words().hint}")
    return answer


def _money(value: Any, unit: Decimal) -> Any:
    if isinstance(value, bool):
        raise CellValueError("应为金额")
    if isinstance(value, (int, float)):
        amount = Decimal(repr(value)) * unit
        if not amount.is_finite() or abs(amount) > input_limit("fields.max_amount").value:
            # Beyond decimal arithmetic's 28 digits rounding to the fen fails: the spec's parser says why.
            return _refused_by(cnformat.parse_money, amount)
        # Excel stores 0.1+0.2-style sums in binary: round to the fen it displays.
        return str(amount.quantize(cnformat.CENT)) if abs(amount - amount.quantize(cnformat.CENT)) < Decimal("1e-6") \
            else str(amount)
    text = _text(value)
    if unit != 1:
        try:
            return str(Decimal(cnformat.normalize_width(text).replace(",", "")) * unit)
        except InvalidOperation:
            return text  # "120万元" in a 万元 column: the text says its own unit
    return text


def _refused_by(parse: Callable[[Any], Any], value: Decimal) -> Any:
    """`value` as `parse` accepts it, or CellValueError with `parse`'s own message."""
    try:
        return parse(value)
    except ValueError as exc:
        raise CellValueError(str(exc)) from None


def _percent(value: Any, number_format: str) -> Any:
    """0.02 (a cell formatted as 2%) and 2 are both 2%; text such as "2%" is parsed by the spec."""
    if isinstance(value, bool):
        raise CellValueError("应为百分比，如 2%")
    if isinstance(value, (int, float)):
        number = Decimal(repr(value))
        if not number.is_finite():  # NaN cannot even be compared with 1
            return _refused_by(cnformat.parse_percent, number)
        # A percent-formatted cell always holds the fraction; an unformatted number below 1 can only
        # be a fraction too (no legal ratio in a spec is below 1%: bonds, deductions, weights).
        if "%" in number_format or number < 1:
            number *= 100
        return f"{number.normalize():f}%"
    return _text(value)


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellValueError(f"应为日期，不含时间（单元格为 {value:%Y-%m-%d %H:%M}）")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = _from_serial(value)
        if moment.time() != time(0):
            raise CellValueError("应为日期，不含时间")
        return moment.date().isoformat()
    return _text(value)


def _datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        raise CellValueError(f"应为日期和时间（北京时间），如 {value.isoformat()} 09:30；单元格只有日期")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = _from_serial(value)
        if moment.time() == time(0) and float(value).is_integer():
            raise CellValueError(f"应为日期和时间（北京时间），如 {moment.date().isoformat()} 09:30；单元格只有日期")
        return moment.strftime("%Y-%m-%d %H:%M")
    return _text(value)


def _from_serial(value: float) -> datetime:
    """An Excel serial date (days since 1899-12-30, the fraction being the time of day)."""
    low, high = EXCEL_SERIAL_RANGE
    if not low <= value <= high:
        raise CellValueError(f"{value} 不是日期")
    moment = EXCEL_EPOCH + timedelta(days=float(value))
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=round(moment.second / 60))


def _number(value: Any, kind: str) -> Any:
    if isinstance(value, bool):
        raise CellValueError("应为数字")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value if kind == "number" else str(value)
    text = cnformat.normalize_width(_text(value)).replace(",", "")
    return text


def _choice(text: str, choices: tuple[str, ...]) -> str:
    if set(choices) == set(method_names()):  # 采购方式: the Chinese name or the method key
        return method_key(text) or text
    return text
