"""Markup injection through spec strings: every free-text field of every bundled example carries a
hostile payload, and the HTML, DOCX and PDF contain it only as text.

The payload closes the <style> element the running header lives in, opens a <script>, injects a
paragraph, tries a template expression and ends in a backslash; a second one tries to leave a CSS
string (quote, \\A line break, brace) and a CSS comment (*/).
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tinycss2
import yaml
from hostile_support import REPO, run_bounded
from lxml import etree

from procdocs.batch.columns import field_kind
from procdocs.escaping import css_string, html_attribute, html_text, json_text, terminal_text, typst_string
from procdocs.render import Renderer
from procdocs.spec.loader import validate_data
from procdocs.spec.model import ProjectSpec

EXAMPLES = sorted((REPO / "specs" / "examples").glob("*.yaml"))
HTML_PAYLOAD = "</style><script>alert(1)</script><style>'\"&<p>x</p>{{ 7*7 }}\\"
CSS_PAYLOAD = '"} \\A */ @top-center{content:"x"} /* </STYLE><img src=x>\\'
# Strings whose value is looked up (a region, a legal ground, a rule code) or must repeat another
# field (the core product is one of the lot's item names) keep their value.
# Values read against data: a region, a ground, a rule, a lot's item, and the bond forms the law lists
# (条例第三十三条: a spec may add forms, never drop one; a hostile extra form is added below instead).
LOOKED_UP = {"region", "ground", "rule", "core_product", "bid_bond_forms", "performance_bond_forms"}
WRITER_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p",
               "div", "nav", "a", "span", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
               "br", "u", "em", "strong"}


def hostile(data: dict[str, Any], payload: str) -> dict[str, Any]:
    """The spec with every free-text string replaced by the payload (with a serial, to tell them apart)."""
    data = copy.deepcopy(data)
    serial = iter(range(1, 10_000))

    def replace(value: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(value, dict):
            return {key: replace(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [replace(item, (*path, index)) for index, item in enumerate(value)]
        if isinstance(value, str) and _free_text(path):
            return f"{payload}#{next(serial)}#"
        return value

    data = replace(data, ())
    for lot in data["lots"]:
        if "core_product" in lot:  # it names one of the lot's items
            lot["core_product"] = lot["items"][0]["name"]
    for forms in ("bid_bond_forms", "performance_bond_forms"):
        if isinstance(data.get("bonds", {}).get(forms), list):
            data["bonds"][forms].append(f"{payload}#{next(serial)}#")
    return data


def _free_text(path: tuple[str | int, ...]) -> bool:
    if any(part in LOOKED_UP for part in path):
        return False
    if "requirements" in path:  # a requirement (text with its ★/▲ mark) is written as one string
        return True
    return field_kind(ProjectSpec, path).kind in {"text", "lines"}


def load_example(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar a string


class _Markup(HTMLParser):
    """The tags, the text and the <style> content of an HTML page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self.in_style else self.text).append(data)


def parse_html(html: str) -> _Markup:
    markup = _Markup()
    markup.feed(html)
    markup.close()
    return markup


def header_string(style: str) -> str:
    """The value of the CSS string in the @top-center rule of the unnamed @page, as a CSS parser reads it."""
    for rule in tinycss2.parse_stylesheet(style, skip_comments=True, skip_whitespace=True):
        unnamed = rule.type == "at-rule" and not any(token.type != "whitespace" for token in rule.prelude)
        if unnamed and rule.lower_at_keyword == "page" and rule.content is not None:
            for inner in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if inner.type == "at-rule" and inner.lower_at_keyword == "top-center":
                    declarations = tinycss2.parse_declaration_list(inner.content, skip_whitespace=True)
                    content = next(d for d in declarations if d.type == "declaration" and d.lower_name == "content")
                    return "".join(token.value for token in content.value if token.type == "string")
    raise AssertionError("no @top-center content in the style sheet")


# -- the escaping functions themselves ------------------------------------------------------------

@pytest.mark.parametrize("text", [HTML_PAYLOAD, CSS_PAYLOAD, "第 1 页\n共\t3 页", "a\u3000b", "\\41 x", "😀"])
def test_a_css_string_reads_back_as_the_text_and_cannot_close_the_style(text: str) -> None:
    literal = css_string(text)
    tokens = tinycss2.parse_component_value_list(literal)
    assert [token.type for token in tokens] == ["string"]
    assert tokens[0].value == text
    assert "<" not in literal and ">" not in literal and "*/" not in literal


TYPST_PAYLOAD = '"]#read("/etc/passwd")#[ *b* _i_ $x$ <h0> @h0 = 标题 // 注释 /* \\u{41} \\'


@pytest.mark.parametrize("text", [TYPST_PAYLOAD, HTML_PAYLOAD, "第 1 页\n共\t3 页\x00", "a\u3000b\u200b", "😀"])
def test_a_typst_string_reads_back_as_the_text_and_runs_no_code(text: str, tmp_path: Path) -> None:
    typst = pytest.importorskip("typst")
    source = tmp_path / "main.typ"
    source.write_text(f"#metadata({typst_string(text)}) <m>\n#{typst_string(text)}\n", encoding="utf-8")
    compiler = typst.Compiler(str(source), root=str(tmp_path))
    assert json.loads(compiler.query("<m>", field="value", one=True)) == text
    assert compiler.compile(format="pdf")  # the same literal as markup prints the text, and reads no file


def test_html_text_and_attributes_read_back_as_the_text() -> None:
    markup = parse_html(f'<p title="{html_attribute(HTML_PAYLOAD)}" lang=\'{html_attribute(CSS_PAYLOAD)}\'>'
                        f"{html_text(HTML_PAYLOAD)}</p>")
    assert markup.tags == ["p"]
    assert "".join(markup.text) == HTML_PAYLOAD


def test_terminal_and_json_output_carry_no_control_characters() -> None:
    assert terminal_text("名称\x1b[31m红\x07\r\u202e\u200b") == "名称<U+001B>[31m红<U+0007><U+000D><U+202E><U+200B>"
    assert terminal_text("第一行\n\t第二行") == "第一行\n\t第二行"
    assert json_text('{"a": "x\u202e\x7f\U000e0041"}') == '{"a": "x\\u202e\\u007f\\udb40\\udc41"}'


# -- every example, every free-text field ---------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem.split("-")[0])
def test_every_field_of_every_example_reaches_the_html_only_as_text(example: Path) -> None:
    from procdocs.writers.html import document_html

    data = hostile(load_example(example), HTML_PAYLOAD)
    data["project"]["number"] = f"{CSS_PAYLOAD}N"
    spec, problems = validate_data(data)
    assert spec is not None, problems
    renderer = Renderer(formats=["html"], run_checks=False)
    printed: set[str] = set()
    for definition, document in renderer.build(spec):
        markup = parse_html(document_html(document, renderer.assets))
        assert set(markup.tags) <= WRITER_TAGS, set(markup.tags) - WRITER_TAGS
        assert markup.tags.count("style") == 1 and markup.tags.count("title") == 1, definition.name
        # The number and the project name, or the document's name where the project name is too long
        # for one line (as with the payload): either way, the header carries the payload as text.
        assert header_string("".join(markup.styles)) == document.header
        assert document.header in (f"{CSS_PAYLOAD}N  {data['project']['name']}", f"{CSS_PAYLOAD}N  {definition.name}")
        printed.update(re.findall(re.escape(HTML_PAYLOAD) + r"#(\d+)#", "".join(markup.text)))
    fields = set(re.findall(r"#(\d+)#", yaml.safe_dump(data, allow_unicode=True, width=10**6)))
    # Every hostile field the documents print arrives whole, as text; a few fields are not printed.
    assert len(printed) >= 0.8 * len(fields), sorted(fields - printed, key=int)


@pytest.fixture(scope="session")
def hostile_render(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Path]]:
    """The inquiry example with every free-text field hostile, rendered once as DOCX, PDF and HTML by
    the real command under the memory ceiling."""
    folder = tmp_path_factory.mktemp("hostile-render")
    data = hostile(load_example(REPO / "specs" / "examples" / "inquiry-office-equipment.yaml"), HTML_PAYLOAD)
    data["project"]["number"] = f"{CSS_PAYLOAD}N"
    (folder / "spec.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run = run_bounded("render", "spec.yaml", "-o", "out", "--format", "docx,pdf,html", cwd=folder)
    assert run.returncode == 0, run.output[-3000:]
    files = {path.suffix.lstrip(".") + ":" + path.stem.rsplit("_", 1)[1]: path for path in (folder / "out").iterdir()}
    return data, files


def test_the_docx_holds_the_payload_as_text_only(hostile_render: tuple[dict[str, Any], dict[str, Path]]) -> None:
    data, files = hostile_render
    word = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(files["docx:询价通知书"]) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(archive.read(name))  # well-formed, whatever the payload
            namespaces = {element.tag.split("}")[0] for element in root.iter() if isinstance(element.tag, str)}
            assert not any("xhtml" in namespace or namespace.lower() in {"script", "p", "style"}
                           for namespace in namespaces), (name, namespaces)
        document = etree.fromstring(archive.read("word/document.xml"))
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{word}t")) for p in document.iter(f"{word}p")]
        assert sum(f"{HTML_PAYLOAD}#" in paragraph for paragraph in paragraphs) >= 20
        header = etree.fromstring(next(archive.read(n) for n in archive.namelist() if n.startswith("word/header")
                                       and b"N  " in archive.read(n)))
        assert "".join(t.text or "" for t in header.iter(f"{word}t")) in (
            f"{CSS_PAYLOAD}N  {data['project']['name']}", f"{CSS_PAYLOAD}N  询价通知书")
        core = archive.read("docProps/core.xml").decode("utf-8")
        assert etree.fromstring(core.encode()).findtext("{http://purl.org/dc/elements/1.1/}title") == (
            f"{data['project']['name']}询价通知书")


def test_the_pdf_prints_the_payload_as_text(hostile_render: tuple[dict[str, Any], dict[str, Path]]) -> None:
    from pypdf import PdfReader

    data, files = hostile_render
    reader = PdfReader(files["pdf:询价公告"])
    first_page = "".join(reader.pages[0].extract_text().split())
    assert "".join(f"{HTML_PAYLOAD}".split()) in first_page  # the injected <p> is text, not a paragraph
    assert "alert(1)" in first_page
    assert reader.metadata.title == f"{data['project']['name']}询价公告"


def test_the_html_file_holds_no_script(hostile_render: tuple[dict[str, Any], dict[str, Path]]) -> None:
    _, files = hostile_render
    markup = parse_html(files["html:询价公告"].read_text(encoding="utf-8"))
    assert "script" not in markup.tags and markup.tags.count("style") == 1
