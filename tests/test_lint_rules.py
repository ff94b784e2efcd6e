"""Every rule's examples run as tests: each `flag` example is flagged by its rule, each `pass` is not."""

from __future__ import annotations

import pytest

from procdocs.lint.engine import lint_clause
from procdocs.lint.rules import rulebook

CASES = [
    (rule.code, kind, index, example)
    for rule in rulebook().rules
    for kind, examples in (("flag", rule.rule.examples.flag), ("pass", rule.rule.examples.pass_))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(("code", "kind", "index", "example"), CASES,
                         ids=[f"{code}-{kind}-{index}" for code, kind, index, _ in CASES])
def test_rule_example(code: str, kind: str, index: int, example) -> None:
    codes = {finding.rule for finding in lint_clause(example.text, example.section)}
    if kind == "flag":
        assert code in codes, f"{code} should flag: {example.text} (under {example.section!r})"
    else:
        assert code not in codes, f"{code} should not flag: {example.text} (under {example.section!r})"


def test_rulebook_is_valid() -> None:
    book = rulebook()
    assert book.rules
    assert all(rule.rule.basis and rule.rule.suggestion for rule in book.rules)
