"""One lint matches each distinct sentence once (engine._SentenceMemo): a sentence repeated in other
blocks — forms and tables repeat their cells — gets its findings at each block's own place and in its
own words, and whatever else decides a finding (role, headings, the factor a cell is read with) still
decides it block by block."""

from __future__ import annotations

import gc

import pytest

from procdocs.lint import engine
from procdocs.lint.engine import lint_blocks, prepare
from procdocs.lint.model import Block, Finding, Location

SIZE = "投标人注册资本不低于500万元。"


def _lint(*blocks: Block) -> list[Finding]:
    document = list(blocks)
    prepare(document)
    return lint_blocks(document)


def _heading(text: str, level: int, paragraph: int) -> Block:
    return Block(text=text, location=Location(paragraph=paragraph), heading_level=level)


def _paragraph(text: str, paragraph: int) -> Block:
    return Block(text=text, location=Location(paragraph=paragraph))


def test_a_repeated_sentence_is_reported_at_each_of_its_blocks() -> None:
    cell = Block(text=f"说明：{SIZE}", location=Location(table=1, row=2, column=3))
    findings = _lint(_heading("第一章 招标公告", 1, 1), _heading("二、申请人的资格要求", 2, 2),
                     _paragraph(SIZE, 3), _paragraph(f"1. {SIZE}", 4), _paragraph(SIZE, 5), cell)
    places = [(finding.rule, finding.block.location, finding.match) for finding in findings]
    assert places == [
        ("C07", Location(paragraph=3), "注册资本不低于500万元"),
        ("C07", Location(paragraph=4), "注册资本不低于500万元"),
        ("C07", Location(paragraph=5), "注册资本不低于500万元"),
        ("C07", Location(table=1, row=2, column=3), "注册资本不低于500万元"),
    ]
    assert [(finding.start, finding.end) for finding in findings] == [(3, 15), (6, 18), (3, 15), (6, 18)]


def test_blocks_written_differently_but_read_alike_are_quoted_in_their_own_words() -> None:
    # Full-width digits and a stray space normalise to the same sentence as SIZE: matched once, quoted twice.
    findings = _lint(_heading("资格要求", 1, 1), _paragraph(SIZE, 2), _paragraph("投标人注册 资本不低于５００万元。", 3))
    assert [(finding.match, finding.start, finding.end) for finding in findings] == [
        ("注册资本不低于500万元", 3, 15), ("注册 资本不低于５００万元", 3, 16)]
    assert [finding.message for finding in findings] == [
        "以规模条件或者财务指标（注册资本不低于500万元）作为资格要求或者评审因素",
        "以规模条件或者财务指标（注册 资本不低于５００万元）作为资格要求或者评审因素",
    ]


def test_the_same_sentence_follows_each_blocks_role() -> None:
    findings = _lint(_heading("资格要求", 1, 1), _paragraph(SIZE, 2),
                     _heading("第四章 采购需求", 1, 3), _heading("技术参数", 2, 4), _paragraph(SIZE, 5),
                     _heading("第五章 合同主要条款", 1, 6), _paragraph(SIZE, 7))
    assert [(finding.rule, finding.block.location) for finding in findings] == [
        ("C07", Location(paragraph=2)), ("C07b", Location(paragraph=5))]


def test_a_rule_for_some_headings_follows_each_blocks_headings() -> None:
    # C21a applies only under a heading naming what registration requires.
    item = "1、营业执照副本复印件加盖公章；"
    findings = _lint(_heading("谈判公告", 1, 1), _heading("四、报名须知", 2, 2), _paragraph(item, 3),
                     _heading("第二章 投标人须知", 1, 4), _heading("投标文件的组成", 2, 5), _paragraph(item, 6))
    assert [(finding.rule, finding.block.location) for finding in findings if finding.rule.startswith("C21")] == [
        ("C21a", Location(paragraph=3))]


def test_the_same_criterion_follows_each_cells_factor() -> None:
    criterion = "本地企业得3分"
    located = Block(text=criterion, location=Location(table=1, row=2, column=3), context="企业所在地")
    service = Block(text=criterion, location=Location(table=1, row=3, column=3), context="售后服务")
    findings = _lint(_heading("第三章 评标办法", 1, 1), _heading("评分标准", 2, 2), located, service)
    assert [(finding.rule, finding.block.location.row, finding.message) for finding in findings] == [
        ("C01", 2, "以注册地、所在地限制或者区别对待供应商（企业所在地：本地企业得3分）"),
        ("C01", 3, "以注册地、所在地限制或者区别对待供应商（本地企业得3分）"),
    ]


def test_a_full_memo_starts_afresh_with_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    def document() -> list[Block]:
        return [_heading("资格要求", 1, 1), *(_paragraph(text, index + 2) for index, text in enumerate(
            [SIZE, "投标人须在本市注册。", SIZE, "日期：", SIZE, "投标人须在本市注册。", "日期：", SIZE]))]

    expected = [(finding.rule, finding.block.location, finding.start, finding.end) for finding in _lint(*document())]
    assert len(expected) >= 6
    monkeypatch.setattr(engine, "MEMO_ENTRIES", 2)
    monkeypatch.setattr(engine, "MEMO_SENTENCES", 1)
    assert [(finding.rule, finding.block.location, finding.start, finding.end)
            for finding in _lint(*document())] == expected


def test_a_lint_leaves_nothing_for_the_cyclic_collector_and_restores_it() -> None:
    # The engine pauses the collector while it works because it makes no reference cycles: check both.
    blocks = [_heading("资格要求", 1, 1), *(_paragraph(f"{index}. {SIZE}", index + 1) for index in range(50))]
    _lint(*blocks)  # the rulebook compiled, caches warm
    gc.collect()
    enabled = gc.isenabled()
    try:
        gc.disable()
        findings = _lint(*[Block(text=block.text, location=block.location, heading_level=block.heading_level)
                           for block in blocks])
        assert len(findings) == 50
        assert not gc.isenabled()  # a caller's choice is kept
        del findings
        assert gc.collect() == 0
        gc.enable()
        _lint(_paragraph(SIZE, 1))
        assert gc.isenabled()
    finally:
        if enabled:
            gc.enable()
        else:
            gc.disable()


def test_a_frame_whose_unless_depends_on_the_role_is_judged_per_role() -> None:
    # C02's promise to set up after the award excuses a requirement, not a scoring row that rewards it beside a
    # presence held today (unless_not_in: scoring): the same sentence in both roles, matched once, judged twice.
    promise = "售后服务网点：投标人承诺中标后在本市设立售后服务网点或已设立的得2分。"
    findings = _lint(_heading("第四章 采购需求", 1, 1), _heading("商务要求", 2, 2), _paragraph(promise, 3),
                     _heading("第三章 评标办法", 1, 4), _heading("评分标准", 2, 5), _paragraph(promise, 6))
    assert [(finding.rule, finding.block.location) for finding in findings] == [("C02", Location(paragraph=6))]
    reversed_order = _lint(_heading("第三章 评标办法", 1, 1), _heading("评分标准", 2, 2), _paragraph(promise, 3),
                           _heading("第四章 采购需求", 1, 4), _heading("商务要求", 2, 5), _paragraph(promise, 6))
    assert [(finding.rule, finding.block.location) for finding in reversed_order] == [("C02", Location(paragraph=3))]
