"""The lint readers: real files built in tmp dirs (python-docx, WeasyPrint, pypdf), read back into blocks.

Every input the linter cannot read must fail with one Chinese message naming the file (a
LintInputError, exit code 2 in the CLI) — never pass as a document without findings.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from conftest import EXAMPLE, REPO
from procdocs.errors import UserError
from procdocs.input_limits import all_input_limits
from procdocs.lint.model import Block, Location
from procdocs.lint.readers import LEGACY, SUPPORTED, LintInputError, discover, read
from procdocs.lint.readers import pdf as pdf_reader
from procdocs.lint.readers._text import join_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def set_limit(monkeypatch: pytest.MonkeyPatch, key: str, value: int) -> None:
    """Lower one input limit for a test (the limits are data: data/input_limits.yaml)."""
    monkeypatch.setitem(all_input_limits(), key, dataclasses.replace(all_input_limits()[key], value=value))


def input_error(fragment: str) -> pytest.RaisesContext[LintInputError]:
    """Expect a LintInputError saying `fragment`; check_error then checks the file it names."""
    return pytest.raises(LintInputError, match=fragment)


def check_error(excinfo: pytest.ExceptionInfo[LintInputError], path: Path) -> None:
    """One problem, in Chinese, naming `path` (what the CLI prints before exiting with code 2)."""
    error = excinfo.value
    assert isinstance(error, UserError)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.file == str(path)
    assert any("\u4e00" <= char <= "\u9fff" for char in problem.message)  # a Chinese message


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def by_text(blocks: list[Block], text: str) -> Block:
    matches = [block for block in blocks if block.text == text]
    assert len(matches) == 1, (text, texts(blocks))
    return matches[0]


# -- DOCX ----------------------------------------------------------------------------------------


def _append_xml(document: docx.document.Document, xml: str) -> None:
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before the final sectPr


def _rewrite_zip(path: Path, changes: dict[str, bytes | None], compression: int = zipfile.ZIP_DEFLATED) -> None:
    """Replace (bytes), add, or drop (None) members of a zip file."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, data in changes.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.fixture
def rich_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    custom = document.styles.add_style("章标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 1"]  # inherits outline level 1 through basedOn
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)

    document.add_paragraph("目录条目 第一章", style="toc 1")
    document.add_paragraph("第一章 招标公告", style="章标题")
    paragraph = document.add_paragraph()
    for piece in ("投标人须", "具有本", "地注册的", "分支机构。"):  # one sentence split across runs
        paragraph.add_run(piece).bold = piece == "具有本"
    document.add_paragraph("")  # empty paragraphs are not counted
    document.add_paragraph("   ")
    document.add_heading("一、资格要求", 2)
    _append_xml(document, f"""<w:p {NAMESPACES}>
        <w:r><w:t xml:space="preserve">详见</w:t></w:r>
        <w:hyperlink r:id="rId999"><w:r><w:t>采购网</w:t></w:r></w:hyperlink>
        <w:ins w:id="1" w:author="审核"><w:r><w:t>（新增）</w:t></w:r></w:ins>
        <w:del w:id="2" w:author="审核"><w:r><w:delText>已删除的文字</w:delText></w:r></w:del>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:tab/><w:t>页</w:t><w:footnoteReference w:id="1"/></w:r>
    </w:p>""")
    box = "<w:txbxContent><w:p><w:r><w:t>文本框：须提供原厂授权书</w:t></w:r></w:p></w:txbxContent>"
    _append_xml(document, f"""<w:p {NAMESPACES}><w:r><mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>
            <wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>
        </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>
    </mc:AlternateContent></w:r></w:p>""")

    table = document.add_table(rows=4, cols=4)
    rows = [
        ["序号", "评分因素", "分值", "评分标准"],
        ["1", "业绩", "10", "有本市同类业绩的得10分"],
        ["2", "", "5", "其他得0分"],
        ["3", "服务", "", ""],
    ]
    for row_index, row in enumerate(rows):
        for column_index, text in enumerate(row):
            if text:
                table.cell(row_index, column_index).text = text
    table.cell(1, 1).merge(table.cell(2, 1))  # vertical merge: 业绩 spans rows 2-3
    merged = table.cell(3, 2).merge(table.cell(3, 3))  # horizontal merge in the last row
    merged.text = "横向合并的单元格"
    nested = table.cell(3, 1).add_table(rows=2, cols=2)
    for (row_index, column_index), text in {(0, 0): "子项", (0, 1): "要求", (1, 0): "A", (1, 1): "嵌套表格内容"}.items():
        nested.cell(row_index, column_index).text = text
    document.add_paragraph("最后一段。")

    section = document.sections[0]
    section.header.paragraphs[0].text = "江城市政府采购中心 招标文件"
    section.footer.paragraphs[0].text = "页脚：仅供投标使用"
    second = document.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "江城市政府采购中心 招标文件"  # same text, another part: emitted once
    document.add_paragraph("第二节的段落。")

    path = tmp_path / "招标文件.docx"
    document.save(path)
    footnotes = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NAMESPACES}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:t>脚注：以本地注册为准</w:t></w:r></w:p></w:footnote>
</w:footnotes>""".encode()
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    _rewrite_zip(path, {"word/footnotes.xml": footnotes, "word/_rels/document.xml.rels": rels.encode()})
    return path


def test_docx_paragraphs_headings_and_parts(rich_docx: Path) -> None:
    kind, blocks = read(rich_docx)
    assert kind == "docx"
    # Headers and footers first, each distinct text once; the TOC entry and deleted text are not there.
    assert texts(blocks)[:2] == ["江城市政府采购中心 招标文件", "页脚：仅供投标使用"]
    assert [block.location.part for block in blocks[:2]] == ["页眉", "页脚"]
    assert texts(blocks).count("江城市政府采购中心 招标文件") == 1
    assert not any("目录条目" in text or "已删除" in text or "PAGE" in text for text in texts(blocks))

    # Paragraphs count the non-empty body paragraphs, the TOC entry included.
    chapter = by_text(blocks, "第一章 招标公告")
    assert chapter.location == Location(paragraph=2) and chapter.heading_level == 1  # via basedOn Heading 1
    sentence = by_text(blocks, "投标人须具有本地注册的分支机构。")
    assert sentence.location == Location(paragraph=3) and sentence.heading_level is None
    assert by_text(blocks, "一、资格要求").heading_level == 2
    assert by_text(blocks, "一、资格要求").location.paragraph == 4
    assert by_text(blocks, "详见采购网（新增）7\t页").location.paragraph == 5

    footnote = by_text(blocks, "脚注：以本地注册为准")
    assert footnote.location == Location(paragraph=5, part="脚注")
    box = by_text(blocks, "文本框：须提供原厂授权书")  # once: the VML fallback copy is skipped
    assert box.location == Location(paragraph=6, part="文本框")
    assert box.location.describe() == "文本框，第6段"
    assert by_text(blocks, "最后一段。").location.paragraph == 7
    assert by_text(blocks, "第二节的段落。").location.paragraph == 8

    # Document order: header, footer, body paragraphs, footnote after its paragraph, table, the rest.
    order = texts(blocks)
    assert order.index("详见采购网（新增）7\t页") < order.index("脚注：以本地注册为准") < order.index("文本框：须提供原厂授权书")
    assert order.index("文本框：须提供原厂授权书") < order.index("序号") < order.index("最后一段。")


def test_docx_table_cells(rich_docx: Path) -> None:
    _, blocks = read(rich_docx)
    cells = {(b.location.table, b.location.row, b.location.column): b for b in blocks if b.location.table}
    assert cells[(1, 1, 2)].text == "评分因素" and cells[(1, 1, 2)].column_header is None
    scoring = cells[(1, 2, 4)]
    assert scoring.text == "有本市同类业绩的得10分"
    assert scoring.column_header == "评分标准"
    assert scoring.row_header == "业绩"  # the first cell only numbers the row (序号)
    assert scoring.location.describe() == "表1第2行第4列"
    # The vertically merged cell is emitted once; its text still heads the row it spans.
    assert texts(blocks).count("业绩") == 1 and (1, 3, 2) not in cells
    assert cells[(1, 3, 4)].row_header == "业绩"
    # The horizontally merged cell: once, at its first grid column.
    assert cells[(1, 4, 3)].text == "横向合并的单元格" and (1, 4, 4) not in cells
    assert cells[(1, 4, 3)].column_header == "分值"
    # The nested table is table 2, its cells after the cell holding it.
    inner = cells[(2, 2, 2)]
    assert inner.text == "嵌套表格内容" and inner.column_header == "要求" and inner.row_header == "A"
    assert texts(blocks).index("服务") < texts(blocks).index("嵌套表格内容")


def test_docx_label_value_table_has_no_column_headers(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in enumerate([("项目编号：", "JC-001"), ("采购方式：", "公开招标")]):
        table.cell(row, 0).text, table.cell(row, 1).text = label, value
    single = document.add_table(rows=1, cols=2)
    single.cell(0, 0).text, single.cell(0, 1).text = "只有一行", "布局表格"
    path = tmp_path / "kv.docx"
    document.save(path)
    _, blocks = read(path)
    value = by_text(blocks, "公开招标")
    assert value.column_header is None and value.row_header == "采购方式："
    assert by_text(blocks, "JC-001").row_header == "项目编号："
    assert by_text(blocks, "布局表格").column_header is None and by_text(blocks, "布局表格").location.table == 2


def test_docx_header_row_marked_repeat(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, values in enumerate([("技术参数", "要求"), ("名称", "说明"), ("续航", "不低于500公里，且须为某品牌电池")]):
        for column, text in enumerate(values):
            table.cell(row, column).text = text
    for row in table.rows[:2]:  # two header rows marked “repeat as header row”: the lower one wins
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {NAMESPACES}/>'))
    path = tmp_path / "header.docx"
    document.save(path)
    _, blocks = read(path)
    cell = by_text(blocks, "不低于500公里，且须为某品牌电池")
    assert cell.column_header == "说明" and cell.row_header == "续航"
    assert by_text(blocks, "说明").column_header is None


def test_docx_outline_level_on_paragraph_and_strict_namespace_free_styles(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("直接设置大纲级别的标题")
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NAMESPACES} w:val="2"/>'))
    body_text = document.add_paragraph("标题样式但大纲级别为正文", style="Heading 1")
    body_text._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NAMESPACES} w:val="9"/>'))
    path = tmp_path / "outline.docx"
    document.save(path)
    _, blocks = read(path)
    assert by_text(blocks, "直接设置大纲级别的标题").heading_level == 3
    assert by_text(blocks, "标题样式但大纲级别为正文").heading_level is None


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "损坏.docx"
    path.write_bytes(b"this is not a word document")
    with input_error("已损坏") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_missing_document_part(tmp_path: Path) -> None:
    path = tmp_path / "缺正文.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with input_error("不完整") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_broken_xml(tmp_path: Path) -> None:
    path = tmp_path / "坏XML.docx"
    docx.Document().save(path)
    _rewrite_zip(path, {"word/document.xml": b"<w:document><w:body><w:p>"})
    with input_error("不是有效的 XML") as excinfo:
        read(path)
    check_error(excinfo, path)


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE w:document [<!ENTITY boom "boom">]>',
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
])
def test_docx_entity_declarations_are_refused(tmp_path: Path, declaration: str) -> None:
    path = tmp_path / "实体.docx"
    docx.Document().save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    head, rest = xml.split("?>", 1)
    _rewrite_zip(path, {"word/document.xml": f"{head}?>{declaration}{rest}".encode()})
    with input_error("实体声明") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_utf16_entity_declaration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "实体16.docx"
    docx.Document().save(path)
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "a">]><d/>'
    _rewrite_zip(path, {"word/settings.xml": xml.encode("utf-16-le")})
    with input_error("实体声明") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    docx.Document().save(path)
    # 4 MB of zeros deflate to a few KB: a ratio of ~1000, refused from the zip directory alone.
    _rewrite_zip(path, {"word/media/image1.png": bytes(4 * 1024 * 1024)})
    with input_error("压缩炸弹") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_total_size_and_file_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "大文件.docx"
    docx.Document().save(path)
    set_limit(monkeypatch, "files.docx_uncompressed_bytes", 10_000)
    with input_error("解压后过大") as excinfo:
        read(path)
    check_error(excinfo, path)
    set_limit(monkeypatch, "files.docx_bytes", 1_000)
    with input_error("文件过大") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_xml_part_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "大部件.docx"
    docx.Document().save(path)
    set_limit(monkeypatch, "files.docx_xml_bytes", 500)
    with input_error("过大") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_docx_encrypted_and_legacy_ole(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted = tmp_path / "加密.docx"
    encrypted.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(64))
    with input_error("已加密") as excinfo:
        read(encrypted)
    check_error(excinfo, encrypted)
    renamed = tmp_path / "改名.docx"
    renamed.write_bytes(ole + "WordDocument".encode("utf-16-le") + bytes(64))
    with input_error("旧版 Word") as excinfo:
        read(renamed)
    check_error(excinfo, renamed)


def test_legacy_formats(tmp_path: Path) -> None:
    assert {".doc", ".wps", ".et", ".dps"} <= set(LEGACY) and not set(LEGACY) & SUPPORTED
    path = tmp_path / "旧文件.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with input_error("另存为 .docx") as excinfo:
        read(path)
    check_error(excinfo, path)
    with input_error("另存为 .docx") as excinfo:
        discover([path])
    check_error(excinfo, path)


# -- PDF -----------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A5; margin: 18mm 15mm;
        @top-center { content: "江城市政府采购中心 招标文件"; font-size: 9pt; }
        @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; }
"""
CLAUSES = [
    "投标人应当具备独立承担民事责任的能力，具有良好的商业信誉和健全的财务会计制度，有依法缴纳税收和社会保障资金的良好记录。",
    "参加政府采购活动前三年内，在经营活动中没有重大违法记录，且未被列入失信被执行人、重大税收违法失信主体名单。",
    "投标人须在本市设有常驻服务机构，并提供该机构近六个月的社保缴纳证明和办公场所租赁合同原件备查。",
    "所投产品的主要部件须为同一品牌，并提供制造商出具的针对本项目的授权书和售后服务承诺函原件。",
    "中标人应在合同签订后十个工作日内完成全部设备的安装调试，并对采购人指定人员进行不少于两天的操作培训。",
]


def _html_pdf(tmp_path: Path, body: str, name: str = "文件.pdf", css: str = PDF_CSS) -> Path:
    from weasyprint import HTML

    path = tmp_path / name
    HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>",
         base_url=str(tmp_path)).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("pdf")
    paragraphs = []
    for round_ in range(4):
        paragraphs.append(f"<h2>第{'一二三四'[round_]}章 第{round_ + 1}部分</h2>")
        paragraphs += [f"<p>{round_ + 1}.{index + 1} {clause}</p>" for index, clause in enumerate(CLAUSES)]
    return _html_pdf(tmp_path, "".join(paragraphs))


def test_pdf_lines_joined_and_furniture_dropped(text_pdf: Path) -> None:
    kind, blocks = read(text_pdf)
    assert kind == "pdf"
    pages = {block.location.page for block in blocks}
    assert len(pages) >= 3  # several pages, so running headers are recognisable
    assert not any("招标文件" in block.text or ("共" in block.text and "页" in block.text) for block in blocks)
    for round_ in range(4):
        for index, clause in enumerate(CLAUSES):
            expected = f"{round_ + 1}.{index + 1} {clause}"
            assert expected in texts(blocks), (expected, texts(blocks))
    heading = by_text(blocks, "第三章 第3部分")
    assert heading.heading_level is None and heading.location.page is not None and heading.location.line
    first = blocks[0]
    assert first.text == "第一章 第1部分" and first.location == Location(page=1, line=1)
    assert blocks[1].location == Location(page=1, line=2)


def test_pdf_paragraph_continued_across_a_page_break(tmp_path: Path) -> None:
    import pypdfium2

    long_text = "".join(CLAUSES * 3).replace("。", "，") + "最后一句。"
    path = _html_pdf(tmp_path, f"<p>{'<br>'.join(['占位'] * 18)}</p><p>{long_text}</p>")
    with pypdfium2.PdfDocument(str(path)) as document:
        second_page = document[1].get_textpage().get_text_range()
    assert "最后一句。" in second_page and "占位" not in second_page  # the paragraph does cross the break
    _, blocks = read(path)
    block = by_text(blocks, long_text)
    assert block.location.page == 1


def _encrypted(text_pdf: Path, path: Path, user_password: str, algorithm: str) -> Path:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(text_pdf))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_encrypted_with_password(tmp_path: Path, text_pdf: Path, algorithm: str) -> None:
    path = _encrypted(text_pdf, tmp_path / "加密.pdf", "secret", algorithm)
    with input_error("PDF 已加密（设置了打开密码）") as excinfo:
        read(path)
    check_error(excinfo, path)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path, text_pdf: Path, algorithm: str) -> None:
    path = _encrypted(text_pdf, tmp_path / "限制编辑.pdf", "", algorithm)  # AES too: pdfium decrypts it itself
    _, blocks = read(path)
    assert f"1.1 {CLAUSES[0]}" in texts(blocks)
    assert texts(blocks) == texts(read(text_pdf)[1])


def test_pdf_scan_without_text_layer(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for top in range(60, 760, 40):
        draw.rectangle((50, top, 550, top + 12), fill="black")  # lines of “text” in a scan
    image.save(tmp_path / "scan.png")
    pages = "".join('<img src="scan.png" style="width: 100%; page-break-after: always">' for _ in range(2))
    path = _html_pdf(tmp_path, pages, name="扫描件.pdf", css="@page { size: A5; margin: 10mm }")
    with input_error("扫描件") as excinfo:
        read(path)
    check_error(excinfo, path)
    assert "OCR" in str(excinfo.value)


def test_pdf_without_any_text(tmp_path: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=420, height=595)
    path = tmp_path / "空白.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    with input_error("提取不到文字") as excinfo:
        read(path)
    check_error(excinfo, path)


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF", b"not a pdf at all"])
def test_pdf_corrupt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "损坏.pdf"
    path.write_bytes(content)
    with pytest.raises(LintInputError) as excinfo:
        read(path)
    check_error(excinfo, path)
    assert "PDF" in str(excinfo.value)


def test_pdf_page_numbers_and_running_lines() -> None:
    pages = [
        ["采购项目 招标文件", "第一章 总则", "正文第一页。", "- 1 -"],
        ["采购项目 招标文件", "正文第二页。", "表格内容", "2"],
        ["采购项目 招标文件", "3", "正文第三页。", "第3页/共4页"],
        ["采购项目 招标文件 第4页", "正文第四页。", "12", "4/4"],
    ]
    kept = pdf_reader._clean(pages)
    assert [text for _, _, text in kept] == ["第一章 总则", "正文第一页。", "正文第二页。", "表格内容", "正文第三页。",
                                             "采购项目 招标文件 第4页", "正文第四页。"]
    assert kept[0][:2] == (1, 2)  # line numbers count the dropped header line


def test_join_lines_rules() -> None:
    full = "投标人应当具备独立承担民事责任的能力，具有良好的商业信誉和健"
    lines = [
        "第一章 招标公告",
        full,
        "全的财务会计制度。",
        "一、项目概况",
        full,
        "（一）新的条目",
        "1.第一项",
        full,
        "全的财务会计制度；",
        full,
        "2.1 下一节",
        "★实质性要求",
        "Windows",
        "Server",
    ]
    assert join_lines(lines) == [
        (0, "第一章 招标公告"),
        (1, full + "全的财务会计制度。"),
        (3, "一、项目概况"),
        (4, full),
        (5, "（一）新的条目"),
        (6, "1.第一项"),
        (7, full + "全的财务会计制度；"),
        (9, full),
        (10, "2.1 下一节"),
        (11, "★实质性要求"),
        (12, "Windows"),
        (13, "Server"),
    ]
    assert join_lines(["Windows Server 2019 standard edition or", "later"]) == [
        (0, "Windows Server 2019 standard edition or later")]


# -- text and Markdown -----------------------------------------------------------------------------

TXT = """第一章 总则

一、投标人须具有本地注册的分支机构，
并提供营业执照复印件。
二、投标人须具有同类项目业绩。
"""


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
])
def test_text_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "文本.txt"
    path.write_bytes(bom + TXT.replace("\n", "\r\n").encode(encoding))
    kind, blocks = read(path)
    assert kind == "txt"
    assert [(block.text, block.location.line) for block in blocks] == [
        ("第一章 总则", 1),
        ("一、投标人须具有本地注册的分支机构，并提供营业执照复印件。", 3),
        ("二、投标人须具有同类项目业绩。", 5),
    ]
    assert all(block.heading_level is None for block in blocks)  # text files do not say what a heading is


def test_text_binary_and_undecodable(tmp_path: Path) -> None:
    binary = tmp_path / "二进制.txt"
    binary.write_bytes(b"\x00\x01\x02\x03abc\x00\x00\xff")
    with input_error("不是文本文件") as excinfo:
        read(binary)
    check_error(excinfo, binary)
    undecodable = tmp_path / "乱码.txt"
    undecodable.write_bytes("第一行\n".encode("gb18030") + b"\x81\x20\xff\xfe\x80")
    with input_error("无法识别文件编码") as excinfo:
        read(undecodable)
    check_error(excinfo, undecodable)
    assert excinfo.value.problems[0].line == 2
    control = tmp_path / "控制符.txt"
    control.write_bytes("正文\n第二行\x07".encode())
    with input_error("不是文本文件") as excinfo:
        read(control)
    check_error(excinfo, control)


MARKDOWN = """# 第一章 招标公告

投标人须具有本地注册的
分支机构。

## 评分办法 ##

| 序号 | 评分因素 | 评分标准 |
|:---:|---|---|
| 1 | 业绩 | 有本市业绩得5分 |
| 2 | 品牌 | 须为 A\\|B 品牌 |

- 第一项要求
  继续第一项
* 第二项要求
1. 有序的一项

> 引用的条款。

采购需求
========

```
代码块内容
```

目录条目……………………3
"""


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "文件.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    kind, blocks = read(path)
    assert kind == "md"
    assert by_text(blocks, "第一章 招标公告").heading_level == 1
    assert by_text(blocks, "第一章 招标公告").location == Location(line=1)
    assert by_text(blocks, "投标人须具有本地注册的分支机构。").location == Location(line=3)
    assert by_text(blocks, "评分办法").heading_level == 2
    cell = by_text(blocks, "有本市业绩得5分")
    assert cell.location == Location(table=1, row=2, column=3, line=10)
    assert cell.column_header == "评分标准" and cell.row_header == "业绩"
    assert by_text(blocks, "须为 A|B 品牌").row_header == "品牌"
    assert by_text(blocks, "序号").column_header is None
    assert by_text(blocks, "第一项要求继续第一项").location == Location(line=13)
    assert by_text(blocks, "第二项要求").location == Location(line=15)
    assert by_text(blocks, "1. 有序的一项").location == Location(line=16)
    assert by_text(blocks, "引用的条款。").location == Location(line=18)
    assert by_text(blocks, "采购需求").heading_level == 1
    assert by_text(blocks, "代码块内容").location == Location(line=24)
    assert not any("目录条目" in text for text in texts(blocks))


# -- HTML ----------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>不读标题</title>
<style>p { color: red }</style><script>var s = "<p>不读脚本</p>";</script></head>
<body>
<h1>第一章 招标公告</h1>
<p>投标人须具有本地注册的
分支机构。</p>
<ul><li>第一项<li>第二项 &amp; 补充</ul>
<h3>评分办法</h3>
<table>
<thead><tr><th>序号</th><th>评分因素</th><th>评分标准</th></tr></thead>
<tbody>
<tr><td rowspan="2">1</td><td rowspan="2">业绩</td><td>有本市业绩得5分</td></tr>
<tr><td>其他得0分<br>备注</td></tr>
<tr><td>2</td><td colspan="2">合并的单元格</td></tr>
</tbody></table>
<table><tr><td>项目编号：</td><td>JC-001</td></tr><tr><td>采购方式：</td><td>公开招标</td></tr></table>
<div>外层文字<p>内层段落</p></div>
</body></html>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "文件.html"
    path.write_bytes(HTML.encode(encoding))
    kind, blocks = read(path)
    assert kind == "html"
    assert not any("不读" in text for text in texts(blocks))
    assert by_text(blocks, "第一章 招标公告").heading_level == 1
    paragraph = by_text(blocks, "投标人须具有本地注册的分支机构。")  # the source line break between CJK dropped
    assert paragraph.location == Location(line=6) and paragraph.heading_level is None
    assert by_text(blocks, "第二项 & 补充").location == Location(line=8)
    assert by_text(blocks, "评分办法").heading_level == 3
    cell = by_text(blocks, "有本市业绩得5分")
    assert cell.location == Location(table=1, row=2, column=3, line=13)
    assert cell.column_header == "评分标准" and cell.row_header == "业绩"
    spanned = by_text(blocks, "其他得0分\n备注")  # rowspans push it to column 3; its row header comes from above
    assert spanned.location == Location(table=1, row=3, column=3, line=14) and spanned.row_header == "业绩"
    merged = by_text(blocks, "合并的单元格")
    assert merged.location.column == 2 and merged.column_header == "评分因素" and merged.row_header is None
    assert by_text(blocks, "公开招标").column_header is None and by_text(blocks, "公开招标").row_header == "采购方式："
    assert by_text(blocks, "外层文字").location.table is None
    assert texts(blocks).index("外层文字") < texts(blocks).index("内层段落")


# -- procdocs spec -------------------------------------------------------------------------------

DRAFT_SPEC = """\
project:
  name: 某单位办公设备采购项目
  method: open_tender
qualifications:
  - requirement: 投标人须在本市注册
    basis: 无
lots:
  - name: 台式计算机
    items:
      - name: 计算机
        summary: 国产台式计算机
        requirements:
          - ★须为某品牌原厂产品
          - 内存不低于16GB
          - text: 硬盘不低于1TB
            level: substantive
    standards: [GB 4943.1]
    after_sales: 中标人须在本市设立售后服务网点
evaluation:
  factors:
    - name: 业绩
      criteria: 有本市同类业绩的每个得2分
      levels:
        - condition: 本地企业
          points: 5
contract:
  payment:
    - 验收合格后付款
other_matters:
  - 本项目不接受联合体
instructions:
  samples: 须提供样品
"""


def test_spec_draft(tmp_path: Path) -> None:
    path = tmp_path / "草稿.yaml"
    path.write_text(DRAFT_SPEC, encoding="utf-8")
    kind, blocks = read(path)
    assert kind == "spec"
    found = {block.location.field: block for block in blocks}
    qualification = found["qualifications[0].requirement"]
    assert qualification.text == "投标人须在本市注册"
    assert qualification.location == Location(line=5, field="qualifications[0].requirement")
    assert qualification.role_hint == "qualification" and qualification.headings == ("特定资格要求",)
    assert found["lots[0].items[0].requirements[0]"].role_hint == "substantive"
    assert found["lots[0].items[0].requirements[0]"].text == "★须为某品牌原厂产品"
    assert found["lots[0].items[0].requirements[1]"].role_hint == "technical"
    assert found["lots[0].items[0].requirements[2].text"].role_hint == "substantive"
    assert found["lots[0].items[0].requirements[1]"].headings == ("采购需求", "台式计算机")
    assert found["lots[0].items[0].summary"].role_hint == "technical"
    assert found["lots[0].standards[0]"].role_hint == "technical"
    assert found["lots[0].after_sales"].role_hint == "contract"
    assert found["lots[0].after_sales"].location.line == 18
    assert found["evaluation.factors[0].criteria"].role_hint == "scoring"
    assert found["evaluation.factors[0].criteria"].headings == ("评分标准", "业绩")
    assert found["evaluation.factors[0].levels[0].condition"].role_hint == "scoring"
    assert found["contract.payment[0]"].role_hint == "contract"
    assert found["other_matters[0]"].role_hint == "notice"
    assert found["instructions.samples"].role_hint == "info"
    assert "qualifications[0].basis" not in found
    assert found["qualifications[0].requirement"].location.describe() == "第5行，字段 qualifications[0].requirement"


def test_spec_bundled_example() -> None:
    kind, blocks = read(EXAMPLE)
    assert kind == "spec"
    roles = {block.role_hint for block in blocks}
    assert {"scoring", "technical", "substantive", "contract", "notice"} <= roles
    assert all(block.location.line and block.location.field for block in blocks)


def test_spec_not_a_spec_and_syntax_errors(tmp_path: Path) -> None:
    other = tmp_path / "config.yaml"
    other.write_text("name: ci\njobs: [test]\n", encoding="utf-8")
    with input_error("不是 procdocs 项目文件") as excinfo:
        read(other)
    check_error(excinfo, other)
    listing = tmp_path / "list.yml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    with input_error("不是 procdocs 项目文件") as excinfo:
        read(listing)
    check_error(excinfo, listing)
    broken = tmp_path / "broken.yaml"
    broken.write_text("project:\n  name: [未闭合\n", encoding="utf-8")
    with input_error("YAML 语法错误") as excinfo:
        read(broken)
    check_error(excinfo, broken)
    assert excinfo.value.problems[0].line is not None


# -- discovery -----------------------------------------------------------------------------------


def test_discover_directory(tmp_path: Path, rich_docx: Path) -> None:
    root = tmp_path / "文件夹"
    (root / "子目录").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.md").write_text("# 标题\n", encoding="utf-8")
    (root / "子目录" / "b.TXT").write_text("正文\n", encoding="utf-8")
    (root / "子目录" / "c.docx").write_bytes(rich_docx.read_bytes())
    (root / "~$c.docx").write_bytes(b"lock")
    (root / ".hidden.txt").write_text("隐藏\n", encoding="utf-8")
    (root / ".git" / "d.txt").write_text("不读\n", encoding="utf-8")
    (root / "报价表.xlsx").write_bytes(b"PK")
    (root / "config.yaml").write_text("jobs: []\n", encoding="utf-8")
    (root / "spec.yml").write_text("project:\n  name: x\n", encoding="utf-8")
    found = discover([root])
    assert [path.relative_to(root).as_posix() for path in found] == ["a.md", "spec.yml", "子目录/b.TXT", "子目录/c.docx"]

    (root / "子目录" / "旧.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    with input_error("另存为 .docx") as excinfo:
        discover([root])
    check_error(excinfo, root / "子目录" / "旧.wps")


def test_discover_explicit_files(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("正文\n", encoding="utf-8")
    assert discover([text, text]) == [text]
    for name, fragment in [("x.xlsx", "不支持的文件类型 .xlsx"), ("README", "不支持的没有扩展名的文件"),
                           ("missing.docx", "不存在")]:
        path = tmp_path / name
        if name != "missing.docx":
            path.write_bytes(b"x")
        with input_error(fragment) as excinfo:
            discover([path])
        check_error(excinfo, path)
    empty = tmp_path / "空目录"
    empty.mkdir()
    with input_error("没有可审查的文件") as excinfo:
        discover([empty])
    check_error(excinfo, empty)


def test_readers_import_lazily() -> None:
    code = ("import sys, procdocs.lint.readers; "
            "heavy = [m for m in ('lxml', 'pypdf', 'pypdfium2', 'docx', 'yaml', 'pydantic') if m in sys.modules]; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_unsupported_suffix_in_read(tmp_path: Path) -> None:
    path = tmp_path / "表.xlsx"
    path.write_bytes(b"PK")
    with input_error("不支持") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_utf16_html_and_markdown_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.htm"
    path.write_bytes(b"\xff\xfe" + "<p>十六位编码的段落</p>".encode("utf-16-le"))
    assert texts(read(path)[1]) == ["十六位编码的段落"]
    markdown = tmp_path / "bom.markdown"
    markdown.write_bytes("\ufeff# 标题\n".encode())
    assert read(markdown)[1] == [Block("标题", Location(line=1), heading_level=1)]



def test_files_without_text_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"\n\n   \n")
    with input_error("没有可审查的文字") as excinfo:
        read(empty)
    check_error(excinfo, empty)
    from PIL import Image

    Image.new("RGB", (40, 40), "white").save(tmp_path / "scan.png")
    document = docx.Document()
    document.add_picture(str(tmp_path / "scan.png"))  # a “scan” pasted into Word
    document.sections[0].footer.paragraphs[0].text = "第 1 页 共 1 页"  # page furniture is not text
    images = tmp_path / "图片.docx"
    document.save(images)
    with input_error("全是图片") as excinfo:
        read(images)
    check_error(excinfo, images)


def test_deeply_nested_docx_is_refused_or_read(tmp_path: Path) -> None:
    path = tmp_path / "嵌套.docx"
    document = docx.Document()
    document.add_paragraph("正文。")
    document.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    deep = "<w:hyperlink>" * 5000 + "<w:r><w:t>深</w:t></w:r>" + "</w:hyperlink>" * 5000
    xml = xml.replace("<w:body>", f"<w:body><w:p>{deep}</w:p>", 1)
    _rewrite_zip(path, {"word/document.xml": xml.encode()})
    with input_error("不是有效的 XML") as excinfo:  # libxml2's depth limit: no unbounded recursion
        read(path)
    check_error(excinfo, path)


@pytest.mark.parametrize(("code", "fragment"), [
    ("FPDF_ERR_PASSWORD", "PDF 已加密（设置了打开密码）"), ("FPDF_ERR_SECURITY", "PDF 已加密（加密方式不受支持）"),
    ("FPDF_ERR_FORMAT", "PDF 文件已损坏或不是有效的 PDF"), ("FPDF_ERR_FILE", "PDF 文件已损坏或不是有效的 PDF"),
    ("FPDF_ERR_UNKNOWN", "PDF 文件已损坏或不是有效的 PDF")])
def test_pdf_load_errors(text_pdf: Path, monkeypatch: pytest.MonkeyPatch, code: str, fragment: str) -> None:
    import pypdfium2

    def refuse(*args: object) -> None:
        return None  # pdfium's null document

    monkeypatch.setattr(pypdfium2.raw, "FPDF_LoadMemDocument64", refuse)
    monkeypatch.setattr(pypdfium2.raw, "FPDF_GetLastError", lambda: getattr(pypdfium2.raw, code))
    with input_error(re.escape(fragment)) as excinfo:
        read(text_pdf)
    check_error(excinfo, text_pdf)


def test_pdf_without_pypdfium2(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 raises ImportError
    with input_error("pip install pypdfium2") as excinfo:
        read(text_pdf)
    check_error(excinfo, text_pdf)


def test_pdf_text_that_cannot_be_extracted(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    def broken(*args: object, **kwargs: object) -> None:
        raise pypdfium2.PdfiumError("Failed to load text page.")

    monkeypatch.setattr(pypdfium2.PdfPage, "get_textpage", broken)
    with input_error("无法提取任何页面的文字") as excinfo:
        read(text_pdf)
    check_error(excinfo, text_pdf)


def test_pdf_without_pages(tmp_path: Path) -> None:
    import pypdf

    path = tmp_path / "无页面.pdf"
    with path.open("wb") as stream:
        pypdf.PdfWriter().write(stream)
    with input_error("PDF 没有任何页面") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_pdf_garbled_text(tmp_path: Path) -> None:
    body = "".join(f"<p>{chr(0xE000 + index) * 20}。</p>" for index in range(10))  # private-use characters
    path = _html_pdf(tmp_path, body, name="乱码.pdf")
    with input_error("乱码") as excinfo:
        read(path)
    check_error(excinfo, path)


def test_pdf_mostly_scanned(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (600, 800), "gray").save(tmp_path / "scan.png")
    image = '<img src="scan.png" style="display: block; width: 100%; page-break-after: always">'
    body = image * 2 + f"<p>{CLAUSES[0]}</p>"
    path = _html_pdf(tmp_path, body, name="部分扫描.pdf", css="@page { size: A5; margin: 10mm }")
    with input_error("PDF 的 3 页中有 2 页是没有文字层的扫描图像") as excinfo:
        read(path)
    check_error(excinfo, path)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the text is extracted in this process")
def test_a_large_pdf_read_in_parts_gives_the_same_blocks(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = [(block.text, block.location) for block in read(text_pdf)[1]]
    assert len({location.page for _, location in whole}) >= 3
    monkeypatch.setattr(pdf_reader, "SPLIT_BYTES", 0)
    for parts in (2, 3):  # pages split unevenly too, each part in a child of its own
        monkeypatch.setattr(pdf_reader, "PARTS", parts)
        assert [(block.text, block.location) for block in read(text_pdf)[1]] == whole


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the text is extracted in this process")
def test_a_pdf_read_in_parts_is_judged_on_all_its_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setattr(pdf_reader, "SPLIT_BYTES", 0)  # two parts: the scans in one, the text in the other
    Image.new("RGB", (600, 800), "gray").save(tmp_path / "scan.png")
    image = '<img src="scan.png" style="display: block; width: 100%; page-break-after: always">'
    path = _html_pdf(tmp_path, image * 2 + f"<p>{CLAUSES[0]}</p>", name="部分扫描.pdf",
                     css="@page { size: A5; margin: 10mm }")
    with input_error("PDF 的 3 页中有 2 页是没有文字层的扫描图像"):
        read(path)


def test_pdf_crlf_line_ends_and_pdfium_marks() -> None:
    text = "第一章 总则\r\n  投标人应当   具备\t能力，\r\n\r\n   \r\nwell\ufffeknown self\x02evident\x00"
    assert pdf_reader._lines(text) == ["第一章 总则", "投标人应当 具备 能力，", "well-", "known self-", "evident"]
    assert pdf_reader._lines("全角\u3000空格") == ["全角\u3000空格"]  # an ideographic space is text


def test_pdf_page_text_comes_with_crlf_and_is_read_as_lines(text_pdf: Path) -> None:
    import pypdfium2

    with pypdfium2.PdfDocument(str(text_pdf)) as document:
        page = document[0]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        textpage.close()
        page.close()
    assert "\r\n" in raw  # what pdfium gives; the reader splits it like any line end
    _, blocks = read(text_pdf)
    assert not any("\r" in block.text or "\n" in block.text for block in blocks)


def test_pdf_word_hyphenated_at_a_line_end(tmp_path: Path) -> None:
    # pdfium marks a hyphen ending a line inside a word (well-|known) and leaves the line break out
    body = ('<p lang="en" style="width: 15mm">The well-known self-evident facts.</p>'
            + "".join(f"<p>{clause}</p>" for clause in CLAUSES))
    path = _html_pdf(tmp_path, body, name="连字符.pdf")
    import pypdfium2

    with pypdfium2.PdfDocument(str(path)) as document:
        assert "well\ufffeknown" in document[0].get_textpage().get_text_range()
    _, blocks = read(path)
    whole = "\n".join(texts(blocks))
    assert "\ufffe" not in whole and "\x02" not in whole
    assert "well-\nknown" in whole, whole  # the line break pdfium left out is back: lines as pypdf gave them
    assert all(clause in texts(blocks) for clause in CLAUSES)


def test_pdf_documents_pages_and_text_pages_are_closed(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    opened: list[object] = []
    get_page, get_textpage = pypdfium2.PdfDocument.get_page, pypdfium2.PdfPage.get_textpage

    def page(self: pypdfium2.PdfDocument, index: int) -> pypdfium2.PdfPage:
        opened.extend([self] if self not in opened else [])
        opened.append(result := get_page(self, index))
        return result

    def textpage(self: pypdfium2.PdfPage, *args: object, **kwargs: object) -> pypdfium2.PdfTextPage:
        opened.append(result := get_textpage(self, *args, **kwargs))
        return result

    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page", page)
    monkeypatch.setattr(pypdfium2.PdfPage, "get_textpage", textpage)
    monkeypatch.delattr(os, "fork")  # read in this process, as where there is no fork, to see the objects
    read(text_pdf)
    assert len(opened) > 3 and all(item.raw is None for item in opened)  # type: ignore[attr-defined]


def _inflating_pdf(path: Path, size: int) -> Path:
    """A one-page PDF whose content stream, a line of text and `size` spaces, is Flate-compressed
    (a thousand times smaller): pdfium inflates it whole."""
    content = b"BT /F1 12 Tf 72 720 Td (Hello world, this is text) Tj ET\n" + b" " * size
    data = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc/self/statm").exists(),
                    reason="the address-space bound needs fork and Linux")
def test_pdf_stream_inflating_past_the_memory_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _inflating_pdf(tmp_path / "小.pdf", 1_000_000)
    assert texts(read(small)[1]) == ["Hello world, this is text"]
    set_limit(monkeypatch, "lint.pdf_parser_bytes", 64 * 1024 * 1024)
    bomb = _inflating_pdf(tmp_path / "解压炸弹.pdf", 300_000_000)  # 300 KB on disk
    assert bomb.stat().st_size < 1_000_000
    with input_error("超出内存上限（64 MB）") as excinfo:
        read(bomb)
    check_error(excinfo, bomb)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the text is extracted in this process")
def test_pdf_reader_that_dies_is_a_refusal(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def die(*args: object) -> list[list[str]]:
        os.kill(os.getpid(), signal.SIGKILL)  # as pdfium aborting, in the child
        raise AssertionError

    monkeypatch.setattr(pdf_reader, "_page_texts", die)
    with input_error("PDF 文件无法读取") as excinfo:
        read(text_pdf)
    check_error(excinfo, text_pdf)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the text is extracted in this process")
def test_pdf_reader_defect_in_the_child_is_raised_not_refused(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def defect(*args: object) -> list[list[str]]:
        raise ValueError("a bug in the reader")

    monkeypatch.setattr(pdf_reader, "_page_texts", defect)
    with pytest.raises(RuntimeError, match="a bug in the reader"):
        read(text_pdf)


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children this test process forks (a worker of a parallel run has others)."""
    pids: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    return pids


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the text is extracted in this process")
def test_pdf_reader_runs_the_callers_work_while_the_child_extracts(text_pdf: Path, forked: list[int]) -> None:
    alone = texts(read(text_pdf)[1])
    forked.clear()
    ran: list[bool] = []

    def work() -> None:
        # the child exists (running, or ended and not yet reaped: WNOWAIT leaves it to the reader), else
        # ChildProcessError: the work runs while the child extracts, not after
        os.waitid(os.P_PID, forked[-1], os.WEXITED | os.WNOHANG | os.WNOWAIT)
        ran.append(True)

    assert texts(read(text_pdf, while_waiting=work)[1]) == alone
    assert ran == [True]
    assert texts(read(Path(EXAMPLE), while_waiting=lambda: pytest.fail("a spec is read here"))[1])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: the text is extracted in this process")
@pytest.mark.parametrize("split_bytes", [10**12, 0], ids=["one child", "a child per part"])
def test_pdf_reader_reaps_its_child_when_the_callers_work_fails(text_pdf: Path, forked: list[int], split_bytes: int,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def fail_work() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf_reader, "SPLIT_BYTES", split_bytes)
    with pytest.raises(KeyboardInterrupt):
        read(text_pdf, while_waiting=fail_work)
    assert len(forked) == (1 if split_bytes else pdf_reader.PARTS)
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: nothing left behind


def test_pdf_read_without_fork(text_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked = texts(read(text_pdf)[1])
    monkeypatch.delattr(os, "fork", raising=False)
    assert texts(read(text_pdf)[1]) == forked
