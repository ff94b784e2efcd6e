"""第六章 投标文件格式: which forms the 招标文件 holds, in which order, and what they say.

The policy letters are compared with the official templates (财库〔2020〕46号 附件, 财库〔2017〕141号
附件) sentence by sentence: they must be reproduced word for word, with only the slots the
generator knows filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import shared_renderer
from procdocs.doctree.nodes import Block, Heading, Paragraph, Signature, Table, plain_text
from procdocs.spec import load_spec
from procdocs.spec.model import ProjectSpec

EXAMPLE = Path(__file__).resolve().parent.parent / "specs" / "examples" / "open_tender-official-vehicles.yaml"
CHAPTER = "第六章　投标文件格式"

# 财库〔2020〕46号 附件, as reproduced in domain.md §2.1.1 (slots in full-width brackets; the runs of
# spaces are the blanks for figures).
SME_GOODS = (
    "本公司（联合体）郑重声明，根据《政府采购促进中小企业发展管理办法》（财库﹝2020﹞46号）的规定，"
    "本公司（联合体）参加（单位名称）的（项目名称）采购活动，提供的货物全部由符合政策要求的中小企业制造。"
    "相关企业（含联合体中的中小企业、签订分包意向协议的中小企业）的具体情况如下：",
    "1.（标的名称），属于（采购文件中明确的所属行业）行业；制造商为（企业名称），从业人员   人，"
    "营业收入为   万元，资产总额为   万元¹，属于（中型企业、小型企业、微型企业）；",
    "2.（标的名称），属于（采购文件中明确的所属行业）行业；制造商为（企业名称），从业人员   人，"
    "营业收入为   万元，资产总额为   万元，属于（中型企业、小型企业、微型企业）；",
    "……",
    "以上企业，不属于大企业的分支机构，不存在控股股东为大企业的情形，"
    "也不存在与大企业的负责人为同一人的情形。",
    "本企业对上述声明内容的真实性负责。如有虚假，将依法承担相应责任。",
)
SME_WORKS_SERVICES = (
    "本公司（联合体）郑重声明，根据《政府采购促进中小企业发展管理办法》（财库﹝2020﹞46号）的规定，"
    "本公司（联合体）参加（单位名称）的（项目名称）采购活动，"
    "工程的施工单位全部为符合政策要求的中小企业（或者：服务全部由符合政策要求的中小企业承接）。"
    "相关企业（含联合体中的中小企业、签订分包意向协议的中小企业）的具体情况如下：",
    "1.（标的名称），属于（采购文件中明确的所属行业）；承建（承接）企业为（企业名称），从业人员   人，"
    "营业收入为   万元，资产总额为   万元¹，属于（中型企业、小型企业、微型企业）；",
    "2.（标的名称），属于（采购文件中明确的所属行业）；承建（承接）企业为（企业名称），从业人员   人，"
    "营业收入为   万元，资产总额为   万元，属于（中型企业、小型企业、微型企业）；",
    "……",
    "以上企业，不属于大企业的分支机构，不存在控股股东为大企业的情形，"
    "也不存在与大企业的负责人为同一人的情形。",
    "本企业对上述声明内容的真实性负责。如有虚假，将依法承担相应责任。",
)
SME_FOOTNOTE = "¹ 从业人员、营业收入、资产总额填报上一年度数据，无上一年度数据的新成立企业可不填报。"
# 财库〔2017〕141号 附件 (domain.md §2.1.2); ______ are blanks.
DISABLED = (
    "本单位郑重声明，根据《财政部 民政部 中国残疾人联合会关于促进残疾人就业政府采购政策的通知》"
    "（财库〔2017〕141号）的规定，本单位为符合条件的残疾人福利性单位，"
    "且本单位参加______单位的______项目采购活动提供本单位制造的货物（由本单位承担工程/提供服务），"
    "或者提供其他残疾人福利性单位制造的货物（不包括使用非残疾人福利性单位注册商标的货物）。",
    "本单位对上述声明的真实性负责。如有虚假，将依法承担相应责任。",
)

ALL_OPTIONS: dict[str, Any] = {
    "project": {"accepts_consortium": "是", "accepts_imports": "是",
                "subcontracting": {"scope": "车辆运输和上牌手续代办", "max_share": "30%"}},
    "sme_policy": {"consortium_deduction": "4%"},
}
SERVICES: dict[str, Any] = {
    "project": {"category": "服务", "catalogue": "物业管理服务", "subject": "办公区物业管理服务", "industry": "物业管理"},
}
NO_BOND: dict[str, Any] = {"bonds": {"bid_bond": None}, "instructions": {"bid_bond_account": None}}
DOCUMENTS: dict[str, Any] = {
    "qualification_mode": "documents",
    "qualifications": [{"requirement": "具有有效的《道路运输经营许可证》", "basis": "《中华人民共和国道路运输条例》"}],
}


# -- helpers ---------------------------------------------------------------------------------------

def _build(path: Path) -> tuple[ProjectSpec, list[Block]]:
    spec = load_spec(path)
    [tender] = [document for definition, document in shared_renderer().build(spec) if definition.key == "tender_document"]
    body = tender.body
    start = next(i for i, b in enumerate(body) if isinstance(b, Heading) and plain_text(b.inlines) == CHAPTER)
    return spec, body[start + 1:]


@cache
def _example() -> tuple[ProjectSpec, list[Block]]:
    return _build(EXAMPLE)


def _forms(chapter: list[Block]) -> dict[str, list[Block]]:
    """The chapter's h2 sections by title without its number: {"投标函": [...], ...}."""
    forms: dict[str, list[Block]] = {}
    current: list[Block] = []
    for block in chapter:
        if isinstance(block, Heading) and block.level == 2:
            current = forms.setdefault(_unnumbered(plain_text(block.inlines)), [])
        else:
            current.append(block)
    return forms


def _unnumbered(title: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", title)


def _headings(chapter: list[Block]) -> list[Heading]:
    return [b for b in chapter if isinstance(b, Heading) and b.level == 2]


def _paragraphs(blocks: list[Block]) -> list[str]:
    return [_blanks(plain_text(b.inlines)) for b in blocks if isinstance(b, Paragraph)]


def _text(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            parts.append(plain_text(block.inlines))
        elif isinstance(block, Table):
            parts.extend(plain_text(p) for row in block.rows for cell in row.cells for p in cell.inlines_by_paragraph)
        elif isinstance(block, Signature):
            parts.extend(field.label for field in block.fields)
        elif hasattr(block, "items"):
            parts.extend(item.label + plain_text(item.inlines) for item in block.items)
    return "\n".join(parts)


def _blanks(text: str) -> str:
    """A fill-in blank (printed as ____) and a run of spaces in the official text are the same gap."""
    return re.sub(r"_+| {2,}", "＿", text)


def _tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _cells(row: Any) -> list[str]:
    return ["\n".join(plain_text(p) for p in cell.inlines_by_paragraph) for cell in row.cells]


def _lot_tables(spec: ProjectSpec, blocks: list[Block]) -> dict[int, Table]:
    """The table after each lot's caption ("第1包：…")."""
    tables: dict[int, Table] = {}
    caption: int | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            match = re.match(r"第(\d+)包：", plain_text(block.inlines))
            caption = int(match[1]) if match else caption
        elif isinstance(block, Table) and caption is not None:
            tables[caption] = block
            caption = None
    assert set(tables) == {lot.number for lot in spec.lots}
    return tables


@pytest.fixture
def build(write_spec: Callable[..., Path]) -> Callable[[dict[str, Any]], tuple[ProjectSpec, list[Block]]]:
    return lambda changes: _build(write_spec(changes))


# -- the chapter ---------------------------------------------------------------------------------

def test_composition_page_lists_the_forms_in_their_order() -> None:
    _, chapter = _example()
    headings = _headings(chapter)
    assert plain_text(headings[0].inlines) == "投标文件组成" and not headings[0].page_break_before
    listed = [_cells(row) for row in _tables(_forms(chapter)["投标文件组成"])[0].rows if not row.header]
    forms = [plain_text(h.inlines) for h in headings[1:]]
    assert [f"{number}、{title}" for number, title, _ in listed] == forms
    assert [_unnumbered(f) for f in forms] == [
        "投标函", "开标一览表", "分项报价表", "技术偏离表", "商务偏离表", "法定代表人身份证明书", "法定代表人授权委托书",
        "资格承诺函", "关联关系声明", "中小企业声明函（货物）", "残疾人福利性单位声明函", "监狱企业证明文件", "本国产品声明函",
        "评分因素响应材料", "投标保证金凭证或保函", "其他材料"]
    assert all(h.page_break_before for h in headings[1:]), "every form starts on a new page"
    assert all(isinstance(form[-1], Signature) for title, form in _forms(chapter).items()
               if title not in {"投标文件组成", "监狱企业证明文件", "其他材料", "中小企业声明函（货物）", "法定代表人授权委托书"})
    # the 授权委托书 is signed under the authority it grants, before the attached ID copies
    authorization = _forms(chapter)["法定代表人授权委托书"]
    signed = next(i for i, block in enumerate(authorization) if isinstance(block, Signature))
    assert isinstance(authorization[-1], Table) and signed < len(authorization) - 1


def test_bid_letter_is_filled_from_the_spec() -> None:
    spec, chapter = _example()
    letter = _forms(chapter)["投标函"]
    text = _text(letter)
    assert _paragraphs(letter)[0] == "致：江城市机关事务管理局"
    assert f"{spec.project.name}（项目编号：{spec.project.number}）招标文件的全部内容" in text
    assert "投标有效期为自投标截止时间起90日" in text
    assert "在中标通知书发出之日起30日内" in text and "提交履约保证金" in text
    assert "合同履行期限：合同签订后60日内交付全部车辆并完成验收" in text
    assert "已按照招标文件的规定提交投标保证金" in text
    assert "单位负责人为同一人或者直接控股、管理关系" in text and "第十八条" in text
    [offer] = _tables(letter)
    rows = [_cells(row) for row in offer.rows if not row.header]
    assert rows == [[f"第{lot.number}包：{lot.name}", "", ""] for lot in spec.lots]


def test_price_tables_prefill_items_and_leave_prices_blank() -> None:
    spec, chapter = _example()
    summary = _forms(chapter)["开标一览表"]
    for lot, table in zip(spec.lots, _tables(summary), strict=True):
        values = dict(_cells(row) for row in table.rows)  # type: ignore[misc]
        assert values["包号"] == f"第{lot.number}包" and values["包名称"] == lot.name
        assert values["投标总价（大写）"] == values["投标总价（小写，元）"] == values["交货期"] == ""
    breakdown = _lot_tables(spec, _forms(chapter)["分项报价表"])
    for lot in spec.lots:
        header, *rows, total = breakdown[lot.number].rows
        assert _cells(header) == ["序号", "名称", "品牌", "规格\n型号", "制造商", "产地", "数量", "单位", "单价", "合价",
                                  "是否由\n中小\n企业\n制造"]
        assert [_cells(r) for r in rows] == [[str(i), item.name, "", "", "", "", f"{item.quantity:f}", item.unit, "", "", ""]
                                             for i, item in enumerate(lot.items, 1)]
        assert _cells(total)[0] == "合计"


def test_services_price_table_has_no_brand_or_manufacturer(build: Callable[..., Any]) -> None:
    spec, chapter = build(SERVICES)
    header = _lot_tables(spec, _forms(chapter)["分项报价表"])[1].rows[0]
    assert _cells(header) == ["序号", "名称", "服务内容", "数量", "单位", "单价", "合价", "是否由\n中小企业\n承接"]
    assert "服务期" in _text(_forms(chapter)["开标一览表"])


def test_technical_deviation_lists_every_requirement_with_its_mark() -> None:
    spec, chapter = _example()
    tables = _lot_tables(spec, _forms(chapter)["技术偏离表"])
    for lot in spec.lots:
        header, *rows = tables[lot.number].rows
        assert _cells(header)[1:4] == ["招标文件要求", "投标响应", "偏离\n（正偏离、\n负偏离、\n无偏离）"]
        numbered = [_cells(r) for r in rows if len(r.cells) == 5]
        expected = [r.mark + r.text for item in lot.items for r in item.requirements]
        expected += [f"符合{standard}" for standard in lot.standards]
        assert [cells[1] for cells in numbered] == expected
        assert [cells[0] for cells in numbered] == [str(i) for i in range(1, len(expected) + 1)]
        assert all(cells[2:] == ["", "", ""] for cells in numbered)
    assert "★所投车型须列入工业和信息化部《道路机动车辆生产企业及产品公告》，车辆为全新未上牌车辆" in _text(_forms(chapter)["技术偏离表"])
    assert "▲CLTC工况纯电续驶里程不低于450公里" in _text(_forms(chapter)["技术偏离表"])


def test_commercial_deviation_carries_the_contract_terms() -> None:
    spec, chapter = _example()
    [table] = _tables(_forms(chapter)["商务偏离表"])
    rows = {cells[1]: cells[2] for cells in map(_cells, table.rows[1:])}
    assert rows["合同履行期限"] == spec.project.contract_period
    assert rows["质量保证（质保）"] == spec.contract.warranty
    assert rows["付款方式"] == "\n".join(f"（{i}）{term}" for i, term in enumerate(spec.contract.payment, 1))
    assert rows["投标有效期"] == "自投标截止时间起90日"
    assert rows["履约保证金"] == "合同金额的5%，以非现金形式提交"
    assert rows["分包"] == "本项目不允许分包"


# -- policy letters ------------------------------------------------------------------------------

def _filled(template: tuple[str, ...], spec: ProjectSpec) -> list[str]:
    text = ("\n".join(template).replace("（单位名称）", f"（{spec.parties.purchaser.name}）")
            .replace("（项目名称）", f"（{spec.project.name}）")
            .replace("（采购文件中明确的所属行业）", f"（{spec.project.industry}）"))
    return [_blanks(line) for line in text.splitlines()]


def test_sme_declaration_goods_is_the_official_text() -> None:
    spec, chapter = _example()
    letter = _forms(chapter)["中小企业声明函（货物）"]
    paragraphs = _paragraphs(letter)
    assert paragraphs[0].startswith("注：申请享受小微企业价格扣除（扣除比例10%）的投标人提供本声明函")
    assert paragraphs[1:-1] == _filled(SME_GOODS, spec)
    assert paragraphs[-1] == SME_FOOTNOTE
    [signature] = [b for b in letter if isinstance(b, Signature)]
    assert [re.sub(r"\s", "", f.label) for f in signature.fields] == ["企业名称（盖章）", "日期"]


@pytest.mark.parametrize(("category", "chosen", "dropped", "company"), [
    ("服务", "服务全部由符合政策要求的中小企业承接", "工程的施工单位", "承接企业为"),
    ("工程", "工程的施工单位全部为符合政策要求的中小企业", "服务全部由", "承建企业为"),
])
def test_sme_declaration_works_and_services_chooses_the_template_alternative(
        build: Callable[..., Any], category: str, chosen: str, dropped: str, company: str) -> None:
    spec, chapter = build({**SERVICES, "project": {**SERVICES["project"], "category": category}})
    forms = _forms(chapter)
    assert "中小企业声明函（货物）" not in forms
    paragraphs = _paragraphs(forms["中小企业声明函（工程、服务）"])
    official = _filled(SME_WORKS_SERVICES, spec)
    official[0] = official[0].replace("工程的施工单位全部为符合政策要求的中小企业（或者：服务全部由符合政策要求的中小企业承接）", chosen)
    official[1:3] = [line.replace("承建（承接）企业为", company) for line in official[1:3]]
    assert paragraphs[1:-1] == official
    assert dropped not in paragraphs[1] and "（物业管理）；" in paragraphs[2]
    assert paragraphs[-1] == SME_FOOTNOTE


def test_disabled_and_prison_enterprise_pages() -> None:
    _, chapter = _example()
    forms = _forms(chapter)
    assert _paragraphs(forms["残疾人福利性单位声明函"])[1:] == [_blanks(line) for line in DISABLED]
    prison = _text(forms["监狱企业证明文件"])
    assert "省级以上监狱管理局、戒毒管理局（含新疆生产建设兵团）出具" in prison and "财库〔2014〕68号" in prison


# -- forms that depend on the spec ---------------------------------------------------------------

def test_consortium_subcontract_and_manufacturer_forms_only_when_allowed(build: Callable[..., Any]) -> None:
    _, chapter = _example()
    forms = _forms(chapter)
    assert not {"联合体协议书", "分包意向协议", "制造商授权书"} & set(forms)
    assert "本项目不接受进口产品" in _text(forms["商务偏离表"])

    _, chapter = build(ALL_OPTIONS)
    forms = _forms(chapter)
    consortium = _text(forms["联合体协议书"])
    assert "牵头人" in consortium and "承担连带责任" in consortium
    assert "协议合同金额占到联合体协议合同总金额30%以上的，对联合体的报价给予4%的扣除" in consortium
    subcontract = _text(forms["分包意向协议"])
    assert "本项目可以分包的内容为：车辆运输和上牌手续代办，分包金额不超过合同金额的30%" in subcontract
    assert "乙方企业规模（大型、中型、小型、微型）" in subcontract
    assert "第四十八条" in subcontract
    manufacturer = _text(forms["制造商授权书"])
    assert "仅所投产品为进口产品" in manufacturer
    assert "可以分包的内容：车辆运输和上牌手续代办" in _text(forms["商务偏离表"])
    titles = [_unnumbered(plain_text(h.inlines)) for h in _headings(chapter)]
    assert titles.index("监狱企业证明文件") < titles.index("联合体协议书") < titles.index("分包意向协议") \
        < titles.index("制造商授权书") < titles.index("评分因素响应材料")


def test_commitment_mode_has_a_lawful_commitment_letter() -> None:
    _, chapter = _example()
    forms = _forms(chapter)
    assert "资格证明文件" not in forms and "无重大违法记录声明" not in forms
    letter = _text(forms["资格承诺函"])
    for condition in ("具有独立承担民事责任的能力", "具有良好的商业信誉和健全的财务会计制度",
                      "具有履行合同所必需的设备和专业技术能力", "有依法缴纳税收和社会保障资金的良好记录",
                      "参加政府采购活动前三年内，在经营活动中没有重大违法记录",
                      "具备法律、行政法规规定的其他条件",
                      "未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单"):
        assert condition in letter
    assert "第七十七条" in letter and "投标无效" in letter
    for unlawful in ("经营异常名录", "注册资本", "营业收入", "成立", "本地"):
        assert unlawful not in letter


def test_documents_mode_lists_the_proofs_of_article_17(build: Callable[..., Any]) -> None:
    _, chapter = build(DOCUMENTS)
    forms = _forms(chapter)
    assert "资格承诺函" not in forms
    proofs = _text(forms["资格证明文件"])
    for item in ("营业执照等证明文件", "财务状况报告", "依法缴纳税收和社会保障资金的相关材料",
                 "设备和专业技术能力的证明材料", "书面声明，格式见本章“九、无重大违法记录声明”",
                 "特定资格要求：具有有效的《道路运输经营许可证》", "《中华人民共和国道路运输条例》", "无需提供"):
        assert item in proofs
    declaration = _text(forms["无重大违法记录声明"])
    assert "前三年内，在经营活动中没有重大违法记录" in declaration
    assert "较大数额罚款等行政处罚" in declaration and "第十九条" in declaration
    assert "关联关系声明" in forms


def test_no_bond_means_no_bond_page(build: Callable[..., Any]) -> None:
    spec, chapter = _example()
    bond = _tables(_forms(chapter)["投标保证金凭证或保函"])[0]
    assert [_cells(row)[:2] for row in bond.rows[1:]] == [[f"第{lot.number}包：{lot.name}", "30,000.00"] for lot in spec.lots]

    _, chapter = build(NO_BOND)
    forms = _forms(chapter)
    assert "投标保证金凭证或保函" not in forms
    assert "投标保证金" not in _text(forms["投标函"])
    assert "投标保证金" not in _text(forms["投标文件组成"])


def test_scoring_outline_follows_the_factors(build: Callable[..., Any]) -> None:
    spec, chapter = _example()
    outline = _forms(chapter)["评分因素响应材料"]
    assert [plain_text(b.inlines) for b in outline if isinstance(b, Heading)] == [
        f"{i}. {factor.name}（{factor.category}，{factor.points:f}分）" for i, factor in enumerate(spec.evaluation.factors, 1)]
    _, chapter = build({"evaluation": {"method": "最低评标价法", "price_weight": None, "factors": []}})
    assert "评分因素响应材料" not in _forms(chapter)
    assert "最低报价不是中标的唯一依据" not in _text(_forms(chapter)["投标函"])
