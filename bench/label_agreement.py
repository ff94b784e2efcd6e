"""How far independent careful reviewers agree with the corpus labels: the ceiling of lint accuracy.

    .venv/bin/python bench/label_agreement.py [--corpus tests/corpus] [--relabels tests/corpus/relabels]

`bench/lint_accuracy.py` scores the linter against the corpus labels, one writer's reading of the law
per clause. Each file under ``<corpus>/relabels/`` holds the same clauses labelled again, blind (the
reviewer saw the text, the section and the legal reference, never the label, the rules or the
linter)::

    - file: dev/real_blind_w31_composed_records   # the corpus file, as lint_accuracy names it
      text: （二）业绩（5分）：近三年每提供1项……
      reviewer: A
      expect: []

This script scores each reviewer as `lint_accuracy` scores the linter — per catalogue code, the corpus
label taken as the truth — and at clause level (flagged or not, whatever the code), for all clauses
and the verbatim ones, and the reviewers against one another on the clauses they all labelled. A
linter cannot be expected to agree with the labels more than careful reviewers do.

It asserts nothing and exits 0 whatever the figures are; 2 when the corpus or a relabel file cannot be
read or names a clause the corpus does not hold.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_accuracy import Clause, Result, counts_line, load_splits, tally

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Relabel:
    clause: Clause
    reviewer: str
    expect: frozenset[str]


def load_relabels(directory: Path, clauses: dict[tuple[str, str], Clause]) -> list[Relabel]:
    relabels = []
    for path in sorted(directory.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            clause = clauses.get((entry["file"], entry["text"]))
            if clause is None:
                raise ValueError(f"{path}: 语料中没有这一条款：{entry['file']} {entry['text'][:30]}")
            relabels.append(Relabel(clause, str(entry["reviewer"]), frozenset(entry["expect"])))
    return relabels


def report(name: str, pairs: list[tuple[Clause, frozenset[str]]]) -> None:
    """Print labels scored against a clause's `expect` as lint's findings are (lint_accuracy.tally), for
    (clause, labels) pairs: per code and per clause."""
    scored = tally([Result(clause, labels) for clause, labels in pairs])
    print(f"  {name:34s} {len(pairs):4d} 条  按代码 {counts_line(scored.overall)}")
    print(f"  {'':34s} {'':4s}    按条款 {counts_line(scored.any_finding)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "tests" / "corpus")
    parser.add_argument("--relabels", type=Path, default=None, help="relabel files (default: <corpus>/relabels)")
    args = parser.parse_args(argv)
    try:
        splits = load_splits(args.corpus, "both")
        clauses = {(clause.file, clause.text): clause for side in splits.values() for clause in side}
        relabels = load_relabels(args.relabels or args.corpus / "relabels", clauses)
    except (OSError, ValueError, KeyError, yaml.YAMLError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if not relabels:
        print("没有重新标注的条款。")
        return 0
    by_reviewer: dict[str, list[Relabel]] = defaultdict(list)
    for relabel in relabels:
        by_reviewer[relabel.reviewer].append(relabel)
    print("独立复核人员对照语料标注（语料标注视为正确答案）：")
    for reviewer, own in sorted(by_reviewer.items()):
        report(f"reviewer {reviewer}", [(relabel.clause, relabel.expect) for relabel in own])
    report("all reviewers", [(relabel.clause, relabel.expect) for relabel in relabels])
    for side in ("dev", "test"):
        own_side = [(relabel.clause, relabel.expect) for relabel in relabels if relabel.clause.file.startswith(f"{side}/")]
        if own_side:
            report(f"all reviewers, {side} clauses", own_side)
    report("all reviewers, verbatim clauses",
           [(relabel.clause, relabel.expect) for relabel in relabels if relabel.clause.verbatim])
    labelled = {reviewer: {relabel.clause: relabel.expect for relabel in own} for reviewer, own in by_reviewer.items()}
    print("复核人员之间（同一批条款，前者视为正确答案）：")
    for first, second in itertools.combinations(sorted(labelled), 2):
        shared = labelled[first].keys() & labelled[second].keys()
        if shared:
            report(f"{first} vs {second}", [(replace(clause, expect=labelled[first][clause]), labelled[second][clause])
                                            for clause in shared])
    return 0


if __name__ == "__main__":
    sys.exit(main())
