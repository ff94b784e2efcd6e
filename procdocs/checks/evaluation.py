"""Checks on the evaluation: price weights and SME price deductions within their legal ranges."""

from __future__ import annotations

from procdocs.checks import CheckContext, Violations, check, limit_of
from procdocs.cnformat import format_percent
from procdocs.law.checks import CheckDefinition
from procdocs.law.limits import limit
from procdocs.law.methods import procurement_method
from procdocs.spec.model import ProjectSpec


def _price_weight_below(spec: ProjectSpec, definition: CheckDefinition, category: str,
                        ) -> Violations:
    evaluation = spec.evaluation
    minimum = limit_of(definition)
    if (procurement_method(spec.project.method).tender and spec.project.category == category
            and evaluation.method == "综合评分法" and evaluation.price_weight is not None
            and evaluation.price_weight < minimum.value):
        yield "evaluation.price_weight", (
            f"{category}项目综合评分法的价格分权重为 {format_percent(evaluation.price_weight)}，不得低于{minimum.text}")


@check("price_weight_goods")
def price_weight_goods(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    yield from _price_weight_below(spec, definition, "货物")


@check("price_weight_services")
def price_weight_services(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    yield from _price_weight_below(spec, definition, "服务")


@check("sme_deduction_range")
def sme_deduction_range(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    deduction = spec.sme_policy.price_deduction
    if deduction is None or len(spec.sme_reserved_lots) == len(spec.lots):
        return
    works = spec.project.category == "工程"
    low = limit("sme.works_deduction_min" if works else "sme.deduction_min")
    high = limit("sme.works_deduction_max" if works else "sme.deduction_max")
    if not low.value <= deduction <= high.value:
        kind = "工程" if works else "货物和服务"
        yield "sme_policy.price_deduction", (
            f"{kind}项目对小微企业的价格扣除比例为 {format_percent(deduction)}，应在{low.text}至{high.text}之间")


@check("sme_consortium_deduction_range")
def sme_consortium_deduction_range(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    deduction = spec.sme_policy.consortium_deduction
    low, high = limit_of(definition), limit("sme.consortium_deduction_max")
    if deduction is not None and spec.project.category != "工程" and not low.value <= deduction <= high.value:
        yield "sme_policy.consortium_deduction", (
            f"联合体（分包）价格扣除比例为 {format_percent(deduction)}，应在{low.text}至{high.text}之间")


@check("price_weight_consultation")
def price_weight_consultation(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """The price weight within the range the method's law sets for the category (竞争性磋商: goods
    30%–60%, services 10%–30%, 214号 Art 24; methods.yaml price_weight)."""
    weight = spec.evaluation.price_weight
    bounds = procurement_method(spec.project.method).price_weight.get(spec.project.category)
    if weight is None or bounds is None:
        return
    low, high = bounds.min, bounds.max
    if not low.value <= weight <= high.value:
        yield "evaluation.price_weight", (
            f"{spec.method_name}{spec.project.category}项目的价格分权重为 {format_percent(weight)}，"
            f"应在{low.text}至{high.text}之间")
