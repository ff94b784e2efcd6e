"""Value checks rules can ask for (``check:`` in a rule): comparisons with facts of the document.

A check returns None when the clause is lawful after all, or a short Chinese detail that is
appended to the finding's message (an empty string when there is nothing to add).

The facts are what the document states about itself anywhere — its budgets, whether it is a
货物 or 服务 project, its procurement method, whether it accepts imported products, and the
certificates it sets as qualification conditions — so that one clause can be judged against the
rest of the document (a bond against the budget, a price weight against the category, a scoring
item against the qualification conditions).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from procdocs.cnformat import format_yuan
from procdocs.law.deadlines import milestone_definitions, milestone_limit
from procdocs.law.limits import Limit, limit
from procdocs.law.methods import method_key, procurement_method
from procdocs.lint import licences, purchaser
from procdocs.lint.concepts import compile_pattern
from procdocs.lint.exceptionsets import exception_set
from procdocs.lint.model import Block
from procdocs.lint.normalize import Normalizer, normalize, sentences
from procdocs.lint.numbers import NUMBER_PATTERN, UNIT_MULTIPLIERS, amount_in_yuan, to_number
from procdocs.lint.regexcache import compile_regex

_BUDGET = compile_regex(
    r"(?:预算金额|采购预算|项目预算|预算)(?:（元）|（万元）)?[为：]?(?:人民币)?[¥￥]?"
    rf"(?P<number>{NUMBER_PATTERN})(?P<unit>万元|亿元|万|亿|元)"
)
# 项目属性：货物 / 本项目属性为服务 / 采购项目属性：服务类
_CATEGORY = compile_regex(
    r"(?:项目属性|采购项目属性|项目类别|采购标的属性|采购项目类别|项目类型)(?:为|是|：)*(?P<category>货物|服务|工程)"
    r"|本(?:采购)?项目(?:为|属于|是|系)(?P<kind>货物|服务|工程)(?:类)?(?:项目|采购)"  # 本项目属于服务类项目
)
# 采购方式：竞争性磋商 (preferred) or, failing that, 本项目采用竞争性磋商方式.
_METHODS = "公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|单一来源"
_METHOD_STATED = compile_regex(rf"采购方式(?:为|是|：)*(?P<method>{_METHODS})")
_METHOD_USED = compile_regex(rf"(?:本项目|本次采购)?采用(?P<method>{_METHODS})")
# 竞争性磋商文件 / 单一来源采购公示, the short names documents use (磋商文件, 谈判公告: only the 竞争性 methods consult or
# negotiate under those names) and the method in brackets after the project's name (……项目（竞争性磋商）质疑答复函)
# (竞争性磋商澄清公告 / 竞争性谈判更正公告: a later notice of the procedure names its method too)
_LATER_NOTICE = "(?:澄清|更正|变更|补充|修改|答疑)?"
_METHOD_NAMED = compile_regex(rf"(?P<method>{_METHODS})(?:采购)?(?:方式)?{_LATER_NOTICE}(?:文件|公告|公示|邀请|通知书|须知)"
                              rf"|(?<!竞争性)(?P<short>磋商|谈判){_LATER_NOTICE}(?:文件|公告|邀请|须知)"
                              rf"|[（(](?P<bracketed>{_METHODS})(?:采购)?[）)]")
_SHORT_METHOD_NAMES = {"磋商": "竞争性磋商", "谈判": "竞争性谈判"}
# The document accepts imported products: the wordings of the shared exception set imports_accepted, which
# also excuses a sentence that states it (exceptionsets.py).
IMPORTS_ACCEPTED_SET = "imports_accepted"
# 国际公开招标 / 国际招标: the form of tender for goods from abroad (机电产品国际招标), imports by definition
_INTERNATIONAL_TENDER = compile_regex(r"国际(?:公开|竞争性)?招标")
# Certificates, licences and qualifications named in a qualification condition (C24).
_ITEM = compile_regex(
    r"ISO ?(?P<iso>\d{4,5})"
    r"|(?P<name>[\u4e00-\u9fa5A-Za-z0-9]{2,18}?(?:许可证|资质证书|资格证书|认证证书|资质|认证|证书|执照))"
)
_ISO = compile_regex(r"ISO ?(?P<iso>\d{4,5})")
# Words that end the run of text before a certificate's name: "不再提供营业执照" -> 营业执照.
_ITEM_STOPS = ("提供", "具有", "具备", "持有", "取得", "获得", "通过", "出具", "颁发", "按照", "确定", "不再", "无需",
               "须", "应", "需", "的", "或者", "或", "和", "及", "与", "有", "为", "是", "在", "等", "并", "且")
# Words that name no particular certificate: 同类资质, 相应证书, 上述许可证 …
_GENERIC_CORES = frozenset({"", "同类", "相应", "相关", "有关", "上述", "前述", "规定", "法定", "特定", "同等", "该项", "此类",
                            "各类", "其他", "必要", "有效", "合法", "吊销", "登记", "证明", "资格", "专业", "行业"})
_ITEM_SUFFIXES = ("许可证", "资质证书", "资格证书", "认证证书", "资质", "认证", "证书", "执照")
# Normalisation turns the ASCII comma of "1,000,000.00" into "，"; facts read the digit groups back.
_DIGIT_GROUP = compile_regex(r"(?<=\d)，(?=\d{3}(?!\d))")
# 总分100分 / 满分为100分 / 各项分值合计100分: the total the points of a scoring table add up to. A factor's own
# 满分 (价格分为满分35分) is read too: the price points check takes only a total above the usual scale.
_TOTAL_POINTS = compile_regex(rf"(?:总分|总分值|满分|合计|总计)(?:值)?(?:为|是|：|共)*(?P<points>{NUMBER_PATTERN})分")
_SCORING_SENTENCE = compile_regex(rf"(?:得|加|扣|计){NUMBER_PATTERN}(?:\.\d+)?分|不得分")
_QUALIFICATION_SENTENCE = compile_regex(r"资格(?:要求|条件|审查)")


@dataclass
class DocumentFacts:
    """What the document states about itself, for checks that compare against it."""

    budgets: list[Decimal] = field(default_factory=list)  # every 预算金额 stated (project and lots)
    category: str | None = None  # 项目属性: 货物, 服务 or 工程 (the first stated)
    method: str | None = None  # 采购方式: 公开招标, 竞争性磋商 … (the first stated)
    accepts_imports: bool = False  # 本项目接受进口产品 stated somewhere
    qualification_items: set[str] = field(default_factory=set)  # certificates required as qualifications
    labour_service: str | None = None  # 保洁服务, 物业服务 … named in a title, heading or 项目名称 (concept LABOUR_SERVICE)
    stated_totals: list[Decimal] = field(default_factory=list)  # every 总分/满分 N分 stated (the table's and its factors')
    # The year the document speaks from: the latest year of its procedure's dates (获取、截止、开标 …), or
    # this year when it states none — a draft under review is dated now.
    year: int = field(default_factory=lambda: datetime.date.today().year)
    # What the document says it buys: its titles that name the project (licences.unrelated).
    subjects: tuple[str, ...] = ()
    # The purchaser's own name in the forms the document may call it (purchaser.names_in). Not in the key:
    # the rules see it written as the purchaser in the sentence itself, whose text keys what is remembered.
    purchaser_names: tuple[str, ...] = ()

    def key(self) -> str:
        """The facts as one string that is the same in every process (sets sorted)."""
        return repr((self.budgets, self.category, self.method, self.accepts_imports,
                     sorted(self.qualification_items), self.labour_service, self.year, sorted(self.stated_totals),
                     self.subjects))

    @property
    def largest_budget(self) -> Decimal | None:
        return max(self.budgets) if self.budgets else None


def _row_texts(blocks: list[Block], normalize: Normalizer = normalize) -> Iterable[str]:
    """Each table row's cells joined ("4：项目属性：货物"), so that a 前附表 row reads as one statement."""
    rows: dict[tuple[object, ...], list[str]] = {}
    for block in blocks:
        location = block.location
        if location.table is not None and location.row is not None:
            key = (location.part, location.page, location.table, location.row)
            rows.setdefault(key, []).append(ungroup(normalize(block.text).text))
    return ("：".join(cells) for cells in rows.values())


def ungroup(text: str) -> str:
    """'1，000，000.00元' (a normalised '1,000,000.00元') -> '1,000,000.00元', which NUMBER_PATTERN reads."""
    return _DIGIT_GROUP.sub(",", text)


def item_key(raw: str) -> str | None:
    """The comparable name of a certificate: 'ISO9001', '安全生产许可证' (words before the name removed)."""
    if iso := _ISO.search(raw):
        return "ISO" + iso["iso"]
    match = _ITEM.fullmatch(raw) or _ITEM.search(raw)
    if match is None:
        return None
    name = match["name"]
    cut = max((name.rfind(stop) + len(stop) for stop in _ITEM_STOPS if stop in name), default=0)
    name = name[cut:]
    core = next((name[: -len(suffix)] for suffix in _ITEM_SUFFIXES if name.endswith(suffix)), name)
    if len(name) < 4 or core in _GENERIC_CORES:
        return None
    return name


def _items(text: str) -> set[str]:
    keys = set()
    for match in _ITEM.finditer(text):
        key = item_key(match.group(0))
        if key:
            keys.add(key)
    return keys


def collect_facts(blocks: list[Block], normalize: Normalizer = normalize) -> DocumentFacts:
    """What the document states of itself (budgets, method, category, imports, qualification items).
    `normalize` may be a memoised normaliser the caller shares with the rules (engine.lint_blocks)."""
    facts = DocumentFacts()
    # Forms and tables repeat the same texts: each distinct one is read once (and in the order of its first
    # occurrence, so the first statement of a fact is still the one kept).
    canonical: dict[str, str] = {}
    read: dict[tuple[str, bool], tuple[list[Decimal], set[str]]] = {}
    for block in blocks:
        text = canonical.get(block.text)
        if text is None:
            text = canonical[block.text] = ungroup(normalize(block.text).text)
        key = (text, block.role == "qualification")
        if key not in read:
            read[key] = (_budgets(text), _qualification_items(*key))
        amounts, items = read[key]
        facts.budgets.extend(amounts)
        facts.qualification_items |= items
    statements = list(dict.fromkeys([*canonical.values(), *_row_texts(blocks, normalize)]))
    for text in statements:
        if facts.category is None and (match := _CATEGORY.search(text)):
            facts.category = match["category"] or match["kind"]
        if facts.method is None and (match := _METHOD_STATED.search(text)):
            facts.method = match["method"]
        if not facts.accepts_imports and any(pattern.search(text) for pattern in exception_set(IMPORTS_ACCEPTED_SET)):
            facts.accepts_imports = True
        facts.stated_totals.extend(points for match in _TOTAL_POINTS.finditer(text)
                                   if (points := to_number(match["points"])) is not None)
    # each distinct heading once: a long document repeats the same few paths over thousands of blocks
    headings = list(dict.fromkeys(heading for block in blocks for heading in block.headings))
    project_names = _project_names(statements)
    titles = _titles(blocks, headings, project_names, normalize)
    facts.labour_service = _labour_service(titles)
    facts.purchaser_names = purchaser.names_in(titles, statements)
    # what is bought is named by the document's own title (the top of its heading paths) or its 项目名称, not by a
    # section heading that happens to say 项目 (本项目的特定资格要求)
    named = [*dict.fromkeys(block.headings[0] for block in blocks if block.headings), *project_names]
    canonical_named = dict.fromkeys(normalize(title).text for title in named)
    facts.subjects = tuple(title for title in canonical_named if _names_subject(title, facts.purchaser_names))
    if not facts.accepts_imports:
        facts.accepts_imports = any(_INTERNATIONAL_TENDER.search(heading) for heading in headings)
    facts.year = _procedure_year(statements) or facts.year
    if facts.method is None:
        facts.method = next((match["method"] for text in statements if (match := _METHOD_USED.search(text))), None)
    if facts.method is None:  # 竞争性磋商文件 > 第三章 评审办法: the document's title names its method
        facts.method = next((method for heading in headings if (method := method_named(heading))), None)
    return facts


def method_named(text: str) -> str | None:
    """The method (its Chinese name) a title or a sentence names: 竞争性磋商文件, 磋商公告, ……项目（竞争性磋商）."""
    match = _METHOD_NAMED.search(text)
    if match is None:
        return None
    return match["method"] or match["bracketed"] or _SHORT_METHOD_NAMES[match["short"]]


# 获取招标文件时间：2021年7月5日至…… / 投标截止时间：2021年7月26日 — a date of the procedure itself (a law's
# 2014年8月31日修正 or a service period 至2028年12月31日 is not when the document was written).
_PROCEDURE_DATE = compile_regex(r"(?:截止|开标|获取|发售|发布|公告期限|公告日期|报名|递交|提交|磋商时间|谈判时间)"
                                r"[^。；]{0,24}?(?P<year>(?:19|20)\d{2})年\d{1,2}月\d{1,2}日")


def _procedure_year(statements: Iterable[str]) -> int | None:
    """The latest year of the procedure's dates, never after this year; None when none is stated."""
    this_year = datetime.date.today().year
    years = [int(match["year"]) for text in statements for match in _PROCEDURE_DATE.finditer(text)]
    found = [year for year in years if year <= this_year]
    return max(found) if found else None


def _budgets(text: str) -> list[Decimal]:
    """The budget amounts a text states, in order."""
    amounts = (amount_in_yuan(match["number"], match["unit"]) for match in _BUDGET.finditer(text))
    return [amount for amount in amounts if amount]


def _qualification_items(text: str, qualification: bool) -> set[str]:
    """The certificates a text sets as qualification conditions: all it names in a qualification block,
    else those of its sentences that speak of qualifications and award no points."""
    if qualification:
        return _items(text)
    items: set[str] = set()
    for start, end in sentences(text):
        sentence = text[start:end]
        if _QUALIFICATION_SENTENCE.search(sentence) and not _SCORING_SENTENCE.search(sentence):
            items |= _items(sentence)
    return items


# 项目名称：江城市第一中学保洁服务项目 — the subject as the notice names it (a title or heading names it too).
_PROJECT_NAME = compile_regex(r"(?:采购项目名称|项目名称|招标项目名称|采购标的)(?:为|是|：)*(?P<name>[^，。；]{2,60})")


# A title that names what is bought (…保洁服务项目招标文件, 项目名称：…): it speaks of a project, is no chapter or
# section of any document, and says more than the kind of document (竞争性磋商公告, 询价通知书 name nothing bought).
_SUBJECT = compile_regex(r"项目|采购|服务|工程|招标文件|磋商文件|谈判文件|询价通知书|公告|征集")
_CHAPTER = compile_regex(r"第[一二三四五六七八九十\d]{1,4}[章节部分]|[一二三四五六七八九十]{1,4}、"
                         r"|（[一二三四五六七八九十]{1,4}）|\d{1,3}[.、]")
_DOCUMENT_KIND = compile_regex(r"[（(][^）)]{0,16}?〔\d{4}〕[^）)]{0,10}?[）)]"  # a document number (渝北财采投〔2026〕7号)
                               r"|公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|单一来源|框架协议|政府采购|采购|招标|磋商|谈判|征集|遴选"
                               r"|比选|竞价|文件|公告|通知书|邀请书|公示|项目|更正|结果|变更|答疑|补遗|澄清|资格预审|需求|投标|响应|"
                               r"格式|附件|说明|投诉|质疑|处理|决定书|决定|答复|通报|纪要|报告|电子卖场|网上商城|[^\u4e00-\u9fa5]")
SUBJECT_LENGTH = 4  # characters of a title besides the words of a document's kind: 物业服务, 课桌椅采购 …


def _names_subject(title: str, purchaser_names: tuple[str, ...]) -> bool:
    """Whether the title says what is bought: besides the kind of document and the purchaser's own name
    (重庆市渝北区财政局政府采购投诉处理决定书 says neither), a few characters are left."""
    if _SUBJECT.search(title) is None or _CHAPTER.match(title) is not None:
        return False
    for name in purchaser_names:  # longest first
        title = title.replace(name, "")
    return len(_DOCUMENT_KIND.sub("", title)) >= SUBJECT_LENGTH


def _project_names(statements: list[str]) -> list[str]:
    """The names the document's 项目名称 statements give its project."""
    return [match["name"] for text in statements for match in _PROJECT_NAME.finditer(text)]


def _titles(blocks: list[Block], headings: list[str], project_names: list[str], normalize: Normalizer) -> list[str]:
    """What names the document and its project, canonical: its headings (a clause linted alone has only
    those) and its project's names."""
    names = dict.fromkeys(headings)
    names.update(dict.fromkeys(block.text for block in blocks if block.is_heading))
    names.update(dict.fromkeys(project_names))
    return [normalize(name).text for name in names]


def _labour_service(titles: list[str]) -> str | None:
    """The labour service the document buys, from its titles (_titles); None when none is named."""
    service = compile_pattern("{LABOUR_SERVICE}")
    return next((found.group(0) for title in titles if (found := service.search(title))), None)


def _bid_bond_amount(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A bond stated as an amount: above the cap of the largest budget the document states, it is
    above the cap for every lot too — the careful reading when lots are not told apart. A lot whose
    own budget the match holds (第一包（预算60万元）人民币贰万元) is judged by that budget."""
    groups = match.groupdict()
    amount = amount_in_yuan((groups.get("amount") or "").replace("，", ""), groups.get("unit") or "元")
    lot_budget = groups.get("budget")
    budget = amount_in_yuan(lot_budget, groups.get("budget_unit") or "元") if lot_budget else facts.largest_budget
    if amount is None or budget is None:
        return None
    cap = limit("bid_bond.cap")
    ceiling = budget * cap.value / 100
    if amount <= ceiling:
        return None
    return f"{format_yuan(amount)}，超过文件所载预算金额 {format_yuan(budget)} 的{cap.text}（{format_yuan(ceiling)}）"


def _price_weight_goods(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """The price weight of a 货物 project (the rule's compare has found it below the goods minimum)."""
    if facts.category != "货物":
        return None
    return f"本项目属性为货物，价格分值占总分值的比重不得低于{limit('price_weight.goods_min').text}"


def _price_weight_services(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """Below the services minimum, which binds every project that is not known to be 货物 (a 货物
    project below it is reported by the goods rule)."""
    if facts.category == "货物":
        return None
    what = "服务" if facts.category == "服务" else "未载明项目属性，按服务项目的下限"
    return f"{what}，价格分值占总分值的比重不得低于{limit('price_weight.services_min').text}"


def _consultation_price_weight_cap(category: str | None) -> Limit:
    """The 磋商 maximum price weight of a category: 服务's, or 货物's, the only one certain when none is stated."""
    return limit("lint.consultation_price_weight_services_max" if category == "服务"
                 else "lint.consultation_price_weight_goods_max")


def _price_weight_consultation(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """竞争性磋商: the weight must also stay below 60% (货物) or 30% (服务); without a stated
    category only the goods bound is certain."""
    if facts.method != "竞争性磋商":
        return None
    weight = to_number(match.groupdict().get("pct") or "")
    if weight is None:
        return None
    cap = _consultation_price_weight_cap(facts.category)
    if weight <= cap.value:
        return None
    kind = "服务" if facts.category == "服务" else "货物"
    floor = limit("consultation.price_weight_services_min" if kind == "服务" else "consultation.price_weight_goods_min")
    return f"竞争性磋商{kind}项目的价格分值比重应为{floor.text}至{cap.text}，本文件为{weight.normalize():f}%"


def _price_points(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A price weight written in points (价格分（35分）, ×35): its share of the total points, judged as the
    percentage rules judge a weight: below the goods minimum in a 货物 project, below the services minimum
    in any other, above the 磋商 maximum (of 货物 when the category is not stated) in a 磋商.
    The total is the hundred points of the usual scale, or a larger total the document states (满分120分):
    a smaller 满分 is a factor's own (技术分满分50分), never the table's."""
    points = to_number(match.groupdict().get("pts") or "")
    if points is None or points <= 0:
        return None
    default = limit("lint.scoring_total_points_default").value
    total = max([default, *facts.stated_totals])
    if points >= total:  # a score out of the whole scale (价格分=基准价/报价×100), weighted elsewhere
        return None
    weight = points * 100 / total
    stated = total in facts.stated_totals
    scale = (f"价格分{points.normalize():f}分占总分{total.normalize():f}分的{weight.quantize(Decimal('0.1')).normalize():f}%"
             + ("" if stated else "（文件未载明总分，按百分制计）"))
    goods = facts.category == "货物"
    floor = limit("price_weight.goods_min" if goods else "price_weight.services_min")
    if weight < floor.value:
        kind = "货物项目" if goods else ("服务项目" if facts.category == "服务" else "未载明项目属性的项目（按服务项目）")
        return f"{scale}，低于{kind}的法定下限{floor.text}"
    if facts.method == "竞争性磋商":
        cap = _consultation_price_weight_cap(facts.category)
        if weight > cap.value:
            kind = "服务" if facts.category == "服务" else "货物"
            return f"{scale}，高于竞争性磋商{kind}项目的上限{cap.text}"
    return None


def _imports_not_accepted(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """Manufacturer authorisation is lawful only for imported goods (87号令 Art 17)."""
    return None if facts.accepts_imports else ""


def _competing_method(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A barrier to taking part matters only where suppliers compete: a document of a method without
    competition (单一来源, one known supplier) excludes no one by asking that supplier to call in person."""
    key = method_key(facts.method) if facts.method else None
    if key is not None and not procurement_method(key).competing:
        return None
    return ""


def _labour_service_unrelated(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A software or IT credential demanded in a document that buys a labour service."""
    if facts.labour_service is None:
        return None
    return f"本项目采购{facts.labour_service}"


# Words any service or project shares (保洁服务, 检测任务, 维修项目): no sign that past work was this project's own.
_GENERIC_WORK = compile_regex(r"服务|项目|采购|工程|管理|维修|维护|运维|检测|检验|养护|保洁|保安|物业|绿化|工作|任务|业务|业绩|经验"
                              r"|提供|承担|实施|供应|日常|年度|\d{4}年|[省市县区镇乡]")
_SHARED_RUN = 2  # characters of the same wording that make the past work's object this project's own


def _own_project_words(text: str) -> set[str]:
    """The two-character runs of a wording once its generic words are blanked out."""
    kept = _GENERIC_WORK.sub(" ", text)
    return {kept[index:index + _SHARED_RUN] for index in range(len(kept) - _SHARED_RUN + 1)
            if " " not in kept[index:index + _SHARED_RUN]}


def _past_work_is_this_project(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """Past work in the purchaser's own area whose object is what this project buys (曾为本县中小学校供应过校服 in
    青石县中小学校服采购项目): only the present or past contractor of this very work has it."""
    shared = {title for title in facts.subjects if _own_project_words(match["object"]) & _own_project_words(title)}
    if not shared:
        return None
    return f"所要求的经历正是本项目（{min(shared, key=len)}）的采购内容，只有现有或者以往的承接单位具备"


def _licence_beyond_scope(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A licence whose activity neither what the document buys nor the sentence names (licences.unrelated)."""
    found = licences.unrelated(match.string, facts.subjects)
    if found is None:
        return None
    name, licence = found
    return f"{name}是{licence.basis}规定的许可，本项目采购的内容不涉及其许可的活动"


def _qualification_repeated(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A scoring item that is per se a qualification (named group `perse`), or a certificate that
    the document also sets as a qualification condition."""
    groups = match.groupdict()
    if groups.get("perse"):
        return ""
    key = item_key(groups.get("item") or "")
    if key is None:
        return None
    for required in facts.qualification_items:
        if key == required or (len(key) >= 4 and len(required) >= 4 and (key in required or required in key)):
            return f"“{key}”已是本文件的资格条件"
    return None


def _record_since_beyond_lookback(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A record window written from a year (2018年至今): from the start of that year to the document's year
    it covers more than the statutory look-back once the year is that many years back or more."""
    since = to_number(match.groupdict().get("since") or "")
    lookback = limit("forms.violation_lookback_years")
    if since is None or facts.year - int(since) < lookback.value:
        return None
    return f"自{int(since)}年起算至{facts.year}年，超过法定的前{lookback.value}年"


def _performance_count_cap(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A score per past contract with a cap: the contracts needed for the cap (cap / points each, or the
    count stated), reported above the limit."""
    groups = match.groupdict()
    stated = to_number(groups.get("count") or "")
    each, cap = to_number(groups.get("each") or ""), to_number(groups.get("cap") or "")
    needed = stated if stated is not None else (cap / each if each and cap is not None else None)
    if needed is None:
        return None
    ceiling = limit("lint.performance_scoring_contracts_max")
    if needed <= ceiling.value:
        return None
    return f"满分需要{needed.normalize():f}个业绩，超过{ceiling.value}个"


# A quantity a condition or a note states: 5000人, 5万盏, 5000万元, 8年, 6个月 (万/亿 multiply the number).
_QUANTITY = compile_regex(rf"(?P<number>{NUMBER_PATTERN})(?P<multiplier>万|亿)?"
                          r"(?P<unit>个月|周年|年|人次|人|名|间|盏|辆|台|套|件|份|册|平方米|元|吨|所|家|张|座|场)")
# A quantity is demanded where the condition asks for at least it: 不少于5000人, 5万盏以上.
# (不低于每日一千五百吨: a rate written before the quantity)
_AT_LEAST_BEFORE = compile_regex(r"(?:不少于|不低于|不小于|不得少于|至少|达到|超过|大于|≥)(?:每日|每天|每月|每年|每小时|日均|月均|年均)?$")
_AT_LEAST_REACH = 7  # characters before a quantity that may hold its qualifier: 不得少于 and a rate (每小时)
_AT_LEAST_AFTER = compile_regex(r"^(?:及|或)?以上")
_MONTHS = {"个月": Decimal(1), "年": Decimal(12), "周年": Decimal(12)}
# The note says the project has no use for what the condition asks: 本项目体检套餐不含上述检查项目 /
# 本次所购仪器均不含放射源 / 不涉及测绘成果 (not 本项目不接受进口产品 or 本项目不适用, which say something else).
_NOTE_DENIES = compile_regex(r"不含|不涉及|不包括|不包含|无需|不需要|不需|不安排|未包含")
_NOTE_ASIDE = compile_regex(r"进口|适用|中小企业|小微企业|不作要求|未作此要求|资格条件")


def _measured(quantity: re.Match[str]) -> tuple[str, Decimal] | None:
    """(unit, value) of a quantity, months for a time, the number times 万/亿 otherwise."""
    number = to_number(quantity.group("number"))
    if number is None:
        return None
    unit = quantity.group("unit")
    if unit in _MONTHS:
        return "个月", number * _MONTHS[unit]
    return unit, number * UNIT_MULTIPLIERS[quantity.group("multiplier") or ""]


def _demanded(text: str) -> Iterable[tuple[str, Decimal, str]]:
    """The quantities a condition asks for at least: (unit, value, as written)."""
    for quantity in _QUANTITY.finditer(text):
        before, after = text[max(0, quantity.start() - _AT_LEAST_REACH):quantity.start()], text[quantity.end():]
        qualifier_before, qualifier_after = _AT_LEAST_BEFORE.search(before), _AT_LEAST_AFTER.match(after)
        if not (qualifier_before or qualifier_after):
            continue
        written = (qualifier_before.group() if qualifier_before else "") + quantity.group() + (
            qualifier_after.group() if qualifier_after and not qualifier_before else "")
        if (measured := _measured(quantity)) is not None:
            yield *measured, written


def _demand_beyond_project(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A condition followed by a note on the project itself (named group `note`, 本项目… in brackets):
    the note says the project has no use for it, or the condition asks for at least some times the
    quantity the note gives the project in the same measure."""
    note = match.group("note")
    if _NOTE_ASIDE.search(note):
        return None
    if _NOTE_DENIES.search(note):
        return ""
    ratio = limit("lint.demand_beyond_project_ratio")
    condition = match.group()[:match.start("note") - match.start()]
    has = [(measured, quantity.group()) for quantity in _QUANTITY.finditer(note)
           if (measured := _measured(quantity)) is not None]
    for unit, value, written in _demanded(condition):
        for (project_unit, project_value), project_written in has:
            if unit == project_unit and project_value > 0 and value >= project_value * ratio.value:
                return f"要求{written}，而本项目为{project_written}"
    return None


# The fewest calendar days a period written in each unit can be: a working day is at least a day, a month
# at least 28 days, a year 365.
_LEAST_DAYS = {"日": 1, "天": 1, "日历天": 1, "工作日": 1, "个月": 28, "月": 28, "年": 365, "周年": 365}


def _payment_beyond_limit(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A payment due a period after delivery, acceptance or the invoice (named groups `count`, `unit`) that is
    certainly longer than the longest payment period the law allows a purchaser buying from an SME."""
    count = to_number(match.group("count"))
    unit = match.group("unit")
    if count is None or unit not in _LEAST_DAYS:
        return None
    longest = limit("lint.payment_days_max")
    if count * _LEAST_DAYS[unit] <= longest.value:
        return None
    return f"付款期限为{match.group('count')}{unit}，长于{longest.value}{longest.unit}（{longest.citation}）"


HOURS_PER_DAY = 24


def _challenge_period_short(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A period for raising a challenge (named groups `count`, `unit`) certainly shorter than the law's: fewer
    calendar days, or fewer working days, than its working days; hours are counted as days."""
    count = to_number(match.group("count"))
    unit = match.group("unit")
    if count is None:
        return None
    if unit == "小时":
        count, unit = count / HOURS_PER_DAY, "日"
    period = limit("challenge.period")
    if not period.certainly_missed_by(count, "工作日" if unit == "工作日" else "日"):
        return None
    return f"供应商可以在知道或者应知其权益受到损害之日起{period.text}内提出质疑（{period.citation}）"


CLARIFICATION_MILESTONE = "clarification_latest"  # procdocs/law/data/deadlines.yaml


def _clarification_lead(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """A clarification or amendment announced fewer days before the deadline than the method's law
    gives it, the deadline not moved (the rule's pattern has found 不顺延). The method is the document's,
    or a tender where the clause speaks of 投标; otherwise every method's lead must be missed."""
    groups = match.groupdict()
    days = to_number(groups.get("days") or "")
    if days is None:
        return None
    unit = "工作日" if "工作日" in (groups.get("unit") or "") else "日"
    method = method_key(facts.method) if facts.method else None
    if method is None and "投标" in match.group():
        method = TENDER_METHOD
    leads = clarification_leads(method)
    if not leads or not all(lead.certainly_missed_by(days, unit) for _, lead in leads):
        return None
    if method is None:
        each = "，".join(f"{procurement_method(key).name}{lead.text}" for key, lead in leads)
        return f"未载明采购方式，而澄清或者修改至少应在截止时间前（{each}）发出，本条短于其中任何一种"
    [(_, lead)] = leads
    return f"{procurement_method(method).name}的澄清或者修改应当在截止时间至少{lead.text}前发出，不足的应当顺延截止时间（{lead.citation}）"


TENDER_METHOD = "open_tender"  # 投标 is the word of the tender methods; their clarification lead is the open tender's


def clarification_leads(method: str | None) -> list[tuple[str, Limit]]:
    """(method, lead) of the method's clarification lead, or of every method's when the method is not known —
    a clause or a notice is then short only if it misses all of them."""
    return [(key, lead) for key in ([method] if method else milestone_definitions())
            if (lead := milestone_limit(key, CLARIFICATION_MILESTONE)) is not None]


# The number a parameter stated as one value (the concept EXACT_VALUE, which C16's rules match too) opens with.
_LEADING_NUMBER = compile_regex(r"\d+(?:\.\d+)?")


def _precise(number: str) -> bool:
    """A value no one rounds to: a decimal (25.5, 1.984) or three or more significant digits (4980, 268)."""
    if "." in number:
        return not number.endswith(".0")
    return len(number.rstrip("0").lstrip("0")) >= 3


def _model_exact_values(match: re.Match[str], facts: DocumentFacts) -> str | None:
    """Several parameters of the sentence each stated as one precise value: one model's datasheet."""
    # (the concept expanded here, not at import: lint's start-up reads no concepts it may not need)
    exact = compile_pattern("{EXACT_VALUE}")
    values = [found.group(0) for found in exact.finditer(match.string)
              if (number := _LEADING_NUMBER.match(found.group(0))) and _precise(number.group(0))]
    floor = limit("lint.model_exact_values_min")
    if len(values) < floor.value:
        return None
    return f"{len(values)}个参数写成精确值（{'、'.join(values[:4])}{'等' if len(values) > 4 else ''}），没有区间或者允差"


CHECKS: dict[str, Callable[[re.Match[str], DocumentFacts], str | None]] = {
    "bid_bond_amount": _bid_bond_amount,
    "price_weight_goods": _price_weight_goods,
    "price_weight_services": _price_weight_services,
    "price_weight_consultation": _price_weight_consultation,
    "price_points": _price_points,
    "imports_not_accepted": _imports_not_accepted,
    "qualification_repeated": _qualification_repeated,
    "labour_service_unrelated": _labour_service_unrelated,
    "licence_beyond_scope": _licence_beyond_scope,
    "competing_method": _competing_method,
    "record_since_beyond_lookback": _record_since_beyond_lookback,
    "performance_count_cap": _performance_count_cap,
    "clarification_lead": _clarification_lead,
    "demand_beyond_project": _demand_beyond_project,
    "payment_beyond_limit": _payment_beyond_limit,
    "challenge_period_short": _challenge_period_short,
    "model_exact_values": _model_exact_values,
    "past_work_is_this_project": _past_work_is_this_project,
}


def run(name: str, match: re.Match[str], facts: DocumentFacts) -> str | None:
    try:
        return CHECKS[name](match, facts)
    except KeyError:
        raise RuntimeError(f"unknown lint check {name!r}; add it to procdocs/lint/checks.py") from None
