"""Covers as centres lay them out, titles broken between words, and the heading hierarchy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import EXAMPLE
from procdocs.doctree.columns import CELL_PADDING_PT, fit_number_columns, run_width_em
from procdocs.doctree.nodes import Cell, Cover, Heading, LineBreak, Paragraph, Row, Table, Text, plain_text
from procdocs.doctree.titles import title_lines
from procdocs.render import Renderer
from procdocs.spec import load_spec
from procdocs.writers.base import POINTS_PER_MM

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"
CONSULTATION = EXAMPLES / "competitive_consultation-nev-rental.yaml"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(formats=["docx"])


def _documents(renderer: Renderer, spec_path: Path) -> dict[str, list]:
    return {definition.name: document for definition, document in renderer.build(load_spec(spec_path))}


def _capacity(renderer: Renderer, style: str) -> float:
    """How many ems of a style's size one line of the text block holds."""
    sheet = renderer.assets.stylesheet
    return sheet.page.text_width_mm * POINTS_PER_MM / sheet.styles[style].size


# -- covers ------------------------------------------------------------------------------------------

def test_cover_has_the_title_largest_then_seal_lines_and_date(renderer: Renderer) -> None:
    document = _documents(renderer, CONSULTATION)["磋商文件"]
    cover = document.blocks[0]
    assert isinstance(cover, Cover)
    paragraphs = [block for block in cover.blocks if isinstance(block, Paragraph)]
    name, number, title, date = paragraphs
    assert (name.style, title.style) == ("subtitle", "title")
    assert plain_text(name.inlines).replace("\n", "") == "宁远县机关事务服务中心2027年度乡镇公务出行新能源汽车分时租赁服务采购项目"
    assert plain_text(number.inlines) == "项目编号：NYZC2026-CS-0127"
    assert plain_text(title.inlines).replace(" ", "") == "竞争性磋商文件"
    assert plain_text(date.inlines) == "2026年12月7日" and date.space_before
    styles = renderer.assets.stylesheet.styles
    assert styles["cover_title"].size > styles["cover_subtitle"].size > styles["cover_text"].size
    [seals] = [block for block in cover.blocks if isinstance(block, Table)]
    lines = ["".join(plain_text(i) for cell in row.cells for i in cell.inlines_by_paragraph) for row in seals.rows]
    assert lines == ["采购人：宁远县机关事务服务中心（盖章）", "采购代理机构：江城市诚信工程咨询有限公司（盖章）"]


def test_docx_cover_and_contents_have_no_header_rule(rendered_tender: dict[str, Path]) -> None:
    word = docx.Document(str(rendered_tender["docx"]))
    cover, contents, body = word.sections
    for section in (cover, contents):
        for part in (section.header, section.footer):
            # The Header/Footer styles draw a rule; the front matter's empty parts must not use them.
            assert all(p._p.pPr is None or p._p.pPr.find(qn("w:pStyle")) is None for p in part.paragraphs)
    assert body.header.paragraphs[0].style.name == "Header"


def test_pdf_cover_is_one_page_with_seal_lines(rendered_tender: dict[str, Path]) -> None:
    cover = PdfReader(rendered_tender["pdf"]).pages[0].extract_text().replace(" ", "")
    assert "公开招标文件" in cover and "采购人：江城市机关事务管理局（盖章）" in cover
    assert "2026年11月30日" in cover


# -- titles ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "capacity", "expected"), [
    ("江城市市场监督管理局2027年办公设备采购项目询价公告", 21.7,
     ["江城市市场监督管理局2027年", "办公设备采购项目询价公告"]),
    ("宁远县机关事务服务中心2027年度乡镇公务出行新能源汽车分时租赁服务采购项目", 17.7,
     ["宁远县机关事务服务中心", "2027年度乡镇公务出行新能源", "汽车分时租赁服务采购项目"]),
    ("江城市城市照明管理处2026年城区路灯智能控制系统采购项目", 17.7,
     ["江城市城市照明管理处2026年", "城区路灯智能控制系统采购项目"]),
    ("江城市机关事务管理局2026年公务用车更新采购项目", 40, ["江城市机关事务管理局2026年公务用车更新采购项目"]),
])
def test_titles_break_between_words_into_even_lines(title: str, capacity: float, expected: list[str]) -> None:
    assert title_lines(title, capacity) == expected


@pytest.mark.parametrize("title", [
    "某某市第一人民医院住院部综合楼中央空调系统及配套设施维修改造与节能升级工程采购项目",
    "江城市政务服务管理局电子交易平台运维服务添购项目单一来源采购公示",
    "宁远县机关事务服务中心2027年度乡镇公务出行新能源汽车分时租赁服务采购项目竞争性磋商公告",
    "江城市公安局交通警察支队2026年LED诱导屏及12345热线联动平台建设项目招标公告",
])
@pytest.mark.parametrize("capacity", [14.0, 17.7, 21.7])
def test_long_titles_never_split_a_word_a_number_or_leave_a_lone_character(title: str, capacity: float) -> None:
    lines = title_lines(title, capacity)
    assert "".join(lines) == title
    breaks = [sum(map(len, lines[:n])) for n in range(1, len(lines))]
    for word in ("新能源", "项目", "采购", "公告", "公示", "询价", "服务", "工程", "平台", "2026", "2027", "LED", "12345"):
        start = title.find(word)
        while start != -1:
            assert not any(start < b < start + len(word) for b in breaks), (word, lines)
            start = title.find(word, start + 1)
    assert not any(title[b - 1].isdigit() for b in breaks), lines  # a number stays with its unit (2026年)
    assert len(lines) == 1 or min(map(len, lines)) >= max(map(len, lines)) / 3, lines


def test_document_titles_carry_the_same_line_breaks_for_every_writer(renderer: Renderer) -> None:
    notice = _documents(renderer, EXAMPLES / "inquiry-office-equipment.yaml")["询价公告"]
    title = next(b for b in notice.blocks if isinstance(b, Paragraph) and b.style == "title")
    assert [type(i) for i in title.inlines] == [Text, LineBreak, Text]
    assert plain_text(title.inlines) == "江城市市场监督管理局2027年\n办公设备采购项目询价公告"
    capacity = _capacity(renderer, "title")
    assert all(len(part) <= capacity for part in plain_text(title.inlines).split("\n"))


# -- heading hierarchy ----------------------------------------------------------------------------------

def test_notice_title_in_first_chapter_is_not_larger_than_the_chapter_heading(renderer: Renderer) -> None:
    styles = renderer.assets.stylesheet.styles
    for spec_path, name in ((EXAMPLE, "招标文件"), (CONSULTATION, "磋商文件")):
        body = _documents(renderer, spec_path)[name].body
        chapter = body[0]
        assert isinstance(chapter, Heading) and chapter.level == 1
        notice_title = body[1]
        assert isinstance(notice_title, Paragraph) and notice_title.style == "subtitle"
        assert styles["subtitle"].size <= styles["heading1"].size
        # 项目概况 and its siblings, two levels down, are set like the other chapters' sections.
        overview = body[2]
        assert isinstance(overview, Heading) and plain_text(overview.inlines) == "项目概况"
        assert styles[f"heading{overview.level}"].font == styles["heading2"].font == "hei"
    assert styles["title"].size > styles["heading1"].size  # a standalone notice: title over sections


# -- numbers in narrow columns ------------------------------------------------------------------------------

def test_a_column_is_widened_to_hold_its_amounts_from_the_text_columns(renderer: Renderer) -> None:
    sheet = renderer.assets.stylesheet
    amount = "1,480,000.00"
    table = Table([Row([Cell([[Text("包含运维人员驻场、系统巡检、故障处理和数据备份等全部服务内容")]]), Cell([[Text(amount)]])])],
                  column_widths=[90, 10])
    [fitted] = fit_number_columns([table], sheet)
    width_pt = sheet.page.text_width_mm * POINTS_PER_MM * fitted.column_widths[1] / sum(fitted.column_widths)
    assert width_pt >= run_width_em(amount) * sheet.styles["table"].size + CELL_PADDING_PT - 0.01
    assert fitted.column_widths[0] < 90 * width_pt / 10  # the room came from the text column
    roomy = replace(table, column_widths=[50, 50])
    assert fit_number_columns([roomy], sheet) == [roomy]  # nothing to do: the template's widths stay


# -- running header ------------------------------------------------------------------------------------


def test_the_running_header_is_one_line_with_the_project_name_when_it_fits(renderer: Renderer) -> None:
    documents = _documents(renderer, EXAMPLE)
    spec = load_spec(EXAMPLE)
    assert {document.header for document in documents.values()} == {f"{spec.project.number}  {spec.project.name}"}


def test_a_header_too_long_for_one_line_names_the_document_instead(renderer: Renderer) -> None:
    spec = load_spec(CONSULTATION)
    documents = _documents(renderer, CONSULTATION)
    assert len(spec.project.name) > _capacity(renderer, "header") - len(spec.project.number)
    assert {name: document.header for name, document in documents.items()} == {
        name: f"{spec.project.number}  {name}" for name in documents}
    for document in documents.values():
        assert sum(1 if ord(char) > 0x2E80 else 0.6 for char in document.header) <= _capacity(renderer, "header")
