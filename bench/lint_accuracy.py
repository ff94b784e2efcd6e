"""Accuracy benchmark for the clause linter: precision and recall on the dev and test splits, and the gap.

    .venv/bin/python bench/lint_accuracy.py [--corpus tests/corpus] [--split dev|test|both]
                                            [--input clause|md|docx|both] [--show-errors]

Corpus layout (docs/architecture.md, "Lint accuracy"): ``<corpus>/dev/*.yaml`` and
``<corpus>/dev_extra/*.yaml`` are development material (the rules were written or tuned with them, or
their documents were read by rule writers); ``<corpus>/test/*.yaml`` is held-out material split from
the collected real clauses by source document (bench/split_corpus.py). A ``--corpus`` directory
without dev/ and test/ (an independent set of clauses) is scored as one set named after it.
Every file is a list of clauses::

    - text: 投标人须为在江城市行政区域内注册的企业法人
      section: 第一章 招标公告 > 二、申请人的资格要求
      expect: [C01]          # catalogue codes that must fire; [] = lawful, nothing may fire
      note: …
      source: …
      document: …            # real clauses: the source document's id
      verbatim: true         # real clauses: copied as published (false: adapted)

Each clause is linted as a reviewer would meet it — as a small document of its own, under headings
naming its section — in one or more renderings (``--input``):

* ``clause`` (default): ``procdocs.lint.engine.lint_clause(text, section)``, the clause as one block
  under the heading path;
* ``md``: a Markdown file, one ``#`` heading level per part of the section, the clause as a paragraph
  — or as a table row when it is written ``| … | … |`` — linted through the reader
  (``procdocs.lint.run.lint_file``);
* ``docx``: the same as a python-docx document (Heading 1, 2 … styles; a one-row Word table for a
  ``| … |`` clause), linted through the DOCX reader;
* ``both``: md and docx.

Counting is per catalogue code (C01–C38; sub-rules such as C26a count as C26; findings outside the
catalogue, such as I01, are not counted): a code both expected and found is a true positive, found
but not expected a false positive, expected but not found a false negative. For every rendering it
prints, for each split: precision, recall and F1 overall, the same for the verbatim-only clauses,
the share of lawful clauses with no finding, the clause-level figures (a clause to be flagged that
gets any catalogue finding is a true positive, whatever the code), then the gap (dev − test) overall, and per code family,
per code and per file. A large gap means the rules fit the sentences they were written with, not the
law. ``--show-errors`` lists every false positive and false negative.

The script asserts nothing and exits 0 whatever the figures are. It exits 2 when the engine cannot be
imported or the corpus cannot be read, and 1 when linting a clause raised an exception (the other
clauses are still counted; the errors are listed).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the checkout's procdocs, whatever the current directory

DEFAULT_CORPUS = REPO_ROOT / "tests" / "corpus"
TARGET = 0.95
CATALOGUE_CODE = re.compile(r"^C\d\d")
GAP_WARNING = "差距大 = 规则拟合的是句子而不是法律 (a large gap = the rules fit sentences, not the law)"

# Code families of the catalogue (C01–C38), for the per-family table. They follow the corpus's
# category files (tests/test_lint_corpus_format.py, CATEGORY_CODES) and put C32–C38 beside their kin.
FAMILIES: dict[str, tuple[str, ...]] = {
    "地域 location": ("C01", "C02", "C03", "C04", "C36", "C37"),
    "行业与经营范围 industry/scope": ("C05", "C06"),
    "规模与年限 scale": ("C07", "C08", "C09", "C10"),
    "证书与人员 credentials": ("C11", "C12", "C22", "C29"),
    "所有制 ownership": ("C14", "C15"),
    "品牌与指向 brands": ("C16", "C17", "C18"),
    "名录、登记与证明 registration": ("C19", "C20", "C21", "C23", "C38"),
    "评分 scoring": ("C24", "C25", "C30"),
    "保证金与收费 bonds/fees": ("C26", "C35"),
    "差别待遇 unequal treatment": ("C27", "C28", "C33"),
    "获取与递交 procedure": ("C32", "C34"),
    "必要性 necessity": ("C13", "C31"),
}
FAMILY_OF = {code: family for family, codes in FAMILIES.items() for code in codes}
INPUTS = {"clause": ("clause",), "md": ("md",), "docx": ("docx",), "both": ("md", "docx")}


@dataclass(frozen=True)
class Clause:
    file: str  # corpus file relative to --corpus, without .yaml: dev/location, test/real_x
    index: int  # 1-based position in its file
    text: str
    section: str
    expect: frozenset[str]
    verbatim: bool = False  # copied as published (only real clauses say so)


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
    error: str | None = None  # traceback when linting raised

    @property
    def false_positives(self) -> frozenset[str]:
        return self.found - self.clause.expect

    @property
    def false_negatives(self) -> frozenset[str]:
        return self.clause.expect - self.found


@dataclass
class Tally:
    overall: Counts = field(default_factory=Counts)
    verbatim: Counts = field(default_factory=Counts)
    # Clause level: does a clause that should be flagged get any catalogue finding, whatever its code,
    # and does a lawful one get none? What a reviewer skimming the report sees first.
    any_finding: Counts = field(default_factory=Counts)
    by_file: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_family: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_code: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    clauses: int = 0
    verbatim_clauses: int = 0
    lawful: int = 0
    lawful_clean: int = 0
    file_lawful: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    file_lawful_clean: dict[str, int] = field(default_factory=lambda: defaultdict(int))


# -- reading the corpus ------------------------------------------------------------------------------


def catalogue_code(code: str) -> str:
    """The catalogue entry a rule implements: sub-rules C26a–C26g all implement C26."""
    return code.rstrip("abcdefghijklmnopqrstuvwxyz")


def load_files(files: Iterable[Path], root: Path) -> list[Clause]:
    """Read corpus files; raise ValueError with the file and entry on bad data."""
    clauses: list[Clause] = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path}: 应为条款列表")
        name = path.relative_to(root).with_suffix("").as_posix()
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
            clauses.append(Clause(name, number, text, section, frozenset(expect), entry.get("verbatim") is True))
    return clauses


def load_splits(corpus: Path, split: str) -> dict[str, list[Clause]]:
    """The clauses of each split asked for; a directory without dev/ and test/ is one set."""
    if not (corpus / "dev").is_dir() and not (corpus / "test").is_dir():
        files = sorted(corpus.glob("*.yaml"))
        if not files:
            raise ValueError(f"{corpus}: 没有 dev/、test/，也没有语料文件（*.yaml）")
        return {corpus.name: load_files(files, corpus)}
    sides = {
        "dev": sorted([*(corpus / "dev").glob("*.yaml"), *(corpus / "dev_extra").glob("*.yaml")]),
        "test": sorted((corpus / "test").glob("*.yaml")),
    }
    wanted = ("dev", "test") if split == "both" else (split,)
    return {side: load_files(sides[side], corpus) for side in wanted}


# -- renderings ---------------------------------------------------------------------------------------


def headings_of(section: str) -> list[str]:
    return [part.strip() for part in section.split(">") if part.strip()]


def table_rows(text: str) -> list[list[str]] | None:
    """The cells of a clause written as Markdown table rows (``| a | b |``), else None."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or not all(line.startswith("|") and line.endswith("|") and len(line) > 1 for line in lines):
        return None
    return [[cell.strip() for cell in line[1:-1].split("|")] for line in lines]


def markdown_document(clause: Clause) -> str:
    lines = [f"{'#' * min(level, 6)} {title}" for level, title in enumerate(headings_of(clause.section), start=1)]
    rows = table_rows(clause.text)
    if rows is None:
        lines += ["", clause.text]
    else:  # a table needs a header row: empty cells, so that no column header decides the role
        width = max(len(row) for row in rows)
        lines += ["", "|" + " |" * width, "|" + "---|" * width]
        lines += ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_docx(clause: Clause, path: Path) -> None:
    from docx import Document  # imported here: only the docx rendering needs python-docx

    document = Document()
    for level, title in enumerate(headings_of(clause.section), start=1):
        document.add_heading(title, level=min(level, 9))
    rows = table_rows(clause.text)
    if rows is None:
        document.add_paragraph(clause.text)
    else:
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for cells, row in zip(table.rows, rows, strict=True):
            for cell, text in zip(cells.cells, row, strict=False):
                cell.text = text
    document.save(path)


# -- linting ------------------------------------------------------------------------------------------

Linter = Callable[[Clause], Iterable[object]]


def make_linter(rendering: str, scratch: Path, rules_only: bool = False) -> Linter:
    """A function linting one clause in the given rendering and returning its findings."""
    from procdocs.lint.engine import lint_clause
    from procdocs.lint.rules import Rulebook, rulebook
    from procdocs.lint.run import lint_file

    book = rulebook()
    if rules_only:  # no fingerprint either: the sentences the package's rulebook found clean are not this one's
        book = Rulebook(book.rules, book.guards, book.contract_cues)
    if rendering == "clause":
        return lambda clause: lint_clause(clause.text, clause.section, book)

    def lint_rendered(clause: Clause) -> Iterable[object]:
        path = scratch / f"clause.{rendering}"
        if rendering == "md":
            path.write_text(markdown_document(clause), encoding="utf-8")
        else:
            write_docx(clause, path)
        return lint_file(path, book).findings

    return lint_rendered


def run(lint: Linter, clauses: list[Clause]) -> list[Result]:
    results: list[Result] = []
    for clause in clauses:
        try:
            findings = lint(clause)
        except Exception:
            results.append(Result(clause, error=traceback.format_exc()))
            continue
        codes = (catalogue_code(str(finding.rule)) for finding in findings)  # type: ignore[attr-defined]
        results.append(Result(clause, frozenset(code for code in codes if CATALOGUE_CODE.match(code))))
    return results


def tally(results: list[Result]) -> Tally:
    t = Tally()
    for result in results:
        clause = result.clause
        tp, fp, fn = clause.expect & result.found, result.false_positives, result.false_negatives
        t.clauses += 1
        targets = [t.overall, t.by_file[clause.file]]
        if clause.verbatim:
            t.verbatim_clauses += 1
            targets.append(t.verbatim)
        for counts in targets:
            counts.add(len(tp), len(fp), len(fn))
        should_flag, flagged = bool(clause.expect), bool(result.found)
        t.any_finding.add(tp=should_flag and flagged, fp=flagged and not should_flag, fn=should_flag and not flagged)
        for codes, kind in ((tp, "tp"), (fp, "fp"), (fn, "fn")):
            for code in codes:
                t.by_code[code].add(**{kind: 1})
                t.by_family[FAMILY_OF.get(code, "其他 other")].add(**{kind: 1})
        if not clause.expect:
            t.lawful += 1
            t.lawful_clean += not result.found
            t.file_lawful[clause.file] += 1
            t.file_lawful_clean[clause.file] += not result.found
    return t


# -- report -------------------------------------------------------------------------------------------


def pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where a Chinese character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def fmt(value: float | None) -> str:
    return "    —" if value is None else f"{value:.3f}"


def gap(a: float | None, b: float | None) -> str:
    return "     —" if a is None or b is None else f"{a - b:+.3f}"


def share(part: int, whole: int) -> str:
    return "—" if not whole else f"{part / whole:.3f} ({part}/{whole})"


def counts_line(counts: Counts) -> str:
    return (f"precision {fmt(counts.precision)}  recall {fmt(counts.recall)}  F1 {fmt(counts.f1)}"
            f"  (TP {counts.tp}, FP {counts.fp}, FN {counts.fn})")


def print_split(name: str, t: Tally) -> None:
    print(f"  {pad(name, 24)} {t.clauses:>4} clauses  {counts_line(t.overall)}")
    print(f"  {pad('', 24)} lawful clauses with no finding {share(t.lawful_clean, t.lawful)}")
    print(f"  {pad('', 24)} clause level (any code): {counts_line(t.any_finding)}")
    verbatim = counts_line(t.verbatim) if t.verbatim_clauses else "—"
    print(f"  {pad(name + ' verbatim only', 24)} {t.verbatim_clauses:>4} clauses  {verbatim}")


def print_comparison(title: str, keys: list[str], tallies: dict[str, Tally], pick: Callable[[Tally], dict[str, Counts]],
                     with_gap: bool, extra: Callable[[str], str] | None = None) -> None:
    names = list(tallies)
    print(f"\n{title}")
    width = 34
    head = "".join(f"  {name[:12]:>12} P      R   TP  FP  FN" for name in names)
    print(f"  {pad('', width)}{head}" + ("    gap P   gap R" if with_gap else ""))
    for key in keys:
        row = f"  {pad(key, width)}"
        for name in names:
            c = pick(tallies[name]).get(key, Counts())
            row += f"  {fmt(c.precision):>14} {fmt(c.recall)} {c.tp:>4}{c.fp:>4}{c.fn:>4}"
        if with_gap:
            a, b = (pick(tallies[name]).get(key, Counts()) for name in names[:2])
            row += f"   {gap(a.precision, b.precision)}  {gap(a.recall, b.recall)}"
        if extra:
            row += f"  {extra(key)}"
        print(row)


def report(rendering: str, results: dict[str, list[Result]], seconds: float, show_errors: bool) -> None:
    tallies = {name: tally(split_results) for name, split_results in results.items()}
    print(f"\n=== 输入 input: {rendering} — lint time {seconds:.2f} s (aim ≥ {TARGET} for precision and recall) ===")
    for name, t in tallies.items():
        if t.clauses:
            print_split(name, t)
        else:
            print(f"  {name:<6} no clauses (the split is empty)")
    with_gap = set(tallies) == {"dev", "test"} and all(t.clauses for t in tallies.values())
    if with_gap:
        dev, test = tallies["dev"], tallies["test"]
        print(f"  gap (dev − test): precision {gap(dev.overall.precision, test.overall.precision)}"
              f"  recall {gap(dev.overall.recall, test.overall.recall)}"
              f"   verbatim: precision {gap(dev.verbatim.precision, test.verbatim.precision)}"
              f"  recall {gap(dev.verbatim.recall, test.verbatim.recall)}")
        print(f"  {GAP_WARNING}")
    elif set(tallies) == {"dev", "test"}:
        print(f"  gap (dev − test): — (a split is empty)   {GAP_WARNING}")
    present = [name for name, t in tallies.items() if t.clauses]
    shown = {name: tallies[name] for name in present}
    if not shown:
        return
    families = [family for family in [*FAMILIES, "其他 other"] if any(family in t.by_family for t in shown.values())]
    print_comparison("Per code family:", families, shown, lambda t: t.by_family, with_gap)
    codes = sorted({code for t in shown.values() for code in t.by_code})
    print_comparison("Per code:", codes, shown, lambda t: t.by_code, with_gap)
    for name, t in shown.items():
        files = sorted({clause_file for clause_file in [*t.by_file, *t.file_lawful]})
        print_comparison(f"Per file ({name}):", files, {name: t}, lambda t: t.by_file, False,
                         lambda key, t=t: f"lawful clean {share(t.file_lawful_clean[key], t.file_lawful[key])}"
                         if t.file_lawful[key] else "")
    errors = [r for split_results in results.values() for r in split_results if r.error]
    if errors:
        print(f"\n{len(errors)} 条 clause(s) raised an exception while linting (counted as no findings).")
    if show_errors:
        print_errors(results)


def print_errors(results: dict[str, list[Result]]) -> None:
    for name, split_results in results.items():
        wrong = [r for r in split_results if r.false_positives or r.false_negatives or r.error]
        print(f"\nErrors in {name} ({len(wrong)} clauses):")
        for r in wrong:
            c = r.clause
            kinds = []
            if r.false_positives:
                kinds.append("FP " + ",".join(sorted(r.false_positives)))
            if r.false_negatives:
                kinds.append("FN " + ",".join(sorted(r.false_negatives)))
            if r.error:
                kinds.append("EXCEPTION")
            print(f"\n  [{'; '.join(kinds)}] {c.file}.yaml #{c.index}{' (verbatim)' if c.verbatim else ''}")
            print(f"    section:  {c.section}")
            print(f"    text:     {c.text}")
            print(f"    expected: {sorted(c.expect) or '[]'}   got: {sorted(r.found) or '[]'}")
            if r.error:
                print("    " + r.error.rstrip().replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision and recall of procdocs lint on the dev and test splits.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="corpus directory with dev/ and test/, or a directory of *.yaml scored as one set")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both", help="which split to score")
    parser.add_argument("--input", choices=tuple(INPUTS), default="clause", dest="rendering",
                        help="lint each clause as one block (clause), as Markdown (md), as DOCX (docx), or md and docx")
    parser.add_argument("--show-errors", action="store_true", help="list every false positive and false negative")
    parser.add_argument("--rules-only", action="store_true",
                        help="the rules alone, without the trained proposer's further codes (procdocs/lint/proposer.py)")
    args = parser.parse_args(argv)

    try:
        splits = load_splits(args.corpus, args.split)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"无法读取语料 cannot read the corpus: {exc}", file=sys.stderr)
        return 2
    try:
        import procdocs.lint.run  # noqa: F401  (fail early, before any rendering)
    except ImportError as exc:
        print(f"无法导入审查引擎 cannot import the lint engine: {exc}", file=sys.stderr)
        return 2

    sizes = ", ".join(f"{name} {len(clauses)}" for name, clauses in splits.items())
    print(f"语料 corpus: {args.corpus}  —  条款 clauses: {sizes}")
    failed = False
    with tempfile.TemporaryDirectory(prefix="procdocs-lint-accuracy-") as scratch:
        for rendering in INPUTS[args.rendering]:
            lint = make_linter(rendering, Path(scratch), args.rules_only)
            start = time.perf_counter()
            results = {name: run(lint, clauses) for name, clauses in splits.items()}
            seconds = time.perf_counter() - start
            report(rendering, results, seconds, args.show_errors)
            failed = failed or any(r.error for split_results in results.values() for r in split_results)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stderr.close()
        sys.exit(0)
