"""Score the dev split as the test split is scored: each clause linted with a proposer not trained on its file.

    .venv/bin/python bench/dev_out_of_fold.py                 # per split, family, code and file
    .venv/bin/python bench/dev_out_of_fold.py --show-errors   # and every false alarm and miss

``bench/lint_accuracy.py`` lints dev with the shipped proposer, which was trained on dev: it has seen every
clause it is asked about, so its proposals fill the rules' misses and its arbitration is sure where it should
not be, and dev's errors look fewer and other than test's. Here the dev clauses are split into the trainer's
folds, grouped by corpus file (``train_proposer.fold_models``, the shipped model's threshold and shortest
sentence), and each fold is linted by the whole engine — rules, proposals, arbitration — with a model fitted on
the other folds. The errors listed are what the linter gets wrong on text the model did not learn: a list of
dev clauses to study that looks like test's, without reading test. The rules were still written on these
clauses, so the figures stay above test's. Needs scikit-learn (``pip install -e .[train]``); about ten minutes
on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # beside lint_accuracy and train_proposer

import train_proposer
from lint_accuracy import Result, report, run

from procdocs.lint.engine import lint_clause
from procdocs.lint.proposer import Proposer
from procdocs.lint.rules import Rulebook, rulebook

SPLIT_NAME = "dev (out of fold)"


def out_of_fold_results() -> list[Result]:
    """Every dev clause's result, linted by the engine with a model fitted without its corpus file."""
    shipped = json.loads(train_proposer.MODEL_PATH.read_text(encoding="utf-8"))
    data = train_proposer.training_data()
    package = rulebook()
    results: dict[int, Result] = {}
    for held_out, model in train_proposer.fold_models(data, float(shipped["threshold"]), int(shipped["min_length"])):
        book = Rulebook(package.rules, package.guards, package.contract_cues, proposer=Proposer(model))
        clauses = [data.clauses[index] for index in held_out]
        linted = run(lambda clause, book=book: lint_clause(clause.text, clause.section, book), clauses)
        results.update(zip(held_out, linted, strict=True))
    return [results[index] for index in range(len(data.clauses))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-errors", action="store_true", help="list every false positive and false negative")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = out_of_fold_results()
    report("clause", {SPLIT_NAME: results}, time.perf_counter() - started, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
