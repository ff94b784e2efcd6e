"""第二章 投标人须知: the 前附表 carries every key parameter of the spec, and the 正文 follows the spec's choices."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import shared_renderer
from procdocs.doctree import Document, parse_document, plain_text
from procdocs.doctree.nodes import Block, Heading, ListBlock, Paragraph, Table
from procdocs.placeholders import find_placeholders
from procdocs.spec import load_spec

CHAPTER = "open_tender/tender/instructions.html.j2"
SECTIONS = ["投标人须知前附表", "一、总则", "二、招标文件", "三、投标文件", "四、开标", "五、资格审查", "六、评标",
            "七、定标", "八、合同签订", "九、质疑与投诉", "十、纪律和保密"]


class Chapter:
    """The rendered chapter: its blocks, the 前附表 as {项目: 内容} and the 正文 as text."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        table = next(block for block in blocks if isinstance(block, Table))
        self.rows: dict[str, str] = {}
        for row in table.rows[1:]:
            number, label, content = (_cell_text(cell.inlines_by_paragraph) for cell in row.cells)
            assert number == str(len(self.rows) + 1)  # rows numbered 1, 2, 3 … without gaps
            self.rows[label] = content
        self.text = "\n".join(_block_text(block) for block in blocks if block is not table)

    def headings(self, level: int) -> list[str]:
        return [plain_text(b.inlines) for b in self.blocks if isinstance(b, Heading) and b.level == level]

    def section(self, title: str) -> str:
        """The text of one h2 section (up to the next h2)."""
        start = next(i for i, b in enumerate(self.blocks) if isinstance(b, Heading) and plain_text(b.inlines) == title)
        end = next((i for i, b in enumerate(self.blocks) if i > start and isinstance(b, Heading) and b.level == 2),
                   len(self.blocks))
        return "\n".join(_block_text(block) for block in self.blocks[start:end])


def _cell_text(paragraphs: list[list[Any]]) -> str:
    return "\n".join(plain_text(inlines) for inlines in paragraphs)


def _block_text(block: Block) -> str:
    if isinstance(block, (Heading, Paragraph)):
        return plain_text(block.inlines)
    if isinstance(block, ListBlock):
        return "\n".join(item.label + plain_text(item.inlines) for item in block.items)
    if isinstance(block, Table):
        return "\n".join(_cell_text(cell.inlines_by_paragraph) for row in block.rows for cell in row.cells)
    return ""


def _render_chapter(spec_path: Path) -> Chapter:
    spec = load_spec(spec_path)
    renderer = shared_renderer()
    method = renderer.templates.method(spec.project.method)
    [definition] = [d for d in method.documents if d.key == "tender_document"]
    html = renderer.templates.render(CHAPTER, renderer.template_context(spec, definition))
    return Chapter(parse_document(html, CHAPTER))


@pytest.fixture
def chapter(write_spec: Callable[..., Path]) -> Callable[..., Chapter]:
    def build(changes: dict[str, Any] | None = None) -> Chapter:
        return _render_chapter(write_spec(changes))
    return build


def _lot_lines(content: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"第(\d+)包：([^\n]*)", content)}


# -- the example ---------------------------------------------------------------------------------

def test_front_table_carries_every_parameter_of_the_example(chapter: Callable[..., Chapter]) -> None:
    rows = chapter().rows
    assert rows["项目名称"] == "江城市机关事务管理局2026年公务用车更新（新能源）采购项目"
    assert rows["项目编号"] == "JCZC2026-GK-0318"
    assert rows["采购方式"] == "公开招标"
    assert rows["项目属性"] == "货物" and rows["采购品目"] == "乘用车"
    assert "江城市滨江大道88号" in rows["采购人"] and "0871-65120318" in rows["采购人"]
    assert "江城市政府采购中心" in rows["采购代理机构"] and "李华" in rows["采购代理机构"]
    budget = rows["预算金额"]
    assert "3,660,000.00元（人民币叁佰陆拾陆万元整）" in budget
    assert _lot_lines(budget) == {1: "2,160,000.00元（人民币贰佰壹拾陆万元整）", 2: "1,500,000.00元（人民币壹佰伍拾万元整）"}
    assert "预算金额即为最高限价" in _lot_lines(rows["最高限价"])[1]
    assert _lot_lines(rows["采购包划分"]) == {1: "一般公务用车（纯电动轿车），纯电动轿车12辆",
                                          2: "应急保障用车（纯电动多用途乘用车），纯电动多用途乘用车6辆"}
    assert "纯电动轿车" in rows["核心产品"]
    assert rows["联合体投标"] == "不接受"
    assert rows["进口产品"].startswith("不接受")
    sme = _lot_lines(rows["中小企业政策"])
    assert all("小微企业报价给予10%的扣除" in sme[n] for n in (1, 2))
    assert "所属行业：工业" in rows["中小企业政策"]
    assert "20%的价格评审优惠" in rows["其他采购政策"]
    assert rows["采购意向公开"] == "已于2026年10月16日在中国政府采购网江城市分网公开采购意向"
    assert "2026年11月30日至2026年12月7日" in rows["获取招标文件"] and "免费" in rows["获取招标文件"]
    assert rows["现场考察、答疑会"] == "不组织"
    # 15 days before the 22 December deadline (条例31), from the limit, not a literal
    assert "至少15日前（即不晚于2026年12月7日）" in rows["澄清和修改"]
    assert rows["投标截止时间"] == "2026年12月22日09时30分（北京时间）"
    assert "江城市公共资源交易中心开标室" in rows["开标时间和地点"]
    assert rows["投标有效期"] == "自投标截止时间起90日"
    bond = rows["投标保证金"]
    assert _lot_lines(bond) == {1: "30,000.00元（人民币叁万元整）", 2: "30,000.00元（人民币叁万元整）"}
    assert "电子保函" in bond and "2504 0112 0900 0123 456" in bond and "中国工商银行江城市分行营业部" in bond
    assert "到账截止时间：2026年12月22日09时30分" in bond and "5个工作日内退还" in bond
    assert rows["资格证明方式"].startswith("以《资格承诺函》")
    assert rows["评标方法"].startswith("综合评分法（价格分权重60%）")
    assert "5人以上单数" in rows["评标委员会"] and "三分之二" in rows["评标委员会"]
    assert "推荐3名中标候选人" in rows["中标候选人数量"]
    assert "不授权评标委员会直接确定" in rows["确定中标人"]
    assert rows["履约保证金"].startswith("合同金额的5%")
    assert rows["代理服务费"].startswith("本项目不收取代理服务费")
    assert "信用中国" in rows["信用记录查询"] and "网页截图" in rows["信用记录查询"]
    assert rows["分包"] == "不允许"
    assert rows["样品"] == "不要求提供样品"
    assert "7个工作日" in rows["质疑"] and "江城市政府采购中心" in rows["质疑"]
    assert rows["投诉"].startswith("江城市财政局政府采购监督管理处")


def test_body_has_the_ten_sections_with_numbered_subsections(chapter: Callable[..., Chapter]) -> None:
    document = chapter()
    assert document.headings(2) == SECTIONS
    # sub-sections numbered 1. 2. 3. within each section
    numbers: list[int] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            numbers = []
        elif isinstance(block, Heading) and block.level == 3:
            numbers.append(int(plain_text(block.inlines).split(".")[0]))
            assert numbers == list(range(1, len(numbers) + 1))
    assert "1.询问" in document.headings(3) and "5.投诉" in document.headings(3)


def test_body_clauses_are_filled_from_the_spec_and_the_limits(chapter: Callable[..., Chapter]) -> None:
    document = chapter()
    text = document.text
    assert "不晚于2026年12月7日" in text  # 澄清 lead time
    assert "不足三家" in text  # 法36, printed from the limit
    assert "启动情形、说明程序和处理结果见第三章“异常低价审查”" in text  # one text, in 第三章
    assert "大写金额和小写金额不一致的，以大写金额为准" in text
    assert "上浮20%后的利率支付超期资金占用费" in text
    assert "评标结果的排序规则（含得分或者评审价格相同时的处理）见第三章" in text
    assert "按第三章“评标结果与排序”的规定处理" in text  # same-brand rule, stated once in 第三章
    challenge = document.section("九、质疑与投诉")
    assert "获取招标文件之日或者招标文件公告期限届满之日" in challenge
    assert "答复期满后15个工作日内，向江城市财政局政府采购监督管理处" in challenge
    assert "收到书面质疑后7个工作日内作出答复" in challenge
    contract = document.section("八、合同签订")
    assert "30日内" in contract and "不得对本招标文件确定的事项" in contract
    assert "金额为合同金额的5%" in contract


def test_chapter_has_no_placeholders(chapter: Callable[..., Chapter]) -> None:
    for changes in ({}, {"parties": {"agency": None}, "instructions": {"bid_bond_account": None}}):
        blocks = chapter(changes).blocks
        assert find_placeholders(Document("第二章", "", "", blocks)) == []


def test_the_tender_document_includes_the_chapter(write_spec: Callable[..., Path]) -> None:
    documents = shared_renderer().build(load_spec(write_spec()))
    [tender] = [document for definition, document in documents if definition.key == "tender_document"]
    runs = [run.text for run in tender.text_runs()]
    start = runs.index("第二章　投标人须知")
    assert runs[start + 1] == "投标人须知前附表"
    assert "十、纪律和保密" in runs


# -- variants -------------------------------------------------------------------------------------

def test_without_bid_bond_nothing_is_charged(chapter: Callable[..., Chapter]) -> None:
    document = chapter({"bonds": {"bid_bond": None, "performance_bond": None},
                        "instructions": {"bid_bond_account": None}})
    assert document.rows["投标保证金"] == "不收取"
    assert document.rows["履约保证金"] == "不收取"
    assert "本项目不收取投标保证金。" in document.text
    assert "本项目不收取履约保证金。" in document.text
    assert "未按照本招标文件的规定提交投标保证金的" not in document.text
    assert "超期资金占用费" not in document.text


def test_bond_on_one_lot_only(chapter: Callable[..., Chapter], example_data: dict[str, Any]) -> None:
    lots = copy.deepcopy(example_data["lots"])
    lots[0]["bid_bond"], lots[1]["bid_bond"] = "2万元", 0
    document = chapter({"lots": lots})
    assert _lot_lines(document.rows["投标保证金"]) == {1: "20,000.00元（人民币贰万元整）", 2: "不收取"}
    assert "第2包不收取投标保证金" in document.text


def test_consortium_accepted_adds_its_clauses(chapter: Callable[..., Chapter]) -> None:
    document = chapter({"project": {"accepts_consortium": "是"}, "sme_policy": {"consortium_deduction": "4%"}})
    assert document.rows["联合体投标"].startswith("接受")
    assert "对联合体的报价给予4%的扣除" in document.rows["中小企业政策"]
    for clause in ("联合协议", "资质等级较低的供应商确定资质等级", "连带责任", "对联合体的报价给予4%的扣除"):
        assert clause in document.text
    assert "以联合体形式参加投标的；" not in document.text  # no longer a ground of invalidity


def test_consortium_refused_says_so(chapter: Callable[..., Chapter]) -> None:
    document = chapter()
    assert document.rows["联合体投标"] == "不接受"
    assert "本项目不接受联合体投标" in document.text
    assert "连带责任" not in document.text


def test_sme_reserved_lot_has_no_deduction(chapter: Callable[..., Chapter], example_data: dict[str, Any]) -> None:
    lots = copy.deepcopy(example_data["lots"])
    lots[0]["sme_reserved"] = "是"
    document = chapter({"lots": lots})
    sme = _lot_lines(document.rows["中小企业政策"])
    assert sme[1].startswith("专门面向中小企业采购") and "扣除" not in sme[1].replace("不再执行价格扣除", "")
    assert "不再执行价格扣除" in sme[1]
    assert "小微企业报价给予10%的扣除" in sme[2]
    assert "第1包专门面向中小企业采购，参加该包投标的投标人提供的货物全部由中小企业制造" in document.text


def test_whole_project_reserved(chapter: Callable[..., Chapter]) -> None:
    document = chapter({"sme_policy": {"reserved": "是", "price_deduction": None, "not_reserved_reason": None}})
    assert all(line.startswith("专门面向中小企业采购") for line in _lot_lines(document.rows["中小企业政策"]).values())
    assert "的扣除" not in document.rows["中小企业政策"]
    assert "本项目专门面向中小企业采购" in document.text


def test_services_project(chapter: Callable[..., Chapter]) -> None:
    document = chapter({
        "project": {"category": "服务", "catalogue": "物业管理服务", "subject": "物业管理服务", "industry": "物业管理"},
        "evaluation": {"price_weight": "30%", "factors": [
            {"name": "服务方案", "category": "服务", "points": 70, "criteria": "方案完整的得70分；较完整的得40分"}]},
    })
    assert document.rows["项目属性"] == "服务" and document.rows["采购品目"] == "物业管理服务"
    assert "其他采购政策" not in document.rows
    assert "所属行业：物业管理" in document.rows["中小企业政策"]
    assert "提供的服务全部由中小企业承接" in document.text
    assert "《中小企业声明函（工程、服务）》" in document.text
    assert "相同品牌" not in document.text and "进口产品" not in document.text
    assert "人员工资及社会保险" in document.text


def test_lowest_price_method(chapter: Callable[..., Chapter]) -> None:
    document = chapter({"evaluation": {"method": "最低评标价法", "price_weight": None, "factors": []}})
    assert document.rows["评标方法"].startswith("最低评标价法，")
    assert "价格分权重" not in document.rows["评标方法"]
    assert "评标结果的排序规则（含得分或者评审价格相同时的处理）见第三章" in document.text
    assert "评审后得分" not in document.text
    assert "评标方法和评分标准见第三章" in document.text


def test_large_budget_needs_seven_members(chapter: Callable[..., Chapter], example_data: dict[str, Any]) -> None:
    lots = copy.deepcopy(example_data["lots"])
    lots[0]["budget"], lots[1]["budget"] = "800万元", "300万元"
    document = chapter({"project": {"budget": "1100万元"}, "lots": lots})
    assert "共7人以上单数" in document.rows["评标委员会"]
    assert "成员人数为7人以上单数" in document.section("六、评标")


def test_award_authorisation_site_visit_samples_and_subcontracting(chapter: Callable[..., Chapter]) -> None:
    document = chapter({
        "instructions": {"award_authorization": "是", "candidates": 2, "samples": "第1包须提供整车样品一辆",
                         "site_visit": "2026年12月8日09时30分在采购人车库集中考察"},
        "project": {"subcontracting": {"scope": "车辆运输和上牌手续代办", "max_share": "30%"}},
        "sme_policy": {"consortium_deduction": "5%"},
    })
    assert document.rows["确定中标人"].startswith("采购人授权评标委员会")
    assert "推荐2名中标候选人" in document.rows["中标候选人数量"]
    assert document.rows["样品"] == "第1包须提供整车样品一辆"
    assert document.rows["现场考察、答疑会"].startswith("2026年12月8日")
    assert document.rows["分包"].startswith("允许。可以分包的内容：车辆运输和上牌手续代办；分包金额不得超过合同金额的30%")
    assert "分包意向协议" in document.text and "不得将合同分包给大中型企业" in document.text
    assert "对大中型企业的报价给予5%的扣除" in document.rows["中小企业政策"]
    assert "对大中型企业的报价给予5%的扣除" in document.section("一、总则")


def test_without_agency_the_purchaser_acts(chapter: Callable[..., Chapter]) -> None:
    document = chapter({"parties": {"agency": None, "supervisor": None}})
    assert document.rows["采购代理机构"] == "无（采购人自行组织采购）"
    assert "江城市机关事务管理局" in document.rows["质疑"]
    assert "采购代理机构" not in document.section("九、质疑与投诉")
    assert "同级人民政府财政部门" in document.rows["投诉"]


def test_documents_mode_lists_the_proofs(chapter: Callable[..., Chapter]) -> None:
    document = chapter({"qualification_mode": "documents", "qualifications": [
        {"requirement": "具有有效的《道路运输经营许可证》", "basis": "《中华人民共和国道路运输条例》"}]})
    assert document.rows["资格证明方式"].startswith("按本章“资格审查”条款的规定提供")
    section = document.section("五、资格审查")
    assert "财务状况报告" in section and "具有有效的《道路运输经营许可证》" in section
    assert "资格承诺函" not in section
