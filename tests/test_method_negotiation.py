"""竞争性谈判 and 竞争性磋商: the notice (50号 template C) and the 谈判文件 / 磋商文件, built from the two
examples and variants of them. Shared text is tested where it lives (tests/test_tender_*.py); here:
the chapters and forms each method has, what only 谈判 and 磋商 say (可能实质性变动的内容, talks, 最后
报价, 成交原则 / 综合评分, 终止), the periods of each method, values identical in notice and document,
and that every variant checks and lints clean."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
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

NEGOTIATION = REPO / "specs" / "examples" / "competitive_negotiation-after-failed-tender.yaml"
CONSULTATION = REPO / "specs" / "examples" / "competitive_consultation-nev-rental.yaml"
Build = Callable[..., dict[str, Document]]

NEGOTIATION_FORMS = ["响应函", "首次报价表", "分项报价表", "技术偏离表", "商务偏离表", "法定代表人身份证明书",
                     "法定代表人授权委托书", "资格承诺函", "关联关系声明", "中小企业声明函（货物）",
                     "残疾人福利性单位声明函", "监狱企业证明文件", "本国产品声明函", "响应保证金凭证或保函", "其他材料", "最后报价表"]
CONSULTATION_FORMS = ["响应函", "首次报价表", "分项报价表", "技术偏离表", "商务偏离表", "法定代表人身份证明书",
                      "法定代表人授权委托书", "资格承诺函", "关联关系声明", "中小企业声明函（工程、服务）",
                      "残疾人福利性单位声明函", "监狱企业证明文件", "评分因素响应材料", "其他材料", "最后报价表"]


# -- helpers ------------------------------------------------------------------------------------

@pytest.fixture
def build(tmp_path: Path) -> Build:
    """Build an example's documents, with changes deep-merged into it: name -> document tree."""

    def build(example: Path, changes: dict[str, Any] | None = None) -> dict[str, Document]:
        data = deep_merge(yaml.safe_load(example.read_text(encoding="utf-8")), copy.deepcopy(changes or {}))
        path = tmp_path / example.name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return {definition.name: document for definition, document in shared_renderer().build(load_spec(path))}

    return build


def _text(document: Document) -> str:
    return "\n".join(run.text for run in document.text_runs())


def _chapters(document: Document) -> list[str]:
    return [plain_text(h.inlines) for h in document.headings() if h.level == 1]



def _forms(document: Document) -> list[str]:
    return [title.split("、", 1)[1] for title in chapter_headings(document, "第六章", 2) if "、" in title]


def _notice_body(document: Document) -> list[str]:
    return [run.text for run in document.text_runs() if run.style not in {"header", "title"}]


def _first_chapter_body(document: Document) -> list[str]:
    lines: list[str] = []
    inside = False
    for run in document.text_runs():
        if run.style == "heading1" and run.where.startswith("标题"):
            if inside:
                break
            inside = run.text.startswith("第一章")
            continue
        if inside and run.style not in {"title", "subtitle"}:  # the notice's title is a subtitle in its chapter
            lines.append(run.text)
    return lines


# -- 竞争性谈判 ---------------------------------------------------------------------------------

def test_negotiation_has_the_notice_and_the_six_chapters(build: Build) -> None:
    documents = build(NEGOTIATION)
    assert list(documents) == ["竞争性谈判公告", "谈判文件"]
    assert _chapters(documents["谈判文件"]) == [
        "第一章　竞争性谈判公告", "第二章　供应商须知", "第三章　谈判程序及成交原则", "第四章　采购需求",
        "第五章　合同草案条款", "第六章　响应文件格式"]
    assert _forms(documents["谈判文件"]) == NEGOTIATION_FORMS
    procedure = chapter_headings(documents["谈判文件"], "第三章", 2)
    assert [h.split("、", 1)[1] for h in procedure] == [
        "谈判小组", "评审程序", "资格审查", "符合性审查", "谈判", "最后报价", "政策性价格调整", "异常低价审查",
        "推荐成交候选人", "确定成交供应商", "终止采购"]


def test_the_notice_follows_template_c_and_is_the_firstchapter_text(build: Build) -> None:
    documents = build(NEGOTIATION)
    notice = documents["竞争性谈判公告"]
    headings = [plain_text(h.inlines) for h in notice.headings()]
    assert headings == ["项目概况", "一、项目基本情况", "二、申请人的资格要求：", "三、获取采购文件", "四、响应文件提交",
                        "五、响应文件开启", "六、公告期限", "七、其他补充事宜", "八、凡对本次采购提出询问，请按以下方式联系。"]
    text = _text(notice)
    assert "采购方式：竞争性谈判" in text
    assert f"自本公告发布之日起{limit('non_tender.notice_period').text}。" in text
    assert "本项目不接受联合体。" in text
    # The 谈判文件's first chapter is the notice, word for word.
    assert _first_chapter_body(documents["谈判文件"]) == _notice_body(notice)


def test_budget_deadline_and_bonds_are_the_same_in_notice_and_document(build: Build) -> None:
    spec = load_spec(NEGOTIATION)
    documents = build(NEGOTIATION)
    for name, document in documents.items():
        text = _text(document)
        assert money_capitals(spec.budget) in text, name
        assert format_datetime(spec.timeline.bid_deadline) in text, name
        assert spec.project.number in text, name
    document = _text(documents["谈判文件"])
    for lot in spec.lots:
        assert format_yuan(spec.lot_bid_bond(lot)) in document
    assert "第1包20,000.00元；第2包10,000.00元" in _text(documents["竞争性谈判公告"])


def test_the_method_ground_and_its_approval_are_stated(build: Build) -> None:
    spec = load_spec(NEGOTIATION)
    text = _text(build(NEGOTIATION)["谈判文件"])
    assert "《中华人民共和国政府采购法》第三十条第（一）项" in text
    assert spec.project.method_basis.reason in text
    assert f"已经设区的市级以上人民政府财政部门批准（{spec.project.method_basis.approval}）" in text


def test_what_may_change_in_substance_is_listed_in_the_data_sheet_and_the_procedure(build: Build) -> None:
    spec = load_spec(NEGOTIATION)
    document = build(NEGOTIATION)["谈判文件"]
    instructions, procedure = chapter_text(document, "第二章"), chapter_text(document, "第三章")
    assert "可能实质性变动的内容" in instructions
    for item in spec.negotiation.changeable:
        assert item in instructions
        assert item in procedure
    assert "须经采购人代表确认" in procedure
    assert "谈判小组应当及时以书面形式同时通知所有参加谈判的供应商" in procedure
    assert "重新提交响应文件" in procedure


def test_without_changeable_content_nothing_changes_in_substance(build: Build) -> None:
    document = build(NEGOTIATION, {"negotiation": {"changeable": []}})["谈判文件"]
    instructions, procedure = chapter_text(document, "第二章"), chapter_text(document, "第三章")
    assert "本项目谈判中不对采购需求中的技术、服务要求以及合同草案条款作实质性变动" in instructions
    assert "本项目谈判中不对采购需求中的技术、服务要求以及合同草案条款作实质性变动" in procedure
    assert "须经采购人代表确认" not in procedure


def test_talks_final_offers_and_the_lowest_price_award(build: Build) -> None:
    procedure = chapter_text(build(NEGOTIATION)["谈判文件"], "第三章")
    assert "谈判小组所有成员集中与单一供应商分别进行谈判" in procedure
    assert "不得透露与谈判有关的其他供应商的技术资料、价格和其他信息" in procedure
    assert "在提交最后报价之前，可以根据谈判情况退出谈判；采购人或者采购代理机构应当退还退出谈判的供应商的响应保证金" in procedure
    assert "按照第六章“响应文件格式”中最后报价表的格式提交最后报价" in procedure
    assert "符合采购需求、质量和服务相等且报价最低的原则" in procedure
    assert "《中华人民共和国政府采购法》第三十八条第（五）项" in procedure
    assert "按照最后报价的评审价格（经政策性价格调整后的最后报价）由低到高的顺序提出3名以上成交候选人" in procedure
    assert "视为确定评审报告提出的最后报价最低的成交候选人为成交供应商" in procedure
    # 法30(1): the two-supplier exception after a failed tender.
    assert "只有两家，经批准与该两家供应商进行竞争性谈判的，不适用前款第（三）项的规定" in procedure


def test_negotiation_periods_come_from_the_limits(build: Build) -> None:
    text = _text(build(NEGOTIATION)["谈判文件"])
    lead = limit("negotiation.clarification_lead")
    assert f"于响应文件提交截止时间至少{lead.text}前（即不晚于" in text
    assert f"（{lead.basis}）" in text
    # the lead in working days becomes the last date, counted with the holiday calendar
    assert f"至少{lead.text}前（即不晚于{format_date(_clarification_latest(NEGOTIATION))}）" in text
    assert "发售期限" not in text


def _clarification_latest(path: Path) -> date:
    spec = load_spec(path)
    milestones = compute(WorkCalendar(), spec.project.method, spec.timeline.notice_date, spec.timeline.bid_deadline.date())
    return next(m.date for m in milestones if m.key == "clarification_latest")


def test_panel_of_five_at_or_above_the_threshold_and_three_below(build: Build) -> None:
    text = chapter_text(build(NEGOTIATION)["谈判文件"], "第二章")
    assert "由采购人代表和评审专家共5人以上单数组成" in text
    below = chapter_text(build(NEGOTIATION, {"project": {"method_basis": {"approval": None}}})["谈判文件"], "第二章")
    assert "由采购人代表和评审专家共3人以上单数组成" in below


def test_unspecified_requirements_are_settled_by_a_vote_on_solutions(build: Build) -> None:
    assert "少数服从多数" not in _text(build(NEGOTIATION)["谈判文件"])
    document = build(NEGOTIATION, {"project": {"method_basis": {"ground": "法30(2)"}}})["谈判文件"]
    procedure = chapter_text(document, "第三章")
    assert "按照少数服从多数的原则投票推荐三家以上供应商的设计方案或者解决方案" in procedure
    assert "不适用前款第（三）项" not in procedure


@pytest.mark.parametrize(("source", "words"), [
    ("随机抽取", "从省级以上人民政府财政部门建立的供应商库中随机抽取"),
    ("书面推荐", "被推荐供应商名单和推荐理由随成交结果同时公告"),
])
def test_how_suppliers_are_found(build: Build, source: str, words: str) -> None:
    text = chapter_text(build(NEGOTIATION, {"negotiation": {"supplier_source": source}})["谈判文件"], "第二章")
    assert words in text


def test_paper_responses_are_sealed_and_electronic_ones_decrypted(build: Build) -> None:
    paper = chapter_text(build(NEGOTIATION)["谈判文件"], "第二章")
    assert "检查响应文件的密封情况" in paper
    electronic = chapter_text(build(NEGOTIATION, {"instructions": {"electronic": "是"}})["谈判文件"], "第二章")
    assert "对电子响应文件解密" in electronic


def test_award_authorisation_and_no_agency(build: Build) -> None:
    document = build(NEGOTIATION, {"instructions": {"award_authorization": "是"},
                                   "parties": {"agency": None}})["谈判文件"]
    procedure = chapter_text(document, "第三章")
    assert "本项目采购人书面授权谈判小组直接确定成交供应商" in procedure
    assert "采购代理机构自评审结束之日起" not in procedure


def test_without_bonds_no_bond_form_or_refund(build: Build) -> None:
    lots = copy.deepcopy(yaml.safe_load(NEGOTIATION.read_text(encoding="utf-8"))["lots"])
    for lot in lots:
        lot.pop("bid_bond")
    documents = build(NEGOTIATION, {"lots": lots, "instructions": {"bid_bond_account": None}})
    document = documents["谈判文件"]
    assert "响应保证金凭证或保函" not in _forms(document)
    assert "退还退出谈判的供应商的响应保证金" not in chapter_text(document, "第三章")
    assert "本项目不收取响应保证金。" in _text(documents["竞争性谈判公告"])


# -- 竞争性磋商 ---------------------------------------------------------------------------------

def test_consultation_has_the_notice_and_the_six_chapters(build: Build) -> None:
    documents = build(CONSULTATION)
    assert list(documents) == ["竞争性磋商公告", "磋商文件"]
    document = documents["磋商文件"]
    assert _chapters(document) == [
        "第一章　竞争性磋商公告", "第二章　供应商须知", "第三章　磋商程序及评审办法", "第四章　采购需求",
        "第五章　合同草案条款", "第六章　响应文件格式"]
    assert _forms(document) == CONSULTATION_FORMS
    procedure = chapter_headings(document, "第三章", 2)
    assert [h.split("、", 1)[1] for h in procedure] == [
        "磋商小组", "评审程序", "资格审查", "符合性审查", "磋商", "最后报价", "政策性价格调整", "异常低价审查",
        "综合评分", "推荐成交候选供应商", "确定成交供应商", "终止采购"]
    assert _first_chapter_body(document) == _notice_body(documents["竞争性磋商公告"])


def test_consultation_scores_the_final_offers_with_the_214_price_weight(build: Build) -> None:
    spec = load_spec(CONSULTATION)
    procedure = chapter_text(build(CONSULTATION)["磋商文件"], "第三章")
    weight = limit("consultation.price_weight_services_min")
    assert f"价格分权重为30%（{weight.rule}，{weight.basis}）" in procedure
    assert "本章所称报价为最后报价" in procedure
    assert "报价得分＝（评审基准价／评审价格）×30" in procedure
    for factor in spec.evaluation.factors:
        assert factor.name in procedure
    assert "评审得分相同的，按照最后报价由低到高的顺序推荐；评审得分且最后报价相同的，按照技术指标优劣顺序推荐" in procedure
    assert "视为确定评审报告提出的排序第一的成交候选供应商为成交供应商" in procedure
    assert "第三十八条" not in procedure  # the 谈判 article of the law is not the 磋商 rule
    # 政府购买服务 (214号3(1)) may continue with two suppliers.
    assert "财库〔2015〕124号" in procedure


def test_goods_consultation_prints_the_goods_range(build: Build) -> None:
    procedure = chapter_text(build(CONSULTATION, {"project": {"category": "货物"}})["磋商文件"], "第三章")
    assert limit("consultation.price_weight_goods_min").rule in procedure


def test_consultation_periods(build: Build) -> None:
    spec = load_spec(CONSULTATION)
    text = chapter_text(build(CONSULTATION)["磋商文件"], "第二章")
    lead = limit("consultation.clarification_lead")
    last_day = format_date(spec.timeline.bid_deadline.date() - timedelta(days=int(lead.value)))
    assert f"至少{lead.text}前（即不晚于{last_day}）" in text
    assert f"发售期限自开始之日起不少于{limit('consultation.document_period').text}" in text


@pytest.mark.parametrize(("ground", "present", "absent"), [
    ("214号3(2)", "少数服从多数", "财库〔2015〕124号"),
    ("214号3(4)", "提交最后报价的供应商可以为两家", "财库〔2015〕124号"),
])
def test_consultation_grounds_change_the_procedure(build: Build, ground: str, present: str, absent: str) -> None:
    procedure = chapter_text(build(CONSULTATION, {"project": {"method_basis": {"ground": ground}}})["磋商文件"], "第三章")
    assert present in procedure
    assert absent not in procedure


def test_reserved_services_project_without_bond(build: Build) -> None:
    documents = build(CONSULTATION)
    assert "本项目不收取磋商保证金。" in _text(documents["竞争性磋商公告"])
    document = _text(documents["磋商文件"])
    assert "本项目专门面向中小企业采购" in document
    assert "本项目不接受进口产品" not in document  # services: no imports clause
    assert "核心产品" not in document


# -- every variant checks and lints clean -----------------------------------------------------

def test_the_examples_pass_every_check() -> None:
    for example in (NEGOTIATION, CONSULTATION):
        assert run_checks(load_spec(example)) == [], example.name


VARIANTS: dict[str, tuple[Path, dict[str, Any]]] = {
    "negotiation": (NEGOTIATION, {}),
    "negotiation_electronic_no_agency": (NEGOTIATION, {"instructions": {"electronic": "是"},
                                                        "parties": {"agency": None}}),
    "negotiation_nothing_changeable": (NEGOTIATION, {"negotiation": {"changeable": []}}),
    "negotiation_documents_consortium": (NEGOTIATION, {"qualification_mode": "documents",
                                                        "project": {"accepts_consortium": "是"},
                                                        "sme_policy": {"consortium_deduction": "4%"}}),
    "negotiation_authorised_recommended": (NEGOTIATION, {"instructions": {"award_authorization": "是"},
                                                          "negotiation": {"supplier_source": "书面推荐"}}),
    "consultation": (CONSULTATION, {}),
    "consultation_goods": (CONSULTATION, {"project": {"category": "货物", "method_basis": {"ground": "214号3(2)"}}}),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_document_lints_clean(build: Build, variant: str) -> None:
    example, changes = VARIANTS[variant]
    for name, document in build(example, changes).items():
        findings = lint_tree(document)
        assert findings == [], (name, [(f.rule, f.excerpt()) for f in findings])
