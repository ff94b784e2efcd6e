"""Cross-field consistency of a spec: facts that contradict each other, whatever the law says.

These are not legal limits (those are checks with citations, see :mod:`procdocs.checks`) but
plain contradictions no document could be generated from: lot budgets that do not add up to the
project budget, a document period that ends before it starts, scoring points that do not total 100.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from procdocs.cnformat import format_date, format_datetime, format_percent, format_yuan
from procdocs.law.methods import procurement_method
from procdocs.spec.model import ProjectSpec

FULL_SCORE = Decimal(100)  # 综合评分法 totals are expressed out of 100 points


def consistency_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield (field path, Chinese message) for each contradiction in the spec."""
    yield from _budget_problems(spec)
    yield from _lot_problems(spec)
    yield from _timeline_problems(spec)
    yield from _evaluation_problems(spec)
    yield from _method_problems(spec)
    yield from _submission_problems(spec)
    yield from _cost_breakdown_problems(spec)


def _budget_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    declared = spec.project.budget
    if declared is not None and declared != spec.lots_budget:
        yield ("project", "budget"), (
            f"项目预算 {format_yuan(declared)} 与各采购包预算之和 {format_yuan(spec.lots_budget)} 不一致")


def _lot_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    seen: dict[int, int] = {}
    for index, lot in enumerate(spec.lots):
        if lot.number in seen:
            yield ("lots", index, "number"), f"包号 {lot.number} 与 lots[{seen[lot.number]}] 重复"
        seen.setdefault(lot.number, index)
        names = [item.name for item in lot.items]
        if len(lot.items) > 1 and lot.core_product is None:
            yield ("lots", index, "core_product"), (
                f"采购包 {lot.number} 含多个标的，须用 core_product 指定核心产品（可选：{_some_names(names)}）")
        if lot.core_product is not None and lot.core_product not in names:
            yield ("lots", index, "core_product"), (
                f"核心产品「{lot.core_product}」不在本包标的中（可选：{_some_names(names)}）")


SHOWN_NAMES = 10  # a lot of 150 items must not print 150 names in one message


def _some_names(names: list[str]) -> str:
    """The items' names for a message: all of a few, the first ones of many."""
    if len(names) <= SHOWN_NAMES:
        return "、".join(names)
    return f"{'、'.join(names[:SHOWN_NAMES])} 等 {len(names)} 个标的名称"


def _timeline_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    timeline = spec.timeline
    if timeline.intention_date and timeline.intention_date > timeline.notice_date:
        yield ("timeline", "intention_date"), (
            f"采购意向公开日期 {format_date(timeline.intention_date)} 晚于公告发布日期 {format_date(timeline.notice_date)}")
    if timeline.document_start < timeline.notice_date:
        yield ("timeline", "document_start"), (
            f"获取招标文件开始日期 {format_date(timeline.document_start)} 早于公告发布日期 {format_date(timeline.notice_date)}")
    if timeline.document_end < timeline.document_start:
        yield ("timeline", "document_end"), (
            f"获取招标文件截止日期 {format_date(timeline.document_end)} 早于开始日期 {format_date(timeline.document_start)}")
    deadline_day = timeline.bid_deadline.date()
    if deadline_day <= timeline.document_start:
        yield ("timeline", "bid_deadline"), (
            f"投标截止时间 {format_datetime(timeline.bid_deadline)} 不晚于获取招标文件开始日期")
    if timeline.opening_time is not None and timeline.opening_time < timeline.bid_deadline:
        yield ("timeline", "opening_time"), (
            f"开标时间 {format_datetime(timeline.opening_time)} 早于投标截止时间 {format_datetime(timeline.bid_deadline)}")


def _evaluation_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    evaluation = spec.evaluation
    if evaluation.method == "综合评分法":
        if evaluation.price_weight is None:
            yield ("evaluation", "price_weight"), "综合评分法须填写价格分权重 price_weight（如 \"30%\"）"
            return
        if not evaluation.factors:
            yield ("evaluation", "factors"), "综合评分法须列出价格以外的评分因素"
            return
        price_points = FULL_SCORE * evaluation.price_weight / 100
        other_points = sum((factor.points for factor in evaluation.factors), Decimal(0))
        if price_points + other_points != FULL_SCORE:
            yield ("evaluation", "factors"), (
                f"价格分 {price_points.normalize():f} 分（{format_percent(evaluation.price_weight)}）与其他评分因素合计 "
                f"{other_points.normalize():f} 分，总分应为 {FULL_SCORE:f} 分")
    elif evaluation.factors:
        yield ("evaluation", "factors"), "最低评标价法不设评分因素，请删除 factors 或改用综合评分法"


def _method_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    # A method without competition names its one supplier, and only such a method does.
    competing = procurement_method(spec.project.method).competing
    if not competing and spec.single_source is None:
        yield ("single_source",), f"{spec.method_name}须填写 single_source：拟定的唯一供应商、采购标的说明和专业人员论证意见"
    if competing and spec.single_source is not None:
        yield ("single_source",), f"采购方式为{spec.method_name}，不应填写 single_source"
    source = spec.single_source
    if source and source.publicity_start and source.publicity_end and source.publicity_end < source.publicity_start:
        yield ("single_source", "publicity_end"), "公示截止日期早于开始日期"
    if source and source.publicity_start:
        # The 公示 must give the finance department's address, contact person and phone (74号令第三十八条第七项).
        supervisor = spec.parties.supervisor
        if supervisor is None:
            yield ("parties", "supervisor"), "单一来源采购公示须写明财政部门的联系地址、联系人和联系电话：请填写 parties.supervisor"
        else:
            for name, title in (("address", "联系地址"), ("contact", "联系人")):
                if not getattr(supervisor, name):
                    yield ("parties", "supervisor", name), f"单一来源采购公示须写明财政部门的{title}（财政部令第74号第三十八条）"


def _submission_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    # Electronic submission has one obvious form; paper submission has no default number of copies.
    if not spec.instructions.electronic and spec.instructions.decryption_minutes is not None:
        yield ("instructions", "decryption_minutes"), "纸质投标（响应）文件不需要解密，请删除 decryption_minutes，或者将 electronic 改为是"
    if not spec.instructions.electronic and not spec.instructions.submission:
        yield ("instructions", "submission"), "纸质递交时须写明文件的份数和形式，如：正本1份、副本4份"


def _cost_breakdown_problems(spec: ProjectSpec) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each cost component of a lot once (a goods or works lot's breakdown is simply not used)."""
    for index, lot in enumerate(spec.lots):
        seen: set[str] = set()
        for position, name in enumerate(lot.cost_components):
            if name in seen:
                yield ("lots", index, "cost_components", position), f"费用项目「{name}」重复"
            seen.add(name)
