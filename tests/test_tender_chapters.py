"""The 招标文件's 第三章 评标办法, 第四章 采购需求 and 第五章 合同主要条款, built from the example and variants."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, shared_renderer
from procdocs.doctree import plain_text
from procdocs.doctree.nodes import Block, Heading, ListBlock, Paragraph, Table
from procdocs.law.limits import limit
from procdocs.spec import load_spec

WriteSpec = Callable[..., Path]


# -- helpers ------------------------------------------------------------------------------------

def _tender(path: Path) -> list[Block]:
    (_, _), (definition, document) = shared_renderer().build(load_spec(path))
    assert definition.name == "招标文件"
    return document.body


def _chapter(blocks: list[Block], prefix: str) -> list[Block]:
    """The blocks of the chapter whose h1 starts with `prefix` (without the heading itself)."""
    start = next(i for i, b in enumerate(blocks)
                 if isinstance(b, Heading) and b.level == 1 and plain_text(b.inlines).startswith(prefix))
    end = next((i for i in range(start + 1, len(blocks))
                if isinstance(blocks[i], Heading) and blocks[i].level == 1), len(blocks))
    return blocks[start + 1:end]


def _lines(blocks: list[Block]) -> list[str]:
    """Every paragraph, heading, list item and table cell line as text."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            lines.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            lines.extend(item.label + plain_text(item.inlines) for item in block.items)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(plain_text(p) for p in cell.inlines_by_paragraph)
    return lines


def _text(blocks: list[Block]) -> str:
    return "\n".join(_lines(blocks))


def _headings(blocks: list[Block]) -> list[str]:
    return [plain_text(b.inlines) for b in blocks if isinstance(b, Heading)]


def _tables_with_header(blocks: list[Block], first_cells: list[str]) -> list[Table]:
    found = []
    for block in blocks:
        if isinstance(block, Table) and block.rows and block.rows[0].header:
            header = [plain_text(c.inlines_by_paragraph[0]) for c in block.rows[0].cells]
            if header == first_cells:
                found.append(block)
    return found


def _row_texts(table: Table) -> list[list[str]]:
    return [["\n".join(plain_text(p) for p in c.inlines_by_paragraph) for c in row.cells] for row in table.rows]


@pytest.fixture
def lots(example_data: dict[str, Any]) -> list[dict[str, Any]]:
    """A modifiable copy of the example's lots (write_spec replaces lists as a whole)."""
    return copy.deepcopy(example_data["lots"])


@pytest.fixture(scope="module")
def example_tender() -> list[Block]:
    return _tender(EXAMPLE)


# -- 第三章 评标办法及评分标准 ----------------------------------------------------------------------

def test_scoring_table_has_price_every_factor_and_every_level(example_tender: list[Block]) -> None:
    chapter = _chapter(example_tender, "第三章")
    assert "本项目采用综合评分法。" in _text(chapter)
    [table] = _tables_with_header(chapter, ["序号", "评分因素", "分值", "评分标准"])
    rows = _row_texts(table)
    price = rows[1]
    assert price[1].startswith("价格") and price[2] == "60分"  # 100 × 60% as points
    assert "投标报价得分＝（评标基准价／评审价格）×60" in price[3]
    assert "评审价格最低的为评标基准价" in price[3]
    by_name = {row[1].split("\n")[0]: row for row in rows[2:-1]}
    assert list(by_name) == ["技术响应", "质保期", "售后服务响应", "交货期"]
    assert [by_name[name][2] for name in by_name] == ["20分", "8分", "8分", "4分"]
    assert by_name["技术响应"][1] == "技术响应\n（技术类）"
    assert "▲指标每有一项负偏离扣4分" in by_name["技术响应"][3]
    service = by_name["售后服务响应"][3].split("\n")
    assert service == [
        "按投标人承诺的维修完成（或提供同级别备用车辆）时限评分，以承诺函为准",
        "（1）接到报修后2小时内响应，24小时内完成维修或提供同级别备用车辆：8分",
        "（2）接到报修后2小时内响应，48小时内完成维修或提供同级别备用车辆：4分",
        "（3）未作承诺或承诺时限超过48小时：0分",
    ]
    assert rows[-1][:3] == ["合计", "100分", "评标总得分＝价格分＋各项评分因素得分之和"]
    # the scoring table repeats its header row on every page
    assert table.rows[0].header and not any(row.header for row in table.rows[1:])


def test_chapter_three_sections_and_ranking(example_tender: list[Block]) -> None:
    chapter = _chapter(example_tender, "第三章")
    assert [h for h in _headings(chapter) if not h[0].isdigit()] == [
        "一、评标方法", "二、资格审查", "三、符合性审查", "四、详细评审",
        "五、政策性价格调整", "六、异常低价审查", "七、评标结果与排序"]
    text = _text(chapter)
    assert "评标总得分相同的，按投标报价由低到高顺序排列" in text
    assert "按技术得分由高到低顺序排列" in text  # 技术响应 is the example's 技术 factor
    assert "为每个采购包推荐3名中标候选人" in text
    assert f"收到评标报告之日起{limit('award.decision_period').text}内" in text
    # 异常低价 triggers come from the limits (财库〔2026〕2号)
    assert f"平均值的{limit('abnormal_price.average_share').text}" in text
    assert f"最高限价的{limit('abnormal_price.ceiling_share').text}" in text
    # same-brand rule for goods
    assert "按一家投标人计算" in text


def test_lowest_price_method(write_spec: WriteSpec) -> None:
    chapter = _chapter(_tender(write_spec(
        {"evaluation": {"method": "最低评标价法", "price_weight": None, "factors": []}})), "第三章")
    text = _text(chapter)
    assert "本项目采用最低评标价法。" in text
    assert "综合评分法" not in text
    assert not _tables_with_header(chapter, ["序号", "评分因素", "分值", "评分标准"])
    assert "评标基准价" not in text
    assert "评标结果按评审价格由低到高顺序排列" in text
    assert "除算术修正和落实政府采购政策需进行的价格扣除外" in text
    assert "以其中通过资格审查、符合性审查且报价最低的参加评标" in text  # same brand, lowest price


def test_qualification_and_compliance_tables(example_tender: list[Block]) -> None:
    chapter = _chapter(example_tender, "第三章")
    [qualification] = _tables_with_header(chapter, ["序号", "审查项目", "审查标准", "证明材料"])
    rows = _row_texts(qualification)
    assert rows[1][3].startswith("资格承诺函")  # qualification_mode: commitment
    assert "（五）在经营活动中没有重大违法记录" in rows[1][2]
    assert rows[-1][1] == "信用记录"
    assert not any("中小企业声明函" in cell for row in rows for cell in row)  # no reserved lot
    [compliance] = _tables_with_header(chapter, ["序号", "审查项目", "审查标准"])
    items = {row[1]: row[2] for row in _row_texts(compliance)[1:]}
    assert "第1包：预算金额2,160,000.00元" in items["投标报价"]
    assert items["投标有效期"] == "自投标截止时间起不少于90日。"
    assert "第1包30,000.00元；第2包30,000.00元" in items["投标保证金"]
    assert "（第1包共2项；第2包共1项）" in items["实质性要求（★条款）"]
    assert "所投产品不是进口产品" in items["进口产品"]
    assert "投标无效" in _text(chapter)


def test_imports_accepted_drops_the_import_check(write_spec: WriteSpec) -> None:
    approval = {"authority": "江城市财政局", "document": "江财采核〔2026〕8号", "date": "2026-10-20"}
    tender = _tender(write_spec({"project": {"accepts_imports": True, "import_approval": approval}}))
    [compliance] = _tables_with_header(_chapter(tender, "第三章"), ["序号", "审查项目", "审查标准"])
    assert "进口产品" not in [row[1] for row in _row_texts(compliance)]
    assert any(line.startswith("5.本项目经江城市财政局核准（江财采核〔2026〕8号，2026年10月20日），接受进口产品参加投标")
               for line in _lines(_chapter(tender, "第四章")))


def test_documents_mode_lists_proofs_and_specific_qualifications(write_spec: WriteSpec) -> None:
    tender = _tender(write_spec({
        "qualification_mode": "documents",
        "qualifications": [{"requirement": "具有有效的《道路运输经营许可证》", "basis": "《中华人民共和国道路运输条例》"}],
    }))
    [table] = _tables_with_header(_chapter(tender, "第三章"), ["序号", "审查项目", "审查标准", "证明材料"])
    rows = _row_texts(table)
    assert rows[1][1:] == ["民事责任能力", "具有独立承担民事责任的能力（《中华人民共和国政府采购法》第二十二条第一款第（一）项）",
                           "法人或者其他组织的营业执照等证明文件；自然人的身份证明"]
    assert rows[2][3] == "财务状况报告"
    assert any(row[2] == "具有有效的《道路运输经营许可证》（依据：《中华人民共和国道路运输条例》）" for row in rows)
    assert not any("资格承诺函" in cell for row in rows for cell in row)


def test_deduction_lot_gets_the_rate_reserved_lot_none(write_spec: WriteSpec, lots: list[dict[str, Any]]) -> None:
    lots[1]["sme_reserved"] = True
    chapter = _chapter(_tender(write_spec({"lots": lots})), "第三章")
    text = _text(chapter)
    assert "第2包专门面向中小企业采购，不再执行价格扣除，评审价格即为投标报价；第1包不专门面向中小企业采购" in text
    assert "评审价格＝投标报价×（1－10%）" in text
    assert "第2包专门面向中小企业，只执行本国产品价格评审优惠" in text
    [table] = _tables_with_header(chapter, ["序号", "审查项目", "审查标准", "证明材料"])
    policy = next(row for row in _row_texts(table) if row[1] == "落实政府采购政策需满足的资格要求")
    assert policy[2].startswith("第2包专门面向中小企业采购：投标人提供的货物全部由中小企业制造")
    assert policy[3].startswith("《中小企业声明函（货物）》")


def test_fully_reserved_project_has_no_deduction(write_spec: WriteSpec) -> None:
    text = _text(_chapter(_tender(write_spec({"sme_policy": {"reserved": True}})), "第三章"))
    assert "本项目专门面向中小企业采购（投标人的资格要求见资格审查），不再执行价格扣除" in text
    assert "给予10%的扣除" not in text
    assert "适用的中小企业价格扣除比例" not in text  # no stacking rule without an SME deduction


def test_domestic_product_preference_for_goods(example_tender: list[Block]) -> None:
    text = _text(_chapter(example_tender, "第三章"))
    preference = limit("domestic_product.preference").text
    assert f"对所投产品为本国产品的投标报价给予{preference}的扣除" in text
    # how the two preferences combine is the purchaser's choice (the example: both on the bid price)
    assert "国家规定未明确两项优惠的计算方法，本项目由采购人确定按以下方法计算" in text
    assert f"评审价格＝投标报价×（1－小型、微型企业价格扣除比例－{preference}）" in text
    assert "3.节能产品、环境标志产品" in _headings(_chapter(example_tender, "第三章"))


def test_services_wording(write_spec: WriteSpec) -> None:
    tender = _tender(write_spec({"project": {"category": "服务", "industry": "物业管理"}}))
    chapter = _chapter(tender, "第三章")
    text = _text(chapter)
    assert ("投标人提供的服务全部由小型、微型企业承接，"
            "即提供服务的人员为该企业依照《中华人民共和国劳动合同法》订立劳动合同的从业人员") in text
    assert "《中小企业声明函（工程、服务）》" in text
    assert "本国产品" not in text and "进口产品" not in text
    assert "有可能影响服务质量" in text
    requirements = _text(_chapter(tender, "第四章"))
    assert "3.服务期限和地点" in _headings(_chapter(tender, "第四章"))
    assert "交付时间和地点" not in requirements
    assert "人员工资、社会保险" in requirements
    assert "政府采购合同（服务类）" in _text(_chapter(tender, "第五章"))


def test_consortium_and_subcontracting_deductions(write_spec: WriteSpec) -> None:
    tender = _tender(write_spec({
        "project": {"accepts_consortium": True, "subcontracting": {"scope": "车辆运输、上牌手续代办"}},
        "sme_policy": {"consortium_deduction": "5%"},
    }))
    chapter = _chapter(tender, "第三章")
    text = _text(chapter)
    share = limit("sme.consortium_share").text
    assert f"小型、微型企业的协议合同金额占联合体协议合同总金额{share}以上的，对联合体的投标报价给予5%的扣除" in text
    assert "联合体各方均为小型、微型企业的，联合体视同小型、微型企业，按上述第（1）项执行" in text
    assert "将车辆运输、上牌手续代办中的部分工作分包给一家或者多家小型、微型企业" in text
    [table] = _tables_with_header(chapter, ["序号", "审查项目", "审查标准", "证明材料"])
    assert any(row[1] == "联合体投标（以联合体参加的）" for row in _row_texts(table))
    contract = _text(_chapter(tender, "第五章"))
    assert "乙方可以将下列工作分包给具有相应资格和能力的供应商履行：车辆运输、上牌手续代办" in contract
    assert "乙方为小型、微型企业的，不得将合同分包给大型、中型企业" in contract
    assert f"小型、微型企业承担的合同份额不得低于合同总价的{share}" in contract


# -- 第四章 采购需求 --------------------------------------------------------------------------------

def test_requirements_show_marks_of_both_lots_and_standards(example_tender: list[Block]) -> None:
    chapter = _chapter(example_tender, "第四章")
    headings = _headings(chapter)
    assert "二、第1包　一般公务用车（纯电动轿车）" in headings
    assert "三、第2包　应急保障用车（纯电动多用途乘用车）" in headings
    tables = _tables_with_header(chapter, ["序号", "名称", "数量", "单位", "技术要求"])
    assert len(tables) == 2
    first, second = (_row_texts(t) for t in tables)
    # one row per requirement; the item's number, name, quantity and unit span them
    assert len(first) == 1 + 7 and first[1][:4] == ["1", "纯电动轿车", "12", "辆"]
    assert tables[0].rows[1].cells[0].rowspan == 7
    assert first[1][4] == "1.★所投车型须列入工业和信息化部《道路机动车辆生产企业及产品公告》，车辆为全新未上牌车辆"
    assert first[3] == ["3.▲CLTC工况纯电续驶里程不低于500公里"]
    assert first[5] == ["5.座位数5座，轴距不小于2700mm"]
    assert second[2] == ["2.▲CLTC工况纯电续驶里程不低于450公里"]
    text = _text(chapter)
    assert "（2）GB/T 18386.1《电动汽车能量消耗量和续驶里程试验方法 第1部分：轻型汽车》；" in text
    assert "（2）GB 38031《电动汽车用动力蓄电池安全要求》。" in text
    assert "标注“★”的条款为实质性要求" in text and "标注“▲”的条款为重要指标" in text
    assert "本项目不接受进口产品" in text
    assert "整车质保不少于3年或10万公里" in text  # contract.warranty
    assert "每批次不少于2学时" in text  # lot.training


def test_requirements_skip_empty_subsections_and_number_the_rest(
        write_spec: WriteSpec, lots: list[dict[str, Any]]) -> None:
    lots[1].pop("standards")
    lots[1].pop("training")
    lots[1]["installation"] = "车辆交付时完成车载设备安装调试"
    lots[1]["delivery_place"] = "江城市应急管理局车库"
    lots[1]["items"].append({"name": "车载应急照明设备", "quantity": 6, "unit": "套", "summary": "车载照明"})
    lots[1]["core_product"] = "纯电动多用途乘用车"
    chapter = _chapter(_tender(write_spec({"lots": lots})), "第四章")
    headings = _headings(chapter)
    lot2 = headings[headings.index("三、第2包　应急保障用车（纯电动多用途乘用车）") + 1:headings.index("四、报价要求")]
    assert lot2 == ["1.采购标的及技术要求", "2.核心产品", "3.交付时间和地点", "4.安装调试",
                    "5.验收", "6.质量保证", "7.售后服务"]
    text = _text(chapter)
    assert "交付地点：江城市应急管理局车库。" in text
    assert "纯电动多用途乘用车\n（核心产品）" in text
    [_, second] = _tables_with_header(chapter, ["序号", "名称", "数量", "单位", "技术要求"])
    assert _row_texts(second)[-1] == ["2", "车载应急照明设备", "6", "套", "车载照明"]  # no requirements: the summary


@pytest.mark.parametrize("prefix", ["第三章", "第四章", "第五章"])
def test_no_empty_headings(example_tender: list[Block], prefix: str) -> None:
    blocks = _chapter(example_tender, prefix)
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        if isinstance(block, Heading):
            assert following is not None
            assert not (isinstance(following, Heading) and following.level <= block.level), plain_text(block.inlines)


# -- 第五章 合同主要条款 ----------------------------------------------------------------------------

def test_contract_terms_from_the_spec(example_tender: list[Block], example_data: dict[str, Any]) -> None:
    chapter = _chapter(example_tender, "第五章")
    lines = _lines(chapter)
    text = "\n".join(lines)
    for number, milestone in enumerate(example_data["contract"]["payment"], 1):
        assert f"{number}.{milestone}。" in lines
    for liability in example_data["contract"]["liabilities"]:
        assert f"{liability}。" in text
    assert "采购人（甲方）：" in lines and "江城市机关事务管理局" in lines
    assert "中标人（乙方）：" in lines
    assert "本合同为本项目第____包的合同" in text  # two lots: the lot is filled in at signing
    assert "人民币________________________" in text
    assert "向甲方（采购人）所在地有管辖权的人民法院提起诉讼" in text and "仲裁" not in text
    assert "金额为合同总价的5%" in text
    assert f"不得超过政府采购合同金额的{limit('performance_bond.cap').text}" in text
    assert f"不得超过原合同采购金额的{limit('contract.supplement_cap').text}（《中华人民共和国政府采购法》第四十九条）" in text
    assert f"发出之日起{limit('contract.signing_period').text}内" in text
    assert f"签订之日起{limit('contract.publication_period').text}内" in text
    assert "本合同不允许分包" in text
    assert "（以下无正文）" in lines
    headings = _headings(chapter)
    assert headings[0] == "一、合同标的" and headings[-1] == "十四、其他" and len(headings) == 14


def test_contract_arbitration_and_no_performance_bond(write_spec: WriteSpec) -> None:
    tender = _tender(write_spec({
        "contract": {"dispute_resolution": "仲裁", "arbitration_body": "江城仲裁委员会"},
        "bonds": {"performance_bond": None},
    }))
    text = _text(_chapter(tender, "第五章"))
    assert "任何一方均可以向江城仲裁委员会申请仲裁，仲裁裁决是终局的" in text
    assert "人民法院" not in text
    assert "本项目不收取履约保证金。" in text
    assert "履约保证金中扣除" not in text


def test_single_lot_contract_names_the_subject(write_spec: WriteSpec, lots: list[dict[str, Any]]) -> None:
    tender = _tender(write_spec({"project": {"budget": "216万元"}, "lots": lots[:1]}))
    text = _text(_chapter(tender, "第五章"))
    assert "本合同标的为一般公务用车（纯电动轿车）：纯电动轿车12辆。" in text
    assert "____包" not in text
