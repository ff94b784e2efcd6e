"""Invisible characters cannot hide a clause from the linter, and are reported when they are there.

仅限本市企业投标 with a zero-width joiner, a word joiner, a soft hyphen, a variation selector or a
bidi override inside reads the same to a reviewer; the linter must flag it like the plain clause, in
every format it reads, quote the original text (the character included), put the Word comment on
those words, and say once per document that such characters are there (rule I01).
"""

from __future__ import annotations

import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from procdocs.lint.annotate import annotate
from procdocs.lint.engine import lint_clause
from procdocs.lint.normalize import INVISIBLE, normalize, show_invisible, strip_invisible
from procdocs.lint.reporters import FileReport, Report, Reported
from procdocs.lint.reporters import text as text_reporter
from procdocs.lint.run import lint_file

QUALIFICATION = "第一章 招标公告 > 二、申请人的资格要求"
# The five, and more of each kind: zero width, BOM, bidi marks and isolates, tags, C1 control.
CODE_POINTS = [0x2060, 0x200D, 0x00AD, 0xFE00, 0x202E, 0x200B, 0x200C, 0xFEFF, 0x200F, 0x2067, 0x061C,
               0xE0100, 0xE0041, 0x180E, 0x034F, 0x0086]
# Arabic number signs are format characters with a visible glyph: not invisible.
PREPENDED_CONCATENATION_MARKS = {*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}


def clause(char: str) -> str:
    return f"仅限本市{char}企业投标。"


def ids(code: int) -> str:
    return f"U+{code:04X}"


# -- normalisation ---------------------------------------------------------------------------------


def test_every_format_character_and_variation_selector_is_invisible() -> None:
    format_characters = {code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"}
    wanted = (format_characters - PREPENDED_CONCATENATION_MARKS) | {*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
    missing = sorted(code for code in wanted if not INVISIBLE.match(chr(code)))
    assert not missing, [ids(code) for code in missing]
    assert not any(INVISIBLE.match(chr(code)) for code in PREPENDED_CONCATENATION_MARKS)
    # white space is not invisible: it is removed from matching, but it is normal typesetting
    assert not any(INVISIBLE.match(char) for char in " \t\n\r\u3000\u00a0\u2002")


@pytest.mark.parametrize("code", CODE_POINTS, ids=ids)
def test_normalisation_removes_invisible_characters_and_maps_back(code: int) -> None:
    original = clause(chr(code))
    normalized = normalize(original)
    assert normalized.text == "仅限本市企业投标。"
    start = normalized.text.index("本市企业")
    assert normalized.original_span(start, start + 4) == (2, 7)  # 本市(U+…)企业: the character inside the span
    assert strip_invisible(original) == "仅限本市企业投标。"


def test_compatibility_forms_read_as_the_characters_they_look_like() -> None:
    # Kangxi radical ⼈ (U+2F08, also what PDF text extraction gives), mathematical digits, half-width forms
    assert normalize("投标⼈注册资本不低于𝟓𝟎𝟎万元｡").text == "投标人注册资本不低于500万元。"
    assert normalize("資格").text == "资格"  # traditional characters are converted by OpenCC, one for one
    assert normalize("①3年").text == "3年"  # a circled number is a list marker, read past, never the digit 1
    codes = {finding.rule for finding in lint_clause("投标⼈注册资本不低于𝟓𝟎𝟎万元。", QUALIFICATION)}
    assert codes == {"C07"}


# -- the rules still match, and I01 says why -----------------------------------------------------------


@pytest.mark.parametrize("code", CODE_POINTS, ids=ids)
def test_a_clause_split_by_an_invisible_character_is_flagged(code: int) -> None:
    char = chr(code)
    findings = {finding.rule: finding for finding in lint_clause(clause(char), QUALIFICATION)}
    assert set(findings) == {"C01", "I01"}
    assert findings["C01"].match == f"仅限本市{char}企业"  # the original words, the character included
    assert char in findings["C01"].message
    assert f"U+{code:04X}" in findings["I01"].message
    assert findings["I01"].severity == "warning"


def test_white_space_is_not_reported() -> None:
    assert {finding.rule for finding in lint_clause("仅限本市\u3000企业 投标。", QUALIFICATION)} == {"C01"}


def test_one_warning_per_document_naming_every_character_and_place(tmp_path: Path) -> None:
    path = tmp_path / "文件.md"
    path.write_text("# 资格要求\n\n投标人须具有良好\u200d的商业信誉。\n\n供应商须为本\u202e市企业。\n\n"
                    "具备履行\u200d合同\ufe0f所必需的设备。\n", encoding="utf-8")
    findings = [finding for finding in lint_file(path).findings if finding.rule == "I01"]
    assert len(findings) == 1
    [finding] = findings
    assert finding.block.location.line == 3 and finding.match == "投标人须具有良好\u200d的商业信誉。"
    assert "含有 4 个" in finding.message
    assert "U+200D（零宽字符）、U+202E（文字方向控制字符）、U+FE0F（变体选择符）" in finding.message
    assert "另见第5行、第7行" in finding.message


def test_a_heading_split_by_an_invisible_character_still_decides_the_role(tmp_path: Path) -> None:
    path = tmp_path / "文件.txt"
    path.write_text("第一章 招标公告\n\n二\u2060、申请人的资\u200d格要求\n\n投标人须在本地设立分支机构。\n", encoding="utf-8")
    [block] = [block for block in lint_file(path).blocks if block.text.startswith("投标人")]
    assert block.role == "qualification"
    assert block.headings == ("第一章 招标公告", "二\u2060、申请人的资\u200d格要求")


# -- every reader ---------------------------------------------------------------------------------------


def _write(tmp_path: Path, kind: str, char: str) -> Path:
    text = clause(char)
    if kind == "txt":
        path = tmp_path / "文件.txt"
        path.write_text(f"二、申请人的资格要求\n\n{text}\n", encoding="utf-8")
    elif kind == "md":
        path = tmp_path / "文件.md"
        path.write_text(f"## 申请人的资格要求\n\n- {text}\n", encoding="utf-8")
    elif kind == "html":
        path = tmp_path / "文件.html"
        path.write_text(f"<h2>申请人的资格要求</h2><table><tr><th>序号</th><th>资格要求</th></tr>"
                        f"<tr><td>1</td><td>{text}</td></tr></table>", encoding="utf-8")
    elif kind == "docx":
        path = tmp_path / "文件.docx"
        document = docx.Document()
        document.add_heading("申请人的资格要求", 2)
        paragraph = document.add_paragraph()
        for piece in ("仅限本", f"市{char}企", "业投标。"):  # the words across three runs
            paragraph.add_run(piece)
        document.save(str(path))
    else:
        path = tmp_path / "project.yaml"
        path.write_text(f'project:\n  name: 办公设备采购\nqualifications:\n  - "{text}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["txt", "md", "html", "docx", "spec"])
@pytest.mark.parametrize("code", [0x2060, 0x200D, 0x00AD, 0xFE00, 0x202E], ids=ids)
def test_every_reader_keeps_the_character_and_the_clause_is_flagged(tmp_path: Path, kind: str, code: int) -> None:
    char = chr(code)
    linted = lint_file(_write(tmp_path, kind, char))
    findings = {finding.rule: finding for finding in linted.findings}
    assert set(findings) == {"C01", "I01"}, [(f.rule, f.match) for f in linted.findings]
    assert findings["C01"].match == f"仅限本市{char}企业"
    assert findings["C01"].block.text.startswith(f"仅限本市{char}企业投标")
    assert f"U+{code:04X}" in findings["I01"].message


def _commented_words(document_xml: bytes) -> dict[str, str]:
    """Comment id -> the text between its range start and end."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    open_ranges: set[str] = set()
    words: dict[str, str] = {}
    for element in etree.fromstring(document_xml).iter():
        if element.tag == f"{w}commentRangeStart":
            open_ranges.add(element.get(f"{w}id"))
            words[element.get(f"{w}id")] = ""
        elif element.tag == f"{w}commentRangeEnd":
            open_ranges.discard(element.get(f"{w}id"))
        elif element.tag == f"{w}t":
            for comment in open_ranges:
                words[comment] += element.text or ""
    return words


@pytest.mark.parametrize("code", [0x2060, 0x200D, 0x00AD, 0xFE00, 0x202E], ids=ids)
def test_the_word_comment_sits_on_the_original_words(tmp_path: Path, code: int) -> None:
    char = chr(code)
    source = _write(tmp_path, "docx", char)
    linted = lint_file(source)
    target = tmp_path / "批注.docx"
    result = annotate(source, linted.findings, target)
    assert result.comments == 2 and not result.approximate
    with zipfile.ZipFile(target) as archive:
        words = sorted(_commented_words(archive.read("word/document.xml")).values())
    assert words == sorted([f"仅限本市{char}企业", f"仅限本市{char}企业投标。"])


def test_the_terminal_report_writes_the_characters_out(tmp_path: Path) -> None:
    linted = lint_file(_write(tmp_path, "txt", "\u202e"))
    report = Report([FileReport(linted, [Reported(finding) for finding in linted.findings])])
    printed = text_reporter.render(report)
    assert "\u202e" not in printed  # a bidi override would reorder the rest of the terminal line
    assert "仅限本市<U+202E>企业投标。" in printed
    assert show_invisible("a\u200db") == "a<U+200D>b"
