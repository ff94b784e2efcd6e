"""Checks on amounts: bonds against their caps, ceilings against budgets."""

from __future__ import annotations

from decimal import Decimal

from procdocs.checks import CheckContext, Violation, Violations, check, limit_of
from procdocs.cnformat import format_percent, format_yuan
from procdocs.law.checks import CheckDefinition
from procdocs.spec.model import ProjectSpec


@check("bid_bond_cap")
def bid_bond_cap(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    cap = limit_of(definition)
    for index, lot in enumerate(spec.lots):
        bond = spec.lot_bid_bond(lot)
        ceiling = (lot.budget * cap.value / 100).quantize(Decimal("0.01"))
        if bond > ceiling:
            field = f"lots[{index}].bid_bond" if lot.bid_bond is not None else "bonds.bid_bond"
            yield field, (f"第{lot.number}包投标保证金 {format_yuan(bond)} 超过该包预算金额的{cap.text}，"
                          f"最高为 {format_yuan(ceiling)}")


@check("performance_bond_cap")
def performance_bond_cap(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    cap = limit_of(definition)
    share = spec.bonds.performance_bond
    if share is not None and share > cap.value:
        yield "bonds.performance_bond", f"履约保证金比例 {format_percent(share)} 超过合同金额的{cap.text}"


@check("max_price_within_budget")
def max_price_within_budget(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    project = spec.project
    if project.max_price is not None and project.max_price > spec.budget:
        yield "project.max_price", (f"最高限价 {format_yuan(project.max_price)} 超过预算金额 {format_yuan(spec.budget)}")
    for index, lot in enumerate(spec.lots):
        if lot.max_price is not None and lot.max_price > lot.budget:
            yield f"lots[{index}].max_price", (
                f"第{lot.number}包最高限价 {format_yuan(lot.max_price)} 超过该包预算金额 {format_yuan(lot.budget)}")


@check("bid_bond_non_cash")
def bid_bond_non_cash(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    if not spec.lots_with_bid_bond:
        return
    cash = [form for form in spec.bonds.bid_bond_forms if "现金" in form]
    if cash:
        yield "bonds.bid_bond_forms", f"投标（响应）保证金应当以非现金形式提交，不得要求或者接受{'、'.join(cash)}"


@check("region_no_bid_bond")
def region_no_bid_bond(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    rule = context.region.local_rule("no_bid_bond_below")
    if rule is None or not spec.lots_with_bid_bond:
        return
    if spec.budget < rule.value * 10_000:
        # The region's own rule is the basis to cite, with its own status.
        yield Violation("bonds.bid_bond", f"{context.region.name}：{rule.rule}；本项目预算 {format_yuan(spec.budget)}",
                        basis=rule.citation)
