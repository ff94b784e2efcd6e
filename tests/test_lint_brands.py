"""The brand and credential families read by meaning: any brand, honour, testing body or cancelled
qualification of the lexicons, not only the rules' examples; common words and lawful contexts stay clean."""

from __future__ import annotations

import random

import pytest

from procdocs.lint.concepts import compile_pattern
from procdocs.lint.engine import lint_clause
from procdocs.lint.lexicons import lexicon

TECHNICAL = "第四章 采购需求 > 技术参数"
SCORING = "第三章 评标办法 > 评分标准"
QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"


def codes(text: str, section: str) -> set[str]:
    return {finding.rule[:3] for finding in lint_clause(text, section)}


def _sample(name: str, count: int, *, bare: bool) -> list[str]:
    """Some forms of a lexicon, the same on every run: those that stand alone, or those that need a cue."""
    alone, cued = lexicon(name).forms()
    return random.Random(14).sample(sorted(alone if bare else cued), count)


@pytest.mark.parametrize("brand", _sample("brands", 12, bare=True) + _sample("brands", 6, bare=False))
def test_any_brand_of_the_lexicon_is_a_brand(brand: str) -> None:
    assert "C17" in codes(f"★所投设备须为{brand}品牌。", TECHNICAL)
    assert "C17" in codes(f"所投产品为{brand}品牌的得3分。", SCORING)
    assert not codes(f"现有设备为{brand}品牌，投标产品须通过开放接口与其互联。", TECHNICAL) & {"C16", "C17"}
    assert not codes(f"维保范围：{brand}品牌设备10台。", TECHNICAL) & {"C16", "C17"}


@pytest.mark.parametrize("text", [
    "价格力度", "系统信息", "平台达到", "上海康复", "最佳能效", "加强生产", "说明基本", "物理光学", "联想到", "三星级酒店",
    "美的风景", "金山区", "HPLC检测", "IBMS系统", "GET请求", "大众参与", "长城脚下", "东风路",
])
def test_common_words_are_not_brands(text: str) -> None:
    assert compile_pattern("{BRAND}").search(text) is None


@pytest.mark.parametrize(("text", "brand"), [
    ("处理器：IntelCorei7", "Intel"), ("打印机：HPLaserJetPro", "HPLaserJet"), ("华为S5735交换机", "华为"),
    ("联想（Lenovo）", "联想"), ("格力、美的或海尔品牌", "格力"), ("统信UOS", "统信UOS"),
])
def test_brands_are_found_as_written(text: str, brand: str) -> None:
    assert compile_pattern("{BRAND}").search(text).group() == brand


@pytest.mark.parametrize("form", _sample("cancelled_qualifications", 8, bare=True))
def test_any_cancelled_qualification_is_reported(form: str) -> None:
    assert "C12" in codes(f"投标人须具有{form}。", QUALIFICATION)
    assert "C12" not in codes(f"{form}已取消，本项目不作要求。", QUALIFICATION)


@pytest.mark.parametrize("form", _sample("honours", 10, bare=True))
def test_any_honour_as_a_score_is_reported(form: str) -> None:
    found = codes(f"投标人具有{form}的，得2分。", SCORING)
    assert found & {"C10", "C11"}, found  # a credit rating is C10's, which takes over C11
    assert not codes(f"采购人不得将{form}作为资格条件或者评审因素。", SCORING) & {"C10", "C11"}


@pytest.mark.parametrize("form", _sample("testing_bodies", 8, bare=True))
def test_any_named_testing_body_is_reported(form: str) -> None:
    assert "C22" in codes(f"须提供{form}出具的检测报告。", TECHNICAL)
    assert "C22" not in codes("须提供具有CMA资质认定的检验检测机构出具的检测报告。", TECHNICAL)


def test_the_lexicons_say_where_they_come_from() -> None:
    for name in ("brands", "honours", "testing_bodies", "cancelled_qualifications"):
        assert lexicon(name).source and lexicon(name).status == "unverified"
    for entry in lexicon("cancelled_qualifications").entries:
        assert entry.category == "never_statutory" or entry.document, entry.term
