"""An authority's ruling tells a complaint item over several sentences — the allegation quoting the
clause, the reasoning, the verdict. Where the verdict dismisses the item, the quoted clause was found
lawful and lint reports nothing of it; an upheld item, and a purchaser's own reply to a 质疑, are read
as any text."""

from __future__ import annotations

import pytest

from procdocs.lint.engine import lint_clause
from procdocs.lint.normalize import clauses
from procdocs.lint.rulings import dismissed_items

RULING = "政府采购投诉处理决定书 > 三、调查认定"


def codes(text: str, section: str = RULING) -> list[str]:
    return sorted({finding.rule[:3] for finding in lint_clause(text, section)})


@pytest.mark.parametrize("text", [
    # the verdict two sentences after the quoted clause
    "投诉人称招标文件要求“投标人须在本市注册并提供营业执照”限制了外地供应商。经查，该要求系对营业执照的一般要求，"
    "招标文件并未限定注册地。投诉事项2不成立。",
    # the authority's own words for a dismissal
    "投诉人另称评分标准“承诺接报后2小时内到达现场的得4分”变相要求本地设点。本机关认为，任何地区的供应商均可作出该承诺，"
    "该项主张不成立。",
    "举报人认为资格条件“近三年无行贿犯罪记录”设置了黑名单。经核查，该条件有法律依据，不属于违规情形。",
    # the complainant's claim named with what it was about
    "投诉人称招标文件规定“投标人须在本市注册”。经查，该条款系资格审查表的填写说明，不作为资格条件。"
    "投诉人关于该条款排斥外地供应商的主张不能成立。",
    # one sentence: the clause, the reasoning and an inspection's verdict that it is lawful
    "招标文件要求“保洁人员须具有大专及以上学历”，因岗位需承担政策咨询解答，检查组认为该要求与岗位职责相适应，不予认定。",
    "某区人民法院物业服务项目要求“具有近三年在本市完成的物业管理服务业绩1项”，经查该项设置符合规定，不予处理。",
])
def test_a_dismissed_item_reports_nothing_of_the_clause_it_quotes(text: str) -> None:
    assert codes(text) == []


def test_the_same_clause_upheld_is_reported() -> None:
    text = "投诉人称招标文件要求“投标人须在本市注册”。经查，该条款限定供应商注册地，投诉事项3成立。"
    assert "C01" in codes(text)


def test_a_purchasers_reply_to_a_challenge_settles_nothing() -> None:
    # the purchaser defending its own clause: the clause is read as any clause
    text = "质疑人称“投标人须在本市注册”不合理。答复：质疑事项不成立。"
    assert "C01" in codes(text, "质疑答复函 > 二、答复意见")
    # nor when it finds its own clause lawful in an authority's words (经查，……不属于违规情形)
    assert "C01" in codes("质疑人称招标文件要求“投标人须在本市注册”。经查，该条款不属于违规情形，质疑事项不成立。", "质疑答复 > 质疑事项一")


def test_only_the_item_a_verdict_closes_is_set_aside() -> None:
    text = ("投诉人称“投标人须在本市注册”。经查，投诉事项1成立。"
            "投诉人又称“承诺接报后2小时内到达现场的得4分”限制外地供应商。经查，投诉事项2不成立。")
    sentences = clauses(text)
    assert len(sentences) == 4
    assert dismissed_items(sentences) == frozenset({2, 3})


def test_sentences_after_the_last_verdict_are_read() -> None:
    text = "投诉人称“承诺2小时内到达现场”不合理。投诉事项1不成立。另查明，招标文件要求“投标人须在本市注册”。"
    assert dismissed_items(clauses(text)) == frozenset({0, 1})
    assert "C01" in codes(text)


def test_every_verdict_holds_a_word_the_gate_looks_for() -> None:
    # dismissed_items skips a block with none of VERDICT_WORDS: each verdict pattern must spell one out
    from procdocs.lint.exceptionsets import shared_exceptions
    from procdocs.lint.rulings import VERDICT_WORDS

    verdicts = shared_exceptions()["complaint_verdicts"]
    for pattern in [*verdicts["dismissed"], *verdicts["upheld"]]:
        assert any(word in pattern for word in VERDICT_WORDS), pattern


def test_a_ruling_that_finds_a_clause_unfit_names_the_excess_where_no_rule_does() -> None:
    # the quoted licence has no rule of its own: the ruling's reason is the catch-all's finding (C31)
    assert codes("投诉事项二：招标文件要求“投标人须具有道路运输经营许可证”。本机关认为，本项目为会议音响设备采购，"
                 "该条件与合同履行无关，投诉事项成立。") == ["C31"]


def test_the_catch_all_gives_way_to_the_clause_another_rule_names_in_the_sentence_before() -> None:
    # the quoted clause is a registration condition (C01) in one sentence, the reason in the next: one
    # finding, C01, not also the catch-all
    assert codes("投诉事项三：招标文件要求“投标人须在本市注册”。经查，该要求与合同履行无关，投诉事项成立。") == ["C01"]
