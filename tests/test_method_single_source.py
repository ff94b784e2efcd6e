"""单一来源采购: the 公示, the 单一来源采购文件 and the 协商情况记录 built from the bundled example and
variants of it — every item the law asks for present, the same figures in every document, the
conditional parts on and off, checks and lint clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import deep_merge, shared_renderer
from procdocs.checks import run_checks
from procdocs.cnformat import format_date, format_datetime, format_yuan, money_capitals
from procdocs.doctree.nodes import Document
from procdocs.errors import SpecError
from procdocs.law.limits import limit
from procdocs.lint.run import lint_tree
from procdocs.spec.loader import load_spec
from procdocs.spec.model import ProjectSpec

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "specs" / "examples" / "single_source-platform-maintenance.yaml"

PUBLICITY, DOCUMENT, RECORD = "单一来源采购公示", "单一来源采购文件", "协商情况记录"

NO_PUBLICITY = {"single_source": {"publicity_start": None, "publicity_end": None}}
# 法31(1): a patented system only its developer may extend, above the 公开招标数额标准 (approval and a
# 公示 of at least 5 working days needed), from a purchaser organising the procurement itself.
UNIQUE_SUPPLIER = {
    "project": {
        "budget": "260万元",
        "method_basis": {
            "ground": "法31(1)",
            "reason": ("平台的电子评标核心组件采用江城智采信息技术有限公司的专利技术（专利号ZL202310000001.X），"
                       "其他供应商无法取得授权对该组件进行改造。"),
            "approval": "江财采批〔2026〕88号",
            "original_contract_amount": None,
        },
    },
    "lots": [{"number": 1, "name": "新增功能运行维护服务", "budget": "260万元",
              "items": [{"name": "政府采购电子交易平台新增功能运行维护服务", "quantity": 1, "unit": "项",
                         "summary": "电子评标核心组件的升级改造和运行维护，服务期12个月",
                         "requirements": ["★完成电子评标核心组件的升级改造，并提供12个月的运行维护服务"]}]}],
    "parties": {"agency": None},
    "single_source": {"experts": [
        {"name": "陈立新", "employer": "江城大学计算机科学与技术学院", "title": "教授",
         "opinion": "电子评标核心组件的算法受专利保护，改造须取得专利权人的技术资料，只能由专利权人实施。"},
        {"name": "林雅琴", "employer": "江城市大数据中心", "title": "高级工程师",
         "opinion": "经检索，市场上没有可替代的同类组件，同意采用单一来源方式采购。"}]},
}



@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def single_source_spec(tmp_path: Path, example_data: dict[str, Any]) -> Callable[..., ProjectSpec]:
    """The example with changes deep-merged (a None value removes a field's value), validated."""

    def write(*changes: dict[str, Any]) -> ProjectSpec:
        data = example_data
        for change in changes:
            data = deep_merge(data, change)
        path = tmp_path / "spec.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return load_spec(path)

    return write


def _build(spec: ProjectSpec) -> dict[str, Document]:
    return {definition.name: document for definition, document in shared_renderer().build(spec)}


def _text(document: Document) -> str:
    """The document's text, one line per paragraph or cell (so that phrases never join across them)."""
    return "\n".join("".join(getattr(inline, "text", "") or "" for inline in run.inlines)
                     for run in document.text_runs())


@pytest.fixture(scope="module")
def example() -> ProjectSpec:
    return load_spec(EXAMPLE)


@pytest.fixture(scope="module")
def documents(example: ProjectSpec) -> dict[str, Document]:
    return _build(example)


@pytest.fixture(scope="module")
def texts(documents: dict[str, Document]) -> dict[str, str]:
    return {name: _text(document) for name, document in documents.items()}


# --- the example --------------------------------------------------------------------------------------------

def test_example_checks_clean(example: ProjectSpec) -> None:
    findings = run_checks(example)
    assert findings == [], [f"{finding.check}: {finding.message}" for finding in findings]


def test_example_has_the_three_documents(documents: dict[str, Document]) -> None:
    assert list(documents) == [PUBLICITY, DOCUMENT, RECORD]


def test_every_document_lints_clean(documents: dict[str, Document]) -> None:
    for name, document in documents.items():
        findings = lint_tree(document)
        assert findings == [], [(name, f.rule, f.match) for f in findings]


def test_same_figures_in_every_document(example: ProjectSpec, texts: dict[str, str]) -> None:
    capitals = money_capitals(example.budget)
    for name, text in texts.items():
        assert capitals in text, name
        assert example.project.number in text, name
        assert example.single_source.supplier.name in text, name
    deadline = format_datetime(example.timeline.bid_deadline)
    assert deadline in texts[DOCUMENT]
    negotiation = format_datetime(example.single_source.negotiation_time)
    assert negotiation in texts[DOCUMENT] and negotiation in texts[RECORD]


# --- 公示 (条例38, 74号令第三十八条 items 1–7, 50号 template F) ----------------------------------------

def test_publicity_has_every_item_of_article_38(example: ProjectSpec, texts: dict[str, str]) -> None:
    text = texts[PUBLICITY]
    source, parties = example.single_source, example.parties
    for heading in ("一、项目信息", "二、拟定供应商信息", "三、公示期限", "四、其他补充事宜", "五、联系方式", "六、附件"):
        assert heading in text
    # (1) purchaser, project name and contents; (2) description; (3) reasons
    assert parties.purchaser.name in text and example.project.name in text
    assert example.lots[0].items[0].name in text
    assert source.description in text
    assert example.project.method_basis.reason in text
    assert "《中华人民共和国政府采购法》第三十一条第（三）项" in text
    # (4) the supplier's name and address
    assert source.supplier.name in text and source.supplier.address in text
    # (5) every expert's name, employer, title and opinion
    for expert in source.experts:
        for value in (expert.name, expert.employer, expert.title, expert.opinion):
            assert value in text
    # (6) the period; (7) purchaser, agency and finance department contacts
    assert f"{format_date(source.publicity_start)}至{format_date(source.publicity_end)}" in text
    assert f"不少于{limit('single_source.publicity_period').text}" in text
    for party in (parties.purchaser, parties.agency):
        assert party.address in text and party.contact in text and party.phone in text
    assert parties.supervisor.name in text and parties.supervisor.phone in text


def test_publicity_says_how_to_object(example: ProjectSpec, texts: dict[str, str]) -> None:
    text = texts[PUBLICITY]
    assert "对采用单一来源采购方式公示有异议的，可以在公示期内将书面意见反馈给江城市政府采购中心" in text
    assert f"并同时抄送{example.parties.supervisor.name}" in text
    assert f"公示期满后{limit('single_source.objection_review').text}内组织补充论证" in text


def test_addition_states_original_contract_and_ceiling(example: ProjectSpec, texts: dict[str, str]) -> None:
    original = example.project.method_basis.original_contract_amount
    cap = limit("single_source.addition_cap")
    ceiling = format_yuan(original * cap.value / 100)
    for name in (PUBLICITY, DOCUMENT):
        assert format_yuan(original) in texts[name], name
        assert f"未超过原合同采购金额的{cap.text}（{ceiling}）" in texts[name], name
        assert "占原合同采购金额的9.87%" in texts[name], name


# --- 单一来源采购文件 ---------------------------------------------------------------------------------------

def test_document_chapters(documents: dict[str, Document]) -> None:
    headings = [("".join(getattr(i, "text", "") or "" for i in run.inlines))
                for run in documents[DOCUMENT].text_runs() if run.style == "heading1"]
    assert headings == ["第一章　采购邀请", "第二章　供应商须知", "第三章　协商程序", "第四章　采购需求",
                        "第五章　合同草案条款", "第六章　响应文件格式"]


def test_document_invites_the_named_supplier(example: ProjectSpec, texts: dict[str, str]) -> None:
    text = texts[DOCUMENT]
    assert f"致：{example.single_source.supplier.name}" in text
    assert "采用单一来源采购方式的原因及说明" in text
    assert "本项目已于2026年12月1日至2026年12月8日" in text


def test_negotiation_procedure(texts: dict[str, str]) -> None:
    text = texts[DOCUMENT]
    assert "组织具有相关经验的专业人员组成协商小组" in text
    assert "在保证采购项目质量的基础上，与供应商商定合理的成交价格" in text
    assert "财政部令第74号第四十一条" in text
    for item in ("公示情况说明", "协商日期和地点，采购人员名单",
                 "供应商提供的采购标的成本、同类项目合同价格以及相关专利、专有技术等情况说明",
                 "合同主要条款及价格商定情况"):
        assert item in text
    assert "报价超过采购预算的" in text and "财政部令第74号第四十三条" in text
    assert "和原合同的价格水平" in text


def test_forms_fit_a_single_supplier(texts: dict[str, str]) -> None:
    text = texts[DOCUMENT]
    for form in ("报价函", "报价一览表", "分项报价表", "报价说明", "技术偏离表", "商务偏离表", "法定代表人授权委托书",
                 "资格承诺函", "中小企业声明函（工程、服务）", "最后报价表"):
        assert form in text, form
    assert "与原合同价格的比较" in text
    # nothing that presumes competing suppliers
    for phrase in ("关联关系声明", "视为供应商串通响应", "异常低价审查", "确定下一候选人", "未被推荐的原因",
                   "不同供应商", "在采购过程中与采购人进行协商谈判", "单一来源采购采购"):
        assert phrase not in text, phrase


def test_document_defines_the_supplier(example: ProjectSpec, texts: dict[str, str]) -> None:
    assert f"“供应商”：指本项目拟定的唯一供应商{example.single_source.supplier.name}。" in texts[DOCUMENT]


# --- 协商情况记录 (74号令第四十二条) -------------------------------------------------------------------------

def test_record_has_the_items_of_article_42(example: ProjectSpec, texts: dict[str, str]) -> None:
    text = texts[RECORD]
    for heading in ("一、公示情况说明", "二、协商日期和地点、采购人员名单",
                    "三、供应商提供的采购标的成本、同类项目合同价格以及相关专利、专有技术等情况说明",
                    "四、合同主要条款及价格商定情况", "五、协商结论", "六、采购人员签字"):
        assert heading in text
    assert example.single_source.negotiation_place in text
    assert "公示期内收到的异议" in text
    assert "对记录有异议的采购人员，应当签署不同意见并说明理由" in text
    assert "不同意见及理由" in text


# --- variants ----------------------------------------------------------------------------------------------

def test_without_publicity(single_source_spec: Callable[..., ProjectSpec]) -> None:
    spec = single_source_spec(NO_PUBLICITY)
    assert run_checks(spec) == []
    documents = _build(spec)
    assert list(documents) == [DOCUMENT, RECORD]
    text = {name: _text(document) for name, document in documents.items()}
    assert "单一来源采购公示" not in text[DOCUMENT]
    assert "未依据财政部令第74号第三十八条进行单一来源采购公示，本项不适用" in text[RECORD]
    for name, document in documents.items():
        assert lint_tree(document) == [], name


def test_unique_supplier_ground(single_source_spec: Callable[..., ProjectSpec]) -> None:
    spec = single_source_spec(UNIQUE_SUPPLIER)
    assert run_checks(spec) == [], [f.message for f in run_checks(spec)]
    documents = _build(spec)
    assert list(documents) == [PUBLICITY, DOCUMENT, RECORD]
    text = {name: _text(document) for name, document in documents.items()}
    assert "根据《中华人民共和国政府采购法实施条例》第三十八条" in text[PUBLICITY]
    assert "“只能从唯一供应商处采购的”情形" in text[PUBLICITY]
    assert "将公示情况与采用单一来源采购方式的申请一并报财政部门审批" in text[PUBLICITY]
    assert "江财采批〔2026〕88号" not in text[PUBLICITY]  # the approval follows the 公示
    assert "江财采批〔2026〕88号" in text[DOCUMENT]
    assert "原合同采购金额" not in text[PUBLICITY] and "与原合同价格的比较" not in text[DOCUMENT]
    # without an agency the purchaser receives objections and questions
    assert "书面意见反馈给江城市公共资源交易中心" in text[PUBLICITY]
    for name, document in documents.items():
        assert lint_tree(document) == [], name


def test_unique_supplier_ground_needs_the_publicity(single_source_spec: Callable[..., ProjectSpec]) -> None:
    findings = run_checks(single_source_spec(UNIQUE_SUPPLIER, NO_PUBLICITY))
    assert [f.check for f in findings] == ["single_source_publicity"]


def test_addition_above_the_cap_is_refused(single_source_spec: Callable[..., ProjectSpec]) -> None:
    spec = single_source_spec({"project": {"budget": "160万元"}, "lots": [
        {"number": 1, "name": "新增功能运行维护服务", "budget": "160万元",
         "items": [{"name": "运行维护服务", "quantity": 1, "unit": "项", "summary": "运行维护"}]}]})
    assert "single_source_addition" in [f.check for f in run_checks(spec)]


def test_emergency_ground_without_experts(single_source_spec: Callable[..., ProjectSpec]) -> None:
    spec = single_source_spec(NO_PUBLICITY, {"project": {"method_basis": {
        "ground": "法31(2)", "reason": "汛期平台机房受淹，须立即恢复开标、评标服务，其他供应商无法在短时间内接手。",
        "original_contract_amount": None}}, "single_source": {"experts": []}})
    assert run_checks(spec) == []
    documents = _build(spec)
    text = _text(documents[DOCUMENT])
    assert "“发生了不可预见的紧急情况不能从其他供应商处采购的”情形" in text
    for name, document in documents.items():
        assert lint_tree(document) == [], name


GOODS = {
    "project": {"category": "货物", "catalogue": "服务器", "subject": "电子交易平台扩容服务器", "industry": "工业",
                "contract_period": "合同签订后30日内交付并完成安装调试"},
    "lots": [{"number": 1, "name": "平台扩容服务器", "budget": "148万元", "delivery_place": None, "after_sales": None,
              "installation": "在采购人机房完成上架、安装调试并接入原平台集群",
              "items": [{"name": "应用服务器", "quantity": 8, "unit": "台", "summary": "与原平台集群同架构的应用服务器",
                         "requirements": ["★处理器不少于2颗，每颗不少于32核", "★内存不少于512GB"]}]}],
}


@pytest.mark.parametrize("changes", [
    {"qualification_mode": "documents",
     "qualifications": [{"requirement": "具有增值电信业务经营许可证", "basis": "《中华人民共和国电信条例》"}]},
    GOODS,
    {"parties": {"agency": None, "supervisor": None}, "single_source": {"publicity_start": None, "publicity_end": None}},
], ids=["documents_mode", "goods", "no_agency_no_supervisor"])
def test_variants_render_lint_clean(single_source_spec: Callable[..., ProjectSpec], changes: dict[str, Any]) -> None:
    spec = single_source_spec(changes)
    assert run_checks(spec) == [], [f.message for f in run_checks(spec)]
    documents = _build(spec)
    for name, document in documents.items():
        assert lint_tree(document) == [], [(name, f.rule, f.match) for f in lint_tree(document)]
    text = _text(documents[DOCUMENT])
    assert "关联关系声明" not in text


def test_publicity_needs_the_finance_department_contacts(single_source_spec: Callable[..., ProjectSpec]) -> None:
    """74号令第三十八条: the 公示 gives the finance department's address, contact person and phone."""
    with pytest.raises(SpecError, match=r"parties\.supervisor: 单一来源采购公示须写明财政部门的联系地址、联系人和联系电话"):
        single_source_spec({"parties": {"supervisor": None}})
    with pytest.raises(SpecError, match=r"parties\.supervisor\.contact: 单一来源采购公示须写明财政部门的联系人"):
        single_source_spec({"parties": {"supervisor": {"contact": None}}})
    publicity = _text(_build(single_source_spec())[PUBLICITY])
    assert "联系人：郑凯" in publicity
