"""The HTML subset parser: what templates may produce, and loud failure for anything else."""

from __future__ import annotations

import pytest

from conftest import shared_renderer
from procdocs.doctree import parse_document
from procdocs.doctree.nodes import Blank, Heading, LineBreak, ListBlock, PageBreak, Paragraph, Signature, Table, Text
from procdocs.errors import TemplateError


def parse(html: str):
    return parse_document(html, "test/template.html.j2")


def test_blocks_and_inlines() -> None:
    blocks = parse(
        '<p class="title">标题</p>\n<h1>一、概况</h1>\n<p>正文<strong>加粗</strong>和<u>下划线</u><br>第二行</p>\n'
        '<p class="noindent">投标人：<blank chars="12"/></p><pagebreak/>'
    )
    title, heading, body, blank_line, page_break = blocks
    assert isinstance(title, Paragraph) and title.style == "title" and title.align == "center"
    assert isinstance(heading, Heading) and heading.level == 1
    assert isinstance(body, Paragraph) and body.indent
    assert body.inlines[1] == Text("加粗", bold=True)
    assert body.inlines[3] == Text("下划线", underline=True)
    assert isinstance(body.inlines[4], LineBreak)
    assert isinstance(blank_line, Paragraph) and not blank_line.indent
    assert blank_line.inlines[1] == Blank(12)
    assert isinstance(page_break, PageBreak)


def test_template_line_breaks_are_dropped_between_chinese_text() -> None:
    [paragraph] = parse("<p>采购人\n    应当\n在  截止时间前</p>")
    assert [i.text for i in paragraph.inlines if isinstance(i, Text)] == ["采购人应当在 截止时间前"]


def test_sections_shift_heading_levels() -> None:
    blocks = parse("<h1>第一章</h1><section><h1>公告</h1><section><h2>一、</h2></section></section>")
    assert [b.level for b in blocks if isinstance(b, Heading)] == [1, 2, 4]


def test_table_spans_and_header_rows() -> None:
    [table] = parse(
        "<table><colgroup><col width='1'><col width='2'><col width='1'></colgroup>"
        "<thead><tr><th>包号</th><th>名称</th><th>金额</th></tr></thead>"
        "<tbody><tr><td rowspan='2'>1</td><td>甲</td><td>10</td></tr><tr><td>乙</td><td>20</td></tr>"
        "<tr><td colspan='2'>合计</td><td>30</td></tr></tbody></table>"
    )
    assert isinstance(table, Table)
    assert table.column_widths == [1, 2, 1]
    assert [row.header for row in table.rows] == [True, False, False, False]
    assert table.rows[1].cells[0].rowspan == 2
    assert table.rows[3].cells[0].colspan == 2
    assert table.rows[0].cells[0].header and table.rows[0].cells[0].align == "center"
    # a rowspan alone does not join rows: the template says which rows stay together
    assert table.rows_joined_to_next() == [False, False, False, False]


def test_lists_and_signatures() -> None:
    numbered, parenthesised, signature = parse(
        "<ol><li>甲</li><li>乙</li></ol><ol type='paren'><li>丙</li></ol>"
        "<signature><field label='投标人（盖章）'></field><field label='日期'>2026年12月1日</field></signature>"
    )
    assert isinstance(numbered, ListBlock) and [i.label for i in numbered.items] == ["1.", "2."]
    assert isinstance(parenthesised, ListBlock) and parenthesised.items[0].label == "（1）"
    assert not numbered.keep_with_next
    assert isinstance(signature, Signature)
    assert signature.fields[0].value == [] and signature.fields[1].value == [Text("2026年12月1日")]


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<div>x</div>", "不支持的标签 <div>"),
        ("<p>a<img src='x.png'></p>", "不支持的标签 <img>"),
        ("<script>alert(1)</script>", "不支持的标签 <script>"),
        ("<p class='big'>x</p>", "「big」不可用"),
        ("<p style='color:red'>x</p>", "不支持属性 style"),
        ("裸露的文字", "不在任何段落"),
        ("<p>a</h1>", "不匹配"),
        ("<p>a", "没有闭合"),
        ("<p><p>x</p></p>", "不能嵌套"),
        ("<table><tr><td>a</td></tr></table><table><colgroup><col><col></colgroup><tr><td>a</td></tr></table>",
         "定义了 2 列"),
        ("<blank chars='0'/>", "只能出现在"),
        ("<p><blank chars='x'/></p>", "应为正整数"),
    ],
)
def test_anything_outside_the_subset_is_an_error_naming_the_template(html: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(html)
    [problem] = caught.value.problems
    assert problem.file == "test/template.html.j2"
    assert message in problem.message
    assert "模板输出第" in problem.message


def test_keep_marks_a_group_and_headings_and_signatures_keep_by_themselves() -> None:
    blocks = parse(
        "<h1>四、监督部门</h1><p>正文</p>"
        "<keep><p>4.监督部门</p><p>名称：某局</p><table><tr><td>电话</td></tr></table></keep>"
        "<p>最后一段</p><signature><field label='投标人（盖章）'></field><field label='日期'></field></signature>"
    )
    heading, body, label, name, table, last, signature = blocks
    assert isinstance(heading, Heading) and heading.keep_with_next
    assert not body.keep_with_next and not body.keep_together
    assert [b.keep_with_next for b in (label, name, table)] == [True, True, False]
    assert all(b.keep_together for b in (label, name, table))
    # a signature block is never split and never alone: the paragraph it signs keeps with it
    assert isinstance(signature, Signature) and signature.keep_together and not signature.keep_with_next
    assert last.keep_with_next and not last.keep_together


@pytest.mark.parametrize(("html", "message"), [
    ("<keep></keep>", "<keep> 中没有任何内容"),
    ("<keep><keep><p>a</p></keep></keep>", "不能嵌套在另一个 <keep> 中"),
    ("<keep><p>a</p><pagebreak/></keep>", "不能有分页符"),
    ("<p><keep>a</keep></p>", "不能嵌套在段落"),
])
def test_keep_misuse_is_an_error_naming_the_template(html: str, message: str) -> None:
    with pytest.raises(TemplateError) as error:
        parse(html)
    assert message in str(error.value) and "test/template.html.j2" in str(error.value)


def test_html_wraps_a_run_kept_together_in_one_unbreakable_box() -> None:
    from procdocs.doctree.nodes import Document
    from procdocs.writers.html import document_html

    blocks = parse("<h2>七、授权委托书</h2><keep><p>授权代表：</p><table><tr><td>姓名</td></tr></table></keep>"
                   "<h2>八、说明</h2><p>长段落</p>")
    html = document_html(Document("t", "s", "h", blocks), shared_renderer().assets)
    assert '<div class="keep"><h2' in html and "七、授权委托书</h2><p" in html
    assert html.count('<div class="keep">') == 1  # a heading before a long paragraph only avoids the break
    assert 'class="left keep-next keep">八、说明</h2><p class="body justify indent">长段落' in html


def test_a_list_may_keep_with_the_block_after_it() -> None:
    """A letter's last promise stays with the address and signature lines that follow it."""
    promises, address = parse("<ol class='keep-next'><li>甲</li><li>乙</li></ol><p>地址：</p>")
    assert isinstance(promises, ListBlock) and promises.keep_with_next and not promises.keep_together
    assert isinstance(address, Paragraph) and not address.keep_with_next


def test_html_groups_rows_kept_with_the_next_in_an_unbreakable_row_group() -> None:
    from procdocs.doctree.nodes import Document
    from procdocs.writers.html import document_html

    blocks = parse("<table><thead><tr><th>包号</th><th>标的</th></tr></thead><tbody>"
                   "<tr><td>1</td><td>甲</td></tr><tr class='keep-next'><td rowspan='2'>2</td><td>乙</td></tr>"
                   "<tr><td>丙</td></tr><tr><td>3</td><td>丁</td></tr>"
                   "<tr class='keep-next'><td colspan='2'>打印设备</td></tr><tr><td>4</td><td>戊</td></tr>"
                   "<tr><td>5</td><td>己</td></tr></tbody></table>")
    [table] = blocks
    assert isinstance(table, Table) and table.rows_joined_to_next() == [False, False, True, False, False, True, False, False]
    html = document_html(Document("t", "s", "h", blocks), shared_renderer().assets)
    groups = html[html.index("</thead>"):html.index("</table>")].split("</tbody>")[:-1]
    # row 1 | lot 2's two rows | row 3 | the title row with the row it introduces | row 5
    assert [group.count("<tr>") for group in groups] == [1, 2, 1, 2, 1]
    assert ['<tbody class="keep">' in group for group in groups] == [False, True, False, True, False]


def test_the_longest_signature_line_fits_with_a_character_to_spare() -> None:
    """法定代表人或授权代表（签字）： and its blank exactly as wide as the line wrapped the blank onto a
    line of its own in the PDF: the indent leaves a character at the end of the line."""
    from procdocs.writers.base import POINTS_PER_MM, SIGNATURE_BLANK_CHARS, signature_indent_pt

    [signature] = parse("<signature><field label='供应商（盖章）'></field>"
                        "<field label='法定代表人或授权代表（签字）'></field><field label='日期'></field></signature>")
    assert isinstance(signature, Signature)
    stylesheet = shared_renderer().assets.stylesheet
    char = stylesheet.styles["body"].size
    width = stylesheet.page.text_width_mm * POINTS_PER_MM
    line = (len("法定代表人或授权代表（签字）：") + SIGNATURE_BLANK_CHARS) * char
    assert 0 < signature_indent_pt(signature, stylesheet) <= width - line - char
