"""Roles from a block's own wording where the headings mislead: lead-in labels, inline labels and
column headers decide over a heading that names a looser part (商务要求, 采购需求, 公告)."""

from __future__ import annotations

from pathlib import Path

import pytest

from procdocs.lint.engine import lint_blocks, lint_clause, prepare
from procdocs.lint.model import Block, Location
from procdocs.lint.run import lint_file
from procdocs.lint.sections import numbering_style


def paragraphs(*texts: str, heading: str = "一、商务要求") -> list[Block]:
    """A Markdown-like document: one heading, then the paragraphs; headings and roles assigned."""
    blocks = [Block(text=heading, location=Location(paragraph=1), heading_level=2)]
    blocks += [Block(text=text, location=Location(paragraph=index + 2)) for index, text in enumerate(texts)]
    prepare(blocks)
    return blocks


def test_a_lead_in_makes_the_items_it_introduces_qualifications() -> None:
    blocks = paragraphs("1、本次招标内容为信息系统。", "2、投标人资格要求：", "（一）注册资金不少于人民币200万元。",
                        "（二）具有软件著作权。", "3、投标人须提供全新产品。")
    assert [block.role for block in blocks[1:]] == ["commercial", "qualification", "qualification", "qualification",
                                                     "commercial"]


@pytest.mark.parametrize("lead_in", ["二、评分标准：", "评审因素:", "（三）詳細評分標準："])
def test_a_scoring_lead_in_in_any_numbering_or_script(lead_in: str) -> None:
    blocks = paragraphs(lead_in, "提供类似项目业绩的，每个得2分。", "交货期满足要求。", heading="第四章 采购需求")
    assert [block.role for block in blocks[2:]] == ["scoring", "scoring"]


def test_a_lead_in_ends_at_the_next_heading() -> None:
    blocks = paragraphs("投标人资格要求：", "注册资金不少于200万元。")
    blocks.append(Block(text="二、技术要求", location=Location(paragraph=9), heading_level=2))
    blocks.append(Block(text="注册资金不少于200万元。", location=Location(paragraph=10)))
    prepare(blocks)
    assert (blocks[2].role, blocks[4].role) == ("qualification", "technical")


def test_an_inline_label_decides_for_its_own_block() -> None:
    blocks = paragraphs("本项目为软件采购。特定资格要求：投标人须具有软件企业认定证书。", "投标人须提供全新产品。")
    assert [block.role for block in blocks[1:]] == ["qualification", "commercial"]


def test_headings_that_do_not_give_way_keep_their_role() -> None:
    """A supplier form quoting 资格要求, the scoring part and a contract keep their role."""
    form = paragraphs("资格要求：我方满足采购文件规定的全部资格要求。", heading="附件3 资格承诺函")
    scoring = paragraphs("资格要求：", "注册资金不少于200万元的得2分。", heading="三、评分标准")
    contract = paragraphs("资格条件：乙方在服务期内保持资质有效。", heading="第五章 合同条款")
    assert (form[1].role, scoring[2].role, contract[1].role) == ("template", "scoring", "contract")


def test_a_label_needs_its_colon_and_stays_short() -> None:
    blocks = paragraphs("不得将注册资本、资产总额、营业收入等规模条件作为资格要求或者评审因素。",
                        "本条所称的满足本项目的特定资格要求是指具备履约能力：", heading="第四章 采购需求")
    assert [block.role for block in blocks[1:]] == ["technical", "technical"]


def test_a_column_header_overrides_a_commercial_heading() -> None:
    cell = Block(text="具有软件企业认定证书", location=Location(table=1, row=2, column=2), column_header="资格条件")
    blocks = [Block(text="一、商务要求", location=Location(paragraph=1), heading_level=2), cell]
    prepare(blocks)
    assert cell.role == "qualification"


def test_numbering_styles() -> None:
    assert [numbering_style(text) for text in ("2、投标人", "(一)投标人", "（3）供应商", "2.1 要求", "①品牌", "投标人")] == [
        "arabic", "chinese-parenthesised", "arabic-parenthesised", "decimal", "circled", None]


def test_qualifications_under_a_commercial_heading_are_flagged(tmp_path: Path) -> None:
    """End to end through the Markdown reader: the lead-in turns on the qualification rules."""
    path = tmp_path / "需求.md"
    path.write_text("# 软件系统招标\n\n## 一、商务要求\n\n1、本次招标内容为软件系统。\n\n2、投标人资格要求:\n\n"
                    "(一)投标人注册资金不少于人民币200万元。\n\n(二)投标人具有软件企业认定证书。\n\n"
                    "3、投标人须提供全新优质产品。\n", encoding="utf-8")
    codes = sorted({finding.rule for finding in lint_file(path).findings})
    assert codes == ["C07", "C12"]
    # without the lead-in the qualification rule stays off; the requirements-section variant (C07b) reports it
    assert {finding.rule for finding in lint_clause("投标人注册资金不少于人民币200万元。", "一、商务要求")} == {"C07b"}


def test_a_row_label_decides_for_its_cell() -> None:
    """投标人须知前附表: the row's own label (资格要求) decides; its heading names no part."""
    heading = Block(text="投标人须知前附表", location=Location(paragraph=1), heading_level=2)
    cell = Block(text="1.具有独立承担民事责任的能力；2.注册资本不少于500万元。", location=Location(table=1, row=4, column=3),
                 column_header="编列内容", context="投標人資格要求")
    prepare([heading, cell])
    assert cell.role == "qualification"
    assert {finding.rule for finding in lint_blocks([heading, cell])} == {"C07"}


def test_a_result_notice_states_the_outcome_and_binds_no_supplier() -> None:
    """The winner's brand and model in a 中标（成交）结果公告 are what was bought, not a requirement; a
    requirement the notice quotes keeps its own heading, and its fees and bonds are still read."""
    winner = "货物名称：交换机；品牌：华为；规格型号：S5735-L24T4S-A；数量：10台。"
    assert lint_clause(winner, "中标（成交）结果公告 > 四、主要标的信息") == []
    assert lint_clause(winner, "成交公告") == []
    quoted = lint_clause("投标人须在本市注册。", "采购结果公告 > 供应商投标资格")
    assert [finding.rule for finding in quoted] == ["C01"]
    fee = lint_clause("成交供应商须向采购代理机构缴纳平台服务费2000元。", "成交公告 > 六、代理服务收费标准及金额")
    assert {finding.rule[:3] for finding in fee} == {"C35"}
    blocks = paragraphs(winner, heading="中标结果公告")
    assert blocks[1].role == "result"


def test_a_published_ruling_is_no_result_notice() -> None:
    # 监督检查处理结果公告 is a finance department's ruling on a document: what it found is read as in any ruling
    found = lint_clause("经查，招标文件规定质疑应在中标结果公告发布之日起7日内提出，实际缩短了供应商的质疑期限。",
                        "XX市财政局政府采购监督检查处理结果公告 > 二、检查发现的问题")
    assert [finding.rule for finding in found] == ["C32t"]
    assert paragraphs("经查，……", heading="投诉处理结果公告")[1].role == "info"


def test_a_requirements_table_is_the_purchasers_and_a_price_table_a_form() -> None:
    # 一览表 names supplier forms (报价一览表, 开标一览表) and the purchaser's own tables (技术要求一览表)
    requirements = paragraphs("提供由国家家具产品质量检验检测中心出具的检测报告。", heading="二、技术要求一览表")
    prices = paragraphs("品牌：联想；型号：M437", heading="附件2 开标一览表")
    assert (requirements[1].role, prices[1].role) == ("technical", "template")


@pytest.mark.parametrize("text", [
    "投诉事项三：评分标准“设计方案”项：“由评标委员会根据方案的整体水平酌情给分。”",  # a scoring rule quoted
    "设计方案由评标委员会根据方案的整体水平酌情给分（0—15分）。",  # a range of points
])
def test_a_scoring_rule_quoted_or_ranged_where_no_heading_names_the_part(text: str) -> None:
    [heading, block] = paragraphs(text, heading="一、投诉事项")
    assert block.role == "scoring"
    assert "C25" in {finding.rule for finding in lint_blocks([heading, block])}


@pytest.mark.parametrize("section", ["政府采购负面清单（货物类） > 一、资格条件", "招标文件公平竞争审查表 > 条款内容"])
def test_a_list_of_what_the_law_forbids_quotes_it_under_every_heading(section: str) -> None:
    # its 资格条件 lists the conditions a document must not set, not conditions to meet
    text = "要求投标人在本地注册设立子公司、分公司、分支机构，在本地缴纳社会保险、纳税等。"
    assert lint_clause(text, section) == []
    assert lint_clause(text, "一、资格条件") != []


def test_a_form_the_bid_is_void_without_binds_every_bidder() -> None:
    heading = "第七章 投标文件格式 > 附件7 本地用工承诺函"
    binding = "我单位承诺：如我单位中标，本项目劳务用工全部招用七星关区户籍人员。（未提供本承诺函的，投标无效。）"
    assert "C36" in {finding.rule for finding in lint_clause(binding, heading)}
    # without the sanction the form stays a form for the other rules (a post-award branch promised is no condition)
    assert not lint_clause("我单位承诺：如我单位中标，将在合同签订后15日内在项目所在地设立服务站。", heading)
    # but a local quota the document words for every bidder to sign is its requirement all the same (C36 reads forms)
    assert "C36" in {finding.rule for finding in lint_clause("我单位承诺：如我单位中标，本项目劳务用工全部招用七星关区户籍人员。", heading)}


def test_a_form_whose_breach_ends_the_contract_binds_the_winner() -> None:
    # a commitment every bidder signs, the contract ended if it is not kept: a term of performance
    heading = "第八章 投标文件格式 > 附件8 服务人员本地化承诺函"
    binding = ("我单位承诺：如我单位中标，本项目招用的服务人员中哈尔滨市户籍人员所占比例不低于80%；"
               "未达到该比例的，采购人有权单方解除合同且不承担任何责任。")
    assert paragraphs(binding, heading=heading)[1].role == "commercial"
    assert "C36" in {finding.rule for finding in lint_clause(binding, heading)}
    # a form's duty after the award kept as a form's duty: a service point set up once the contract is won
    lawful = "我单位承诺：如我单位中标，将在合同签订后15日内在项目所在地设立服务网点；未设立的，采购人有权解除合同。"
    assert not lint_clause(lawful, heading)
