"""Accuracy benchmark for the clause linter: precision and recall against the labeled corpus.

    .venv/bin/python bench/lint_accuracy.py [--corpus tests/corpus] [--show-errors]

Every file ``<category>.yaml`` in the corpus directory is a list of clauses::

    - text: 投标人须为在江城市行政区域内注册的企业法人
      section: 第一章 招标公告 > 二、申请人的资格要求
      expect: [C01]          # rule codes that must fire; [] = lawful, nothing may fire
      note: …
      source: …

Each clause is linted on its own with ``procdocs.lint.engine.lint_clause(text, section)``, and the
set of rule codes it returns is compared with ``expect``. Counting is per code: a code both expected
and found is a true positive, found but not expected a false positive, expected but not found a
false negative (one clause can contribute to all three). From these it prints precision, recall and
F1 overall, per category (corpus file) and per code, and, for the lawful clauses (``expect: []``),
the share that got no finding at all. ``--show-errors`` lists every false positive and false
negative with its file, section, text, expected and found codes.

The aim stated in the issue is precision and recall of at least 0.95; the figures are printed next
to it. The script asserts nothing and exits 0 whatever the figures are. It exits 2 when the engine
cannot be imported (not written yet, or broken) or the corpus cannot be read, and 1 when linting a
clause raised an exception (the other clauses are still counted; the errors are listed).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / "tests" / "corpus"
TARGET = 0.95


@dataclass(frozen=True)
class Clause:
    category: str  # corpus file name without .yaml
    index: int  # 1-based position in its file
    text: str
    section: str
    expect: frozenset[str]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)


@dataclass
class Result:
    clause: Clause
    found: frozenset[str] = frozenset()
    error: str | None = None  # traceback when lint_clause raised

    @property
    def false_positives(self) -> frozenset[str]:
        return self.found - self.clause.expect

    @property
    def false_negatives(self) -> frozenset[str]:
        return self.clause.expect - self.found


@dataclass
class Tally:
    overall: Counts = field(default_factory=Counts)
    by_category: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_code: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    lawful_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lawful_clean: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    positive_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    positive_exact: dict[str, int] = field(default_factory=lambda: defaultdict(int))



def catalogue_code(code: str) -> str:
    """The catalogue entry a rule implements: sub-rules C26a–C26e all implement C26 (domain.md §5.1)."""
    return code.rstrip("abcdefghijklmnopqrstuvwxyz")

def load_corpus(directory: Path) -> list[Clause]:
    """Read every *.yaml file of the corpus; raise ValueError with the file and entry on bad data."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ValueError(f"{directory}: 没有语料文件（*.yaml）")
    clauses: list[Clause] = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path}: 应为条款列表")
        for number, entry in enumerate(data, start=1):
            where = f"{path.name} 第{number}条"
            if not isinstance(entry, dict):
                raise ValueError(f"{where}: 应为映射（text/section/expect）")
            text, section, expect = entry.get("text"), entry.get("section"), entry.get("expect")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{where}: text 缺失或为空")
            if not isinstance(section, str) or not section.strip():
                raise ValueError(f"{where}: section 缺失或为空")
            if not isinstance(expect, list) or not all(isinstance(code, str) for code in expect):
                raise ValueError(f"{where}: expect 应为规则代码列表")
            clauses.append(Clause(path.stem, number, text, section, frozenset(expect)))
    return clauses


def import_engine() -> Callable[[str, str], Sequence[object]]:
    from procdocs.lint.engine import lint_clause  # the engine is written separately

    return lint_clause


def run(lint_clause: Callable[[str, str], Sequence[object]], clauses: list[Clause]) -> list[Result]:
    results: list[Result] = []
    for clause in clauses:
        try:
            findings = lint_clause(clause.text, clause.section)
        except Exception:
            results.append(Result(clause, error=traceback.format_exc()))
            continue
        results.append(Result(clause, frozenset(catalogue_code(str(finding.rule)) for finding in findings)))
    return results


def tally(results: list[Result]) -> Tally:
    t = Tally()
    for result in results:
        clause = result.clause
        tp = clause.expect & result.found
        fp = result.false_positives
        fn = result.false_negatives
        for counts in (t.overall, t.by_category[clause.category]):
            counts.add(len(tp), len(fp), len(fn))
        for code in tp:
            t.by_code[code].add(tp=1)
        for code in fp:
            t.by_code[code].add(fp=1)
        for code in fn:
            t.by_code[code].add(fn=1)
        if clause.expect:
            t.positive_total[clause.category] += 1
            t.positive_exact[clause.category] += result.found == clause.expect
        else:
            t.lawful_total[clause.category] += 1
            t.lawful_clean[clause.category] += not result.found
    return t


def fmt(value: float | None) -> str:
    return "   —" if value is None else f"{value:.3f}"


def share(part: int, whole: int) -> str:
    return "—" if not whole else f"{part / whole:.3f} ({part}/{whole})"


def print_table(title: str, rows: list[tuple[str, Counts, str]]) -> None:
    print(f"\n{title}")
    width = max([len(name) for name, _, _ in rows] + [8])
    print(f"  {'':<{width}}  precision  recall     F1     TP    FP    FN")
    for name, counts, extra in rows:
        print(
            f"  {name:<{width}}  {fmt(counts.precision):>9}  {fmt(counts.recall):>6}  {fmt(counts.f1):>5}"
            f"  {counts.tp:>5} {counts.fp:>5} {counts.fn:>5}  {extra}"
        )


def report(results: list[Result], corpus: Path, seconds: float, show_errors: bool) -> None:
    t = tally(results)
    n_lawful = sum(t.lawful_total.values())
    n_positive = sum(t.positive_total.values())
    print(
        f"语料 corpus: {corpus}  —  {len(results)} 条 clauses ({n_positive} positive, {n_lawful} lawful), "
        f"{len(t.by_category)} 个文件 files; lint time {seconds:.2f} s"
    )

    o = t.overall
    print(
        f"\nOverall (code level):  precision {fmt(o.precision)}  recall {fmt(o.recall)}  F1 {fmt(o.f1)}"
        f"   (TP {o.tp}, FP {o.fp}, FN {o.fn}; aim ≥ {TARGET} for both)"
    )
    print(f"Lawful clauses with no finding:   {share(sum(t.lawful_clean.values()), n_lawful)}")
    print(f"Positive clauses found exactly:   {share(sum(t.positive_exact.values()), n_positive)}")

    rows = []
    for category in sorted(t.by_category):
        extra = (
            f"lawful clean {share(t.lawful_clean[category], t.lawful_total[category])}"
            if t.lawful_total[category]
            else ""
        )
        rows.append((category, t.by_category[category], extra))
    print_table("Per category (corpus file):", rows)

    code_rows = [(code, t.by_code[code], "") for code in sorted(t.by_code)]
    print_table("Per code:", code_rows)

    errors = [r for r in results if r.error]
    if errors:
        print(f"\n{len(errors)} 条 clause(s) raised an exception in lint_clause (counted as no findings).")

    if show_errors:
        wrong = [r for r in results if r.false_positives or r.false_negatives or r.error]
        print(f"\nErrors ({len(wrong)} clauses):")
        for r in wrong:
            c = r.clause
            kinds = []
            if r.false_positives:
                kinds.append("FP " + ",".join(sorted(r.false_positives)))
            if r.false_negatives:
                kinds.append("FN " + ",".join(sorted(r.false_negatives)))
            if r.error:
                kinds.append("EXCEPTION")
            print(f"\n  [{'; '.join(kinds)}] {c.category}.yaml #{c.index}")
            print(f"    section:  {c.section}")
            print(f"    text:     {c.text}")
            print(f"    expected: {sorted(c.expect) or '[]'}   got: {sorted(r.found) or '[]'}")
            if r.error:
                print("    " + r.error.rstrip().replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision and recall of procdocs lint on the labeled corpus.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of corpus *.yaml files")
    parser.add_argument("--show-errors", action="store_true", help="list every false positive and false negative")
    args = parser.parse_args(argv)

    try:
        clauses = load_corpus(args.corpus)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"无法读取语料 cannot read the corpus: {exc}", file=sys.stderr)
        return 2
    try:
        lint_clause = import_engine()
    except ImportError as exc:
        print(
            "无法导入审查引擎 cannot import the lint engine: "
            f"`from procdocs.lint.engine import lint_clause` failed ({exc}).\n"
            f"The corpus has {len(clauses)} clauses ready; run this again once the engine exists.",
            file=sys.stderr,
        )
        return 2

    start = time.perf_counter()
    results = run(lint_clause, clauses)
    seconds = time.perf_counter() - start
    report(results, args.corpus, seconds, args.show_errors)
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stderr.close()
        sys.exit(0)
