"""The ways documents write the same clause read alike: traditional characters, numerals and dates,
table rows whose factor sits in another cell, factor headings with points, lines broken inside a clause.

Each test takes a clause today's rules catch in simplified, single-line form (the rules' own ``flag``
examples) and shows it caught in the other form, quoting the document's own words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from procdocs.lint import normalize as normalize_module
from procdocs.lint.engine import lint_blocks, lint_clause, prepare
from procdocs.lint.model import Block, Location
from procdocs.lint.normalize import align, clauses, line_continues, normalize, sentences
from procdocs.lint.numbers import DATE, compile_pattern, to_date, to_number
from procdocs.lint.readers import pdf as pdf_reader
from procdocs.lint.readers import read
from procdocs.lint.readers._text import join_lines
from procdocs.lint.roles import infer
from procdocs.lint.run import lint_file
from procdocs.lint.sections import carries_points, context_of, row_context

QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"
SCORING = "第三章 评标办法 > 评分标准"


def codes(text: str, section: str) -> set[str]:
    return {finding.rule for finding in lint_clause(text, section)}


def by_text(blocks: list[Block], text: str) -> Block:
    return next(block for block in blocks if block.text == text)


# -- traditional characters ---------------------------------------------------------------------------


def test_traditional_characters_read_as_simplified_one_for_one() -> None:
    normalized = normalize("投標人須在本市註冊")
    assert normalized.text == "投标人须在本市注册"
    assert normalized.positions == tuple(range(9))


@pytest.mark.parametrize("word", ["著作权", "乾隆", "干燥", "覆盖", "于是", "后面", "余额", "了解", "借口", "台湾", "里面"])
def test_simplified_text_is_left_as_it_is(word: str) -> None:
    assert normalize(word).text == word


@pytest.mark.parametrize(("text", "section", "code"), [
    ("投標人須在本市註冊。", QUALIFICATION, "C01"),
    ("投標人註冊資本不低於500萬元。", QUALIFICATION, "C07"),
    ("上一年度納稅額50萬元以上的得2分。", SCORING, "C07"),
    ("投標人須成立滿3年。", QUALIFICATION, "C08"),
])
def test_traditional_clauses_are_caught_and_quoted_in_the_original(text: str, section: str, code: str) -> None:
    findings = {finding.rule: finding for finding in lint_clause(text, section)}
    assert code in findings
    assert findings[code].match in text and findings[code].match in findings[code].message


def test_pinyin_printed_after_each_character_is_read_past() -> None:
    # Some sites print tone-marked pinyin after traditional characters: 生產(chǎn)商 reads as 生产商, the
    # positions still point into the original, and brackets that are not one syllable stay.
    original = "經(jīng)銷商須有生產(chǎn)商的授權(quán)書(a)"
    normalized = normalize(original)
    assert normalized.text == "经销商须有生产商的授权书（a）"
    assert [original[index] for index in normalized.positions] == list("經銷商須有生產商的授權書(a)")
    finding = next(f for f in lint_clause(original + "。", QUALIFICATION) if f.rule == "C18")
    assert finding.match == "生產(chǎn)商的授權(quán)書"


def test_pinyin_of_a_whole_word_is_read_past() -> None:
    # A mirror site may annotate a word at once, its syllables spaced: 渝北區(yú běi qū) reads as 渝北区.
    assert normalize("須在渝北區(yú běi qū)設有分所(fēn suǒ)").text == "须在渝北区设有分所"
    assert normalize("资质(2020)和(a b)").text == "资质（2020）和（ab）"


@pytest.mark.parametrize(("original", "read_as", "section", "code", "quoted"), [
    # the running footer of a printed page cut a word in two (服 / 第 31 页 共 56 页 / 务): the word reads whole again
    ("投标人承接过佛山市内政府机关物业服\n第 31 页 共 56 页\n务项目的，每个得2分。",
     "投标人承接过佛山市内政府机关物业服务项目的，每个得2分。", "第四章 评标方法 > 商务评分表", "C04", "第 31 页"),
    # a running header printing the document's title before its page cut a phrase (在本 / 标题 第 7 页 共 52 页 / 市)
    ("投标人须为在本 江城市路灯维护服务招标文件 第 7 页 共 52 页 市行政区域内注册的企业。",
     "投标人须为在本市行政区域内注册的企业。", "第二章 投标人须知 > 3 投标人资格要求", "C01", "第 7 页"),
    # what a place includes, in brackets after it: the registration there is still C01
    ("投标人须在周口市（含下辖县区）行政区域内依法注册。", "投标人须在周口市行政区域内依法注册。",
     "第一章 招标公告 > 二、申请人的资格要求", "C01", "（含下辖县区）"),
])
def test_a_mark_inside_a_clause_is_read_past_and_the_finding_quotes_it(original: str, read_as: str, section: str,
                                                                        code: str, quoted: str) -> None:
    assert normalize(original).text == read_as
    finding = next(f for f in lint_clause(original, section) if f.rule == code)
    assert quoted in finding.match


def test_only_page_marks_and_a_places_brackets_are_read_past() -> None:
    # a footer alone, or printed between dashes, is the page; 详见第31页, a date and 报价（含税） are the text
    assert normalize("共12页第3页").text == ""
    assert normalize("其余部分 — 第 31 页 — 待合同期满后支付。").text == "其余部分待合同期满后支付。"
    assert normalize("详见第31页。").text == "详见第31页。"
    assert normalize("详见招标文件 第 7 页。").text == "详见招标文件第7页。"  # a page named, no running header
    assert normalize("截止2026-12-31").text == "截止2026-12-31"
    assert normalize("报价（含税）").text == "报价（含税）"


def test_list_enumerators_inside_a_sentence_are_read_past() -> None:
    # 获得：①区级表彰……；②市级…… numbers the items of a list: the words on either side of ① read as one
    # phrase, and the finding still quotes the original with its ①.
    original = "投标人获得①区(县)级或以上城管部门的相关表彰，每项得25%。"
    normalized = normalize(original)
    assert "①" not in normalized.text and "获得区" in normalized.text
    assert [original[index] for index in normalized.positions] == [char for char in original if char != "①"]
    finding = next(f for f in lint_clause(original, "评分标准 > 4 信用及荣誉（3分）") if f.rule == "C11")
    assert finding.match.startswith("获得①区")


def test_an_aggregators_elision_reads_as_a_mask() -> None:
    # (略) stands for what a reposting site cut, a number or a name, as its *** masks do: 成立满(略)年 is
    # still an age condition, quoted as published.
    normalized = normalize("成立满(略)年")
    assert normalized.text == "成立满***年" and len(normalized.positions) == len("成立满(略)年")
    finding = next(f for f in lint_clause("投标人须成立满(略)年。", QUALIFICATION) if f.rule == "C08")
    assert "(略)" in finding.match


def test_traditional_headings_give_the_role() -> None:
    block = Block("本地企業得3分", Location(), headings=("第三章 評標辦法", "評分標準"))
    assert infer(block) == "scoring"
    assert codes("投標人須在本市註冊。", "第一章 招標公告 > 二、申請人的資格要求") == {"C01"}


def test_a_conversion_that_changes_the_length_keeps_the_map(monkeypatch: pytest.MonkeyPatch) -> None:
    # OpenCC's dictionaries map phrases one character for one; a dictionary that did not must not
    # shift the quoted words: 計算機 (3) becomes 电脑 (2) before the clause.
    real = normalize_module.to_simplified

    def shorter(text: str) -> str:
        return real(text).replace("计算机", "电脑")

    monkeypatch.setattr(normalize_module, "to_simplified", shorter)
    original = "本計算機項目投標人須在本市註冊"
    normalized = normalize(original)
    assert normalized.text == "本电脑项目投标人须在本市注册"
    start = normalized.text.index("须在")
    assert original[slice(*normalized.original_span(start, start + 2))] == "須在"
    [finding] = lint_clause(original, QUALIFICATION)
    assert finding.match == "須在本市註冊"


def test_align_maps_every_kind_of_stretch() -> None:
    def same(a: str, b: str) -> bool:
        return a == b

    assert align("甲乙丙丁戊", "甲X丁戊", same) == [0, 1, 3, 4]  # two characters became one
    assert align("AB甲CD", "AB丙丁CD", same) == [0, 1, 2, 2, 3, 4]  # one became two
    assert align("ABC", "XYZW", same) == [0, 0, 1, 2]  # nothing agrees: spread in proportion
    assert align("AB", "AB", same) == [0, 1]


def test_align_is_linear_on_text_that_never_agrees() -> None:
    calls = 0

    def same(a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return a == b

    source = "甲乙" * 5_000
    target = "丙丁戊" * 5_000
    mapping = align(source, target, same)
    assert len(mapping) == len(target) and mapping == sorted(mapping) and mapping[-1] == len(source) - 1
    per_character = normalize_module.ALIGN_AGREEMENT * (normalize_module.ALIGN_WINDOW + 1) ** 2 + 1
    assert calls <= per_character * len(target)


def test_text_that_cannot_be_converted_is_left_alone() -> None:
    assert normalize("\ud800投標").text == "\ud800投標"  # a lone surrogate: no conversion, no exception
    assert normalize("ISO9001").text == "ISO9001"


# -- numerals and dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("叁", 3), ("十二", 12), ("两", 2), ("伍佰", 500), ("1,000", 1000), ("二〇二〇", 2020),
    ("二零二零", 2020), ("一九九九", 1999), ("两三", 3),
])
def test_numerals(text: str, value: int) -> None:
    assert to_number(text) == value


@pytest.mark.parametrize("written", [
    "二〇二〇年一月一日", "2020年1月1日", "2020-01-01", "2020.1.1", "2020/1/1", "２０２０年１月１日", "二零二零年一月一日",
    "2020年1月1号", "2020年01月01日",
])
def test_dates_in_every_form(written: str) -> None:
    text = normalize(written).text
    assert DATE.fullmatch(text), text
    assert to_date(text) == date(2020, 1, 1)


@pytest.mark.parametrize(("written", "expected"), [
    ("二〇二〇年十二月三十一日", date(2020, 12, 31)), ("2020年12月", date(2020, 12, 1)), ("2020年2月30日", None),
    ("2020-1.1", None),
])
def test_to_date(written: str, expected: date | None) -> None:
    assert to_date(written) == expected


@pytest.mark.parametrize("text", ["12020-01-01", "2020.1.1.5", "2020-01", "1,000.1.1", "第2020号"])
def test_not_dates(text: str) -> None:
    assert not any(match.group() == text for match in DATE.finditer(text))
    assert DATE.fullmatch(text) is None


def test_rules_can_use_the_date_placeholder() -> None:
    pattern = compile_pattern("成立日期(?:须|应)?(?:在|早于){DATE}(?:以前|之前|前)")
    for written in ["成立日期須在二〇二〇年一月一日之前", "成立日期须在2020-01-01前", "成立日期应早于２０２０．１．１以前"]:
        match = pattern.search(normalize(written).text)
        assert match is not None, written
        assert to_date(DATE.search(match.group()).group()) == date(2020, 1, 1)
    # Two placeholders in one pattern: no group names to collide.
    assert compile_pattern("自{DATE}至{DATE}").search("自2020年1月1日至2020年12月31日")


@pytest.mark.parametrize("text", ["成立日期須在二〇二〇年一月一日之前。", "成立日期须在２０２０年１月１日之前。"])
def test_dates_in_other_forms_are_caught(text: str) -> None:
    assert "C08" in codes(text, "资格审查表")


@pytest.mark.parametrize(("text", "section", "code"), [
    ("投标人须成立满叁年。", QUALIFICATION, "C08"),
    ("投標人須成立滿三年。", QUALIFICATION, "C08"),
    ("經營年限十年以上的得3分", SCORING, "C08"),
])
def test_numbers_in_other_forms_are_caught(text: str, section: str, code: str) -> None:
    assert code in codes(text, section)


def test_a_number_whose_digits_a_copy_masked_is_still_a_number() -> None:
    pattern = compile_pattern("{NUM}")
    assert [m.group() for m in pattern.finditer("注册资本**0万元、近*年、2**万元、第12*号")] == ["**0", "*", "2**", "12*"]
    assert to_number("**0") is None  # of unknown value: nothing is compared with it
    assert codes("投标人注册资本**0万元以上。", QUALIFICATION) == {"C07"}
    assert codes("供应商成立满*年以上的得2分。", SCORING) == {"C08"}
    assert codes("投标保证金为采购项目预算金额的*%。", "第二章 投标人须知 > 投标保证金") == set()  # no value, no breach


# -- table rows: a criterion is read after its factor ------------------------------------------------

# Criteria that today's rules catch only with their factor (the rules' flag examples, cut where a
# scoring table cuts them): (factor, points, criterion, code).
ROWS = [
    ("注册资本", "5分", "每增加100万元加1分，最高5分。", "C07"),
    ("经营年限", "3", "10年以上的得3分", "C08"),
    ("注册地", "2分", "江城市", "C01"),
]


def test_clauses_put_the_context_in_front_and_report_in_the_block() -> None:
    [clause] = clauses("每增加100万元加1分", "注册资本：")
    assert clause.text == "注册资本：每增加100万元加1分"
    assert clause.prefix_length == len("注册资本：")
    assert clause.original_span(0, 4) is None  # within the context: reported by the factor's own cell
    assert clause.original_span(0, 8) == (0, 3)  # from the factor into the criterion: the criterion's part
    assert clause.quote("每增加100万元加1分", 0, 8) == "注册资本：每增加"
    assert [c.text for c in clauses("本地企業得3分\n外地企業得1分", "企業所在地")] == [
        "企业所在地：本地企业得3分", "企业所在地：外地企业得1分"]


def test_a_list_items_label_is_read_before_its_later_sentences() -> None:
    text = "（1）保洁主管（1人）：女性优先；须有3年以上医院保洁工作经验。"
    first, second = clauses(text)
    # the item's number orders the list and is read by no rule: neither sentence holds it
    assert first.text == "保洁主管（1人）：女性优先；" and first.prefix_length == 0
    assert second.text == "保洁主管（1人）：须有3年以上医院保洁工作经验。"
    assert second.quote(text, 0, len(second.text)) == "保洁主管（1人）：须有3年以上医院保洁工作经验。"
    found = lint_clause(text, "第四章 采购需求 > 人员要求")
    # each sentence quotes its own words: the label is not quoted again (a sex preferred of the post is C29 too)
    assert [(f.rule, f.match) for f in found] == [("C29", "女性优先"), ("C29", "须有3年以上医院保洁工作经验")]
    # a table cell's context comes first, then the label
    assert clauses("人员：年龄不限；须持证上岗。", "服务要求")[1].text == "服务要求：人员：须持证上岗。"
    # a sentence ending before any colon, a long head or a time of day is no label
    assert clauses("投标人须知前附表。投标截止时间：9:30。")[1].prefix_length == 0
    assert clauses("本项目对投标人的资格要求如下所列各项：须为法人；须有业绩。")[1].prefix_length == 0


@pytest.mark.parametrize(("text", "read"), [
    ("1. 技术偏离表。", "技术偏离表。"),
    ("（2）投标人须在本市注册。", "投标人须在本市注册。"),
    ("(3)投标人须在本市注册。", "投标人须在本市注册。"),
    ("三、投标人须在本市注册。", "投标人须在本市注册。"),
    ("1.2.3 投标人须在本市注册。", "投标人须在本市注册。"),
    ("4、（1）投标人须在本市注册。", "投标人须在本市注册。"),
    # values and ranges are what the sentence says, and a mark makes a requirement substantive
    ("1.5倍以上的得3分。", "1.5倍以上的得3分。"),
    ("2.1投标人须在本市注册。", "2.1投标人须在本市注册。"),
    ("一、二级资质均可。", "一、二级资质均可。"),
    ("3、5号楼的保洁。", "3、5号楼的保洁。"),
    ("★1、须在本市注册。", "★1、须在本市注册。"),
    ("3.", "3."),
])
def test_the_rules_read_a_sentence_after_its_item_number(text: str, read: str) -> None:
    assert clauses(text)[0].text == read


def test_a_sentence_repeated_under_other_item_numbers_is_one_sentence_found_in_each_block() -> None:
    blocks = [Block(text=f"{number}. 投标人须在本市注册并设有常驻服务机构。", location=Location(paragraph=number),
                    headings=("第一章 招标公告", "二、申请人的资格要求")) for number in (1, 7)]
    prepare(blocks)
    found = lint_blocks(blocks)
    by_paragraph = {number: sorted(f.rule for f in found if f.block.location.paragraph == number) for number in (1, 7)}
    assert by_paragraph[1] and by_paragraph[1] == by_paragraph[7]
    assert not any(finding.match.startswith(("1.", "7.")) for finding in found)


def test_a_later_sentence_with_a_label_of_its_own_is_not_read_after_the_first_label() -> None:
    text = "磋商保证金：不收取。履约保证金：合同金额的5%，可以银行保函形式提交。"
    assert clauses(text)[1].prefix_length == 0
    # the performance bond is not read as a bid bond of 5%
    assert lint_clause(text, "第二章 供应商须知 > 前附表") == []
    assert clauses("人员：年龄不限；须持证上岗。")[1].text == "人员：须持证上岗。"  # no label of its own: the first's


def test_a_row_written_as_text_labels_each_sentence_of_its_last_cell() -> None:
    text = "| 7 | 询价保证金 | 人民币伍仟元；须于报价截止前一日17时前到账 |"
    first, second = clauses(text)
    assert first.prefix_length == 0
    assert second.text == "询价保证金：须于报价截止前一日17时前到账|"  # spaces are dropped in the canonical text
    assert [finding.rule for finding in lint_clause(text, "询价通知书 > 供应商须知前附表")] == ["C26e"]
    # a row number or a mark labels nothing; a row of one cell has no label
    assert clauses("| 3 | ★ | 须为法人；须有业绩。 |")[1].prefix_length == 0
    assert clauses("| 须为法人；须有业绩。 |")[1].prefix_length == 0


def test_a_percentage_in_words_reads_as_one_with_a_sign() -> None:
    text = "成交供应商应交纳合同金额百分之二十的履约保证金，质保金为百分之3。"
    canonical = normalize(text)
    assert canonical.text == "成交供应商应交纳合同金额二十%的履约保证金，质保金为3%。"
    start = canonical.text.index("合同")
    assert text[slice(*canonical.original_span(start, canonical.text.index("的履约")))] == "合同金额百分之二十"
    [finding] = lint_clause(text, "第五章 合同条款 > 履约保证金")
    assert finding.rule == "C26c" and "百分之二十" in finding.match


def test_a_short_aside_inside_a_phrase_is_read_past() -> None:
    text = "投标人为烟台市市直单位定点采购（仪器设备类）中标单位的，得2分。"
    assert normalize(text).text == "投标人为烟台市市直单位定点采购中标单位的，得2分。"
    [finding] = lint_clause(text, "第三章 评标办法 > 评分标准")
    assert finding.rule == "C19" and finding.match == "定点采购（仪器设备类）中标单位"
    # an aside that adds to what is asked stays: an alternative, a grade, cash, a limit
    for kept in ("在龙游县设立机构(或分支机构)的银行", "家具设计师（一级）证书", "递交2000元(现金)的投标保证金", "单价（含税）报价"):
        assert normalize(kept).text == kept.replace("(", "（").replace(")", "）")


def test_the_others_after_a_semicolon_continue_the_comparison() -> None:
    text = "现服务单位已备案的，可不再提供复印件；其他投标人须完整提供。下一句。"
    assert [text[start:end] for start, end in sentences(text)] == [
        "现服务单位已备案的，可不再提供复印件；其他投标人须完整提供。", "下一句。"]
    assert len(sentences("须为法人；须有业绩。")) == 2  # any other semicolon still ends the sentence


def test_the_other_side_of_a_place_after_a_semicolon_continues_the_comparison() -> None:
    text = "旗内业绩以业主证明为准；旗外业绩须同时提供合同、发票。下一句。"
    assert [text[start:end] for start, end in sentences(text)] == [
        "旗内业绩以业主证明为准；旗外业绩须同时提供合同、发票。", "下一句。"]
    inside_second = "河北省外投标人须另附验收证明；省内投标人提供复印件即可。"
    assert len(sentences(inside_second)) == 1
    # a half naming no side of the place is a requirement of its own, not one side of a comparison
    assert len(sentences("投标人须具有云南省颁发的资质证书；省外企业须办理入滇备案。")) == 2
    # those who have done something and those who have not
    assert len(sentences("已入库的供应商仅需提供入库通知书；未入库的供应商须完整提交资格证明材料。")) == 1


def test_the_sanction_after_a_semicolon_belongs_to_the_clause_before() -> None:
    text = "送达人须出示社保缴费证明原件；缺少任一项的，拒收其响应文件。下一句。"
    assert [text[start:end] for start, end in sentences(text)] == [
        "送达人须出示社保缴费证明原件；缺少任一项的，拒收其响应文件。", "下一句。"]
    # read as a comma, so that a pattern sees the requirement and its sanction; positions unchanged
    canonical = normalize(text)
    assert canonical.text.startswith("送达人须出示社保缴费证明原件，缺少任一项的，")
    assert len(canonical.text) == len(text)
    # a semicolon before anything else, or before a clause with no sanction, still ends the sentence
    assert len(sentences("须为法人；未中标的，保证金于五日内退还。")) == 2


def test_the_way_out_for_young_firms_after_a_semicolon_belongs_to_the_clause_before() -> None:
    text = "提供近三年经审计的财务报告；成立不足三年的，提供成立以来的财务报表。"
    assert sentences(text) == [(0, len(text))]
    assert codes(text, "二、申请人的资格要求") == set()
    # what follows a semicolon without the relief is a requirement of its own
    assert len(sentences("提供近三年经审计的财务报告；投标人须在本市注册。")) == 2


def test_an_introduction_ending_in_a_colon_is_read_before_each_item_of_its_list() -> None:
    text = "（三）申领谈判文件时需提供以下材料：\n1.营业执照复印件加盖公章；\n2.法定代表人资格证明书原件；"
    items = clauses(text)[1:]
    assert [clause.text for clause in items] == [  # item numbers left out, the introduction's and the items'
        "申领谈判文件时需提供以下材料：营业执照复印件加盖公章；",
        "申领谈判文件时需提供以下材料：法定代表人资格证明书原件；"]
    found = lint_clause(text, "竞争性谈判公告 > 五、谈判文件申领时间、地点、方式")
    assert {finding.rule for finding in found} == {"C21"}
    assert all(not finding.match.startswith("（三）") for finding in found)  # each finding quotes its own item


def test_row_context_takes_the_factor_not_the_number_or_points() -> None:
    assert row_context(["1", "企业所在地", "3分"]) == "企业所在地"
    assert row_context(["商务部分", "企业业绩", "10"]) == "商务部分：企业业绩"
    assert row_context(["项目编号：", "JC-001", "采购方式："]) == "项目编号：JC-001：采购方式"
    assert row_context(["投标人须在本地设立服务机构并提供租赁合同和社保缴纳证明等材料，否则投标无效"]) == ""
    assert row_context([]) == ""


def _scoring_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("第三章 评标办法", level=1)
    document.add_heading("二、评分标准", level=2)
    table = document.add_table(rows=1 + len(ROWS) + 2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "评分因素", "分值", "评分标准"], strict=True):
        cell.text = text
    for number, (factor, points, criterion, _) in enumerate(ROWS, 1):
        for cell, text in zip(table.rows[number].cells, [str(number), factor, points, criterion], strict=True):
            cell.text = text
    # A factor merged over two rows, the second holding two conditions on lines of their own.
    merged = table.cell(len(ROWS) + 1, 1).merge(table.cell(len(ROWS) + 2, 1))
    merged.text = "經營年限"
    table.cell(len(ROWS) + 1, 3).text = "服务年限满5年以上的得2分"
    criterion = table.cell(len(ROWS) + 2, 3)
    criterion.text = "成立10年以上的得3分"
    criterion.add_paragraph("滿5年以上的得1分")
    document.add_paragraph("（三）企业业绩（10分）")
    document.add_paragraph("每提供一个本市同类项目业绩得2分，最高10分。")
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def scoring_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _scoring_docx(tmp_path_factory.mktemp("forms") / "评分.docx")


def test_docx_cells_carry_their_factor(scoring_docx: Path) -> None:
    _, blocks = read(scoring_docx)
    criteria = [block for block in blocks if block.location.column == 4 and block.location.row > 1]
    assert [block.context for block in criteria[:3]] == ["注册资本", "经营年限", "注册地"]
    assert criteria[3].context == criteria[4].context == "經營年限"  # merged down: carried to the second row
    assert by_text(blocks, "5分").context == "注册资本"  # points cells have a factor, but no clause to read with it
    assert by_text(blocks, "评分标准").context == ""  # header row


def test_docx_scoring_rows_are_caught_with_the_factor_from_another_cell(scoring_docx: Path) -> None:
    findings = lint_file(scoring_docx).findings
    located = {(finding.block.location.row, finding.block.location.column, finding.rule): finding for finding in findings}
    for row, (factor, _, criterion, code) in enumerate(ROWS, 2):
        finding = located[(row, 4, code)]
        assert finding.match in criterion and finding.match  # reported in the criterion's own cell
        assert factor in finding.message  # and quoted with its factor
    assert not any(finding.block.location.column == 3 for finding in findings)  # not again at the points
    # Two conditions on two lines of one cell: one finding each.
    second = [finding for finding in findings if finding.block.location.row == len(ROWS) + 3]
    assert {(finding.rule, finding.message) for finding in second} == {
        ("C08", "以成立年限、经营年限限制或者评价供应商（成立10年以上）"),
        ("C08", "以成立年限、经营年限限制或者评价供应商（經營年限：滿5年以上）")}
    # The factor heading gives the line after it its role and context.
    [heading_line] = [finding for finding in findings if finding.block.location.table is None]
    assert heading_line.rule == "C04" and heading_line.block.role == "scoring"
    assert heading_line.section.endswith("（三）企业业绩（10分）")


MARKDOWN = """# 第三章 评标办法

## 二、评分标准

| 序号 | 评分因素 | 分值 | 评分标准 |
|---|---|---|---|
| 1 | 注册资本 | 5分 | 每增加100万元加1分，最高5分。 |
| 2 | 經營年限 | 3 | 10年以上的得3分<br>5年以上的得1分 |

企业规模（5分）

从业人员每增加10人加1分，最高5分。

## 三、資格要求

1. 投標人須在本市註冊

投标人须具有良好的商业信誉和健全的财务会计制度，须在本市
注册。
"""


def test_markdown_forms_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "评分.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    found = {(finding.rule, finding.match) for finding in lint_file(path).findings}
    assert ("C07", "每增加100万元") in found  # factor in another cell
    assert {("C08", "10年以上"), ("C08", "5年以上")} <= found  # traditional factor, two lines of a cell
    assert ("C07", "从业人员每增加10人") in found  # under an unnumbered factor title
    assert ("C01", "須在本市註冊") in found  # a typed numbered line is linted, in traditional characters
    assert ("C01", "须在本市注册") in found  # a clause broken over two lines


def test_markdown_factor_title_is_a_heading_below_the_section(tmp_path: Path) -> None:
    path = tmp_path / "评分.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    _, blocks = read(path)
    prepare(blocks)
    line = by_text(blocks, "从业人员每增加10人加1分，最高5分。")
    assert line.headings == ("第三章 评标办法", "二、评分标准", "企业规模（5分）")
    assert line.role == "scoring" and context_of(line) == "企业规模（5分）"
    assert by_text(blocks, "三、資格要求").headings == ("第三章 评标办法",)  # the factor title ends with its section
    numbered = by_text(blocks, "1. 投標人須在本市註冊")
    assert not numbered.is_heading and numbered.role == "qualification"


def test_html_rowspan_factor_is_carried(tmp_path: Path) -> None:
    path = tmp_path / "评分.html"
    path.write_text("<h2>评分标准</h2><table><tr><th>评分因素</th><th>分值</th><th>评分标准</th></tr>"
                    "<tr><td rowspan=2>注册资本</td><td>3</td><td>不低于500万元的得3分</td></tr>"
                    "<tr><td>2</td><td>每增加100万元加1分<br>最高5分</td></tr></table>", encoding="utf-8")
    _, blocks = read(path)
    assert by_text(blocks, "不低于500万元的得3分").context == "注册资本"
    assert by_text(blocks, "每增加100万元加1分\n最高5分").context == "注册资本"
    assert {finding.rule for finding in lint_file(path).findings} == {"C07"}


@pytest.mark.parametrize("factor", ["（三）注册资本（5分）", "注册资本 5分", "2. 注册资本（满分5分）"])
def test_factor_headings(factor: str) -> None:
    assert carries_points(factor)
    assert codes("每增加100万元加1分，最高5分。", f"第三章 评标办法 > {factor}") == {"C07"}


@pytest.mark.parametrize("text", ["每提供一个得2分（最高10分）", "本项目满分（100分）的评分，按下列因素确定，共10分", "评分标准"])
def test_criteria_and_titles_without_points_are_no_factor_headings(text: str) -> None:
    assert not carries_points(text)


# -- lines broken inside a clause ----------------------------------------------------------------------


@pytest.mark.parametrize(("previous", "line"), [
    ("其中注册地在柳州市内的投标人企业得3", "分，其他得0分。"),  # a number cut from its unit
    ("注册地在柳州市外的得0分，以营", "业执照为准。"),  # the tail that ends the sentence
    ("供应商应当在本市", "注册。"),
    ("须提供本地社保缴纳证明（", "近六个月）"),  # an opening bracket
    ("投标人须具有", "本市服务网点"),  # a word no clause ends with
    ("须为本市注册企业", "，并提供营业执照"),  # a comma
])
def test_lines_broken_inside_a_clause(previous: str, line: str) -> None:
    assert line_continues(previous, line)
    assert join_lines([previous, line], full_width=100) == [(0, previous + line)]
    assert sentences(f"{previous}\n{line}") == [(0, len(previous) + 1 + len(line))]


@pytest.mark.parametrize(("previous", "line"), [
    ("本地企业得3分", "外地企业得1分。"),  # two criteria of one cell
    ("二、评分标准", "无。"),  # a heading and a line
    ("具有良好的商业信誉。", "具有健全的财务会计制度。"),
    ("具有独立承担民事责任的能力", "（二）具有良好的商业信誉"),  # a new item
    ("供应商须具有相应的食品经营许可", "*、临时供应商中选后需进行试用"),  # a new item whose number a copy masked
    ("供应商", "投标人须具有独立承担民事责任的能力和良好的商业信誉。"),  # longer than the line before: no tail
])
def test_lines_that_are_clauses_of_their_own(previous: str, line: str) -> None:
    assert not line_continues(previous, line)
    assert len(sentences(f"{previous}\n{line}")) == 2


def test_a_labelled_line_is_a_field_of_its_own() -> None:
    cell = "均因实质性响应招标文件要求的供应商不足3家而废标，重新招标未能成立\n批准文件：江城市财政局《关于同意采用竞争性谈判方式的批复》"
    assert len(sentences(cell)) == 2
    assert codes(cell, "第二章 供应商须知 > 供应商须知前附表") == set()


@pytest.mark.parametrize(("previous", "line"), [
    ("投标人须具有近三年在浙江省", "内完成的同类项目业绩"),  # cut at a width inside a word
    ("供应商注册地：", "限江城市辖区内"),  # a label's value on the next line
    ("已在采购人处提供过服务的供应商，", "资格审查时可免于提交资质证明材料"),  # after a comma
    ("（三）供应商须具有计算机信息系", "统集成及服务资质（叁级及以上）。"),  # a numbered line that demands: no title
])
def test_lines_of_one_block_cut_inside_a_clause(previous: str, line: str) -> None:
    assert sentences(f"{previous}\n{line}") == [(0, len(previous) + 1 + len(line))]
    assert codes(f"{previous}\n{line}", "二、申请人的资格要求")  # still flagged as one clause
    # joining a PDF's lines is stricter: there a short line with no mark is more often a heading
    assert not line_continues(previous, line)


def test_pdf_lines_cut_in_a_narrow_table_column_are_joined() -> None:
    lines = [(1, 1, "二、评分标准"), (1, 2, "1 企业所在地 3分 注册地在柳州市内的投标人企业得3"),
             (1, 3, "分，注册地在柳州市外的得0分，以营"), (1, 4, "业执照为准。"),
             (1, 5, "投标人须具有良好的商业信誉和健全的财务会计制度，投标人须在本市注册并设有常驻服务机构，且应当提供"),
             (1, 6, "相关证明材料。"), (1, 7, "供应商应当在本市"), (1, 8, "注册。")]
    blocks = pdf_reader._blocks(lines)
    assert [block.text for block in blocks] == [
        "二、评分标准", "1 企业所在地 3分 注册地在柳州市内的投标人企业得3分，注册地在柳州市外的得0分，以营业执照为准。",
        "投标人须具有良好的商业信誉和健全的财务会计制度，投标人须在本市注册并设有常驻服务机构，且应当提供相关证明材料。",
        "供应商应当在本市注册。"]
    assert blocks[3].location == Location(page=1, line=7)


def test_text_file_with_a_clause_broken_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "资格要求.txt"
    path.write_text("二、申请人的资格要求\n"
                    "1.具有独立承担民事责任的能力，具有良好的商业信誉和健全的财务会计制度，具有依法缴纳税收的良好记录；\n"
                    "2.投標人須在本市\n註冊。\n", encoding="utf-8")
    [finding] = lint_file(path).findings
    assert finding.rule == "C01" and finding.match == "須在本市註冊" and finding.block.location.line == 3


def test_a_bracketed_note_after_the_full_stop_belongs_to_the_sentence() -> None:
    # The note annotates the sentence it closes: a rule reads the condition and its note together.
    text = "供应商须具有测绘资质证书。（本项目为宣传片航拍，不涉及测绘成果）"
    assert sentences(text) == [(0, len(text))]
    # A numbered item opens a sentence of its own; a note followed by more words is no closing note.
    assert len(sentences("投标人须具有安全生产许可证。（2）投标人须具有良好的商业信誉。")) == 2
    assert len(sentences("须提供样品。（如有）另须提供说明书。")) == 2


@pytest.mark.parametrize("text", [
    "供货业绩（3分）：近三年具有学生课桌椅供货业绩的，每个得1分，最高3分；采购单位所在地区、学段不限。",
    "近三年承担过档案整理项目的，每个得2分，最高6分。同类项目指纸质档案整理、扫描服务，不限委托单位和地域。",
])
def test_a_scope_note_after_a_requirement_is_read_with_it(text: str) -> None:
    # what the requirement leaves open is said in the next sentence: the two are one sentence, read as one
    assert len(sentences(text)) == 1
    assert "；" not in normalize(text).text and normalize(text).text.count("。") == 1


@pytest.mark.parametrize("text", [
    "投标人须在本市注册；外地企业须另行提供完税证明，业绩不限地域。",  # the next half requires something itself
    "须具有同类业绩；业绩不限地域，须提供合同。",
])
def test_a_note_requiring_something_of_its_own_is_a_sentence_of_its_own(text: str) -> None:
    assert len(sentences(text)) == 2


@pytest.mark.parametrize("text", [
    "| 9 | 同类业绩 | 4分 | 2023年以来具有学校、机关或企事业单位食堂配送业绩的，每份合同得1分，最高4分；业绩不限地域、不限采购单位 |",
    "| 4 | 同类业绩 | 3分 | 2022年以来承接过办公楼宇物业服务项目的，每提供一个有效合同得1分，最高3分；项目所在地域、委托单位性质不限 |",
])
def test_work_of_the_same_kind_whose_customers_and_place_are_left_open_is_lawful(text: str) -> None:
    assert lint_clause(text, SCORING) == []


def test_a_customer_type_is_still_caught_when_only_the_amount_is_left_open() -> None:
    text = "申请人须具有为高等院校或三级甲等医院提供物业服务的业绩（合同金额不限，须附业主单位盖章的服务评价）。"
    assert "C05" in {finding.rule[:3] for finding in lint_clause(text, QUALIFICATION)}


def test_a_note_on_the_parameters_deviation_is_read_with_them() -> None:
    text = "插入部外径9.2mm，有效长度1030mm，视野角140°。以上参数为本院使用需求，偏离即视为不满足。"
    assert len(sentences(text)) == 1
    assert len(sentences("插入部外径9.2mm。以上参数仅供参考。")) == 2  # no deviation said: a note of its own


def test_a_day_of_the_year_just_named_reads_as_a_full_date() -> None:
    text = "采购意向于2026年4月27日公开，磋商公告于同年5月8日发布。"
    normalized = normalize(text)
    assert "磋商公告于2026年5月8日发布" in normalized.text
    start = normalized.text.index("2026年5月8日")
    # findings quote the original words
    assert text[slice(*normalized.original_span(start, start + len("2026年5月8日")))] == "同年5月8日"
    # with no year before it, 同年 is left as written
    assert normalize("磋商公告于同年5月8日发布。").text == "磋商公告于同年5月8日发布。"


def test_an_intention_published_too_soon_before_the_notice_is_found_with_the_year_unrepeated() -> None:
    text = "案例二：某镇农村生活垃圾转运服务项目，采购意向于2026年4月27日公开，竞争性磋商公告于同年5月8日发布。"
    assert "C32i" in {finding.rule for finding in lint_clause(text, "典型案例通报 > 二、信息公开不及时")}


def test_a_scoring_row_of_a_markdown_table_is_read_as_the_row_written_as_text(tmp_path: Path) -> None:
    # The factor's name, 服务场所, is the cell's context, not a statement that the service is done at the
    # bidder's premises (实施地点：……服务站, the purchaser's site, excuses C02): the row's criterion rewards them.
    row = "| 7 | 服务场所 | 3分 | 投标人在本市市区设有办公场所的得3分，在本市所辖县（市）设有办公场所的得1分，其他不得分。 |"
    section = "南湖市司法局法律援助服务项目招标文件 > 第三章 评标办法 > 评分标准"
    path = tmp_path / "评分标准.md"
    path.write_text("# 南湖市司法局法律援助服务项目招标文件\n## 第三章 评标办法\n### 评分标准\n\n| | | | |\n"
                    f"|---|---|---|---|\n{row}\n", encoding="utf-8")
    as_table = {finding.rule for finding in lint_file(path).findings}
    assert as_table == {finding.rule for finding in lint_clause(row, section)} == {"C02"}


def test_a_factor_cell_names_what_its_criterion_cell_scores(tmp_path: Path) -> None:
    # 经营年限 in the factor's cell, the years scored in the criterion's: read as the row read whole would be
    path = tmp_path / "评分.md"
    path.write_text("# 第三章 评标办法\n\n## 商务评分表\n\n| 序号 | 评分因素 | 分值 | 评分标准 |\n|---|---|---|---|\n"
                    "| 2 | 经营年限 | 5分 | 投标人取得机动车维修经营资格满十年得5分，满五年不满十年得3分，不满五年不得分。 |\n",
                    encoding="utf-8")
    assert "C08" in {finding.rule for finding in lint_file(path).findings}
    assert "C08" in codes("| 2 | 经营年限 | 5分 | 投标人取得机动车维修经营资格满十年得5分，满五年不满十年得3分，不满五年不得分。 |",
                          "第三章 评标办法 > 商务评分表")


def test_an_en_dash_between_numbers_reads_as_the_range_hyphen() -> None:
    # 得16–20分 (U+2013) is the range 得16-20分 every rule reads; the finding still quotes the original
    assert normalize("得16–20分").text == "得16-20分"
    found = [finding.match for finding in lint_clause("方案完整、针对性强的得16–20分；方案一般的得1–9分。", "第三章 评标办法 > 评分标准")
             if finding.rule.startswith("C25") and not finding.proposed]
    assert found == ["针对性强的得16–20分", "方案一般的得1–9分"]


def test_what_takes_a_finding_over_in_a_row_takes_it_over_across_the_rows_cells(tmp_path: Path) -> None:
    # Read whole, | 信用等级 | 被浙江省水利厅评定为……AA级的得4分 | is a local authority's rating (C37), which takes the
    # rating as such (C10) over; read as cells, the factor's own cell is not a finding of its own either.
    document = tmp_path / "评分标准.md"
    document.write_text("# 第四章 评标办法\n\n## 商务评分表\n\n| 序号 | 评分因素 | 分值 | 评分标准 |\n|---|---|---|---|\n"
                        "| 4 | 信用等级 | 4分 | 被浙江省水利厅评定为水利建设市场主体信用等级AA级的得4分，A级的得2分。 |\n",
                        encoding="utf-8")
    codes = {finding.rule[:3] for finding in lint_file(document).findings}
    assert codes == {"C37"}
