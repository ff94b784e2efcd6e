"""The pieces of the lint readers rewritten for linear time read what the old ones read: the HTML
tokenizer (instead of html.parser), contents lines (instead of a pattern searched along the line)."""

from __future__ import annotations

import re

import pytest

from procdocs.lint.readers._markup import EndTag, StartTag, Text, tokens, unescape
from procdocs.lint.readers._text import is_toc_entry, join_all

# The pattern is_toc_entry replaces: the same answers, without the quadratic search.
OLD_TOC_ENTRY = re.compile(r"(?:[.．·…]\s*){6,}\d*\s*$|(?:[.．·…]\s*){3,}\d+\s*$")


@pytest.mark.parametrize("line", [
    "第一章 招标公告......................1", "第一章 招标公告 . . . . . . 12", "一、总则………………3", "目录……", "附件……12",
    "投标人应当……", "说明……。", "......", "...12", "..12", "第二章 ·········· 5 ", "第三章 ．．．．．．２０", "标题...... 1 2",
    "标题......1a", "", "   ", "12", "…… …… …… 7",
])
def test_contents_lines_are_recognised_as_before(line: str) -> None:
    assert is_toc_entry(line) == bool(OLD_TOC_ENTRY.search(line))


def test_wrapped_pieces_join_as_before() -> None:
    assert join_all(["投标人须", "具有资格"]) == "投标人须具有资格"
    assert join_all(["ISO", "9001", "认证"]) == "ISO 9001认证"
    assert join_all(["单行"]) == "单行"


def _simple(text: str) -> list[tuple[str, str]]:
    out = []
    for token in tokens(text):
        if isinstance(token, StartTag):
            out.append(("start", token.name + "".join(f" {k}={v}" for k, v in token.attributes.items())))
        elif isinstance(token, EndTag):
            out.append(("end", token.name))
        else:
            assert isinstance(token, Text)
            out.append(("text", token.data))
    return out


def test_tags_attributes_and_text() -> None:
    assert _simple('<P Class="a>b" colspan=2 rowspan=\'3\' hidden>正文 &amp; 说明</P>') == [
        ("start", "p class=a>b colspan=2 rowspan=3 hidden="), ("text", "正文 & 说明"), ("end", "p")]


def test_what_is_not_text() -> None:
    assert _simple("<!DOCTYPE html><!-- 注释 --><?xml x?><![CDATA[x]]>正文</>") == [("text", "正文")]
    assert _simple("<script>if (a < b) { s = '<p>脚本</p>'; }</script>后文") == [
        ("start", "script"), ("text", "if (a < b) { s = '<p>脚本</p>'; }"), ("end", "script"), ("text", "后文")]


def test_what_is_left_open_at_the_end() -> None:
    assert _simple("正文<!-- 没有结束") == [("text", "正文")]  # a comment to the end of the file
    assert _simple("正文<a href='x") == [("text", "正文")]  # a tag the file ends in is dropped
    assert _simple("a < b 与 c<d") == [("text", "a "), ("text", "<"), ("text", " b 与 c")]
    assert _simple("<a<a<a") == []  # one tag named a<a<a, never closed


def test_offsets_and_references() -> None:
    assert [token.offset for token in tokens("ab<p>cd</p>")] == [0, 2, 5, 7]
    assert unescape("&#20013;&#x6587;&lt;") == "中文<"
    assert unescape("&#" + "9" * 5000 + ";") == "\ufffd"  # not an integer conversion of 5,000 digits
