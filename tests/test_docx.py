"""The DOCX read back: values, capitals, headings, Chinese fonts on every style, fields, tables."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document(rendered_example: dict[str, Path]):
    return docx.Document(str(rendered_example["docx"]))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_values_and_amount_in_capitals(document) -> None:
    text = _all_text(document)
    assert "项目编号：JCZC2026-GK-0318" in text
    assert "预算金额：3,660,000.00元（人民币叁佰陆拾陆万元整）" in text
    assert "2026年12月22日09时30分（北京时间）" in text
    assert "自本公告发布之日起5个工作日。" in text
    assert "2,160,000.00" in text and "纯电动轿车" in text


def test_headings_use_word_heading_styles(document) -> None:
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "项目概况")
    assert [text for _, text in headings][1:] == [
        "一、项目基本情况", "二、申请人的资格要求：", "三、获取招标文件", "四、提交投标文件截止时间、开标时间和地点",
        "五、公告期限", "六、其他补充事宜", "七、对本次招标提出询问，请按以下方式联系。"]
    outline = document.styles["Heading 1"].element.find(f"{W}pPr/{W}outlineLvl")
    assert outline is not None and outline.get(qn("w:val")) == "0"


def test_every_style_names_a_chinese_east_asian_font(document) -> None:
    styles = document.styles.element
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(qn("w:eastAsia")) == "SimSun"  # 宋体
    assert defaults.find(f"{W}lang").get(qn("w:eastAsia")) == "zh-CN"
    checked = {}
    for style_id in ("Normal", "Title", "Heading1", "Heading2", "Heading3", "Heading4", "TableText", "Header", "Footer"):
        element = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        fonts = element.find(f"{W}rPr/{W}rFonts")
        lang = element.find(f"{W}rPr/{W}lang")
        checked[style_id] = fonts.get(qn("w:eastAsia"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN", style_id
    assert checked["Normal"] == "SimSun" and checked["Heading1"] == "SimHei" and checked["Title"] == "SimHei"


def test_sizes_follow_zihao(document) -> None:
    assert document.styles["Normal"].font.size.pt == 12  # 小四
    assert document.styles["Title"].font.size.pt == 18  # 小二
    assert document.styles["Heading 1"].font.size.pt == 16  # 三号: chapters
    assert document.styles["Subtitle"].font.size.pt == 15  # 小三: never above the chapter heading


def test_settings_theme_and_language(rendered_example: dict[str, Path]) -> None:
    with zipfile.ZipFile(rendered_example["docx"]) as archive:
        settings = archive.read("word/settings.xml").decode()
        theme = archive.read("word/theme/theme1.xml").decode()
        names = archive.namelist()
    assert '<w:characterSpacingControl w:val="compressPunctuation"/>' in settings
    assert 'w:eastAsia="zh-CN"' in settings
    assert "Jpan" not in theme and "明朝" not in theme and '<a:ea typeface="宋体"/>' in theme
    assert "word/document.xml" in names


def test_header_and_page_fields(document, rendered_example: dict[str, Path]) -> None:
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "JCZC2026-GK-0318  江城市机关事务管理局2026年公务用车更新（新能源）采购项目"
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    # Word computes the fields on opening; the cached total is the page count of the shared layout (the PDF's).
    assert footer.text == f"第 1 页 共 {len(PdfReader(rendered_example['pdf']).pages)} 页"
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_tables_have_explicit_widths_header_rows_and_merges(document) -> None:
    table = document.tables[0]._tbl
    assert table.find(f"{W}tblPr/{W}tblW").get(qn("w:type")) == "dxa"
    assert table.find(f"{W}tblPr/{W}tblLayout").get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(grid) == 7 and all(width > 0 for width in grid)
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tc.find(f"{W}tcPr/{W}tcW") is not None for tc in table.iter(f"{W}tc"))
    total_row = rows[-1]
    assert total_row.find(f"{W}tc/{W}tcPr/{W}gridSpan").get(qn("w:val")) == "6"


def test_core_properties(document) -> None:
    assert document.core_properties.title == "江城市机关事务管理局2026年公务用车更新（新能源）采购项目招标公告"
    assert document.core_properties.subject == "JCZC2026-GK-0318 招标公告"
    assert document.core_properties.language == "zh-CN"


def test_page_breaks_and_blanks(tmp_path: Path) -> None:
    from procdocs.doctree import Document, parse_document
    from procdocs.render import Renderer
    from procdocs.writers import FORMATS

    blocks = parse_document("<p>第一页</p><pagebreak/><p>投标人名称：<blank chars='10'/></p>", "test")
    target = tmp_path / "breaks.docx"
    with target.open("wb") as stream:
        FORMATS["docx"].writer()(Document("标题", "主题", "页眉", blocks), Renderer().assets, stream, None)
    body = docx.Document(str(target)).element.body
    assert [br.get(qn("w:type")) for br in body.iter(qn("w:br"))] == ["page"]
    blank_runs = [r for r in body.iter(qn("w:r")) if r.find(qn("w:rPr") + "/" + qn("w:u")) is not None]
    assert [r.findtext(qn("w:t")) for r in blank_runs] == ["\u3000" * 10]


def test_keep_flags_become_keep_next_keep_lines_and_cant_split(tmp_path: Path) -> None:
    from procdocs.doctree import Document, parse_document
    from procdocs.render import Renderer
    from procdocs.writers import FORMATS

    blocks = parse_document(
        "<h1>标题</h1><p>长段落</p>"
        "<keep><p>授权代表：</p><table><thead><tr><th>姓名</th></tr></thead><tbody><tr><td>甲</td></tr>"
        "<tr><td>乙</td></tr></tbody></table></keep>"
        "<p>说明</p><signature><field label='投标人（盖章）'></field><field label='日期'></field></signature>",
        "test")
    target = tmp_path / "keep.docx"
    with target.open("wb") as stream:
        FORMATS["docx"].writer()(Document("标题", "主题", "页眉", blocks), Renderer().assets, stream, None)
    document = docx.Document(str(target))
    keeps = {p.text: (bool(p.paragraph_format.keep_with_next), bool(p.paragraph_format.keep_together))
             for p in document.paragraphs if p.text}
    assert keeps["标题"] == (True, True)
    assert keeps["长段落"] == (False, False)
    assert keeps["授权代表："] == (True, True)
    assert keeps["说明"] == (True, False)
    signature = [p for p in document.paragraphs if p.text.startswith(("投标人（盖章）", "日期"))]
    assert [bool(p.paragraph_format.keep_with_next) for p in signature] == [True, False]
    assert all(p.paragraph_format.keep_together for p in signature)
    rows = document.tables[0].rows
    assert all(row._tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None for row in rows)
    # rows of a kept table keep with the next row; the last one ends the group
    row_keeps = [all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs) for row in rows]
    assert row_keeps == [True, True, False]


def test_rows_the_template_joins_keep_together(tmp_path: Path) -> None:
    """A lot with two items is one row to the reader: LibreOffice split it across pages, leaving the
    second item under blank lot cells, until the notice's table kept the lot's rows together."""
    from procdocs.doctree import Document, parse_document
    from procdocs.render import Renderer
    from procdocs.writers import FORMATS

    blocks = parse_document(
        "<table><thead><tr><th>包号</th><th>标的</th></tr></thead><tbody>"
        "<tr><td>1</td><td>甲</td></tr>"
        "<tr class='keep-next'><td rowspan='2'>2</td><td>乙</td></tr><tr><td>丙</td></tr>"
        "<tr><td>3</td><td>丁</td></tr></tbody></table>", "test")
    target = tmp_path / "span.docx"
    with target.open("wb") as stream:
        FORMATS["docx"].writer()(Document("标题", "主题", "页眉", blocks), Renderer().assets, stream, None)
    rows = docx.Document(str(target)).tables[0].rows
    keeps = [all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs) for row in rows]
    # the header with the first row; lot 2's first row with its second; nothing else
    assert keeps == [True, False, True, False, False]
