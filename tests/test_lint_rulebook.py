"""Cross-cutting behaviour of the rulebook (procdocs/data/lint/rules/*.yaml), beyond each rule's own examples:
quotations of the law stay quiet, restrictions phrased with 不得 are caught, post-award obligations and the
policy templates stay quiet, numbers are read in every form, document-wide facts decide value rules, and
procdocs' own documents produce no findings."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import shared_renderer
from procdocs.lint import roles
from procdocs.lint.checks import collect_facts
from procdocs.lint.engine import lint_blocks, lint_clause
from procdocs.lint.exceptionsets import exception_set
from procdocs.lint.model import Block, Location
from procdocs.lint.normalize import normalize
from procdocs.lint.rules import Rule, rulebook
from procdocs.lint.run import lint_tree
from procdocs.spec import load_spec

QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"
SCORING = "第三章 评标办法 > 评分标准"
TECHNICAL = "第四章 采购需求 > 技术参数"
COMMERCIAL = "第四章 采购需求 > 商务要求"
CONTRACT = "第五章 合同主要条款 > 售后服务"
INSTRUCTIONS = "第二章 投标人须知 > 总则"


def codes(text: str, section: str = "") -> set[str]:
    return {finding.rule for finding in lint_clause(text, section)}


def block(text: str, section: str, table: int | None = None, row: int | None = None) -> Block:
    """A block under a heading path, with its role, as a reader and `prepare` would give it."""
    headings = tuple(part.strip() for part in section.split(">") if part.strip())
    item = Block(text=text, location=Location(table=table, row=row), headings=headings)
    item.role = roles.infer(item)
    return item


def document_codes(*blocks: Block) -> set[str]:
    return {finding.rule for finding in lint_blocks(list(blocks))}


# --- the rulebook itself -----------------------------------------------------------------------------------

def test_the_catalogue_is_covered() -> None:
    base_codes = {rule.code[:3] for rule in rulebook().rules}
    clauses = {f"C{number:02d}" for number in range(1, 32)}
    periods = {"C32"}  # the periods a document states, read across the whole document (procdocs/lint/periods.py)
    families = {"C33", "C34", "C35", "C36", "C37", "C38"}  # prior dealings, access, fees, local performance, local credit, SME proof
    catalogue = clauses | periods | families
    assert clauses | periods | families | {"I01"} <= base_codes  # I01: the integrity of the text (invisible characters)
    assert base_codes <= catalogue | {"I01"}


@pytest.mark.parametrize("rule", rulebook().rules, ids=lambda rule: rule.code)
def test_every_rule_is_documented_and_exemplified(rule) -> None:
    data = rule.rule
    assert len(data.examples.flag) >= 4 and len(data.examples.pass_) >= 4
    assert data.note and data.suggestion and data.title
    assert "《" in data.basis  # instrument named
    assert all(example.section for example in (*data.examples.flag, *data.examples.pass_))


@pytest.mark.parametrize("rule", rulebook().rules, ids=lambda rule: rule.code)
def test_keywords_are_literal_text_in_canonical_form(rule) -> None:
    for keyword in rule.keywords:
        assert normalize(keyword).text == keyword, f"{rule.code}: keyword {keyword!r} is not in normalised form"


def test_frames_anchored_on_places_elsewhere_keep_words_to_be_found_by() -> None:
    # {PLACE_NONLOCAL} (外地, 省外, 本市以外 …) anchors C36's and C37's frames: a form of it that any place name may
    # start (江苏省以外) would leave them no words to be pre-filtered by or to explain a proposal with
    book = rulebook()
    for code in ("C36", "C37"):
        assert {"市外", "域外"} <= (book.by_code[code].anchor_words or frozenset())


@pytest.mark.parametrize("text", ["外地供应商的报价在评审时上浮5%计算。", "县外供应商的价格分按90%计算。",
                                  "非本县供应商的商务分乘以0.8。", "区外企业的技术分按80%计。"])
def test_outsiders_weighed_otherwise_are_read_by_every_word_for_them(text: str) -> None:
    # every word for suppliers from elsewhere ({PLACE_NONLOCAL}) reaches C27's patterns, its terms among the keywords
    assert "C27" in {finding.rule for finding in lint_clause(text, "第三章 评标办法 > 评分标准")}


def test_severity_follows_the_law() -> None:
    severities = {rule.code: rule.rule.severity for rule in rulebook().rules}
    # per-se violations (domain.md §5.0.6)
    for code in ("C01", "C07", "C08", "C14", "C15", "C17", "C19", "C21", "C23", "C24", "C26", "C30"):
        assert severities[code] == "error", code
    # rules that need a necessity review
    for code in ("C05", "C12", "C13", "C16", "C29", "C31"):
        assert severities[code] == "warning", code
    # the necessity catch-all is reported beside other findings, giving way only where another rule says all of it
    assert {"C12", "C17", "C30"} <= set(rulebook().by_code["C31"].rule.suppressed_by)


# --- statements of the law stay quiet, restrictions are caught ------------------------------------------------

PROHIBITIONS = [
    "采购人、采购代理机构不得将投标人的注册资本、资产总额、营业收入、从业人员、利润、纳税额等规模条件作为资格要求或者评审因素，"
    "也不得通过将除进口货物以外的生产厂家授权、承诺、证明、背书等作为资格要求，对投标人实行差别待遇或者歧视待遇。",
    "不得以企业注册资本、资产总额、营业收入、从业人员、利润、纳税额等规模条件和财务指标作为供应商的资格要求或者评审因素。",
    "不得在企业股权结构、经营年限等方面对中小企业实行差别待遇或者歧视待遇。",
    "不得以所有制形式、组织形式、股权结构、投资者国别、产品或者服务品牌以及其他不合理的条件对供应商予以限定。",
    "不得对外商投资企业在中国境内生产的产品、提供的服务和内资企业区别对待。",
    "采购人不得限定或者指定特定的专利、商标、品牌或者供应商。",
    "采购人不得向供应商索要或者接受其给予的赠品、回扣或者与采购无关的其他商品、服务。",
    "采购人不得以特定行政区域或者特定行业的业绩、奖项作为加分条件或者中标、成交条件。",
    "本项目不以供应商的注册地、所在地作为资格条件。",
    "采购人不得将供应商备选库、名录库、资格库作为资格条件。",
    "采购人不得将营业执照经营范围作为资格条件或者评审因素。",
    "成立年限、注册资本等不作为资格条件和评审因素。",
    "本项目对供应商的注册资本、成立年限不作要求。",
    "采购人不得将AAA级信用证书、守合同重信用证书作为资格条件或者评审因素。",
    "采购人不得设置没有法律依据的黑名单、不良记录名单作为资格要求。",
    # the fair-competition rules' own words and enumerations, quoted in a notice or a rectification report
    "不得含有下列内容：（二）排斥、限制、强制或者变相强制外地经营者在本地投资经营或者设立分支机构。",
    "（三）将经营者取得业绩和奖项荣誉的区域、缴纳税收社保的区域、注册地址等作为投标条件、加分条件、中标条件。",
    # what a campaign sets out to correct, named in general
    "本次专项整治重点整治采购人倾斜照顾本地企业、指向特定供应商或特定产品等行为。",
    # what the document says it did not ask for, and an absence said to cost nothing
    "本项目不接受进口产品；采购文件未要求提供制造商授权书。",
    "供应商在江城市无分支机构的，不影响其参与本项目。",
]


@pytest.mark.parametrize("text", PROHIBITIONS)
@pytest.mark.parametrize("section", [QUALIFICATION, SCORING, INSTRUCTIONS, TECHNICAL])
def test_statements_of_a_prohibition_are_not_flagged(text: str, section: str) -> None:
    assert codes(text, section) == set()


@pytest.mark.parametrize(("text", "code"), [
    ("投标人不得为外资企业。", "C15"),
    ("外资企业不得参加本项目投标。", "C15"),
    ("不接受外地企业投标。", "C01"),
    ("外地企业不得参加本项目。", "C01"),
    ("分公司不得参加投标。", "C14"),
    ("中小企业不得参加本项目。", "C07"),
    ("成立不足三年的企业不得参加本项目。", "C08"),
])
@pytest.mark.parametrize("section", [QUALIFICATION, INSTRUCTIONS, ""])
def test_restrictions_phrased_with_a_prohibition_are_flagged(text: str, code: str, section: str) -> None:
    assert code in codes(text, section)


# --- post-award obligations ---------------------------------------------------------------------------------

POST_AWARD = [
    "中标人应在合同签订后30日内在项目所在地设立服务站，并派驻不少于2名驻场人员。",
    "中标后，供应商须在江城市设立售后服务网点。",
    "服务期内，中标人须在采购人所在地设置固定办公场所。",
    "履约期间配备冷链运输车辆不少于2辆。",
    "接到报修后2小时内响应、24小时内到达现场。",
    "合同签订后15日内，乙方应在本市设立维修站并报甲方备案。",
    "质保期内，中标人须在项目所在地设有备品备件仓库。",
]


@pytest.mark.parametrize("text", POST_AWARD)
@pytest.mark.parametrize("section", [TECHNICAL, COMMERCIAL, CONTRACT, QUALIFICATION])
def test_post_award_commitments_are_not_flagged(text: str, section: str) -> None:
    assert codes(text, section) == set()


def test_scoring_a_promise_of_local_presence_is_a_service_term_unless_presence_today_also_scores() -> None:
    # any bidder can promise it and be held to it (the rule's own suggestion); where a presence already held
    # scores too, or the places are graded, where the bidder is still decides the points
    assert "C02" not in codes("承诺中标后在项目所在地设立服务站的得3分", SCORING)
    assert "C02" in codes("在项目所在地已设有服务站或承诺中标后设立的得3分", SCORING)
    assert "C02" in codes("承诺中标后在本市设立服务站的得3分，在省内其他地区设立的得1分", SCORING)


def test_a_restriction_before_the_cue_is_still_flagged() -> None:
    assert "C02" in codes("投标人须在本市设有售后服务网点，中标后须派驻2名工程师。", QUALIFICATION)


@pytest.mark.parametrize("text, code", [
    # a duty of its own in the cue's clause, then a new requirement on every bidder
    ("供应商须能在接到通知后30分钟内送货上门，仓库距离学校车程不超过半小时。", "C03"),
    ("接到报修后2小时内到达现场，投标人须在本市设有售后服务网点。", "C02"),
])
def test_a_restriction_after_a_cue_with_a_clause_of_its_own_is_flagged(text: str, code: str) -> None:
    assert code in codes(text, QUALIFICATION)


@pytest.mark.parametrize("text", [
    "合同签订后，在本市设立服务站。",  # the cue opens the clauses after it
    "中标人须配备专职人员，在本市设立服务站。",  # the winner is the subject of the whole sentence
    "合同签订后15日内完成安装调试，并在本市设立服务站。",  # the next clause continues the duty
    "中标后无正当理由不签订合同的，由采购人另行确定中标人，并在本市设立服务站。",  # a condition (……的，)
])
def test_a_cue_still_governs_what_continues_or_follows_it(text: str) -> None:
    assert "C02" not in codes(text, QUALIFICATION)


# --- policy templates ---------------------------------------------------------------------------------------

SME_GOODS = "\n".join([
    "本公司（联合体）郑重声明，根据《政府采购促进中小企业发展管理办法》（财库﹝2020﹞46号）的规定，本公司（联合体）参加"
    "（单位名称）的（项目名称）采购活动，提供的货物全部由符合政策要求的中小企业制造。相关企业（含联合体中的中小企业、签订分包"
    "意向协议的中小企业）的具体情况如下：",
    "1.（标的名称），属于（采购文件中明确的所属行业）行业；制造商为（企业名称），从业人员   人，营业收入为   万元，资"
    "产总额为   万元¹，属于（中型企业、小型企业、微型企业）；",
    "2.（标的名称），属于（采购文件中明确的所属行业）行业；制造商为（企业名称），从业人员   人，营业收入为   万元，资"
    "产总额为   万元，属于（中型企业、小型企业、微型企业）；",
    "……",
    "以上企业，不属于大企业的分支机构，不存在控股股东为大企业的情形，也不存在与大企业的负责人为同一人的情形。",
    "本企业对上述声明内容的真实性负责。如有虚假，将依法承担相应责任。",
    "企业名称（盖章）：",
    "日    期：",
    "¹ 从业人员、营业收入、资产总额填报上一年度数据，无上一年度数据的新成立企业可不填报。",
])

SME_SERVICES = "\n".join([
    "本公司（联合体）郑重声明，根据《政府采购促进中小企业发展管理办法》（财库﹝2020﹞46号）的规定，本公司（联合体）参加"
    "（单位名称）的（项目名称）采购活动，工程的施工单位全部为符合政策要求的中小企业（或者：服务全部由符合政策要求的中小企业承"
    "接）。相关企业（含联合体中的中小企业、签订分包意向协议的中小企业）的具体情况如下：",
    "1.（标的名称），属于（采购文件中明确的所属行业）；承建（承接）企业为（企业名称），从业人员   人，营业收入为   万"
    "元，资产总额为   万元¹，属于（中型企业、小型企业、微型企业）；",
    "2.（标的名称），属于（采购文件中明确的所属行业）；承建（承接）企业为（企业名称），从业人员   人，营业收入为   万"
    "元，资产总额为   万元，属于（中型企业、小型企业、微型企业）；",
    "……",
    "以上企业，不属于大企业的分支机构，不存在控股股东为大企业的情形，也不存在与大企业的负责人为同一人的情形。",
    "本企业对上述声明内容的真实性负责。如有虚假，将依法承担相应责任。",
    "企业名称（盖章）：",
    "日    期：",
    "¹ 从业人员、营业收入、资产总额填报上一年度数据，无上一年度数据的新成立企业可不填报。",
])

DISABLED = "\n".join([
    "本单位郑重声明，根据《财政部 民政部 中国残疾人联合会关于促进残疾人就业政府采购政策的通知》（财库〔2017〕141号）"
    "的规定，本单位为符合条件的残疾人福利性单位，且本单位参加______单位的______项目采购活动提供本单位制造的货物（"
    "由本单位承担工程/提供服务），或者提供其他残疾人福利性单位制造的货物（不包括使用非残疾人福利性单位注册商标的货物）。",
    "本单位对上述声明的真实性负责。如有虚假，将依法承担相应责任。",
])


@pytest.mark.parametrize(("text", "section"), [
    (SME_GOODS, "第六章 投标文件格式 > 中小企业声明函（货物）"),
    (SME_SERVICES, "第六章 投标文件格式 > 中小企业声明函（工程、服务）"),
    (DISABLED, "第六章 投标文件格式 > 残疾人福利性单位声明函"),
])
def test_policy_declarations_produce_no_finding(text: str, section: str) -> None:
    assert lint_clause(text, section) == []
    for line in text.splitlines():  # also line by line, as a reader of a DOCX gives them
        assert lint_clause(line, section) == [], line


def test_conditions_added_to_a_commitment_letter_are_flagged() -> None:
    letter = "第六章 投标文件格式 > 资格承诺函"
    assert "C23" in codes("我方未被列入企业经营异常名录。", letter)
    assert "C07" in codes("我方承诺注册资本不低于500万元。", letter)
    assert codes("我方未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单。", letter) == set()


# --- numbers ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "section", "code"), [
    ("注册资本不低于伍佰万元。", QUALIFICATION, "C07"),
    ("注册资本≥５００万元", "资格审查表", "C07"),
    ("注册资本不低于1,000万元。", QUALIFICATION, "C07"),
    ("投标人须成立满三年。", QUALIFICATION, "C08"),
    ("投标人须成立满３年。", QUALIFICATION, "C08"),
    ("须提供近三年五个以上同类项目业绩。", QUALIFICATION, "C09a"),
    ("须提供近三年３个同类项目业绩。", QUALIFICATION, "C09a"),
    ("须具有单项合同金额不低于1,000万元的同类业绩。", QUALIFICATION, "C09"),
    ("投标保证金为预算金额的３％。", INSTRUCTIONS, "C26"),
    ("投标保证金为采购预算的百分之五。", INSTRUCTIONS, "C26"),
    ("履约保证金为合同金额的百分之十五。", CONTRACT, "C26c"),
    ("预算金额：壹佰万元。投标保证金：人民币伍万元。", INSTRUCTIONS, "C26a"),
    ("预算金额：1,000,000.00元。投标保证金：50,000.00元。", INSTRUCTIONS, "C26a"),
    ("项目属性：货物。价格分权重为贰拾%。", SCORING, "C25a"),
])
def test_numbers_are_read_in_every_form(text: str, section: str, code: str) -> None:
    assert code in codes(text, section)


@pytest.mark.parametrize(("text", "section", "code"), [
    ("须提供近三年两个同类项目业绩。", QUALIFICATION, "C09a"),
    ("须提供近三年２个同类项目业绩。", QUALIFICATION, "C09a"),
    ("投标保证金为预算金额的２％。", INSTRUCTIONS, "C26"),
    ("履约保证金为合同金额的百分之十。", CONTRACT, "C26c"),
    ("预算金额：壹佰万元。投标保证金：人民币贰万元。", INSTRUCTIONS, "C26a"),
    ("预算金额：1,000,000.00元。投标保证金：20,000.00元。", INSTRUCTIONS, "C26a"),
    ("项目属性：货物。价格分权重为叁拾%。", SCORING, "C25a"),
])
def test_values_within_the_legal_limits_pass(text: str, section: str, code: str) -> None:
    assert code not in codes(text, section)


def test_matches_cover_the_number_and_unit() -> None:
    [finding] = lint_clause("投标人注册资本不低于５００万元。", QUALIFICATION)
    assert finding.match == "注册资本不低于５００万元"
    [finding] = lint_clause("投标保证金为预算金额的5%。", INSTRUCTIONS)
    assert finding.match == "投标保证金为预算金额的5%"


# --- facts of the whole document ----------------------------------------------------------------------------

def test_manufacturer_authorisation_is_allowed_when_the_document_accepts_imports() -> None:
    authorisation = block("投标人须提供所投产品制造商出具的授权书。", QUALIFICATION)
    assert "C18" in document_codes(authorisation)
    accepts = block("本项目接受进口产品投标。", "第一章 招标公告 > 一、项目基本情况")
    assert "C18" not in document_codes(accepts, authorisation)
    refuses = block("本项目不接受进口产品投标。", "第一章 招标公告 > 一、项目基本情况")
    assert "C18" in document_codes(refuses, authorisation)


@pytest.mark.parametrize(("statement", "accepts"), [
    ("为经核准的进口产品。", True),
    ("| 进口产品：接受 |", True),
    ("已经财政部门批准采购进口产品。", True),
    ("本项目未经财政部门批准采购进口产品。", False),
    ("是否接受进口产品：否。", False),
])
def test_one_set_of_wordings_says_the_document_and_the_sentence_accept_imports(statement: str, accepts: bool) -> None:
    # The document's fact and a sentence's exception read the same shared set (imports_accepted).
    facts = collect_facts([block(statement, "第一章 招标公告 > 一、项目基本情况")])
    assert facts.accepts_imports is accepts
    sentence = any(pattern.search(normalize(statement).text) for pattern in exception_set("imports_accepted"))
    assert sentence is accepts


@pytest.mark.parametrize(("code", "text", "section"), [
    # collecting in person keeps no one out when there is one supplier
    ("C34c", "供应商须到采购代理机构现场领取采购文件。", "第一章 采购公告 > 三、获取采购文件"),
    # naming the one supplier of a single-source procurement is the method itself
    ("C17b", "江城智采信息技术有限公司为本项目的唯一供应商。", "第二章 供应商须知 > 总则"),
])
def test_what_only_competition_makes_unlawful_is_silent_in_a_single_source_document(
        code: str, text: str, section: str) -> None:
    clause = block(text, section)
    assert code in document_codes(clause)
    method = "第一章 采购公告 > 一、项目基本情况"
    assert code not in document_codes(block("采购方式：单一来源采购", method), clause)
    assert code in document_codes(block("采购方式：竞争性谈判", method), clause)


def test_bid_bond_amount_is_compared_with_the_budget_stated_elsewhere() -> None:
    bond = block("投标保证金：人民币5万元。", "第二章 投标人须知 > 投标保证金")
    assert "C26a" not in document_codes(bond)  # no budget stated: nothing to compare with
    assert "C26a" in document_codes(block("预算金额：100万元。", "第一章 招标公告 > 一、项目基本情况"), bond)
    assert "C26a" not in document_codes(block("预算金额：300万元。", "第一章 招标公告 > 一、项目基本情况"), bond)


def test_a_qualification_condition_repeated_as_a_scoring_item_is_flagged() -> None:
    scoring = block("具有ISO9001质量管理体系认证证书的得2分。", SCORING)
    assert "C24" not in document_codes(scoring)
    qualification = block("投标人须具有有效的ISO9001质量管理体系认证证书。", QUALIFICATION)
    assert "C24" in document_codes(qualification, scoring)
    licence = block("具有有效的《道路运输经营许可证》。", "第三章 评标办法 > 资格审查表")
    assert "C24" in document_codes(licence, block("具有道路运输经营许可证的得3分", SCORING))


def test_the_project_category_is_read_from_a_table_row() -> None:
    row = [block("4", "第二章 投标人须知 > 投标人须知前附表", table=1, row=5),
           block("项目属性", "第二章 投标人须知 > 投标人须知前附表", table=1, row=5),
           block("货物", "第二章 投标人须知 > 投标人须知前附表", table=1, row=5)]
    weight = block("本项目采用综合评分法，价格分权重为20%。", "第三章 评标办法 > 评标方法")
    assert "C25a" in document_codes(*row, weight)
    assert codes("本项目采用综合评分法，价格分权重为20%。", "第三章 评标办法 > 评标方法") == set()


def test_the_consultation_price_range_applies_only_to_competitive_consultation() -> None:
    weight = block("价格分权重为40%。", "第三章 评审办法 > 评分标准")
    services = block("项目属性：服务。", "第二章 供应商须知 > 前附表")
    consultation = block("采购方式：竞争性磋商。", "第二章 供应商须知 > 前附表")
    tender = block("采购方式：公开招标。", "第二章 投标人须知 > 投标人须知前附表")
    assert "C25c" in document_codes(consultation, services, weight)
    assert "C25c" not in document_codes(tender, services, weight)


# --- catch-all ----------------------------------------------------------------------------------------------

def test_the_catch_all_stays_silent_when_a_specific_rule_fires() -> None:
    assert codes("投标人须为所投产品的生产厂家。", QUALIFICATION) == {"C31"}
    assert codes("投标人须为国有企业，且须为所投产品的生产厂家。", QUALIFICATION) == {"C14"}


def test_a_different_standard_takes_over_the_place_anywhere_in_the_paragraph() -> None:
    # the place (C01) and the standard (C27) in two sentences of one paragraph: one finding, the standard
    text = "注册地在江城县的供应商可免于提交财务状况报告；其他供应商须提交近一年的财务报告。"
    assert codes(text, QUALIFICATION) == {"C27"}
    # in two paragraphs, each stands on its own
    found = {finding.rule for finding in lint_blocks([block("投标人须为在江城县注册的企业。", QUALIFICATION),
                                                      block("江城县内企业可免于提交财务状况报告。", QUALIFICATION)])}
    assert {"C01", "C27"} <= found


def test_a_code_taking_over_anywhere_must_be_one_that_suppresses() -> None:
    data = {"code": "X01", "title": "测试", "severity": "error", "roles": ["qualification"], "basis": "《测试》第一条",
            "suggestion": "无", "keywords": ["测试"], "patterns": ["测试"], "examples": {"flag": [{"text": "测试"}]},
            "suppressed_by": ["C02"], "suppressed_anywhere_by": ["C27"]}
    with pytest.raises(ValueError, match="suppressed_anywhere_by"):
        Rule.model_validate(data)


# --- procdocs' own documents --------------------------------------------------------------------------------

OWN_VARIANTS = {
    "example": {},
    "imports": {"project": {"accepts_imports": "是"}},
    "consortium_and_subcontracting": {
        "project": {"accepts_consortium": "是", "subcontracting": {"scope": "车辆运输和上牌手续代办", "max_share": "30%"}},
        "sme_policy": {"consortium_deduction": "4%"}},
    "sme_reserved": {"sme_policy": {"reserved": "是", "price_deduction": None, "not_reserved_reason": None}},
    "documents_mode": {"qualification_mode": "documents", "qualifications": [
        {"requirement": "具有有效的《道路运输经营许可证》", "basis": "《中华人民共和国道路运输条例》"}]},
    "services": {"project": {"category": "服务", "catalogue": "物业管理服务", "subject": "办公区物业管理服务",
                             "industry": "物业管理", "budget": "150万元"},
                 "lots": [{"number": 1, "name": "机关办公区物业管理", "budget": "150万元",
                           "items": [{"name": "物业管理服务", "quantity": 1, "unit": "项", "summary": "保洁、秩序维护",
                                      "requirements": ["★服务期内驻场人员不少于20人"]}]}],
                 "evaluation": {"price_weight": "30%", "factors": [
                     {"name": "人员配置", "category": "商务", "points": 70,
                      "criteria": "驻场人员每增加1人得5分，最高70分"}]}},
}


@pytest.mark.parametrize("variant", sorted(OWN_VARIANTS))
def test_generated_documents_have_no_findings(variant: str, write_spec: Callable[..., Path]) -> None:
    for definition, document in shared_renderer().build(load_spec(write_spec(OWN_VARIANTS[variant]))):
        findings = lint_tree(document)
        assert findings == [], [(definition.name, f.rule, f.match, f.excerpt()) for f in findings]


# --- speed --------------------------------------------------------------------------------------------------

LONG_SENTENCE_UNITS = ["投标人须具有", "江城市注册的", "价格分权重为", "保证金预算的", "行业业绩", "1，000，",
                       "品牌须为或同等", "得1分优良中差", "不得将作为"]
# Far above what linear work takes (about a second for all units together); a quadratic engine needs minutes.
LONG_SENTENCE_CPU_SECONDS = 30
_LONG_SENTENCE_SCRIPT = """
import resource, sys
from procdocs.lint.engine import lint_clause
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
resource.setrlimit(resource.RLIMIT_CPU, ({seconds}, {seconds}))
for unit in {units!r}:
    text = unit * (6000 // len(unit))
    for section in {sections!r}:
        lint_clause(text, section)
"""


def test_long_sentences_without_punctuation_lint_in_linear_time() -> None:
    # A CPU ceiling in a child process, not a wall-clock assert: only super-linear work reaches it.
    script = _LONG_SENTENCE_SCRIPT.format(seconds=LONG_SENTENCE_CPU_SECONDS, units=LONG_SENTENCE_UNITS,
                                          sections=[QUALIFICATION, SCORING, TECHNICAL, INSTRUCTIONS])
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               cwd=Path(__file__).resolve().parent.parent)
    assert completed.returncode == 0, (completed.returncode, completed.stderr[-2000:])


@pytest.mark.parametrize(("text", "expected"), [
    # one place asked for a registration and for a branch: two findings, not one
    ("投标人须在江城市注册登记或者设立分支机构。", {"C01", "C02"}),
    # setting up a branch is the branch rule's words: no registration finding besides
    ("投标人须在江城市设立分公司。", {"C02"}),
    # a burden laid on outsiders that a more specific rule names is that rule's finding
    ("市外企业须于投标截止前到市住建局办理进场登记。", {"C20"}),
    # the purchaser buying local goods is a local preference; a supplier bound to use them is C36
    ("政府投资项目优先采购本地产品。", {"C01"}),
    ("中标人承诺本项目优先使用本地产品。", {"C36"}),
])
def test_the_place_family_reports_each_finding_once(text: str, expected: set[str]) -> None:
    """Registration (C01), presence (C02) and the more specific burdens each report their own words."""
    assert codes(text, QUALIFICATION) & {"C01", "C02", "C20", "C36"} == expected


def test_a_keyword_naming_a_concept_stands_for_its_terms() -> None:
    # C33's pre-filter names the purchaser's voice as a concept, so a term added there (本支队) reaches it
    from procdocs.lint.concepts import concept_terms
    [rule] = [rule for rule in rulebook().rules if rule.code == "C33"]
    assert "{PURCHASER_SELF}" in rule.rule.keywords
    assert set(concept_terms("PURCHASER_SELF")) <= set(rule.keywords)
    assert not any(keyword.startswith("{") for keyword in rule.keywords)


def test_a_keyword_naming_an_unknown_concept_is_refused() -> None:
    from procdocs.lint.concepts import concept_terms
    with pytest.raises(RuntimeError, match="NO_SUCH_CONCEPT"):
        concept_terms("NO_SUCH_CONCEPT")
