"""A condition read against the note on the project the same sentence gives (C31c): the note says the
project has no use for it, or the condition asks for several times the project's own measure."""

from __future__ import annotations

import pytest

from procdocs.law.limits import limit
from procdocs.lint.engine import lint_clause

QUALIFICATION = "第一章 公告 > 二、申请人的资格要求"


def c31c(text: str, section: str = QUALIFICATION) -> list:
    return [finding for finding in lint_clause(text, section) if finding.rule == "C31c"]


def test_the_ratio_is_data_with_its_basis() -> None:
    ratio = limit("lint.demand_beyond_project_ratio")
    assert ratio.unit == "倍" and ratio.status == "unverified"
    assert "第二十条" in ratio.basis


def test_a_measure_several_times_the_projects_is_reported_with_both_figures() -> None:
    [finding] = c31c("供应商近三年同类业绩中，单个项目维护路灯数量不少于5万盏（本项目维护路灯约6800盏）。")
    assert "要求不少于5万盏" in finding.message and "6800盏" in finding.message


@pytest.mark.parametrize("text", [
    "供应商须具有承办参会人数不少于900人的会议业绩（本次会议参会人数约300人）。",  # three times: reported
    "报价须包含不少于3年的免费维护费用。（本次宣传活动周期为12个月）",  # years against months
    "处置单位设计处置能力不低于每日一千五百吨（本项目日均产泥量约120吨）。",  # a rate written before the quantity
])
def test_the_same_measure_in_other_units(text: str) -> None:
    assert len(c31c(text)) == 1


@pytest.mark.parametrize("text", [
    "供应商须具有承办参会人数不少于800人的会议业绩（本次会议参会人数约300人）。",  # under three times
    "供应商须配备不少于50名保洁人员（本项目保洁面积约3000平方米）。",  # no common measure
    "投标保证金：人民币伍万元整（本项目预算金额为150万元）。",  # an amount, not a demand of at least it
])
def test_nothing_where_the_measures_do_not_compare(text: str) -> None:
    assert c31c(text) == []


def test_a_note_that_the_project_does_without_it() -> None:
    assert len(c31c("供应商须持有《辐射安全许可证》（本次所购仪器均不含放射源或射线装置）。")) == 1
    # a note on imports or on the SME policy is no measure of the need
    assert c31c("供应商须提供制造商授权书，未提供的响应无效（本项目不接受进口产品）。") == []
    assert c31c("供应商须为中小企业（本项目不专门面向小微企业，不含预留份额）。") == []
