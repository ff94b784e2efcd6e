"""The periods a document gives suppliers (C32): to obtain the procurement documents and to prepare a
response, against the minimums the law sets for its method.

A document-level detector (``detector: procedure_periods`` in a rule). It reads

* the method: what the document states (采购方式：竞争性磋商, 本项目采用…, 现对…进行公开招标), or a
  heading that names it (…竞争性磋商公告); without a method the law's minimum is unknown and nothing
  is reported (a 遴选 or 竞价 is no statutory method);
* the window for obtaining the documents: a date range in a block about obtaining them (under
  获取采购文件 > 1.时间：2024年01月25日至2024年02月05日, or 获取时间：2026年1月18日至21日);
* the response deadline: 截止时间 in a block about submitting the response (提交响应文件截止时间,
  投标截止时间, under 四、提交投标文件截止时间…), or 并于2021年12月16日13点30分前提交响应文件;
* a notice period or a window stated by its length (公告期限：自发布之日起三天, 磋商文件发售期限为3个工作日),
  judged against the milestones ``notice_end`` and ``document_period_end``;
* without a window, the notice's own date (本公告发布日期：2026年11月23日): no document is issued before its
  notice, so the response period runs at most from that date (a later notice's date, 中标结果公告发布日期, is not it).

The minimums are the law's (``procdocs.law``: the method's milestones ``document_period_end`` and
``earliest_deadline`` and their limits, with citations). Counting is that of a careful reviewer who
reports only clear breaches: a window in 工作日 (the notice's, the documents') holds when the working days
from its first day to its last, both counted, reach the limit — published notices count the first day
(周一至周五 for five working days), though a stricter reading leaves it out; the response period, a span from
the issue of the documents to the deadline, holds when the deadline falls on or after the N-th working day
after the day of issue, the earliest deadline the tool itself computes (procdocs.law.deadlines); a period in
日 holds when the deadline is at least that many days after the first day of issue (the first day not
counted, 民法典第二百零一条). Dates over holidays whose arrangement is not yet published are not judged.

A second detector (``correction_leads``, C32d) reads a correction notice: a change of the documents' content
issued on its 更正日期 with the deadline kept (截止时间不变，仍为…) or moved too little (顺延至…) fewer days before it than the method's
clarification lead; a kept deadline without its day is the one the document states elsewhere. A third
(``correction_deadline_unstated``, C32u) asks for it to be verified where the document states none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from procdocs.cnformat import format_date
from procdocs.law.deadlines import milestone_limit
from procdocs.law.limits import Limit, limit
from procdocs.law.methods import method_key
from procdocs.lint import checks
from procdocs.lint.concepts import expand
from procdocs.lint.model import Block, DetectorHit
from procdocs.lint.normalize import NormalizedText, Normalizer, normalize, sentences
from procdocs.lint.numbers import to_date, to_number
from procdocs.lint.regexcache import compile_regex

# (二〇二五年六月九日: the year and day in Chinese numerals, read by numbers.to_date)
_CN_DATE = r"[〇零一二][〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
_DATE = r"(?:(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|" + _CN_DATE + ")"
# A day without its year (谈判文件于2026年11月23日上午发出，供应商须于次日即11月24日15时前提交首次响应文件: the year
# left to the date before it)
_SHORT_DATE = r"(?<![\d年])\d{1,2}月\d{1,2}日"
# 2026年1月18日至21日 / 二〇二六年三月二日至三月六日: the end written short, in either numerals
_CN_DAY_NUMBER = "[一二三四五六七八九十]{1,3}"
_WEEKDAY = r"(?:[（(]星期[一二三四五六日天][）)])?"  # （星期五） after a day, read past
_END = (rf"{_DATE}|{_SHORT_DATE}|\d{{1,2}}日|{_CN_DAY_NUMBER}月{_CN_DAY_NUMBER}日"
        rf"|(?<![月一二三四五六七八九十]){_CN_DAY_NUMBER}日")
# A date range: 2024年01月25日09:00至2024年02月05日10:00 / 2026年1月18日至21日
_RANGE = compile_regex(rf"(?P<start>{_DATE})[^。；至到]{{0,16}}?(?:至|到|—|－|~|～)\s*(?P<end>{_END})")
# 报名开始时间：2019年7月4日上午8:00 2、报名截止时间：2019年7月4日上午8:30 (the two ends stated apart)
_START_AND_END = compile_regex(rf"(?:开始|起始)(?:时间|日期)[：为]?\s*(?P<start>{_DATE})[^。；]{{0,40}}?"
                               rf"(?:截止|结束)(?:时间|日期)[：为]?\s*(?P<end>{_DATE})")
# What a block is about: obtaining the documents (获取采购文件, 发售时间, 报名时间, 递交采购文件 as the
# purchaser handing them out) or submitting the response.
_OBTAINING = compile_regex(r"(?:获取|发售|领取|购买|领购|下载|索取|报名|发放)(?:招标|磋商|谈判|采购|询价)?(?:文件)?"
                           r"|(?:递交|发出)(?:招标|磋商|谈判|采购|询价)文件"
                           r"|(?:招标|磋商|谈判|采购|询价)文件(?:的)?(?:提供|发售|出售)(?:期限|时间|期)")
# 标准样衣于6月2日至6月5日在装备处陈列，所有获取招标文件的潜在投标人均可现场查看: the days of another step the
# sentence names before the documents (samples shown, a site visit, a briefing), not the window to obtain them
_OTHER_STEP = compile_regex(r"陈列|展示|展出|查看|踏勘|勘察|勘查|考察|样品|样衣|样机|答疑")


def _window_range(text: str) -> re.Match[str] | None:
    """The range of days a block states for obtaining the documents: not one its sentence gives another step
    before naming the documents."""
    match = _RANGE.search(text) or _START_AND_END.search(text)
    if match is None:
        return None
    sentence_start, sentence_end = next(((start, end) for start, end in sentences(text) if start <= match.start() < end),
                                        (0, len(text)))
    documents = _OBTAINING.search(text, sentence_start, sentence_end)
    if documents is not None and documents.start() < match.start():
        return match
    documents_at = documents.start() if documents is not None else sentence_end
    return None if _OTHER_STEP.search(text, sentence_start, documents_at) else match


# A period stated as its length: 招标文件公告期限：自采购公告发布之日（2021年12月24日）起三天 / 公告期限为5个工作日 /
# 磋商文件发售期限为3个工作日. What it is the length of: the notice, or the window for the documents.
# (not the result, correction or termination notices, whose periods differ: 中标公告期限为1个工作日)
# The notices after the procurement's own (中标结果公告, 更正公告 …), whose periods and dates are not its.
LATER_NOTICE_KINDS = ("结果", "更正", "变更", "终止", "中标", "成交", "废标")
_NOTICE_PERIOD = compile_regex("".join(f"(?<!{kind})" for kind in (*LATER_NOTICE_KINDS, "澄清")) + "公告(?:期限|期)")
# 单一来源采购方式公示期限：2026年3月9日至2026年3月11日 (the single source's publicity, 条例第三十八条)
_PUBLICITY_PERIOD = compile_regex(r"公示(?:期限|期|时间)")
# 中标人确定之日起2个工作日内……公告中标结果，公告期限为1个工作日: the period of a later notice named just before
_LATER_NOTICE_NAMED = compile_regex(rf"(?:{'|'.join(LATER_NOTICE_KINDS)})(?:结果)?(?:公告|公示)|(?:中标|成交)结果")
_LATER_NOTICE_REACH = 24  # characters before 公告期限 in which a later notice names whose period it is
# (获取招标文件时间：自本公告发布之日起3个工作日内: the window named by obtaining the documents, its length after)
_DOCUMENT_PERIOD = compile_regex(r"(?:招标|磋商|谈判|采购|询价)?文件(?:的)?(?:提供|发售|出售|获取)(?:期限|期)"
                                 r"|(?:获取|发售|领取|购买)(?:招标|磋商|谈判|采购|询价)文件(?:的)?(?:时间|期限|期)")
# 5个工作日 / 三日 (a length, not a time limit within it: 3日内)
_COUNT_AND_UNIT = r"(?P<count>\d{1,2}|[一二两三四五六七八九十]{1,2})(?:个)?(?P<unit>工作日|日|天)(?![^。；，]{0,3}?(?:内|以内))"
_LENGTH = compile_regex(r"(?:期限|期)[^。；]{0,30}?(?:为|起|共|：)[^。；，]{0,4}?" + _COUNT_AND_UNIT)
# 自本公告发布之日起3个工作日内: counted from a named day, 内 closes the length itself (not a time limit within it)
# (本包询价公告发布后1个工作日即截止报名: counted after the publication, its end said after the length)
_LENGTH_FROM_DAY = compile_regex(r"(?:自[^。；，]{0,16}?(?:之日|日)起"
                                 r"|(?:发布|发出|刊登)(?:之日)?后(?=[^。；，]{1,8}?即?(?:截止|结束|届满)))"
                                 r"(?P<count>\d{1,2}|[一二两三四五六七八九十]{1,2})(?:个)?(?P<unit>工作日|日|天)")
# 自本公告发布之日起3个工作日 / 5个工作日 (the whole block, under a heading naming the period)
# (本招标公告自发布之日起公告3个工作日: the notice named before it)
_LENGTH_UNDER_HEADING = compile_regex(r"^(?:本[^。；，\d自]{0,6}?)?(?:自[^。；，]{0,16}?(?:之日)?起)?"
                                      r"[^。；，\d一二两三四五六七八九十]{0,4}?" + _COUNT_AND_UNIT)
_SUBMITTING = compile_regex(r"(?:提交|递交|投标|响应|开标|开启)[^>]{0,16}?截止|截止[^>]{0,4}?(?:时间|日期)"
                            r"|提交(?:响应|投标)文件|投标文件递交")
# 截止时间：… / 截止时间、开标时间和地点：…
# (截止时间及磋商时间为…: the negotiation held on the day of the deadline; | 首次响应文件提交截止时间 | 2026年4月14日 |: a table
# row's label cell, then the date's; 截止时间定为2025年5月6日: the day as set)
_DEADLINE = compile_regex(r"截止(?:及开标|和开标)?(?:时间|日期)?(?:[、和及](?:开标|开启|磋商|谈判)(?:时间|日期))?(?:[和及、](?:开标)?地点)?"
                          rf"(?:[：为|]|定为|定于)?\s*(?P<date>{_DATE})")
# 本公告发布日期：2026年11月23日 — no document is issued before its notice, so a response period runs at most from it
# (not a later notice's: 中标结果公告发布日期)
def publication_date_pattern(other_kinds: tuple[str, ...] = ()) -> re.Pattern[str]:
    """本公告发布日期：2026年11月23日 — the notice's own day, not that of a later notice (中标结果公告发布日期) nor of
    `other_kinds` of notice named before it."""
    not_later = "".join(f"(?<!{kind})(?<!{kind}公告)" for kind in (*LATER_NOTICE_KINDS, *other_kinds))
    # (本项目招标公告于2026年3月16日发布: the day named before its verb, which must follow; ……于2025年8月4日发布招标公告:
    # the day before the verb and the notice, which must follow it)
    return compile_regex(rf"(?:{not_later}(?:公告)?(?:发布|刊登)(?:日期|时间)[：为]?\s*"
                         rf"|(?P<on>(?:招标|采购|磋商|谈判|询价|本)公告(?:已)?于)|(?P<before>于))(?P<date>{_DATE})"
                         r"(?(on)(?=[^。；，]{0,24}?(?:发布|刊登|公开|发出)))"
                         r"(?(before)(?=(?:[（(][^）)]{0,8}[）)])?(?:发布|刊登)(?:了)?(?:招标|采购|磋商|谈判|询价|竞争性磋商|竞争性谈判)公告))")


_PUBLISHED = publication_date_pattern()
# 磋商文件自2026年5月11日开始发出 / 询价通知书发出时间：2026年7月13日 — the day the documents are issued, in a block or
# in the heading above it: the response period runs from it
# (招标文件自2026年7月6日起开始发出 / 谈判文件发出之日为2026年11月9日 / 招标文件开始提供时间为2026年7月1日: both words of the
# start, the day named as a day)
# (询价通知书于2026年3月6日（星期五）17时发出 / 磋商文件于2026年3月9日起在阜阳市公共资源交易平台发布 / 谈判文件于2026年11月23日
# 上午发出: a weekday, a part of the day, an hour or the platform between the day and the verb; 谈判文件发出：2026年3月6日 /
# 磋商文件发出日为2026年6月8日: a label and its day; 招标文件提供时间自2026年4月28日开始: its first day)
_ISSUED = compile_regex(rf"(?:招标|磋商|谈判|采购|询价)(?:文件|通知书)(?:自|于)(?P<date>{_DATE}){_WEEKDAY}"
                        r"(?:上午|下午)?(?:\d{1,2}(?:时|点|:|：)(?:\d{1,2}分?)?)?(?:起)?(?:开始)?(?:在[^。；，]{2,20}?(?:平台|网站|网))?"
                        r"(?:上)?(?:正式)?(?:发出|发售|提供|发布|公布)"
                        rf"|(?:招标|磋商|谈判|采购|询价)(?:文件|通知书)(?:的)?(?:开始)?(?:发出|发售|提供)(?:(?:时间|日期|之日|日)[：为是|]?|[：|])\s*(?:自|从)?(?P<stated>{_DATE}|{_SHORT_DATE})")
# 并于2021年12月16日13点30分（北京时间）前提交响应文件 (the 50号 notice's overview) / 首次响应文件须于2026年12月4日
# 14:30前提交 (the documents named first)
# (not the day the documents went out, named before the deadline: 于11月23日发出，供应商须于11月30日前提交)
_DEADLINE_IN_OVERVIEW = compile_regex(rf"于(?:次日|当日|同日)?即?(?P<date>{_DATE}|{_SHORT_DATE})"
                                      r"(?:(?!于|发出|发布|发售)[^。；]){0,24}?前(?:提交|递交|上传)[^。；]{0,6}?(?:响应|投标)文件")
_DEADLINE_NAMED_FIRST = compile_regex(rf"(?:响应|投标|报价)文件[^。；，]{{0,6}}?于(?P<date>{_DATE})[^。；，]{{0,24}}?前"
                                      r"(?:提交|递交|上传)")
_OPENING_DATE = compile_regex(rf"(?P<date>{_DATE})")  # used with match(): the normalised text has no leading spaces
# 资格预审公告 > 四、资格预审申请文件的提交: a deadline for applications to pre-qualify, not for bids
_PREQUALIFICATION = compile_regex(r"资格预审")
# The last resort: a heading of a tender's documents (投标邀请, 招标公告, 投标人须知) means a tender.
_TENDER_DOCUMENT_NAMES = r"招标公告|招标文件"
_TENDER_HEADING = compile_regex(rf"投标邀请|{_TENDER_DOCUMENT_NAMES}|投标人须知")
# ... and, with no method stated or named anywhere, a text naming a tender's documents (a ruling's or a reply's)
_TENDER_DOCUMENTS = compile_regex(_TENDER_DOCUMENT_NAMES)
_METHOD_NAMED = compile_regex(r"(?:进行|组织|实行|开展)(?P<method>公开招标|竞争性磋商|竞争性谈判|询价)")
_YEAR = compile_regex(r"(?:19|20)\d{2}\s?年|[１２][０-９]{3}年|[〇零一二][〇零一二三四五六七八九]{3}年")


def _states_year(text: str) -> bool:
    """Whether the text holds a year (2026年, ２０２６年, 二〇二六年). 年 is looked for first: most blocks of a long
    document have none, and a search for a character costs a fraction of the pattern's."""
    return "年" in text and _YEAR.search(text) is not None


_LEAD_WORDS = 16  # characters before 截止时间 that say what ends then (报名截止, 投标截止 …)
# A block that may state the window: a date, then a range word, or a start time (read before anything is
# normalised, so in traditional forms too).
_MAY_STATE_RANGE = compile_regex(r"[\d一二三四五六七八九十]\s?日[^。；]{0,24}?[至到—－~～]|(?:开始|開始|起始)(?:时间|時間|日期)|期限"
                                 r"|(?:发布|發布)(?:日期|时间|時間)|(?:发出|發出|发售|发布|發布|公布|提供)")

if TYPE_CHECKING:
    from procdocs.law.workdays import WorkCalendar


@cache
def _calendar() -> WorkCalendar:
    from procdocs.law.workdays import WorkCalendar  # the holiday data, only for a document with dates to judge

    return WorkCalendar()


def _parse(text: str, after: date | None = None) -> date | None:
    """A date written 2026年1月18日, or its short forms 1月21日 / 21日 after `after`."""
    if re.fullmatch(_CN_DATE, text):
        return to_date(text)
    numbers = [int(part) for part in re.findall(r"\d+", text)]  # 2019年 7月4日: spaces are no digits
    if not numbers:  # 三月六日 / 六日, the short end in Chinese numerals
        numbers = [int(value) for part in re.findall(_CN_DAY_NUMBER, text) if (value := to_number(part)) is not None]
    try:
        if len(numbers) == 3:
            return date(*numbers)
        if after is None:
            return None
        if len(numbers) == 2:
            found = date(after.year, *numbers)
            return found if found >= after else date(after.year + 1, *numbers)
        return date(after.year, after.month, numbers[0])
    except ValueError:
        return None


def _date_before(text: str, end: int) -> date | None:
    """The last full date the text states before `end`: the year of a short date after it (11月24日)."""
    dates = [parsed for found in re.finditer(_DATE, text[:end]) if (parsed := _parse(found.group())) is not None]
    return dates[-1] if dates else None


def _in_year_of(short: str | None, anchor: date | None) -> date | None:
    """A day written without its year (询价通知书发出日为3月9日), in the year of a full date the text states
    (the deadline's, 2026年3月11日): a step of the same procedure, never a year apart."""
    return _parse(short, date(anchor.year, 1, 1)) if short is not None and anchor is not None else None


class _Found:
    """A date the document states, with where it is (block and span of the original text)."""

    def __init__(self, block: Block, text: NormalizedText, start: int, end: int, value: date) -> None:
        self.block = block
        self.span = text.original_span(start, end)
        self.value = value


def _method(blocks: list[Block], normalized: Normalizer, facts: checks.DocumentFacts | None) -> str | None:
    """The document's method: stated (`facts`, the whole document's, which the lint has already collected),
    named by a heading or in a sentence (read in simplified characters: 招標文件 names a tender too), or a
    tender's heading."""
    facts = facts if facts is not None else checks.collect_facts(blocks, normalized)
    if facts.method is not None:
        return method_key(facts.method)
    for block in blocks:
        for raw in (*block.headings, block.text):
            text = normalized(raw).text
            # (the method in brackets is read in the original text: the canonical one leaves a bracketed note out)
            named = checks.method_named(text) or checks.method_named(raw)
            if named is None and (match := _METHOD_NAMED.search(text)):
                named = match["method"]
            if named is not None:
                return method_key(named)
    if any(_TENDER_HEADING.search(normalized(heading).text) for block in blocks for heading in block.headings):
        return checks.TENDER_METHOD
    # 投诉事项四：……获取招标文件时间为2026年3月17日至2026年3月19日……: a ruling on a tender names its documents in the text
    if any(_TENDER_DOCUMENTS.search(normalized(block.text).text) for block in blocks):
        return checks.TENDER_METHOD
    return None


def _deadline(text: str, context: str) -> re.Match[str] | None:
    """The response deadline the text states: in a 50号 overview, or a 截止时间 that is not the end of
    obtaining the documents (报名截止时间) and sits in a block or clause about submitting."""
    if match := _DEADLINE_IN_OVERVIEW.search(text) or _DEADLINE_NAMED_FIRST.search(text):
        return match
    for match in _DEADLINE.finditer(text):
        before = text[max(0, match.start() - _LEAD_WORDS):match.start()]
        clause = re.split(r"[。；]", before)[-1]
        if _OBTAINING.search(clause):
            continue
        if _SUBMITTING.search(clause + match.group()) or _SUBMITTING.search(context):
            return match
    # 四、提交投标文件截止时间、开标时间和地点 > 2026年6月15日9时00分（北京时间）；…: the date the block opens with,
    # under a heading that names the deadline
    headings = context[:max(0, len(context) - len(text))]
    if (opening := _OPENING_DATE.match(text)) and _SUBMITTING.search(headings) and not _OBTAINING.search(headings):
        return opening
    return None


def _read_under(block: Block, text: NormalizedText, normalized: Normalizer) -> str:
    """The block's text after what it is read under: its headings and, in a table, the cells to its left (a
    前附表's row: 磋商文件发售期限 | 2026年4月7日至2026年4月9日)."""
    row = normalized(block.context).text + " " if block.context else ""
    return normalized(" > ".join(block.headings)).text + " " + row + text.text


def _deadline_found(block: Block, text: NormalizedText, context: str) -> _Found | None:
    """The response deadline the block states (_deadline), a day without its year in the year of the date
    before it."""
    if (match := _deadline(text.text, context)) and (value := _parse(match["date"], _date_before(
            text.text, match.start("date")))):
        return _Found(block, text, *match.span("date"), value)
    return None


@dataclass(frozen=True)
class _StatedLength:
    """A period the document states by its length: what it is the length of (a milestone), where."""

    milestone: str
    block: Block
    span: tuple[int, int]
    count: int
    unit: str


# 原公告“公示期限：……”更正为“公示期限：……”: the wording in force is the one after the last of these words
_CORRECTED = compile_regex(r"(?:更正|修改|变更|调整|更改)为")


def _stated_range(block: Block, text: NormalizedText, match: re.Match[str] | None) -> tuple[_Found, _Found] | None:
    """The first and last day of a range the block states (a match of _RANGE or _START_AND_END), if they are days
    in order."""
    if match is None:
        return None
    first = _parse(match["start"])
    last = _parse(match["end"], first) if first else None
    if not (first and last and last >= first):
        return None
    return _Found(block, text, *match.span("start"), first), _Found(block, text, *match.span("end"), last)


def _corrected_from(text: str) -> int:
    """Where the wording in force starts: after the last 更正为 of a correction, else at the start."""
    ends = [match.end() for match in _CORRECTED.finditer(text)]
    return ends[-1] if ends else 0


def _heading_names_period(block: Block) -> bool:
    """Whether the heading right above the block names a period (五、公告期限)."""
    return bool(block.headings) and "期" in block.headings[-1]


def _under_period(block: Block) -> bool:
    """Whether the heading right above the block, or the row's cells to its left, name a period (五、公告期限 /
    | 公告期限 | 自本公告发布之日起3个工作日 |)."""
    return _heading_names_period(block) or "期" in block.context


def _stated_lengths(block: Block, text: NormalizedText, normalized: Normalizer) -> list[_StatedLength]:
    """The notice period and the document window the block states by their length, if any."""
    found = []
    # the heading right above, when it names a period, and a table row's cells to the block's left (| 获取磋商文件时间 |
    # 自本公告发布之日起3个工作日 |)
    heading = (normalized(block.headings[-1]).text if _heading_names_period(block) else "") + " " \
        + (normalized(block.context).text if block.context else "")
    for milestone, what in (("notice_end", _NOTICE_PERIOD), ("document_period_end", _DOCUMENT_PERIOD),
                            ("publicity_end", _PUBLICITY_PERIOD)):
        named = what.search(text.text)
        if named is None:
            # 五、公告期限 > 自本公告发布之日起3个工作日: the period named by the heading right above the block
            if not what.search(heading) or _RANGE.search(text.text):
                continue
            length = _LENGTH_UNDER_HEADING.search(text.text)
        elif _RANGE.search(text.text, named.end()) and (
                milestone != "notice_end" or _LENGTH.search(text.text, named.start()) is None):
            # a window or a publicity stated by its dates is judged by them; a notice period stated by its length
            # with its dates after it (公告期限：……公告3个工作日，即8月10日至8月13日) by the length it states
            continue
        elif milestone == "notice_end" and _LATER_NOTICE_NAMED.search(
                text.text, max(0, named.start() - _LATER_NOTICE_REACH), named.start()):
            continue  # the result's or the correction's notice, whose periods differ
        else:
            length = _LENGTH.search(text.text, named.start()) or _LENGTH_FROM_DAY.search(text.text, named.start())
        count = to_number(length["count"]) if length is not None else None
        if length is not None and count:
            found.append(_StatedLength(milestone, block, text.original_span(*length.span()), int(count), length["unit"]))
    return found


# 提交投标文件截止时间：自招标文件开始发出之日起第十五日上午九时三十分: the response deadline stated as a day counted from the
# documents' issue — the period the law measures (政府采购法第三十五条: 自招标文件开始发出之日起至……截止之日止), stated by its length.
# 第N日 is read as N days, the longest it can mean, so that only a period certainly too short is reported.
_RELATIVE_DEADLINE = compile_regex(r"自[^。；，]{0,12}?(?:文件|公告)?(?:开始)?(?:发出|发售|发布|发放|提供)之日起(?:第)?" + _COUNT_AND_UNIT)


def _relative_deadline(block: Block, text: NormalizedText) -> _StatedLength | None:
    """The response deadline the block states as a number of days from the documents' issue, if any: the
    block itself names the deadline (截止时间：自……第十五日), not only a heading above it."""
    if "之日起" not in text.text or not _SUBMITTING.search(text.text):
        return None
    length = _RELATIVE_DEADLINE.search(text.text)
    count = to_number(length["count"]) if length is not None else None
    if length is None or not count:
        return None
    return _StatedLength("earliest_deadline", block, text.original_span(length.start("count"), length.end("unit")),
                         int(count), length["unit"])


def _working_days(calendar: WorkCalendar, first: date, last: date) -> tuple[int, bool]:
    """The working days from `first` to `last`, both counted, and whether any day is provisional."""
    count, provisional, day = 0, False, first
    while day <= last:
        state = calendar.day(day)
        count += state.work
        provisional |= state.provisional
        day += timedelta(days=1)
    return count, provisional


def _holds(calendar: WorkCalendar, rule: Limit, first: date, last: date, *, span: bool = False) -> bool | None:
    """Whether a period from `first` to `last` meets `rule` (None: it cannot be told yet). A window (the days
    the documents are offered) counts its first day; a span between two events (`span`: from the documents'
    issue to the response deadline) counts the working days after the day of issue, as the tool's own
    deadlines do (the N-th working day after it, procdocs.law.workdays)."""
    if rule.unit == "工作日":
        if span:
            first += timedelta(days=1)
        if (last - first).days + 1 < rule.value:
            return False  # fewer days in all than the working days asked: no calendar of a year not yet published helps
        count, provisional = _working_days(calendar, first, last)
        return None if provisional and count < rule.value else count >= rule.value
    return (last - first).days >= rule.value


def procedure_periods(blocks: list[Block], normalized: Normalizer = normalize,
                      facts: checks.DocumentFacts | None = None) -> list[DetectorHit]:
    """A hit where the window for obtaining the documents, the time to the response deadline, the notice
    period, a single source's publicity or a pre-qualification's application period is shorter than the law's
    minimum for the document's method. `normalized`: the lint's memoised normalize, which the rules share;
    `facts`: the whole document's (collected from `blocks` when not given)."""
    if not any(_MAY_STATE_RANGE.search(block.text) or any(_MAY_STATE_RANGE.search(heading) for heading in block.headings)
               for block in blocks if "年" in block.text or "期" in block.text or "之日起" in block.text
               or _under_period(block)):
        return []
    window: tuple[_Found, _Found] | None = None
    publicity: tuple[_Found, _Found] | None = None
    deadline: _Found | None = None
    published: _Found | None = None
    issued: date | None = None
    lengths: list[_StatedLength] = []
    for block in blocks:
        relative = "之日起" in block.text  # 截止时间：自招标文件开始发出之日起第十五日
        # (a length counted from a day may name its period without 期: 获取招标文件时间：自本公告发布之日起3个工作日内)
        dated, period = _states_year(block.text), "期" in block.text or relative or _under_period(block)
        if not (dated or period or relative):  # most blocks state none: they are not normalised again
            continue
        text = normalized(block.text)
        if period:
            lengths += _stated_lengths(block, text, normalized)
        if relative and (stated_deadline := _relative_deadline(block, text)) is not None:
            lengths.append(stated_deadline)
        if not dated:
            continue
        context = _read_under(block, text, normalized)
        if window is None and _OBTAINING.search(context):
            window = _stated_range(block, text, _window_range(text.text))
        if publicity is None and _PUBLICITY_PERIOD.search(context):
            publicity = _stated_range(block, text, _RANGE.search(text.text, _corrected_from(text.text)))
        if deadline is None:
            deadline = _deadline_found(block, text, context)
        if published is None and (match := _PUBLISHED.search(text.text)) and (value := _parse(match["date"])):
            published = _Found(block, text, *match.span("date"), value)
        if issued is None and (match := _ISSUED.search(context)):
            issued = (_parse(match["date"] or match["stated"])
                      or _in_year_of(match["stated"], _date_before(context, len(context))))
    if (window is None and publicity is None and not lengths
            and ((published is None and issued is None) or deadline is None)):
        return []
    if deadline is not None and _PREQUALIFICATION.search(" > ".join(deadline.block.headings)):
        return _prequalification(published, deadline)
    method = _method(blocks, normalized, facts)
    if method is None:  # a method without these milestones (单一来源) has no limits below: nothing is judged
        return []
    hits = []
    for stated in lengths:
        rule = milestone_limit(method, stated.milestone)
        if rule is not None and rule.certainly_missed_by(stated.count, stated.unit):
            what = {"notice_end": "公告期限", "publicity_end": "公示期限",
                    "earliest_deadline": "自采购文件发出之日起至提交截止的期限"}.get(stated.milestone, "获取采购文件的期限")
            written = f"{stated.count}个工作日" if stated.unit == "工作日" else f"{stated.count}{stated.unit}"
            hits.append(_hit(stated.block, stated.span, what, written, rule))
    publicity_rule = milestone_limit(method, "publicity_end")
    if publicity is not None and publicity_rule is not None and not any(stated.milestone == "publicity_end"
                                                                         for stated in lengths):
        first, last = publicity
        if _holds(_calendar(), publicity_rule, first.value, last.value) is False:
            hits.append(_hit(last.block, last.span, "公示期限", f"{format_date(first.value)}至{format_date(last.value)}",
                             publicity_rule))
    if window is None:
        return hits + _response_from_issue(method, issued, published, deadline)
    calendar = _calendar()
    first, last = window
    document_rule = milestone_limit(method, "document_period_end")
    if document_rule is not None and _holds(calendar, document_rule, first.value, last.value) is False:
        window_stated = f"{format_date(first.value)}至{format_date(last.value)}"
        hits.append(_hit(last.block, last.span, "获取采购文件的期限", window_stated, document_rule))
    response_rule = milestone_limit(method, "earliest_deadline")
    if (deadline is not None and response_rule is not None and deadline.value >= first.value
            and _holds(calendar, response_rule, first.value, deadline.value, span=True) is False):
        hits.append(_hit(deadline.block, deadline.span, "提交响应文件的截止时间",
                         f"文件自{format_date(first.value)}起发出，{format_date(deadline.value)}截止", response_rule))
    return hits


# 投标截止时间及开标时间不变，仍为2026年6月18日9时30分 / 响应文件提交截止时间不作调整：2026年7月2日: the deadline a
# correction keeps
# (the words that keep it are the rules' concept DEADLINE_KEPT, expanded on first use)
_DEADLINE_KEPT_SOURCES = (
    "截止(?:时间|日期)?(?:[及和、]开标(?:时间|日期))?(?:[及和、](?:开标)?地点)?[^。；]{0,6}?"
    "(?:{DEADLINE_KEPT})[^。；\\d]{0,8}?(?P<date>" + _DATE + ")",
    # 截止时间仍为2026年8月21日（星期五）9:00，不作顺延 / 但投标截止时间仍为2026年8月31日 (仍为 alone keeps it: the date is
    # the one the documents set)
    # (仍为6月13日: a ruling that leaves out the year, the correction's)
    "截止(?:时间|日期)?(?:[及和、]开标(?:时间|日期))?[^。；\\d]{0,4}?(?:仍为|仍然为|仍是|仍定于|仍于)"
    "(?P<date>" + _DATE + "|" + _SHORT_DATE + ")",
    # 首次响应文件提交截止时间为2026年8月27日；澄清内容仅为……，故不予顺延 (a reply to a challenge: the date, then why it stays)
    "截止(?:时间|日期)(?:为|是)(?P<date>" + _DATE + ")[^。]{0,60}?(?:故|因此|所以|则)?(?:{DEADLINE_KEPT})",
    # 投标截止及开标时间（2026年11月16日9时30分）保持不变 (the date in brackets, the words that keep it after)
    "截止(?:时间|日期)?(?:[及和、]开标(?:时间|日期)?)?(?:时间|日期)?[（(](?P<date>" + _DATE + ")[^）)]{0,12}[）)](?:{DEADLINE_KEPT})",
)
# 更正日期：2026年6月10日 / 澄清发布日期：… (the day the correction is issued)
# 本澄清于2026年8月20日（星期四）发出 (the day stated as when it went out)
_CORRECTION_DATES = (
    compile_regex(rf"(?:更正|澄清|修改|变更)(?:公告)?(?:发布|发出)?(?:日期|时间)[：为]?\s*(?P<date>{_DATE})"),
    # (谈判文件澄清（第1号）于2026年2月12日发布: its number in brackets)
    compile_regex(rf"(?:更正|澄清|修改|变更)(?:公告|通知|文件|函)?(?:（第[^）]{{1,3}}号）)?(?:已)?于(?P<date>{_DATE}){_WEEKDAY}"
                  r"[^。；，\d]{0,6}?(?:发出|发布|公布|印发|发送|公告)"),
    # 2026年2月12日对谈判文件第三章作出修改 (the day, then the documents it changed)
    compile_regex(rf"(?P<date>{_DATE}){_WEEKDAY}(?:，)?对[^。；]{{0,6}}?(?:招标|磋商|谈判|采购|询价)文件[^。；，]{{0,12}}?"
                  r"(?:作出|作了|进行了?)(?:修改|澄清|更正|变更)"),
    # 第一次澄清公告（2026年11月17日发布）：对……作出修改 (the day in brackets after the notice's name)
    compile_regex(rf"(?:更正|澄清|修改|变更)(?:公告|通知|文件|函)[（(](?P<date>{_DATE})(?:发布|发出|印发|公布)?[）)]"),
    # 采购代理机构于2026年8月21日发布澄清公告 (the day first, then the notice it issued) / 2026年8月14日发出的第1号澄清文件将……
    # 调整为30分 (the day as the notice's attribute)
    compile_regex(rf"(?P<date>{_DATE}){_WEEKDAY}(?:发出|发布|公布|印发|发送)(?:了|的)?(?:第.{{1,3}}?号|第.次)?(?:更正|澄清|修改|变更)"
                  r"(?:公告|通知|文件|函)?"),
)
# what the correction changes in the documents (not a date or a phone number alone): 由“≥20幅/秒”修改为“≥30幅/秒”,
# 对第五章技术参数第5.2项作出修改
# (本磋商文件的澄清、修改于……发出: a modification of the documents themselves)
_CHANGE_VERBS = ("修改", "更正", "更改", "调整", "变更", "增加", "删除", "补充", "取消")  # every match of _CHANGES_CONTENT holds one
_CHANGE_VERB = "(?:修改|更改|调整|变更)"
_CHANGED_PART = "(?:参数|指标|要求|需求|内容|配置|条款|标准|数量|分值|评分|清单)"
_CHANGES_CONTENT = compile_regex(r"(?:修改|更正|调整|变更)为|(?:作出|作了|进行了?|予以)(?:修改|更正|调整|变更)|增加|删除|补充|取消"
                                 r"|(?:招标|磋商|谈判|采购|询价)文件(?:的)?(?:澄清(?:、|和|及|或)?)?修改"
                                 # (修改云主机vCPU与内存配比等技术参数: what the notice changed, named after the verb; 本次更正涉及
                                 # 采购需求技术参数修改: or before it)
                                 # (技术要求第2.4条灭菌监测频次修改: the item of the part named between)
                                 rf"|{_CHANGE_VERB}[^。；，]{{0,16}}?{_CHANGED_PART}|{_CHANGED_PART}[^。；，]{{0,12}}?(?:的)?{_CHANGE_VERB}(?!为)")
# The first characters of the verbs, one of which a text must hold to change content: most blocks hold none, and
# looking for a character costs a fraction of the pattern's search.
_CHANGE_CHARACTERS = compile_regex("[" + "".join(dict.fromkeys(verb[0] for verb in _CHANGE_VERBS)) + "]")


def _changes_content(text: str) -> bool:
    """Whether the text says a correction changes the documents' content (_CHANGES_CONTENT)."""
    return _CHANGE_CHARACTERS.search(text) is not None and _CHANGES_CONTENT.search(text) is not None


# (within the clause that says what changed: 截止时间为……；澄清内容仅为评分标准第5项分值由6分调整为10分 changes content)
_DATES_ONLY = compile_regex(r"^[^“”\"]*?(?:时间|日期|联系人|联系电话|电话|地址)[^“”\"，。；]*?"
                            r"(?:(?:修改|更正|调整|变更)为|(?:作出|作了|进行了?|予以)(?:修改|更正|调整|变更))")


# 投标截止时间由2026年11月9日9时30分顺延至2026年11月16日9时30分: a deadline moved, but maybe not far enough (87号令第二十七条:
# the new deadline must itself leave the lead after the correction)
_DEADLINE_MOVED = compile_regex(r"截止(?:时间|日期)?(?:[及和、]开标(?:时间|日期))?(?:由[^。；]{0,30}?)?(?:顺延|延期|推迟|延长|调整|变更)至"
                                rf"(?P<date>{_DATE})")


@cache
def _deadline_kept() -> tuple[re.Pattern[str], ...]:
    return tuple(compile_regex(expand(source)) for source in _DEADLINE_KEPT_SOURCES)


def _first_match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    """The match of the first of the patterns that matches the text."""
    return next((match for pattern in patterns if (match := pattern.search(text))), None)


# 首次响应文件提交截止时间不变 / 投标截止时间及开标时间不作调整: the deadline kept, its day not written here
_DEADLINE_KEPT_UNDATED_SOURCE = (r"截止(?:时间|日期)?(?:[及和、]开标(?:时间|日期))?(?:[及和、](?:开标)?地点)?[^。；\d]{0,6}?"
                                 r"(?:{DEADLINE_KEPT})")


@cache
def _deadline_kept_undated() -> re.Pattern[str]:
    return compile_regex(expand(_DEADLINE_KEPT_UNDATED_SOURCE))


@dataclass(frozen=True)
class _Correction:
    """What a correction notice states: the day it is issued, whether it changes the documents' content, and
    the deadline it keeps with its day, moves to a day, or keeps without saying the day."""

    corrected: date | None
    changes: bool
    kept: tuple[Block, NormalizedText, re.Match[str]] | None
    moved: tuple[Block, NormalizedText, re.Match[str]] | None
    undated: tuple[Block, NormalizedText, re.Match[str]] | None


def _read_correction(blocks: list[Block], normalized: Normalizer) -> _Correction:
    corrected: date | None = None
    published: date | None = None  # 本公告发布日期为……: a correction notice's own day, stated as any notice's
    kept = moved = undated = None
    changes = False
    for block in blocks:
        if "截止" not in block.text and not _states_year(block.text) and not _changes_content(block.text):
            continue
        text = normalized(block.text)
        changes |= _changes_content(text.text) and not _DATES_ONLY.search(text.text)
        if corrected is None and (match := _first_match(_CORRECTION_DATES, text.text)):
            corrected = _parse(match["date"])
        if (published is None and _changes_content(text.text)
                and (match := _PUBLISHED.search(text.text))):
            published = _parse(match["date"])
        if kept is None and (match := _first_match(_deadline_kept(), text.text)):
            kept = block, text, match
        if kept is None and moved is None and (match := _DEADLINE_MOVED.search(text.text)):
            moved = block, text, match
        if undated is None and (match := _deadline_kept_undated().search(text.text)):
            undated = block, text, match
    return _Correction(corrected or published, changes, kept, moved, undated)


def _stated_deadline(blocks: list[Block], normalized: Normalizer) -> _Found | None:
    """The response deadline the document states anywhere, as procedure_periods reads it."""
    for block in blocks:
        if not _states_year(block.text):
            continue
        text = normalized(block.text)
        if found := _deadline_found(block, text, _read_under(block, text, normalized)):
            return found
    return None


def _correction_leads_for(blocks: list[Block], normalized: Normalizer, facts: checks.DocumentFacts | None,
                          text: NormalizedText, kept: re.Match[str]) -> list[Limit]:
    """The clarification leads a correction is held to: its method's — the document's, or a tender's where the
    words that keep the deadline say 投标 — or, not knowing it, every method's."""
    tender = "投标" in text.text[max(0, kept.start() - _LEAD_WORDS):kept.end()]
    method = _method(blocks, normalized, facts) or (checks.TENDER_METHOD if tender else None)
    return [lead for _, lead in checks.clarification_leads(method)]


def correction_leads(blocks: list[Block], normalized: Normalizer = normalize,
                     facts: checks.DocumentFacts | None = None) -> list[DetectorHit]:
    """A hit where a correction of the documents' content is issued fewer days before the deadline than the
    method's clarification lead, and the deadline is kept (87号令第二十七条: not enough days, the deadline
    moves) — its day stated with the words that keep it, or, where they leave it out (截止时间不变), elsewhere
    in the document. The method is the document's, or a tender where the kept deadline is a 投标 one; without
    one, only a lead shorter than every method's is reported."""
    correction = _read_correction(blocks, normalized)
    if correction.corrected is None or not correction.changes:
        return []
    corrected = correction.corrected
    if correction.kept is not None:
        (block, text, match), deadline_words = correction.kept, "截止时间不变，仍为"
        deadline = _parse(match["date"], corrected)
        span = text.original_span(*match.span("date"))
    elif correction.moved is not None:
        (block, text, match), deadline_words = correction.moved, "截止时间顺延至"
        deadline = _parse(match["date"], corrected)
        span = text.original_span(*match.span("date"))
    elif correction.undated is not None and (stated := _stated_deadline(blocks, normalized)) is not None:
        (block, text, match), deadline_words = correction.undated, "截止时间不变，仍为"
        deadline, span = stated.value, text.original_span(*match.span())
    else:
        return []
    if deadline is None or deadline < corrected:
        return []
    # short of the method's lead, or, not knowing the method, of every method's (reported as the shortest)
    leads = _correction_leads_for(blocks, normalized, facts, text, match)
    if not leads or not all(_holds(_calendar(), lead, corrected, deadline, span=True) is False for lead in leads):
        return []
    rule = min(leads, key=lambda lead: lead.value)
    return [_hit(block, span, "澄清或者修改", f"{format_date(corrected)}发出，{deadline_words}{format_date(deadline)}", rule)]


def correction_deadline_unstated(blocks: list[Block], normalized: Normalizer = normalize,
                                 facts: checks.DocumentFacts | None = None) -> list[DetectorHit]:
    """A hit where a correction of the documents' content, issued on a stated day, keeps the deadline without
    saying when it is, and the document states it nowhere: whether the method's clarification lead is left
    (87号令第二十七条) cannot be told from the text, and a reviewer must look it up before the notice goes out."""
    correction = _read_correction(blocks, normalized)
    if (correction.corrected is None or not correction.changes or correction.undated is None
            or correction.kept is not None or correction.moved is not None
            or _stated_deadline(blocks, normalized) is not None):
        return []
    block, text, match = correction.undated
    leads = _correction_leads_for(blocks, normalized, facts, text, match)
    if not leads:
        return []
    return [_hit(block, text.original_span(*match.span()), "澄清或者修改",
                 f"{format_date(correction.corrected)}发出，截止时间不变", min(leads, key=lambda lead: lead.value))]


def _prequalification(published: _Found | None, deadline: _Found) -> list[DetectorHit]:
    """A 资格预审公告's deadline for the applications, against the days since the notice (条例第二十一条);
    the notice's other periods are the tender's, judged when its own documents are."""
    rule = limit("open_tender.prequalification_period")
    if published is None or deadline.value < published.value:
        return []
    # A span between two events, as the response period is: the working days after the day of publication
    # (民法典第二百零一条: 开始的当日不计入), not a window of days listed with its first.
    if _holds(_calendar(), rule, published.value, deadline.value, span=True) is not False:
        return []
    return [_hit(deadline.block, deadline.span, "提交资格预审申请文件的截止时间",
                 f"公告于{format_date(published.value)}发布，{format_date(deadline.value)}截止", rule)]


def _response_from_issue(method: str, issued: date | None, published: _Found | None, deadline: _Found | None
                         ) -> list[DetectorHit]:
    """Without the documents' window, the day they are stated to be issued or else the notice's date: the
    documents are issued on it at the earliest, so a deadline too close to it is too close to their issue."""
    response_rule = milestone_limit(method, "earliest_deadline")
    start = issued if issued is not None else published.value if published is not None else None
    if start is None or deadline is None or response_rule is None or deadline.value < start:
        return []
    if _holds(_calendar(), response_rule, start, deadline.value, span=True) is not False:
        return []
    stated = (f"文件自{format_date(start)}起发出" if issued is not None else f"公告于{format_date(start)}发布")
    return [_hit(deadline.block, deadline.span, "提交响应文件的截止时间", f"{stated}，{format_date(deadline.value)}截止",
                 response_rule)]


def _hit(block: Block, span: tuple[int, int], what: str, stated: str, rule: Limit) -> DetectorHit:
    start, end = span
    return DetectorHit(block, start, end, {"what": what, "stated": stated, "rule": rule.rule,
                                           "limit_basis": rule.basis})
