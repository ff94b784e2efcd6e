"""A payment put off longer than the law's longest payment period (C31f): the period, counted in the
fewest days it can be, against the limit in the law's data."""

from __future__ import annotations

import pytest

from procdocs.law.limits import limit
from procdocs.lint.engine import lint_clause

CONTRACT = "第五章 合同主要条款 > 付款方式"


def c31f(text: str, section: str = CONTRACT) -> list:
    return [finding for finding in lint_clause(text, section) if finding.rule == "C31f"]


def test_the_longest_period_is_data_with_its_basis() -> None:
    longest = limit("lint.payment_days_max")
    assert longest.unit == "日" and longest.status == "in_force"
    assert "保障中小企业款项支付条例" in longest.basis and "第九条" in longest.basis  # the 2025 revision's article


def test_a_day_past_the_limit_is_reported_and_the_limit_itself_is_not() -> None:
    days = int(limit("lint.payment_days_max").value)
    [finding] = c31f(f"付款方式：全部货物验收合格后{days + 1}日内支付合同总价款。")
    assert f"{days + 1}日" in finding.message and str(days) in finding.message
    assert c31f(f"付款方式：全部货物验收合格后{days}日内支付合同总价款。") == []


@pytest.mark.parametrize("text", [
    "采购人在收到中标人开具的发票后3个月内支付全部服务费。",  # 3 months are at least 84 days
    "付款：项目验收合格满两年后，经审计无误支付合同金额的60%。",  # years, 满 before the period
    "验收合格后6个月内分两期支付合同款，每期支付50%。",  # the last instalment may come at six months
])
def test_periods_in_months_and_years(text: str) -> None:
    assert len(c31f(text)) == 1


@pytest.mark.parametrize("text", [
    "采购人在收到发票后两个月内支付当季服务费。",  # two months may be 59 days
    "验收合格后45个工作日内支付合同款。",  # working days are counted as at least one day each
    "验收合格后支付合同金额的95%，剩余5%作为质保金，质保期满一年后无息支付。",  # money kept against defects
    "到货验收合格后一年内，如无质量问题，支付尾款10%。",
    "合同签订后7日内支付30%预付款，货物交付后一年内完成安装调试，验收合格后10日内付清余款。",  # another duty's period
    "验收合格后12个月内出现质量问题的，维修费用由中标人支付。",  # the supplier pays
])
def test_what_is_not_a_late_payment(text: str) -> None:
    assert c31f(text) == []
