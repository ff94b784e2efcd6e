"""A record window written from a year (2018年至今) is judged against the year the document speaks from."""

from __future__ import annotations

import datetime

from procdocs.lint.checks import collect_facts
from procdocs.lint.engine import lint_blocks, prepare
from procdocs.lint.model import Block, Location

CLAUSE = "供应商2019年至今无行贿犯罪记录。"


def blocks(*texts: str) -> list[Block]:
    return [Block(text=text, headings=("第一章 招标公告", "二、申请人的资格要求"), location=Location(paragraph=index))
            for index, text in enumerate(texts, 1)]


def codes(*texts: str) -> list[str]:
    document = blocks(*texts)
    prepare(document)
    return [finding.rule for finding in lint_blocks(document)]


def test_the_document_year_is_the_latest_date_of_its_procedure() -> None:
    facts = collect_facts(blocks("获取招标文件时间：2021年7月5日至2021年7月12日。",
                                 "《中华人民共和国政府采购法》（2014年8月31日修正）",
                                 "服务期：2021年9月1日至2028年8月31日。", "投标截止时间：2021年7月26日。"))
    assert facts.year == 2021  # neither the law's date nor the end of the service period


def test_without_a_procedure_date_the_document_speaks_from_this_year() -> None:
    assert collect_facts(blocks(CLAUSE)).year == datetime.date.today().year


def test_a_window_from_three_years_back_or_more_is_reported() -> None:
    assert "C23d" in codes("投标截止时间：2022年7月26日。", CLAUSE)
    assert "C23d" not in codes("投标截止时间：2021年7月26日。", CLAUSE)
