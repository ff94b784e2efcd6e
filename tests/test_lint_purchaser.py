"""The purchaser's own name, read as the purchaser (procdocs/lint/purchaser.py)."""

from __future__ import annotations

from procdocs.lint.engine import lint_clause
from procdocs.lint.normalize import normalize
from procdocs.lint.purchaser import PURCHASER_TERM, names_in, read_as_purchaser

TITLE = "盐城市大丰区财政局2026年度政府投资项目造价审核服务采购项目竞争性磋商文件"


def test_a_title_gives_the_name_and_its_forms_with_a_place_left() -> None:
    assert names_in([TITLE], []) == ("盐城市大丰区财政局", "大丰区财政局")


def test_a_body_with_a_name_of_its_own_is_known_without_its_places() -> None:
    names = names_in(["合肥市包河区望湖中学食堂食材配送服务项目招标文件"], [])
    assert names == ("合肥市包河区望湖中学", "包河区望湖中学", "望湖中学")


def test_a_body_of_a_vertically_managed_system_is_named_with_its_headquarters() -> None:
    names = names_in(["国家税务总局宜昌市西陵区税务局2026年办税服务厅导税服务项目招标文件"], [])
    assert names == ("国家税务总局宜昌市西陵区税务局", "宜昌市西陵区税务局", "西陵区税务局")
    # the headquarters itself buying is named alone
    assert names_in(["国家统计局2026年普查数据处理服务项目"], []) == ("国家统计局",)


def test_a_kind_of_body_is_never_a_form_of_the_name() -> None:
    for title, kind in (("衢州市柯城区人民医院2026年院区物业管理服务采购项目", "人民医院"),
                        ("湘潭市雨湖区教育局2026年课桌椅采购项目", "教育局"),
                        ("延边朝鲜族自治州安图县第一中学2026年课桌椅采购项目", "第一中学")):
        names = names_in([title], [])
        assert names and kind not in names
        assert all(not name.startswith(("州", "市")) for name in names)  # no half of a place word


def test_the_notice_s_statement_of_the_purchaser_gives_it_too() -> None:
    assert "陈仓区民政局" in names_in([], ["采购人名称：宝鸡市陈仓区民政局，地址：宝鸡市"])


def test_headings_that_name_no_body_give_nothing() -> None:
    assert names_in(["第三章 评标办法", "招标文件", "评分标准"], []) == ()


def test_the_name_is_read_as_the_purchaser_and_quoted_whole() -> None:
    original = "近三年承担过大丰区财政局委托的项目"
    read = read_as_purchaser(normalize(original), names_in([TITLE], []))
    assert read.text == f"近三年承担过{PURCHASER_TERM}委托的项目"
    start = read.text.index(PURCHASER_TERM)
    first, last = read.original_span(start, start + len(PURCHASER_TERM))
    assert original[first:last] == "大丰区财政局"
    assert original[slice(*read.original_span(0, len(read.text)))] == original


def test_past_work_for_the_purchaser_named_by_its_name_is_incumbency_not_a_place() -> None:
    section = f"{TITLE} > 第三章 评审办法 > 评分标准"
    findings = lint_clause("近三年承担过大丰区财政局委托的财政投资评审项目的，每个项目得2分，最高10分。", section)
    assert [finding.rule for finding in findings] == ["C33"]
    assert "大丰区财政局" in findings[0].block.text[findings[0].start:findings[0].end]
    # the place alone is still a place's performance record
    placed = lint_clause("近三年在大丰区承担过财政投资评审项目的，每个得2分。", section)
    assert [finding.rule for finding in placed] == ["C04"]


def test_without_a_title_naming_the_purchaser_nothing_is_rewritten() -> None:
    findings = lint_clause("近三年承担过大丰区财政局委托的财政投资评审项目的，每个项目得2分。", "第三章 评审办法 > 评分标准")
    assert "C33" not in {finding.rule for finding in findings}
