"""`procdocs lint` and `procdocs rules`: exit codes, rule selection, reports, review files, annotation."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from conftest import fontconfig_env
from procdocs.cli import app
from procdocs.lint.model import Block, Finding, LintedFile, Location
from procdocs.lint.reporters import FileReport, Report, Reported, excerpt_parts
from procdocs.lint.review import parse_location

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CLAUSE = "投标人注册资本不低于500万元。"
HEADING = "二、申请人的资格要求"


def invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def lint_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = invoke("lint", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def make_docx(path: Path, *, clause_runs: tuple[str, ...] = ("投标人", "注册资本不低", "于500万元。"),
              bold_run: int = 1, table_clause: bool = False, header_table: bool = False,
              extra: list[str] | None = None) -> Path:
    """A small 公告: the C07 clause under “二、申请人的资格要求”, split over runs (one bold)."""
    document = docx.Document()
    if header_table:  # tables in headers are numbered before the body's by the reader
        header = document.sections[0].header
        cell_table = header.add_table(rows=1, cols=2, width=docx.shared.Cm(15))
        cell_table.cell(0, 0).text = "项目编号"
        cell_table.cell(0, 1).text = "JCZC2026-GK-0318"
    document.add_paragraph("一、项目基本情况")
    document.add_paragraph("采购需求：公务用车采购一批。")
    document.add_paragraph(HEADING)
    paragraph = document.add_paragraph()
    for index, text in enumerate(clause_runs):
        run = paragraph.add_run(text)
        run.bold = index == bold_run
    for text in extra or []:
        document.add_paragraph(text)
    if table_clause:
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text = "序号"
        table.cell(0, 1).text = "资格条件"
        table.cell(1, 0).text = "1"
        table.cell(1, 1).text = "具有独立承担民事责任的能力。"
        table.cell(2, 0).text = "2"
        cell = table.cell(2, 1)
        cell.paragraphs[0].add_run("具有良好的商业信誉。")
        second = cell.add_paragraph()
        second.add_run("近三年年均营业收入")
        second.add_run("不低于1000万元").italic = True
        second.add_run("（提供审计报告）。")
    document.add_paragraph("三、获取招标文件")
    document.add_paragraph("时间：2026年12月1日至2026年12月8日。")
    document.save(path)
    return path


def make_clean_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(HEADING)
    document.add_paragraph("具有独立承担民事责任的能力。")
    document.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- exit codes and rule selection ---------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    assert invoke("lint", make_clean_docx(tmp_path / "clean.docx")).exit_code == 0
    assert invoke("lint", make_docx(tmp_path / "bad.docx")).exit_code == 1
    missing = invoke("lint", tmp_path / "missing.docx")
    assert missing.exit_code == 2
    assert "missing.docx" in missing.stderr and "不存在" in missing.stderr
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0")
    assert invoke("lint", legacy).exit_code == 2
    assert invoke("lint", "--format", "xml", tmp_path / "bad.docx").exit_code == 2
    assert invoke("lint", "--fail-on", "sometimes", tmp_path / "bad.docx").exit_code == 2


def test_select_and_ignore_by_code_or_prefix(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    assert invoke("lint", "--select", "C07", bad).exit_code == 1
    assert invoke("lint", "--select", "c", bad).exit_code == 1  # prefixes, case of the letter ignored
    assert invoke("lint", "--ignore", "C07", bad).exit_code == 0
    assert invoke("lint", "--ignore", "C0", bad).exit_code == 0
    assert invoke("lint", "--select", "C", "--ignore", "C07", bad).exit_code == 0
    _, data = lint_json("--ignore", "C07", bad)
    assert data["files"][0]["findings"] == []
    unknown = invoke("lint", "--select", "Z99", bad)
    assert unknown.exit_code == 2 and "Z99" in unknown.stderr


def test_fail_on(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    assert invoke("lint", "--fail-on", "never", bad).exit_code == 0
    assert invoke("lint", "--fail-on", "warning", bad).exit_code == 1
    assert invoke("lint", "--fail-on", "error", bad).exit_code == 1


def _finding(severity: str, rule: str = "C07") -> Finding:
    block = Block(CLAUSE, Location(paragraph=3), headings=(HEADING,))
    return Finding(rule=rule, severity=severity, title="t", message="m", basis="b", suggestion="s", block=block,
                   start=3, end=10)  # type: ignore[arg-type]


def test_fail_on_thresholds_with_warnings() -> None:
    warning = _finding("warning", "V01")
    linted = LintedFile("a.docx", "docx", [warning.block], [warning])
    report = Report([FileReport(linted, [Reported(warning)])], "error")
    assert not report.failed and report.exit_code == 0
    report.fail_on = "warning"
    assert report.failed and report.exit_code == 1
    report.fail_on = "never"
    assert report.exit_code == 0


# -- reports -------------------------------------------------------------------------------------


def test_json_report_shape(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    code, data = lint_json(bad)
    assert code == 1
    assert set(data) == {"version", "tool", "files", "summary"}
    assert data["version"] == 1
    file = data["files"][0]
    assert set(file) == {"path", "kind", "blocks", "findings"}
    assert file["path"] == str(bad) and file["kind"] == "docx" and file["blocks"] >= 6
    finding = file["findings"][0]
    assert {"rule", "severity", "message", "basis", "suggestion", "section", "excerpt", "match",
            "location"} <= set(finding)
    assert finding["rule"] == "C07" and finding["severity"] == "error"
    assert finding["section"] == HEADING
    assert finding["location"] == {"paragraph": 4}
    assert finding["where"] == "第4段"
    assert finding["match"].startswith("注册资本不低于") and finding["match"] in finding["excerpt"]
    assert finding["excerpt"] == CLAUSE
    assert finding["waived"] is False and finding["waiver"] is None
    assert finding["proposed"] is False  # found by C07's own pattern, not proposed by the model
    summary = data["summary"]
    assert summary["files"] == 1 and summary["findings"] == 1 and summary["waived"] == 0
    assert summary["by_severity"] == {"error": 1, "warning": 0}
    assert summary["by_rule"] == {"C07": 1}
    assert summary["failed"] is True and summary["unmatched_waivers"] == []


def test_text_report_plain_when_piped(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    result = invoke("lint", bad)
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes when not a terminal
    assert f"{bad}（1 个问题）" in out
    assert "第4段" in out and HEADING in out
    assert "C07 错误" in out
    assert CLAUSE in out
    lines = out.splitlines()
    quote = next(index for index, line in enumerate(lines) if CLAUSE in line)
    carets = lines[quote + 1]
    # 投标人 is three CJK characters: six terminal cells after the indentation
    assert carets.strip().startswith("^") and carets.index("^") == lines[quote].index("投") + 6
    assert "依据：《政府采购货物和服务招标投标管理办法》" in out and "建议：删除规模条件" in out
    assert out.rstrip().endswith("共审查 1 个文件：错误 1 个，警告 0 个（C07 1 个）。")
    clean = invoke("lint", make_clean_docx(tmp_path / "clean.docx"))
    assert "未发现问题" in clean.stdout


def test_report_to_file_refuses_to_overwrite(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    report = tmp_path / "report.json"
    assert invoke("lint", "--format", "json", "-o", report, bad).exit_code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"] == 1
    again = invoke("lint", "--format", "json", "-o", report, bad)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert invoke("lint", "--format", "json", "-o", report, "--force", bad).exit_code == 1


def _sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_passes_the_official_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validator = _sarif_validator()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    make_docx(tmp_path / "docs" / "招标公告.docx")
    markdown = tmp_path / "docs" / "需求.md"
    markdown.write_text(f"# 第一章 招标公告\n\n## {HEADING}\n\n{CLAUSE}\n", encoding="utf-8")
    (tmp_path / "docs" / "procdocs-review.yaml").write_text(
        "- rule: C07\n  file: 需求.md\n  excerpt: 注册资本\n  reason: 测试接受\n"
        "- rule: C07\n  excerpt: 不存在的原文\n  reason: 已过时\n", encoding="utf-8")
    result = invoke("lint", "--format", "sarif", "docs")
    assert result.exit_code == 1, result.stderr
    log = json.loads(result.stdout)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(error.path)}: {error.message}" for error in errors[:5])
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert driver["name"] == "procdocs" and driver["version"]
    rule = next(rule for rule in driver["rules"] if rule["id"] == "C07")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "依据" in rule["help"]["text"] and "建议" in rule["help"]["text"]
    results = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: result
               for result in run["results"]}
    docx_uri = "docs/%E6%8B%9B%E6%A0%87%E5%85%AC%E5%91%8A.docx"  # relative, percent-encoded
    assert set(results) == {docx_uri, "docs/%E9%9C%80%E6%B1%82.md"}
    on_docx = results[docx_uri]
    assert on_docx["ruleId"] == "C07" and on_docx["level"] == "error"
    assert "第4段" in on_docx["message"]["text"]
    assert on_docx["locations"][0]["logicalLocations"][0]["name"] == "第4段"
    assert on_docx["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == CLAUSE
    assert "suppressions" not in on_docx
    on_markdown = results["docs/%E9%9C%80%E6%B1%82.md"]
    assert on_markdown["locations"][0]["physicalLocation"]["region"] == {"startLine": 5}
    assert on_markdown["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "测试接受",
                                            "properties": {"source": str(Path("docs/procdocs-review.yaml")),
                                                           "line": 1}}]
    notifications = run["invocations"][0]["toolConfigurationNotifications"]
    assert len(notifications) == 1 and "审查意见未匹配任何问题" in notifications[0]["message"]["text"]


def test_sarif_without_findings_is_valid(tmp_path: Path) -> None:
    validator = _sarif_validator()
    result = invoke("lint", "--format", "sarif", make_clean_docx(tmp_path / "clean.docx"))
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert not list(validator.iter_errors(log))
    assert log["runs"][0]["results"] == []


# -- review files --------------------------------------------------------------------------------


def test_review_file_beside_the_document_waives(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    (tmp_path / "procdocs-review.yaml").write_text(
        "# 审查意见\n- rule: C07\n  excerpt: 注册资本不低于 500 万元\n  reason: 经财政部门批准的特殊项目\n", encoding="utf-8")
    code, data = lint_json(bad)
    assert code == 0
    finding = data["files"][0]["findings"][0]
    assert finding["waived"] is True
    assert finding["waiver"] == {"reason": "经财政部门批准的特殊项目", "source": str(tmp_path / "procdocs-review.yaml"),
                                 "line": 2}
    assert data["summary"]["waived"] == 1 and data["summary"]["findings"] == 0
    text = invoke("lint", bad)
    assert text.exit_code == 0
    assert "已接受" in text.stdout and "经财政部门批准的特殊项目" in text.stdout
    assert "未发现问题（1 个问题已经审查接受）" in text.stdout


def test_review_option_with_location(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    review = tmp_path / "elsewhere" / "review.yaml"
    review.parent.mkdir()
    review.write_text("- rule: C07\n  location: 第4段\n  reason: 已核实\n", encoding="utf-8")
    assert invoke("lint", "--review", review, bad).exit_code == 0
    review.write_text("- rule: C07\n  location: {paragraph: 5}\n  reason: 已核实\n", encoding="utf-8")
    result = invoke("lint", "--review", review, bad)
    assert result.exit_code == 1
    assert f"{review}:1" in result.stderr and "审查意见未匹配任何问题" in result.stderr
    missing = invoke("lint", "--review", tmp_path / "nope.yaml", bad)
    assert missing.exit_code == 2 and "无法读取审查文件：文件不存在" in missing.stderr


def test_waiver_without_reason_is_rejected(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    review = tmp_path / "procdocs-review.yaml"
    review.write_text("- rule: C07\n  excerpt: 注册资本\n  reason: '  '\n- rule: C07\n  excerpt: 注册资本\n",
                      encoding="utf-8")
    result = invoke("lint", bad)
    assert result.exit_code == 2
    assert f"{review}:3 " in result.stderr and f"{review}:4 " in result.stderr
    assert result.stderr.count("缺少接受理由") == 2
    assert result.stdout == ""


def test_review_file_errors_are_located(tmp_path: Path) -> None:
    bad = make_docx(tmp_path / "bad.docx")
    review = tmp_path / "procdocs-review.yaml"
    review.write_text("- rule: X01\n  excerpt: 注册资本\n  reason: 理由\n  note: 多余\n"
                      "- rule: C07\n  reason: 理由\n- rule: C07\n  location: 第几段\n  reason: 理由\n", encoding="utf-8")
    result = invoke("lint", bad)
    assert result.exit_code == 2
    assert f"{review}:1 未知的规则编号「X01」" in result.stderr
    assert f"{review}:4 未知字段「note」" in result.stderr
    assert f"{review}:5 需指定 excerpt" in result.stderr
    assert f"{review}:8 无法识别的位置「第几段」" in result.stderr
    review.write_text("- rule: C07\n  excerpt: [注册资本\n", encoding="utf-8")
    syntax = invoke("lint", bad)
    assert syntax.exit_code == 2 and "YAML 语法错误" in syntax.stderr and f"{review}:" in syntax.stderr


def test_unmatched_waiver_is_reported(tmp_path: Path) -> None:
    clean = make_clean_docx(tmp_path / "clean.docx")
    (tmp_path / "procdocs-review.yaml").write_text(
        "- rule: C07\n  excerpt: 注册资本不低于500万元\n  reason: 原条款已删除\n", encoding="utf-8")
    result = invoke("lint", clean)
    assert result.exit_code == 0
    assert "警告：" in result.stderr and "审查意见未匹配任何问题" in result.stderr and ":1 " in result.stderr
    _, data = lint_json(clean)
    assert data["summary"]["unmatched_waivers"][0]["excerpt"] == "注册资本不低于500万元"
    # a waiver of a rule that was not run is not "unmatched"
    assert "审查意见未匹配" not in invoke("lint", "--ignore", "C07", clean).stderr


@pytest.mark.parametrize(("text", "expected"), [
    ("第12段", {"paragraph": 12}),
    ("表3第2行第4列", {"table": 3, "row": 2, "column": 4}),
    ("第5页第10行", {"page": 5, "line": 10}),
    ("第42行", {"line": 42}),
    ("页眉", {"part": "页眉"}),
    ("脚注，第7段", {"part": "脚注", "paragraph": 7}),
    ("第几段", None),
])
def test_parse_location(text: str, expected: dict | None) -> None:
    assert parse_location(text) == expected
    if expected:
        assert parse_location(Location(**expected).describe()) == expected  # type: ignore[arg-type]


# -- rules ---------------------------------------------------------------------------------------


def test_rules_lists_and_explains() -> None:
    listing = invoke("rules")
    assert listing.exit_code == 0
    assert "C07" in listing.stdout and "错误" in listing.stdout and "规模条件" in listing.stdout
    detail = invoke("rules", "C07")
    assert detail.exit_code == 0
    for expected in ("级别：错误", "适用于：资格条件", "依据：《政府采购货物和服务招标投标管理办法》", "建议：", "应当标记的示例",
                     f"〔{HEADING}〕{CLAUSE}", "不应标记的示例"):
        assert expected in detail.stdout
    assert "C07" in invoke("rules", "C").stdout  # a prefix lists the rules it covers
    unknown = invoke("rules", "Q42")
    assert unknown.exit_code == 2 and "Q42" in unknown.stderr


# -- annotate ------------------------------------------------------------------------------------


def comment_anchors(path: Path) -> dict[str, str]:
    """Comment id -> the text between its commentRangeStart and commentRangeEnd, in document order."""
    document = docx.Document(str(path))
    open_ranges: dict[str, list[str]] = {}
    anchors: dict[str, str] = {}
    for element in document.element.body.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ranges[element.get(f"{W}id")] = []
        elif element.tag == f"{W}commentRangeEnd":
            key = element.get(f"{W}id")
            anchors[key] = "".join(open_ranges.pop(key))
        elif element.tag in (f"{W}t", f"{W}tab", f"{W}br") and element.getparent().tag == f"{W}r":
            text = element.text or "" if element.tag == f"{W}t" else "\t" if element.tag == f"{W}tab" else "\n"
            for pieces in open_ranges.values():
                pieces.append(text)
        elif element.tag == f"{W}p" and open_ranges:
            for pieces in open_ranges.values():
                if pieces:
                    pieces.append("\n")
    return anchors


def comments(path: Path) -> dict[str, Any]:
    document = docx.Document(str(path))
    return {str(comment.comment_id): comment for comment in document.comments}


def test_annotate_anchors_comments_on_the_matched_words(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "公告.docx", table_clause=True, header_table=True)
    before = digest(source)
    target = tmp_path / "公告-批注.docx"
    result = invoke("lint", "--format", "json", "--annotate", target, source)
    assert result.exit_code == 1, result.stderr
    assert digest(source) == before  # the input is never modified
    assert "已生成带批注的副本" in result.stderr
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert len(findings) == 2
    assert {finding["where"] for finding in findings} == {"第4段", "表2第3行第2列"}  # the header's table is 表1
    anchors = comment_anchors(target)
    notes = comments(target)
    assert sorted(anchors.values()) == sorted(finding["match"] for finding in findings)
    for key, anchored in anchors.items():
        finding = next(finding for finding in findings if finding["match"] == anchored)
        comment = notes[key]
        assert comment.author == "procdocs" and comment.initials == "PD"
        assert comment.text.splitlines() == [f"[C07 错误] {finding['message']}", f"依据：{finding['basis']}",
                                             f"建议：{finding['suggestion']}"]
    # run formatting survives the split: the bold run keeps its bold, the rest is not bold
    document = docx.Document(str(target))
    clause = next(paragraph for paragraph in document.paragraphs if paragraph.text == CLAUSE)
    assert [(run.text, bool(run.bold)) for run in clause.runs if run.text] == [
        ("投标人", False), ("注册资本不低", True), ("于500万元", False), ("。", False)]
    cell = document.tables[0].cell(2, 1)
    italic = [run.text for paragraph in cell.paragraphs for run in paragraph.runs if run.italic]
    assert "".join(italic) == "不低于1000万元"
    # the annotated copy reads back with the same findings at the same places
    _, again = lint_json(target)
    assert [(f["where"], f["match"]) for f in again["files"][0]["findings"]] == [
        (f["where"], f["match"]) for f in findings]


def test_annotate_several_findings_in_one_paragraph(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "a.docx", clause_runs=("投标人注册资本不低于500万元；近三年年均营业收入不低于1000万元。",),
                       bold_run=-1)
    target = tmp_path / "b.docx"
    result = invoke("lint", "--format", "json", "--annotate", target, source)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert len(findings) == 2
    assert sorted(comment_anchors(target).values()) == sorted(finding["match"] for finding in findings)
    paragraph = next(p for p in docx.Document(str(target)).paragraphs if p.text.startswith("投标人"))
    assert paragraph.text == "投标人注册资本不低于500万元；近三年年均营业收入不低于1000万元。"


def test_annotate_skips_waived_findings(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "a.docx")
    (tmp_path / "procdocs-review.yaml").write_text("- rule: C07\n  excerpt: 注册资本\n  reason: 已批准\n", encoding="utf-8")
    target = tmp_path / "b.docx"
    assert invoke("lint", "--annotate", target, source).exit_code == 0
    assert comment_anchors(target) == {}


def test_annotate_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "a.docx")
    other = make_docx(tmp_path / "b.docx")
    markdown = tmp_path / "a.md"
    markdown.write_text(CLAUSE, encoding="utf-8")
    assert invoke("lint", "--annotate", tmp_path / "x.docx", markdown).exit_code == 2
    assert invoke("lint", "--annotate", tmp_path / "x.docx", source, other).exit_code == 2
    assert invoke("lint", "--annotate", tmp_path / "x.pdf", source).exit_code == 2
    before = digest(source)
    itself = invoke("lint", "--annotate", source, "--force", source)
    assert itself.exit_code == 2 and "输入文件" in itself.stderr
    assert digest(source) == before
    target = tmp_path / "x.docx"
    target.write_bytes(b"keep")
    exists = invoke("lint", "--annotate", target, source)
    assert exists.exit_code == 2 and "--force" in exists.stderr
    assert target.read_bytes() == b"keep"
    assert invoke("lint", "--annotate", target, "--force", source).exit_code == 1
    assert zipfile.is_zipfile(target)


def test_annotate_finds_every_block_of_a_real_document(rendered_tender: dict[str, Path], tmp_path: Path) -> None:
    """procdocs' own 招标文件 (TOC, fields, headers, merged cells): a comment on part of every block."""
    from procdocs.lint.annotate import annotate
    from procdocs.lint.readers import read

    source = rendered_tender["docx"]
    _, blocks = read(source)
    findings = [
        Finding(rule="C07", severity="error", title="t", message=f"m{index}", basis="b", suggestion="s",
                block=block, start=1, end=min(len(block.text) - 1, 9))
        for index, block in enumerate(block for block in blocks if not block.location.part and len(block.text) >= 4)
    ]
    assert len(findings) > 500
    target = tmp_path / "annotated.docx"
    result = annotate(source, findings, target)
    assert result.comments == len(findings) and not result.approximate
    anchors = comment_anchors(target)
    first_lines = {key: comment.text.splitlines()[0] for key, comment in comments(target).items()}
    for key, anchored in anchors.items():
        finding = findings[int(first_lines[key].rsplit("] m", 1)[1])]
        # A range cannot close after a trailing line break (the break ends its run); the words are the same.
        assert anchored == finding.match.rstrip("\n")
    _, again = read(target)
    assert [(block.location, block.text) for block in again] == [(block.location, block.text) for block in blocks]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_sees_the_comment_on_the_matched_words(tmp_path: Path) -> None:
    """LibreOffice's own reading of the comment range (converted to ODT): exactly the matched words."""
    source = make_docx(tmp_path / "a.docx")
    target = tmp_path / "annotated.docx"
    assert invoke("lint", "--annotate", target, source).exit_code == 1
    profile = tmp_path / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(target)],
                   capture_output=True, text=True, timeout=180, env={**os.environ, **fontconfig_env(tmp_path)})
    with zipfile.ZipFile(tmp_path / "annotated.odt") as archive:
        content = archive.read("content.xml").decode("utf-8")
    start = content.index("<office:annotation ")
    body_end = content.index("</office:annotation>", start) + len("</office:annotation>")
    end = content.index("<office:annotation-end", body_end)
    anchored = re.sub(r"<[^>]+>", "", content[body_end:end])
    before = re.sub(r"<[^>]+>", "", content[content.rindex("<text:p", 0, start):start])
    assert (before, anchored) == ("投标人", "注册资本不低于500万元")
    assert "[C07 错误]" in content[start:body_end] and "procdocs" in content[start:body_end]


# -- start-up ------------------------------------------------------------------------------------


def test_the_command_ends_with_its_status_output_and_cache_saved(tmp_path: Path) -> None:
    # The process leaves without tearing its objects down (cli._exit_without_teardown): its exit status, all
    # of its report and what its exit handlers save (the sentences found clean) must still be there.
    draft = tmp_path / "draft.md"
    draft.write_text("# 第一章 招标公告\n\n## 二、申请人的资格要求\n\n投标人须在本市注册。\n\n投标人须具有良好的商业信誉。\n",
                     encoding="utf-8")
    cache = tmp_path / "cache"
    environment = {**os.environ, "PROCDOCS_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "procdocs", "lint", str(draft), "--format", "json"],
                            capture_output=True, text=True, timeout=120, env=environment)
    assert result.returncode == 1, result.stderr
    assert [finding["rule"] for finding in json.loads(result.stdout)["files"][0]["findings"]] == ["C01"]
    assert (cache / "lint-clean-sentences.json").is_file()


def test_lint_help_does_not_import_weasyprint() -> None:
    # The command ends the process itself once its exit handlers have run (cli._exit_without_teardown): the
    # modules are listed by one of them.
    code = ("import atexit, sys, runpy; sys.argv = ['procdocs', 'lint', '--help']\n"
            "atexit.register(lambda: print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('weasyprint', 'docx', 'lxml', 'pypdf', 'pypdfium2')), flush=True))\n"
            "runpy.run_module('procdocs', run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_excerpt_parts_match_finding_excerpt() -> None:
    finding = _finding("error")
    before, match, after = excerpt_parts(finding)
    assert before + match + after == finding.excerpt() and match == finding.match
