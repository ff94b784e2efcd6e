"""The 招标文件's navigation: cover without a number, a contents page, body pages from 1, bookmarks."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import EXAMPLE
from procdocs.render import Renderer


@pytest.fixture(scope="module")
def pdf(rendered_tender: dict[str, Path]) -> PdfReader:
    return PdfReader(rendered_tender["pdf"])


@pytest.fixture(scope="module")
def word(rendered_tender: dict[str, Path]):
    return docx.Document(str(rendered_tender["docx"]))


@pytest.fixture(scope="module")
def docx_alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example rendered with --format docx only: document name -> DOCX."""
    result = Renderer(formats=["docx"]).render_file(EXAMPLE, tmp_path_factory.mktemp("docx-alone"))
    assert not result.errors and not result.notices, (result.errors, result.notices)
    return {path.stem.rsplit("_", 1)[1]: path for path in result.written}


def _cached_page_fields(path: Path) -> tuple[list[str], str]:
    """The contents entries and the body footer as their cached field results show them."""
    word = docx.Document(str(path))
    entries = [p.text for p in word.paragraphs if p.style.name.startswith("toc ") and p.text]
    return entries, word.sections[-1].footer.paragraphs[0].text


def _front_pages(reader: PdfReader) -> int:
    """Cover and contents pages: those before the body's page 1."""
    return next(n for n, page in enumerate(reader.pages) if re.search(r"第 1 页 共 \d+ 页", page.extract_text()))


def _chapter_titles(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_pdf_cover_and_contents_have_no_page_number(pdf: PdfReader) -> None:
    front = _front_pages(pdf)
    assert front >= 2
    cover = pdf.pages[0].extract_text()
    contents = "".join(pdf.pages[n].extract_text() for n in range(1, front))
    assert "招标文件" in cover.replace(" ", "").replace("　", "")
    assert "JCZC2026-GK-0318" in cover
    assert "目" in contents and "第一章" in contents and "第六章" in contents
    assert not re.search(r"第 \d+ 页", cover + contents)


def test_pdf_body_is_numbered_from_one_of_body_pages(pdf: PdfReader) -> None:
    body_pages = len(pdf.pages) - _front_pages(pdf)
    assert f"第 1 页 共 {body_pages} 页" in pdf.pages[_front_pages(pdf)].extract_text()
    assert f"第 {body_pages} 页 共 {body_pages} 页" in pdf.pages[-1].extract_text()


def test_pdf_contents_give_the_real_page_of_each_chapter(pdf: PdfReader) -> None:
    front = _front_pages(pdf)
    contents = "".join(pdf.pages[n].extract_text() for n in range(1, front))
    for item in pdf.outline:
        if isinstance(item, list):
            continue
        body_page = pdf.get_destination_page_number(item) + 1 - front
        line = next(line for line in contents.splitlines() if line.startswith(item.title))
        assert line.rstrip().endswith(str(body_page)), (item.title, line, body_page)


def test_pdf_bookmarks_are_the_chapters_with_sections_below(pdf: PdfReader) -> None:
    assert _chapter_titles(pdf) == [
        "第一章　招标公告", "第二章　投标人须知", "第三章　评标办法及评分标准", "第四章　采购需求",
        "第五章　合同主要条款", "第六章　投标文件格式"]
    nested = pdf.outline[1]
    assert isinstance(nested, list) and nested  # sections of 第一章 are bookmarked under it


def test_docx_sections_cover_contents_body(word) -> None:
    sections = word.sections
    assert len(sections) == 3
    cover, contents, body = sections
    assert cover.header.paragraphs[0].text == "" and cover.footer.paragraphs[0].text == ""
    assert contents.footer.paragraphs[0].text == ""
    assert body.header.paragraphs[0].text.startswith("JCZC2026-GK-0318")
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    instructions = [t.text.strip() for t in body.footer.paragraphs[0]._p.iter(qn("w:instrText"))]
    # The page number only: LibreOffice does not count a section's pages and would show a stale total.
    assert instructions == ["PAGE"]
    assert body.footer.paragraphs[0].text == "第 1 页"


def test_docx_contents_field_lists_titles_without_numbers_and_is_refreshed_on_opening(word, pdf: PdfReader) -> None:
    body = word.element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText"))]
    assert instructions[0] == 'TOC \\o "1-2" \\h \\z \\u'
    assert "PAGEREF" not in " ".join(instructions)
    begin = next(body.iter(qn("w:fldChar")))
    assert begin.get(qn("w:fldCharType")) == "begin" and begin.get(qn("w:dirty")) == "true"
    entries = [p for p in word.paragraphs if p.style.name == "toc 1"]
    # Page numbers differ between Word, WPS and LibreOffice: the shown result has none to be wrong.
    assert [p.text for p in entries if p.text] == _chapter_titles(pdf)
    assert not any(p.text[-1:].isdigit() for p in word.paragraphs if p.style.name.startswith("toc "))
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert anchors and set(anchors) <= bookmarks
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_chapters_start_on_new_pages(word) -> None:
    chapter_headings = [p for p in word.paragraphs if p.style.name == "Heading 1" and p.text.startswith("第")]
    assert len(chapter_headings) == 6
    # The first chapter follows the section break; the others break the page themselves.
    assert not chapter_headings[0].paragraph_format.page_break_before
    assert all(p.paragraph_format.page_break_before for p in chapter_headings[1:])


def test_docx_alone_has_the_same_fields_without_a_cached_page_count(
        docx_alone: dict[str, Path], rendered_documents: dict[tuple[str, str], Path], pdf: PdfReader) -> None:
    # The body of a document with front matter gives its page number only, alone or with the PDF.
    assert _cached_page_fields(docx_alone["招标文件"]) == _cached_page_fields(rendered_documents[("招标文件", "docx")])
    assert _cached_page_fields(docx_alone["招标文件"])[1] == "第 1 页"
    # A notice, all body, gives the total too (NUMPAGES, which Word, WPS and LibreOffice compute on
    # their own pagination): cached from the PDF's layout when there is one; --format docx alone lays
    # nothing out for a value every reader replaces.
    notice_pages = len(PdfReader(rendered_documents[("招标公告", "pdf")]).pages)
    assert _cached_page_fields(rendered_documents[("招标公告", "docx")])[1] == f"第 1 页 共 {notice_pages} 页"
    assert _cached_page_fields(docx_alone["招标公告"])[1] == "第 1 页 共  页"
