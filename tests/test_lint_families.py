"""The families C33 (prior dealings with the purchaser), C34 (how documents are obtained, submitted and
verified), C35 (fees) and C38 (extra proof of SME status): one owner per clause form, statements of the law
stay quiet, and procdocs' own documents — with a price, a site visit, an agency fee and paper bids — stay
clean. Each rule's own examples run in test_lint_rules.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import shared_renderer
from procdocs.lint.engine import lint_clause
from procdocs.lint.rules import rulebook
from procdocs.lint.run import lint_tree
from procdocs.spec import load_spec

QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"
SCORING = "第三章 评标办法 > 评分标准"
INSTRUCTIONS = "第二章 投标人须知 > 总则"
OPENING = "第二章 投标人须知 > 开标"
PRICE_DEDUCTION = "第三章 评标办法 > 中小企业价格扣除"


def codes(text: str, section: str) -> set[str]:
    return {finding.rule for finding in lint_clause(text, section)}


def test_severities_and_bases() -> None:
    rules = rulebook().by_code
    for code in ("C33", "C34", "C35", "C38"):  # per-se violations
        assert rules[code].rule.severity == "error", code
    for code in ("C34a", "C35a"):  # a necessity review or a local fee rule decides
        assert rules[code].rule.severity == "warning", code
    assert rules["C35a"].rule.status == "unverified"
    assert "财库〔2020〕46号）第十一条" in rules["C38"].rule.basis
    assert "第二十四条" in rules["C35"].rule.basis and "第二十三条" in rules["C35"].rule.basis


# --- one owner per clause form ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "section", "owner", "silent"), [
    # 业绩 earned with this purchaser is incumbency, as reviewers label it (C33), not a place's 业绩 (C04)
    ("近三年具有为采购人提供过同类服务业绩的得5分。", SCORING, "C33", "C04"),
    # papers demanded when the documents are obtained (C21)
    ("购买招标文件时须提供资质证书原件，否则不予出售。", "第一章 招标公告 > 三、获取招标文件", "C21", "C34"),
    # a site visit open to some suppliers only (C28)
    ("现场踏勘仅限报名时提交材料的供应商参加，未参加的投标无效。", "第一章 招标公告 > 六、其他补充事宜", "C28", "C34"),
    # the purchaser's existing supplier, not a manufacturer's authorisation in general (C18)
    ("投标人须具备与采购人原有监控平台原厂商的合作授权。", QUALIFICATION, "C33", "C18"),
    # a manufacturer's stamp or the SME directory as proof of size (C18, C19)
    ("中小企业声明函须同时加盖制造商公章，否则不享受价格扣除。", PRICE_DEDUCTION, "C38", "C18"),
    ("小微企业须提供有关部门出具的认定证明或小微企业名录库查询截图。", PRICE_DEDUCTION, "C38", "C19"),
    # originals with a sanction are the error; the warning about originals stays silent
    ("开标时须携带营业执照、资质证书原件，缺一投标无效。", OPENING, "C34", "C34a"),
])
def test_one_rule_reports_each_clause_form(text: str, section: str, owner: str, silent: str) -> None:
    found = codes(text, section)
    assert owner in found and silent not in found, found


@pytest.mark.parametrize(("text", "section"), [
    ("原服务单位续约的加5分。", SCORING),
    ("曾为本单位提供过物业服务的供应商，资格审查时可免于提交业绩证明。", QUALIFICATION),
])
def test_the_incumbents_favour_is_both_unequal_standards_and_incumbency(text: str, section: str) -> None:
    # reviewers name both the favour (C27) and whom it goes to (C33)
    assert {"C27", "C33"} <= codes(text, section)


def test_originals_without_a_sanction_are_a_warning() -> None:
    [finding] = lint_clause("开标时须携带营业执照、资质证书原件备查。", OPENING)
    assert finding.rule == "C34a" and finding.severity == "warning"


def test_the_match_quotes_the_original_characters() -> None:
    [finding] = lint_clause("标书费按预算金额的０．５％收取。", "第一章 招标公告 > 三、获取招标文件")
    assert finding.rule == "C35"
    assert finding.match.startswith("标书费") and finding.match.endswith("预算金额的０．５％")


# --- the law and lawful practice stay quiet -----------------------------------------------------------------

LAW = [
    "任何单位和个人不得要求供应商提供《中小企业声明函》之外的中小企业身份证明文件。",
    "招标文件售价应当按照弥补制作、邮寄成本的原则确定，不得以营利为目的，不得以招标采购金额作为确定招标文件售价的依据。",
    "磋商文件售价应当按照弥补磋商文件制作成本费用的原则确定，不得以营利为目的，不得以项目预算金额作为确定磋商文件售价依据。",
    "不得将是否参加现场踏勘作为资格条件或者评审因素。",
    "不得以与采购人的合作经历作为资格条件或者评审因素。",
    "除必要的原件核对外，对于供应商能够在线提供的材料，不得要求供应商同时提供纸质材料。",
    "对于供应商依照规定提交各类声明函、承诺函的，不得要求其再提供有关部门出具的相关证明文件。",
    "评审专家劳务报酬由采购人支付，不得向供应商收取评审费。",
]


@pytest.mark.parametrize("text", LAW)
@pytest.mark.parametrize("section", [QUALIFICATION, SCORING, INSTRUCTIONS, PRICE_DEDUCTION])
def test_statements_of_the_law_are_not_flagged(text: str, section: str) -> None:
    assert codes(text, section) == set()


@pytest.mark.parametrize(("text", "section"), [
    ("采购人将组织现场考察，投标人自愿参加，费用自理；是否参加不影响投标资格和评审。", "第二章 投标人须知 > 现场考察和答疑会"),
    ("投标人如需现场踏勘，请于2026年12月2日前与采购人联系，费用自理。", "第二章 投标人须知 > 现场踏勘"),
    ("投标人未参加开标的，视同认可开标结果。", OPENING),
    ("开标时，投标人的法定代表人或其授权代表应携带本人身份证原件。", OPENING),
    ("售价：300元，售后不退。", "第一章 招标公告 > 三、获取招标文件"),
    ("代理服务费由中标人按照《招标代理服务收费管理暂行办法》规定的标准支付。", "第二章 投标人须知 > 投标人须知前附表"),
    ("投标人应自行承担所有与编写和提交投标文件有关的费用。", "第二章 投标人须知 > 投标费用"),
    ("监狱企业须提供由省级以上监狱管理局、戒毒管理局出具的属于监狱企业的证明文件。", PRICE_DEDUCTION),
    ("本项目专门面向中小企业采购，投标人须提供近三个月依法缴纳社保的证明材料。", QUALIFICATION),
    ("根据政府采购法第三十一条第（三）项，本项目需继续从原供应商处添购。", "单一来源采购公示 > 一、项目信息"),
    ("中标人应与原服务单位做好交接工作，确保服务不中断。", "第四章 采购需求 > 服务要求"),
    ("新系统须实现与采购人现有统一身份认证平台的单点登录对接。", "第四章 采购需求 > 技术要求"),
])
def test_lawful_practice_is_not_flagged(text: str, section: str) -> None:
    assert codes(text, section) == set()


# --- procdocs' own documents, with the options these families read ----------------------------------------

FAMILY_OPTIONS = {
    "document_access": {"price": 300},
    "instructions": {
        "site_visit": "采购人定于2026年12月5日9:00在江城市政务服务中心东门集合，组织现场考察",
        "agency_fee": "代理服务费由中标人按照《招标代理服务收费管理暂行办法》（计价格〔2002〕1980号）规定的标准向采购代理机构支付，"
                      "投标报价应当包含该费用",
        "electronic": "否",
        "submission": "正本1份、副本4份",
    },
}


def test_generated_documents_with_a_price_site_visit_agency_fee_and_paper_bids_have_no_findings(
        write_spec: Callable[..., Path]) -> None:
    for definition, document in shared_renderer().build(load_spec(write_spec(FAMILY_OPTIONS))):
        findings = lint_tree(document)
        assert findings == [], [(definition.name, f.rule, f.match, f.excerpt()) for f in findings]
