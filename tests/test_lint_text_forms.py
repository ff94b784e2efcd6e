"""The ways documents write the same clause read alike: traditional characters, numerals and dates,
table rows whose factor sits in another cell, factor headings with points, lines broken inside a clause.

Each test takes a clause today's rules catch in simplified, single-line form (the rules' own ``flag``
examples) and shows it caught in the other form, quoting the document's own words.
"""

from __future__ import annotations

from datetime import date

import pytest

from procdocs.lint import normalize as normalize_module
from procdocs.lint.engine import lint_clause
from procdocs.lint.model import Block, Location
from procdocs.lint.normalize import align, normalize
from procdocs.lint.numbers import DATE, compile_pattern, to_date, to_number
from procdocs.lint.roles import infer

QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"
SCORING = "第三章 评标办法 > 评分标准"


def codes(text: str, section: str) -> set[str]:
    return {finding.rule for finding in lint_clause(text, section)}


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
