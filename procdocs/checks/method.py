"""Checks on the procurement method: thresholds, legal grounds, single-source additions."""

from __future__ import annotations

from decimal import Decimal

from procdocs.checks import CheckContext, Violation, Violations, check, limit_of
from procdocs.cnformat import format_date, format_wan, format_yuan
from procdocs.law.checks import CheckDefinition
from procdocs.law.methods import method_grounds, procurement_method
from procdocs.law.regions import threshold
from procdocs.law.workdays import PROVISIONAL_MARK
from procdocs.spec.model import ProjectSpec

TEN_THOUSAND = Decimal(10_000)
# The grounds (method_grounds.yaml) these checks are about.
UNIQUE_SUPPLIER = "法31(1)"  # only one supplier can provide it: a 公示 first, at or above the threshold
ADDITION = "法31(3)"  # additions to an earlier contract, capped at a share of it


@check("method_threshold")
def method_threshold(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """At or above the 公开招标数额标准, another method needs the 财政部门's approval (法27, 条例23)."""
    if procurement_method(spec.project.method).principal:
        return
    value, source = threshold(context.region, "public_tender_threshold", spec.project.category)
    if value.value is None:
        return
    limit_yuan = value.value * TEN_THOUSAND
    approval = spec.project.method_basis.approval if spec.project.method_basis else None
    if spec.budget >= limit_yuan and not approval:
        fallback = "" if source is context.region else f"（{context.region.name}的标准未知，按{source.name}）"
        yield "project.method_basis.approval", (
            f"预算金额 {format_wan(spec.budget)} 达到{spec.project.category}公开招标数额标准 {format_wan(limit_yuan)}"
            f"（{value.citation}）{fallback}，采用{spec.method_name}须经设区的市级以上人民政府财政部门批准，请填写批准文件")


@check("method_ground")
def method_ground(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    grounds = method_grounds(spec.project.method)
    if not grounds:
        return
    basis = spec.project.method_basis
    allowed = "、".join(f"{code}（{item.text}）" for code, item in grounds.items())
    if basis is None:
        yield "project.method_basis", f"采用{spec.method_name}须说明法定适用情形，可选：{allowed}"
    elif basis.ground not in grounds:
        yield "project.method_basis.ground", f"「{basis.ground}」不是{spec.method_name}的法定适用情形，可选：{allowed}"


@check("single_source_addition")
def single_source_addition(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    basis = spec.project.method_basis
    if basis is None or basis.ground != ADDITION or ADDITION not in method_grounds(spec.project.method):
        return
    cap = limit_of(definition)
    if basis.original_contract_amount is None:
        yield "project.method_basis.original_contract_amount", f"添购（{ADDITION}）须填写原合同采购金额，以核对{cap.text}的上限"
        return
    ceiling = (basis.original_contract_amount * cap.value / 100).quantize(Decimal("0.01"))
    if spec.budget > ceiling:
        yield "project.budget", (
            f"添购金额 {format_yuan(spec.budget)} 超过原合同采购金额 {format_yuan(basis.original_contract_amount)} "
            f"的{cap.text}（{format_yuan(ceiling)}），不能以添购为由采用单一来源方式")


@check("inquiry_uniform_goods")
def inquiry_uniform_goods(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    method = procurement_method(spec.project.method)
    if method.goods_only and spec.project.category != "货物":
        yield "project.category", (
            f"{method.name}{method.meaning_of('goods_only')}，本项目为{spec.project.category}项目，请核实是否适用")


@check("evaluation_method_for_method")
def evaluation_method_for_method(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """A method that is scored uses 综合评分法 (磋商, 214号); one awarding the lowest price does not
    (谈判, 询价: 法38, 法40). Open tender may use either; single source agrees a price."""
    method, evaluation = procurement_method(spec.project.method), spec.evaluation.method
    if method.scored and evaluation != "综合评分法":
        yield "evaluation.method", f"{method.name}{method.meaning_of('scored')}（{method.citation_of('scored')}）"
    if method.lowest_price and evaluation == "综合评分法":
        yield "evaluation.method", (f"{method.name}{method.meaning_of('lowest_price')}，"
                                    "不采用综合评分法，请改为 最低评标价法")


@check("single_source_publicity")
def single_source_publicity(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """The 公示 of a 法31(1) project runs at least 5 working days, with the experts' opinions."""
    source, basis = spec.single_source, spec.project.method_basis
    if not procurement_method(spec.project.method).publicity or source is None or basis is None \
            or basis.ground != UNIQUE_SUPPLIER:
        return
    period = limit_of(definition)
    if source.publicity_start is None or source.publicity_end is None:
        yield "single_source.publicity_start", (
            f"以只能从唯一供应商处采购为由（{UNIQUE_SUPPLIER}）的，须公示不少于{period.text}，请填写公示起止日期")
        return
    end = context.calendar.add_working_days(source.publicity_start, int(period.value))
    if source.publicity_end < end.date:
        mark = PROVISIONAL_MARK if end.provisional else ""
        yield Violation("single_source.publicity_end", (
            f"{period.rule}；自 {format_date(source.publicity_start)} 起公示，截止日期最早为 {format_date(end.date)}{mark}"),
            provisional=end.provisional)
    if not source.experts:
        yield "single_source.experts", ("公示须附专业人员对供应商唯一性的具体论证意见，"
                                        "以及专业人员的姓名、工作单位和职称（74号令第三十八条）")


@check("important_marks_unweighed")
def important_marks_unweighed(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    """A pass/fail method (询价) weighs no important indicator: an officer's ▲ prints as a general
    requirement, which the officer should know (or make it ★ if it must be met)."""
    method = procurement_method(spec.project.method)
    if not method.pass_fail:
        return
    for lot_index, lot in enumerate(spec.lots):
        for item_index, item in enumerate(lot.items):
            for index, requirement in enumerate(item.requirements):
                if requirement.level == "important":
                    yield f"lots[{lot_index}].items[{item_index}].requirements[{index}]", (
                        f"{method.name}不评分也不谈判，“▲{requirement.text[:20]}”的重要指标标注没有作用，文件中按一般要求印出；"
                        "必须满足的要求请改为以★开头（实质性要求），否则去掉▲")
