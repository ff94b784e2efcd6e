"""Checks on the SME policy (财库〔2020〕46号, 财库〔2022〕19号): reservation or price deduction.

The measures concern competing suppliers: a method without competition (单一来源) is left out."""

from __future__ import annotations

from decimal import Decimal

from procdocs.checks import CheckContext, Violations, check, limit_of
from procdocs.cnformat import format_percent, format_wan
from procdocs.law.checks import CheckDefinition
from procdocs.law.limits import limit
from procdocs.law.methods import procurement_method
from procdocs.law.regions import threshold
from procdocs.spec.model import ProjectSpec

TEN_THOUSAND = Decimal(10_000)


def _reserve_threshold(spec: ProjectSpec) -> Decimal:
    key = "sme.reserve_threshold_works" if spec.project.category == "工程" else "sme.reserve_threshold_goods_services"
    return limit(key).value * TEN_THOUSAND


def _above_procurement_limit(spec: ProjectSpec, context: CheckContext) -> bool:
    value, _ = threshold(context.region, "procurement_limit", spec.project.category)
    return value.value is None or spec.budget >= value.value * TEN_THOUSAND


@check("sme_reservation")
def sme_reservation(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """Up to 200万 (goods, services) / 400万 (works) above the 限额标准: reserved for SMEs, or a reason."""
    if not procurement_method(spec.project.method).competing or not _above_procurement_limit(spec, context):
        return
    if spec.budget <= _reserve_threshold(spec) and len(spec.sme_reserved_lots) < len(spec.lots) \
            and not spec.sme_policy.not_reserved_reason:
        yield "sme_policy.reserved", (
            f"预算金额 {format_wan(spec.budget)} 不超过{format_wan(_reserve_threshold(spec))}，适宜由中小企业提供的应当专门面向"
            "中小企业采购；不专门面向的，须在 sme_policy.not_reserved_reason 中说明 46号第六条规定的情形")


@check("sme_reserved_share")
def sme_reserved_share(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """Above the threshold: at least 30% of the budget reserved for SMEs, or a reason."""
    if not procurement_method(spec.project.method).competing or spec.budget <= _reserve_threshold(spec):
        return
    share = limit_of(definition)
    reserved = sum((lot.budget for lot in spec.sme_reserved_lots), Decimal(0))
    if reserved * 100 < spec.budget * share.value and not spec.sme_policy.not_reserved_reason:
        actual = reserved * 100 / spec.budget
        yield "sme_policy", (
            f"预算超过{format_wan(_reserve_threshold(spec))}的项目，适宜由中小企业提供的应预留不低于{share.text}的份额专门面向"
            f"中小企业（本项目预留 {format_percent(actual.quantize(Decimal('0.1')))}）；不预留的须在 not_reserved_reason 中说明理由")


@check("sme_deduction_missing")
def sme_deduction_missing(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """Lots not reserved for SMEs give small and micro enterprises a price deduction."""
    open_lots = [lot for lot in spec.lots if lot not in spec.sme_reserved_lots]
    if not procurement_method(spec.project.method).competing or not open_lots \
            or spec.sme_policy.price_deduction is not None:
        return
    numbers = "、".join(str(lot.number) for lot in open_lots)
    works = spec.project.category == "工程"
    low = limit("sme.works_deduction_min" if works else "sme.deduction_min")
    high = limit("sme.works_deduction_max" if works else "sme.deduction_max")
    yield "sme_policy.price_deduction", (
        f"第{numbers}包不专门面向中小企业，应对小微企业报价给予价格扣除（{low.text}至{high.text}），请填写 price_deduction")
