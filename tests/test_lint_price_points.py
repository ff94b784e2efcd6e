"""A price weight written in points (价格分（35分）) is judged as its share of the total points (C25e)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from procdocs.law.limits import limit
from procdocs.lint.checks import collect_facts
from procdocs.lint.engine import lint_clause
from procdocs.lint.model import Block, Location

SCORING = "第三章 评审办法 > 评分标准"


def block(text: str, *headings: str) -> Block:
    return Block(text=text, headings=headings or ("招标文件",), location=Location(paragraph=1))


def findings(text: str, title: str = "招标文件") -> list:
    return [finding for finding in lint_clause(text, f"{title} > {SCORING}") if finding.rule == "C25e"]


def test_the_method_is_read_from_the_documents_title_when_no_statement_gives_it() -> None:
    assert collect_facts([block("价格分｜40分｜", "竞争性磋商文件", "第三章 评审办法")]).method == "竞争性磋商"
    assert collect_facts([block("价格分｜40分｜", "招标文件", "第三章 评标办法")]).method is None
    stated = collect_facts([block("采购方式：公开招标。", "竞争性磋商文件")])
    assert stated.method == "公开招标"  # a statement wins over a title


@pytest.mark.parametrize(("text", "category"), [
    ("本项目属于服务类项目（印刷服务）。", "服务"),
    ("本项目为货物类项目。", "货物"),
    ("项目属性：货物。", "货物"),
    ("本项目为服务外包公司提供的平台。", None),
])
def test_the_category_is_read_from_a_statement_of_what_the_project_is(text: str, category: str | None) -> None:
    assert collect_facts([block(text)]).category == category


def test_the_totals_a_document_states_are_kept() -> None:
    facts = collect_facts([block("评分总分为120分，其中价格分满分为40分。")])
    assert sorted(facts.stated_totals) == [Decimal(40), Decimal(120)]


def test_points_are_a_share_of_the_usual_hundred_when_no_total_is_stated() -> None:
    default = limit("lint.scoring_total_points_default")
    assert default.value == 100
    [finding] = findings("项目属性：服务。价格分（8分）：以最低报价为评标基准价。")
    assert "价格分8分占总分100分的8%" in finding.message
    assert "按百分制计" in finding.message
    assert not findings("项目属性：服务。价格分（10分）：以最低报价为评标基准价。")


def test_a_larger_stated_total_changes_the_share() -> None:
    # 30 of 100 is the goods minimum; 30 of 120 is 25 %, below it
    assert not findings("项目属性：货物。价格分（30分）：以最低报价为评标基准价。")
    [finding] = findings("项目属性：货物。总分120分。价格分（30分）：以最低报价为评标基准价。")
    assert "价格分30分占总分120分的25%" in finding.message
    assert "按百分制计" not in finding.message


def test_a_factors_own_smaller_maximum_is_not_the_total() -> None:
    assert not findings("项目属性：货物。技术分满分50分。价格分（40分）：以最低报价为评标基准价。")


def test_the_consultation_maximum_applies_only_to_a_consultation() -> None:
    text = "项目属性：服务。价格分｜40分｜价格得分=（磋商基准价/最后磋商报价）×40。"
    assert findings(text, "竞争性磋商文件")
    assert not findings(text, "公开招标文件")
    # without a category the goods maximum (60 %) is the only certain one
    assert not findings("价格分｜40分｜价格得分=（磋商基准价/最后磋商报价）×40。", "竞争性磋商文件")
    assert findings("价格分｜65分｜价格得分=（磋商基准价/最后磋商报价）×65。", "竞争性磋商文件")


def test_a_score_out_of_the_whole_scale_is_weighted_elsewhere() -> None:
    assert not findings("投标报价得分=（评标基准价/投标报价）×100。")
    assert not findings("投标报价得分=（评标基准价/投标报价）×100×30%。")
