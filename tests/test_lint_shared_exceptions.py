"""Lawful contexts that apply across rules (exceptions.yaml): entries of a negative list and refusals
of imported products are statements about what is not allowed, never a restriction on bidders."""

from __future__ import annotations

import pytest

from procdocs.lint.engine import REPLACEMENT, REPLACEMENT_VERBS, lint_clause
from procdocs.lint.model import catalogue_code
from procdocs.lint.normalize import canonical
from procdocs.lint.rules import rulebook

NEGATIVE_LIST = "政府采购负面清单（服务类） > 二、资格条件"


@pytest.mark.parametrize("text", [
    "3.将行业协会颁发的资质证书作为资格条件的 禁止设置",
    "5.要求提供制造商出具的授权函的，禁止设置；6.要求投标人在本市设立分支机构的，一律禁止。",
    "以注册资本、营业收入作为评分因素的 禁止",
])
def test_entries_of_a_negative_list_are_clean(text: str) -> None:
    assert lint_clause(text, NEGATIVE_LIST) == []
    assert guarded_words(text, "的")


def test_the_practice_itself_is_still_flagged() -> None:
    assert {finding.rule for finding in lint_clause("投标人须提供制造商出具的授权函。", "第三章 采购需求 > 技术要求")} == {"C18"}
    assert lint_clause("要求提供制造商出具的授权函的，须加盖公章。", "第三章 采购需求 > 技术要求") != []


@pytest.mark.parametrize("text", ["本项目不接受投标人选用进口产品参与投标。", "本次招标拒绝原裝進口產品參加投標。",
                                  "采购人不允许进口设备参与竞标，所投产品须为本国产品。"])
def test_refusing_imports_is_clean(text: str) -> None:
    assert lint_clause(text, "第二章 采购需求 > 技术参数") == []
    assert guarded_words(text, "进口")  # by the shared guard, for every rule, not by one rule's exception


def guarded_words(text: str, word: str) -> list[str]:
    """The spans of shared guards (statements of a prohibition) in the text that contain the word."""
    canonical_text = canonical(text)
    return [match.group() for guard in rulebook().guards for match in guard.finditer(canonical_text)
            if word in match.group()]


@pytest.mark.parametrize("text", ["不接受非原装进口产品投标。", "拒绝除原装进口产品以外的产品投标。", "核心部件须为进口原装。"])
def test_demanding_imports_is_no_statement_of_a_prohibition(text: str) -> None:
    """No shared guard covers a demand for imports (whether a rule flags it is the rule's business)."""
    assert guarded_words(text, "进口") == []


def test_demanding_imports_is_still_flagged() -> None:
    assert {finding.rule for finding in lint_clause("核心部件须为进口原装。", "第二章 采购需求 > 技术参数")} == {"C17a"}


SERVICE = "第四章 采购需求 > 服务要求"


@pytest.mark.parametrize("text", [
    "驻场期间须在江门市设有办公场所。",
    "项目运行期间，供应商须在本市设立服务网点。",
    "服务期限内在本地设有服务网点。",
    "合同生效后15日内在柳州市设立售后服务网点。",
    "交货时须提供所投产品制造商出具的质保承诺函。",
])
def test_performance_periods_make_an_obligation_of_the_winner(text: str) -> None:
    assert lint_clause(text, SERVICE) == []


@pytest.mark.parametrize(("text", "code"), [
    ("投标人须在江门市设有办公场所。", "C02"),
    ("投标人须提供所投产品制造商出具的质保承诺函。", "C18"),
])
def test_the_same_words_as_a_condition_to_bid_are_flagged(text: str, code: str) -> None:
    assert code in {finding.rule for finding in lint_clause(text, "第二章 投标人须知 > 资格要求")}


def test_a_cue_does_not_excuse_local_hiring_in_performance() -> None:
    """Local preference written into performance terms is C36 whatever the period."""
    assert "C36" in {finding.rule for finding in lint_clause("服务期限内，劳务人员须优先招用本地户籍人员。", SERVICE)}


RULING = "XX市财政局政府采购投诉处理决定书 > 三、调查认定的事实 > 投诉事项一"


@pytest.mark.parametrize("text", [
    # the ruling finds the quoted wording already removed
    "经查，招标文件要求“投标人注册资本不低于1000万元”，但该要求已在澄清公告中删除，投诉事项不成立。",
    # the ruling finds the alleged requirement is not in the document at all
    "投诉人称招标文件要求投标人在本市注册属于歧视性条款，经查，招标文件并无该项要求，投诉事项缺乏事实依据，予以驳回。",
])
def test_what_a_ruling_finds_absent_is_no_clause(text: str) -> None:
    assert lint_clause(text, RULING) == []


def test_what_a_ruling_upholds_is_still_flagged() -> None:
    text = "经查，招标文件要求“投标人注册资本不低于1000万元”，违反《政府采购货物和服务招标投标管理办法》第十七条规定，投诉事项成立。"
    assert "C07" in {finding.rule for finding in lint_clause(text, RULING)}


def test_a_rulings_analysis_after_the_quoted_clause_is_not_read_as_a_clause() -> None:
    # the quoted clause is the bond's issuer confined to a place (C26f); the ruling's own words after it are
    # its analysis, not a second clause
    text = ("经查，招标文件投标人须知前附表第15项规定：“投标保证金为人民币贰万元；以保函形式提交的，须由赣州市辖区内的"
            "银行业金融机构出具。”该项保证金比例虽未超过百分之二，但限定保函出具机构的所在地，对外地供应商形成不合理限制，"
            "投诉事项五成立。")
    assert {finding.rule for finding in lint_clause(text, RULING)} == {"C26f"}
    # a ruling telling the practice in its own words is the practice
    told = "另经调查，被投诉人对已入驻本市供应商库的投标人免收投标保证金，对其他投标人按预算金额的2%收取，构成对供应商的差别待遇。"
    assert lint_clause(told, RULING) != []


def test_a_clause_the_authority_rules_lawful_is_not_flagged_but_a_purchasers_own_reply_is_read() -> None:
    upheld_as_lawful = ("经查，招标文件评分标准第七项规定“项目负责人具有统计学、社会学相关专业硕士及以上学位的得2分”，分值较低且与"
                        "抽样设计和问卷编制工作直接相关，不属于与项目不相适应的人员条件，投诉事项八不成立。")
    assert lint_clause(upheld_as_lawful, RULING) == []
    # the purchaser answering a 质疑 in its own favour settles nothing
    reply = "答复：招标文件评分标准“曾为本局提供印刷服务且无质量投诉的，得3分”，系为保证印刷品质量而设置，质疑事项不成立。"
    assert "C33" in {finding.rule for finding in lint_clause(reply, "质疑答复 > 二、质疑事项及答复")}


def test_a_ruling_that_finds_the_quoted_clause_is_not_the_practice_is_clean() -> None:
    # a rectification report's verdict closing the sentence that quotes the clause
    text = ("经核查，个别项目评分标准中“在三年质保期基础上，每延长一年质保期得1分，最高2分”，延长质保属于售后服务的组成部分，"
            "费用包含在投标报价中，不属于索要赠品的情形。")
    assert lint_clause(text, "监督检查通报 > 二、检查发现的问题") == []


CORRECTION = "更正公告 > 二、更正信息 > 更正内容"


def test_the_wording_that_replaces_a_clause_does_not_excuse_it() -> None:
    # the old wording, found unlawful, is reported although the new one states the lawful form (自愿参加)
    found = lint_clause("4.原招标文件第15条“未参加答疑会的投标人，其投标文件不予接收”属于以不合理方式限制潜在供应商，"
                        "现更正为“答疑会由投标人自愿参加，不参加不影响投标”。", CORRECTION)
    assert {finding.rule for finding in found} == {"C34"}
    # a replaced wording quoted without a reason is gone, the part named by its quoted title too
    assert lint_clause("原招标文件第二章“投标人须知前附表”第9项“现场踏勘：投标人须参加，未参加者投标无效”更正为"
                       "“采购人不组织集中踏勘，是否查看现场不影响投标”。", CORRECTION) == []


def test_a_deleted_clause_is_a_finding_when_the_correction_says_why() -> None:
    # the reason (以车程半径限制供应商) turns the quotation of a deleted clause into a finding against it; deleted
    # without one, the clause is gone
    found = lint_clause("2.原第二章投标人须知前附表第15项“巡护队伍驻地距林区边界车程不超过1小时”，以车程半径限制供应商，"
                        "现予删除。", CORRECTION)
    assert {catalogue_code(finding.rule) for finding in found} == {"C03"}
    assert lint_clause("2.原第二章投标人须知前附表第15项“巡护队伍驻地距林区边界车程不超过1小时”现予删除。",
                       CORRECTION) == []


def test_an_unquoted_replacement_after_a_verdict_does_not_excuse_the_clause() -> None:
    # 修改为 without a quotation still begins the new wording: 不限地域 after it excuses nothing before it
    found = lint_clause("质疑事项三：评分标准“近三年为本区公办中小学校提供校服的，每所学校得1分”，以特定行政区域的业绩作为"
                        "加分条件，质疑成立，该项修改为不限地域的同类业绩。", "质疑答复 > 二、答复意见")
    assert "C04" in {catalogue_code(finding.rule) for finding in found}


@pytest.mark.parametrize("verb", REPLACEMENT_VERBS)
def test_every_verb_that_ends_a_replaced_wording_is_read_alike(verb: str) -> None:
    # the engine stops a clause's exceptions at the new wording; the shared guard reads the old wording as gone
    text = f"原招标文件第二章“投标人须在本市注册”{verb}“投标人须依法注册”。"
    assert guarded_words(text, "本市注册")
    assert REPLACEMENT.search(text)


@pytest.mark.parametrize("text", [
    "采购人、采购代理机构不得要求供应商现场获取采购文件或者现场递交投标（响应）文件。",
    "整改要求：各采购人应全面清理以注册地、所在地、本地业绩设置的资格条件和评审因素。",
    # the kinds of clause to clear named, none quoted
    "整改要求：请于30日内全面清理你单位采购文件中的供应商库、本地业绩加分等条款。",
    "各采购人应对采购文件中的厂家授权、名录库、额外登记注册等条款逐项开展自查。",
    "案例四所涉项目另要求“投标人须为已在住房和城乡建设主管部门备案的房地产估价机构”，该条件有法律依据，予以保留。",
])
def test_what_may_not_be_asked_and_remedies_in_general_are_clean(text: str) -> None:
    assert lint_clause(text, "关于专项整治典型案例的通报 > 三、有关要求") == []


def test_a_demand_after_the_stated_prohibition_is_still_flagged() -> None:
    text = "采购人不得要求供应商在本地设立分支机构，但本项目要求投标人须在本市设有售后服务网点。"
    assert "C02" in {finding.rule for finding in lint_clause(text, "第二章 投标人须知 > 总则")}


def test_a_clause_found_to_have_no_legal_basis_is_still_flagged() -> None:
    text = ("质疑事项三：招标文件要求“投标人须在本台供应商服务平台注册并缴纳年度会员费2000元后方可投标”，"
            "该要求没有法律依据，采购人予以取消。")
    assert lint_clause(text, "质疑答复 > 质疑事项三") != []
