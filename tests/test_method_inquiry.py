"""询价: the 询价公告 (50号 template C) and the 询价通知书, built from the example and variants of it.
What only 询价 says is tested here — one price that cannot be changed (法40), fixed requirements and
contract (条例36), the lowest price meeting the requirements — with the chapters and forms, the
periods, values identical in notice and document, and clean checks and lint."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from document_text import chapter_headings, chapter_text

from conftest import REPO, deep_merge, shared_renderer
from procdocs.checks import run_checks
from procdocs.cnformat import format_date, format_datetime, format_yuan, money_capitals
from procdocs.doctree.nodes import Document, plain_text
from procdocs.law.deadlines import compute
from procdocs.law.limits import limit
from procdocs.law.workdays import WorkCalendar
from procdocs.lint.run import lint_tree
from procdocs.spec import load_spec

EXAMPLE = REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"
Build = Callable[..., dict[str, Document]]

FORMS = ["报价函", "报价一览表", "分项报价表", "技术偏离表", "商务偏离表", "法定代表人身份证明书", "法定代表人授权委托书",
         "资格证明文件", "无重大违法记录声明", "关联关系声明", "中小企业声明函（货物）", "残疾人福利性单位声明函",
         "监狱企业证明文件", "本国产品声明函", "响应保证金凭证或保函", "其他材料"]


@pytest.fixture
def build(tmp_path: Path) -> Build:
    """The example's documents with changes deep-merged into it: name -> document tree."""

    def build(changes: dict[str, Any] | None = None) -> dict[str, Document]:
        data = deep_merge(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), copy.deepcopy(changes or {}))
        path = tmp_path / EXAMPLE.name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return {definition.name: document for definition, document in shared_renderer().build(load_spec(path))}

    return build


@pytest.fixture
def lots() -> list[dict[str, Any]]:
    return copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["lots"])


def _text(document: Document) -> str:
    return "\n".join(run.text for run in document.text_runs())


def _headings(document: Document, prefix: str, level: int) -> list[str]:
    """Headings without their numbering (“一、”)."""
    return [title.split("、", 1)[-1] for title in chapter_headings(document, prefix, level)]


def test_notice_and_the_six_chapters(build: Build) -> None:
    documents = build()
    assert list(documents) == ["询价公告", "询价通知书"]
    document = documents["询价通知书"]
    assert [plain_text(h.inlines) for h in document.headings() if h.level == 1] == [
        "第一章　询价公告", "第二章　供应商须知", "第三章　询价程序及成交原则", "第四章　采购需求", "第五章　合同草案条款",
        "第六章　响应文件格式"]
    assert _headings(document, "第三章", 2) == [
        "询价小组", "评审程序", "资格审查", "符合性审查", "报价", "政策性价格调整", "异常低价审查", "推荐成交候选人",
        "确定成交供应商", "终止采购"]
    assert [h for h in _headings(document, "第六章", 2) if h != "响应文件组成"] == FORMS
    notice = documents["询价公告"]
    assert "采购方式：询价" in _text(notice)
    assert f"自本公告发布之日起{limit('non_tender.notice_period').text}。" in _text(notice)


def test_one_price_that_cannot_be_changed(build: Build) -> None:
    document = build()["询价通知书"]
    instructions, procedure, forms = (chapter_text(document, c) for c in ("第二章", "第三章", "第六章"))
    assert "每个供应商只能一次报出不得更改的价格（《中华人民共和国政府采购法》第四十条）" in instructions
    assert "一次报出不得更改的价格（《中华人民共和国政府采购法》第四十条第（三）项）" in procedure
    assert "不要求、也不接受供应商对报价的任何变更" in procedure
    assert "为我方一次报出、不得更改的价格" in forms
    # the requirements and the contract are fixed (条例36)
    assert ("不得改变本询价通知书所确定的技术和服务等要求、评审程序、评定成交的标准和合同文本等事项"
            "（《中华人民共和国政府采购法实施条例》第三十六条）") in procedure
    text = _text(document)
    for word in ("最后报价", "可能实质性变动", "谈判", "磋商"):
        assert word not in text, word


def test_lowest_price_meeting_the_requirements_wins(build: Build) -> None:
    procedure = chapter_text(build()["询价通知书"], "第三章")
    assert "符合采购需求、质量和服务相等且报价最低的原则确定成交供应商（《中华人民共和国政府采购法》第四十条第（四）项）" in procedure
    assert "按照报价的评审价格（经政策性价格调整后的报价）由低到高的顺序提出3名以上成交候选人" in procedure
    assert "视为确定评审报告提出的报价最低的成交候选人为成交供应商" in procedure
    # the small-enterprise deduction applies to lot 1 only; lot 2 is reserved
    assert "第2包专门面向中小企业采购，不再执行价格扣除" in procedure
    assert "评审价格＝报价×（1－10%）" in procedure
    # no 87号令 same-brand rule outside open tender
    assert "第三十一条" not in _text(build()["询价通知书"])


def test_figures_are_the_same_in_notice_and_document(build: Build) -> None:
    spec = load_spec(EXAMPLE)
    documents = build()
    for name, document in documents.items():
        text = _text(document)
        assert money_capitals(spec.budget) in text, name
        assert format_datetime(spec.timeline.bid_deadline) in text, name
        assert spec.project.number in text, name
    notice = _text(documents["询价公告"])
    document = _text(documents["询价通知书"])
    for lot in spec.lots:
        assert format_yuan(spec.lot_bid_bond(lot)) in notice
        assert format_yuan(spec.lot_bid_bond(lot)) in document
        assert money_capitals(lot.budget) in document


def test_inquiry_periods_in_working_days(build: Build) -> None:
    text = chapter_text(build()["询价通知书"], "第二章")
    lead = limit("inquiry.clarification_lead")
    assert f"于响应文件提交截止时间至少{lead.text}前（即不晚于" in text
    assert f"（{lead.basis}）" in text
    spec = load_spec(EXAMPLE)
    milestones = compute(WorkCalendar(), "inquiry", spec.timeline.notice_date, spec.timeline.bid_deadline.date())
    latest = next(m.date for m in milestones if m.key == "clarification_latest")
    assert f"至少{lead.text}前（即不晚于{format_date(latest)}）" in text
    assert "询价小组可以对已发出的询价通知书进行必要的澄清或者修改" in text


def test_ground_and_panel(build: Build) -> None:
    text = chapter_text(build()["询价通知书"], "第二章")
    assert "《中华人民共和国政府采购法》第三十二条" in text
    assert "由采购人代表和评审专家共3人以上单数组成" in text
    large = chapter_text(build({"project": {"method_basis": {"approval": "江城市财政局批复（江财采函〔2026〕120号）"}}})[
        "询价通知书"], "第二章")
    assert "由采购人代表和评审专家共5人以上单数组成" in large


def test_single_lot_with_commitment_and_no_bond(build: Build, lots: list[dict[str, Any]]) -> None:
    lot = lots[0]
    lot.pop("bid_bond")
    documents = build({"lots": [lot], "project": {"budget": "94万元"}, "qualification_mode": "commitment",
                       "instructions": {"bid_bond_account": None}})
    document = documents["询价通知书"]
    forms = _headings(document, "第六章", 2)
    assert "资格承诺函" in forms
    assert "资格证明文件" not in forms
    assert "响应保证金凭证或保函" not in forms
    assert "本项目不收取响应保证金。" in _text(documents["询价公告"])


def test_the_example_passes_every_check() -> None:
    assert run_checks(load_spec(EXAMPLE)) == []


VARIANTS: dict[str, dict[str, Any]] = {
    "example": {},
    "commitment_paper_no_agency": {"qualification_mode": "commitment", "parties": {"agency": None},
                                   "instructions": {"electronic": "否", "submission": "正本1份、副本2份，密封递交"}},
    "all_reserved": {"sme_policy": {"reserved": "是", "price_deduction": None, "not_reserved_reason": None}},
    "authorised_random_draw": {"instructions": {"award_authorization": "是"},
                               "negotiation": {"supplier_source": "随机抽取"}},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_document_lints_clean(build: Build, lots: list[dict[str, Any]], variant: str) -> None:
    changes = VARIANTS[variant]
    if variant == "all_reserved":
        changes = {**changes, "lots": [{k: v for k, v in lot.items() if k != "sme_reserved"} for lot in lots]}
    for name, document in build(changes).items():
        findings = lint_tree(document)
        assert findings == [], (name, [(f.rule, f.excerpt()) for f in findings])
