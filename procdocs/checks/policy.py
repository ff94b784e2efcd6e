"""Checks on policies without a number (``law/data/policies.yaml``): bond forms the supplier chooses,
the approval imported products need, how the 本国产品 preference combines with the SME deduction."""

from __future__ import annotations

from procdocs.checks import CheckContext, Violations, check
from procdocs.cnformat import format_date
from procdocs.law.checks import CheckDefinition
from procdocs.law.methods import procurement_method
from procdocs.law.policies import policy
from procdocs.spec.model import ProjectSpec


@check("bond_forms_not_narrowed")
def bond_forms_not_narrowed(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """Every non-cash form the law names stays open to the supplier (a 保函 may be listed by kind)."""
    if not spec.lots_with_bid_bond:
        return
    forms = spec.bonds.bid_bond_forms
    missing = [value for value in policy("bond.non_cash_forms").values if not any(value in form for form in forms)]
    if missing:
        yield "bonds.bid_bond_forms", (
            f"投标（响应）保证金形式缺少{'、'.join(missing)}：支票、汇票、本票、保函等非现金形式由供应商自主选择，"
            "采购文件不得限定其中的某一种或者几种；请在 bid_bond_forms 中列出每一种（可以另加银行转账等非现金形式）")


@check("imports_approval")
def imports_approval(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """Accepting imported products needs the 财政部门's approval, obtained before the notice."""
    project = spec.project
    if not project.accepts_imports:
        return
    approval = project.import_approval
    if approval is None:
        yield "project.import_approval", (
            "本项目接受进口产品，但没有财政部门的核准：采购进口产品应当先获得财政部门核准，"
            "请在 import_approval 中填写核准的财政部门、核准文件文号和日期；未获核准的，accepts_imports 应为否")
    elif approval.date > spec.timeline.notice_date:
        yield "project.import_approval.date", (
            f"进口产品核准日期 {format_date(approval.date)} 晚于公告发布日期 {format_date(spec.timeline.notice_date)}："
            "应当在获得财政部门核准后开展采购活动")


@check("preference_combination_missing")
def preference_combination_missing(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """Goods lots with a small/micro deduction also give the 本国产品 preference: the document must say
    how a bid qualifying for both is priced, and no rule fixes it — the purchaser chooses."""
    if spec.project.category != "货物" or not procurement_method(spec.project.method).competing:
        return
    open_lots = [lot for lot in spec.lots if not spec.lot_sme_reserved(lot)]
    if open_lots and spec.sme_policy.price_deduction is not None and spec.evaluation.preference_combination is None:
        choices = "或".join(f"“{value}”" for value in policy("domestic_product.combination").values)
        yield "evaluation.preference_combination", (
            "同一供应商同时符合小微企业价格扣除和本国产品价格评审优惠条件时如何计算评审价格，没有规定统一的方法，"
            f"须由采购人确定并在采购文件中载明：请在 preference_combination 中填写{choices}"
            "（分别计算：两项均以报价为基数；依次计算：以一项扣除后的价格计算另一项）")
