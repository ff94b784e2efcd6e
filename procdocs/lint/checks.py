"""Value checks rules can ask for (``check:`` in a rule): comparisons with facts of the document.

A check returns None when the clause is lawful after all, or a short Chinese detail that is
appended to the finding's message (an empty string when there is nothing to add).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from procdocs.cnformat import format_yuan
from procdocs.limits import limit
from procdocs.lint.model import Block
from procdocs.lint.normalize import normalize
from procdocs.lint.numbers import NUMBER_PATTERN, amount_in_yuan

_BUDGET = re.compile(
    r"(?:预算金额|采购预算|项目预算|预算)(?:（元）|（万元）)?[为：]?(?:人民币)?[¥￥]?"
    rf"(?P<number>{NUMBER_PATTERN})(?P<unit>万元|亿元|万|亿|元)"
)


@dataclass
class DocumentFacts:
    """What the document states about itself, for checks that compare against it."""

    budgets: list[Decimal] = field(default_factory=list)  # every 预算金额 stated (project and lots)

    @property
    def largest_budget(self) -> Decimal | None:
        return max(self.budgets) if self.budgets else None


def collect_facts(blocks: list[Block]) -> DocumentFacts:
    facts = DocumentFacts()
    for block in blocks:
        for match in _BUDGET.finditer(normalize(block.text).text):
            amount = amount_in_yuan(match["number"], match["unit"])
            if amount:
                facts.budgets.append(amount)
    return facts


def _bid_bond_amount(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A bond stated as an amount: above the cap of the largest budget the document states, it is
    above the cap for every lot too — the careful reading when lots are not told apart."""
    groups = match.groupdict()
    amount = amount_in_yuan(groups.get("amount") or "", groups.get("unit") or "元")
    budget = facts.largest_budget
    if amount is None or budget is None:
        return None
    cap = limit("bid_bond.cap")
    ceiling = budget * cap.value / 100
    if amount <= ceiling:
        return None
    return f"{format_yuan(amount)}，超过文件所载预算金额 {format_yuan(budget)} 的{cap.text}（{format_yuan(ceiling)}）"


CHECKS: dict[str, Callable[[re.Match[str], DocumentFacts], str | None]] = {
    "bid_bond_amount": _bid_bond_amount,
}


def run(name: str, match: re.Match[str], facts: DocumentFacts) -> str | None:
    try:
        return CHECKS[name](match, facts)
    except KeyError:
        raise RuntimeError(f"unknown lint check {name!r}; add it to procdocs/lint/checks.py") from None
