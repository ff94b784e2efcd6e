"""Whole-document benchmark: lint real published procurement documents and compare with a reviewer's labels.

    .venv/bin/python bench/lint_documents.py [--documents tests/documents] [--expect FILE] [--show-agreed]

``tests/documents/<id>.md`` are real notices and documents as published (Markdown headings added,
a YAML front matter giving source, title, purchaser and date). ``expect.yaml`` lists, per document
id, what a reviewer flags, labeled from the law before the linter was run::

    sc-chengdu-shipan-canteen-2021:
      - code: C23
        quote: 在2018年至今不得具有行贿犯罪记录   # short exact substring of the clause
        note: …
    ah-hefei-blood-centre-maintenance-2024: []    # nothing to flag: every finding is a false alarm

Each document is linted whole, as ``procdocs lint`` reads it (the front matter is blanked first, so
line numbers still match the file). Only catalogue codes count (C01–C38; C26a counts as C26;
findings such as I01 are listed apart). A finding **agrees** with an expected entry when the codes
are equal and the finding's excerpt (the matched words and 30 characters either side, in the same
block) overlaps the quote; whitespace is ignored when the quote is looked up, since readers join
wrapped lines. Per document it prints the findings, how many agree, each false alarm (a finding that
agrees with no entry) with its location and excerpt, and each missed entry; then totals, with
precision (agreeing findings / findings) and recall (entries found / entries).

The script asserts nothing and exits 0 whatever the figures; 2 when the documents or labels cannot
be read, or a quote is not in its document (a labeling error, reported with the document and code).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the checkout's procdocs, whatever the current directory

from procdocs.lint.model import Finding  # noqa: E402
from procdocs.lint.rules import rulebook  # noqa: E402
from procdocs.lint.run import lint_file  # noqa: E402

DEFAULT_DOCUMENTS = REPO_ROOT / "tests" / "documents"
EXCERPT_CONTEXT = 30  # characters either side of the match, as Finding.excerpt shows them
CATALOGUE_CODE = re.compile(r"^C\d\d")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class LabelError(Exception):
    """Labels that do not fit the documents; the message names the document."""


@dataclass(frozen=True)
class Expected:
    code: str
    quote: str
    note: str = ""


@dataclass
class DocumentResult:
    document: str
    expected: list[Expected]
    findings: list[Finding] = field(default_factory=list)  # catalogue findings only
    other: list[Finding] = field(default_factory=list)  # I01 and other non-catalogue findings
    agreed: list[Finding] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)
    found: list[Expected] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)


def catalogue_code(code: str) -> str:
    return code.rstrip("abcdefghijklmnopqrstuvwxyz")


def read_labels(path: Path, documents: Sequence[str]) -> dict[str, list[Expected]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise LabelError(f"{path}: 应为“文档标识: 条目列表”的映射")
    unknown = sorted(set(data) - set(documents))
    if unknown:
        raise LabelError(f"{path}: 这些文档不存在：{', '.join(unknown)}")
    labels: dict[str, list[Expected]] = {}
    for document in documents:
        entries = data.get(document)
        if entries is None:
            raise LabelError(f"{path}: 缺少文档 {document} 的标注（没有问题写 []）")
        labels[document] = []
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not isinstance(entry.get("code"), str) \
                    or not isinstance(entry.get("quote"), str) or not entry["quote"].strip():
                raise LabelError(f"{path} {document} 第{number}条: 应有 code 和 quote")
            labels[document].append(Expected(entry["code"], entry["quote"], str(entry.get("note", ""))))
    return labels


def body_of(text: str) -> str:
    """The document without its front matter; the front matter's lines become empty lines."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end():]


def compact(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and for each remaining character its index in the text."""
    kept = [(index, char) for index, char in enumerate(text) if not char.isspace()]
    return "".join(char for _, char in kept), [index for index, _ in kept]


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote occurs in the text, whitespace ignored, as spans of the original text."""
    squeezed, positions = compact(text)
    needle, _ = compact(quote)
    spans = []
    start = squeezed.find(needle)
    while start >= 0 and needle:
        spans.append((positions[start], positions[start + len(needle) - 1] + 1))
        start = squeezed.find(needle, start + 1)
    return spans


def agrees(finding: Finding, expected: Expected) -> bool:
    if catalogue_code(finding.rule) != expected.code:
        return False
    text = finding.block.text
    left, right = max(0, finding.start - EXCERPT_CONTEXT), min(len(text), finding.end + EXCERPT_CONTEXT)
    return any(start < right and left < end for start, end in quote_spans(text, expected.quote))


def lint_document(path: Path, scratch: Path) -> list[Finding]:
    copy = scratch / path.name
    copy.write_text(body_of(path.read_text(encoding="utf-8")), encoding="utf-8")
    return lint_file(copy, rulebook()).findings


def judge(document: str, expected: list[Expected], findings: list[Finding]) -> DocumentResult:
    result = DocumentResult(document, expected)
    for finding in findings:
        (result.findings if CATALOGUE_CODE.match(finding.rule) else result.other).append(finding)
    for finding in result.findings:
        if any(agrees(finding, entry) for entry in expected):
            result.agreed.append(finding)
        else:
            result.false_alarms.append(finding)
    for entry in expected:
        (result.found if any(agrees(f, entry) for f in result.findings) else result.missed).append(entry)
    return result


def check_quotes(path: Path, expected: list[Expected]) -> None:
    body = body_of(path.read_text(encoding="utf-8"))
    for entry in expected:
        if not quote_spans(body, entry.quote):
            raise LabelError(f"{path.name}: {entry.code} 的引文不在文档中：{entry.quote}")


def where(finding: Finding) -> str:
    return f"{finding.block.location.describe()}，{finding.section or '（无标题）'}"


def ratio(part: int, whole: int) -> str:
    return "    —" if not whole else f"{part / whole:.3f} ({part}/{whole})"


def report(results: list[DocumentResult], show_agreed: bool) -> None:
    for r in results:
        print(f"\n== {r.document}: {len(r.findings)} findings, {len(r.agreed)} agreed, "
              f"{len(r.false_alarms)} false alarms, {len(r.missed)} missed (expected {len(r.expected)})")
        for finding in r.false_alarms:
            print(f"   false alarm {finding.rule:<5} {where(finding)}\n      {finding.excerpt(EXCERPT_CONTEXT)}")
        for entry in r.missed:
            print(f"   missed      {entry.code:<5} {entry.quote}")
        if show_agreed:
            for finding in r.agreed:
                print(f"   agreed      {finding.rule:<5} {where(finding)}\n      {finding.excerpt(EXCERPT_CONTEXT)}")
        if r.other:
            print(f"   (other findings, not counted: {', '.join(sorted({f.rule for f in r.other}))})")
    findings = sum(len(r.findings) for r in results)
    agreed = sum(len(r.agreed) for r in results)
    expected = sum(len(r.expected) for r in results)
    found = sum(len(r.found) for r in results)
    false_alarms = sum(len(r.false_alarms) for r in results)
    clean = [r for r in results if not r.expected]
    print(f"\nTotals over {len(results)} documents: {findings} findings, {agreed} agreed, {false_alarms} false alarms, "
          f"{expected - found} missed of {expected} expected")
    print(f"  precision (agreed / findings)        {ratio(agreed, findings)}")
    print(f"  recall (expected found / expected)   {ratio(found, expected)}")
    print(f"  documents with nothing to flag that got no finding: "
          f"{ratio(sum(not r.findings for r in clean), len(clean))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lint whole real documents and compare with a reviewer's labels.")
    parser.add_argument("--documents", type=Path, default=DEFAULT_DOCUMENTS, help="directory of <id>.md documents")
    parser.add_argument("--expect", type=Path, help="labels (default: expect.yaml in the documents directory)")
    parser.add_argument("--show-agreed", action="store_true", help="also list the findings that agree with a label")
    args = parser.parse_args(argv)
    paths = sorted(args.documents.glob("*.md"))
    try:
        if not paths:
            raise LabelError(f"{args.documents}: 没有文档（*.md）")
        labels = read_labels(args.expect or args.documents / "expect.yaml", [path.stem for path in paths])
        for path in paths:
            check_quotes(path, labels[path.stem])
    except (OSError, UnicodeDecodeError, yaml.YAMLError, LabelError) as exc:
        print(f"无法读取文档或标注 cannot read the documents or labels: {exc}", file=sys.stderr)
        return 2
    results: list[DocumentResult] = []
    with tempfile.TemporaryDirectory(prefix="procdocs-lint-documents-") as scratch:
        for path in paths:
            results.append(judge(path.stem, labels[path.stem], lint_document(path, Path(scratch))))
    report(results, args.show_agreed)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stderr.close()
        sys.exit(0)
