"""The PDF: same values, Simplified-Chinese fonts embedded and subset, outline, metadata, safety."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli, shared_renderer
from procdocs.doctree.nodes import Document, Paragraph, Text
from procdocs.errors import RenderError
from procdocs.render import Renderer
from procdocs.writers.pdf import check_fonts


@pytest.fixture(scope="module")
def reader(rendered_example: dict[str, Path]) -> PdfReader:
    return PdfReader(rendered_example["pdf"])


def _text(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_values(reader: PdfReader) -> None:
    text = _text(reader)
    assert "项目编号：JCZC2026-GK-0318" in text
    assert "人民币叁佰陆拾陆万元整" in text
    assert "2026年12月22日09时30分（北京时间）" in text
    assert "七、对本次招标提出询问，请按以下方式联系。" in text


def test_footer_and_header(reader: PdfReader) -> None:
    pages = len(reader.pages)
    first = reader.pages[0].extract_text()
    assert f"第 1 页 共 {pages} 页" in first
    assert "JCZC2026-GK-0318" in first.splitlines()[0] or "JCZC2026-GK-0318" in first


def _fonts(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


SIMPLIFIED_FACE = re.compile(r"(?:\bSC|CJKsc)(?:\b|-|$)|SC$")
OTHER_CJK_FACE = re.compile(r"(?:\b(?:JP|KR|TC|HK)|CJK(?:jp|kr|tc|hk))(?:\b|-|$)")


def test_fonts_are_embedded_subset_simplified_chinese(reader: PdfReader) -> None:
    names = _fonts(reader)
    assert names
    for name in names:
        prefix, _, face = name.lstrip("/").partition("+")
        assert len(prefix) == 6 and prefix.isupper(), f"{name} is not a subset font"
        # a family name (Noto Serif CJK SC) or a PostScript name (NotoSerifCJKsc-Regular-Identity-H)
        assert SIMPLIFIED_FACE.search(face), f"{name} is not a Simplified-Chinese face"
        assert not OTHER_CJK_FACE.search(face), name
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"


def test_outline_and_metadata(reader: PdfReader) -> None:
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["项目概况", "一、项目基本情况"]
    assert reader.metadata.title == "江城市机关事务管理局2026年公务用车更新（新能源）采购项目招标公告"
    assert reader.metadata.subject == "JCZC2026-GK-0318 招标公告"


def _document(text: str) -> Document:
    return Document("标题", "主题", "页眉", [Paragraph([Text(text)])])


def test_character_without_glyph_fails_the_render_naming_it() -> None:
    renderer = shared_renderer()
    with pytest.raises(RenderError) as caught:
        check_fonts(_document("采购标的：𓀀型设备"), renderer.assets.stylesheet)
    [problem] = caught.value.problems
    assert "字符「𓀀」(U+13000)" in problem.message
    assert "采购标的" in problem.message


def _styles_override(tmp_path: Path, old: str, new: str) -> Path:
    source = Path(__file__).resolve().parent.parent / "templates/common/styles/styles.yaml"
    target = tmp_path / "tpl/common/styles/styles.yaml"
    target.parent.mkdir(parents=True)
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path / "tpl"


def test_japanese_face_is_refused(tmp_path: Path) -> None:
    template_dir = _styles_override(tmp_path, "pdf: [Noto Serif CJK SC,", "pdf: [Noto Serif CJK JP, Noto Serif CJK SC,")
    with pytest.raises(RenderError, match="Noto Serif CJK JP」不是简体中文字体"):
        check_fonts(_document("正文"), Renderer(template_dir).assets.stylesheet)


def test_without_cjk_fonts_pdf_names_the_package_and_docx_still_works(
        tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    template_dir = _styles_override(
        tmp_path, "pdf: [Noto Serif CJK SC, Source Han Serif SC, Source Han Serif CN, SimSun, Songti SC, FangSong]",
        "pdf: [Nonexistent Song]")
    out = tmp_path / "out"
    result = run_cli("render", write_spec(), "-o", out, "--template-dir", template_dir)
    assert result.returncode == 2
    assert "sudo apt-get install fonts-noto-cjk" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["JCZC2026-GK-0318_招标公告.docx", "JCZC2026-GK-0318_招标文件.docx"]
    assert "Traceback" not in result.stderr


def test_pdf_cannot_read_files_outside_the_template_directories(
        tmp_path: Path, write_spec: Callable[..., Path]) -> None:
    css = tmp_path / "tpl/common/styles/print.css"
    css.parent.mkdir(parents=True)
    css.write_text('@import url("file:///etc/passwd");\nbody { background: url("https://example.com/x.png"); }\n')
    # Typst never reads print.css; WeasyPrint, the fallback without the typst package, must refuse it.
    no_typst = tmp_path / "fake" / "typst"
    no_typst.mkdir(parents=True)
    (no_typst / "__init__.py").write_text('raise ImportError("no typst")\n', encoding="utf-8")
    result = run_cli("render", write_spec(), "-o", tmp_path / "out", "--template-dir", tmp_path / "tpl",
                     "--format", "docx,pdf", env={"PYTHONPATH": str(no_typst.parent)})
    assert result.returncode == 2
    assert result.stderr.count("无法生成 PDF：拒绝读取 file:///etc/passwd") == 1
    assert not list(tmp_path.glob("out/*.pdf"))
    # The refused layout costs the PDF only: the DOCX is written, without a cached page count.
    assert len(list(tmp_path.glob("out/*.docx"))) == 2
    assert "DOCX 照常生成" not in result.stderr
    assert "Traceback" not in result.stderr


def test_long_table_repeats_its_header_row_on_every_page(tmp_path: Path) -> None:
    from procdocs.doctree import parse_document
    from procdocs.writers import FORMATS
    from procdocs.writers.layout import lay_out

    rows = "".join(f"<tr><td>{n}</td><td>第{n}项技术要求</td></tr>" for n in range(1, 121))
    blocks = parse_document(f"<table><thead><tr><th>序号</th><th>技术要求表头</th></tr></thead><tbody>{rows}</tbody></table>",
                            "test")
    target = tmp_path / "long.pdf"
    document, assets = Document("长表", "主题", "页眉", blocks), shared_renderer().assets
    with target.open("wb") as stream:
        FORMATS["pdf"].writer()(document, assets, stream, lay_out(document, assets))
    pages = PdfReader(target).pages
    assert len(pages) > 1
    assert all("技术要求表头" in page.extract_text() for page in pages)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_no_row_runs_off_the_page(tmp_path: Path) -> None:
    """A lot's cell merged down 120 item rows, and a cell longer than a page: every row and every
    character is printed (a row kept whole that cannot fit a page must still break)."""
    from procdocs.doctree import parse_document
    from procdocs.writers import FORMATS
    from procdocs.writers.layout import lay_out

    items = "".join(f"<tr><td>第{n}号标的</td><td>12</td></tr>" for n in range(2, 121))
    long_list = "、".join(f"第{n}号设备" for n in range(1, 401))
    blocks = parse_document(
        "<table><thead><tr><th>采购包</th><th>标的</th><th>数量</th></tr></thead><tbody>"
        f"<tr><td rowspan=\"120\">第一包</td><td>第1号标的</td><td>12</td></tr>{items}</tbody></table>"
        f"<table><tbody><tr><td>清单</td><td>{long_list}。清单结束</td></tr></tbody></table>"
        # a group kept on one page that cannot fit one
        "<keep>" + "".join(f"<p>第{n}段：{'保持在同一页的内容。' * 12}</p>" for n in range(1, 41)) + "<p>分组结束</p></keep>",
        "test")
    target = tmp_path / "rows.pdf"
    document, assets = Document("长表", "主题", "页眉", blocks), shared_renderer().assets
    with target.open("wb") as stream:
        FORMATS["pdf"].writer()(document, assets, stream, lay_out(document, assets))
    # (pdftotext prints what lies on the pages; text drawn past a page's edge is not printed)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", re.sub(r"第 \d+ 页 共 \d+ 页|页眉", "", text))
    assert all(f"第{n}号标的" in flat for n in range(1, 121))
    assert "清单结束" in flat and "第400号设备" in flat
    assert all(f"第{n}段" in flat for n in range(1, 41)) and "分组结束" in flat


def test_block_measures_come_from_the_style_sheet(tmp_path: Path) -> None:
    # Table borders and cell padding are set once, in styles.yaml, for the PDF's Typst markup and for the
    # HTML's generated CSS alike.
    from procdocs.doctree import parse_document
    from procdocs.writers.html import generated_css
    from procdocs.writers.typeset import document_typst

    template_dir = _styles_override(tmp_path, "rule_pt: 0.5 ", "rule_pt: 1.5 ")
    stylesheet = Renderer(template_dir).assets.stylesheet
    assert stylesheet.measures.rule_pt == 1.5
    blocks = parse_document("<table><tbody><tr><td>一</td><td>二</td></tr></tbody></table>", "test")
    markup = document_typst(Document("表", "主题", "页眉", blocks), stylesheet)
    assert "stroke: 1.50pt" in markup and "inset: (x: 4.00pt" in markup
    css = generated_css(stylesheet, "页眉")
    assert "border: 1.5pt solid #000" in css and "padding: 2.0pt 4.0pt" in css
