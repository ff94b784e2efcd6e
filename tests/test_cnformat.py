from datetime import date, datetime
from decimal import Decimal

import pytest

from procdocs import cnformat


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("0.05", "人民币伍分"),
        ("0.50", "人民币伍角"),
        ("0", "人民币零元整"),
        ("1", "人民币壹元整"),
        ("10", "人民币壹拾元整"),
        ("10.50", "人民币壹拾元零伍角"),
        ("12.04", "人民币壹拾贰元零肆分"),
        ("105000", "人民币壹拾万伍仟元整"),
        ("1200000", "人民币壹佰贰拾万元整"),
        ("1000000.10", "人民币壹佰万元零壹角"),
        ("10000100", "人民币壹仟万零壹佰元整"),
        ("100000000", "人民币壹亿元整"),
        ("100010000", "人民币壹亿零壹万元整"),
        ("100001000", "人民币壹亿零壹仟元整"),
        ("1234567890.12", "人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分"),
    ],
)
def test_money_capitals(amount: str, capitals: str) -> None:
    assert cnformat.money_capitals(Decimal(amount)) == capitals
    # The parser reads back what the formatter writes.
    assert cnformat.parse_money(capitals) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        (1200000, "1200000.00"),
        (1200000.5, "1200000.50"),
        ("1,200,000.00", "1200000.00"),
        ("120万元", "1200000.00"),
        ("120万", "1200000.00"),
        ("¥120万", "1200000.00"),
        ("１２０万元", "1200000.00"),
        ("1.2亿元", "120000000.00"),
        ("3860000元", "3860000.00"),
        ("人民币壹佰贰拾万元整", "1200000.00"),
    ],
)
def test_parse_money_accepts_what_officers_write(text: object, yuan: str) -> None:
    assert cnformat.parse_money(text) == Decimal(yuan)


@pytest.mark.parametrize("text", ["一百万", "12,00,000", "-5", "abc", "", True, 1.005])
def test_parse_money_rejects_nonsense(text: object) -> None:
    with pytest.raises(ValueError):
        cnformat.parse_money(text)


def test_money_figures() -> None:
    assert cnformat.format_yuan(Decimal("3660000")) == "3,660,000.00元"
    assert cnformat.format_amount(Decimal("2160000")) == "2,160,000.00"
    assert cnformat.format_wan(Decimal("3660000")) == "366万元"
    assert cnformat.format_wan(Decimal("1234567.5")) == "123.45675万元"


def test_percent() -> None:
    assert cnformat.parse_percent("2%") == Decimal(2)
    assert cnformat.parse_percent("２．５％") == Decimal("2.5")
    assert cnformat.parse_percent(10) == Decimal(10)
    with pytest.raises(ValueError, match="含义不明确"):
        cnformat.parse_percent(0.02)
    with pytest.raises(ValueError):
        cnformat.parse_percent("120%")
    assert cnformat.format_percent(Decimal("2.50")) == "2.5%"


def test_dates_and_times() -> None:
    assert cnformat.parse_date("2026-12-01") == date(2026, 12, 1)
    assert cnformat.parse_date("2026年12月1日") == date(2026, 12, 1)
    assert cnformat.format_date(date(2026, 12, 1)) == "2026年12月1日"
    moment = cnformat.parse_datetime("2026-12-22 09:30")
    assert moment == datetime(2026, 12, 22, 9, 30, tzinfo=cnformat.BEIJING)
    assert cnformat.format_datetime(moment) == "2026年12月22日09时30分（北京时间）"
    with pytest.raises(ValueError, match="不是存在的日期"):
        cnformat.parse_date("2026-02-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD HH:MM"):
        cnformat.parse_datetime("2026-12-22")


def test_chinese_numbers() -> None:
    assert [cnformat.chinese_number(n) for n in (1, 10, 12, 20, 21)] == ["一", "十", "十二", "二十", "二十一"]
