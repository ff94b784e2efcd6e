"""`procdocs lint` on hostile documents, as a real process under the 1 GB ceiling: hidden characters
cannot hide a clause, and inputs built to make it slow or big get correct findings or one Chinese
message and exit code 2 within seconds (the run is killed after a minute: a hang fails the test).

Each input was a hang or an evasion before (issue 13): a 30 KB contents line of dots ran past 60 s,
HTML of repeated ``<a``/``<!`` and spanned tables ran for minutes, 仅限本市企业投标 with U+2060, U+200D,
U+00AD, U+FE00 or U+202E inside passed with no finding.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from hostile_support import Run, Tree, assert_user_error, run_bounded

CLAUSE = "仅限本市企业投标。"
HIDDEN = {"U+2060": "\u2060", "U+200D": "\u200d", "U+00AD": "\u00ad", "U+FE00": "\ufe00", "U+202E": "\u202e"}


def lint(tmp_path: Path, name: str, *options: str) -> Run:
    return run_bounded("lint", "--format", "json", *options, name, cwd=tmp_path)


def findings(run: Run) -> list[dict]:
    assert "Traceback" not in run.output, run.output[-3000:]
    assert run.returncode in (0, 1), run.output[-3000:]
    return [finding for file in json.loads(run.stdout)["files"] for finding in file["findings"]]


def rules(run: Run) -> list[str]:
    return sorted(finding["rule"] for finding in findings(run))


# -- hidden characters ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(HIDDEN))
def test_a_hidden_character_in_a_docx_clause_is_flagged_and_reported(tmp_path: Path, code: str) -> None:
    char = HIDDEN[code]
    document = docx.Document()
    document.add_heading("二、申请人的资格要求", 2)
    paragraph = document.add_paragraph()
    paragraph.add_run("仅限本")
    paragraph.add_run(f"市{char}企")
    paragraph.add_run("业投标。")
    document.save(str(tmp_path / "送审稿.docx"))
    tree = Tree(tmp_path)
    run = lint(tmp_path, "送审稿.docx", "--annotate", "out/批注.docx")
    by_rule = {finding["rule"]: finding for finding in findings(run)}
    assert run.returncode == 1 and set(by_rule) == {"C01", "I01"}
    assert by_rule["C01"]["match"] == f"仅限本市{char}企业"  # the original words, quoted as they are
    assert code in by_rule["I01"]["message"]
    assert "2 条批注" in run.stderr
    tree.assert_unchanged("out")


def test_hidden_characters_in_text_and_the_terminal_report(tmp_path: Path) -> None:
    (tmp_path / "送审稿.txt").write_text("二、申请人的资格要求\n\n" + "".join(
        f"{index}. 仅限本市{char}企业投标。\n\n" for index, char in enumerate(HIDDEN.values(), 1)), encoding="utf-8")
    run = run_bounded("lint", "送审稿.txt", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.output
    assert run.stdout.count("C01 错误") == 5 and run.stdout.count("I01 警告") == 1
    assert "\u202e" not in run.stdout and "仅限本市<U+202E>企业投标。" in run.stdout  # written out, never obeyed


# -- linear time --------------------------------------------------------------------------------------


def test_a_contents_line_of_thirty_thousand_dots(tmp_path: Path) -> None:
    (tmp_path / "目录.txt").write_text(f"第一章 总则{'.' * 30_000}x\n\n第二章 {'. ' * 15_000}12\n\n二、申请人的资格要求\n\n"
                                      f"{CLAUSE}\n", encoding="utf-8")
    assert rules(lint(tmp_path, "目录.txt")) == ["C01"]


@pytest.mark.parametrize("junk", ["<a", "<!", "<!--x>", "<a x='>'", "</", "<?", "<![x", "<a b=\"", "&#" + "9" * 5000 + ";"],
                         ids=["open-tags", "declarations", "unclosed-comments", "quoted-gt", "end-tags",
                              "instructions", "marked-sections", "open-quotes", "huge-reference"])
def test_html_that_never_closes_its_markup(tmp_path: Path, junk: str) -> None:
    repeated = junk * (200_000 // len(junk)) if len(junk) < 100 else junk
    (tmp_path / "文件.html").write_text(f"<h2>申请人的资格要求</h2><p>{CLAUSE}</p><p>{repeated}</p>", encoding="utf-8")
    assert rules(lint(tmp_path, "文件.html")) == ["C01"]


def test_html_tables_with_huge_spans_or_grids_are_refused(tmp_path: Path) -> None:
    rows = "".join("<tr>" + '<td colspan="100000" rowspan="100000">x</td>' * 50 + "</tr>" for _ in range(300))
    (tmp_path / "合并.html").write_text(f"<table>{rows}</table>", encoding="utf-8")
    assert_user_error(lint(tmp_path, "合并.html"), "合并.html:1", "表格过大")
    (tmp_path / "空行.html").write_text("<table>" + "<tr>" * 600_000, encoding="utf-8")
    assert_user_error(lint(tmp_path, "空行.html"), "表格过大")
    (tmp_path / "嵌套.html").write_text("<table><tr><td>" * 10_000, encoding="utf-8")
    assert_user_error(lint(tmp_path, "嵌套.html"), "表格嵌套超过 50 层")


def test_spans_within_the_limits_keep_their_headers(tmp_path: Path) -> None:
    table = ('<table><tr><th>序号</th><th colspan="2">资格要求</th></tr>'
             f'<tr><td rowspan="999999999999">1</td><td colspan="3">{CLAUSE}</td></tr><tr><td>其他</td></tr></table>')
    (tmp_path / "表.html").write_text(table, encoding="utf-8")
    [finding] = findings(lint(tmp_path, "表.html"))
    assert finding["rule"] == "C01" and finding["location"] == {"table": 1, "row": 2, "column": 2, "line": 1}


def test_a_long_sentence_of_quoted_prohibitions(tmp_path: Path) -> None:
    # every match of the registered-capital rule sits inside a statement of the prohibition
    text = "不得将注册资本不低于500万元作为资格条件" * 20_000
    (tmp_path / "条款.txt").write_text(f"二、申请人的资格要求\n\n{text}\n", encoding="utf-8")
    assert rules(lint(tmp_path, "条款.txt")) == []


def test_lines_wrapped_a_hundred_thousand_times(tmp_path: Path) -> None:
    # joined back into one paragraph (at once: joining line by line copied it for every line)
    (tmp_path / "折行.txt").write_text("二、申请人的资格要求\n\n" + "投标人须具有\n" * 100_000 + "本市注册的企业。\n",
                                      encoding="utf-8")
    [finding] = findings(lint(tmp_path, "折行.txt"))
    assert finding["rule"] == "C01" and finding["location"] == {"line": 3}


# -- bounded size ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("段落.txt", "x\n\n" * 250_000, "段落、标题和表格单元格超过 200,000 个"),
    ("空行.md", "\n" * 1_100_000, "文件超过 1,000,000 行"),
    ("长行.txt", "a" * 3_100_000, "文件的文字超过 3,000,000 字"),
], ids=["paragraphs", "lines", "characters"])
def test_documents_too_big_to_be_real_are_refused(tmp_path: Path, name: str, content: str, expected: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert_user_error(lint(tmp_path, name), name, expected)


def test_an_annotated_copy_holds_the_first_thousand_comments(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("二、申请人的资格要求", 2)
    paragraph = document.add_paragraph()
    for _ in range(1_500):  # one paragraph, 1,500 findings
        paragraph.add_run(CLAUSE)
        paragraph.add_run("其他要求见附件。")
    document.save(str(tmp_path / "送审稿.docx"))
    run = lint(tmp_path, "送审稿.docx", "--annotate", "批注.docx")
    assert len(findings(run)) == 1_500
    assert "1000 条批注" in run.stderr and "其余 500 个问题只在审查报告中" in run.stderr
    assert docx.Document(str(tmp_path / "批注.docx")).comments is not None
