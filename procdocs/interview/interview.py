"""The `procdocs new` interview: questions in the order an officer thinks about a project.

What is bought → how much → which method and why → lots and items → who may take part (SMEs,
consortia) → money asked of suppliers → dates → how offers are judged → the parties → contract
terms → what only this method needs. Each answer is written into a :class:`Draft` and checked at
once with the same validation and legal checks as ``procdocs check``; an answer the law rejects is
asked again with the reason. Defaults come, in order, from the project given with ``--from``, the
answers remembered from earlier runs, and what the law or common practice implies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from procdocs import cnformat
from procdocs.input_limits import input_limit
from procdocs.interview.data import interview_data
from procdocs.interview.draft import Draft
from procdocs.interview.prompts import Option, Prompter
from procdocs.interview.schedule import Schedule, first_notice_date, propose, single_source_response_workdays
from procdocs.law.limits import limit
from procdocs.law.methods import method_grounds, method_names, procurement_method, procurement_methods
from procdocs.law.regions import regions, threshold
from procdocs.law.standards import NO_STANDARD, buyer_types, detected_category, requirement_standards
from procdocs.law.workdays import PROVISIONAL_MARK, WorkCalendar, provisional_reason
from procdocs.service_costs import DEFAULT_KIND, default_components, service_kinds
from procdocs.spec.fields import max_entries

TEN_THOUSAND = Decimal(10_000)
CATEGORIES = ("货物", "服务", "工程")

# Sections the interview rebuilds from the answers; with no --from project their content in the
# starting spec (an example project) is dropped first so that none of it survives unasked.
EXAMPLE_ONLY = ("other_matters", "lint_waivers", "qualifications")

# Fields no question asks: with --from they are taken over from the earlier project as they were
# (this year's project like last year's), never from the example the draft started from.
CARRIED_OVER = (
    "other_matters", "lint_waivers", "project.subcontracting", "instructions.site_visit", "instructions.samples",
    "instructions.candidates", "instructions.award_authorization", "contract.dispute_resolution",
    "contract.arbitration_body", "bonds.bid_bond_forms", "document_access.office_hours",
)
LOT_CARRIED_OVER = ("contract_period", "standards", "delivery_place", "installation", "training", "after_sales")


class Interview:
    """Asks the questions and fills the draft; `run` returns the spec data."""

    def __init__(self, prompter: Prompter, scaffold: Callable[[str], Draft], *, previous: dict[str, Any] | None,
                 remembered: dict[str, Any], method: str | None, today: date) -> None:
        """`scaffold(method)` gives a complete valid spec of the method that unasked sections come from."""
        self.ask = prompter
        self.scaffold = scaffold
        self.fixed_method = method
        self.draft = self._scaffold(method or (previous or {}).get("project", {}).get("method") or "open_tender")
        self.calendar: WorkCalendar = self.draft.calendar
        self.previous = Draft(previous, self.calendar) if previous else None
        self.remembered = remembered
        self.today = today
        self.budget_text = ""  # the budget as the officer typed it ("120万元"), kept in the spec
        self._carry_over()

    def _scaffold(self, method: str) -> Draft:
        draft = self.scaffold(method)
        for section in EXAMPLE_ONLY:
            draft.data.pop(section, None)
        for field in ("site_visit", "samples"):
            draft.data.get("instructions", {}).pop(field, None)
        return draft

    def _switch_method(self, method: str) -> None:
        """Start unasked sections from the chosen method's scaffold, keeping what was answered."""
        if self.draft.get("project.method") == method:
            return
        answered = {key: self.draft.data[key] for key in ("project", "lots")}
        self.draft = self._scaffold(method)
        self.draft.data.update(answered)
        for section in ("negotiation", "single_source"):
            if section not in self.scaffold(method).data:
                self.draft.data.pop(section, None)
        self._carry_over()

    def _carry_over(self) -> None:
        if self.previous is None:
            return
        for path in CARRIED_OVER:
            value = self.previous.get(path)
            if value is not None:
                self.draft.set(path, value)

    # -- defaults and validated questions ------------------------------------------------------

    def default(self, path: str, fallback: Any = None) -> Any:
        """The --from project's value, else the remembered one, else the fallback."""
        if self.previous is not None:
            value = self.previous.get(path)
            if value is not None:
                return value
        if path in self.remembered:
            return self.remembered[path]
        for remembered_path, value in self.remembered.items():  # a field inside a remembered mapping
            if path.startswith(remembered_path + "."):
                found = Draft({"v": value}, self.calendar).get("v" + path[len(remembered_path):])
                if found is not None:
                    return found
        return fallback

    def validated(self, paths: Sequence[str], question: Callable[[], None]) -> None:
        """Ask until the law accepts the answers at `paths`; warnings are shown, not enforced."""
        while True:
            question()
            verdict = self.draft.verdict(paths)
            for warning in verdict.warnings:
                self.ask.warning(warning)
            if not verdict.errors:
                return
            for error in verdict.errors:
                self.ask.problem(error)
            self.ask.hint("请重新回答")

    def text(self, path: str, label: str, fallback: str | None = None, optional: bool = False,
             example: str | None = None) -> str:
        """A text field, validated at its path."""
        answer = ""

        def question() -> None:
            nonlocal answer
            if example:
                self.ask.hint(f"例如：{example}")
            default = self.default(path, fallback)
            answer = self.ask.text(label, _shown(default), optional=optional)
            self.draft.set(path, answer or None)

        self.validated([path], question)
        return answer

    def yes_no(self, path: str, label: str, fallback: bool) -> bool:
        answer = self.ask.confirm(label, _as_bool(self.default(path, fallback)))
        self.draft.set(path, "是" if answer else "否")
        return answer

    def lines(self, path: str, label: str, fallback: Sequence[str] = (), required: bool = False) -> list[str]:
        entries: list[str] = []

        def question() -> None:
            nonlocal entries
            default = self.default(path, None)
            shown = [_entry_text(entry) for entry in default] if default else list(fallback)
            entries = self.ask.lines(label, shown, required=required)
            self.draft.set(path, entries)

        self.validated([path], question)
        return entries

    # -- the interview -------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        self.ask.say("按提示回答问题，直接回车使用括号中的默认值；随时按 Ctrl-C 取消（不会留下任何文件）。", "dim")
        self.project()
        budget = self.budget()
        method = self.method(budget)
        self.lots(budget)
        self.participation(method)
        self.bonds(method)
        self.timeline(method)
        self.evaluation(method)
        self.qualifications()
        self.parties(method)
        self.submission(method)
        self.contract()
        traits = procurement_method(method)
        if traits.negotiating:
            self.negotiation()
        if not traits.competing:  # the one supplier, the subject and the experts' opinions
            self.single_source()
        return self.draft.data

    def project(self) -> None:
        self.ask.section("一、采购什么")
        category = self.ask.choose(
            "项目属性：", [Option(name, name) for name in CATEGORIES], self.default("project.category", "货物"))
        self.draft.set("project.category", category)
        self.text("project.name", "项目名称", example="江城市市场监督管理局2027年办公设备采购项目")
        self.text("project.number", "项目编号", example="JCZC2026-XJ-0416")
        self.text("project.catalogue", "采购品目（政府采购品目分类目录）", example="计算机设备")
        self.text("project.subject", "采购标的（公告中的一句话概括）", example="台式计算机、打印机等办公设备")
        self.text("project.industry", "所属行业（中小企业划分标准，财库〔2020〕46号）",
                  interview_data()["industry"][category])
        self.text("project.contract_period", "合同履行期限", example="合同签订后30日内交付" if category == "货物"
                  else "自合同签订之日起12个月")

    def budget(self) -> Decimal:
        self.ask.section("二、预算")
        previous = self.default("project.budget") or self._previous_lots_budget()
        while True:
            answer = self.ask.text("预算金额（如 120万元 或 1200000）", _shown(previous))
            try:
                budget = cnformat.parse_money(answer)
            except (ValueError, InvalidOperation) as exc:
                self.ask.problem(str(exc) or f"无法识别的金额“{answer}”")
                continue
            if budget <= 0:
                self.ask.problem("预算金额必须大于0")
                continue
            self.ask.hint(f"即 {cnformat.format_yuan(budget)}（{cnformat.format_wan(budget)}）")
            self.budget_text = answer
            # One lot with the whole budget until the lots are asked, so the draft stays consistent.
            self.draft.set("project.budget", None)
            self.draft.data["lots"] = [self._lot_scaffold(1, answer)]
            return budget

    def method(self, budget: Decimal) -> str:
        self.ask.section("三、采购方式")
        keys = [region.key for region in regions().values()]
        current_region = self.default("project.region", "national")
        if len(keys) > 1:
            region_key = self.ask.choose("地区配置（公开招标数额标准等地方规定）：",
                                         [Option(r.key, r.name) for r in regions().values()],
                                         current_region if current_region in keys else "national")
        else:
            region_key = keys[0]
        self.draft.set("project.region", region_key)
        category = self.draft.get("project.category")
        tender_threshold, source = threshold(regions()[region_key], "public_tender_threshold", category)
        above = tender_threshold.value is not None and budget >= Decimal(str(tender_threshold.value)) * TEN_THOUSAND
        if above:
            suggestion = next(key for key, found in procurement_methods().items() if found.principal)
            self.ask.hint(f"预算达到{source.name}{category}公开招标数额标准（{tender_threshold.value}万元，"
                          f"{tender_threshold.citation}），应当公开招标；采用其他方式须经设区的市级以上财政部门批准。")
        else:
            suggestion = interview_data()["suggested_method"][category]
            if tender_threshold.value is not None:
                self.ask.hint(f"预算低于{category}公开招标数额标准（{tender_threshold.value}万元），可以采用非招标方式。")
        if self.fixed_method:
            method = self.fixed_method
            self.ask.say(f"采购方式：{method_names()[method]}")
        else:
            options = [Option(key, name, interview_data()["methods"][key]) for key, name in method_names().items()]
            method = self.ask.choose("采购方式：", options, self.default("project.method", suggestion))
        self._switch_method(method)
        self.draft.set("project.method", method)
        if procurement_method(method).principal:  # needs no legal ground
            self.draft.set("project.method_basis", None)
        else:
            self._method_basis(method, above, budget)
        return method

    def _method_basis(self, method: str, above_threshold: bool, budget: Decimal) -> None:
        grounds = method_grounds(method)

        def question() -> None:
            if len(grounds) == 1:
                ground = next(iter(grounds))
                self.ask.hint(f"适用情形：{grounds[ground].text}（{grounds[ground].basis}）")
            else:
                options = [Option(code, f"{code} {entry.text}") for code, entry in grounds.items()]
                ground = self.ask.choose("适用情形：", options, self.default("project.method_basis.ground"))
            self.draft.set("project.method_basis", {"ground": ground})
            reason = self.ask.text("采用该方式的具体理由", _shown(self.default("project.method_basis.reason")))
            self.draft.set("project.method_basis.reason", reason)
            if above_threshold:
                approval = self.ask.text("财政部门批准文件（文号）", _shown(self.default("project.method_basis.approval")))
                self.draft.set("project.method_basis.approval", approval)
            if ground == "法31(3)":
                cap = limit("single_source.addition_cap")
                self.ask.hint(f"{cap.rule}（{cap.citation}）")
                amount = self.ask.text("原合同采购金额",
                                       _shown(self.default("project.method_basis.original_contract_amount")))
                self.draft.set("project.method_basis.original_contract_amount", amount)

        self.validated(["project.method_basis", "project.method"], question)

    def lots(self, budget: Decimal) -> None:
        self.ask.section("四、采购包和标的")
        previous_lots = self.default("lots") or []
        count = self._count("分几个采购包", max(len(previous_lots), 1), max_entries("lots"))
        remaining = budget
        lots = []
        for index in range(count):
            number = index + 1
            previous = previous_lots[index] if index < len(previous_lots) else {}
            if count > 1:
                self.ask.say(f"第{number}包", "bold")
            # The lot is in the draft before its name is asked, so that the name is checked like
            # every other answer (until its budget is asked it holds the rest of the project's).
            lot = self._lot_scaffold(number, _money_text(remaining))
            lot.update({key: previous[key] for key in LOT_CARRIED_OVER if previous.get(key) is not None})
            lots.append(lot)
            self.draft.data["lots"] = lots
            self.text(f"lots[{index}].name", f"第{number}包名称" if count > 1 else "采购包名称",
                      previous.get("name") or (self.draft.get("project.subject") if count == 1 else None))
            if count == 1:
                lot["budget"] = self.budget_text
            elif number == count:
                self.ask.hint(f"第{number}包预算为剩余金额 {cnformat.format_wan(remaining)}")
            else:
                lot["budget"], amount = self._lot_budget(number, previous.get("budget"), remaining)
                remaining -= amount
            self._items(index, previous.get("items") or [])
            if self.draft.get("project.category") == "服务":
                self._cost_breakdown(index, previous)
        self.draft.data["lots"] = lots

    def _lot_budget(self, number: int, previous: Any, remaining: Decimal) -> tuple[str, Decimal]:
        while True:
            answer = self.ask.text(f"第{number}包预算金额", _shown(previous))
            try:
                amount = cnformat.parse_money(answer)
            except (ValueError, InvalidOperation) as exc:
                self.ask.problem(str(exc) or f"无法识别的金额“{answer}”")
                continue
            if 0 < amount < remaining:
                return answer, amount
            self.ask.problem(f"各包预算之和须等于项目预算，本包预算应大于0且小于剩余的 {cnformat.format_wan(remaining)}")

    def _items(self, lot_index: int, previous_items: list[dict[str, Any]]) -> None:
        base = f"lots[{lot_index}]"
        index = 0
        self.draft.set(f"{base}.items", [])
        while True:
            previous = previous_items[index] if index < len(previous_items) else {}
            self.ask.say(f"标的 {index + 1}", "bold")
            item = f"{base}.items[{index}]"
            self.draft.set(item, {})

            def question(item: str = item, previous: dict[str, Any] = previous) -> None:
                for field, label in (("name", "标的名称"), ("quantity", "数量"), ("unit", "单位（台、套、项…）"),
                                     ("summary", "简要需求（公告中的一句话）")):
                    self.draft.set(f"{item}.{field}", _plain(self.ask.text(label, _shown(previous.get(field)))))
                self._requirement_standard(item, previous.get("requirement_standard"))

            self.validated([item], question)
            self.ask.hint("技术要求逐条输入；实质性要求以★开头（不满足即无效），重要指标以▲开头")
            self.lines(f"{item}.requirements", "技术要求",
                       [_entry_text(entry) for entry in previous.get("requirements", [])])
            index += 1
            more_default = index < len(previous_items)
            if not self.ask.confirm("再添加一个标的", more_default):
                break
        names = [entry["name"] for entry in self.draft.get(f"{base}.items")]
        if len(names) > 1 and self.draft.get("project.category") == "货物":
            self.ask.hint("多个标的的货物采购包须指定核心产品（87号令第三十一条）")
            current = self.default(f"{base}.core_product")

            def core_product() -> None:
                core = self.ask.choose("核心产品：", [Option(name, name) for name in names],
                                       current if current in names else names[0])
                self.draft.set(f"{base}.core_product", core)

            self.validated([f"{base}.core_product"], core_product)

    def _cost_breakdown(self, lot_index: int, previous: dict[str, Any]) -> None:
        """A service lot's kind and the cost components its 分项报价表 prices and the 异常低价 review tests."""
        base = f"lots[{lot_index}]"
        kind = self.ask.choose("服务类别（决定报价构成的默认费用项目）：", [Option(k, k) for k in service_kinds()],
                               previous.get("service_kind") or DEFAULT_KIND)
        self.draft.set(f"{base}.service_kind", kind)
        self.lines(f"{base}.cost_components", "报价构成（分项报价表逐项报价的费用项目）",
                   previous.get("cost_components") or default_components(kind), required=True)

    def _requirement_standard(self, item: str, previous: str | None) -> None:
        """Offer the 采购需求标准 category an item's name identifies (or the --from project gave), for the
        officer to confirm: a confirmed category puts the standard's clauses into the requirements."""
        name = str(self.draft.get(f"{item}.name") or "")
        detected = previous or detected_category(name)
        if detected is None:
            self.draft.set(f"{item}.requirement_standard", None)
            return
        options = [Option(key, key, standard.basis) for key, standard in requirement_standards().items()]
        options.append(Option(NO_STANDARD, f"{NO_STANDARD}（不属于以上品目）"))
        chosen = self.ask.choose(f"标的「{name}」属于哪一政府采购需求标准品目：", options, detected)
        self.draft.set(f"{item}.requirement_standard", chosen)

    def participation(self, method: str) -> None:
        self.ask.section("五、谁可以参加")
        category = self.draft.get("project.category")
        if not procurement_method(method).competing:
            self.draft.set("sme_policy", {"reserved": "否"})  # no competition: the SME measures do not apply
        else:
            self._sme_policy(category)
        self.yes_no("project.accepts_consortium", "接受联合体参加", False)
        if category == "货物":
            self.yes_no("project.accepts_imports", "接受进口产品（须经财政部门核准）", False)
        else:
            self.draft.set("project.accepts_imports", None)

    def _sme_policy(self, category: str) -> None:
        spec = self.draft.spec()
        budget = spec.budget if spec else Decimal(0)
        works = category == "工程"
        reserve = limit("sme.reserve_threshold_works" if works else "sme.reserve_threshold_goods_services")
        below = budget <= reserve.value * TEN_THOUSAND
        self.ask.hint(f"{reserve.rule}（{reserve.citation}）" if below else
                      f"{limit('sme.reserved_share').rule}（{limit('sme.reserved_share').citation}）")
        low = limit("sme.works_deduction_min" if works else "sme.deduction_min")
        high = limit("sme.works_deduction_max" if works else "sme.deduction_max")
        lots = self.draft.get("lots")

        def question() -> None:
            reserved = self.ask.confirm("整个项目专门面向中小企业采购", _as_bool(self.default("sme_policy.reserved", below)))
            self.draft.set("sme_policy", {"reserved": "是" if reserved else "否"})
            for lot in lots:
                lot.pop("sme_reserved", None)
            if reserved:
                return
            if len(lots) > 1:
                for lot in lots:
                    if self.ask.confirm(f"第{lot['number']}包（{lot['name']}）专门面向中小企业", False):
                        lot["sme_reserved"] = "是"
            if any(not _as_bool(lot.get("sme_reserved", False)) for lot in lots):
                self.ask.hint(f"未专门面向中小企业的采购包，对小微企业报价给予{low.text}至{high.text}的扣除（{low.citation}）")
                deduction = self.ask.text("小微企业价格扣除比例", _shown(self.default("sme_policy.price_deduction", low.text)))
                self.draft.set("sme_policy.price_deduction", deduction)
            self.ask.hint("不专门面向中小企业的，须说明理由（财库〔2020〕46号第六条规定的情形）")
            reason = self.ask.text("不专门面向中小企业的理由", _shown(self.default("sme_policy.not_reserved_reason")),
                                   optional=not below)
            self.draft.set("sme_policy.not_reserved_reason", reason or None)

        self.validated(["sme_policy", *(f"lots[{i}].sme_reserved" for i in range(len(lots)))], question)

    def bonds(self, method: str) -> None:
        self.ask.section("六、保证金")
        cap = limit("bid_bond.cap")
        smallest = min(cnformat.parse_money(lot["budget"]) for lot in self.draft.get("lots"))
        self.ask.hint(f"{cap.rule}（{cap.citation}）；本项目每包最多 "
                      f"{cnformat.format_yuan(smallest * cap.value / 100)}。不收取填 0。")
        lots = self.draft.get("lots")

        def bid_bond() -> None:
            amount = self.ask.text("投标（响应）保证金（每包金额）", _shown(self.default("bonds.bid_bond", "0")))
            self.draft.set("bonds.bid_bond", _plain(amount))

        self.validated(["bonds.bid_bond", *(f"lots[{i}].bid_bond" for i in range(len(lots)))], bid_bond)
        if cnformat.parse_money(self.draft.get("bonds.bid_bond")) > 0:
            self.ask.say("保证金收款账户：")
            for field, label in (("name", "户名"), ("bank", "开户银行"), ("number", "账号")):
                self.text(f"instructions.bid_bond_account.{field}", f"  {label}")
        else:
            self.draft.set("instructions.bid_bond_account", None)
        performance = limit("performance_bond.cap")
        self.ask.hint(f"{performance.rule}（{performance.citation}）")
        self.text("bonds.performance_bond", "履约保证金（占合同金额的比例，如 5%）", optional=True)

    def timeline(self, method: str) -> None:
        self.ask.section("七、时间安排")
        self._intention()
        proposed_notice = first_notice_date(self.calendar, self.today)
        publicity = procurement_method(method).publicity
        while True:
            notice = self._date(f"{method_names()[method]}公示发布日期" if publicity else "公告发布日期", proposed_notice)
            self.draft.set("timeline.notice_date", notice.isoformat())
            if notice >= self.today:
                break
            self.ask.problem("公告发布日期不能早于今天")
        if publicity:
            self._publicity_dates(method, notice)
        else:
            self._response_dates(method, notice)
        self.text("timeline.submission_place", "响应（投标）文件递交地点（电子化项目填交易系统名称）",
                  example="江城市公共资源交易电子服务系统（在线提交电子投标文件）")
        self.text("timeline.opening_place", "开标（评审）地点", example="江城市公共资源交易中心第三开标室")
        validity = interview_data()["bid_validity_days"]
        days = validity["tender" if procurement_method(method).tender else "other"]
        self.text("timeline.bid_validity_days", "投标（响应）有效期（日）", str(days))
        self.draft.set("timeline.bid_validity_days", _plain(self.draft.get("timeline.bid_validity_days")))

    def _intention(self) -> None:
        lead = limit("intention.lead")
        self.ask.hint(f"{lead.rule}（{lead.citation}）")

        def question() -> None:
            answer = self.ask.text("采购意向公开日期（未公开直接回车）", _shown(self.default("timeline.intention_date")),
                                   optional=True)
            self.draft.set("timeline.intention_date", answer or None)
            if answer:
                self.draft.set("timeline.intention_exempt_reason", None)
                site = self.ask.text("采购意向公开网站", _shown(self.default("timeline.intention_site")))
                self.draft.set("timeline.intention_site", site)
            else:
                self.draft.set("timeline.intention_site", None)
                reason = self.ask.text("未公开采购意向的理由（因不可预见的原因急需开展采购）",
                                       _shown(self.default("timeline.intention_exempt_reason")))
                self.draft.set("timeline.intention_exempt_reason", reason)

        self.validated(["timeline.intention_date", "timeline.intention_exempt_reason"], question)

    def _response_dates(self, method: str, notice: date) -> None:
        plan = propose(self.calendar, method, notice)
        earliest = plan.earliest
        mark = PROVISIONAL_MARK if earliest.provisional else ""
        self.ask.hint(f"{earliest.label}：{cnformat.format_date(earliest.date)}{mark}"
                      f"（{earliest.limit.rule}；{earliest.limit.citation}）")
        self._provisional_hint(plan, notice)
        self.draft.set("timeline.document_start", notice.isoformat())

        def documents() -> None:
            end = self._date("获取采购文件截止日期", plan.document_end)
            self.draft.set("timeline.document_end", end.isoformat())

        self.validated(["timeline.document_end", "timeline.document_start"], documents)
        time_of_day = self._time_of_day("timeline.bid_deadline")

        def deadline() -> None:
            self.ask.hint("建议比最早日期多留1日并安排在工作日")
            answer = self.ask.text("响应（投标）文件提交截止时间（北京时间）", f"{plan.deadline.isoformat()} {time_of_day}")
            self.draft.set("timeline.bid_deadline", answer)
            self.draft.set("timeline.opening_time", None)

        self.validated(["timeline.bid_deadline", "timeline.opening_time", "timeline.document_end"], deadline)

    def _publicity_dates(self, method: str, notice: date) -> None:
        plan = propose(self.calendar, method, notice)
        self.ask.hint(f"{plan.earliest.limit.rule}（{plan.earliest.limit.citation}）")
        self._provisional_hint(plan, notice)
        self.draft.set("single_source.publicity_start", notice.isoformat())

        def publicity_end() -> None:
            end = self._date("公示截止日期", plan.publicity_end or plan.earliest.date)
            self.draft.set("single_source.publicity_end", end.isoformat())

        self.validated(["single_source.publicity_end", "single_source"], publicity_end)
        end = date.fromisoformat(self.draft.get("single_source.publicity_end"))
        sent = self.calendar.next_workday(end + timedelta(days=1)).date
        self.draft.set("timeline.document_start", sent.isoformat())
        self.draft.set("timeline.document_end", sent.isoformat())
        time_of_day = self._time_of_day("timeline.bid_deadline")
        proposed = self.calendar.add_working_days(sent, single_source_response_workdays()).date

        def negotiation() -> None:
            deadline = self.ask.text("响应文件提交截止时间（北京时间）", f"{proposed.isoformat()} {time_of_day}")
            self.draft.set("timeline.bid_deadline", deadline)
            start = self.ask.text("协商时间（北京时间）", deadline)
            self.draft.set("timeline.opening_time", start)
            self.draft.set("single_source.negotiation_time", start)

        self.validated(["timeline.bid_deadline", "timeline.opening_time", "single_source.negotiation_time"],
                       negotiation)

    def _provisional_hint(self, plan: Schedule, notice: date) -> None:
        """Say once that the proposed dates are provisional, and why."""
        if plan.provisional:
            years = [year for year in range(notice.year, plan.deadline.year + 1) if self.calendar.is_provisional(year)]
            self.ask.hint(f"以下建议的日期为暂定：{provisional_reason(years)}")

    def _date(self, label: str, proposed: date) -> date:
        """A date, proposed from the law; a --from project's dates are last year's and never offered."""
        while True:
            answer = self.ask.text(label, proposed.isoformat())
            try:
                return cnformat.parse_date(answer)
            except ValueError as exc:
                self.ask.problem(str(exc) or f"无法识别的日期“{answer}”，请写成 2026-12-08")

    def _time_of_day(self, path: str) -> str:
        previous = self.default(path)
        if previous and self.previous is not None:
            return str(previous)[-5:]
        return interview_data()["deadline_time"]

    def evaluation(self, method: str) -> None:
        self.ask.section("八、评审办法")
        category = self.draft.get("project.category")
        traits = procurement_method(method)
        if traits.scored:
            evaluation_method = "综合评分法"
            self.ask.hint(f"{traits.name}{traits.meaning_of('scored')}（{traits.citation_of('scored')}）")
        elif traits.lowest_price:
            evaluation_method = "最低评标价法"
            self.ask.hint(f"{traits.meaning_of('lowest_price')}（{traits.citation_of('lowest_price')}）")
        elif traits.agreed_price:
            evaluation_method = "最低评标价法"  # nothing is scored: the price is agreed with the one supplier
            self.ask.hint(f"{traits.meaning_of('agreed_price')}（{traits.citation_of('agreed_price')}）")
        else:
            evaluation_method = self.ask.choose(
                "评标方法：", [Option("综合评分法", "综合评分法", "技术、商务和价格综合打分"),
                           Option("最低评标价法", "最低评标价法", "技术、服务等标准统一的货物和服务，满足需求且报价最低者中标")],
                self.default("evaluation.method", "综合评分法"))
        # How the 本国产品 preference combines with the small/micro deduction is the purchaser's choice
        # (no rule fixes it): kept from the --from project or the example, else the office default.
        combination = self.default("evaluation.preference_combination",
                                   self.draft.get("evaluation.preference_combination",
                                                  interview_data()["preference_combination"]))
        self.draft.set("evaluation", {"method": evaluation_method, "preference_combination": combination})
        if evaluation_method != "综合评分法":
            return
        self.ask.hint(_price_weight_range(method, category))

        def weight() -> None:
            answer = self.ask.text("价格分权重", _shown(self.default("evaluation.price_weight",
                                                                 interview_data()["price_weight"][category])))
            self.draft.set("evaluation.price_weight", answer)

        self.validated(["evaluation.price_weight"], weight)
        weight_points = cnformat.parse_percent(self.draft.get("evaluation.price_weight"))
        remaining = Decimal(100) - weight_points
        previous = self.default("evaluation.factors")
        fits = previous and sum(Decimal(str(f["points"])) for f in previous) == remaining
        proposed = previous if fits else _default_factors(remaining)
        self.ask.say(f"评分因素（价格以外共 {_plain_number(remaining)} 分），默认为：")
        for factor in proposed:
            self.ask.say(f"  · {factor['name']}（{factor['category']}，{factor['points']}分）：{factor['criteria']}", "dim")
        if self.ask.confirm("使用以上评分因素", True):
            self.draft.set("evaluation.factors", proposed)
            if not self.draft.verdict(["evaluation"]).errors:
                return
        self.validated(["evaluation.factors", "evaluation"], lambda: self._factors(remaining))

    def _factors(self, total: Decimal) -> None:
        factors: list[dict[str, Any]] = []
        self.ask.hint("只对响应文件的内容评分，不得以供应商的规模、所有制、业绩奖项等设置评分（《政府采购法实施条例》第二十条）")
        used = Decimal(0)
        while used < total:
            self.ask.say(f"评分因素 {len(factors) + 1}（还剩 {_plain_number(total - used)} 分）", "bold")
            name = self.ask.text("名称")
            category = self.ask.choose("类别：", [Option(c, c) for c in ("技术", "商务", "服务", "其他")], "技术")
            points = self.ask.text("分值", _plain_number(total - used))
            try:
                value = Decimal(points)
            except InvalidOperation:
                self.ask.problem(f"分值“{points}”不是数字")
                continue
            criteria = self.ask.text("评分标准（量化，每档对应的分值）")
            factors.append({"name": name, "category": category, "points": _number(value), "criteria": criteria})
            used += value
        self.draft.set("evaluation.factors", factors)

    def qualifications(self) -> None:
        self.ask.section("九、资格要求")
        mode = self.ask.choose("资格证明方式：", [
            Option("commitment", "资格承诺函", "供应商以承诺函代替逐项证明材料（推荐）"),
            Option("documents", "逐项提供证明材料")], self.default("qualification_mode", "commitment"))
        self.draft.set("qualification_mode", mode)
        previous = self.default("qualifications") or []
        self.draft.set("qualifications", [])
        if not self.ask.confirm("是否设定特定资格要求（须有法律、行政法规依据）", bool(previous)):
            return
        index = 0
        while True:
            entry = previous[index] if index < len(previous) else {}
            path = f"qualifications[{index}]"

            def question(path: str = path, entry: dict[str, Any] = entry) -> None:
                self.draft.set(path, {
                    "requirement": self.ask.text("特定资格要求", _shown(entry.get("requirement"))),
                    "basis": self.ask.text("法律、行政法规依据", _shown(entry.get("basis"))),
                })

            self.validated([path], question)
            index += 1
            if not self.ask.confirm("再添加一项", index < len(previous)):
                return

    def parties(self, method: str) -> None:
        self.ask.section("十、采购人、代理机构和联系人")
        for field, label in (("name", "采购人名称"), ("address", "采购人地址"), ("contact", "采购人联系人"),
                             ("phone", "采购人联系电话")):
            self.text(f"parties.purchaser.{field}", label)
        self._purchaser_type()
        if self.ask.confirm("是否委托采购代理机构（集中采购机构）", self.default("parties.agency") is not None
                            or self.previous is None):
            for field, label in (("name", "代理机构名称"), ("address", "代理机构地址"), ("contact", "代理机构联系人"),
                                 ("phone", "代理机构联系电话")):
                self.text(f"parties.agency.{field}", label)
            self.text("instructions.agency_fee", "代理服务费（收取标准和支付方；不收取直接回车）", optional=True)
            contact = self.draft.get("parties.agency")
        else:
            self.draft.set("parties.agency", None)
            self.draft.set("instructions.agency_fee", None)
            contact = self.draft.get("parties.purchaser")
        previous = (self.default("parties.project_contacts") or [{}])[0]
        name = self.ask.text("项目联系人", previous.get("name") or contact["contact"])
        phone = self.ask.text("项目联系人电话", previous.get("phone") or contact["phone"])
        self.draft.set("parties.project_contacts", [{"name": name, "phone": phone}])
        self.text("parties.supervisor.name", "监督部门（同级财政部门）名称", example="江城市财政局政府采购监督管理科")
        self.text("parties.supervisor.phone", "监督部门电话")
        if procurement_method(method).publicity:
            self.ask.hint(f"{method_names()[method]}公示须写明财政部门的地址和联系人（74号令第三十八条）")
            self.text("parties.supervisor.address", "监督部门地址")
            self.text("parties.supervisor.contact", "监督部门联系人")

    def _purchaser_type(self) -> None:
        """The buyer type decides which clauses of the 采购需求标准 the requirements must include."""
        options = [Option(key, key, entry.description) for key, entry in buyer_types().items()]

        def question() -> None:
            chosen = self.ask.choose("采购人类型：", options, self.default("project.purchaser_type", next(iter(buyer_types()))))
            self.draft.set("project.purchaser_type", chosen)

        self.validated(["project.purchaser_type"], question)

    def submission(self, method: str) -> None:
        self.ask.section("十一、获取和递交文件")
        self.text("document_access.place", "获取采购文件的地点（或网站、系统）", example="江城市公共资源交易电子服务系统")
        self.text("document_access.method", "获取方式", example="登录交易系统在线免费获取")
        self.text("document_access.price", "采购文件售价（元，免费填 0）", "0")
        self.draft.set("document_access.price", _plain(self.draft.get("document_access.price")))
        electronic = self.yes_no("instructions.electronic", "全流程电子化（在交易系统中递交加密的电子文件）", True)
        if electronic:
            self.draft.set("instructions.submission", None)
        else:
            self.text("instructions.submission", "纸质文件份数和形式", "正本1份、副本4份")

    def contract(self) -> None:
        self.ask.section("十二、合同主要条款")
        category = self.draft.get("project.category")
        defaults = interview_data()["contract"][category]
        period = self.draft.get("project.contract_period")
        self.lines("contract.payment", "付款方式（按付款节点）", defaults["payment"], required=True)
        for field, label in (("delivery", "交付（实施）时间和地点"), ("acceptance", "验收"), ("warranty", "质保"),
                             ("after_sales", "售后服务")):
            self.text(f"contract.{field}", label, defaults[field].format(period=period))
        self.lines("contract.liabilities", "违约责任", defaults["liabilities"])

    def negotiation(self) -> None:
        self.ask.section("十三、谈判（磋商）事项")
        source = self.ask.choose("供应商产生方式：", [Option(s, s) for s in ("公告", "随机抽取", "书面推荐")],
                                 self.default("negotiation.supplier_source", "公告"))
        self.draft.set("negotiation", {"supplier_source": source})
        self.ask.hint("谈判（磋商）中可能实质性变动的技术、服务要求和合同条款须在文件中列明（74号令第十一条）；没有直接回车")
        self.lines("negotiation.changeable", "可能实质性变动的内容")

    def single_source(self) -> None:
        self.ask.section("十三、单一来源采购事项")
        for field, label in (("name", "拟定供应商名称"), ("address", "拟定供应商地址"), ("contact", "联系人"),
                             ("phone", "联系电话")):
            self.text(f"single_source.supplier.{field}", label)
        self.text("single_source.description", "拟采购的货物或者服务的说明")
        self.ask.hint("公示须附专业人员的姓名、工作单位、职称和具体论证意见（74号令第三十八条）")
        self.validated(["single_source.experts"], self._experts)
        self.text("single_source.negotiation_place", "协商地点", _shown(self.draft.get("timeline.opening_place")))

    def _experts(self) -> None:
        previous = self.default("single_source.experts") or []
        experts: list[dict[str, Any]] = []
        while True:
            entry = previous[len(experts)] if len(experts) < len(previous) else {}
            self.ask.say(f"专业人员 {len(experts) + 1}", "bold")
            experts.append({field: self.ask.text(label, _shown(entry.get(field))) for field, label in (
                ("name", "姓名"), ("employer", "工作单位"), ("title", "职称"), ("opinion", "论证意见"))})
            self.draft.set("single_source.experts", experts)
            if not self.ask.confirm("再添加一位专业人员", len(experts) < max(len(previous), 3)):
                return

    # -- helpers ---------------------------------------------------------------------------------

    def _count(self, label: str, default: int, most: int) -> int:
        while True:
            answer = self.ask.text(label, str(default))
            # isascii: int() refuses "²" though isdigit() accepts it; the length keeps int() from
            # converting thousands of digits (which it refuses too).
            if answer.isascii() and answer.isdigit() and len(answer) <= len(str(most)) and 1 <= int(answer) <= most:
                return int(answer)
            self.ask.problem(f"请输入 1 到 {most} 之间的整数")

    def _previous_lots_budget(self) -> Any:
        lots = self.default("lots")
        if not lots:
            return None
        return _money_text(sum((cnformat.parse_money(lot["budget"]) for lot in lots), Decimal(0)))

    def _lot_scaffold(self, number: int, budget: Any) -> dict[str, Any]:
        """A lot with one placeholder-free item, valid until its real items are asked."""
        return {"number": number, "name": self.draft.get("project.subject") or "采购包", "budget": budget,
                "items": [{"name": self.draft.get("project.subject") or "标的", "quantity": 1, "unit": "项",
                           "summary": self.draft.get("project.subject") or "标的"}]}


def _price_weight_range(method: str, category: str) -> str:
    traits = procurement_method(method)
    bounds = traits.price_weight.get(category)
    if bounds is not None:  # the method's own range (磋商, 214号)
        return f"{traits.name}{category}项目的价格分权重为{bounds.min.text}至{bounds.max.text}（{bounds.max.citation}）"
    if category == "工程":
        return "工程项目的价格分权重按照有关规定确定"
    low = limit("price_weight.goods_min" if category == "货物" else "price_weight.services_min")
    return f"{low.rule}（{low.citation}）"


def _default_factors(total: Decimal) -> list[dict[str, Any]]:
    """The proposed factors with points in proportion to their share, adding up to `total` exactly."""
    templates = interview_data()["factors"]
    shares = sum(Decimal(t["share"]) for t in templates)
    factors = []
    given = Decimal(0)
    for position, template in enumerate(templates):
        last = position == len(templates) - 1
        points = total - given if last else (total * Decimal(template["share"]) / shares).quantize(Decimal(1))
        given += points
        factors.append({"name": template["name"], "category": template["category"], "points": _number(points),
                        "criteria": template["criteria"]})
    return factors


def _plain_number(value: Decimal) -> str:
    """Decimal('40') -> '40', Decimal('12.50') -> '12.5'."""
    return f"{value.normalize():f}"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _money_text(amount: Decimal) -> str:
    """An amount as an officer writes it: 万元 when it is a whole number of 万, else yuan."""
    if amount % TEN_THOUSAND == 0:
        return f"{_plain_number(amount / TEN_THOUSAND)}万元"
    return _plain_number(amount)


def _shown(value: Any) -> str | None:
    """A default as the text shown in a question (None: no default)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _plain(answer: Any) -> Any:
    """A whole number typed as text becomes a number, so the spec reads `quantity: 150`, not '150'.

    Only ASCII digits, and no more than any number of a spec has: int() refuses "²" and thousands of
    digits; such an answer stays text, for its field to refuse with its own message."""
    if (isinstance(answer, str) and answer.isascii() and answer.isdigit() and (answer == "0" or not answer.startswith("0"))
            and len(answer) <= input_limit("fields.number_digits").value):
        return int(answer)
    return answer


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip() in {"是", "接受", "允许", "有", "true", "True"}
    return bool(value)


def _entry_text(entry: Any) -> str:
    """A requirement as the officer writes it: '★…' from either the short or the mapping form."""
    if isinstance(entry, dict):
        marks = {"substantive": "★", "important": "▲"}
        return marks.get(entry.get("level", ""), "") + str(entry.get("text", ""))
    return str(entry)
