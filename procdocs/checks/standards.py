"""Checks on the national 采购需求标准 (``law/data/requirement_standards.yaml``): the clauses a buyer
type must include reach the document, and items a standard seems to cover are confirmed by the officer."""

from __future__ import annotations

from collections.abc import Iterator

from procdocs.checks import CheckContext, Violation, Violations, check
from procdocs.law.checks import CheckDefinition
from procdocs.law.standards import (
    NO_STANDARD,
    StandardClause,
    buyer_types,
    detected_category,
    requirement_standard,
)
from procdocs.spec.model import Item, ProjectSpec


def _items(spec: ProjectSpec) -> Iterator[tuple[str, Item]]:
    for lot_index, lot in enumerate(spec.lots):
        for item_index, item in enumerate(lot.items):
            yield f"lots[{lot_index}].items[{item_index}]", item


def _clauses_written(item: Item, clauses: tuple[StandardClause, ...]) -> bool:
    return all(any(clause.marker in own.text for own in item.requirements) for clause in clauses)


@check("requirement_standard_clause_missing")
def requirement_standard_clause_missing(spec: ProjectSpec, definition: CheckDefinition,
                                        context: CheckContext) -> Violations:
    """A buyer the standard binds would publish its computers without the clause: the item's category
    is only guessed from its name (documents print clauses for confirmed categories only), or the buyer
    type that decides whether the clause applies is not given."""
    buyer = spec.project.purchaser_type
    for path, item in _items(spec):
        declared = item.requirement_standard
        category = detected_category(item.name) if declared is None else declared
        if category is None or category == NO_STANDARD:
            continue
        standard = requirement_standard(category)
        binding = {b for clause in standard.clauses for b in clause.buyers}
        if buyer is None and binding and not _clauses_written(item, standard.clauses):
            seems = "属于" if declared is not None else "看来属于"
            rules = "；".join(clause.rule for clause in standard.clauses)
            yield Violation("project.purchaser_type", (
                f"标的「{item.name}」{seems}{category}：{rules}。请在 purchaser_type 中填写采购人类型"
                f"（{'、'.join(buyer_types())}），文件据此列入应当纳入采购需求的条款"),
                basis=standard.citation)
            continue
        clauses = standard.clauses_for(buyer)
        if declared is None and clauses and not _clauses_written(item, clauses):
            rules = "；".join(clause.rule for clause in clauses)
            yield Violation(f"{path}.requirement_standard", (
                f"标的「{item.name}」看来属于{category}，采购需求中没有{'、'.join(c.marker for c in clauses)}的要求：{rules}。"
                f"请在 requirement_standard 中填写“{category}”（文件将列入该要求），不属于的填写“{NO_STANDARD}”"),
                basis=standard.citation)


@check("requirement_standard_unconfirmed")
def requirement_standard_unconfirmed(spec: ProjectSpec, definition: CheckDefinition,
                                     context: CheckContext) -> Violations:
    """An item whose name identifies a category the standards cover, with no answer from the officer
    and no clause at stake (those are errors above): a reminder to confirm it."""
    buyer = spec.project.purchaser_type
    for path, item in _items(spec):
        if item.requirement_standard is not None:
            continue
        category = detected_category(item.name)
        if category is None:
            continue
        standard = requirement_standard(category)
        binding = {b for clause in standard.clauses for b in clause.buyers}
        if (buyer is None and binding) or standard.clauses_for(buyer):
            continue  # reported as an error by requirement_standard_clause_missing
        yield Violation(f"{path}.requirement_standard", (
            f"标的「{item.name}」看来属于{category}，采购需求应当按照{standard.basis}确定；"
            f"请在 requirement_standard 中确认（填写“{category}”，不属于的填写“{NO_STANDARD}”）"),
            basis=standard.citation)
