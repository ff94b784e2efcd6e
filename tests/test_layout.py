"""The layout stage: each document is laid out once and handed to the writers that use it; the
document tree carries no page facts; a DOCX never depends on the PDF tooling being there."""

from __future__ import annotations

import copy
import io
import sys
from dataclasses import fields
from pathlib import Path
from typing import BinaryIO

import docx
import pytest
from docx.oxml.ns import qn

from conftest import EXAMPLE, run_cli, shared_renderer
from procdocs import render as render_module
from procdocs.doctree import Document
from procdocs.render import Renderer
from procdocs.spec import load_spec
from procdocs.writers import FORMATS
from procdocs.writers.base import Assets
from procdocs.writers.layout import Layout, PageFacts, lay_out

FAKE_PDF = b"%PDF-1.7 laid out by a stand-in\n"


class _StandInPages:
    """Stands in for WeasyPrint's pages where the test is about who lays out, not about the PDF."""

    def write_pdf(self, target: BinaryIO) -> None:
        target.write(FAKE_PDF)


@pytest.fixture
def layout_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the renderer's layout stage by one that records each document it lays out and says
    that every heading is on page 10 + its index, and that the body has 42 pages."""
    calls: list[str] = []

    def stand_in(document: Document, assets: Assets) -> Layout:
        calls.append(document.title)
        pages = {index: 10 + index for index in range(len(document.headings()))}
        return Layout(PageFacts(pages, 42), _StandInPages())

    monkeypatch.setattr(render_module, "lay_out", stand_in)
    return calls


def _footer_and_first_entry(path: Path) -> tuple[str, str]:
    word = docx.Document(str(path))
    entries = [p.text for p in word.paragraphs if p.style.name.startswith("toc ") and p.text]
    return word.sections[-1].footer.paragraphs[0].text, entries[0] if entries else ""


def test_each_document_is_laid_out_once_for_all_formats(layout_calls: list[str], tmp_path: Path) -> None:
    result = Renderer(formats=["html", "docx", "pdf"]).render_file(EXAMPLE, tmp_path)
    assert not result.errors and not result.notices
    assert len(layout_calls) == 2 and len(set(layout_calls)) == 2  # 招标公告 and 招标文件, once each
    # The writers use what the layout stage handed them: the DOCX caches its facts, the PDF is its pages.
    notice, tender = (sorted(tmp_path.glob(f"*_{name}.docx"))[0] for name in ("招标公告", "招标文件"))
    assert _footer_and_first_entry(notice) == ("第 1 页 共 42 页", "")
    assert _footer_and_first_entry(tender) == ("第 1 页", "第一章\u3000招标公告")  # contents: titles only
    assert all(path.read_bytes() == FAKE_PDF for path in tmp_path.glob("*.pdf"))


def test_docx_alone_lays_nothing_out(layout_calls: list[str], tmp_path: Path) -> None:
    # Word, WPS and LibreOffice compute the notice's 共 Y 页 (NUMPAGES) themselves: a cached count is
    # not worth WeasyPrint's start-up, nor the seconds the 招标文件's 70 pages take to lay out.
    result = Renderer(formats=["docx"]).render_file(EXAMPLE, tmp_path)
    assert not result.errors and not result.notices and not layout_calls
    notice, tender = (sorted(tmp_path.glob(f"*_{name}.docx"))[0] for name in ("招标公告", "招标文件"))
    assert _footer_and_first_entry(notice) == ("第 1 页 共  页", "")  # the field, with no cached result
    assert _footer_and_first_entry(tender) == ("第 1 页", "第一章\u3000招标公告")


def test_html_alone_lays_nothing_out(layout_calls: list[str], tmp_path: Path) -> None:
    result = Renderer(formats=["html"]).render_file(EXAMPLE, tmp_path)
    assert len(result.written) == 2 and not layout_calls


def test_writers_leave_the_document_tree_as_they_found_it() -> None:
    assert [f.name for f in fields(Document)] == ["title", "subject", "header", "blocks"]
    renderer = shared_renderer()
    (_, notice), *_ = renderer.build(load_spec(EXAMPLE))
    before = copy.deepcopy(notice)
    layout = lay_out(notice, renderer.assets)
    for output_format in FORMATS.values():
        output_format.writer()(notice, renderer.assets, io.BytesIO(), layout)
    assert notice == before


def test_docx_without_weasyprint_is_written_without_a_word(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    result = Renderer(formats=["docx"]).render_file(EXAMPLE, tmp_path)
    assert not result.errors and not result.notices  # the DOCX never needed WeasyPrint
    assert sorted(path.name for path in result.written) == [
        "JCZC2026-GK-0318_招标公告.docx", "JCZC2026-GK-0318_招标文件.docx"]
    # No page number is made up: the fields carry no cached result until Word or WPS updates them.
    tender = next(path for path in result.written if path.name.endswith("招标文件.docx"))
    footer, first_entry = _footer_and_first_entry(tender)
    assert footer == "第 1 页"
    assert first_entry == "第一章\u3000招标公告"
    body = docx.Document(str(tender)).element.body
    assert any(t.text.strip().startswith("TOC ") for t in body.iter(qn("w:instrText")))


def _without_pango(tmp_path: Path, *, typst: bool) -> dict[str, str]:
    """An environment whose WeasyPrint cannot load its system libraries, as on a machine without
    Pango; with `typst` False, the typst package is missing too."""
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise OSError("cannot load library \'libpango-1.0-0\'")\n', encoding="utf-8")
    if not typst:
        (tmp_path / "fake" / "typst").mkdir()
        (tmp_path / "fake" / "typst" / "__init__.py").write_text('raise ImportError("no typst")\n', encoding="utf-8")
    return {"PYTHONPATH": str(fake.parent)}


def test_typst_needs_no_pango(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out, "--format", "docx,pdf", env=_without_pango(tmp_path, typst=True))
    assert result.returncode == 0, result.stderr
    assert sorted(path.suffix for path in out.iterdir()) == [".docx", ".docx", ".pdf", ".pdf"]


def test_cli_without_typst_or_pango_writes_the_docx_and_explains_the_pdf_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out, "--format", "docx,pdf", env=_without_pango(tmp_path, typst=False))
    assert result.returncode == 2
    assert sorted(path.suffix for path in out.iterdir()) == [".docx", ".docx"]
    assert result.stderr.count("无法生成 PDF：WeasyPrint 不可用（cannot load library 'libpango-1.0-0'）") == 1
    assert "sudo apt-get install libpango-1.0-0" in result.stderr
    assert "DOCX 照常生成" not in result.stderr  # nothing of the DOCX is missing
    assert "Traceback" not in result.stderr


def test_a_failing_layout_costs_the_pdf_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from procdocs.writers import typeset

    def crash(*args, **kwargs):
        raise RuntimeError("stand-in for a Typst bug")

    monkeypatch.setattr(typeset, "document_typst", crash)
    result = Renderer(formats=["pdf", "docx"]).render_file(EXAMPLE, tmp_path)
    assert [path.suffix for path in result.written] == [".docx", ".docx"]
    [error] = result.errors
    assert error.message.startswith("无法生成 PDF：Typst 排版时出错（RuntimeError: stand-in for a Typst bug）")
    assert not result.notices


def test_a_failing_weasyprint_costs_the_pdf_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import weasyprint

    def crash(self, *args, **kwargs):
        raise RuntimeError("stand-in for a WeasyPrint bug")

    monkeypatch.setitem(sys.modules, "typst", None)  # no typst: the layout falls back to WeasyPrint
    monkeypatch.setattr(weasyprint.HTML, "render", crash)
    result = Renderer(formats=["pdf", "docx"]).render_file(EXAMPLE, tmp_path)
    assert [path.suffix for path in result.written] == [".docx", ".docx"]
    [error] = result.errors
    assert error.message.startswith("无法生成 PDF：WeasyPrint 排版时出错（RuntimeError: stand-in for a WeasyPrint bug）")
    assert not result.notices
