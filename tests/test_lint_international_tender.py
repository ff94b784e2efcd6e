"""An international tender (国际公开招标) buys goods from abroad: manufacturer authorisation is lawful there."""

from __future__ import annotations

from procdocs.lint.checks import collect_facts
from procdocs.lint.engine import lint_clause
from procdocs.lint.model import Block, Location

CLAUSE = "如果投标人所投的货物不是投标人自己制造的，投标人应得到制造商同意其在本次投标中提供该货物的正式授权书。"


def codes(title: str) -> set[str]:
    return {finding.rule for finding in lint_clause(CLAUSE, f"{title} > 3. 投标人的资格要求")}


def test_an_international_tender_accepts_imports() -> None:
    block = Block(text=CLAUSE, headings=("彩色超声诊断仪国际公开招标公告",), location=Location(paragraph=1))
    assert collect_facts([block]).accepts_imports


def test_manufacturer_authorisation_is_reported_only_outside_an_international_tender() -> None:
    assert "C18" not in codes("江城医院彩色超声诊断仪国际公开招标公告")
    assert "C18" in codes("江城医院彩色超声诊断仪公开招标公告")
