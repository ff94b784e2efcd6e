"""The project spec: everything a procurement document set is generated from.

Field names are English snake_case; titles and descriptions are Chinese, so the JSON Schema
(``procdocs schema``) gives editors Chinese completion help and error messages can name a field
the way an officer knows it. Unknown keys are errors (``extra="forbid"``): a typo must never be
silently ignored.

Only structure and value types are validated here. Cross-field consistency (lot budgets adding up,
dates in order) is in :mod:`procdocs.spec.consistency`; legal limits (bond ≤ 2%, 20-day period …)
are checks with citations in :mod:`procdocs.checks`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from procdocs.law.methods import procurement_method
from procdocs.law.standards import NO_STANDARD, RequirementStandard, requirement_standard
from procdocs.spec.fields import (
    REQUIREMENT_MARKS,
    BeijingTime,
    Count,
    Day,
    Line,
    LineText,
    ListEntry,
    LongText,
    Money,
    Name,
    Number,
    Percent,
    Prose,
    RequirementLevel,
    ShortText,
    YesNo,
    max_entries,
    split_requirement_mark,
)

# The methods of procdocs/law/data/methods.yaml that procdocs generates (not the reserved ones);
# written out for the JSON Schema and type checkers, kept equal to the law by tests/test_law.py.
Method = Literal["open_tender", "competitive_negotiation", "competitive_consultation", "inquiry", "single_source"]
Category = Literal["货物", "服务", "工程"]
EvaluationMethod = Literal["综合评分法", "最低评标价法"]
QualificationMode = Literal["commitment", "documents"]
# How the 本国产品 preference combines with the small/micro deduction: no rule fixes it, so the
# purchaser chooses (procdocs/law/data/policies.yaml domestic_product.combination, same values).
PreferenceCombination = Literal["分别计算", "依次计算"]
# The buyer types and item categories of the national 采购需求标准 (procdocs/law/data/
# requirement_standards.yaml, where "无" is an item no standard covers): written out for the JSON
# Schema, kept equal to the law by tests/test_law.py.
PurchaserType = Literal["党政机关", "机关保障事业单位", "其他事业单位", "团体组织"]
# Kinds of service whose cost components have office defaults (procdocs/data/service_costs.yaml kinds),
# written out for the JSON Schema, kept equal to the data by tests/test_service_costs.py.
ServiceKind = Literal["物业管理", "保洁", "安保", "车辆租赁", "信息系统运维", "其他"]
StandardCategory = Literal["台式计算机", "便携式计算机", "一体式计算机", "通用服务器", "数据库", "无"]


class SpecModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,  # project numbers and phone numbers are often unquoted
        frozen=True,
    )


class Organization(SpecModel):
    name: Name = Field(title="名称")
    address: Name = Field(title="地址")
    contact: Name = Field(title="联系人")
    phone: Name = Field(title="联系电话")


class Contact(SpecModel):
    name: Name = Field(title="联系人")
    phone: Name = Field(title="电话")


class Supervisor(SpecModel):
    name: Name = Field(title="监督部门名称", description="如：江城市财政局政府采购监督管理科")
    phone: Name = Field(title="监督电话")
    address: ShortText | None = Field(None, title="地址")
    contact: ShortText | None = Field(None, title="联系人", description="单一来源采购公示须写明财政部门的联系人（74号令第三十八条）")


class Parties(SpecModel):
    purchaser: Organization = Field(title="采购人")
    agency: Organization | None = Field(
        None, title="采购代理机构", description="采购人自行组织采购时不填")
    project_contacts: list[Contact] = Field(max_length=max_entries(), min_length=1, title="项目联系人")
    supervisor: Supervisor | None = Field(None, title="监督部门")


class Requirement(SpecModel):
    """One technical or commercial requirement; ★ marks a substantive (实质性) one, ▲ an important one."""

    text: ListEntry = Field(title="要求")
    level: RequirementLevel = Field(
        "general", title="要求级别",
        description="substantive（★实质性要求，不满足即无效）、important（▲重要指标）或 general（一般要求）")

    @model_validator(mode="before")
    @classmethod
    def _from_marked_text(cls, value: Any) -> Any:
        # Officers write requirements the way documents print them: "★续航里程不低于500公里".
        if isinstance(value, str):
            level, text = split_requirement_mark(value)
            return {"text": text, "level": level}
        return value

    @property
    def mark(self) -> str:
        return REQUIREMENT_MARKS[self.level]


class Item(SpecModel):
    name: Name = Field(title="标的名称")
    quantity: Number = Field(gt=0, title="数量")
    unit: Name = Field(title="单位", description="如：辆、台、套、项")
    summary: Line = Field(title="简要技术需求", description="公告“采购需求”中的一句话概述")
    requirements: list[Requirement] = Field(max_length=max_entries("requirements"),
        default_factory=list, title="技术要求", description="逐条列出；以★开头为实质性要求，▲为重要指标")
    requirement_standard: StandardCategory | None = Field(
        None, title="采购需求标准品目",
        description="标的属于财政部、工业和信息化部政府采购需求标准所列品目时填写（如：台式计算机），文件按采购人类型"
                    "列入该标准要求纳入采购需求的条款；不属于的填写“无”")


class Lot(SpecModel):
    number: Count = Field(ge=1, title="包号")
    name: Name = Field(title="采购包名称")
    budget: Money = Field(title="预算金额")
    max_price: Money | None = Field(None, title="最高限价")
    items: list[Item] = Field(max_length=max_entries("items"), min_length=1, title="标的清单")
    contract_period: LineText | None = Field(None, title="合同履行期限", description="不填时使用项目的合同履行期限")
    bid_bond: Money | None = Field(None, title="投标（响应）保证金", description="不填时使用 bonds.bid_bond")
    sme_reserved: YesNo | None = Field(
        None, title="专门面向中小企业", description="不填时使用 sme_policy.reserved")
    core_product: ShortText | None = Field(
        None, title="核心产品", description="多个标的的采购包须指定核心产品（87号令第三十一条）")
    standards: list[ListEntry] = Field(max_length=max_entries(),
        default_factory=list, title="执行标准", description="标的须符合的国家标准、行业标准，如：GB 7258《机动车运行安全技术条件》")
    delivery_place: LineText | None = Field(None, title="交付地点", description="不填时使用 contract.delivery")
    installation: LongText | None = Field(None, title="安装调试要求")
    training: LongText | None = Field(None, title="培训要求")
    after_sales: LongText | None = Field(None, title="售后服务要求", description="不填时使用 contract.after_sales")
    service_kind: ServiceKind | None = Field(
        None, title="服务类别",
        description="服务项目的报价构成按服务类别取默认的费用项目：物业管理、保洁、安保、车辆租赁、信息系统运维或其他；"
                    "不填为其他。货物、工程项目不使用")
    cost_components: list[Name] = Field(max_length=max_entries(), default_factory=list, title="报价构成",
        description="服务项目分项报价表中须分别报价的费用项目，如：人工费、车辆使用费、设备使用费、平台（软件）费、耗材费、"
                    "管理费、利润、税金；不填时按服务类别的默认项目。异常低价审查据此逐项核查。货物、工程项目不使用")


class Subcontracting(SpecModel):
    scope: Line = Field(title="可以分包的内容", description="如：车辆运输、上牌手续代办等非主体、非关键性工作")
    max_share: Percent | None = Field(None, title="分包金额上限", description="分包金额占合同金额的最高比例")


class MethodBasis(SpecModel):
    """Why a method other than open tender may be used, and the approval when one is needed."""

    ground: Name = Field(title="适用情形", description="法定适用情形的编号，如：法30(2)、214号3(1)、法31(1)、法32")
    reason: Prose = Field(title="具体理由")
    approval: LineText | None = Field(
        None, title="批准文件", description="预算达到公开招标数额标准而采用其他方式时，设区的市级以上财政部门的批准文件（文号）")
    original_contract_amount: Money | None = Field(
        None, title="原合同金额", description="单一来源添购（法31(3)）时原合同的采购金额，用于核对10%的上限")


class ImportApproval(SpecModel):
    """The 财政部门's approval to buy imported products (财库〔2007〕119号), which accepting them requires."""

    authority: Name = Field(title="核准的财政部门", description="如：江城市财政局")
    document: Name = Field(title="核准文件文号", description="如：江财采〔2026〕12号")
    date: Day = Field(title="核准日期")
    products: LineText | None = Field(
        None, title="核准采购的进口产品", description="核准的产品范围；不填表示核准文件适用于本项目全部标的")


class Project(SpecModel):
    number: Name = Field(title="项目编号")
    name: Name = Field(title="项目名称")
    method: Method = Field(title="采购方式")
    category: Category = Field(title="项目属性", description="货物、服务或工程")
    catalogue: Name = Field(title="采购品目", description="政府采购品目分类目录中的品目，如：乘用车")
    subject: Line = Field(title="采购标的", description="公告“项目概况”中的采购标的，如：新能源公务用车")
    purchaser_type: PurchaserType | None = Field(
        None, title="采购人类型",
        description="党政机关（乡镇以上）、机关保障事业单位（乡镇以上党委和政府直属事业单位，以及部门所属为机关提供支持保障的"
                    "事业单位）、其他事业单位或团体组织；决定政府采购需求标准中须纳入采购需求的条款")
    industry: Name = Field(
        title="所属行业", description="采购标的对应的中小企业划分标准所属行业，如：工业（财库〔2020〕46号）")
    budget: Money | None = Field(None, title="预算金额", description="不填时为各采购包预算之和")
    max_price: Money | None = Field(None, title="最高限价")
    contract_period: Line = Field(title="合同履行期限")
    accepts_consortium: YesNo = Field(title="接受联合体投标（响应）")
    accepts_imports: YesNo = Field(False, title="接受进口产品")
    import_approval: ImportApproval | None = Field(
        None, title="进口产品核准", description="接受进口产品时必填：财政部门的核准文件（财库〔2007〕119号）")
    subcontracting: Subcontracting | None = Field(
        None, title="分包", description="允许中标人分包时填写可分包的内容；不填表示不允许分包")
    region: Name = Field("national", title="地区配置", description="公开招标数额标准等地方规定，如：national、yunnan-lijiang")
    method_basis: MethodBasis | None = Field(
        None, title="采购方式依据", description="采用公开招标以外的方式时必填：适用情形、理由、批准文件")


class SmePolicy(SpecModel):
    reserved: YesNo = Field(title="专门面向中小企业", description="整个项目专门面向中小企业采购")
    price_deduction: Percent | None = Field(
        None, title="小微企业价格扣除比例", description="非专门面向中小企业的采购包，对小微企业报价的扣除比例，如 \"10%\"")
    consortium_deduction: Percent | None = Field(
        None, title="联合体价格扣除比例",
        description="大中型企业与小微企业组成联合体或分包给小微企业（份额≥30%）时的扣除比例，如 \"4%\"")
    not_reserved_reason: LongText | None = Field(
        None, title="不专门面向中小企业的理由", description="预算在200万元以下而未预留时必须说明（财库〔2020〕46号第六条）")


class Qualification(SpecModel):
    requirement: ListEntry = Field(title="特定资格要求")
    basis: Line = Field(title="法律依据", description="设定该要求的法律、行政法规依据")


class DocumentAccess(SpecModel):
    place: Line = Field(title="获取地点")
    method: Line = Field(title="获取方式")
    price: Money = Field(Decimal(0), title="售价", description="0 表示免费")
    office_hours: Line = Field("上午09:00至11:30，下午14:30至17:00", title="每日时间")


class Timeline(SpecModel):
    intention_date: Day | None = Field(None, title="采购意向公开日期")
    intention_site: ShortText | None = Field(None, title="采购意向公开网站", description="如：中国政府采购网江城市分网")
    intention_exempt_reason: LongText | None = Field(
        None, title="未公开采购意向的理由", description="因不可预见的原因急需开展采购而未公开采购意向时说明（财库〔2020〕10号）")
    notice_date: Day = Field(title="公告发布日期")
    document_start: Day = Field(title="获取采购文件开始日期")
    document_end: Day = Field(title="获取采购文件截止日期")
    bid_deadline: BeijingTime = Field(title="投标（响应）截止时间")
    opening_time: BeijingTime | None = Field(None, title="开标（评审、协商）时间", description="不填时与截止时间相同")
    submission_place: Line = Field(title="投标（响应）文件递交地点")
    opening_place: Line = Field(title="开标（评审）地点")
    bid_validity_days: Count = Field(gt=0, title="投标（响应）有效期（日）")


class PerformanceBondReturn(SpecModel):
    """How the 履约保证金 is returned or kept (财库〔2019〕38号); each part not given uses the office
    default of procdocs/data/contract_defaults.yaml (``ProjectSpec.performance_bond_return_terms``)."""

    method: LineText | None = Field(None, title="退还方式", description="如：原路退还至乙方账户；保函的退还保函原件或者书面解除保证责任")
    time: LineText | None = Field(None, title="退还时间", description="如：验收合格之日起10个工作日内")
    conditions: LongText | None = Field(None, title="退还条件", description="如：货物验收合格、乙方提出书面申请")
    forfeiture: list[ListEntry] = Field(max_length=max_entries(), default_factory=list,
                                        title="不予退还的情形", description="逐条列出")
    late_return: LongText | None = Field(None, title="逾期退还的违约责任")


class Bonds(SpecModel):
    bid_bond: Money | None = Field(None, title="投标（响应）保证金", description="每个采购包的金额；不收取时不填或填 0")
    bid_bond_forms: list[Name] = Field(max_length=max_entries(),
        default_factory=lambda: ["银行转账", "支票", "汇票", "本票", "银行保函", "保险保函", "电子保函"],
        title="投标（响应）保证金形式")
    performance_bond: Percent | None = Field(None, title="履约保证金比例", description="占合同金额的百分比；不收取时不填")
    performance_bond_return: PerformanceBondReturn = Field(
        default_factory=PerformanceBondReturn, title="履约保证金的退还",
        description="退还方式、时间、条件，不予退还的情形和逾期退还的违约责任；不填的部分使用默认约定")


class ScoreLevel(SpecModel):
    condition: ListEntry = Field(title="区间（情形）", description="如：承诺24小时内到达现场")
    points: Number = Field(ge=0, title="得分")


class ScoringFactor(SpecModel):
    name: Name = Field(title="评分因素")
    category: Literal["技术", "商务", "服务", "其他"] = Field(title="类别")
    points: Number = Field(gt=0, title="分值")
    criteria: Prose = Field(title="评分标准", description="量化的评分标准，每个区间对应的分值")
    levels: list[ScoreLevel] = Field(max_length=max_entries(),
        default_factory=list, title="评分区间", description="各区间及对应得分；填写后在评分表中逐档列出")


class Evaluation(SpecModel):
    method: EvaluationMethod = Field(title="评标（评审）方法")
    price_weight: Percent | None = Field(None, title="价格分权重", description="综合评分法必填，如 \"30%\"")
    factors: list[ScoringFactor] = Field(max_length=max_entries(), default_factory=list, title="评分因素")
    preference_combination: PreferenceCombination | None = Field(
        None, title="价格优惠的叠加方式",
        description="同一供应商同时享受小微企业价格扣除和本国产品价格评审优惠时：分别计算（均以报价为基数）"
                    "或依次计算（以一项扣除后的价格计算另一项）；货物项目执行价格扣除时必填")


class ContractTerms(SpecModel):
    payment: list[ListEntry] = Field(max_length=max_entries(), min_length=1, title="付款方式", description="按付款节点逐条列出")
    delivery: Prose = Field(title="交付（实施）时间和地点")
    acceptance: Prose = Field(title="验收")
    warranty: Prose = Field(title="质保")
    after_sales: LongText | None = Field(None, title="售后服务", description="响应时间、服务方式等")
    liabilities: list[ListEntry] = Field(max_length=max_entries(),
        default_factory=list, title="违约责任", description="逐条列出，如：逾期交付的，每日按逾期部分合同金额的0.5‰支付违约金")
    dispute_resolution: Literal["诉讼", "仲裁"] = Field("诉讼", title="争议解决方式")
    arbitration_body: ShortText | None = Field(None, title="仲裁机构", description="选择仲裁时填写，如：江城仲裁委员会")


class BankAccount(SpecModel):
    name: Name = Field(title="户名")
    bank: Name = Field(title="开户银行")
    number: Name = Field(title="账号")


class Instructions(SpecModel):
    """Parameters of the 投标人须知前附表 that are not stated elsewhere in the spec."""

    site_visit: LongText | None = Field(
        None, title="现场考察和答疑会", description="组织时写明时间、地点；不填表示不组织")
    samples: LongText | None = Field(None, title="样品", description="要求提供样品时写明要求；不填表示不要求")
    candidates: Count = Field(3, ge=1, le=5, title="中标候选人数量")
    award_authorization: YesNo = Field(
        False, title="授权评标委员会直接确定中标人", description="是：由评标委员会直接确定；否：采购人按排序确定")
    agency_fee: LongText | None = Field(
        None, title="代理服务费", description="收取标准、金额和支付方；采购人自行组织或不收取时不填")
    electronic: YesNo = Field(
        True, title="全流程电子化", description="是：在电子交易系统中加密递交投标文件；否：递交密封的纸质投标文件")
    decryption_minutes: Count | None = Field(
        None, ge=1, title="解密时限（分钟）",
        description="全流程电子化时，自开标（开启）时间起完成电子投标（响应）文件解密的时限；不填时使用 procdocs 的默认时限（30分钟）")
    submission: LineText | None = Field(
        None, title="投标（响应）文件份数和形式",
        description="全流程电子化时可不填（通过电子交易系统递交加密的电子投标（响应）文件一份）；"
                    "纸质投标时必填，写明正本、副本份数，如：正本1份、副本4份")
    bid_bond_account: BankAccount | None = Field(None, title="投标（响应）保证金收款账户")


class NegotiationTerms(SpecModel):
    """How a 竞争性谈判 or 竞争性磋商 proceeds (74号令 Art 11, 214号)."""

    changeable: list[ListEntry] = Field(max_length=max_entries(),
        default_factory=list, title="可能实质性变动的内容",
        description="谈判（磋商）中可能实质性变动的采购需求中的技术、服务要求以及合同草案条款（74号令第十一条）；不填时写明不作实质性变动")
    supplier_source: Literal["公告", "随机抽取", "书面推荐"] = Field(
        "公告", title="供应商产生方式", description="发布公告邀请、从供应商库中随机抽取或者采购人和评审专家书面推荐")


class Expert(SpecModel):
    name: Name = Field(title="姓名")
    employer: Name = Field(title="工作单位")
    title: Name = Field(title="职称")
    opinion: Prose = Field(title="论证意见", description="对供应商因专利、专有技术等原因具有唯一性的具体论证意见")


class SupplierInfo(SpecModel):
    name: Name = Field(title="名称")
    address: Name = Field(title="地址")
    contact: ShortText | None = Field(None, title="联系人")
    phone: ShortText | None = Field(None, title="联系电话")


class SingleSource(SpecModel):
    """The named supplier, the experts' opinion and the 公示 of a single-source procurement (法31, 条例38)."""

    supplier: SupplierInfo = Field(title="拟定的唯一供应商")
    description: Prose = Field(title="拟采购的货物或者服务的说明")
    experts: list[Expert] = Field(max_length=max_entries(), default_factory=list, title="专业人员论证意见",
                                  description="公示须附专业人员的姓名、工作单位、职称和具体论证意见（74号令第三十八条）")
    publicity_start: Day | None = Field(None, title="公示开始日期")
    publicity_end: Day | None = Field(None, title="公示截止日期")
    negotiation_time: BeijingTime | None = Field(None, title="协商时间")
    negotiation_place: LineText | None = Field(None, title="协商地点")


class LintWaiver(SpecModel):
    """A reviewed exception: a lint finding the reviewer accepts for this project, with the reason."""

    rule: Name = Field(title="规则编号", description="如：C12")
    excerpt: Line = Field(title="原文片段", description="被接受的条款中的一段原文，用于定位")
    reason: Prose = Field(title="接受理由", description="审查人员接受该条款的理由（必填）")


class ProjectSpec(SpecModel):
    """A procurement project: the single source every document of its set is generated from."""

    model_config = ConfigDict(title="procdocs 项目规格")

    project: Project = Field(title="项目")
    lots: list[Lot] = Field(max_length=max_entries("lots"), min_length=1, title="采购包")
    sme_policy: SmePolicy = Field(title="中小企业政策")
    parties: Parties = Field(title="当事人")
    timeline: Timeline = Field(title="时间安排")
    document_access: DocumentAccess = Field(title="获取采购文件")
    qualification_mode: QualificationMode = Field(
        "commitment", title="资格证明方式", description="commitment（资格承诺函）或 documents（逐项提供证明材料）")
    qualifications: list[Qualification] = Field(max_length=max_entries(), default_factory=list, title="特定资格要求")
    bonds: Bonds = Field(default_factory=Bonds, title="保证金")
    instructions: Instructions = Field(default_factory=Instructions, title="投标人（供应商）须知")
    evaluation: Evaluation = Field(title="评标（评审）")
    contract: ContractTerms = Field(title="合同主要条款")
    other_matters: list[ListEntry] = Field(max_length=max_entries(), default_factory=list, title="其他补充事宜")
    negotiation: NegotiationTerms | None = Field(None, title="谈判（磋商）事项")
    single_source: SingleSource | None = Field(None, title="单一来源采购事项", description="采购方式为单一来源时必填")
    lint_waivers: list[LintWaiver] = Field(max_length=max_entries(),
        default_factory=list, title="已审查接受的条款",
        description="生成时对文件进行歧视性条款审查；确属合理的条款在此逐条说明理由后方可生成")

    # -- derived values templates use; computed here so every template agrees ----------------

    @property
    def budget(self) -> Decimal:
        return self.project.budget if self.project.budget is not None else self.lots_budget

    @property
    def lots_budget(self) -> Decimal:
        return sum((lot.budget for lot in self.lots), Decimal(0))

    @property
    def method_name(self) -> str:
        return procurement_method(self.project.method).name

    @property
    def opening_time(self) -> datetime:
        return self.timeline.opening_time or self.timeline.bid_deadline

    @property
    def sme_reserved_lots(self) -> list[Lot]:
        """Lots reserved for SMEs (专门面向中小企业), the project's choice unless a lot overrides it."""
        return [lot for lot in self.lots if self.lot_sme_reserved(lot)]

    @property
    def lots_with_bid_bond(self) -> list[Lot]:
        return [lot for lot in self.lots if self.lot_bid_bond(lot) > 0]

    @property
    def requirement_standards_applied(self) -> list[tuple[str, RequirementStandard]]:
        """The 采购需求标准 of the items' declared categories, each once, in the order items name them."""
        declared = dict.fromkeys(item.requirement_standard for lot in self.lots for item in lot.items)
        return [(name, requirement_standard(name)) for name in declared if name is not None and name != NO_STANDARD]

    def item_requirements(self, item: Item) -> list[Requirement]:
        """The item's requirements as documents print them: the officer's, then each clause its
        declared 采购需求标准 obliges this buyer type to include that the officer has not written."""
        declared = item.requirement_standard
        if declared is None or declared == NO_STANDARD:
            return list(item.requirements)
        standard = requirement_standard(declared)
        added = [Requirement(text=f"{clause.requirement}（{standard.standard}，{standard.document}）", level=clause.level)
                 for clause in standard.clauses_for(self.project.purchaser_type)
                 if not any(clause.marker in own.text for own in item.requirements)]
        return [*item.requirements, *added]

    def waives(self, rule: str, text: str) -> bool:
        """Whether a reviewer accepted this lint finding for the project (lint_waivers)."""
        return any(waiver.rule == rule and waiver.excerpt in text for waiver in self.lint_waivers)

    def lot_bid_bond(self, lot: Lot) -> Decimal:
        amount = lot.bid_bond if lot.bid_bond is not None else self.bonds.bid_bond
        return amount or Decimal(0)

    def lot_sme_reserved(self, lot: Lot) -> bool:
        return self.sme_policy.reserved if lot.sme_reserved is None else lot.sme_reserved

    def lot_contract_period(self, lot: Lot) -> str:
        return lot.contract_period or self.project.contract_period
