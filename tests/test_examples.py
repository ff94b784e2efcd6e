"""Every bundled example, whatever its method: checks clean, lints clean, renders to files that open.

A newcomer starts from one of specs/examples/; these tests are the promise that each of them can be
copied and published as it is. Method-specific content is tested in tests/test_method_*.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import get_args

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader
from test_pdf import OTHER_CJK_FACE, SIMPLIFIED_FACE

from conftest import EXAMPLE, REPO, fontconfig_env, shared_renderer
from procdocs.checks import run_checks
from procdocs.cnformat import format_datetime, money_capitals
from procdocs.doctree.nodes import Document, Paragraph, Signature, TableOfContents, plain_text
from procdocs.lint.run import lint_file
from procdocs.render import Renderer
from procdocs.spec.loader import load_spec
from procdocs.spec.model import Method
from procdocs.templating import Templates

EXAMPLES = sorted((REPO / "specs" / "examples").glob("*.yaml"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _example_id(path: Path) -> str:
    return path.stem


@pytest.fixture(scope="module", params=EXAMPLES, ids=_example_id)
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One example rendered to DOCX and PDF: '<document name>.<format>' -> file."""
    if request.param == EXAMPLE:  # the session renders this one already (conftest's rendered_documents)
        documents = request.getfixturevalue("rendered_documents")
        return {f"{name}.{fmt}": path for (name, fmt), path in documents.items() if fmt in ("docx", "pdf")} | {
            "spec": request.param}
    out = tmp_path_factory.mktemp(request.param.stem)
    result = Renderer(formats=["docx", "pdf"]).render_file(request.param, out)
    assert not result.errors, result.errors
    return {path.name.split("_", 1)[1]: path for path in result.written} | {"spec": request.param}


def test_every_method_has_an_example() -> None:
    methods = set(get_args(Method))
    covered = {load_spec(path).project.method for path in EXAMPLES}
    assert methods <= covered, f"methods without an example: {sorted(methods - covered)}"


def test_example_names_say_their_method() -> None:
    for path in EXAMPLES:
        assert path.stem.split("-", 1)[0] == load_spec(path).project.method, path.name


def test_example_points_at_the_schema() -> None:
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema.json", path.name


@pytest.mark.parametrize("path", EXAMPLES, ids=_example_id)
def test_checks_find_nothing(path: Path) -> None:
    findings = run_checks(load_spec(path))
    assert findings == [], [f"{finding.check}: {finding.message}" for finding in findings]


def test_every_document_of_the_method_is_written(rendered: dict[str, Path]) -> None:
    spec = load_spec(rendered["spec"])
    for definition in Templates().method(spec.project.method).documents:
        if not definition.applies_to(spec):
            continue
        for suffix in ("docx", "pdf"):
            assert f"{definition.name}.{suffix}" in rendered, f"{definition.name}.{suffix} not written"


def test_the_written_docx_lints_clean(rendered: dict[str, Path]) -> None:
    """Read back through the same reader a reviewer's draft goes through, not the in-memory tree."""
    for name, path in rendered.items():
        if name.endswith(".docx"):
            linted = lint_file(path)
            assert linted.findings == [], [(f.rule, f.match) for f in linted.findings]


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace("\n", "").replace(" ", "")


def test_budget_and_deadline_are_the_same_in_every_document(rendered: dict[str, Path]) -> None:
    """The announcement and the procurement document are read side by side; their figures must agree."""
    spec = load_spec(rendered["spec"])
    capitals = money_capitals(spec.budget)
    deadline = format_datetime(spec.timeline.bid_deadline).replace(" ", "")
    for name, path in rendered.items():
        if not name.endswith(".pdf") or "记录" in name:
            continue
        text = _pdf_text(path)
        assert capitals in text, f"{name}: budget {capitals} missing"
        assert spec.project.number in text, f"{name}: project code missing"
        if "公示" not in name:
            assert deadline in text, f"{name}: deadline {deadline} missing"


def test_pdf_fonts_are_embedded_simplified_chinese_subsets(rendered: dict[str, Path]) -> None:
    for name, path in rendered.items():
        if not name.endswith(".pdf"):
            continue
        for page in PdfReader(path).pages:
            for font in page["/Resources"].get("/Font", {}).values():
                base = str(font.get_object()["/BaseFont"]).lstrip("/")
                prefix, _, face = base.partition("+")
                assert len(prefix) == 6 and prefix.isupper(), f"{name}: {base} is not a subset"
                assert SIMPLIFIED_FACE.search(face) and not OTHER_CJK_FACE.search(face), f"{name}: {base}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
def test_libreoffice_opens_every_docx(rendered: dict[str, Path], tmp_path: Path) -> None:
    documents = [path for name, path in rendered.items() if name.endswith(".docx")]
    profile = tmp_path / "profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, documents)],
        capture_output=True, text=True, timeout=300, env={**os.environ, **fontconfig_env(tmp_path)},
    )
    spec = load_spec(rendered["spec"])
    for document in documents:
        converted = tmp_path / (document.stem + ".pdf")
        assert converted.exists(), result.stderr or result.stdout
        text = _pdf_text(converted)
        assert spec.project.number in text
        assert spec.project.name.replace(" ", "") in text
    # LibreOffice lays the DOCX out itself (as Word and WPS do): the same page checks as the PDF's,
    # on its pages, show that the keep flags are in the DOCX and hold there too.
    problems = []
    for name, tree in _documents(rendered["spec"]).items():
        converted = tmp_path / (rendered[f"{name}.docx"].stem + ".pdf")
        problems += _page_problems(name, tree, converted)
    assert problems == [], problems


# -- keeping together: read page by page ---------------------------------------------------------

_FOOTER = re.compile(r"第\d+页共\d+页")
_FOOTER_LINE = re.compile(r"第\d+页(?:共\d+页)?")  # the DOCX body footer with front matter is 第 X 页 alone


def _documents(spec_path: Path) -> dict[str, Document]:
    """The example's document trees by document name (templates only: no layout, no writing)."""
    return {definition.name: document for definition, document in shared_renderer().build(load_spec(spec_path))}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _raw_page_lines(path: Path) -> list[list[str]]:
    """Each page's non-empty lines as pdftotext lays them out, spaces removed."""
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                            check=True).stdout
    return [[line for line in map(_squeezed, page.splitlines()) if line]
            for page in layout.split("\f")[:len(PdfReader(path).pages)]]


def _page_lines(path: Path, header: str) -> list[list[str]]:
    """Each page's body lines, without the running header and footer."""
    return [[line for line in lines if line != _squeezed(header) and not _FOOTER_LINE.fullmatch(line)]
            for lines in _raw_page_lines(path)]


def _front_pages(path: Path) -> int:
    """How many pages come before the first numbered one: the cover and the contents."""
    pages = _raw_page_lines(path)
    return next((n for n, lines in enumerate(pages) if any(_FOOTER_LINE.fullmatch(line) for line in lines)), 0)


def _signature_endings(document: Document) -> set[str]:
    """The label of each signature block's last line (日期), and 年月日 lines that end signing tables."""
    return {_squeezed(block.fields[-1].label) + "：" for block in document.body if isinstance(block, Signature)} | {"日期："}


CONTACT_NAME = re.compile(r"(?:项目)?联系人：")
CLOSING_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")  # a notice's or letter's closing date, alone on its line
FILL_IN_LINE = re.compile(r"(?:[^：。；，]{1,20}：(?:年月日)?)+")  # labels with blanks only: 「电话：电子邮箱：」, 「日期：」
CONTENTS_LAST_PAGE_MIN_LINES = 8  # fewer on the last contents page is a spill, not a page


def _page_problems(name: str, document: Document, path: Path) -> list[str]:
    """What a reviewer turning the pages of `path` (the document laid out, as PDF) would mark:
    「日期：」 or a closing's date alone at the top of a page, a page holding nothing but a form's
    blanks and signature lines or a notice's closing, a heading or a label (「4.监督部门」) at the foot of a page, a contact's
    name on one page and the phone on the next."""
    endings = _signature_endings(document)
    headings = {_squeezed(plain_text(heading.inlines)) for heading in document.headings()}
    labels = {_squeezed(plain_text(block.inlines)) for block in document.body
              if isinstance(block, Paragraph) and block.keep_with_next}
    pages = _page_lines(path, document.header)
    front = _front_pages(path)
    problems = []
    for number, lines in enumerate(pages, 1):
        if not lines or number <= front:  # the contents list headings, without numbers in the DOCX
            continue
        if number > 1 and (any(lines[0].startswith(ending) for ending in endings) or CLOSING_DATE.fullmatch(lines[0])):
            problems.append(f"{name} 第 {number} 页以「{lines[0]}」开头")
        if number > 1 and all(FILL_IN_LINE.fullmatch(line) for line in lines):
            problems.append(f"{name} 第 {number} 页只有签署栏「{'／'.join(lines)}」")
        if number > 1 and len(lines) <= 2 and CLOSING_DATE.fullmatch(lines[-1]):
            problems.append(f"{name} 第 {number} 页只有落款「{'／'.join(lines)}」")
        if number == len(pages):
            continue
        last, following = lines[-1], pages[number]
        tail = "".join(lines[-2:])  # a heading wrapped over the page's last two lines
        if any(heading == last or (len(last) >= 4 and heading.endswith(last) and tail.endswith(heading))
               for heading in headings):
            problems.append(f"{name} 第 {number} 页以标题「{last}」结尾")
        elif last in labels:
            problems.append(f"{name} 第 {number} 页以「{last}」结尾")
        if CONTACT_NAME.match(last) and following and following[0].startswith("电话："):
            problems.append(f"{name} 第 {number} 页的「{last}」与下页的「{following[0]}」分开")
    return problems


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pages_hold_together(rendered: dict[str, Path]) -> None:
    """A reviewer turns the pages: 「日期：」 alone at the top of a page, a 报价函's signature alone on
    one, a heading or 「4.监督部门」 at the foot of a page sends the document back (a split 授权委托书
    invites disputes at opening)."""
    problems = []
    for name, document in _documents(rendered["spec"]).items():
        problems += _page_problems(name, document, rendered[f"{name}.pdf"])
    assert problems == [], problems


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_contents_do_not_spill_a_few_lines_onto_a_page(rendered: dict[str, Path]) -> None:
    for name, document in _documents(rendered["spec"]).items():
        if not any(isinstance(block, TableOfContents) for block in document.front_matter):
            continue
        path = rendered[f"{name}.pdf"]
        body_start = next(n for n, page in enumerate(PdfReader(path).pages)
                          if _FOOTER.search(_squeezed(page.extract_text())))  # the first numbered page
        contents = _page_lines(path, document.header)[1:body_start]  # after the cover
        assert contents, name
        assert len(contents) == 1 or len(contents[-1]) >= CONTENTS_LAST_PAGE_MIN_LINES, (name, contents[-1])


def test_docx_signature_blocks_and_headings_keep_with_next(rendered: dict[str, Path]) -> None:
    """Word and WPS lay the DOCX out themselves: the keep flags must be in it, not only in the PDF."""
    for name, document in _documents(rendered["spec"]).items():
        paragraphs = DocxDocument(str(rendered[f"{name}.docx"])).paragraphs
        texts = [_squeezed(paragraph.text) for paragraph in paragraphs]
        headings = [paragraph for paragraph in paragraphs if paragraph.style.name.startswith("Heading")]
        assert headings, name
        assert all(heading.paragraph_format.keep_with_next for heading in headings), name
        signatures = [block for block in document.body if isinstance(block, Signature)]
        found = 0
        for index in range(len(paragraphs)):
            for signature in signatures:
                labels = [_squeezed(field.label) + "：" for field in signature.fields]
                if len(labels) > 1 and all(index + offset < len(texts) and texts[index + offset].startswith(label)
                                           for offset, label in enumerate(labels)):
                    block = paragraphs[index:index + len(labels)]
                    assert all(p.paragraph_format.keep_with_next for p in block[:-1]), (name, labels)
                    assert all(p.paragraph_format.keep_together for p in block), (name, labels)
                    found += 1
                    break
        assert found >= len([s for s in signatures if len(s.fields) > 1]), name
