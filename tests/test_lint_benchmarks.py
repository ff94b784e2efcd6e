"""The accuracy benchmarks' own machinery, and the whole-document material they read.

bench/lint_accuracy.py renders each clause as a small Markdown or Word document; bench/lint_documents.py
matches findings to a reviewer's quotes. These tests check that the renderings put the clause where a
reader finds it under its headings, that quotes are matched as documented, and that tests/documents/
is well-formed. They assert nothing about the linter's accuracy, which the benchmarks only print.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from procdocs.lint.model import Block, Finding, Location
from procdocs.lint.run import lint_file

BENCH = Path(__file__).resolve().parent.parent / "bench"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
FRONT_MATTER_KEYS = {"id", "source", "title", "purchaser", "date", "region", "method", "kind", "excerpt", "note"}
CODE = re.compile(r"^C(0[1-9]|[12][0-9]|3[0-8])$")


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def accuracy() -> ModuleType:
    return load("lint_accuracy")


@pytest.fixture(scope="module")
def documents() -> ModuleType:
    return load("lint_documents")


SECTION = "第三章 评标办法 > 评分标准 > 商务部分"


def test_a_clause_rendered_as_markdown_sits_under_its_headings(accuracy: ModuleType, tmp_path: Path) -> None:
    clause = accuracy.Clause("dev/x", 1, "投标人注册资本不低于1000万元的得3分。", SECTION, frozenset({"C07"}))
    path = tmp_path / "clause.md"
    path.write_text(accuracy.markdown_document(clause), encoding="utf-8")

    body = [block for block in lint_file(path).blocks if not block.is_heading]

    assert [block.text for block in body] == [clause.text]
    assert body[0].headings == ("第三章 评标办法", "评分标准", "商务部分")


def test_a_table_row_clause_becomes_one_row_of_cells_in_markdown_and_docx(accuracy: ModuleType, tmp_path: Path) -> None:
    clause = accuracy.Clause("dev/x", 1, "| 企业所在地 | 3分 | 本市企业得3分 |", SECTION, frozenset({"C01"}))
    markdown, docx = tmp_path / "clause.md", tmp_path / "clause.docx"
    markdown.write_text(accuracy.markdown_document(clause), encoding="utf-8")
    accuracy.write_docx(clause, docx)

    for path in (markdown, docx):
        cells = [block for block in lint_file(path).blocks if block.location.table is not None]
        assert [cell.text for cell in cells] == ["企业所在地", "3分", "本市企业得3分"], path.suffix
        assert all(cell.column_header is None for cell in cells), path.suffix  # no header decides the role
        assert cells[0].headings == ("第三章 评标办法", "评分标准", "商务部分"), path.suffix


def test_only_clauses_written_as_table_rows_are_tables(accuracy: ModuleType) -> None:
    assert accuracy.table_rows("| a | b |\n| c | d |") == [["a", "b"], ["c", "d"]]
    assert accuracy.table_rows("投标人须具有甲|乙资质") is None
    assert accuracy.table_rows("| a | b |\n正文") is None


def test_splits_read_dev_extra_as_dev_and_a_plain_directory_as_one_set(accuracy: ModuleType, tmp_path: Path) -> None:
    entry = [{"text": "条款", "section": "第一章 招标公告", "expect": [], "note": "n", "source": "s",
              "document": "d", "verbatim": True}]
    for folder in ("dev", "dev_extra", "test"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.yaml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    splits = accuracy.load_splits(tmp_path, "both")
    assert [c.file for c in splits["dev"]] == ["dev/a", "dev_extra/a"]
    assert [c.file for c in splits["test"]] == ["test/a"] and splits["test"][0].verbatim
    assert list(accuracy.load_splits(tmp_path / "test", "both")) == ["test"]


def finding(text: str, start: int, end: int, rule: str = "C07") -> Finding:
    block = Block(text, Location(line=1))
    return Finding(rule=rule, severity="error", title="t", message="m", basis="b", suggestion="s",
                   block=block, start=start, end=end)


def test_a_finding_agrees_when_its_excerpt_overlaps_the_quote(documents: ModuleType) -> None:
    text = "一、资格要求：" + "甲" * 40 + "注册资金不少于 200万元" + "乙" * 40
    where = text.index("注册")
    expected = documents.Expected("C07", "注册资金不少于200万元")  # whitespace ignored

    assert documents.agrees(finding(text, where, where + 4), expected)
    assert documents.agrees(finding(text, where - 25, where - 20), expected)  # within 30 characters
    assert not documents.agrees(finding(text, 0, 3), expected)  # too far away
    assert not documents.agrees(finding(text, where, where + 4, rule="C06"), expected)
    assert documents.agrees(finding(text, where, where + 4, rule="C07a"), expected)  # sub-rule of C07


def test_front_matter_is_blanked_line_for_line(documents: ModuleType) -> None:
    text = "---\nid: x\ntitle: 注册资本\n---\n\n# 标题\n正文\n"
    body = documents.body_of(text)
    assert body.count("\n") == text.count("\n")
    assert "注册资本" not in body and body.endswith("# 标题\n正文\n")


def test_every_document_has_its_front_matter_and_labels_that_quote_it(documents: ModuleType) -> None:
    paths = sorted(DOCUMENTS.glob("*.md"))
    assert len(paths) >= 10
    labels = yaml.safe_load((DOCUMENTS / "expect.yaml").read_text(encoding="utf-8"))
    assert set(labels) == {path.stem for path in paths}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        match = documents.FRONT_MATTER.match(text)
        assert match, f"{path.name}: 缺少开头的 front matter"
        meta = yaml.safe_load(match.group(0).strip("-\n"))
        assert set(meta) == FRONT_MATTER_KEYS, f"{path.name}: {sorted(meta)}"
        assert meta["id"] == path.stem and isinstance(meta["excerpt"], bool)
        assert re.search(r"^#{1,6} ", documents.body_of(text), re.MULTILINE), f"{path.name}: 没有 Markdown 标题"
        for entry in labels[path.stem]:
            assert CODE.match(entry["code"]), f"{path.name}: {entry['code']}"
            assert documents.quote_spans(documents.body_of(text), entry["quote"]), f"{path.name}: {entry['quote']}"


def test_relabels_are_scored_against_the_corpus_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    agreement = load("label_agreement")
    for side in ("dev", "test"):
        (tmp_path / side).mkdir()
    (tmp_path / "dev" / "x.yaml").write_text(yaml.safe_dump([
        {"text": "投标人须为本市企业。", "section": "资格要求", "expect": ["C01"]},
        {"text": "投标人须具有独立法人资格。", "section": "资格要求", "expect": []},
    ], allow_unicode=True), encoding="utf-8")
    (tmp_path / "test" / "y.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "relabels").mkdir()
    (tmp_path / "relabels" / "r.yaml").write_text(yaml.safe_dump([
        {"file": "dev/x", "text": "投标人须为本市企业。", "reviewer": "A", "expect": ["C01", "C02"]},
        {"file": "dev/x", "text": "投标人须具有独立法人资格。", "reviewer": "A", "expect": []},
    ], allow_unicode=True), encoding="utf-8")

    assert agreement.main(["--corpus", str(tmp_path)]) == 0
    reviewer_a = capsys.readouterr().out.splitlines()[1]
    assert "precision 0.500  recall 1.000  F1 0.667  (TP 1, FP 1, FN 0)" in reviewer_a  # C02 is one code too many

    (tmp_path / "relabels" / "r.yaml").write_text(yaml.safe_dump([
        {"file": "dev/x", "text": "不在语料中的条款。", "reviewer": "A", "expect": []}], allow_unicode=True), encoding="utf-8")
    assert agreement.main(["--corpus", str(tmp_path)]) == 2
